//! Why customer feedback is refused: every reason a user reads, translated by the UI.

use serde::{Deserialize, Serialize};

/// Why feedback cannot be imported or stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
// "reason", not "kind": nested in `AppError`, whose tag is "kind".
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum FeedbackError {
    /// The file is empty.
    Empty,
    TooLarge {
        max_bytes: u64,
    },
    TooManyRows {
        max_rows: u64,
    },
    TooManyColumns {
        max_columns: u64,
    },
    NoHeader,
    /// Not a CSV, TSV or XLSX file.
    Unreadable,
    /// Reading took longer than the budget.
    TooSlow {
        seconds: u32,
    },
    /// The mapping lacks the date, score or stage column.
    MissingColumns,
    /// Rows cannot be imported and the user did not choose to skip them.
    BadRows {
        count: u64,
    },
    /// Nothing is left to import.
    NothingToImport,
    /// A REST call with more than [`super::MAX_REST_ENTRIES`] answers, or a bad one (by index).
    TooManyEntries {
        max: u64,
    },
    BadEntry {
        index: u64,
    },
}
