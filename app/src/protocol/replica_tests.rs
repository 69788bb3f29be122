//! Tests of the replica: a model server (a log that applies a client op id once, acks,
//! rejects, catch-ups and snapshots) and clients whose messages are delayed, reordered,
//! duplicated and lost; random interleavings must converge to the server's map.
//!
//! Long on purpose: a test file (the model server and the scenarios against it).

use super::*;
use crate::domain::op_tests::{realise, sample, seed, Seed};
use crate::domain::{CardId, Entity, Op, OpError};
use crate::protocol::{EditMsg, Rejection, SessionMsg, MAX_CATCH_UP};
use proptest::prelude::*;
use std::collections::HashMap;

/// Equal up to the revision (a view that only took back its own ops keeps an older rev).
fn same(a: &Map, b: &Map) -> bool {
    let mut a = a.clone();
    a.rev = b.rev;
    a == *b
}

/// The server's side, as the store and the websocket behave.
struct Server {
    map: Map,
    log: Vec<LoggedOp>,
    /// The rev each applied client op id got (an op sent again is applied once).
    revs: HashMap<String, u64>,
    /// Ops to refuse whatever they are (a server rule the client cannot check).
    refuse: Vec<String>,
}

impl Server {
    fn new(map: Map) -> Self {
        Server { map, log: Vec::new(), revs: HashMap::new(), refuse: Vec::new() }
    }

    /// One client op: its reply, and the op for every connection's live feed if it applied.
    fn edit(&mut self, client_op: String, op: Op) -> (ServerMsg, Option<LoggedOp>) {
        if let Some(rev) = self.revs.get(&client_op) {
            return (EditReply::Ack { client_op, rev: *rev }.into(), None);
        }
        let refused = if self.refuse.contains(&client_op) {
            Err(OpError::NotFound { what: Entity::Card })
        } else {
            self.map.apply(&op).map(|_| ())
        };
        match refused {
            Ok(()) => {
                self.map.rev += 1;
                let rev = self.map.rev;
                self.revs.insert(client_op.clone(), rev);
                let logged = LoggedOp { rev, author: "x".into(), client_op: client_op.clone(), op };
                self.log.push(logged.clone());
                (EditReply::Ack { client_op, rev }.into(), Some(logged))
            }
            Err(reason) => (EditReply::Reject { client_op, error: Rejection::Refused { reason } }.into(), None),
        }
    }

    fn catch_up(&self, last_rev: u64) -> ServerMsg {
        if last_rev > self.map.rev || self.map.rev - last_rev > MAX_CATCH_UP {
            return SyncMsg::Snapshot { you: "y".into(), map: self.map.clone() }.into();
        }
        let ops = self.log.iter().filter(|o| o.rev > last_rev).cloned().collect();
        SyncMsg::Welcome { you: "y".into(), rev: self.map.rev, ops }.into()
    }
}

/// A client on an unreliable connection.
struct Client {
    replica: Replica,
    /// Sent, not yet at the server.
    outbox: VecDeque<ClientMsg>,
    /// At the client's door, not yet taken.
    inbox: VecDeque<ServerMsg>,
    name: String,
    ids: usize,
    /// What the board shows, kept as `Sync` keeps it: local edits and a message's
    /// `view_ops` applied in place, the whole view copied only when that is asked. (Kept
    /// by the random interleavings of `run`, whose edits all go through `show_local`.)
    shown: Option<Map>,
}

impl Client {
    fn new(map: Map, name: &str) -> Self {
        Client {
            replica: Replica::new(map),
            shown: None,
            outbox: VecDeque::new(),
            inbox: VecDeque::new(),
            name: name.into(),
            ids: 0,
        }
    }

    fn id(&mut self) -> String {
        self.ids += 1;
        format!("{}-{}", self.name, self.ids)
    }

    fn take(&mut self, msg: ServerMsg) {
        let got = self.replica.receive(msg);
        assert!(!got.diverged, "the log always applies to the confirmed map");
        if let Some(rev) = got.catch_up {
            self.outbox.push_back(ClientMsg::catch_up(rev));
        }
        self.outbox.extend(got.send);
        if let Some(shown) = self.shown.as_mut().filter(|_| got.changed) {
            if got.view_ops.is_empty() || !got.view_ops.iter().all(|op| shown.apply(op).is_ok()) {
                *shown = self.replica.view().clone();
            }
        }
        self.check_view();
    }

