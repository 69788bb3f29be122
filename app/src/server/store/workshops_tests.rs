//! The store's workshop tests: guests, votes, the compare-and-swap of the state, join links.
use super::*;

async fn store() -> Store {
    Store::open("mem://", None).await.unwrap()
}

#[tokio::test]
async fn a_workshop_keeps_guests_their_cards_and_votes_until_it_ends() {
    let s = store().await;
    let map = MapId::from("m1");
    let mut state = WorkshopState::new("w1".into(), chrono::Utc::now());
    s.start_workshop(&map, &state, "jwj_join", "Ana").await.unwrap();
    assert_eq!(s.workshop(&map).await.unwrap(), Some(state.clone()));
    assert_eq!(s.map_of_join("jwj_join").await.unwrap(), Some(map.clone()));
    let guest = GuestRow { id: "g1".into(), map: map.clone(), name: "Bia".into(), workshop: "w1".into() };
    assert!(s.add_guest(&guest, "jgu_secret", "jwj_join").await.unwrap());
    assert_eq!(s.guest("jgu_secret").await.unwrap(), Some(guest.clone()));
    assert_eq!(s.guest("jgu_other").await.unwrap(), None);
    s.add_guest_cards("g1", vec![CardId::from("c1"), CardId::from("c2")]).await.unwrap();
    s.add_guest_cards("g1", vec![CardId::from("c2")]).await.unwrap();
    assert_eq!(s.guest_cards("g1").await.unwrap().map(|c| c.len()), Some(2));

    let c1 = CardId::from("c1");
    for _ in 0..3 {
        s.cast_vote(&map, "r1", "g1", &c1, 1).await.unwrap();
    }
    s.cast_vote(&map, "r1", "u1", &c1, 1).await.unwrap();
    s.cast_vote(&map, "r1", "u1", &c1, -1).await.unwrap();
    s.cast_vote(&map, "r1", "u1", &c1, -1).await.unwrap();
    assert_eq!(s.my_votes(&map, "r1", "g1").await.unwrap().get(&c1), Some(&3));
    assert!(s.my_votes(&map, "r1", "u1").await.unwrap().is_empty(), "a vote taken back is gone, never below 0");
    assert_eq!(s.votes(&map, "r1").await.unwrap(), vec![(c1.clone(), 3)]);
    assert!(s.votes(&map, "r2").await.unwrap().is_empty());

    // A change made from a state read before another change is refused, not kept.
    let (_, before) = s.workshop_raw(&map).await.unwrap().unwrap();
    state.locked = true;
    assert!(s.swap_workshop(&map, &before, &state).await.unwrap());
    let mut stale = state.clone();
    stale.locked = false;
    assert!(!s.swap_workshop(&map, &before, &stale).await.unwrap(), "a stale write loses");
    assert!(s.workshop(&map).await.unwrap().unwrap().locked);

    let (_, now) = s.workshop_raw(&map).await.unwrap().unwrap();
    state.ended = true;
    assert!(s.swap_workshop(&map, &now, &state).await.unwrap());
    assert_eq!(s.guest("jgu_secret").await.unwrap(), None, "an ended workshop's guests are gone");
    assert_eq!(s.map_of_join("jwj_join").await.unwrap(), None);
    assert!(s.guests(&map).await.unwrap().is_empty());
    // A join that read the workshop before it ended cannot add a guest after.
    let late = GuestRow { id: "g2".into(), map: map.clone(), name: "Late".into(), workshop: "w1".into() };
    assert!(matches!(s.add_guest(&late, "jgu_late", "jwj_join").await, Err(StoreError::MapNotFound)));
    assert!(s.guests(&map).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_workshop_admits_a_bounded_number_of_guests_and_a_removed_one_is_out() {
    let s = store().await;
    let map = MapId::from("m1");
    s.start_workshop(&map, &WorkshopState::new("w1".into(), chrono::Utc::now()), "jwj_j", "Ana").await.unwrap();
    for i in 0..MAX_GUESTS {
        let g = GuestRow { id: format!("g{i}"), map: map.clone(), name: "G".into(), workshop: "w1".into() };
        assert!(s.add_guest(&g, &format!("jgu_{i}"), "jwj_j").await.unwrap());
    }
    let extra = GuestRow { id: "gx".into(), map: map.clone(), name: "G".into(), workshop: "w1".into() };
    assert!(!s.add_guest(&extra, "jgu_x", "jwj_j").await.unwrap());
    s.cast_vote(&map, "r1", "g0", &CardId::from("c1"), 1).await.unwrap();
    assert!(s.remove_guest(&map, "g0").await.unwrap());
    assert!(s.votes(&map, "r1").await.unwrap().is_empty(), "a removed guest's votes go with them");
    assert_eq!(s.guest_cards("g0").await.unwrap(), None);
    // A new join link: the old one admits nobody, those who joined stay.
    assert!(s.renew_join(&map, "jwj_new").await.unwrap());
    assert_eq!(s.map_of_join("jwj_j").await.unwrap(), None);
    assert_eq!(s.map_of_join("jwj_new").await.unwrap(), Some(map.clone()));
    let again = GuestRow { id: "g0b".into(), map: map.clone(), name: "G".into(), workshop: "w1".into() };
    assert!(matches!(s.add_guest(&again, "jgu_again", "jwj_j").await, Err(StoreError::MapNotFound)));
    assert!(s.guest("jgu_1").await.unwrap().is_some());
    assert!(!s.remove_guest(&MapId::from("other"), "g1").await.unwrap(), "only the map's own guests");
    assert_eq!(s.guest("jgu_0").await.unwrap(), None);
    assert!(s.guest("jgu_1").await.unwrap().is_some());
}
