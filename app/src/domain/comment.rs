//! Comments: threads on a card, on a stage or on the map as a whole. Pure: what a comment
//! is, the rules of its text, how comments group into threads and what the board counts,
//! the light markup a comment may use (rendered as text nodes, never as HTML) and which
//! members a comment mentions. The store keeps comments apart from the op log: a comment
//! is talk about the map, not an edit of it, so it survives the card it is on (a thread of
//! a deleted card says so, and comes back with the card on undo).
//!
//! Long on purpose: half of it is the tests, beside the rules they check.

use super::{CardId, MapId, StageId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Longest comment, in characters.
pub const MAX_COMMENT: usize = 5000;
/// Most comments one map may hold (a quota against a script filling the database).
pub const MAX_COMMENTS_PER_MAP: u32 = 20_000;
/// Longest display name a guest may comment under (as long as a name on the board).
pub const MAX_GUEST_NAME: usize = 40;

/// Whether a role sees a map's comments: every member does; a share link only when it may
/// comment (a view-only link shows the map, not the team's talk about it).
pub fn sees_comments(role: super::Role, by_share: bool) -> bool {
    !by_share || role.allows(super::Capability::Comment)
}

/// Where a thread is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Anchor {
    Map,
    Stage(StageId),
    Card(CardId),
}

impl Anchor {
    /// The kind and id as the store keeps them.
    pub fn parts(&self) -> (&'static str, &str) {
        match self {
            Anchor::Map => ("map", ""),
            Anchor::Stage(s) => ("stage", s.as_str()),
            Anchor::Card(c) => ("card", c.as_str()),
        }
    }

    pub fn from_parts(kind: &str, id: &str) -> Option<Anchor> {
        match kind {
            "map" => Some(Anchor::Map),
            "stage" => Some(Anchor::Stage(StageId::from(id))),
            "card" => Some(Anchor::Card(CardId::from(id))),
            _ => None,
        }
    }
}

/// One comment. The first comment of a thread carries the thread's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub id: String,
    pub map: MapId,
    /// The id of the thread's first comment (its own id for the first one).
    pub thread: String,
    pub anchor: Anchor,
    /// Who wrote it: a user id, or a guest's key (`guest:…`).
    pub author: String,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    /// Deleted by its author: the text is gone, a thread keeps its place for the replies.
    pub deleted: bool,
    /// On a thread's first comment: resolved, and by whom.
    pub resolved: bool,
    pub resolved_by: Option<String>,
    /// Members it mentions (user ids).
    #[serde(default)]
    pub mentions: Vec<String>,
}

impl Comment {
    pub fn is_root(&self) -> bool {
        self.thread == self.id
    }
}

/// Why a comment was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum CommentError {
    Empty,
    TooLong {
        max: u32,
    },
    /// The map holds [`MAX_COMMENTS_PER_MAP`] comments.
    TooMany {
        max: u32,
    },
    /// The thread or comment is not (or no longer) there.
    NotFound,
    /// Only its author may edit or delete a comment.
    NotYours,
    /// A guest comments under a name.
    NameMissing,
    /// The card or stage is not on the map.
    NoAnchor,
}

/// A comment's text as it is kept: trimmed, within the limit, not empty.
pub fn clean_body(body: &str) -> Result<String, CommentError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(CommentError::Empty);
    }
    if body.chars().count() > MAX_COMMENT {
        return Err(CommentError::TooLong { max: MAX_COMMENT as u32 });
    }
    // Control characters other than line breaks and tabs are dropped.
    Ok(body.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect())
}

/// A guest's display name, or why it will not do.
pub fn clean_guest_name(name: &str) -> Result<String, CommentError> {
    let name: String = name.chars().filter(|c| !c.is_control()).take(MAX_GUEST_NAME).collect();
    let name = name.trim();
    if name.is_empty() {
        Err(CommentError::NameMissing)
    } else {
        Ok(name.to_owned())
    }
}

/// A thread: its first comment and the replies, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Thread {
    pub root: Comment,
    pub replies: Vec<Comment>,
}

impl Thread {
    pub fn resolved(&self) -> bool {
        self.root.resolved
    }

    /// Every comment, the first one first.
    pub fn comments(&self) -> impl Iterator<Item = &Comment> {
        std::iter::once(&self.root).chain(&self.replies)
    }

    /// The comments still there (not deleted).
    pub fn live(&self) -> usize {
        self.comments().filter(|c| !c.deleted).count()
    }

