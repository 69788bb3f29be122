//! Maps made from maps: "Duplicate map", "Save as template" (the map's draft kept in the
//! workspace) and a new map from a saved template. Each goes through the one path that
//! makes maps from drafts ([`super::maps::create_from_draft`]), so personas and custom
//! channels are matched to the library by name, never duplicated.

use super::maps::{create_from_draft, PersonaColours};
use super::store::Store;
use crate::domain::model::MAX_TITLE;
use crate::domain::template::SavedTemplate;
use crate::domain::{Draft, MapId};
use crate::error::AppError;
use crate::i18n::Locale;

/// The draft of one of workspace `ws`'s maps, with its linked personas and the custom
/// channels its cards use.
async fn draft_of(store: &Store, ws: &str, id: &MapId) -> Result<Draft, AppError> {
    if !id.is_valid() {
        return Err(AppError::NotFound);
    }
    let map = store.current_map(id).await?.ok_or(AppError::NotFound)?;
    Ok(Draft::of(&map, &store.list_personas(ws).await?, &store.list_channels(ws).await?)
        .with_segments(&store.list_segments(ws).await?))
}

/// `text` cut to at most `max` characters (on a character boundary).
fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// A copy of map `id` in the same workspace, titled "Copy of …" in `locale`; its id.
pub async fn duplicate(store: &Store, ws: &str, id: &MapId, locale: Locale) -> Result<MapId, AppError> {
    let mut draft = draft_of(store, ws, id).await?;
    draft.title = clip(&locale.messages().copy_of.replace("{title}", draft.title.trim()), MAX_TITLE);
    create_from_draft(store, ws, draft, PersonaColours::AsDrafted, "duplicate").await
}

/// Saves map `id` as a template of its workspace named `name` (the map's title when
/// blank), by `user`.
pub async fn save_template(
    store: &Store,
    ws: &str,
    id: &MapId,
    name: &str,
    user: &str,
) -> Result<SavedTemplate, AppError> {
    let draft = draft_of(store, ws, id).await?;
    let name = if name.trim().is_empty() { draft.title.trim() } else { name.trim() };
    if name.chars().count() > MAX_TITLE {
        return Err(AppError::Refused(crate::domain::OpError::TitleTooLong { max: MAX_TITLE as u32 }));
    }
    let saved = SavedTemplate {
        id: SavedTemplate::new_id(),
        name: name.to_owned(),
        stages: draft.stages.len() as u32,
        cards: draft.cards.len() as u32,
        personas: draft.personas.len() as u32,
    };
    let body = crate::formats::native::write(&draft);
    store.save_template(ws, &saved, &body, user).await.map_err(AppError::from)?;
    Ok(saved)
}

/// A new map of workspace `ws` from its saved template `template`, titled `title` (the
/// template's own title when blank); its id.
pub async fn create_from_saved(store: &Store, ws: &str, template: &str, title: &str) -> Result<MapId, AppError> {
    if !SavedTemplate::is_id(template) {
        return Err(AppError::NotFound);
    }
    let body = store.template_body(ws, template).await?.ok_or(AppError::NotFound)?;
    // Written by this server in the native format; a body that no longer reads is a
    // stored record gone bad, not the user's mistake.
    let mut draft = crate::formats::import(body.as_bytes()).map_err(|e| {
        tracing::error!(template, error = ?e, "a saved template does not read");
        AppError::Internal
    })?;
    if !title.trim().is_empty() {
        draft.title = title.trim().to_owned();
    }
    create_from_draft(store, ws, draft, PersonaColours::AsDrafted, "template").await
}

