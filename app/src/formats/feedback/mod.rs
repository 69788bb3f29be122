//! Reading a feedback export (a booking system's, a survey tool's): CSV or TSV with any
//! delimiter, in UTF-8, Windows-1251 or Windows-1252, or an XLSX workbook, into a
//! [`Table`]; recognising its columns in en / pt-BR / ru; turning its rows into
//! [`FeedbackEntry`]s by a [`ColumnMapping`], each bad row with its line and reason.
//! Server only (the browser sends the file and shows the [`FeedbackPreview`]).
//!
//! Files: `read` (bytes → table: encodings, delimiters, bounds), `xlsx` (workbooks),
//! `columns` (headers → mapping), `rows` (rows → entries), `mask` (phones and e-mails in
//! comments), `text` (folding and cutting). Every step is linear in the size of the file.

mod columns;
mod mask;
mod read;
mod rows;
mod text;
mod xlsx;

use crate::domain::feedback::{BadRow, ColumnMapping, FeedbackEntry, FeedbackPreview};
use crate::domain::Map;

pub use mask::mask;

/// Columns a file may have (trailing empty cells do not count).
pub const MAX_COLUMNS: usize = 64;
/// Bytes kept of a cell (longer ones are cut on a character boundary).
pub const MAX_CELL: usize = 4 * 1024;
/// Distinct unmatched stage values listed in a preview.
pub const MAX_UNMATCHED: usize = 50;
/// Bad rows listed in a preview (all are counted).
pub const MAX_BAD_LISTED: usize = 200;

/// A file as a grid of text cells: the header row and the rows after it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Table {
    /// "csv", "tsv", "xlsx".
    pub format: &'static str,
    /// "UTF-8", "windows-1251", "windows-1252" ("UTF-8" for XLSX; "UTF-16LE" or
    /// "UTF-16BE" for a text file that starts with their byte-order mark).
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
    read::read(bytes, file_name)
}

/// The mapping recognised from the headers ("Data", "Nota", "Avaliação", "Дата", …).
pub fn guess(table: &Table) -> ColumnMapping {
    columns::guess(table)
}

/// Every row of `table` read by `mapping` against `map`'s stages and touchpoint cards:
/// the entries, and the rows that cannot be imported.
pub fn entries(
    table: &Table,
    map: &Map,
    mapping: &ColumnMapping,
    today: chrono::NaiveDate,
) -> (Vec<RawEntry>, Vec<BadRow>) {
    rows::entries(table, map, mapping, today)
}

/// What the user sees before importing: the saved mapping when all its columns are in the
/// file, else the guessed one, with the sample rows, unmatched stage values and bad rows.
pub fn preview(table: &Table, map: &Map, saved: Option<&ColumnMapping>, today: chrono::NaiveDate) -> FeedbackPreview {
    let saved = saved.filter(|m| columns::fits(m, table));
    let mapping = saved.cloned().unwrap_or_else(|| guess(table));
    let (_, bad) = entries(table, map, &mapping, today);
    FeedbackPreview {
        format: table.format.to_owned(),
        encoding: table.encoding.to_owned(),
        headers: table.headers.clone(),
        sample: table.rows.iter().take(crate::domain::feedback::PREVIEW_ROWS).map(|(_, r)| r.clone()).collect(),
        rows: table.rows.len(),
        saved: saved.is_some(),
        unmatched_stages: rows::unmatched_stages(table, map, &mapping, MAX_UNMATCHED),
        mapping,
        bad_count: bad.len(),
        bad: bad.into_iter().take(MAX_BAD_LISTED).collect(),
    }
}

#[cfg(test)]
mod tests;
