//! One error type for everything a server function can answer. Details of database and IO
//! failures are logged on the server; the user gets a short, translated message.

use crate::domain::{OpError, PersonaError};
use crate::i18n::Messages;
use http::StatusCode;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    /// The thing asked for does not exist (or the asker may not know it does).
    #[error("not found")]
    NotFound,
    /// An edit broke a rule of the map.
    #[error("refused: {0}")]
    Refused(OpError),
    /// A persona was not valid, or cannot be deleted yet.
    #[error("persona refused: {0:?}")]
    Persona(PersonaError),
    /// A custom channel was not valid, or cannot be deleted yet.
    #[error("channel refused: {0:?}")]
    Channel(crate::domain::channel::ChannelError),
    /// A client segment was not valid, cannot be deleted yet, or is not on the list.
    #[error("segment refused: {0:?}")]
    Segment(crate::domain::segment::SegmentError),
    /// A file to import cannot be read or describes an invalid map.
    #[error("import refused: {0}")]
    Import(crate::domain::ImportError),
    /// The request needs a signed-in person.
    #[error("sign in first")]
    Unauthorized,
    /// The person's role does not allow this.
    #[error("not allowed for your role")]
    Forbidden,
    /// An account request was refused (wrong password, throttled, invalid link …).
    #[error("account: {0:?}")]
    Auth(crate::domain::AuthError),
    /// Customer feedback could not be read or stored.
    #[error("feedback refused: {0:?}")]
    Feedback(crate::domain::feedback::FeedbackError),
    /// A review cadence or note was refused.
    #[error("review refused: {0:?}")]
    Review(crate::domain::review::ReviewError),
    /// A comment was refused (empty, too long, not the author's …).
    #[error("comment refused: {0:?}")]
    Comment(crate::domain::comment::CommentError),
    /// A version or restore was refused.
    #[error("history: {0:?}")]
    History(crate::domain::history::HistoryError),
    /// A workshop request was refused (a vote, a guest joining).
    #[error("workshop: {0:?}")]
    Workshop(crate::domain::facilitation::WorkshopError),
    /// A request field is missing or malformed.
    #[error("invalid {field}")]
    Invalid { field: String },
    /// The database cannot be reached right now.
    #[error("the database is unavailable")]
    Unavailable,
    /// The server is doing as much of this (drawing pictures) as it takes at once.
    #[error("busy; retry after {retry_after_secs} s")]
    Busy { retry_after_secs: u32 },
    /// Something failed on the server; the log has the details.
    #[error("internal error")]
    Internal,
    /// The request did not reach the server or its answer could not be read.
    #[error("network: {0}")]
    Network(String),
}

impl AppError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Refused(_)
            | AppError::Persona(_)
            | AppError::Channel(_)
            | AppError::Segment(_)
            | AppError::Import(_)
            | AppError::Review(_)
            | AppError::Workshop(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::History(e) => match e {
                crate::domain::history::HistoryError::NotFound => StatusCode::NOT_FOUND,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            },
            AppError::Comment(e) => match e {
                crate::domain::comment::CommentError::NotFound => StatusCode::NOT_FOUND,
                crate::domain::comment::CommentError::NotYours => StatusCode::FORBIDDEN,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            },
            AppError::Feedback(e) => match e {
                crate::domain::feedback::FeedbackError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                crate::domain::feedback::FeedbackError::Unreadable => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            },
            AppError::Invalid { .. } => StatusCode::BAD_REQUEST,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Auth(e) => match e {
                crate::domain::AuthError::WrongCredentials => StatusCode::UNAUTHORIZED,
                crate::domain::AuthError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
                crate::domain::AuthError::LinkInvalid => StatusCode::NOT_FOUND,
                crate::domain::AuthError::SignupClosed | crate::domain::AuthError::SetupCodeWrong => {
                    StatusCode::FORBIDDEN
                }
                crate::domain::AuthError::AlreadySetUp | crate::domain::AuthError::EmailTaken => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            },
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Busy { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Network(_) => StatusCode::BAD_GATEWAY,
        }
    }

    /// The message a user reads, in their language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            AppError::NotFound => t.err_not_found.to_owned(),
            AppError::Refused(e) => t.op_error(e),
            AppError::Persona(e) => t.persona_error(e),
            AppError::Channel(e) => t.channel_error(e),
            AppError::Segment(e) => t.sg.error(e),
            AppError::Import(e) => t.import_error(e),
            AppError::Review(e) => t.review_error(e),
            AppError::Feedback(e) => t.feedback_error(e),
            AppError::Comment(e) => t.comment_error(e),
            AppError::History(e) => t.history_error(e),
            AppError::Workshop(e) => t.ws.error(e),
            AppError::Invalid { field } => t.err_invalid.replace("{field}", field),
            AppError::Unauthorized => t.acc.err_unauthorized.to_owned(),
            AppError::Forbidden => t.acc.err_forbidden.to_owned(),
            AppError::Auth(e) => t.auth_error(e),
            AppError::Unavailable => t.err_unavailable.to_owned(),
            AppError::Busy { retry_after_secs } => t.err_busy.replace("{secs}", &retry_after_secs.to_string()),
            AppError::Internal => t.err_internal.to_owned(),
            AppError::Network(_) => t.err_network.to_owned(),
        }
    }

    /// Whether trying the same request again later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, AppError::Unavailable | AppError::Busy { .. } | AppError::Network(_))
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::Invalid { field: "request".into() }
            }
            ServerFnErrorErr::MissingArg(field) => AppError::Invalid { field },
            ServerFnErrorErr::Request(e) | ServerFnErrorErr::Response(e) => AppError::Network(e),
            other => AppError::Network(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// A plain-text answer for middleware and handlers outside Leptos.
    pub fn into_response_plain(self) -> axum::response::Response {
        use axum::response::IntoResponse;
        (self.status_code(), self.to_string()).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::AppError;
    use crate::domain::access::{AuthError, Quota};

    #[test]
    fn nested_errors_nest_in_app_errors_without_a_clashing_tag() {
        use crate::domain::facilitation::WorkshopError;
        use crate::domain::feedback::FeedbackError;
        for e in [
            AppError::Auth(AuthError::Throttled { retry_after_secs: 60 }),
            AppError::Auth(Quota::Tokens.reached()),
            AppError::Workshop(WorkshopError::NoneLeft),
            AppError::Workshop(WorkshopError::Setup { max: 20 }),
            AppError::Workshop(WorkshopError::Full),
            AppError::Feedback(FeedbackError::Empty),
            AppError::Feedback(FeedbackError::TooLarge { max_bytes: 10 }),
            AppError::Refused(crate::domain::OpError::BoardLocked),
            AppError::Comment(crate::domain::comment::CommentError::NameMissing),
            AppError::History(crate::domain::history::HistoryError::NotFound),
            AppError::Channel(crate::domain::channel::ChannelError::EmptyName),
            AppError::Persona(crate::domain::persona::PersonaError::EmptyName),
            AppError::Review(crate::domain::review::ReviewError::BadCadence { max: 52 }),
            AppError::Import(crate::domain::ImportError::Empty),
        ] {
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), e, "{json}");
        }
    }
}
