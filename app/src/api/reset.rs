//! Server functions of the password reset page (`/reset/<token>`), whose links the
//! operator makes with `jornada reset-password EMAIL`.

use crate::error::AppError;
use leptos::prelude::*;

/// Whom a live reset link is for: their name and e-mail.
#[server(endpoint = "auth/reset_info")]
pub async fn reset_info(token: String) -> Result<(String, String), AppError> {
    crate::server::respond(crate::server::reset::link_info(token).await)
}

/// Sets a new password with a reset link (used up), signs out the account's sessions and
/// signs this browser in.
#[server(endpoint = "auth/reset")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    crate::server::respond(crate::server::reset::reset_password(token, password).await)
}