    /// A local edit (or undo, redo): shown in place as the board shows it.
    fn show_local(&mut self, msgs: &[ClientMsg]) {
        if let Some(shown) = self.shown.as_mut() {
            if !msgs.iter().all(|m| m.edit_op().is_some_and(|op| shown.apply(op).is_ok())) {
                *shown = self.replica.view().clone();
            }
        }
    }

    /// The view is always the confirmed map plus the pending ops, and what the board
    /// shows by applying the view's changes in place is the view.
    fn check_view(&self) {
        if let Some(shown) = &self.shown {
            assert!(same(shown, self.replica.view()), "{}: shown in place = the view", self.name);
        }
        let mut expect = self.replica.confirmed().clone();
        for p in self.replica.pending() {
            expect.apply(&p.op).expect("a pending op applies to the view");
        }
        assert!(same(self.replica.view(), &expect), "view = confirmed + pending");
    }

    fn reconnect(&mut self) {
        self.outbox.clear();
        self.inbox.clear();
        self.outbox.push_back(ClientMsg::hello(self.replica.rev(), self.name.clone(), "#123456"));
    }
}

/// Delivers client `i`'s next message to the server.
fn to_server(server: &mut Server, clients: &mut [Client], i: usize) {
    let Some(msg) = clients[i].outbox.pop_front() else { return };
    match msg {
        ClientMsg::Edit(EditMsg::Op { client_op, op, .. }) => {
            let (reply, logged) = server.edit(client_op, op);
            clients[i].inbox.push_back(reply);
            if let Some(logged) = logged {
                for c in clients.iter_mut() {
                    c.inbox.push_back(SyncMsg::Remote(logged.clone()).into());
                }
            }
        }
        ClientMsg::Session(SessionMsg::Hello { last_rev, .. }) => {
            let reply = server.catch_up(last_rev);
            clients[i].inbox.push_back(reply);
        }
        ClientMsg::Presence(_) => {}
    }
}

/// Delivers everything in flight, in order, until nothing moves.
fn settle(server: &mut Server, clients: &mut [Client]) {
    loop {
        let mut moved = false;
        for i in 0..clients.len() {
            while !clients[i].outbox.is_empty() {
                to_server(server, clients, i);
                moved = true;
            }
            while let Some(msg) = clients[i].inbox.pop_front() {
                clients[i].take(msg);
                moved = true;
            }
        }
        if !moved {
            return;
        }
    }
}

fn assert_converged(server: &Server, clients: &[Client]) {
    for c in clients {
        assert_eq!(c.replica.confirmed(), &server.map, "{}: confirmed = the server's map", c.name);
        assert!(same(c.replica.view(), &server.map), "{}: the view shows the server's map", c.name);
        assert_eq!(c.replica.pending().len(), 0, "{}: nothing left pending", c.name);
        assert_eq!(c.replica.waiting(), 0, "{}: nothing waits for a gap", c.name);
    }
}

#[derive(Clone, Debug)]
enum Step {
    Edit(usize, Seed),
    Undo(usize),
    Redo(usize),
    ToServer(usize),
    /// Takes one of the first three messages at the door (reordering the feed, up to the
    /// next catch-up).
    ToClient(usize, usize),
    /// An op of the live feed at the door arrives twice.
    Duplicate(usize),
    /// The connection breaks: whatever is in flight is lost; it says hello again.
    Reconnect(usize),
    /// The server sends the whole map (a connection that lagged).
    Snapshot(usize),
}

fn step(clients: usize) -> impl Strategy<Value = Step> {
    let c = 0..clients;
    prop_oneof![
        6 => (c.clone(), seed()).prop_map(|(i, s)| Step::Edit(i, s)),
        1 => c.clone().prop_map(Step::Undo),
        1 => c.clone().prop_map(Step::Redo),
        6 => c.clone().prop_map(Step::ToServer),
        6 => (c.clone(), 0usize..3).prop_map(|(i, k)| Step::ToClient(i, k)),
        1 => c.clone().prop_map(Step::Duplicate),
        1 => c.clone().prop_map(Step::Reconnect),
        1 => c.prop_map(Step::Snapshot),
    ]
}

