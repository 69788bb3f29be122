//! Channels through which a client meets the business (seed 004's omnichannel list plus
//! the consultation of a clinic). Touchpoint cards name one by id.

/// The built-in channels, in display order.
pub const DEFAULT_CHANNELS: [&str; 9] =
    ["website", "social", "email", "phone", "location", "chat", "app", "messenger", "consultation"];

/// Whether `id` is a built-in channel.
pub fn is_default(id: &str) -> bool {
    DEFAULT_CHANNELS.contains(&id)
}
