//! Comments (`comment`: the whole comment as JSON in `body`, with the fields it is looked up
//! by beside it) and each person's notices of mentions and replies (`notice`). Kept apart
//! from the op log: a comment is not an edit of the map.

use super::decode::rows;
use super::decode::Checked;
use super::{Store, StoreError};
use crate::domain::comment::Comment;
use crate::domain::MapId;
use chrono::{DateTime, Utc};
use futures::StreamExt;
use serde::Deserialize;
use serde_json::Value;

/// Most notices a person's inbox lists.
pub const INBOX: u32 = 50;

/// A notice as the store keeps it, with the comment it is about (if it is still there) and
/// its map's title.
#[derive(Clone, Debug, Deserialize)]
pub struct NoticeRow {
    pub id: String,
    pub map: String,
    pub kind: String,
    pub at: DateTime<Utc>,
    pub read: bool,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
}

fn encode(c: &Comment) -> Result<String, StoreError> {
    serde_json::to_string(c).map_err(|e| StoreError::Corrupt(format!("comment: {e}")))
}

fn decode(body: &str) -> Option<Comment> {
    serde_json::from_str(body).map_err(|e| tracing::warn!(error = %e, "unreadable comment")).ok()
}

impl Store {
    /// Every comment of map `map`, oldest first.
    pub async fn comments(&self, map: &MapId) -> Result<Vec<Comment>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE body FROM comment WHERE map = $map ORDER BY created_at")
            .bind(("map", map.0.clone()))
            .await?
            .checked()?;
        let bodies: Vec<String> = res.take(0)?;
        Ok(bodies.iter().filter_map(|b| decode(b)).collect())
    }

    /// Comment `id` of map `map`.
    pub async fn comment(&self, map: &MapId, id: &str) -> Result<Option<Comment>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE body FROM comment WHERE id = type::record('comment', $id) AND map = $map")
            .bind(("id", id.to_owned()))
            .bind(("map", map.0.clone()))
            .await?
            .checked()?;
        let bodies: Vec<String> = res.take(0)?;
        Ok(bodies.first().and_then(|b| decode(b)))
    }

    /// Who wrote in thread `thread` of map `map` (each author once).
    pub async fn thread_authors(&self, map: &MapId, thread: &str) -> Result<Vec<String>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE author FROM comment WHERE map = $map AND thread = $thread")
            .bind(("map", map.0.clone()))
            .bind(("thread", thread.to_owned()))
            .await?
            .checked()?;
        let mut authors: Vec<String> = res.take(0)?;
        authors.sort();
        authors.dedup();
        Ok(authors)
    }

    /// How many comments map `map` holds.
    pub async fn comment_count(&self, map: &MapId) -> Result<u32, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE count() FROM comment WHERE map = $map GROUP ALL")
            .bind(("map", map.0.clone()))
            .await?
            .checked()?;
        let n: Vec<i64> = res.take(0)?;
        Ok(n.first().copied().unwrap_or(0).try_into().unwrap_or(u32::MAX))
    }

    /// Writes a comment, new or changed, and the notices it brings (user ids and their kind).
    pub async fn put_comment(&self, c: &Comment, notices: &[(String, &'static str)]) -> Result<(), StoreError> {
        let mut sql = String::from(
            "BEGIN TRANSACTION;
             UPSERT type::record('comment', $id) CONTENT {
                 map: $map, thread: $thread, author: $author, created_at: <datetime> $at, body: $body
             } RETURN NONE;\n",
        );
        for i in 0..notices.len() {
            sql.push_str(&format!(
                "CREATE notice SET user = $u{i}, kind = $k{i}, map = $map, comment = $id, at = time::now(), read = false;\n"
            ));
        }
        sql.push_str("COMMIT TRANSACTION;");
        let mut q = self
            .db
            .query(sql)
            .bind(("id", c.id.clone()))
            .bind(("map", c.map.0.clone()))
            .bind(("thread", c.thread.clone()))
            .bind(("author", c.author.clone()))
            .bind(("at", c.created_at.to_rfc3339()))
            .bind(("body", encode(c)?));
        for (i, (user, kind)) in notices.iter().enumerate() {
            q = q.bind((format!("u{i}"), user.clone())).bind((format!("k{i}"), (*kind).to_owned()));
        }
        q.await?.checked()?;
        Ok(())
    }

    /// Every comment any process writes, as it is committed: the real-time hub's feed.
    pub async fn live_comments(
        &self,
    ) -> Result<impl futures::Stream<Item = Comment> + Send + 'static + use<>, StoreError> {
        let mut res = self.db.query("LIVE SELECT body FROM comment").await?.checked()?;
        let stream = res.stream::<surrealdb::Notification<Value>>(0)?;
        Ok(stream.filter_map(|n| async move {
            let n = match n {
                Ok(n) => n,
                Err(e) => {
                    tracing::warn!(error = %e, "live comment feed error");
                    return None;
                }
            };
            if n.action == surrealdb::types::Action::Delete {
                return None;
            }
            n.data.get("body").and_then(Value::as_str).and_then(decode)
        }))
    }

    /// The newest notices of `user`.
    pub async fn notices(&self, user: &str) -> Result<Vec<NoticeRow>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT record::id(id) AS id, map, kind, at, read,
                     (SELECT VALUE body FROM ONLY type::record('comment', $parent.comment)) AS body,
                     (SELECT VALUE title FROM ONLY type::record('map', $parent.map)) AS title
                 FROM notice WHERE user = $user ORDER BY at DESC LIMIT $max",
            )
            .bind(("user", user.to_owned()))
            .bind(("max", INBOX))
            .await?
            .checked()?;
        rows("notice", res.take(0)?)
    }

    /// How many notices of `user` are unread, per map (the caller keeps the maps the person
    /// may still see).
    pub async fn unread_notices(&self, user: &str) -> Result<Vec<(String, u32)>, StoreError> {
        #[derive(Deserialize)]
        struct Row {
            map: String,
            n: i64,
        }
        let mut res = self
            .db
            .query("SELECT map, count() AS n FROM notice WHERE user = $user AND read = false GROUP BY map")
            .bind(("user", user.to_owned()))
            .await?
            .checked()?;
        let found: Vec<Row> = rows("notice count", res.take(0)?)?;
        Ok(found.into_iter().map(|r| (r.map, r.n.try_into().unwrap_or(u32::MAX))).collect())
    }

    /// Marks notices of `user` read: those of map `map`, or all of them.
    pub async fn read_notices(&self, user: &str, map: Option<&MapId>) -> Result<(), StoreError> {
        self.db
            .query("UPDATE notice SET read = true WHERE user = $user AND read = false AND ($map = NONE OR map = $map) RETURN NONE")
            .bind(("user", user.to_owned()))
            .bind(("map", map.map(|m| m.0.clone())))
            .await?
            .checked()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::comment::Anchor;
    use crate::domain::CardId;

    fn comment(id: &str, thread: &str) -> Comment {
        Comment {
            id: id.into(),
            map: MapId("m1".into()),
            thread: thread.into(),
            anchor: Anchor::Card(CardId::from("c1")),
            author: "u1".into(),
            author_name: "Ana".into(),
            body: "Long wait".into(),
            created_at: Utc::now(),
            edited_at: None,
            deleted: false,
            resolved: false,
            resolved_by: None,
            mentions: vec!["u2".into()],
        }
    }

    #[tokio::test]
    async fn comments_are_kept_changed_and_counted_per_map_with_their_notices() {
        let store = Store::open("mem://", None).await.unwrap();
        let map = MapId("m1".into());
        store.put_comment(&comment("a", "a"), &[("u2".into(), "mention")]).await.unwrap();
        store.put_comment(&comment("b", "a"), &[]).await.unwrap();
        let mut other = comment("z", "z");
        other.map = MapId("m2".into());
        store.put_comment(&other, &[]).await.unwrap();
        let mut a = store.comment(&map, "a").await.unwrap().unwrap();
        assert_eq!((a.body.as_str(), a.mentions.as_slice()), ("Long wait", ["u2".to_string()].as_slice()));
        a.resolved = true;
        store.put_comment(&a, &[]).await.unwrap();
        let all = store.comments(&map).await.unwrap();
        assert_eq!(all.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        assert!(all[0].resolved);
        assert_eq!(store.comment_count(&map).await.unwrap(), 2);
        assert_eq!(store.thread_authors(&map, "a").await.unwrap(), vec!["u1".to_string()]);
        assert!(store.comment(&MapId("m2".into()), "a").await.unwrap().is_none(), "another map's id finds nothing");

        assert_eq!(store.unread_notices("u2").await.unwrap(), vec![("m1".to_string(), 1)]);
        let inbox = store.notices("u2").await.unwrap();
        assert_eq!(inbox.len(), 1);
        assert_eq!(inbox[0].kind, "mention");
        assert!(inbox[0].body.as_deref().is_some_and(|b| b.contains("Long wait")));
        store.read_notices("u2", Some(&map)).await.unwrap();
        assert!(store.unread_notices("u2").await.unwrap().is_empty());
        assert!(store.notices("u2").await.unwrap()[0].read);
    }
}
