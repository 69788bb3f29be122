//! Persona photos: upload (type read from the bytes, size limited) and serving with the
//! right content type.

use super::auth::{self, Identity};
use super::AppState;
use crate::domain::persona::{photo_type, MAX_PHOTO};
use crate::domain::Capability;
use crate::domain::PersonaId;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use axum::Json;
use serde_json::json;

/// `POST /api/personas/{id}/photo` with the image as the body. Answers `{"photo": version}`
/// or an error code the page translates: `bad_type`, `too_large`, `not_found`.
pub async fn upload(
    Path(id): Path<String>,
    State(state): State<AppState>,
    who: Option<Extension<Identity>>,
    body: Bytes,
) -> Response {
    let Some(who) = who else {
        return refuse(StatusCode::UNAUTHORIZED, "unauthorized");
    };
    if auth::allowed(&who, Capability::Edit).is_err() {
        return refuse(StatusCode::FORBIDDEN, "forbidden");
    }
    let id = PersonaId(id);
    if !id.is_valid() {
        return refuse(StatusCode::NOT_FOUND, "not_found");
    }
    if body.len() > MAX_PHOTO {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    }
    let Some(content_type) = photo_type(&body) else {
        return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, "bad_type");
    };
    match state.store.save_photo(&who.workspace, &id, content_type, body).await {
        Ok(Some(version)) => Json(json!({ "photo": version })).into_response(),
        Ok(None) => refuse(StatusCode::NOT_FOUND, "not_found"),
        Err(e) => {
            tracing::error!(error = %e, "photo not saved");
            refuse(StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        }
    }
}

/// `GET /api/personas/{id}/photo`, for members of the persona's workspace.
pub async fn serve(
    Path(id): Path<String>,
    State(state): State<AppState>,
    who: Option<Extension<Identity>>,
) -> Response {
    let id = PersonaId(id);
    let Some(who) = who.filter(|_| id.is_valid()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let photo = match state.store.photo(&id).await {
        Ok(Some((content_type, data, ws))) => match state.store.role_in(&who.user, &ws).await {
            Ok(Some(_)) => Ok(Some((content_type, data))),
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        },
        other => other.map(|p| p.map(|(t, d, _)| (t, d))),
    };
    match photo {
        Ok(Some((content_type, data))) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, "private, max-age=31536000, immutable".to_owned()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            ],
            data,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "photo not read");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

fn refuse(status: StatusCode, error: &'static str) -> Response {
    (status, Json(json!({ "error": error }))).into_response()
}
