//! Each workspace's feedback settings (`feedback_setting`): the column mapping its last
//! import used, the key that pseudonymises its client references, and how long it keeps
//! answers.

use super::decode::Checked;
use super::decode::{first, rows};
use super::{Store, StoreError};
use crate::domain::feedback::ColumnMapping;
use serde::Deserialize;

/// A workspace's feedback settings.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct FeedbackSetting {
    #[serde(default)]
    pub mapping: Option<String>,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub retention_months: Option<u32>,
}

impl Store {
    /// Workspace `ws`'s feedback settings.
    pub async fn feedback_setting(&self, ws: &str) -> Result<FeedbackSetting, StoreError> {
        let mut res = self
            .db
            .query("SELECT mapping, key, retention_months FROM feedback_setting WHERE id = type::record('feedback_setting', $ws)")
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        Ok(first("feedback setting", res.take(0)?)?.unwrap_or_default())
    }

    /// The workspace's pseudonymisation key: made once, on first use, and kept (a second
    /// process racing to make it reads the one that won).
    pub async fn feedback_key(&self, ws: &str) -> Result<String, StoreError> {
        if let Some(k) = self.feedback_setting(ws).await?.key {
            return Ok(k);
        }
        let key: String = (0..2).map(|_| uuid::Uuid::new_v4().simple().to_string()).collect();
        self.db
            .query("UPSERT type::record('feedback_setting', $ws) SET workspace = $ws, key = key ?? $key")
            .bind(("ws", ws.to_owned()))
            .bind(("key", key))
            .await?
            .checked()?;
        self.feedback_setting(ws).await?.key.ok_or_else(|| StoreError::Corrupt("feedback key".into()))
    }

    /// Saves the column mapping a workspace imported with, for next month's export.
    pub async fn save_feedback_mapping(&self, ws: &str, mapping: &ColumnMapping) -> Result<(), StoreError> {
        let json = serde_json::to_string(mapping).map_err(|e| StoreError::Corrupt(format!("mapping: {e}")))?;
        self.db
            .query("UPSERT type::record('feedback_setting', $ws) SET workspace = $ws, mapping = $json")
            .bind(("ws", ws.to_owned()))
            .bind(("json", json))
            .await?
            .checked()?;
        Ok(())
    }

    /// Sets (or clears) how many months a workspace keeps its answers.
    pub async fn set_feedback_retention(&self, ws: &str, months: Option<u32>) -> Result<(), StoreError> {
        self.db
            .query("UPSERT type::record('feedback_setting', $ws) SET workspace = $ws, retention_months = $months")
            .bind(("ws", ws.to_owned()))
            .bind(("months", months))
            .await?
            .checked()?;
        Ok(())
    }

    /// Workspaces that keep answers only for a while, with their months.
    pub async fn feedback_retentions(&self) -> Result<Vec<(String, u32)>, StoreError> {
        let mut res = self
            .db
            .query("SELECT workspace, retention_months FROM feedback_setting WHERE retention_months != NONE")
            .await?
            .checked()?;
        #[derive(Deserialize)]
        struct R {
            workspace: String,
            retention_months: u32,
        }
        let list: Vec<R> = rows("retention", res.take(0)?)?;
        Ok(list.into_iter().map(|r| (r.workspace, r.retention_months)).collect())
    }
}
