//! Facilitation on a map: the timer, the workshop (start, lock, end), its guests (join,
//! remove, what they may change); the dot vote is `voting`'s. Every change of the
//! workshop's state is a compare-and-swap ([`change`]). The rules are
//! `domain::workshop` and `domain::facilitation`'s; a change is stored, and the store's live
//! feed brings it to every process's room.

use super::store::workshops::GuestRow;
use super::store::{Store, StoreError};
use crate::domain::facilitation::{self, AgendaStep, JoinInfo, Lead, WorkshopError, WorkshopState, MAX_GUEST_CARDS};
use crate::domain::summary::WorkshopSummary;
use crate::domain::workshop::{Timer, TimerAction};
use crate::domain::{MapId, Op, OpError, SecretKind};
use crate::error::AppError;

/// Applies `action` to map `id`'s timer at the server's time and keeps the result.
pub async fn timer(store: &Store, id: &MapId, action: TimerAction) -> Result<Timer, AppError> {
    let current = store.timer(id).await?;
    let next = Timer::after(current.as_ref(), action, chrono::Utc::now())
        .map_err(|_| AppError::Invalid { field: "minutes".into() })?;
    store.put_timer(id, &next).await?;
    Ok(next)
}

/// Map `id`'s running workshop, if any.
pub async fn running(store: &Store, id: &MapId) -> Result<Option<WorkshopState>, AppError> {
    Ok(store.workshop(id).await?.filter(|w| !w.ended))
}

pub(super) async fn must_run(store: &Store, id: &MapId) -> Result<WorkshopState, AppError> {
    running(store, id).await?.ok_or(AppError::NotFound)
}

/// Changes map `id`'s running workshop with `f` and keeps it, compare-and-swap: when
/// something changed it meanwhile (a guest joining, another facilitator, another process,
/// its end) `f` runs again on what is stored now, so no change undoes another.
pub(super) async fn change(
    store: &Store,
    id: &MapId,
    mut f: impl FnMut(&mut WorkshopState) -> Result<(), AppError>,
) -> Result<WorkshopState, AppError> {
    for _ in 0..16 {
        let (mut w, raw) = store.workshop_raw(id).await?.filter(|(w, _)| !w.ended).ok_or(AppError::NotFound)?;
        f(&mut w)?;
        if store.swap_workshop(id, &raw, &w).await? {
            return Ok(w);
        }
        tokio::task::yield_now().await;
    }
    Err(AppError::Busy { retry_after_secs: 1 })
}

/// Starts a workshop on map `id` (or answers the one running).
pub async fn start(store: &Store, id: &MapId, by: &str) -> Result<WorkshopState, AppError> {
    if let Some(w) = running(store, id).await? {
        return Ok(w);
    }
    let rev = store.current_map(id).await?.ok_or(AppError::NotFound)?.rev;
    let mut state = WorkshopState::new(uuid::Uuid::new_v4().simple().to_string(), chrono::Utc::now());
    state.started_rev = rev;
    store.start_workshop(id, &state, &super::auth::generate(SecretKind::Join), by).await?;
    Ok(state)
}

/// The join dialog of map `id`'s workshop; `origin` is the address the facilitator's
/// browser uses, `bound` the address the server listens on.
pub async fn join_info(
    store: &Store,
    id: &MapId,
    origin: &str,
    bound: std::net::SocketAddr,
) -> Result<JoinInfo, AppError> {
    must_run(store, id).await?;
    let join = store.workshop_join(id).await?.ok_or(AppError::NotFound)?;
    let path = format!("/w/{join}");
    let link = format!("{}{path}", origin.trim_end_matches('/'));
    let elsewhere =
        lan_addresses(bound).into_iter().map(|a| format!("http://{a}{path}")).filter(|l| *l != link).collect();
    let guests = store.guests(id).await?.into_iter().map(|g| (g.id, g.name)).collect();
    Ok(JoinInfo { qr: qr_svg(&link)?, path, elsewhere, guests })
}

/// The join link's QR code as an SVG document.
fn qr_svg(link: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::M)
        .map_err(|_| AppError::Invalid { field: "link".into() })?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}