    /// When anything last happened in it.
    pub fn last_at(&self) -> DateTime<Utc> {
        self.comments().map(|c| c.edited_at.unwrap_or(c.created_at)).max().unwrap_or(self.root.created_at)
    }

    /// Whether `who` wrote in it.
    pub fn involves(&self, who: &str) -> bool {
        self.comments().any(|c| c.author == who)
    }
}

/// Groups comments into threads, oldest thread first; a thread whose comments were all
/// deleted is left out, and so is a reply whose thread is unknown.
pub fn threads<'a>(comments: impl IntoIterator<Item = &'a Comment>) -> Vec<Thread> {
    let mut roots: HashMap<&str, Thread> = HashMap::new();
    let mut replies: Vec<&Comment> = Vec::new();
    for c in comments {
        if c.is_root() {
            roots.insert(&c.id, Thread { root: c.clone(), replies: Vec::new() });
        } else {
            replies.push(c);
        }
    }
    for r in replies {
        if let Some(t) = roots.get_mut(r.thread.as_str()) {
            t.replies.push(r.clone());
        }
    }
    let mut out: Vec<Thread> = roots.into_values().filter(|t| t.live() > 0).collect();
    for t in &mut out {
        t.replies.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    }
    out.sort_by(|a, b| (a.root.created_at, &a.root.id).cmp(&(b.root.created_at, &b.root.id)));
    out
}

/// Open threads per place: what a card's or a stage header's comment button counts.
pub fn open_counts(threads: &[Thread]) -> HashMap<Anchor, u32> {
    let mut out = HashMap::new();
    for t in threads.iter().filter(|t| !t.resolved()) {
        *out.entry(t.root.anchor.clone()).or_insert(0) += 1;
    }
    out
}

/// Which threads a list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreadFilter {
    #[default]
    Open,
    Resolved,
    /// Threads `who` wrote in, open or resolved.
    Mine,
    All,
}

impl ThreadFilter {
    pub const ALL: [ThreadFilter; 4] =
        [ThreadFilter::Open, ThreadFilter::Resolved, ThreadFilter::Mine, ThreadFilter::All];

    pub fn keeps(self, t: &Thread, who: &str) -> bool {
        match self {
            ThreadFilter::Open => !t.resolved(),
            ThreadFilter::Resolved => t.resolved(),
            ThreadFilter::Mine => t.involves(who),
            ThreadFilter::All => true,
        }
    }
}

/// Why a person is told about a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// The comment mentions them.
    Mention,
    /// A reply in a thread they wrote in.
    Reply,
}

impl NoticeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Mention => "mention",
            NoticeKind::Reply => "reply",
        }
    }

    pub fn parse(s: &str) -> Option<NoticeKind> {
        [NoticeKind::Mention, NoticeKind::Reply].into_iter().find(|k| k.as_str() == s)
    }
}

/// One entry of a person's "Mentions and replies".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub id: String,
    pub kind: NoticeKind,
    pub map: MapId,
    pub map_title: String,
    pub at: DateTime<Utc>,
    pub read: bool,
    /// The comment, unless it was deleted since.
    pub comment: Option<Comment>,
}

/// A person's inbox: the newest notices and how many are unread.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub notices: Vec<Notice>,
    pub unread: u32,
}

/// Who is told about a new comment, and why: the members it mentions, then the members who
/// wrote in its thread (a reply); never its author, each person once.
pub fn notices_for(author: &str, mentions: &[String], thread_authors: &[String]) -> Vec<(String, NoticeKind)> {
    let mut out: Vec<(String, NoticeKind)> = Vec::new();
    for (who, kind) in
        mentions.iter().map(|m| (m, NoticeKind::Mention)).chain(thread_authors.iter().map(|a| (a, NoticeKind::Reply)))
    {
        if who != author && !who.starts_with("guest:") && !out.iter().any(|(w, _)| w == who) {
            out.push((who.clone(), kind));
        }
    }
    out
}

/// A piece of a comment's text as the board shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Bold(String),
    Italic(String),
    /// A web or mail link: only `http:`, `https:` and `mailto:` become links.
    Link {
        text: String,
        href: String,
    },
    /// `@Name` of a member the comment mentions.
    Mention(String),
    Break,
}