fn is_catch_up(msg: &ServerMsg) -> bool {
    matches!(msg, ServerMsg::Sync(SyncMsg::Welcome { .. } | SyncMsg::Snapshot { .. }))
}

fn run(steps: &[Step], clients: usize) {
    let start = sample();
    let mut server = Server::new(start.clone());
    let mut cs: Vec<Client> = (0..clients).map(|i| Client::new(start.clone(), &format!("c{i}"))).collect();
    for c in &mut cs {
        c.shown = Some(start.clone());
    }
    for (n, s) in steps.iter().enumerate() {
        match s {
            Step::Edit(i, seed) => {
                let c = &mut cs[*i];
                let Some(op) = realise(c.replica.view(), seed, n) else { continue };
                let id = c.id();
                if let Ok(msg) = c.replica.local(id, op) {
                    c.show_local(std::slice::from_ref(&msg));
                    c.outbox.push_back(msg);
                }
            }
            Step::Undo(i) | Step::Redo(i) => {
                let c = &mut cs[*i];
                let id = c.id();
                let sent = if matches!(s, Step::Undo(_)) { c.replica.undo(id) } else { c.replica.redo(id) };
                if let Ok(msgs) = sent {
                    c.show_local(&msgs);
                    c.outbox.extend(msgs);
                }
            }
            Step::ToServer(i) => to_server(&mut server, &mut cs, *i),
            Step::ToClient(i, k) => {
                let c = &mut cs[*i];
                // Answers and the live feed may overtake each other; nothing overtakes a
                // catch-up (the socket sends it before what follows).
                let barrier = c.inbox.iter().position(is_catch_up).unwrap_or(c.inbox.len());
                let k = if barrier == 0 { 0 } else { (*k).min(barrier - 1) };
                if let Some(msg) = c.inbox.remove(k) {
                    c.take(msg);
                }
            }
            Step::Duplicate(i) => {
                // The live feed may deliver an op twice.
                let remote = cs[*i].inbox.iter().find(|m| matches!(m, ServerMsg::Sync(SyncMsg::Remote(_)))).cloned();
                if let Some(msg) = remote {
                    cs[*i].inbox.push_back(msg);
                }
            }
            Step::Reconnect(i) => cs[*i].reconnect(),
            Step::Snapshot(i) => {
                let msg = SyncMsg::Snapshot { you: "y".into(), map: server.map.clone() };
                cs[*i].inbox.push_back(msg.into());
            }
        }
        cs.iter().for_each(Client::check_view);
    }
    settle(&mut server, &mut cs);
    assert_converged(&server, &cs);
    // Every op the log holds has a distinct client op id: none was applied twice.
    let mut ids: Vec<&str> = server.log.iter().map(|o| o.client_op.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), server.log.len());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Two replicas and a server fed random interleavings of edits, undo and redo,
    /// reordered, duplicated and lost messages, reconnects and snapshots converge to the
    /// server's map, and no op is applied twice.
    #[test]
    fn two_replicas_and_a_server_converge(steps in proptest::collection::vec(step(2), 1..120)) {
        run(&steps, 2);
    }

    /// The log's ops delivered shuffled and some twice: the replica applies each once, in
    /// rev order, and ends at the server's map.
    #[test]
    fn out_of_order_and_duplicated_delivery(
        seeds in proptest::collection::vec(seed(), 1..40),
        order in Just((0..80usize).collect::<Vec<_>>()).prop_shuffle(),
        twice in proptest::collection::vec(0..80usize, 0..20),
    ) {
        let start = sample();
        let mut server = Server::new(start.clone());
        for (n, s) in seeds.iter().enumerate() {
            if let Some(op) = realise(&server.map, s, n) {
                server.edit(format!("w{n}"), op);
            }
        }
        let log = server.log.clone();
        let mut replica = Replica::new(start);
        let mut applied = Vec::new();
        let deliveries = order.iter().chain(&twice).filter(|i| **i < log.len());
        for i in deliveries {
            let got = replica.remote(log[*i].clone());
            prop_assert!(!got.diverged);
            applied.extend(got.applied.iter().map(|o| o.rev));
        }
        prop_assert_eq!(replica.confirmed(), &server.map);
        prop_assert_eq!(replica.waiting(), 0);
        prop_assert_eq!(applied, log.iter().map(|o| o.rev).collect::<Vec<_>>(), "each rev once, in order");
    }

    /// Local ops queued; the server refuses one in the middle: the view drops exactly that
    /// one (and any that needed it), the others stay pending and are confirmed later.
    #[test]
    fn a_reject_in_the_middle_of_the_queue(seeds in proptest::collection::vec(seed(), 2..20), pick in any::<prop::sample::Index>()) {
        let start = sample();
        let mut server = Server::new(start.clone());
        let mut c = Client::new(start, "a");
        for (n, s) in seeds.iter().enumerate() {
            if let Some(op) = realise(c.replica.view(), s, n) {
                let id = c.id();
                if let Ok(msg) = c.replica.local(id, op) {
                    c.outbox.push_back(msg);
                }
            }
        }
        let queued: Vec<Pending> = c.replica.pending().cloned().collect();
        prop_assume!(queued.len() >= 2);
        let refused = queued[pick.index(queued.len())].clone();
        server.refuse.push(refused.client_op.clone());
        let mut cs = vec![c];
        while !cs[0].outbox.is_empty() {
            to_server(&mut server, &mut cs, 0);
        }
        // The reject arrives before any echo: the queue loses that op only.
        let c = &mut cs[0];
        let reject = c.inbox.iter().position(|m| matches!(m, ServerMsg::Edit(EditReply::Reject { client_op, .. }) if *client_op == refused.client_op));
        let reject = c.inbox.remove(reject.expect("the op was refused")).expect("present");
        c.take(reject);
        prop_assert!(c.replica.pending().all(|p| p.client_op != refused.client_op));
        let mut expect = start_of(&c.replica);
        for p in queued.iter().filter(|p| p.client_op != refused.client_op) {
            let _ = expect.apply(&p.op);
        }
        prop_assert!(same(c.replica.view(), &expect), "the view is the queue without the refused op");
        settle(&mut server, &mut cs);
        assert_converged(&server, &cs);
    }

    /// Ops sent, applied, and their echoes lost with the connection: after the hello the
    /// welcome brings them back, the replica sends only what is still pending, and the
    /// server applies nothing twice.
    #[test]
    fn resend_after_reconnect(seeds in proptest::collection::vec(seed(), 1..30), reach in 0usize..30, lost in any::<bool>()) {
        let start = sample();
        let mut server = Server::new(start.clone());
        let mut cs = vec![Client::new(start, "a")];
        for (n, s) in seeds.iter().enumerate() {
            let c = &mut cs[0];
            if let Some(op) = realise(c.replica.view(), s, n) {
                let id = c.id();
                if let Ok(msg) = c.replica.local(id, op) {
                    c.outbox.push_back(msg);
                }
            }
        }
        let sent = cs[0].replica.pending().len();
        // Some reach the server (and, when `lost`, their answers never come back).
        for _ in 0..reach.min(sent) {
            to_server(&mut server, &mut cs, 0);
        }
        if lost {
            cs[0].reconnect();
        } else {
            // Answers arrive, the rest is lost; then the connection breaks.
            while let Some(m) = cs[0].inbox.pop_front() {
                cs[0].take(m);
            }
            cs[0].reconnect();
        }
        settle(&mut server, &mut cs);
        assert_converged(&server, &cs);
        let ids: std::collections::HashSet<&str> = server.log.iter().map(|o| o.client_op.as_str()).collect();
        prop_assert_eq!(ids.len(), server.log.len(), "no op applied twice");
    }
}

