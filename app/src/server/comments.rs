//! Comments on a map: write, reply, edit and delete one's own, resolve and reopen a thread,
//! and the notices of mentions and replies. The rules are `domain::comment`'s; this checks
//! them against the stored map and comments and writes through the store, whose live feed
//! brings every change to everyone on the map (in every process).

use super::auth::{Identity, MapAccess};
use super::store::Store;
use crate::domain::comment::{
    clean_body, clean_guest_name, mentioned, notices_for, Anchor, Comment, CommentError, Inbox, Notice, NoticeKind,
    MAX_COMMENTS_PER_MAP,
};
use crate::domain::{MapId, Role};
use crate::error::AppError;
use chrono::Utc;

/// Who writes: a member (their user id and name) or a guest of a share link.
#[derive(Clone, Debug, PartialEq)]
pub struct Author {
    pub key: String,
    pub name: String,
    /// May delete anyone's comment (a workspace owner, moderating).
    pub moderates: bool,
}

/// The shortest and longest key a guest's browser may identify itself with.
const GUEST_KEY: std::ops::RangeInclusive<usize> = 16..=128;

impl Author {
    pub fn member(who: &Identity, access: &MapAccess) -> Author {
        Author {
            key: who.user.clone(),
            name: who.name.clone(),
            moderates: access.role == Role::Owner && !access.by_share,
        }
    }

    /// A workshop guest: the name they joined with, whatever their browser says.
    pub fn workshop_guest(guest: &crate::server::store::workshops::GuestRow) -> Author {
        Author { key: format!("guest:{}", guest.id), name: guest.name.clone(), moderates: false }
    }

    /// A guest of share link `share`: the browser's random `key` (kept in its storage, so
    /// the guest may edit what they wrote) makes them the same author again, the link's
    /// secret keeps one link's guests apart from another's, and neither is stored as is.
    pub fn guest(share: &str, key: &str, name: &str) -> Result<Author, AppError> {
        use sha2::Digest;
        if !GUEST_KEY.contains(&key.len()) {
            return Err(AppError::Invalid { field: "guest".into() });
        }
        let name = clean_guest_name(name).map_err(AppError::Comment)?;
        let digest = sha2::Sha256::digest(format!("{share}\n{key}").as_bytes());
        let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
        Ok(Author { key: format!("guest:{hex}"), name, moderates: false })
    }
}

/// Map `map`'s comments, oldest first.
pub async fn list(store: &Store, map: &MapId) -> Result<Vec<Comment>, AppError> {
    Ok(store.comments(map).await?)
}

/// Members of workspace `ws` a comment may mention: (user id, name).
pub async fn mentionable(store: &Store, ws: &str) -> Result<Vec<(String, String)>, AppError> {
    Ok(store.members(ws).await?.into_iter().map(|m| (m.user, m.name)).collect())
}

/// A new thread at `anchor`, or (with `thread`) a reply in one.
pub async fn post(
    store: &Store,
    ws: &str,
    map: &MapId,
    author: &Author,
    anchor: Anchor,
    thread: Option<String>,
    body: &str,
) -> Result<Comment, AppError> {
    let body = clean_body(body).map_err(AppError::Comment)?;
    if store.comment_count(map).await? >= MAX_COMMENTS_PER_MAP {
        return Err(AppError::Comment(CommentError::TooMany { max: MAX_COMMENTS_PER_MAP }));
    }
    let (anchor, thread, thread_authors) = match thread {
        Some(t) => {
            let root = store.comment(map, &t).await?.filter(Comment::is_root).ok_or(not_found())?;
            let authors = store.thread_authors(map, &t).await?;
            (root.anchor, Some(root.id), authors)
        }
        None => {
            let m = store.current_map(map).await?.ok_or(AppError::NotFound)?;
            let there = match &anchor {
                Anchor::Map => true,
                Anchor::Stage(s) => m.stages.contains_key(s),
                Anchor::Card(c) => m.cards.contains_key(c),
            };
            if !there {
                return Err(AppError::Comment(CommentError::NoAnchor));
            }
            (anchor, None, Vec::new())
        }
    };
    // Members are read only when the text can mention one.
    let mentions = if body.contains('@') { mentioned(&body, &mentionable(store, ws).await?) } else { Vec::new() };
    let id = uuid::Uuid::new_v4().simple().to_string();
    let comment = Comment {
        thread: thread.unwrap_or_else(|| id.clone()),
        id,
        map: map.clone(),
        anchor,
        author: author.key.clone(),
        author_name: author.name.clone(),
        body,
        created_at: Utc::now(),
        edited_at: None,
        deleted: false,
        resolved: false,
        resolved_by: None,
        mentions,
    };
    let notices = notices_for(&author.key, &comment.mentions, &thread_authors);
    store.put_comment(&comment, &kinds(&notices)).await?;
    Ok(comment)
}