/// Whether `href` may be a link (nothing that runs script or opens another app).
fn safe_href(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && !href.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

/// The light markup of a comment: `**bold**`, `*italics*` or `_italics_`, `[text](https://…)`,
/// bare `https://…` addresses, line breaks, and `@Name` for the `names` mentioned. Anything
/// else is text. The result is shown as text nodes, so no markup can inject HTML.
pub fn render(body: &str, names: &[String]) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, line) in body.split('\n').enumerate() {
        if i > 0 {
            out.push(Inline::Break);
        }
        line_inlines(line, names, &mut out);
    }
    // Neighbouring text pieces are joined.
    let mut joined: Vec<Inline> = Vec::with_capacity(out.len());
    for piece in out {
        match (joined.last_mut(), piece) {
            (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
            (_, piece) => joined.push(piece),
        }
    }
    joined
}

fn line_inlines(line: &str, names: &[String], out: &mut Vec<Inline>) {
    let mut rest = line;
    while !rest.is_empty() {
        if let Some((piece, after)) = markup_at(rest, names) {
            out.push(piece);
            rest = after;
            continue;
        }
        let ch = rest.chars().next().map(char::len_utf8).unwrap_or(1);
        out.push(Inline::Text(rest[..ch].to_owned()));
        rest = &rest[ch..];
    }
}

/// The markup starting at the beginning of `s`, and what follows it.
fn markup_at<'a>(s: &'a str, names: &[String]) -> Option<(Inline, &'a str)> {
    if let Some(inner) = s.strip_prefix("**") {
        let end = inner.find("**")?;
        return (end > 0).then(|| (Inline::Bold(inner[..end].to_owned()), &inner[end + 2..]));
    }
    for mark in ['*', '_'] {
        if let Some(inner) = s.strip_prefix(mark) {
            let end = inner.find(mark)?;
            let text = &inner[..end];
            if end > 0 && !text.starts_with(' ') && !text.ends_with(' ') {
                return Some((Inline::Italic(text.to_owned()), &inner[end + 1..]));
            }
            return None;
        }
    }
    if let Some(inner) = s.strip_prefix('[') {
        let close = inner.find("](")?;
        let text = &inner[..close];
        let tail = &inner[close + 2..];
        let end = tail.find(')')?;
        let href = &tail[..end];
        if !text.is_empty() && safe_href(href) {
            return Some((Inline::Link { text: text.to_owned(), href: href.to_owned() }, &tail[end + 1..]));
        }
        return None;
    }
    if s.starts_with("https://") || s.starts_with("http://") {
        let end = s.find(char::is_whitespace).unwrap_or(s.len());
        // A sentence's full stop or closing bracket is not part of the address.
        let trimmed = s[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
        if safe_href(trimmed) && trimmed.len() > "https://".len() {
            return Some((Inline::Link { text: trimmed.to_owned(), href: trimmed.to_owned() }, &s[trimmed.len()..]));
        }
        return None;
    }
    if let Some(after_at) = s.strip_prefix('@') {
        let name = mention_at(after_at, names)?;
        return Some((Inline::Mention(name.to_owned()), &after_at[name.len()..]));
    }
    None
}

/// The longest of `names` that `s` starts with (case-insensitively), followed by a
/// character that cannot continue a name.
fn mention_at<'a>(s: &'a str, names: &[String]) -> Option<&'a str> {
    names
        .iter()
        .filter(|n| !n.is_empty() && s.len() >= n.len() && s.is_char_boundary(n.len()))
        .filter(|n| s[..n.len()].to_lowercase() == n.to_lowercase())
        .filter(|n| !s[n.len()..].chars().next().is_some_and(char::is_alphanumeric))
        .map(|n| &s[..n.len()])
        .max_by_key(|n| n.len())
}

/// The members `body` mentions as `@Name`, from `members` (id, name); each once.
pub fn mentioned(body: &str, members: &[(String, String)]) -> Vec<String> {
    let names: Vec<String> = members.iter().map(|(_, n)| n.clone()).collect();
    let mut out: Vec<String> = Vec::new();
    for (i, _) in body.match_indices('@') {
        // An address's @ (ana@clinic) is not a mention.
        if body[..i].chars().next_back().is_some_and(char::is_alphanumeric) {
            continue;
        }
        if let Some(name) = mention_at(&body[i + 1..], &names) {
            let lower = name.to_lowercase();
            for (id, n) in members {
                if n.to_lowercase() == lower && !out.contains(id) {
                    out.push(id.clone());
                }
            }
        }
    }
    out
}

