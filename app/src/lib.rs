//! Jornada: a real-time collaborative customer journey map editor.
//!
//! Compiled twice: with `ssr` for the server (store, real-time hub, renderers) and with
//! `hydrate` for the browser. `domain` and `i18n` are plain Rust used by both.
#![recursion_limit = "512"]

pub mod api;
pub mod domain;
pub mod error;
pub mod formats;
pub mod i18n;
#[cfg(test)]
mod layers;
pub mod protocol;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;

pub use ui::{shell, App};
