//! Identifiers of the records of a map: plain strings on the wire, a distinct type each in Rust.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest id accepted from a client.
pub const MAX_ID_LEN: usize = 64;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// A new random id.
            pub fn generate() -> Self {
                Self(uuid::Uuid::new_v4().simple().to_string())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// Ids are ASCII letters, digits, `-` and `_`: safe in URLs and record keys.
            pub fn is_valid(&self) -> bool {
                !self.0.is_empty()
                    && self.0.len() <= MAX_ID_LEN
                    && self.0.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

id_type!(/// A journey map.
    MapId);
id_type!(/// A stage (a column of the board).
    StageId);
id_type!(/// A lane (a row of the board).
    LaneId);
id_type!(/// A card in a cell.
    CardId);