/// The addresses (with the port) people on the machine's networks can reach it at: every
/// non-loopback address when bound to all of them, the bound one when it is one of them,
/// none when bound to loopback only.
pub fn lan_addresses(bound: std::net::SocketAddr) -> Vec<String> {
    let ip = bound.ip();
    let port = bound.port();
    let show = |ip: std::net::IpAddr| match ip {
        std::net::IpAddr::V4(v4) => format!("{v4}:{port}"),
        std::net::IpAddr::V6(v6) => format!("[{v6}]:{port}"),
    };
    if ip.is_loopback() {
        return Vec::new();
    }
    if !ip.is_unspecified() {
        return vec![show(ip)];
    }
    let mut out: Vec<std::net::IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .map(|i| i.ip())
        .filter(|a| !a.is_loopback())
        .filter(|a| match a {
            // Link-local IPv6 needs a zone id a phone's browser does not take.
            std::net::IpAddr::V6(v6) => bound.is_ipv6() && (v6.segments()[0] & 0xffc0) != 0xfe80,
            std::net::IpAddr::V4(_) => true,
        })
        .collect();
    out.sort();
    out.dedup();
    out.into_iter().map(show).collect()
}

/// Locks or unlocks map `id`'s board for participants.
pub async fn set_locked(store: &Store, id: &MapId, locked: bool) -> Result<WorkshopState, AppError> {
    change(store, id, |w| {
        w.locked = locked;
        Ok(())
    })
    .await
}

/// Replaces map `id`'s agenda (the current step stays if it still exists).
pub async fn set_agenda(store: &Store, id: &MapId, steps: Vec<AgendaStep>) -> Result<WorkshopState, AppError> {
    let agenda = facilitation::clean_agenda(steps).map_err(AppError::Workshop)?;
    change(store, id, |w| {
        w.agenda = agenda.clone();
        w.step = w.step.filter(|s| *s < w.agenda.len());
        Ok(())
    })
    .await
}

/// Moves the room to agenda step `step` (none: before the first); a step with minutes
/// starts the timer for them.
pub async fn go_to_step(store: &Store, id: &MapId, step: Option<usize>) -> Result<WorkshopState, AppError> {
    let mut minutes = None;
    let w = change(store, id, |w| {
        minutes = match step {
            Some(s) => w.agenda.get(s).ok_or(AppError::Invalid { field: "step".into() })?.minutes,
            None => None,
        };
        w.step = step;
        Ok(())
    })
    .await?;
    if let Some(m) = minutes {
        timer(store, id, TimerAction::Start { minutes: Some(m) }).await?;
    }
    Ok(w)
}

/// Makes connection `conn` (of the person `name`) the board everyone follows, or nobody's.
pub async fn lead(store: &Store, id: &MapId, lead: Option<Lead>) -> Result<WorkshopState, AppError> {
    change(store, id, |w| {
        w.lead = lead.clone();
        Ok(())
    })
    .await
}

/// Ends map `id`'s workshop: every guest key stops working (the hub hears it and their
/// boards close).
pub async fn end(store: &Store, id: &MapId) -> Result<(), AppError> {
    change(store, id, |w| {
        w.ended = true;
        Ok(())
    })
    .await
    .map(|_| ())
}

