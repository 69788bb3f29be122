//! Channels through which a client meets the business: the built-in ones (seed 004's
//! omnichannel list plus the consultation of a clinic) and the custom channels of a
//! workspace's library, each with an icon. Touchpoint cards name one by id.

use serde::{Deserialize, Serialize};

/// The built-in channels, in display order. Their icon has the same key as their id.
pub const DEFAULT_CHANNELS: [&str; 9] =
    ["website", "social", "email", "phone", "location", "chat", "app", "messenger", "consultation"];

/// Whether `id` is a built-in channel.
pub fn is_default(id: &str) -> bool {
    DEFAULT_CHANNELS.contains(&id)
}

/// Every icon a channel can have: the built-in channels' own, then more for custom ones.
/// Each is a 16×16 stroked SVG path, drawn the same in the browser and in exports.
pub const ICONS: [(&str, &str); 20] = [
    ("website", "M2 3h12v10H2zM2 6h12"),
    ("social", "M5 8a2 2 0 1 1 0-.01M11 4a2 2 0 1 1 0-.01M11 12a2 2 0 1 1 0-.01M6.8 7l2.6-1.6M6.8 9l2.6 1.6"),
    ("email", "M2 4h12v8H2zM2 4l6 5 6-5"),
    ("phone", "M4 2h3l1 3-2 1a8 8 0 0 0 4 4l1-2 3 1v3a1 1 0 0 1-1 1A11 11 0 0 1 3 3a1 1 0 0 1 1-1z"),
    ("location", "M8 15s5-5 5-8.5A5 5 0 0 0 3 6.5C3 10 8 15 8 15zM8 8.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4"),
    ("chat", "M2 3h12v8H6l-3 3v-3H2z"),
    ("app", "M5 1h6v14H5zM7 13h2"),
    ("messenger", "M8 2a6 6 0 0 0-5 9.3L2 14l3-1a6 6 0 1 0 3-11z"),
    ("consultation", "M5 6a2 2 0 1 0 0-.01M11 6a2 2 0 1 0 0-.01M2 14c0-3 6-3 6 0M8 14c0-3 6-3 6 0"),
    ("calendar", "M2 3h12v11H2zM2 6h12M5 1v3M11 1v3"),
    ("payment", "M1 4h14v8H1zM1 7h14M3 10h3"),
    ("video", "M1 4h10v8H1zM11 7l4-2v6l-4-2"),
    ("sms", "M3 2h10v12H3zM5 5h6M5 8h4"),
    ("delivery", "M1 4h9v7H1zM10 6h3l2 3v2h-5M4 13a1.5 1.5 0 1 0 0-.01M12 13a1.5 1.5 0 1 0 0-.01"),
    ("gift", "M2 6h12v3H2zM3 9h10v5H3zM8 6v8M8 6C6 2 3 3 5 6M8 6c2-4 5-3 3 0"),
    ("review", "M8 1.5l2 4.2 4.5.6-3.3 3.1.8 4.5L8 11.7l-4 2.2.8-4.5L1.5 6.3 6 5.7z"),
    ("document", "M3 1h7l3 3v11H3zM10 1v3h3M5 8h6M5 11h6"),
    ("qr", "M2 2h5v5H2zM9 2h5v5H9zM2 9h5v5H2zM10 10h1M13 10h1M10 13h4M12 11v2"),
    ("ads", "M2 6h3l7-4v12l-7-4H2zM5 10l1 4"),
    ("event", "M8 1v2M3 4l1.4 1.4M13 4l-1.4 1.4M4 11a4 4 0 1 1 8 0zM2 14h12"),
];

/// The path of an icon; a plain square for one this version does not know.
pub fn icon_path(icon: &str) -> &'static str {
    ICONS.iter().find(|(key, _)| *key == icon).map_or("M3 3h10v10H3z", |(_, path)| path)
}

/// Whether `icon` is one of [`ICONS`].
pub fn is_icon(icon: &str) -> bool {
    ICONS.iter().any(|(key, _)| *key == icon)
}

