//! The `jornada` server as a library: configuration, assets (the site embedded in the
//! binary) and the router, so integration tests can start the real application on a free
//! port.
#![recursion_limit = "512"]

pub mod assets;
pub mod commands;
pub mod config;
pub mod router;
pub mod serve;
pub mod site;