/// A new join link for map `id`'s workshop (after removing someone who still has the old).
pub async fn renew_join(store: &Store, id: &MapId) -> Result<(), AppError> {
    if store.renew_join(id, &super::auth::generate(SecretKind::Join)).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn remove_guest(store: &Store, id: &MapId, guest: &str) -> Result<(), AppError> {
    if store.remove_guest(id, guest).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The title of the map a join link opens, for the guest page (404 once it ended).
pub async fn join_title(store: &Store, join: &str) -> Result<String, AppError> {
    let join = SecretKind::Join.parse(join).ok_or(AppError::NotFound)?;
    let map = store.map_of_join(join).await?.ok_or(AppError::NotFound)?;
    let m = store.current_map(&map).await?.ok_or(AppError::NotFound)?;
    Ok(m.title)
}

/// A guest joins with a name; answers their key (their board is `/s/<key>`).
pub async fn join(store: &Store, join: &str, name: &str) -> Result<String, AppError> {
    let name = facilitation::guest_name(name).ok_or(AppError::Workshop(WorkshopError::NameMissing))?;
    let join = SecretKind::Join.parse(join).ok_or(AppError::NotFound)?;
    let map = store.map_of_join(join).await?.ok_or(AppError::NotFound)?;
    let w = must_run(store, &map).await?;
    let secret = super::auth::generate(SecretKind::Guest);
    let guest =
        GuestRow { id: uuid::Uuid::new_v4().simple().to_string(), map: map.clone(), name, workshop: w.id.clone() };
    // Refused when the workshop ended (or its link was renewed) since it was read.
    match store.add_guest(&guest, &secret, join).await {
        Ok(true) => {}
        Ok(false) => return Err(AppError::Workshop(WorkshopError::Full)),
        Err(StoreError::MapNotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    }
    // The name stays for the summary after the guest's row is gone.
    change(store, &map, |w| {
        if w.id != guest.workshop {
            return Err(AppError::NotFound);
        }
        if !w.guests.contains(&guest.name) {
            w.guests.push(guest.name.clone());
        }
        Ok(())
    })
    .await?;
    Ok(secret)
}

/// The summary of map `id`'s workshop (running or ended), in the facilitator's words.
pub async fn summary(store: &Store, id: &MapId) -> Result<(crate::domain::Map, WorkshopSummary), AppError> {
    let state = store.workshop(id).await?.ok_or(AppError::NotFound)?;
    let map = store.current_map(id).await?.ok_or(AppError::NotFound)?;
    let ops = store.ops_since(id, state.started_rev).await?;
    let comments = super::comments::list(store, id).await?;
    let summary =
        crate::domain::summary::summarise(&map, &state, ops.iter().map(|o| (o.author.as_str(), &o.op)), &comments);
    Ok((map, summary))
}

/// `GET /api/maps/{id}/workshop/summary.{md,pdf}`: the workshop's summary as a download,
/// for members of the map's workspace.
pub async fn summary_handler(
    axum::extract::Path((id, file)): axum::extract::Path<(String, String)>,
    axum::extract::State(state): axum::extract::State<super::AppState>,
    who: Option<axum::Extension<super::auth::Identity>>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    let locale = crate::i18n::request_locale(&headers);
    let t = locale.messages();
    let id = MapId(id);
    let result = async {
        let who = who.ok_or(AppError::Unauthorized)?;
        super::auth::map_role(&state.store, &who, &id, crate::domain::Capability::View).await?;
        let (map, s) = summary(&state.store, &id).await?;
        match file.as_str() {
            "summary.md" => {
                Ok((crate::formats::summary::markdown(t, &map, &s).into_bytes(), "text/markdown; charset=utf-8", "md"))
            }
            "summary.pdf" => {
                let svg = crate::formats::summary::svg(t, &map, &s);
                let pdf =
                    state.renders.run(&format!("user:{}", who.user), move || crate::formats::render::pdf(&svg)).await?;
                Ok((
                    pdf.map_err(|e| {
                        tracing::error!(error = %e, "summary not drawn");
                        AppError::Internal
                    })?,
                    "application/pdf",
                    "pdf",
                ))
            }
            _ => Err(AppError::NotFound),
        }
    }
    .await;
    match result {
        Ok((bytes, kind, ext)) => (
            [
                (header::CONTENT_TYPE, kind.to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"workshop-summary.{ext}\"")),
                (header::CACHE_CONTROL, "no-store".to_owned()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            let status = if matches!(e, AppError::Unauthorized) { StatusCode::UNAUTHORIZED } else { e.status_code() };
            (status, e.message(t)).into_response()
        }
    }
}

/// A participant's ops, checked: those they may send (their index in `ops`), and why each
/// other one is refused.
pub async fn participant_check(
    store: &Store,
    map: &MapId,
    guest: &GuestRow,
    ops: &[&Op],
) -> Result<Vec<Result<(), OpError>>, StoreError> {
    let w = store.workshop(map).await?;
    let own = store.guest_cards(&guest.id).await?;
    // A guest removed, or of a workshop that ended, changes nothing (their socket closes
    // soon after; this closes the gap before).
    let gone = own.is_none() || w.as_ref().is_none_or(|w| w.ended || w.id != guest.workshop);
    let locked = gone || w.is_some_and(|w| w.locked);
    let own = own.unwrap_or_default();
    let current = store.current_map(map).await?.ok_or(StoreError::MapNotFound)?;
    let mut adding = own.len();
    Ok(ops
        .iter()
        .map(|op| {
            facilitation::participant_may(op, &own, locked, &current)?;
            if facilitation::added_card(op).is_some() {
                adding += 1;
                if adding > MAX_GUEST_CARDS {
                    return Err(OpError::TooMany { what: crate::domain::Entity::Card, max: MAX_GUEST_CARDS as u32 });
                }
            }
            Ok(())
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_has_no_lan_address_and_a_bound_one_is_itself() {
        assert!(lan_addresses("127.0.0.1:3000".parse().unwrap()).is_empty());
        assert_eq!(lan_addresses("192.168.1.20:3000".parse().unwrap()), vec!["192.168.1.20:3000".to_owned()]);
        for a in lan_addresses("0.0.0.0:3000".parse().unwrap()) {
            assert!(a.ends_with(":3000") && !a.starts_with("127."), "{a}");
        }
    }

    #[test]
    fn the_qr_code_is_an_svg_of_the_link() {
        let svg = qr_svg("http://192.168.1.20:3000/w/jwj_0123").unwrap();
        assert!(svg.contains("<svg") && svg.contains("#000000"));
    }
}
