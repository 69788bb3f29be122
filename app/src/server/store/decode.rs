//! Reading stored rows into Rust types: the store's queries answer JSON values, and a row
//! that does not read as its type is [`StoreError::Corrupt`] naming what it was.

use super::StoreError;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;
use surrealdb::types::QueryError;

/// One row as a `T`; `what` names it in the error.
pub(super) fn from_json<T: DeserializeOwned>(what: &str, v: Value) -> Result<T, StoreError> {
    serde_json::from_value(v).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

/// Every row as a `T`, in order.
pub(super) fn rows<T: DeserializeOwned>(what: &str, rows: Vec<Value>) -> Result<Vec<T>, StoreError> {
    rows.into_iter().map(|r| from_json(what, r)).collect()
}

/// The row, if there is one: a missing or null row (`SELECT … FROM ONLY` a record that is
/// not there) is `None`.
pub(super) fn one<T: DeserializeOwned>(what: &str, row: Option<Value>) -> Result<Option<T>, StoreError> {
    row.filter(|r| !r.is_null()).map(|r| from_json(what, r)).transpose()
}

/// The first row of a list, if any (`SELECT … LIMIT 1`).
pub(super) fn first<T: DeserializeOwned>(what: &str, rows: Vec<Value>) -> Result<Option<T>, StoreError> {
    one(what, rows.into_iter().next())
}

/// Whether a version-checked transaction went through (false: it threw `jornada:stale`,
/// someone wrote first; read again and retry). Any other error is the store's.
pub(super) fn written(mut res: surrealdb::IndexedResults) -> Result<bool, StoreError> {
    let errors = res.take_errors();
    if errors.values().any(|e| e.to_string().contains("jornada:stale")) {
        return Ok(false);
    }
    match failure(errors) {
        None => Ok(true),
        Some(e) => Err(e),
    }
}

/// Whether SurrealDB rolled a transaction back because another one wrote the same keys
/// first (the embedded engines and a remote server both say so in the error's details).
pub(super) fn is_conflict(e: &surrealdb::Error) -> bool {
    e.query_details() == Some(&QueryError::TransactionConflict)
}

/// What a query that failed answers with, from its statements' errors (by statement):
/// a write conflict if any statement met one (the other statements of that transaction
/// only say "not executed"), else the first error that is not such a "not executed".
pub(super) fn failure(errors: HashMap<usize, surrealdb::Error>) -> Option<StoreError> {
    let mut errors: Vec<(usize, surrealdb::Error)> = errors.into_iter().collect();
    errors.sort_by_key(|(i, _)| *i);
    let pick = errors
        .iter()
        .position(|(_, e)| is_conflict(e))
        .or_else(|| errors.iter().position(|(_, e)| e.query_details() != Some(&QueryError::NotExecuted)))
        .unwrap_or(0);
    (pick < errors.len()).then(|| errors.swap_remove(pick).1.into())
}

/// `IndexedResults::check` for the store: fails with [`failure`]'s choice of error, so a
/// conflicting transaction is told apart from a broken one (SurrealDB's own `check`
/// answers the first statement's "not executed").
pub(super) trait Checked: Sized {
    fn checked(self) -> Result<Self, StoreError>;
}

impl Checked for surrealdb::IndexedResults {
    fn checked(mut self) -> Result<Self, StoreError> {
        match failure(self.take_errors()) {
            Some(e) => Err(e),
            None => Ok(self),
        }
    }
}
