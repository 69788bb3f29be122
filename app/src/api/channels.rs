//! Server functions for the channel library.

use crate::domain::channel::Channel;
use crate::error::AppError;
use leptos::prelude::*;

/// The custom channels of the library (the built-in ones are part of every build).
#[server(endpoint = "channels/list")]
pub async fn list_channels() -> Result<Vec<Channel>, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::View)?;
            Ok(crate::server::state()?.store.list_channels(&who.workspace).await?)
        }
        .await,
    )
}

/// Creates (empty id) or renames a custom channel; answers it as saved.
#[server(endpoint = "channels/save", input = server_fn::codec::Json)]
pub async fn save_channel(channel: Channel) -> Result<Channel, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::Edit)?;
            crate::server::channels::save(&crate::server::state()?.store, &who.workspace, channel).await
        }
        .await,
    )
}

#[server(endpoint = "channels/delete")]
pub async fn delete_channel(id: String) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::Edit)?;
            crate::server::channels::delete(&crate::server::state()?.store, &who.workspace, &id).await
        }
        .await,
    )
}
