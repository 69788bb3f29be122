//! Server functions: thin wrappers that find the state, call `server::*` and map errors.

pub mod channels;
pub mod maps;
pub mod personas;
pub mod tokens;
pub mod ws;
