//! Every integration test of the server in one test binary (`cargo test -p server --test
//! it`): each test binary links all of SurrealDB, so one binary links once instead of
//! nine. A module per concern; pick one with a name filter, e.g. `--test it soak::`.
//!
//! - `authz`: the authorisation matrix, every role against every operation
//! - `comments`: comments by role and share link, live delivery, mentions and the inbox
//! - `history`: history, versions and restore by role
//! - `crash`: SIGKILL under load on SurrealKV, every acknowledged op survives
//! - `observe`: `--version` and `/metrics` (absent unless asked for)
//! - `ops`: backup, restore, check, export-all, reset-password, the upgrade fixture
//! - `realtime`: the websocket protocol end to end
//! - `rest`: the REST API and its tokens
//! - `scale_out`: two processes on one SurrealDB server
//! - `security`: attacks on the real router
//! - `soak`: many editors for a bounded time against the real binary
//! - `trash`: the Trash by role
//!
//! The tests that load the machine (crash, scale-out, soak) take [`support::alone`], so
//! they never run at the same time as each other now that they share a process.

mod support;

mod authz;
mod comments;
mod crash;
mod feedback;
mod feedback_bench;
mod history;
mod history_bench;
mod observe;
mod ops;
mod realtime;
mod rest;
mod scale_out;
mod security;
mod soak;
mod trash;
mod workshop;
