//! The Trash (#16) by role: editors and owners move a map to it; a trashed map is "not
//! found" on every route (its board, its websocket, the REST API) until it is restored;
//! members see the Trash; editors and owners restore; only owners delete for good.

use crate::authz::{new_map, people, row};
use crate::support::{self, server_fn};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trash_restore_and_delete_forever_by_role() {
    let (addr, store) = support::start().await;
    let people = people(&store).await;
    let owner = people.sessions[0].clone();
    // The owner trashes A and the editor B; the others try C, which stays.
    let maps = [new_map(&store, "A").await, new_map(&store, "B").await, new_map(&store, "C").await];
    row("move a map to the Trash", &people, [200, 200, 403, 403, 401, 404], |i, who| {
        let id = maps[i.min(2)].clone();
        async move { server_fn(addr, "maps/delete", who.as_ref(), &format!("id={id}")).await.status }
    })
    .await;
    let id = maps[0].clone();
    assert_eq!(
        server_fn(addr, "maps/board", owner.as_ref(), &format!("id={id}")).await.status,
        404,
        "trashed: not found"
    );
    let listed = server_fn(addr, "maps/list", owner.as_ref(), "").await;
    assert!(!listed.body.contains(&id.to_string()), "not on the dashboard");
    row("list the Trash", &people, [200, 200, 200, 200, 401, 200], |_, who| async move {
        server_fn(addr, "maps/trash", who.as_ref(), "").await.status
    })
    .await;
    let outsider = server_fn(addr, "maps/trash", people.sessions[5].as_ref(), "").await;
    assert_eq!(outsider.body, "[]", "another workspace's Trash is its own");
    let trash = server_fn(addr, "maps/trash", owner.as_ref(), "").await;
    assert!(trash.body.contains("\"deleted_by\":\"Olga Owner\""), "{}", trash.body);
    // The owner restores map A (the editor then finds it restored already); B is deleted for good.
    row("restore a map", &people, [200, 404, 403, 403, 401, 404], |_, who| {
        let id = id.clone();
        async move { server_fn(addr, "maps/restore", who.as_ref(), &format!("id={id}")).await.status }
    })
    .await;
    assert_eq!(server_fn(addr, "maps/board", owner.as_ref(), &format!("id={id}")).await.status, 200);
    let b = maps[1].clone();
    // The outsider owns a workspace of their own, where the map is not.
    row("delete a map for good", &people, [200, 403, 403, 403, 401, 404], |_, who| {
        let b = b.clone();
        async move { server_fn(addr, "maps/delete-forever", who.as_ref(), &format!("id={b}")).await.status }
    })
    .await;
    assert!(store.trashed_maps(support::WS).await.unwrap().is_empty());
    assert_eq!(store.trashed_workspace(&b).await.unwrap(), None);
}
