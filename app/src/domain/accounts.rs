//! What the server tells the browser about accounts: the workspaces a person belongs to,
//! a workspace's members, its invites, a map's share links and a person's API tokens
//! (with the scope a token acts with). Plain data the store reads and the server
//! functions answer, so it lives below both.

use super::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A workspace the person belongs to, with their role there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceInfo {
    pub id: String,
    pub name: String,
    pub role: Role,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberInfo {
    pub user: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub joined_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InviteInfo {
    pub id: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub uses: u32,
    /// How many times it may be used in all.
    #[serde(default)]
    pub max_uses: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareInfo {
    pub id: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Longest token name.
pub const MAX_TOKEN_NAME: usize = 60;

/// What a token may do: read (list, read, export), or also write (create, change,
/// delete), within its person's role.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    #[default]
    Read,
    Write,
}

impl TokenScope {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Write => "write",
        }
    }

    pub fn parse(s: &str) -> Option<TokenScope> {
        [TokenScope::Read, TokenScope::Write].into_iter().find(|t| t.as_str() == s)
    }

    /// The role a token acts with: its person's, lowered to viewer for a read token.
    pub fn cap(self, role: Role) -> Role {
        match self {
            TokenScope::Read => Role::Viewer,
            TokenScope::Write => role,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    /// The first characters of the token, to tell tokens apart.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub last_used: Option<DateTime<Utc>>,
    #[serde(default)]
    pub scope: TokenScope,
    /// `None`: until revoked.
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
    /// Past its expiry (told by the server: the browser build has no clock).
    #[serde(default)]
    pub expired: bool,
    /// The workspace it acts in.
    #[serde(default)]
    pub workspace: String,
    #[serde(default)]
    pub workspace_name: String,
}
