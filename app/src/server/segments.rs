//! The logic behind the segment list's server functions, and how personas and imported
//! maps are held to that list.

use super::store::Store;
use crate::domain::segment::{self, Segment, SegmentError, MAX_SEGMENTS};
use crate::domain::Persona;
use crate::error::AppError;
use std::collections::HashMap;

/// Creates (empty id) or renames a segment; answers it as saved. Renaming renames the
/// personas of the segment too.
pub async fn save(store: &Store, ws: &str, mut s: Segment) -> Result<Segment, AppError> {
    s.name = s.name.trim().to_owned();
    let list = store.list_segments(ws).await?;
    if s.id.is_empty() {
        if list.len() >= MAX_SEGMENTS {
            return Err(AppError::Segment(SegmentError::TooMany { max: MAX_SEGMENTS as u32 }));
        }
        s.id = Segment::new_id();
    } else if !Segment::is_id(&s.id) || !list.iter().any(|l| l.id == s.id) {
        return Err(AppError::NotFound);
    }
    s.validate(list.iter().filter(|l| l.id != s.id).map(|l| l.name.as_str())).map_err(AppError::Segment)?;
    store.save_segment(ws, &s).await?;
    Ok(s)
}

/// Deletes a segment no card of the workspace's maps is scoped to; its personas are left
/// without a segment.
pub async fn delete(store: &Store, ws: &str, id: &str) -> Result<(), AppError> {
    if !Segment::is_id(id) {
        return Err(AppError::NotFound);
    }
    let cards = store.segment_use_count(ws, id).await?;
    if cards > 0 {
        return Err(AppError::Segment(SegmentError::InUse { cards: cards as u32 }));
    }
    if !store.delete_segment(ws, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Holds a persona's segment to the workspace's list: blank, or the name of one of its
/// segments (written as the list writes it, whatever the case or accents typed).
pub async fn check_persona(store: &Store, ws: &str, p: &mut Persona) -> Result<(), AppError> {
    if p.segment.trim().is_empty() {
        p.segment = String::new();
        return Ok(());
    }
    let list = store.list_segments(ws).await?;
    let found = segment::named(&list, &p.segment).ok_or(AppError::Segment(SegmentError::Unknown))?;
    p.segment = found.name.clone();
    Ok(())
}

/// What an imported map's segments become in the workspace: `renamed` maps each of the
/// draft's segment ids to the workspace's id, `new` are the segments to create.
#[derive(Debug, Default)]
pub struct Matched {
    pub renamed: HashMap<String, String>,
    pub new: Vec<Segment>,
}

/// Matches a draft's segments (`drafted`, with the draft's own ids) and the segment names
/// its new personas give (`persona_names`) to the workspace's `list` by name; what the
/// list lacks is added, up to [`MAX_SEGMENTS`] (beyond, a card loses that segment and a
/// persona is left without one, rather than the whole map refused). Each persona name is
/// rewritten as the list writes it.
pub fn match_import(
    list: &[Segment],
    drafted: &[Segment],
    persona_names: &mut [&mut String],
) -> Result<Matched, AppError> {
    let mut out = Matched::default();
    let mut known: Vec<Segment> = list.to_vec();
    let mut find_or_add = |name: &str, out: &mut Matched| -> Result<Option<Segment>, AppError> {
        let name = name.trim();
        if name.is_empty() {
            return Ok(None);
        }
        if let Some(s) = segment::named(&known, name) {
            return Ok(Some(s.clone()));
        }
        if known.len() >= MAX_SEGMENTS {
            // A full list takes no more: the map still comes, its new segment left out.
            return Ok(None);
        }
        let fresh = Segment { id: Segment::new_id(), name: name.to_owned() };
        fresh.validate(std::iter::empty()).map_err(AppError::Segment)?;
        known.push(fresh.clone());
        out.new.push(fresh.clone());
        Ok(Some(fresh))
    };
    for d in drafted {
        if let Some(s) = find_or_add(&d.name, &mut out)? {
            out.renamed.insert(d.id.clone(), s.id);
        }
    }
    for name in persona_names.iter_mut() {
        let found = find_or_add(name, &mut out)?;
        **name = found.map(|s| s.name).unwrap_or_default();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PersonaId;
    const WS: &str = crate::server::store::DEFAULT_WORKSPACE;

    fn seg(name: &str) -> Segment {
        Segment { id: String::new(), name: name.into() }
    }

    #[tokio::test]
    async fn a_segment_is_saved_renamed_with_its_personas_and_deleted() {
        let store = Store::open("mem://", None).await.unwrap();
        let new = save(&store, WS, seg("  New client ")).await.unwrap();
        assert!(Segment::is_id(&new.id));
        assert_eq!(new.name, "New client");
        let err = save(&store, WS, seg("new CLIENT")).await.unwrap_err();
        assert_eq!(err, AppError::Segment(SegmentError::NameTaken));
        // A persona chooses it, written as the list writes it; an unknown one is refused.
        let mut ana = Persona::named(PersonaId::generate(), "Ana".into());
        ana.segment = "NEW client".into();
        check_persona(&store, WS, &mut ana).await.unwrap();
        assert_eq!(ana.segment, "New client");
        let mut bea = Persona { segment: "VIP".into(), ..Persona::named(PersonaId::generate(), "Bea".into()) };
        assert_eq!(check_persona(&store, WS, &mut bea).await, Err(AppError::Segment(SegmentError::Unknown)));
        store.save_persona(WS, &ana).await.unwrap();
        // A rename renames the persona's segment too.
        let renamed = save(&store, WS, Segment { name: "First visit".into(), ..new.clone() }).await.unwrap();
        assert_eq!(store.list_segments(WS).await.unwrap(), vec![renamed.clone()]);
        assert_eq!(store.get_persona(WS, &ana.id).await.unwrap().unwrap().segment, "First visit");
        // Another workspace's id is not found.
        let err = save(&store, "elsewhere", renamed.clone()).await.unwrap_err();
        assert_eq!(err, AppError::NotFound);
        assert_eq!(delete(&store, "elsewhere", &renamed.id).await, Err(AppError::NotFound));
        // Deleting it leaves the persona without a segment.
        delete(&store, WS, &renamed.id).await.unwrap();
        assert!(store.list_segments(WS).await.unwrap().is_empty());
        assert_eq!(store.get_persona(WS, &ana.id).await.unwrap().unwrap().segment, "");
        assert_eq!(delete(&store, WS, &renamed.id).await, Err(AppError::NotFound));
    }

    #[tokio::test]
    async fn a_scoped_card_keeps_its_segment_through_a_copy_into_another_workspace() {
        use crate::domain::template::Template;
        use crate::domain::{Draft, Op};
        let store = Store::open("mem://", None).await.unwrap();
        // The clinic template's personas bring their segments to the list.
        let id =
            crate::server::maps::create(&store, WS, "Clinic", Template::Clinic, crate::i18n::Locale::En).await.unwrap();
        let list = store.list_segments(WS).await.unwrap();
        let names: Vec<&str> = list.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["New client", "Regular client"]);
        let personas = store.list_personas(WS).await.unwrap();
        assert!(personas.iter().all(|p| names.contains(&p.segment.as_str())), "{personas:?}");
        // Scope a card to regular clients.
        let map = store.current_map(&id).await.unwrap().unwrap();
        let card = map.cards.values().next().unwrap().clone();
        let mut details = card.details.clone();
        details.segments = vec![list[1].id.clone()];
        let op = Op::EditCard { id: card.id.clone(), text: None, colour: None, tags: None, details: Some(details) };
        crate::server::maps::apply(&store, WS, &id, "u", "c1", op).await.unwrap();
        assert_eq!(store.segment_use_count(WS, &list[1].id).await.unwrap(), 1);
        assert_eq!(
            delete(&store, WS, &list[1].id).await,
            Err(AppError::Segment(SegmentError::InUse { cards: 1 })),
            "a segment cards are about stays"
        );
        // Its draft names the segment; a copy in another workspace gets one of that name.
        let map = store.current_map(&id).await.unwrap().unwrap();
        let draft = Draft::of(&map, &personas, &[]).with_segments(&list);
        assert_eq!(draft.segments, vec![list[1].clone()]);
        let copy = crate::server::maps::create_from_draft(
            &store,
            "studio",
            draft,
            crate::server::maps::PersonaColours::AsDrafted,
            "import",
        )
        .await
        .unwrap();
        let theirs = store.list_segments("studio").await.unwrap();
        assert_eq!(theirs.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), names);
        let regular = theirs.iter().find(|s| s.name == "Regular client").unwrap();
        assert_ne!(regular.id, list[1].id, "each workspace has its own ids");
        let copied = store.current_map(&copy).await.unwrap().unwrap();
        let scoped: Vec<_> = copied.cards.values().filter(|c| !c.details.segments.is_empty()).collect();
        assert_eq!(scoped.len(), 1);
        assert_eq!(scoped[0].details.segments, vec![regular.id.clone()]);
    }

    #[test]
    fn an_import_reuses_the_list_by_name_and_adds_what_it_lacks() {
        let list = vec![Segment { id: "g-aaaaaaaaaaaa".into(), name: "Cliente nova".into() }];
        let drafted = vec![
            Segment { id: "g-000000000001".into(), name: "cliente NOVA".into() },
            Segment { id: "g-000000000002".into(), name: "Cliente fiel".into() },
        ];
        let (mut a, mut b, mut c) = ("cliente fiel".to_owned(), "VIP".to_owned(), " ".to_owned());
        let m = match_import(&list, &drafted, &mut [&mut a, &mut b, &mut c]).unwrap();
        assert_eq!(m.renamed["g-000000000001"], "g-aaaaaaaaaaaa");
        let fiel = &m.renamed["g-000000000002"];
        assert_eq!(m.new.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Cliente fiel", "VIP"]);
        assert_eq!(&m.new[0].id, fiel);
        assert_eq!((a.as_str(), b.as_str(), c.as_str()), ("Cliente fiel", "VIP", ""));
        let full: Vec<Segment> =
            (0..MAX_SEGMENTS).map(|i| Segment { id: Segment::new_id(), name: format!("S{i}") }).collect();
        let mut d = "Another".to_owned();
        let m = match_import(&full, &[], &mut [&mut d]).unwrap();
        assert!(m.new.is_empty() && d.is_empty(), "the list's limit holds; the persona comes without it");
    }
}
