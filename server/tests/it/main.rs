//! Every integration test of the server in one test binary (`cargo test -p server --test
//! it`): each test binary links all of SurrealDB, so one binary links once instead of
//! seven. A module per concern; pick one with a name filter, e.g. `--test it soak::`.
//!
//! - `authz`: the authorisation matrix, every role against every operation
//! - `crash`: SIGKILL under load on SurrealKV, every acknowledged op survives
//! - `realtime`: the websocket protocol end to end
//! - `rest`: the REST API and its tokens
//! - `scale_out`: two processes on one SurrealDB server
//! - `security`: attacks on the real router
//! - `soak`: many editors for a bounded time against the real binary
//!
//! The tests that load the machine (crash, scale-out, soak) take [`support::alone`], so
//! they never run at the same time as each other now that they share a process.

mod support;

mod authz;
mod crash;
// Loaded by path so that its own `mod support;` (from when it was a binary of its own)
// finds `support/` beside it; it becomes `use crate::support;` like the others.
#[path = "realtime.rs"]
mod realtime;
mod rest;
mod scale_out;
mod security;
mod soak;
