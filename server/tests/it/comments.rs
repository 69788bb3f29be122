//! Comments over real HTTP and websockets (#16): who may read, write, edit, delete and
//! resolve them (every role, signed out, another workspace, a view-only and a comment
//! share link); a comment reaches everyone on the map live, but not a view-only link;
//! a mention lands in the mentioned person's inbox.

use crate::authz::{new_map, people, percent, row};
use crate::support::{self, connect, connect_to, recv_or_end, server_fn};
use app::protocol::{ServerMsg, TalkNews};
use serde_json::Value;
use std::time::Duration;

fn comment_id(body: &str) -> String {
    let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    v.get("id").and_then(Value::as_str).unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comments_by_role_and_share_link() {
    let (addr, store) = support::start().await;
    let people = people(&store).await;
    let map = new_map(&store, "Talked about").await;
    let id = map.to_string();
    let stage = store.current_map(&map).await.unwrap().unwrap().ordered_stages()[0].id.clone();
    let post = |body: &str| format!("id={id}&anchor%5Bkind%5D=stage&anchor%5Bid%5D={stage}&body={}", percent(body));

    row("post a comment", &people, [200, 200, 200, 403, 401, 404], |i, who| {
        let form = post(&format!("Comment {i}"));
        async move { server_fn(addr, "maps/comment/post", who.as_ref(), &form).await.status }
    })
    .await;
    row("read the comments", &people, [200, 200, 200, 200, 401, 404], |_, who| {
        let id = id.clone();
        async move { server_fn(addr, "maps/comments", who.as_ref(), &format!("id={id}")).await.status }
    })
    .await;
    let all = store.comments(&map).await.unwrap();
    assert_eq!(all.len(), 3, "owner, editor and commenter wrote; nobody else");
    let by_commenter = all.iter().find(|c| c.body == "Comment 2").unwrap().id.clone();
    let by_editor = all.iter().find(|c| c.body == "Comment 1").unwrap().id.clone();

    // Only the author edits; the author or an owner deletes.
    row("edit the commenter's comment", &people, [403, 403, 200, 403, 401, 404], |_, who| {
        let form = format!("id={id}&comment={by_commenter}&body=Edited");
        async move { server_fn(addr, "maps/comment/edit", who.as_ref(), &form).await.status }
    })
    .await;
    row("resolve a thread", &people, [200, 200, 200, 403, 401, 404], |i, who| {
        let form = format!("id={id}&thread={by_commenter}&resolved={}", i % 2 == 0);
        async move { server_fn(addr, "maps/comment/resolve", who.as_ref(), &form).await.status }
    })
    .await;
    row("delete the editor's comment", &people, [200, 404, 404, 403, 401, 404], |_, who| {
        let form = format!("id={id}&comment={by_editor}");
        async move { server_fn(addr, "maps/comment/delete", who.as_ref(), &form).await.status }
    })
    .await;
    let after = store.comments(&map).await.unwrap();
    assert!(after.iter().any(|c| c.id == by_commenter && c.body == "Edited" && c.resolved));
    assert!(after.iter().any(|c| c.id == by_editor && c.deleted && c.body.is_empty()), "the owner moderated");

    // Bad input is refused with a reason and changes nothing.
    let owner = people.sessions[0].clone();
    let empty = server_fn(addr, "maps/comment/post", owner.as_ref(), &post("   ")).await;
    assert_eq!(empty.status, 422, "{}", empty.body);
    let long = server_fn(addr, "maps/comment/post", owner.as_ref(), &post(&"x".repeat(5001))).await;
    assert!(long.body.contains("too_long"), "{}", long.body);
    let nowhere = format!("id={id}&anchor%5Bkind%5D=card&anchor%5Bid%5D=nope&body=hi");
    assert!(server_fn(addr, "maps/comment/post", owner.as_ref(), &nowhere).await.body.contains("no_anchor"));
    let on_map = format!("id={id}&anchor%5Bkind%5D=map&body=About+the+whole+map");
    assert_eq!(server_fn(addr, "maps/comment/post", owner.as_ref(), &on_map).await.status, 200);
    assert_eq!(store.comments(&map).await.unwrap().len(), 4);

    // A view-only link sees no talk; a comment link lets a named guest write.
    let share = |role: &str| {
        let owner = owner.clone();
        let id = id.clone();
        let role = role.to_owned();
        async move {
            let r = server_fn(addr, "shares/create", owner.as_ref(), &format!("map={id}&role={role}&days=3")).await;
            let path: String = serde_json::from_str(&r.body).unwrap();
            path.strip_prefix("/s/").unwrap().to_owned()
        }
    };
    let viewing = share("viewer").await;
    let talking = share("commenter").await;
    let board = server_fn(addr, "maps/shared", None, &format!("token={viewing}")).await;
    assert!(board.body.contains("\"comments\":[]") && !board.body.contains("Edited"), "{}", board.body);
    assert_eq!(server_fn(addr, "maps/comments", None, &format!("id={id}&share={viewing}")).await.status, 403);
    let as_guest = |share: &str, name: &str| {
        format!("{}&share={share}&guest%5Bkey%5D={}&guest%5Bname%5D={name}", post("From a guest"), "k".repeat(32))
    };
    assert_eq!(server_fn(addr, "maps/comment/post", None, &as_guest(&viewing, "Rita")).await.status, 403);
    let nameless = server_fn(addr, "maps/comment/post", None, &as_guest(&talking, "")).await;
    assert!(nameless.body.contains("name_missing"), "{}", nameless.body);
    let guest = server_fn(addr, "maps/comment/post", None, &as_guest(&talking, "Rita")).await;
    assert_eq!(guest.status, 200, "{}", guest.body);
    let written: Value = serde_json::from_str(&guest.body).unwrap();
    assert_eq!(written["author_name"], "Rita");
    assert!(written["author"].as_str().unwrap().starts_with("guest:"));
    // The same browser edits its own comment; another key cannot.
    let gid = comment_id(&guest.body);
    let edit = |key: &str| {
        format!("id={id}&share={talking}&guest%5Bkey%5D={key}&guest%5Bname%5D=Rita&comment={gid}&body=Fixed")
    };
    assert_eq!(server_fn(addr, "maps/comment/edit", None, &edit(&"k".repeat(32))).await.status, 200);
    assert_eq!(server_fn(addr, "maps/comment/edit", None, &edit(&"z".repeat(32))).await.status, 403);
    // A link is for one map.
    let other = new_map(&store, "Other").await;
    let elsewhere = format!(
        "id={other}&share={talking}&anchor%5Bkind%5D=map&body=hi&guest%5Bkey%5D={}&guest%5Bname%5D=R",
        "k".repeat(32)
    );
    assert_eq!(server_fn(addr, "maps/comment/post", None, &elsewhere).await.status, 404);
    // Guests do not learn who the members are.
    assert_eq!(server_fn(addr, "maps/mentionable", None, &format!("id={id}&share={talking}")).await.status, 401);

    // The Markdown report carries the threads for those who see comments, not a view link.
    let path = format!("/api/maps/{id}/export/md");
    let cookie = owner.as_ref().unwrap().cookie.clone();
    let as_owner = support::http(addr, "GET", &path, &[("Cookie", cookie.as_str())], b"").await.body;
    assert!(as_owner.contains("## Comments") && as_owner.contains("Fixed"), "{as_owner}");
    let talked = support::http(addr, "GET", &format!("{path}?share={talking}"), &[], b"").await.body;
    assert!(talked.contains("Fixed"), "{talked}");
    let viewed = support::http(addr, "GET", &format!("{path}?share={viewing}"), &[], b"").await.body;
    assert!(viewed.starts_with("# ") && !viewed.contains("## Comments") && !viewed.contains("Fixed"), "{viewed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_reaches_the_map_live_and_a_mention_the_inbox() {
    let (addr, store) = support::start().await;
    let people = people(&store).await;
    let [owner, editor, ..] = [people.sessions[0].clone(), people.sessions[1].clone()];
    let map = new_map(&store, "Live talk").await;
    let id = map.to_string();
    let r = server_fn(addr, "shares/create", owner.as_ref(), &format!("map={id}&role=viewer&days=3")).await;
    let path: String = serde_json::from_str(&r.body).unwrap();
    let viewing = path.strip_prefix("/s/").unwrap().to_owned();

    let mut ed = connect(addr, &map, editor.as_ref(), "Edu").await;
    let mut link = connect_to(addr, &app::protocol::ws_map_path(&id, Some(&viewing)), None, "Guest", 0).await;
    // Let both join (welcome, people) before the comment is written.
    while recv_or_end(&mut ed, Duration::from_millis(500)).await.is_some() {}
    while recv_or_end(&mut link, Duration::from_millis(300)).await.is_some() {}

    let form = format!("id={id}&anchor%5Bkind%5D=map&body={}", percent("@Edu Editor please check the **prices**"));
    let posted = server_fn(addr, "maps/comment/post", owner.as_ref(), &form).await;
    assert_eq!(posted.status, 200, "{}", posted.body);
    let mut heard = None;
    while let Some(msg) = recv_or_end(&mut ed, Duration::from_secs(10)).await {
        if let ServerMsg::Talk(TalkNews::Comment { comment }) = msg {
            heard = Some(comment);
            break;
        }
    }
    let heard = heard.expect("the editor's board hears the comment");
    assert_eq!(heard.id, comment_id(&posted.body));
    assert_eq!(heard.mentions, vec![editor.as_ref().unwrap().user.clone()]);
    while let Some(msg) = recv_or_end(&mut link, Duration::from_millis(800)).await {
        assert!(!matches!(msg, ServerMsg::Talk(_)), "a view-only link hears no comment");
    }

    let inbox = server_fn(addr, "inbox", editor.as_ref(), "").await;
    let v: Value = serde_json::from_str(&inbox.body).unwrap();
    assert_eq!(v["unread"], 1, "{}", inbox.body);
    assert_eq!(v["notices"][0]["kind"], "mention");
    assert_eq!(v["notices"][0]["map_title"], "Live talk");
    // The editor replies: the owner is told of the reply.
    let reply = format!("id={id}&anchor%5Bkind%5D=map&thread={}&body=Done", heard.id);
    assert_eq!(server_fn(addr, "maps/comment/post", editor.as_ref(), &reply).await.status, 200);
    let owners: Value = serde_json::from_str(&server_fn(addr, "inbox", owner.as_ref(), "").await.body).unwrap();
    assert_eq!(owners["notices"][0]["kind"], "reply");
    let read: Value = serde_json::from_str(&server_fn(addr, "inbox/read", editor.as_ref(), "").await.body).unwrap();
    assert_eq!(read["unread"], 0);
    // Signed out, there is no inbox.
    assert_eq!(server_fn(addr, "inbox", None, "").await.status, 401);
}
