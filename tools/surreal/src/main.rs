#![recursion_limit = "512"]
//! `surreal`: the SurrealDB server, for Jornada's scale-out tests (`surreal start …`).
fn main() -> std::process::ExitCode {
    surrealdb_server::init(surrealdb_server::core::CommunityComposer())
}
