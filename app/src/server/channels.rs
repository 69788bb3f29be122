//! The logic behind the channel library server functions.

use super::store::Store;
use crate::domain::channel::{Channel, ChannelError, DEFAULT_CHANNELS, MAX_CHANNELS};
use crate::error::AppError;
use crate::i18n::Locale;

/// Creates (empty id) or renames a custom channel; answers the saved channel. A name may
/// not repeat another channel's, built-in names included in every language.
pub async fn save(store: &Store, ws: &str, mut c: Channel) -> Result<Channel, AppError> {
    c.name = c.name.trim().to_owned();
    let library = store.list_channels(ws).await?;
    if c.id.is_empty() {
        if library.len() >= MAX_CHANNELS {
            return Err(AppError::Channel(ChannelError::TooMany { max: MAX_CHANNELS as u32 }));
        }
        c.id = Channel::new_id();
    } else if !Channel::is_custom_id(&c.id) || !library.iter().any(|l| l.id == c.id) {
        return Err(AppError::NotFound);
    }
    let built_in = Locale::ALL.iter().flat_map(|l| {
        let t = l.messages();
        DEFAULT_CHANNELS.iter().map(move |id| t.channel_name(id))
    });
    let others = library.iter().filter(|l| l.id != c.id).map(|l| l.name.as_str());
    c.validate(built_in.chain(others)).map_err(AppError::Channel)?;
    store.save_channel(ws, &c).await?;
    Ok(c)
}

/// Deletes a custom channel that no card of the workspace's maps uses.
pub async fn delete(store: &Store, ws: &str, id: &str) -> Result<(), AppError> {
    if !Channel::is_custom_id(id) {
        return Err(AppError::NotFound);
    }
    let cards = store.channel_use_count(ws, id).await?;
    if cards > 0 {
        return Err(AppError::Channel(ChannelError::InUse { cards: cards as u32 }));
    }
    if !store.delete_channel(ws, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::template::Template;
    use crate::domain::*;
    const WS: &str = crate::server::store::DEFAULT_WORKSPACE;

    fn channel(name: &str, icon: &str) -> Channel {
        Channel { id: String::new(), name: name.into(), icon: icon.into() }
    }

    #[tokio::test]
    async fn a_custom_channel_is_saved_renamed_used_and_deleted() {
        let store = Store::open("mem://", None).await.unwrap();
        let saved = save(&store, WS, channel(" WhatsApp ", "messenger")).await.unwrap();
        assert!(Channel::is_custom_id(&saved.id));
        assert_eq!(saved.name, "WhatsApp");
        // Names are unique, built-in ones in every language included.
        let err = save(&store, WS, channel("whatsapp", "sms")).await.unwrap_err();
        assert_eq!(err, AppError::Channel(ChannelError::NameTaken));
        let err = save(&store, WS, channel("Сайт", "sms")).await.unwrap_err();
        assert_eq!(err, AppError::Channel(ChannelError::NameTaken));
        let renamed = save(&store, WS, Channel { name: "WhatsApp Business".into(), ..saved.clone() }).await.unwrap();
        assert_eq!(store.list_channels(WS).await.unwrap(), vec![renamed.clone()]);
        // A persona prefers it and a touchpoint card uses it.
        let persona =
            Persona { channels: vec![saved.id.clone()], ..Persona::named(PersonaId::generate(), "Ana".into()) };
        store.save_persona(WS, &persona).await.unwrap();
        let map = crate::server::maps::create(&store, WS, "Clinic", Template::Starter, Locale::En).await.unwrap();
        let m = store.load_map(&map).await.unwrap().unwrap();
        let lane = m.ordered_lanes().iter().find(|l| l.kind == LaneKind::Touchpoints).unwrap().id.clone();
        let stage = m.ordered_stages()[0].id.clone();
        let card = Card {
            author: None,
            id: CardId::generate(),
            order: m.card_key_at(&stage, &lane, 0, None),
            stage,
            lane,
            text: "Chat with the clinic".into(),
            colour: Colour::Yellow,
            tags: vec![],
            details: CardDetails { channel: Some(saved.id.clone()), ..Default::default() },
        };
        let card_id = card.id.clone();
        store.apply_ops(&map, "ana", "c", &[Op::AddCard { card }]).await.unwrap();
        let err = delete(&store, WS, &saved.id).await.unwrap_err();
        assert_eq!(err, AppError::Channel(ChannelError::InUse { cards: 1 }));
        store.apply_ops(&map, "ana", "d", &[Op::DeleteCard { id: card_id }]).await.unwrap();
        delete(&store, WS, &saved.id).await.unwrap();
        assert!(store.list_channels(WS).await.unwrap().is_empty());
        assert!(store.get_persona(WS, &persona.id).await.unwrap().unwrap().channels.is_empty());
        assert_eq!(delete(&store, WS, &saved.id).await.unwrap_err(), AppError::NotFound);
        // A channel no persona prefers is deleted just the same.
        let lone = save(&store, WS, channel("Kiosk", "qr")).await.unwrap();
        delete(&store, WS, &lone.id).await.unwrap();
        assert_eq!(delete(&store, WS, "website").await.unwrap_err(), AppError::NotFound);
    }
}
