//! History, versions and restore (#16) by role over real HTTP: every member reads the
//! history and opens the past; editors and owners save versions and restore; a restore is
//! ordinary ops (the map is what it was, a safety version is saved first, the log grows).

use crate::authz::{new_map, people, percent, row};
use crate::support::{self, server_fn, WS};
use app::domain::Op;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_versions_and_restore_by_role() {
    let (addr, store) = support::start().await;
    let people = people(&store).await;
    let owner = people.sessions[0].clone();
    let map = new_map(&store, "Before").await;
    let id = map.to_string();
    let start = store.current_map(&map).await.unwrap().unwrap();

    row("read the history", &people, [200, 200, 200, 200, 401, 404], |_, who| {
        let id = id.clone();
        async move { server_fn(addr, "maps/history", who.as_ref(), &format!("id={id}")).await.status }
    })
    .await;
    row("save a version", &people, [200, 200, 403, 403, 401, 404], |i, who| {
        let id = id.clone();
        async move { server_fn(addr, "maps/save-version", who.as_ref(), &format!("id={id}&name=V{i}")).await.status }
    })
    .await;
    let versions = store.versions(&map).await.unwrap();
    assert_eq!(versions.len(), 2, "the owner's and the editor's");
    let v0 = versions.iter().find(|v| v.name == "V0").unwrap().clone();
    assert_eq!(v0.rev, start.rev);
    let empty = server_fn(addr, "maps/save-version", owner.as_ref(), &format!("id={id}&name=%20")).await;
    assert!(empty.body.contains("name_missing"), "{}", empty.body);

    // The map changes; the past stays readable by revision and by version.
    let stage = start.ordered_stages()[0].id.clone();
    for (n, op) in
        [Op::EditMap { title: Some("After".into()), description: None }, Op::DeleteStage { id: stage.clone() }]
            .into_iter()
            .enumerate()
    {
        app::server::maps::apply(&store, WS, &map, "Edu Editor", &format!("h{n}"), op).await.unwrap();
    }
    row("open the map as it was", &people, [200, 200, 200, 200, 401, 404], |_, who| {
        let (id, rev) = (id.clone(), start.rev);
        async move { server_fn(addr, "maps/at", who.as_ref(), &format!("id={id}&rev={rev}")).await.status }
    })
    .await;
    let past: Value = serde_json::from_str(
        &server_fn(addr, "maps/at", owner.as_ref(), &format!("id={id}&rev={}", start.rev)).await.body,
    )
    .unwrap();
    assert_eq!(past["title"], "Before");
    assert!(past["stages"].get(stage.as_str()).is_some(), "the deleted stage is there in the past");
    let page: Value =
        serde_json::from_str(&server_fn(addr, "maps/history", owner.as_ref(), &format!("id={id}")).await.body).unwrap();
    assert_eq!(page["entries"][0]["author"], "Edu Editor", "newest first: {page}");
    assert_eq!(page["entries"][0]["to_rev"], start.rev + 2);

    // Restore version V0: editors and owners; the commenter and viewer may not.
    let restore = format!("id={id}&to%5Bversion%5D={}&name={}", v0.id, percent("V0"));
    row("restore a version", &people, [200, 200, 403, 403, 401, 404], |_, who| {
        let form = restore.clone();
        async move { server_fn(addr, "maps/restore-to", who.as_ref(), &form).await.status }
    })
    .await;
    let now = store.current_map(&map).await.unwrap().unwrap();
    assert_eq!(now.title, "Before");
    assert!(now.stages.contains_key(&stage), "the stage is back");
    assert!(now.rev > start.rev + 2, "a restore is new ops in the log");
    let after = store.versions(&map).await.unwrap();
    assert!(after.iter().any(|v| v.safety && v.name.contains("V0")), "a safety version came first: {after:?}");
    // The safety version restores what the restore replaced (the restore is undoable).
    let safety = after.iter().find(|v| v.safety).unwrap();
    let undo = format!("id={id}&to%5Bversion%5D={}&name=undo", safety.id);
    let r = server_fn(addr, "maps/restore-to", owner.as_ref(), &undo).await;
    assert_eq!(r.status, 200, "{}", r.body);
    // One past change is taken back alone, unless a later one builds on it.
    let rev = store.current_map(&map).await.unwrap().unwrap().rev;
    for (n, title) in ["First", "Second"].into_iter().enumerate() {
        let op = Op::EditMap { title: None, description: Some(title.into()) };
        app::server::maps::apply(&store, WS, &map, "Edu Editor", &format!("r{n}"), op).await.unwrap();
    }
    let refused =
        server_fn(addr, "maps/revert", owner.as_ref(), &format!("id={id}&from={}&to={}", rev + 1, rev + 1)).await;
    assert!(refused.body.contains("depends_on_later"), "{}", refused.body);
    row("revert one change", &people, [200, 422, 403, 403, 401, 404], |_, who| {
        let form = format!("id={id}&from={}&to={}", rev + 2, rev + 2);
        async move { server_fn(addr, "maps/revert", who.as_ref(), &form).await.status }
    })
    .await;
    assert_eq!(store.current_map(&map).await.unwrap().unwrap().description, "First");
    // A share link sees no past.
    let s = server_fn(addr, "shares/create", owner.as_ref(), &format!("map={id}&role=commenter&days=3")).await;
    let token = serde_json::from_str::<String>(&s.body).unwrap().replace("/s/", "");
    assert_eq!(server_fn(addr, "maps/history", None, &format!("id={id}&share={token}")).await.status, 401);

    // A version exports in every format, for every member; a share link cannot reach it.
    let get = |who: Option<support::Session>, path: String| async move {
        let cookie = who.as_ref().map(|s| s.cookie.clone()).unwrap_or_default();
        let headers: Vec<(&str, &str)> = if cookie.is_empty() { vec![] } else { vec![("Cookie", cookie.as_str())] };
        support::http(addr, "GET", &path, &headers, b"").await
    };
    let json = format!("/api/maps/{id}/export/json?version={}", v0.id);
    row("export a version", &people, [200, 200, 200, 200, 401, 404], |_, who| {
        let path = json.clone();
        async move { get(who, path).await.status }
    })
    .await;
    let exported = get(owner.clone(), json.clone()).await;
    assert!(
        exported.body.contains("\"title\": \"Before\"") || exported.body.contains("\"title\":\"Before\""),
        "{}",
        exported.body
    );
    for format in app::formats::ExportFormat::ALL {
        let r = get(owner.clone(), format!("/api/maps/{id}/export/{}?version={}", format.as_str(), v0.id)).await;
        assert_eq!(r.status, 200, "{format:?}");
    }
    let through_link = get(None, format!("{json}&share={token}")).await;
    assert_eq!(through_link.status, 404, "{}", through_link.body);
    assert_eq!(get(owner.clone(), format!("/api/maps/{id}/export/json?version=nope")).await.status, 404);
}

