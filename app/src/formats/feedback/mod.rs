//! Reading a feedback export (a booking system's, a survey tool's): CSV or TSV with any
//! delimiter, in UTF-8, Windows-1251 or Windows-1252, or an XLSX workbook, into a
//! [`Table`]; recognising its columns in en / pt-BR / ru; turning its rows into
//! [`FeedbackEntry`]s by a [`ColumnMapping`], each bad row with its line and reason.
//! Server only (the browser sends the file and shows the [`FeedbackPreview`]).

use crate::domain::feedback::{BadRow, ColumnMapping, FeedbackEntry, FeedbackPreview};
use crate::domain::Map;

/// A file as a grid of text cells: the header row and the rows after it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Table {
    /// "csv", "tsv", "xlsx".
    pub format: &'static str,
    /// "UTF-8", "windows-1251", "windows-1252" ("UTF-8" for XLSX).
    pub encoding: &'static str,
    pub headers: Vec<String>,
    /// Each row with its line in the file (1-based; the header is line 1 for a file whose
    /// header is its first line).
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Why a file cannot be read at all.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FileError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {max_bytes} bytes")]
    TooLarge { max_bytes: usize },
    #[error("the file has more than {max_rows} rows")]
    TooManyRows { max_rows: usize },
    #[error("the file has more than {max_columns} columns")]
    TooManyColumns { max_columns: usize },
    #[error("the file has no header row")]
    NoHeader,
    #[error("not a CSV, TSV or XLSX file")]
    Unreadable,
}

/// An entry as read from a file: a [`FeedbackEntry`] whose `client` is still the raw
/// value from the file (the server replaces it with the workspace's keyed hash).
pub type RawEntry = FeedbackEntry;

/// Reads a file (format detected from the content; the name only breaks ties).
pub fn read(bytes: &[u8], file_name: &str) -> Result<Table, FileError> {
    let _ = (bytes, file_name);
    Err(FileError::Unreadable)
}

/// The mapping recognised from the headers ("Data", "Nota", "Avaliação", "Дата", …).
pub fn guess(table: &Table) -> ColumnMapping {
    let _ = table;
    ColumnMapping::default()
}

/// Every row of `table` read by `mapping` against `map`'s stages and touchpoint cards:
/// the entries, and the rows that cannot be imported.
pub fn entries(
    table: &Table,
    map: &Map,
    mapping: &ColumnMapping,
    today: chrono::NaiveDate,
) -> (Vec<RawEntry>, Vec<BadRow>) {
    let _ = (table, map, mapping, today);
    (Vec::new(), Vec::new())
}

/// What the user sees before importing: the saved mapping when all its columns are in the
/// file, else the guessed one, with the sample rows, unmatched stage values and bad rows.
pub fn preview(table: &Table, map: &Map, saved: Option<&ColumnMapping>, today: chrono::NaiveDate) -> FeedbackPreview {
    let mapping = saved.cloned().unwrap_or_else(|| guess(table));
    let (_, bad) = entries(table, map, &mapping, today);
    FeedbackPreview {
        format: table.format.to_owned(),
        encoding: table.encoding.to_owned(),
        headers: table.headers.clone(),
        sample: table.rows.iter().take(crate::domain::feedback::PREVIEW_ROWS).map(|(_, r)| r.clone()).collect(),
        rows: table.rows.len(),
        saved: saved.is_some(),
        mapping,
        unmatched_stages: Vec::new(),
        bad_count: bad.len(),
        bad: bad.into_iter().take(200).collect(),
    }
}
