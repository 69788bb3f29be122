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