/// The next ack of `client_op` on this socket.
async fn acked(ws: &mut support::Socket, client_op: &str) -> u64 {
    loop {
        match support::recv(ws).await {
            app::protocol::ServerMsg::Edit(app::protocol::EditReply::Ack { client_op: c, rev }) if c == client_op => {
                return rev
            }
            app::protocol::ServerMsg::Edit(app::protocol::EditReply::Reject { error, .. }) => {
                panic!("refused: {error:?}")
            }
            _ => {}
        }
    }
}

/// Undo survives a reload: the steps a member made on the board come back from the log as
/// they stood (edits, an undo), their own only, for editors and owners.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_survives_a_reload() {
    let (addr, store) = support::start().await;
    let people = people(&store).await;
    let (owner, editor) = (people.sessions[0].clone(), people.sessions[1].clone());
    let map = new_map(&store, "A").await;
    let id = map.to_string();
    let title = |t: &str| Op::EditMap { title: Some(t.into()), description: None };
    let mut ws = support::connect(addr, &map, owner.as_ref(), "Olga").await;
    let base = store.current_map(&map).await.unwrap().unwrap().rev;
    // A → B → C, then undo (back to B): the undo op is the inverse, sent as a step.
    for (client_op, op) in [("e1", title("B")), ("e2", title("C")), ("u.3", title("B"))] {
        support::send(&mut ws, &app::protocol::ClientMsg::op(client_op, base, op)).await;
        acked(&mut ws, client_op).await;
    }
    // The editor edits too; their step is not the owner's.
    let mut other = support::connect(addr, &map, editor.as_ref(), "Edu").await;
    let rev = store.current_map(&map).await.unwrap().unwrap().rev;
    support::send(&mut other, &app::protocol::ClientMsg::op("x1", rev, title("D"))).await;
    let upto = acked(&mut other, "x1").await;

    let steps = |who: Option<support::Session>| {
        let id = id.clone();
        async move {
            let r = server_fn(addr, "maps/steps", who.as_ref(), &format!("id={id}&upto={upto}")).await;
            assert_eq!(r.status, 200, "{}", r.body);
            serde_json::from_str::<app::api::history::Steps>(&r.body).unwrap()
        }
    };
    let mine = steps(owner.clone()).await;
    assert_eq!(mine.undo, vec![title("A")], "B's undo is left (C was undone)");
    assert_eq!(mine.redo, vec![title("C")], "and the undone C can be redone");
    let theirs = steps(editor.clone()).await;
    assert_eq!(theirs.undo, vec![title("B")]);
    // Only up to where the board opened: an earlier revision, fewer steps.
    let r = server_fn(addr, "maps/steps", owner.as_ref(), &format!("id={id}&upto={}", base + 1)).await;
    let early: app::api::history::Steps = serde_json::from_str(&r.body).unwrap();
    assert_eq!((early.undo, early.redo), (vec![title("A")], vec![]));

    row("read one's own undo steps", &people, [200, 200, 403, 403, 401, 404], |_, who| {
        let id = id.clone();
        async move { server_fn(addr, "maps/steps", who.as_ref(), &format!("id={id}&upto={upto}")).await.status }
    })
    .await;
}