/// The confirmed map of a replica.
fn start_of(r: &Replica) -> Map {
    r.confirmed().clone()
}

fn add_card(map: &Map, id: &str) -> Op {
    let stage = map.ordered_stages()[0].id.clone();
    let lane = map.ordered_lanes()[0].id.clone();
    Op::AddCard {
        card: crate::domain::Card {
            author: None,
            id: CardId::from(id),
            order: map.card_key_at(&stage, &lane, 0, None),
            stage,
            lane,
            text: id.into(),
            colour: crate::domain::Colour::Blue,
            tags: vec![],
            details: Default::default(),
        },
    }
}

fn edit_text(id: &str, text: &str) -> Op {
    Op::EditCard { id: CardId::from(id), text: Some(text.into()), colour: None, tags: None, details: None }
}

#[test]
fn undo_after_a_remote_edit_keeps_the_remote_edit() {
    let start = sample();
    let mut server = Server::new(start.clone());
    let mut cs = vec![Client::new(start.clone(), "a"), Client::new(start, "b")];
    // A adds a card; B edits another one; both confirmed.
    let op = add_card(cs[0].replica.view(), "mine");
    let id = cs[0].id();
    let msg = cs[0].replica.local(id, op).unwrap();
    cs[0].outbox.push_back(msg);
    let id = cs[1].id();
    let msg = cs[1].replica.local(id, edit_text("c1", "edited by B")).unwrap();
    cs[1].outbox.push_back(msg);
    settle(&mut server, &mut cs);
    assert!(cs[0].replica.view().cards.contains_key(&CardId::from("mine")));
    assert!(cs[0].replica.can_undo());
    // A undoes: its card goes, B's edit stays.
    let id = cs[0].id();
    let undo = cs[0].replica.undo(id).unwrap();
    assert_eq!(undo.len(), 1);
    assert_eq!(undo[0].edit_op(), Some(&Op::DeleteCard { id: CardId::from("mine") }));
    assert!(cs[0].replica.can_redo());
    cs[0].outbox.extend(undo);
    settle(&mut server, &mut cs);
    assert_converged(&server, &cs);
    assert!(!server.map.cards.contains_key(&CardId::from("mine")));
    assert_eq!(server.map.cards[&CardId::from("c1")].text, "edited by B");
    // B deletes the card A edited: A's undo of that edit no longer applies.
    let id = cs[0].id();
    let msg = cs[0].replica.local(id, edit_text("c2", "A's text")).unwrap();
    cs[0].outbox.push_back(msg);
    settle(&mut server, &mut cs);
    let id = cs[1].id();
    let msg = cs[1].replica.local(id, Op::DeleteCard { id: CardId::from("c2") }).unwrap();
    cs[1].outbox.push_back(msg);
    settle(&mut server, &mut cs);
    let id = cs[0].id();
    assert!(matches!(cs[0].replica.undo(id), Err(StepError::Stale(_))));
    assert!(!cs[0].replica.can_redo(), "a new edit cleared redo");
    let id = cs[0].id();
    assert_eq!(cs[0].replica.redo(id), Err(StepError::Empty));
    assert_converged(&server, &cs);
}

