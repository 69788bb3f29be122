//! Facilitation (#17) over real HTTP and websockets: the workshop timer is set by owners
//! and editors only, reaches everyone on the map with the server's time, and a board that
//! connects later gets it after its welcome.

use crate::authz::{new_map, people, row};
use crate::support::{self, server_fn};
use app::domain::workshop::Timer;
use app::protocol::{PresenceNews, ServerMsg};

async fn timer_news(ws: &mut support::Socket) -> (Timer, chrono::DateTime<chrono::Utc>) {
    loop {
        if let ServerMsg::Presence(PresenceNews::Timer { timer, now }) = support::recv(ws).await {
            return (timer, now);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_timer_is_set_by_facilitators_and_reaches_everyone() {
    let (addr, store) = support::start().await;
    let people = people(&store).await;
    let (owner, viewer) = (people.sessions[0].clone(), people.sessions[3].clone());
    let map = new_map(&store, "Workshop").await;
    let id = map.to_string();
    let mut watching = support::connect(addr, &map, viewer.as_ref(), "Vera").await;

    let start = format!("id={id}&action=start&minutes=8");
    row("set the timer", &people, [200, 200, 403, 403, 401, 404], |_, who| {
        let form = start.clone();
        async move { server_fn(addr, "maps/timer", who.as_ref(), &form).await.status }
    })
    .await;
    let (timer, now) = timer_news(&mut watching).await;
    assert!(timer.running());
    let left = timer.left_at(now);
    assert!(left > 7 * 60_000 && left <= 8 * 60_000, "{left}");

    let pause = format!("id={id}&action=pause");
    assert_eq!(server_fn(addr, "maps/timer", owner.as_ref(), &pause).await.status, 200);
    loop {
        let (timer, _) = timer_news(&mut watching).await;
        if !timer.running() {
            break;
        }
    }
    // A board that opens now gets the timer right after its welcome.
    let mut late = support::connect(addr, &map, viewer.as_ref(), "Late").await;
    let (timer, _) = timer_news(&mut late).await;
    assert!(!timer.running() && timer.left_ms > 7 * 60_000);
    // A length out of range is refused, and nothing changes.
    let long = format!("id={id}&action=reset&minutes=999");
    let refused = server_fn(addr, "maps/timer", owner.as_ref(), &long).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(store.timer(&map).await.unwrap().unwrap(), timer);
}

/// The answer to op `client_op`, skipping everything else.
async fn reply_to(ws: &mut support::Socket, client_op: &str) -> app::protocol::EditReply {
    use app::protocol::EditReply;
    loop {
        if let ServerMsg::Edit(reply) = support::recv(ws).await {
            let id = match &reply {
                EditReply::Ack { client_op, .. } | EditReply::Reject { client_op, .. } => client_op.clone(),
            };
            if id == client_op {
                return reply;
            }
        }
    }
}

fn refused(reply: app::protocol::EditReply) -> Option<app::domain::OpError> {
    match reply {
        app::protocol::EditReply::Reject { error: app::protocol::Rejection::Refused { reason }, .. } => Some(reason),
        _ => None,
    }
}

/// A workshop's guest (#17): joins by the join link with a name, adds cards and changes
/// only their own, nothing while the board is locked, nothing of the map's shape; votes
/// within their allowance; and is out the moment the workshop ends. Every rule is the
/// server's: the socket refuses what the board would not offer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guest_changes_only_their_own_cards_votes_within_limits_and_leaves_with_the_workshop() {
    use app::domain::{Op, OpError};
    use app::protocol::{ClientMsg, EditReply};
    let (addr, store) = support::start().await;
    let people = people(&store).await;
    let owner = people.sessions[0].clone();
    let map = new_map(&store, "Workshop").await;
    let id = map.to_string();
    let form = format!("id={id}");
    row("start a workshop", &people, [200, 200, 403, 403, 401, 404], |_, who| {
        let form = form.clone();
        async move { server_fn(addr, "maps/workshop/start", who.as_ref(), &form).await.status }
    })
    .await;
    let join = store.workshop_join(&map).await.unwrap().expect("a join secret");
    // Nobody joins without a name or with a wrong link.
    let nameless = server_fn(addr, "workshop/enter", None, &format!("join={join}&name=%20")).await;
    assert_eq!(nameless.status, 422, "{}", nameless.body);
    let wrong = server_fn(addr, "workshop/enter", None, "join=jwj_0000&name=Gil").await;
    assert_eq!(wrong.status, 404);
    let joined = server_fn(addr, "workshop/enter", None, &format!("join={join}&name=Gil")).await;
    assert_eq!(joined.status, 200, "{}", joined.body);
    let key: String = serde_json::from_str(&joined.body).unwrap();
    assert!(key.starts_with("jgu_"));

    let current = store.current_map(&map).await.unwrap().unwrap();
    let theirs = support::card_op(&current, 0, "Owner's");
    let mut facilitator = support::connect(addr, &map, owner.as_ref(), "Olga").await;
    support::send(&mut facilitator, &ClientMsg::op("o1", current.rev, theirs.clone())).await;
    assert!(matches!(reply_to(&mut facilitator, "o1").await, EditReply::Ack { .. }));
    let Op::AddCard { card: owners } = theirs else { unreachable!() };

    let mut guest = support::connect_to(addr, &format!("/api/ws/maps/{map}?share={key}"), None, "Not my name", 0).await;
    let mine = support::card_op(&current, 1, "Guest's");
    let Op::AddCard { card: my_card } = mine.clone() else { unreachable!() };
    support::send(&mut guest, &ClientMsg::op("g1", 0, mine)).await;
    assert!(matches!(reply_to(&mut guest, "g1").await, EditReply::Ack { .. }), "a guest adds a card");
    let edit = |card: &app::domain::Card| Op::EditCard {
        id: card.id.clone(),
        text: Some("changed".into()),
        colour: None,
        tags: None,
        details: None,
    };
    support::send(&mut guest, &ClientMsg::op("g2", 0, edit(&my_card))).await;
    assert!(matches!(reply_to(&mut guest, "g2").await, EditReply::Ack { .. }), "and edits their own");
    support::send(&mut guest, &ClientMsg::op("g3", 0, Op::DeleteCard { id: owners.id.clone() })).await;
    assert_eq!(refused(reply_to(&mut guest, "g3").await), Some(OpError::NotYourCard));
    let stage = current.ordered_stages()[0].id.clone();
    support::send(&mut guest, &ClientMsg::op("g4", 0, Op::DeleteStage { id: stage })).await;
    assert_eq!(refused(reply_to(&mut guest, "g4").await), Some(OpError::FacilitatorOnly));
    let after = store.current_map(&map).await.unwrap().unwrap();
    assert!(after.cards.contains_key(&owners.id) && after.stages.len() == current.stages.len());
    // The log names the guest as they joined, not as their hello said.
    let logged = store.ops_since(&map, current.rev).await.unwrap();
    assert!(logged.iter().any(|o| o.author == "Gil"), "{:?}", logged.iter().map(|o| &o.author).collect::<Vec<_>>());

    // Locked: not even their own card.
    assert_eq!(
        server_fn(addr, "maps/workshop/lock", owner.as_ref(), &format!("id={id}&locked=true")).await.status,
        200
    );
    support::send(&mut guest, &ClientMsg::op("g5", 0, Op::DeleteCard { id: my_card.id.clone() })).await;
    assert_eq!(refused(reply_to(&mut guest, "g5").await), Some(OpError::BoardLocked));
    assert_eq!(
        server_fn(addr, "maps/workshop/lock", owner.as_ref(), &format!("id={id}&locked=false")).await.status,
        200
    );

    // A vote on the lanes of both cards, one vote each and one per card.
    let lanes =
        serde_json::json!({ "id": id, "lanes": [owners.lane, my_card.lane], "per_person": 1, "several": false });
    let start = support::http(
        addr,
        "POST",
        "/api/maps/vote/start",
        &[
            ("Content-Type", "application/json"),
            ("Origin", &format!("http://{addr}")),
            ("Cookie", &owner.as_ref().unwrap().cookie),
        ],
        lanes.to_string().as_bytes(),
    )
    .await;
    assert_eq!(start.status, 200, "{}", start.body);
    let cast = |card: &app::domain::CardId| format!("id={id}&card={card}&add=true&share={key}");
    assert_eq!(server_fn(addr, "maps/vote/cast", None, &cast(&owners.id)).await.status, 200);
    let over = server_fn(addr, "maps/vote/cast", None, &cast(&my_card.id)).await;
    assert_eq!(over.status, 422, "a second vote is over the allowance: {}", over.body);
    // A share link's holder has no votes; a viewer neither.
    let viewer = people.sessions[3].clone();
    assert_eq!(
        server_fn(addr, "maps/vote/cast", viewer.as_ref(), &format!("id={id}&card={}&add=true", owners.id))
            .await
            .status,
        403
    );
    assert_eq!(server_fn(addr, "maps/vote/reveal", None, &form).await.status, 401);
    let revealed = server_fn(addr, "maps/vote/reveal", owner.as_ref(), &form).await;
    assert_eq!(revealed.status, 200, "{}", revealed.body);
    let saved = store.current_map(&map).await.unwrap().unwrap();
    assert_eq!(saved.cards[&owners.id].details.votes, Some(1), "the count is saved on the card");
    assert_eq!(saved.cards[&my_card.id].details.votes, None);

    // A guest the facilitator removes is told so (not that the workshop ended); the
    // workshop goes on for the others.
    let tia = server_fn(addr, "workshop/enter", None, &format!("join={join}&name=Tia")).await;
    assert_eq!(tia.status, 200, "{}", tia.body);
    let tia_key: String = serde_json::from_str(&tia.body).unwrap();
    let mut tia_ws = support::connect_to(addr, &format!("/api/ws/maps/{map}?share={tia_key}"), None, "Tia", 0).await;
    let origin = format!("http://{addr}");
    let info = server_fn(addr, "maps/workshop/join", owner.as_ref(), &format!("id={id}&origin={origin}")).await;
    assert_eq!(info.status, 200, "{}", info.body);
    let info: app::domain::facilitation::JoinInfo = serde_json::from_str(&info.body).unwrap();
    let (tia_id, _) = info.guests.iter().find(|(_, name)| name == "Tia").expect("Tia is listed").clone();
    let removed = server_fn(addr, "maps/workshop/remove", owner.as_ref(), &format!("id={id}&guest={tia_id}")).await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert_eq!(support::close_code(&mut tia_ws).await, Some(app::protocol::CLOSE_REMOVED));

    // Ended: the guest's socket closes and their key opens nothing.
    assert_eq!(server_fn(addr, "maps/workshop/end", owner.as_ref(), &form).await.status, 200);
    assert_eq!(support::close_code(&mut guest).await, Some(app::protocol::CLOSE_NOT_FOUND));
    assert_eq!(server_fn(addr, "maps/shared", None, &format!("token={key}")).await.status, 404);
    let late = server_fn(addr, "workshop/enter", None, &format!("join={join}&name=Late")).await;
    assert_eq!(late.status, 404, "the join link ended with the workshop");
}