/// Deletes one of workspace `ws`'s saved templates.
pub async fn delete_template(store: &Store, ws: &str, template: &str) -> Result<(), AppError> {
    if !SavedTemplate::is_id(template) || !store.delete_template(ws, template).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::template::Template;
    const WS: &str = crate::server::store::DEFAULT_WORKSPACE;

    async fn clinic(store: &Store) -> MapId {
        super::super::maps::create(store, WS, "Clínica Bela", Template::Clinic, Locale::PtBr).await.unwrap()
    }

    #[tokio::test]
    async fn a_duplicate_has_every_card_and_shares_the_library() {
        let store = Store::open("mem://", None).await.unwrap();
        let id = clinic(&store).await;
        let copy = duplicate(&store, WS, &id, Locale::PtBr).await.unwrap();
        assert_ne!(copy, id);
        let lib = store.list_personas(WS).await.unwrap();
        let (a, b) = (store.load_map(&id).await.unwrap().unwrap(), store.load_map(&copy).await.unwrap().unwrap());
        assert_eq!(b.title, "Cópia de Clínica Bela");
        let (mut da, db) = (Draft::of(&a, &lib, &[]), Draft::of(&b, &lib, &[]));
        da.title = db.title.clone();
        assert_eq!(da, db, "the same stages, lanes, cards, personas and emotions");
        assert_eq!(lib.len(), 2, "personas reused, not copied");
        assert_eq!(b.personas, a.personas);
        // Editing the copy leaves the original alone.
        let card = b.cards.keys().next().unwrap().clone();
        let op = crate::domain::Op::DeleteCard { id: card };
        store.apply_ops(&copy, "ana", "c1", &[op]).await.unwrap();
        assert_eq!(store.load_map(&id).await.unwrap().unwrap().cards.len(), a.cards.len());
        // A long title is cut, not refused.
        let long =
            super::super::maps::create(&store, WS, &"é".repeat(MAX_TITLE), Template::Blank, Locale::Ru).await.unwrap();
        let copy = duplicate(&store, WS, &long, Locale::Ru).await.unwrap();
        let title = store.load_map(&copy).await.unwrap().unwrap().title;
        assert!(title.starts_with("Копия") && title.chars().count() == MAX_TITLE, "{title}");
    }

    #[tokio::test]
    async fn a_saved_template_makes_maps_like_the_original() {
        let store = Store::open("mem://", None).await.unwrap();
        let id = clinic(&store).await;
        let saved = save_template(&store, WS, &id, "  ", "ana").await.unwrap();
        assert_eq!(saved.name, "Clínica Bela", "a blank name takes the map's title");
        assert_eq!((saved.stages, saved.personas), (5, 2));
        assert_eq!(store.list_templates(WS).await.unwrap(), vec![saved.clone()]);
        assert!(store.list_templates("elsewhere").await.unwrap().is_empty(), "per workspace");
        let made = create_from_saved(&store, WS, &saved.id, "Março").await.unwrap();
        let lib = store.list_personas(WS).await.unwrap();
        let (a, b) = (store.load_map(&id).await.unwrap().unwrap(), store.load_map(&made).await.unwrap().unwrap());
        assert_eq!(b.title, "Março");
        assert_eq!(b.cards.len(), a.cards.len());
        assert_eq!(b.emotions.len(), a.emotions.len());
        assert_eq!(lib.len(), 2);
        // Another workspace cannot use, or delete, it; nor can a made-up id.
        assert!(matches!(create_from_saved(&store, "elsewhere", &saved.id, "").await, Err(AppError::NotFound)));
        assert!(matches!(delete_template(&store, "elsewhere", &saved.id).await, Err(AppError::NotFound)));
        assert!(matches!(create_from_saved(&store, WS, "t-../../x", "").await, Err(AppError::NotFound)));
        delete_template(&store, WS, &saved.id).await.unwrap();
        assert!(store.list_templates(WS).await.unwrap().is_empty());
        assert!(matches!(create_from_saved(&store, WS, &saved.id, "").await, Err(AppError::NotFound)));
    }

    #[tokio::test]
    async fn templates_stop_at_the_quota_and_names_are_bounded() {
        let store = Store::open("mem://", None).await.unwrap();
        let id = super::super::maps::create(&store, WS, "Tiny", Template::Blank, Locale::En).await.unwrap();
        let too_long = save_template(&store, WS, &id, &"x".repeat(MAX_TITLE + 1), "ana").await;
        assert!(matches!(too_long, Err(AppError::Refused(_))), "{too_long:?}");
        for i in 0..crate::domain::access::Quota::Templates.max() {
            save_template(&store, WS, &id, &format!("T{i}"), "ana").await.unwrap();
        }
        let over = save_template(&store, WS, &id, "one more", "ana").await;
        assert!(matches!(over, Err(AppError::Auth(crate::domain::AuthError::QuotaReached { .. }))), "{over:?}");
    }
}