#[test]
fn a_gap_asks_for_a_catch_up_and_a_snapshot_keeps_later_ops() {
    let start = sample();
    let mut server = Server::new(start.clone());
    for n in 0..4 {
        server.edit(format!("w{n}"), add_card(&server.map.clone(), &format!("n{n}")));
    }
    let log = server.log.clone();
    let mut r = Replica::new(start.clone());
    // Rev 2 arrives before rev 1: it waits, and a catch-up from the confirmed rev is asked.
    let got = r.remote(log[1].clone());
    assert_eq!((got.catch_up, r.waiting(), got.changed), (Some(start.rev), 1, false));
    let got = r.remote(log[0].clone());
    assert_eq!(got.applied.iter().map(|o| o.rev).collect::<Vec<_>>(), [log[0].rev, log[1].rev]);
    assert!(got.changed && got.catch_up.is_none());
    // Rev 4 arrives, then a snapshot at rev 3: rev 4 still applies on top of it.
    r.remote(log[3].clone());
    let mut at3 = start;
    for o in &log[..3] {
        at3.apply(&o.op).unwrap();
        at3.rev = o.rev;
    }
    let got = r.snapshot(at3);
    assert!(got.changed);
    assert_eq!(r.confirmed(), &server.map);
    assert_eq!(r.waiting(), 0);
}