/// Every channel id a picker offers: the built-in ones, then the library's.
pub fn all_ids(custom: &[Channel]) -> Vec<String> {
    DEFAULT_CHANNELS.iter().map(|c| c.to_string()).chain(custom.iter().map(|c| c.id.clone())).collect()
}

/// The icon key of a channel, built-in or custom; a plain square for an unknown one.
pub fn icon_of<'a>(custom: &'a [Channel], id: &'a str) -> &'a str {
    if is_default(id) {
        return id;
    }
    custom.iter().find(|c| c.id == id).map_or("", |c| c.icon.as_str())
}

/// Longest custom channel name, in characters.
pub const MAX_CHANNEL_NAME: usize = 40;
/// Most custom channels in one library.
pub const MAX_CHANNELS: usize = 100;

/// A custom channel of a workspace's library.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Channel {
    /// Empty for a channel not saved yet; `c-` and a random suffix once saved, so it can
    /// never clash with a built-in id.
    pub id: String,
    pub name: String,
    pub icon: String,
}

/// Why a custom channel cannot be saved or deleted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum ChannelError {
    EmptyName,
    NameTooLong {
        max: u32,
    },
    /// Another channel (built-in or custom) already has this name.
    NameTaken,
    UnknownIcon,
    TooMany {
        max: u32,
    },
    /// Touchpoint cards still use it: give them another channel first.
    InUse {
        cards: u32,
    },
}

impl Channel {
    /// A fresh id for a new custom channel.
    pub fn new_id() -> String {
        format!("c-{}", &uuid::Uuid::new_v4().simple().to_string()[..12])
    }

    /// Whether `id` has the shape of a custom channel id.
    pub fn is_custom_id(id: &str) -> bool {
        id.len() == 14 && id.starts_with("c-") && id[2..].bytes().all(|b| b.is_ascii_hexdigit())
    }

    /// Checks a channel against the others of its library (`taken`: every name already in
    /// use, built-in names included, in any letter case).
    pub fn validate<'a>(&self, taken: impl IntoIterator<Item = &'a str>) -> Result<(), ChannelError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(ChannelError::EmptyName);
        }
        if name.chars().count() > MAX_CHANNEL_NAME {
            return Err(ChannelError::NameTooLong { max: MAX_CHANNEL_NAME as u32 });
        }
        if !is_icon(&self.icon) {
            return Err(ChannelError::UnknownIcon);
        }
        let lower = name.to_lowercase();
        if taken.into_iter().any(|t| t.trim().to_lowercase() == lower) {
            return Err(ChannelError::NameTaken);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(name: &str, icon: &str) -> Channel {
        Channel { id: String::new(), name: name.into(), icon: icon.into() }
    }

    #[test]
    fn every_default_channel_has_its_own_icon() {
        for id in DEFAULT_CHANNELS {
            assert!(is_icon(id), "{id}");
        }
        let mut keys: Vec<_> = ICONS.iter().map(|(k, _)| *k).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), ICONS.len(), "icon keys are unique");
    }

    #[test]
    fn custom_channels_are_checked() {
        assert_eq!(ch("WhatsApp", "messenger").validate(["Website"]), Ok(()));
        assert_eq!(ch("  ", "sms").validate([]), Err(ChannelError::EmptyName));
        assert_eq!(ch(&"x".repeat(41), "sms").validate([]), Err(ChannelError::NameTooLong { max: 40 }));
        assert_eq!(ch("Kiosk", "rocket").validate([]), Err(ChannelError::UnknownIcon));
        assert_eq!(ch(" website ", "sms").validate(["Website"]), Err(ChannelError::NameTaken));
        assert_eq!(ch("Телеграм", "messenger").validate(["телеграм"]), Err(ChannelError::NameTaken));
    }

    #[test]
    fn custom_ids_never_clash_with_built_in_ones() {
        let id = Channel::new_id();
        assert!(Channel::is_custom_id(&id), "{id}");
        assert!(DEFAULT_CHANNELS.iter().all(|d| !Channel::is_custom_id(d)));
        assert!(!Channel::is_custom_id("c-../../etc"));
        let details = crate::domain::CardDetails { channel: Some(id), ..Default::default() };
        assert!(details.validate().is_ok(), "a card can name it");
    }
}