/// Members whose name matches what follows the `@` being typed: the autocomplete's list.
pub fn suggest<'a>(typed: &str, members: &'a [(String, String)], limit: usize) -> Vec<&'a (String, String)> {
    let typed = super::search::fold(typed);
    let mut found: Vec<&(String, String)> = members
        .iter()
        .filter(|(_, n)| {
            let n = super::search::fold(n);
            n.starts_with(&typed) || n.split_whitespace().any(|w| w.starts_with(&typed))
        })
        .collect();
    found.sort_by_key(|(_, n)| n.to_lowercase());
    found.truncate(limit);
    found
}

/// The `@…` being typed just before the caret at byte `caret` of `text`, if any: where it
/// starts (the `@`) and what was typed after it.
pub fn typing_mention(text: &str, caret: usize) -> Option<(usize, &str)> {
    let before = text.get(..caret)?;
    let at = before.rfind('@')?;
    let typed = &before[at + 1..];
    let starts_word = before[..at].chars().next_back().is_none_or(|c| c.is_whitespace() || c == '(');
    (starts_word && typed.chars().count() <= 40 && !typed.contains('\n') && typed.split(' ').count() <= 3)
        .then_some((at, typed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn comment(id: &str, thread: &str, at: i64, author: &str) -> Comment {
        Comment {
            id: id.into(),
            map: MapId("m".into()),
            thread: thread.into(),
            anchor: Anchor::Card(CardId::from("c1")),
            author: author.into(),
            author_name: author.to_uppercase(),
            body: format!("text {id}"),
            created_at: Utc.timestamp_opt(at, 0).single().unwrap(),
            edited_at: None,
            deleted: false,
            resolved: false,
            resolved_by: None,
            mentions: vec![],
        }
    }

    #[test]
    fn bodies_are_trimmed_bounded_and_never_empty() {
        assert_eq!(clean_body("  hi  "), Ok("hi".into()));
        assert_eq!(clean_body(" \n "), Err(CommentError::Empty));
        assert_eq!(clean_body(&"é".repeat(MAX_COMMENT)).map(|s| s.chars().count()), Ok(MAX_COMMENT));
        assert_eq!(clean_body(&"x".repeat(MAX_COMMENT + 1)), Err(CommentError::TooLong { max: MAX_COMMENT as u32 }));
        assert_eq!(clean_body("a\u{0}b\nc\u{7}"), Ok("ab\nc".into()));
        assert_eq!(clean_guest_name("  \u{7} "), Err(CommentError::NameMissing));
        assert_eq!(clean_guest_name(" Rita "), Ok("Rita".into()));
    }

    #[test]
    fn comments_group_into_threads_in_order() {
        let mut a2 = comment("a2", "a", 30, "bob");
        a2.deleted = true;
        let list = [
            comment("b", "b", 20, "bob"),
            a2,
            comment("a1", "a", 25, "cy"),
            comment("a", "a", 10, "ana"),
            comment("orphan", "zzz", 5, "ana"),
        ];
        let ts = threads(&list);
        assert_eq!(ts.iter().map(|t| t.root.id.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(ts[0].replies.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["a1", "a2"]);
        assert_eq!(ts[0].live(), 2);
        assert!(ts[0].involves("cy") && !ts[1].involves("cy"));
        assert_eq!(ts[0].last_at(), Utc.timestamp_opt(30, 0).single().unwrap());
    }

    #[test]
    fn a_thread_with_every_comment_deleted_is_gone_but_a_deleted_first_comment_keeps_replies() {
        let mut root = comment("a", "a", 10, "ana");
        root.deleted = true;
        assert!(threads(&[root.clone()]).is_empty());
        let ts = threads(&[root, comment("a1", "a", 11, "bob")]);
        assert_eq!(ts.len(), 1);
        assert!(ts[0].root.deleted);
    }

    #[test]
    fn open_threads_are_counted_per_place_and_filters_pick_threads() {
        let mut resolved = comment("r", "r", 1, "ana");
        resolved.resolved = true;
        let mut on_stage = comment("s", "s", 2, "bob");
        on_stage.anchor = Anchor::Stage(StageId::from("s1"));
        let ts = threads(&[comment("a", "a", 0, "ana"), comment("b", "b", 3, "bob"), resolved, on_stage]);
        let counts = open_counts(&ts);
        assert_eq!(counts.get(&Anchor::Card(CardId::from("c1"))), Some(&2));
        assert_eq!(counts.get(&Anchor::Stage(StageId::from("s1"))), Some(&1));
        assert_eq!(counts.get(&Anchor::Map), None);
        let count = |f: ThreadFilter| ts.iter().filter(|t| f.keeps(t, "ana")).count();
        assert_eq!(
            [
                count(ThreadFilter::Open),
                count(ThreadFilter::Resolved),
                count(ThreadFilter::Mine),
                count(ThreadFilter::All)
            ],
            [3, 1, 2, 4]
        );
    }

    #[test]
    fn mentioned_people_then_the_thread_are_told_never_the_author_or_a_guest() {
        let m = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            notices_for("ana", &m(&["bob", "ana"]), &m(&["ana", "bob", "cy", "guest:x"])),
            vec![("bob".to_string(), NoticeKind::Mention), ("cy".to_string(), NoticeKind::Reply)]
        );
        assert_eq!(NoticeKind::parse(NoticeKind::Reply.as_str()), Some(NoticeKind::Reply));
        assert!(sees_comments(super::super::Role::Viewer, false));
        assert!(!sees_comments(super::super::Role::Viewer, true));
        assert!(sees_comments(super::super::Role::Commenter, true));
    }

    #[test]
    fn anchors_round_trip_through_their_parts() {
        for a in [Anchor::Map, Anchor::Stage(StageId::from("s")), Anchor::Card(CardId::from("c"))] {
            let (kind, id) = a.parts();
            assert_eq!(Anchor::from_parts(kind, id), Some(a));
        }
        assert_eq!(Anchor::from_parts("lane", "x"), None);
    }

    #[test]
    fn light_markup_renders_as_pieces_and_never_as_html() {
        let names = vec!["Ana Souza".to_string()];
        let r = render(
            "**Long** wait, _see_ [the log](https://x.io/a?b=1) or https://y.io/p. @ana souza!\n<b>x</b>",
            &names,
        );
        assert_eq!(
            r,
            vec![
                Inline::Bold("Long".into()),
                Inline::Text(" wait, ".into()),
                Inline::Italic("see".into()),
                Inline::Text(" ".into()),
                Inline::Link { text: "the log".into(), href: "https://x.io/a?b=1".into() },
                Inline::Text(" or ".into()),
                Inline::Link { text: "https://y.io/p".into(), href: "https://y.io/p".into() },
                Inline::Text(". ".into()),
                Inline::Mention("ana souza".into()),
                Inline::Text("!".into()),
                Inline::Break,
                Inline::Text("<b>x</b>".into()),
            ]
        );
        // Links that would run script are text; a lone star or underscore is text.
        assert_eq!(render("[x](javascript:alert(1))", &[]), vec![Inline::Text("[x](javascript:alert(1))".into())]);
        assert_eq!(render("2 * 3 = 6_", &[]), vec![Inline::Text("2 * 3 = 6_".into())]);
        assert_eq!(
            render("snake_case_name", &[]),
            vec![Inline::Text("snake".into()), Inline::Italic("case".into()), Inline::Text("name".into())]
        );
        assert_eq!(render("@Bob", &names), vec![Inline::Text("@Bob".into())]);
    }

    #[test]
    fn mentions_are_found_by_member_name_once_and_not_in_addresses() {
        let members = vec![
            ("u1".to_string(), "Ana".to_string()),
            ("u2".to_string(), "Ana Souza".to_string()),
            ("u3".to_string(), "Вера".to_string()),
        ];
        assert_eq!(mentioned("@Ana Souza and @вера, also @Ana Souza", &members), ["u2", "u3"]);
        assert_eq!(mentioned("@Ana, look", &members), ["u1"]);
        assert_eq!(mentioned("write to rita@Ana.com", &members), Vec::<String>::new());
        assert_eq!(mentioned("@Anastasia", &members), Vec::<String>::new());
    }

    #[test]
    fn the_autocomplete_suggests_members_by_any_word_of_their_name() {
        let members = vec![("u1".to_string(), "Ana Souza".to_string()), ("u2".to_string(), "Bruno Sá".to_string())];
        assert_eq!(suggest("so", &members, 5).len(), 1);
        assert_eq!(suggest("sa", &members, 5)[0].0, "u2", "accents are ignored");
        assert_eq!(suggest("", &members, 1).len(), 1);
        assert_eq!(typing_mention("hi @an", 6), Some((3, "an")));
        assert_eq!(typing_mention("mail ana@x", 10), None);
        assert_eq!(typing_mention("@Ana Souza is", 13), Some((0, "Ana Souza is")));
        assert_eq!(typing_mention("no at", 5), None);
    }
}