/// Undo after a reload: the stacks rebuilt from the log (`domain::steps`) undo exactly as
/// the tab that made the steps would have.
#[test]
fn steps_rebuilt_from_the_log_undo_like_the_tab() {
    use crate::domain::steps::{rebuild, Step, REDO_PREFIX, UNDO_PREFIX};
    let title = |t: &str| Op::EditMap { title: Some(t.into()), description: None };
    let mut map = Map::new(crate::domain::MapId("m".into()), "A");
    let mut tab = Replica::new(map.clone());
    // What the server logs: each op with its inverse, against the map as it was.
    let mut rows = Vec::new();
    for (i, step) in ["B", "C", "u", "D", "E", "u", "u", "r"].into_iter().enumerate() {
        let msg = match step {
            "u" => tab.undo(format!("{UNDO_PREFIX}{i}")).unwrap().remove(0),
            "r" => tab.redo(format!("{REDO_PREFIX}{i}")).unwrap().remove(0),
            t => tab.local(i.to_string(), title(t)).unwrap(),
        };
        let ClientMsg::Edit(EditMsg::Op { client_op, op, .. }) = msg else { panic!("an edit") };
        rows.push((Step::of(&client_op), map.apply(&op).unwrap()));
    }
    let (undo, redo) = rebuild(rows);
    let mut reloaded = Replica::new(map.clone());
    reloaded.restore_steps(undo, redo);
    assert!(tab.can_redo());
    assert_eq!(reloaded.can_redo(), tab.can_redo());
    assert_eq!(reloaded.view().title, "D");
    let titles = |r: &mut Replica| {
        let mut seen = Vec::new();
        while r.undo("x".into()).is_ok() {
            seen.push(r.view().title.clone());
        }
        seen
    };
    let from_tab = titles(&mut tab);
    assert_eq!(from_tab, vec!["B", "A"]);
    assert_eq!(titles(&mut reloaded), from_tab);
}

/// Steps rebuilt after this visit began go under its own.
#[test]
fn rebuilt_steps_go_under_this_visits() {
    let title = |t: &str| Op::EditMap { title: Some(t.into()), description: None };
    let mut r = Replica::new(Map::new(crate::domain::MapId("m".into()), "B"));
    r.local("1".into(), title("C")).unwrap();
    r.restore_steps(vec![title("A")], vec![title("Z")]);
    assert!(!r.can_redo(), "an edit of this visit cleared the older redo");
    r.undo("2".into()).unwrap();
    assert_eq!(r.view().title, "B");
    r.undo("3".into()).unwrap();
    assert_eq!(r.view().title, "A");
}

/// The queue a closed tab left in the browser's storage, as it is read back.
fn kept(r: &Replica) -> Vec<Pending> {
    let stored = serde_json::to_string(&r.pending().collect::<Vec<_>>()).unwrap();
    serde_json::from_str(&stored).unwrap()
}

#[test]
fn edits_made_offline_arrive_on_the_next_visit() {
    let start = sample();
    let mut server = Server::new(start.clone());
    let mut cs = vec![Client::new(start.clone(), "a"), Client::new(start, "b")];
    // A edits with the connection down; nothing reaches the server.
    let op = add_card(cs[0].replica.view(), "offline");
    let id = cs[0].id();
    cs[0].replica.local(id, op).unwrap();
    let id = cs[0].id();
    cs[0].replica.local(id, edit_text("c1", "written offline")).unwrap();
    let left = kept(&cs[0].replica);
    assert_eq!(left.len(), 2);
    // Meanwhile B changes something else.
    let id = cs[1].id();
    let msg = cs[1].replica.local(id, edit_text("c2", "by B")).unwrap();
    cs[1].outbox.push_back(msg);
    settle(&mut server, &mut cs[1..]);
    // A's next visit loads the map as it is now and takes the kept queue in.
    let mut next = Client::new(server.map.clone(), "a");
    assert_eq!(next.replica.adopt(left), 2);
    assert_eq!(next.replica.view().cards[&CardId::from("c1")].text, "written offline");
    assert!(!next.replica.can_undo(), "a kept op is not an undo step of this visit");
    next.reconnect();
    let mut cs = vec![next, Client::new(server.map.clone(), "b")];
    settle(&mut server, &mut cs);
    assert_converged(&server, &cs);
    assert!(server.map.cards.contains_key(&CardId::from("offline")));
    assert_eq!(server.map.cards[&CardId::from("c2")].text, "by B");
}

