//! Server functions: thin wrappers that find the state, call `server::*` and map errors.
//! (The websocket's protocol is `crate::protocol`.)

pub mod auth;
pub mod channels;
pub mod comments;
pub mod feedback;
pub mod history;
pub mod maps;
pub mod personas;
pub mod reset;
pub mod reviews;
pub mod segments;
pub mod shares;
pub mod tokens;
pub mod workshop;