fn kinds(notices: &[(String, NoticeKind)]) -> Vec<(String, &'static str)> {
    notices.iter().map(|(who, k)| (who.clone(), k.as_str())).collect()
}

fn not_found() -> AppError {
    AppError::Comment(CommentError::NotFound)
}

/// A comment of `author`'s, with new text; people newly mentioned are told.
pub async fn edit(
    store: &Store,
    ws: &str,
    map: &MapId,
    author: &Author,
    id: &str,
    body: &str,
) -> Result<Comment, AppError> {
    let body = clean_body(body).map_err(AppError::Comment)?;
    let mut c = store.comment(map, id).await?.filter(|c| !c.deleted).ok_or(not_found())?;
    if c.author != author.key {
        return Err(AppError::Comment(CommentError::NotYours));
    }
    let mentions = mentioned(&body, &mentionable(store, ws).await?);
    let new: Vec<String> = mentions.iter().filter(|m| !c.mentions.contains(m)).cloned().collect();
    c.body = body;
    c.mentions = mentions;
    c.edited_at = Some(Utc::now());
    store.put_comment(&c, &kinds(&notices_for(&author.key, &new, &[]))).await?;
    Ok(c)
}

/// Deletes a comment: its author's, or anyone's for a moderator. Its text goes; a thread
/// keeps its place while replies remain.
pub async fn delete(store: &Store, map: &MapId, author: &Author, id: &str) -> Result<Comment, AppError> {
    let mut c = store.comment(map, id).await?.filter(|c| !c.deleted).ok_or(not_found())?;
    if c.author != author.key && !author.moderates {
        return Err(AppError::Comment(CommentError::NotYours));
    }
    c.deleted = true;
    c.body.clear();
    c.mentions.clear();
    c.edited_at = Some(Utc::now());
    store.put_comment(&c, &[]).await?;
    Ok(c)
}

/// Resolves (or reopens) thread `thread`.
pub async fn resolve(
    store: &Store,
    map: &MapId,
    author: &Author,
    thread: &str,
    resolved: bool,
) -> Result<Comment, AppError> {
    let mut c = store.comment(map, thread).await?.filter(Comment::is_root).ok_or(not_found())?;
    if c.resolved == resolved {
        return Ok(c);
    }
    c.resolved = resolved;
    c.resolved_by = resolved.then(|| author.name.clone());
    store.put_comment(&c, &[]).await?;
    Ok(c)
}

/// `who`'s mentions and replies on the maps they may still see.
pub async fn inbox(store: &Store, who: &Identity) -> Result<Inbox, AppError> {
    let rows = store.notices(&who.user).await?;
    let unread = store.unread_notices(&who.user).await?;
    let mut visible: std::collections::HashMap<String, bool> = std::collections::HashMap::new();
    for map in rows.iter().map(|r| &r.map).chain(unread.iter().map(|(m, _)| m)) {
        if !visible.contains_key(map) {
            let ok =
                super::auth::map_role(store, who, &MapId(map.clone()), crate::domain::Capability::View).await.is_ok();
            visible.insert(map.clone(), ok);
        }
    }
    let sees = |m: &str| visible.get(m).copied().unwrap_or(false);
    let notices = rows
        .into_iter()
        .filter(|r| sees(&r.map))
        .filter_map(|r| {
            Some(Notice {
                kind: NoticeKind::parse(&r.kind)?,
                id: r.id,
                map_title: r.title.unwrap_or_default(),
                map: MapId(r.map),
                at: r.at,
                read: r.read,
                comment: r.body.as_deref().and_then(|b| serde_json::from_str::<Comment>(b).ok()).filter(|c| !c.deleted),
            })
        })
        .collect();
    let unread = unread.iter().filter(|(m, _)| sees(m)).map(|(_, n)| n).sum();
    Ok(Inbox { notices, unread })
}