#[test]
fn a_kept_op_the_server_already_had_is_applied_once() {
    let start = sample();
    let mut server = Server::new(start.clone());
    let mut cs = vec![Client::new(start, "a")];
    let id = cs[0].id();
    let msg = cs[0].replica.local(id, edit_text("c1", "sent")).unwrap();
    cs[0].outbox.push_back(msg);
    // The op reaches the server, but the tab closes before the ack comes back.
    to_server(&mut server, &mut cs, 0);
    let left = kept(&cs[0].replica);
    let rev = server.map.rev;
    let mut cs = vec![Client::new(server.map.clone(), "a")];
    assert_eq!(cs[0].replica.adopt(left), 1);
    cs[0].reconnect();
    settle(&mut server, &mut cs);
    assert_converged(&server, &cs);
    assert_eq!(server.map.rev, rev, "sent again, not applied again");
}

#[test]
fn a_kept_op_that_no_longer_applies_is_dropped() {
    let start = sample();
    let mut server = Server::new(start.clone());
    let mut a = Replica::new(start.clone());
    a.local("a-1".into(), edit_text("c1", "offline")).unwrap();
    a.local("a-2".into(), edit_text("c2", "offline too")).unwrap();
    let left = kept(&a);
    // Someone deleted c1 meanwhile.
    let mut cs = vec![Client::new(start, "b")];
    let id = cs[0].id();
    let msg = cs[0].replica.local(id, Op::DeleteCard { id: CardId::from("c1") }).unwrap();
    cs[0].outbox.push_back(msg);
    settle(&mut server, &mut cs);
    let mut next = Replica::new(server.map.clone());
    assert_eq!(next.adopt(left.clone()), 1);
    assert_eq!(next.pending().map(|p| p.client_op.as_str()).collect::<Vec<_>>(), ["a-2"]);
    // Taking the same queue in twice queues nothing twice.
    assert_eq!(next.adopt(left), 0);
}

#[test]
fn a_group_of_edits_is_one_step_and_all_or_nothing() {
    let start = sample();
    let mut server = Server::new(start.clone());
    let mut cs = vec![Client::new(start.clone(), "a")];
    let (c1, c2) = (CardId::from("c1"), CardId::from("c2"));
    let colour = |id: &CardId| Op::EditCard {
        id: id.clone(),
        text: None,
        colour: Some(crate::domain::Colour::Red),
        tags: None,
        details: None,
    };
    // A group with an op that cannot apply changes nothing.
    let bad = vec![("g-1".into(), colour(&c1)), ("g-2".into(), Op::DeleteCard { id: CardId::from("nope") })];
    assert!(cs[0].replica.local_group(bad).is_err());
    assert_eq!(cs[0].replica.view(), &start, "the first op was taken back");
    assert!(!cs[0].replica.can_undo());
    // Two cards recoloured as one step.
    let msgs = cs[0].replica.local_group(vec![("g-3".into(), colour(&c1)), ("g-4".into(), colour(&c2))]).unwrap();
    assert_eq!(msgs.len(), 2);
    cs[0].outbox.extend(msgs);
    settle(&mut server, &mut cs);
    assert_eq!(server.map.cards[&c2].colour, crate::domain::Colour::Red);
    // One undo takes both back, sent under one id and its numbered followers.
    let msgs = cs[0].replica.undo("u-1".into()).unwrap();
    let ids: Vec<_> = msgs
        .iter()
        .map(|m| match m {
            ClientMsg::Edit(EditMsg::Op { client_op, .. }) => client_op.clone(),
            _ => panic!("an edit"),
        })
        .collect();
    assert_eq!(ids, ["u-1", "u-1.1"]);
    assert!(!cs[0].replica.can_undo());
    cs[0].outbox.extend(msgs);
    settle(&mut server, &mut cs);
    assert_converged(&server, &cs);
    assert_eq!(server.map.cards[&c1].colour, start.cards[&c1].colour);
    assert_eq!(server.map.cards[&c2].colour, start.cards[&c2].colour);
    // And one redo brings both again.
    assert_eq!(cs[0].replica.redo("r-1".into()).unwrap().len(), 2);
}

