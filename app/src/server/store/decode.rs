//! Reading stored rows into Rust types: the store's queries answer JSON values, and a row
//! that does not read as its type is [`StoreError::Corrupt`] naming what it was.

use super::StoreError;
use serde::de::DeserializeOwned;
use serde_json::Value;

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
    match errors.into_values().next() {
        None => Ok(true),
        Some(e) => Err(e.into()),
    }
}