/// Someone's edit while nothing of ours waits is handed over as the op itself (the board
/// changes one card); while ours wait, the view is rebuilt and shown anew.
#[test]
fn a_remote_edit_is_shown_in_place_unless_ours_wait() {
    let start = sample();
    let mut server = Server::new(start.clone());
    let add = add_card(&start, "x");
    let (_, logged) = server.edit("them-1".into(), add.clone());
    let mut r = Replica::new(start.clone());
    let got = r.remote(logged.expect("logged"));
    assert!(got.changed);
    assert_eq!(got.view_ops, vec![add]);

    let edit = edit_text("x", "theirs");
    let (_, logged) = server.edit("them-2".into(), edit);
    r.local("me-1".into(), add_card(r.view(), "y")).expect("applies");
    let got = r.remote(logged.expect("logged"));
    assert!(got.changed && got.view_ops.is_empty(), "ours wait: the view is rebuilt");
    assert_eq!(r.view().cards[&CardId::from("x")].text, "theirs");
}

/// A snapshot replaces the view: even when ops held back after a gap then apply on top of
/// it, the board must show the view anew, not only those ops.
#[test]
fn a_snapshot_is_shown_anew() {
    let start = sample();
    let mut server = Server::new(start.clone());
    for n in 0..2 {
        server.edit(format!("w{n}"), add_card(&server.map.clone(), &format!("n{n}")));
    }
    let log = server.log.clone();
    let mut r = Replica::new(start.clone());
    r.remote(log[1].clone());
    let mut at1 = start;
    at1.apply(&log[0].op).unwrap();
    at1.rev = log[0].rev;
    let got = r.snapshot(at1);
    assert!(got.changed && got.view_ops.is_empty());
    assert_eq!(r.view().cards.len(), server.map.cards.len());
}

#[test]
fn a_move_rewrites_the_ops_waiting_here_and_the_undo_steps() {
    use crate::domain::transfer::Remap;
    use crate::domain::{CardDetails, PersonaId};
    let (map, _, personas) = crate::domain::templates::built(&crate::domain::templates::CLINIC, 0, "Clinic");
    let mut r = Replica::new(map.clone());
    let card = map.cards.values().find(|c| c.details.is_empty()).unwrap().clone();
    let details = CardDetails {
        channel: Some("c-0123456789ab".into()),
        feelings: [(personas[0].id.clone(), 1)].into(),
        ..Default::default()
    };
    let edit = Op::EditCard { id: card.id.clone(), text: None, colour: None, tags: None, details: Some(details) };
    r.local("mine".into(), edit).unwrap();
    let new_persona = PersonaId("p-new".into());
    let remap = Remap {
        personas: [(personas[0].id.clone(), new_persona.clone())].into(),
        channels: [("c-0123456789ab".to_owned(), "c-ba9876543210".to_owned())].into(),
        segments: Default::default(),
    };
    r.remote(LoggedOp { rev: map.rev + 1, author: "Olga".into(), client_op: "move-1".into(), op: remap.to_op() });
    let waiting = r.pending().next().unwrap();
    match &waiting.op {
        Op::EditCard { details: Some(d), .. } => {
            assert_eq!(d.channel.as_deref(), Some("c-ba9876543210"));
            assert!(d.feelings.contains_key(&new_persona));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(r.view().cards[&card.id].details.channel.as_deref(), Some("c-ba9876543210"));
    assert!(r.view().personas.contains(&new_persona));
    // Undo takes the edit back, in the new ids.
    r.undo("u1".into()).unwrap();
    assert!(r.view().cards[&card.id].details.is_empty());
}
