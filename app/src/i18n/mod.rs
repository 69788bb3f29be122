//! Every UI string goes through here. A locale is a [`Messages`] value: the compiler refuses
//! a locale that lacks a key, and the tests below refuse an empty or untranslated one.
//!
//! The language comes from the `jornada_lang` cookie (the user's choice) or the
//! `Accept-Language` header; the server renders in it and writes it to `<html lang>`, where
//! the browser reads it back before hydrating, so there is no flash of another language.
//!
//! Long on purpose: [`Messages`] declares every key of the UI (over 200) in one struct,
//! which is what lets the compiler refuse a locale that lacks one.

mod accounts;
mod comments;
mod dates;
mod en;
mod everyday;
mod evidence;
mod history;
mod insights;
pub mod keys;
mod pt_br;
mod ru;
pub mod segments;
mod workshop;

use crate::domain::{Colour, Entity, LaneKind, OpError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The value of cookie `name` in a `Cookie` header (the page's own choices: language,
/// theme).
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').filter_map(|kv| kv.trim().split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// The cookie that remembers the user's language.
pub const COOKIE: &str = "jornada_lang";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    #[default]
    En,
    PtBr,
    Ru,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::PtBr, Locale::Ru];

    /// The BCP 47 tag, as in `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::PtBr => "pt-BR",
            Locale::Ru => "ru",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::PtBr => "Português (Brasil)",
            Locale::Ru => "Русский",
        }
    }

    /// Reads a tag loosely: `pt`, `pt-PT`, `pt_BR`, `ru-RU`, `en-GB` all find a locale.
    pub fn parse(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "pt" => Some(Locale::PtBr),
            "ru" => Some(Locale::Ru),
            _ => None,
        }
    }

    /// The best locale for an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut it = part.split(';');
            let tag = it.next().unwrap_or_default();
            let q = it.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            if let Some(l) = Locale::parse(tag) {
                if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, l));
                }
            }
        }
        best.map(|(_, l)| l)
    }

    /// The locale named by the `jornada_lang` cookie in a `Cookie` header.
    pub fn from_cookie_header(header: &str) -> Option<Locale> {
        cookie(header, COOKIE).and_then(Locale::parse)
    }

    pub fn messages(self) -> &'static Messages {
        match self {
            Locale::En => &en::EN,
            Locale::PtBr => &pt_br::PT_BR,
            Locale::Ru => &ru::RU,
        }
    }
}

/// Plural forms: `one` and `other` for every language, `few` and `many` for Russian.
#[cfg_attr(test, derive(Serialize))]
pub struct Plural {
    pub one: &'static str,
    pub few: &'static str,
    pub many: &'static str,
    pub other: &'static str,
}

impl Plural {
    /// The form for `n` under `locale`'s rules, with `{n}` filled in.
    pub fn format(&self, locale: Locale, n: u64) -> String {
        let form = match locale {
            Locale::Ru => {
                let (m10, m100) = (n % 10, n % 100);
                if m10 == 1 && m100 != 11 {
                    self.one
                } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
                    self.few
                } else {
                    self.many
                }
            }
            // Portuguese (Brazil) uses "one" for 0 and 1.
            Locale::PtBr if n <= 1 => self.one,
            Locale::En if n == 1 => self.one,
            _ => self.other,
        };
        // Grouped as the language writes numbers ("12,345", "12.345", "12 345").
        form.replace("{n}", &locale.messages().count(n))
    }
}

/// Every string of the UI in one language. (Serialisable in tests only: the locale tests
/// walk every string by its key without a hand-written list to fall behind.)
#[cfg_attr(test, derive(Serialize))]
pub struct Messages {
    pub locale: Locale,
    /// Accounts, members, invites and share links.
    pub acc: &'static accounts::AccountText,
    /// Customer feedback, insights and reviews.
    pub ins: &'static insights::InsightText,
    /// Customer feedback, evidence and insights.
    pub ev: &'static evidence::EvidenceText,
    /// Comments, threads, mentions and replies.
    pub cm: &'static comments::CommentText,
    /// History, versions and restore.
    pub hi: &'static history::HistoryText,
    /// Workshops: joining, guests, locking, dot voting.
    pub ws: &'static workshop::WorkshopText,
    /// The keyboard shortcuts list.
    pub keys: &'static keys::KeysText,
    /// Zoom, offline edits, undoing a delete.
    pub ed: &'static everyday::EverydayText,
    /// Client segments.
    pub sg: &'static segments::SegmentText,
    // Shell
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub nav_maps: &'static str,
    pub nav_main: &'static str,
    pub language: &'static str,
    /// The theme switch (on: dark).
    pub dark_mode: &'static str,
    pub skip_to_content: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_to_maps: &'static str,
    pub error_title: &'static str,
    pub error_body: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub footer: &'static str,
    // Dashboard
    pub dashboard_title: &'static str,
    pub dashboard_empty: &'static str,
    pub new_map: &'static str,
    pub title_label: &'static str,
    pub template_label: &'static str,
    pub template_blank: &'static str,
    pub template_blank_hint: &'static str,
    pub template_starter: &'static str,
    pub template_starter_hint: &'static str,
    pub template_clinic: &'static str,
    pub template_clinic_hint: &'static str,
    pub template_massage: &'static str,
    pub template_massage_hint: &'static str,
    pub template_retail: &'static str,
    pub template_retail_hint: &'static str,
    pub create: &'static str,
    pub cancel: &'static str,
    pub delete: &'static str,
    pub delete_map: &'static str,
    pub delete_map_confirm: &'static str,
    pub trash: &'static str,
    pub trash_intro: &'static str,
    pub trash_empty: &'static str,
    pub restore: &'static str,
    pub delete_forever: &'static str,
    pub delete_forever_confirm: &'static str,
    pub trashed_line: &'static str,
    pub restored: &'static str,
    pub stage_description: &'static str,
    pub stage_description_hint: &'static str,
    pub map_description: &'static str,
    pub map_description_hint: &'static str,
    pub copy_of: &'static str,
    pub duplicate_map: &'static str,
    pub save_as_template: &'static str,
    pub template_name: &'static str,
    pub template_saved: &'static str,
    pub saved_templates: &'static str,
    pub saved_template_hint: &'static str,
    pub delete_template: &'static str,
    pub delete_template_confirm: &'static str,
    pub open_map: &'static str,
    pub cards: Plural,
    pub updated: &'static str,
    pub untitled_map: &'static str,
    // Starter template
    pub stage_names: [&'static str; 7],
    // Lanes
    pub lane_kind_names: [&'static str; 10],
    // Board
    pub board_label: &'static str,
    pub add_card: &'static str,
    pub add_stage: &'static str,
    pub add_lane: &'static str,
    pub undo: &'static str,
    pub redo: &'static str,
    pub card_text: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub saved: &'static str,
    pub reconnecting: &'static str,
    pub guest: &'static str,
    pub you: &'static str,
    pub people_here: &'static str,
    /// The switch of the live cursor layer (pressed: hidden).
    pub hide_cursors: &'static str,
    /// A workshop participant's signals: the toggles, and how the People list reads them.
    pub im_done: &'static str,
    pub raise_hand: &'static str,
    pub is_done: &'static str,
    pub hand_raised: &'static str,
    /// The workshop timer: its region, its buttons, its length and its end.
    pub timer: &'static str,
    pub start_timer: &'static str,
    pub pause_timer: &'static str,
    pub add_minute: &'static str,
    pub reset_timer: &'static str,
    pub timer_minutes: &'static str,
    pub time_up: &'static str,
    pub editing_by: &'static str,
    pub held_by: &'static str,
    pub colour: &'static str,
    pub colour_names: [&'static str; 9],
    pub delete_card: &'static str,
    pub edit_card: &'static str,
    pub new_stage: &'static str,
    pub new_lane: &'static str,
    pub lane_kind: &'static str,
    /// The accessible name of a lane header's kind menu.
    pub lane_kind_of: &'static str,
    pub stage_title: &'static str,
    pub lane_title: &'static str,
    pub rename: &'static str,
    pub delete_stage: &'static str,
    pub delete_lane: &'static str,
    pub delete_stage_confirm: &'static str,
    pub delete_lane_confirm: &'static str,
    pub duration: &'static str,
    pub map_title: &'static str,
    pub empty_board: &'static str,
    pub drag_hint: &'static str,
    pub picked_up: &'static str,
    pub moved_to: &'static str,
    pub dropped: &'static str,
    pub move_cancelled: &'static str,
    pub nothing_to_undo: &'static str,
    pub nothing_to_redo: &'static str,
    pub undo_failed: &'static str,
    pub dismiss: &'static str,
    // Errors
    pub err_not_found: &'static str,
    pub err_invalid: &'static str,
    pub err_unavailable: &'static str,
    /// Too many pictures (PNG, PDF) are being drawn; `{secs}`: when to try again.
    pub err_busy: &'static str,
    /// The server refused another live connection of this person to the map.
    pub err_too_many_connections: &'static str,
    /// The server runs a newer Jornada than this tab: reload to keep working.
    pub reload_needed: &'static str,
    pub reload: &'static str,
    pub err_internal: &'static str,
    pub err_network: &'static str,
    pub op_not_found: &'static str,
    pub op_exists: &'static str,
    pub op_invalid_id: &'static str,
    pub op_empty_text: &'static str,
    pub op_text_too_long: &'static str,
    pub op_empty_title: &'static str,
    pub op_title_too_long: &'static str,
    pub op_description_too_long: &'static str,
    pub op_duration_too_long: &'static str,
    pub op_bad_tags: &'static str,
    pub op_card_outside: &'static str,
    pub op_too_many: &'static str,
    pub op_bad_field: &'static str,
    pub entity_names: [&'static str; 4],
    // Card fields by lane kind
    pub card_details: &'static str,
    pub severity: &'static str,
    pub severity_names: [&'static str; 3],
    pub channel: &'static str,
    pub no_channel: &'static str,
    pub channel_names: [&'static str; 9],
    pub impact: &'static str,
    pub effort: &'static str,
    pub level_names: [&'static str; 3],
    pub metric_value: &'static str,
    pub metric_unit: &'static str,
    pub metric_target: &'static str,
    pub higher_is_better: &'static str,
    pub metric_status_names: [&'static str; 4],
    pub moment_of_truth: &'static str,
    pub close: &'static str,
    pub nav_personas: &'static str,
    pub personas_title: &'static str,
    pub personas_empty: &'static str,
    pub new_persona: &'static str,
    pub persona_name: &'static str,
    pub segment: &'static str,
    pub age_range: &'static str,
    pub gender: &'static str,
    pub occupation: &'static str,
    pub quote: &'static str,
    pub goals: &'static str,
    pub needs: &'static str,
    pub fears: &'static str,
    pub says: &'static str,
    pub thinks: &'static str,
    pub does: &'static str,
    pub feels: &'static str,
    pub empathy_map: &'static str,
    pub preferred_channels: &'static str,
    pub delete_persona: &'static str,
    pub delete_persona_confirm: &'static str,
    pub all_personas: &'static str,
    pub err_persona_name: &'static str,
    pub err_persona_too_long: &'static str,
    pub err_persona_colour: &'static str,
    pub err_persona_channel: &'static str,
    pub err_persona_linked: &'static str,
    pub personas_control: &'static str,
    pub link_personas: &'static str,
    pub library_empty_link: &'static str,
    pub open_library: &'static str,
    pub emotion_curve: &'static str,
    pub show_persona: &'static str,
    pub no_linked_personas: &'static str,
    pub emotion_note: &'static str,
    pub not_set: &'static str,
    pub feelings: [&'static str; 5],
    pub view_label: &'static str,
    pub view_board: &'static str,
    pub view_channels: &'static str,
    pub view_priorities: &'static str,
    pub channel_matrix: &'static str,
    pub no_touchpoints: &'static str,
    pub no_opportunities: &'static str,
    pub timeline: &'static str,
    pub total_time: &'static str,
    pub photo: &'static str,
    pub photo_bad_type: &'static str,
    pub photo_too_large: &'static str,
    pub photo_failed: &'static str,
    pub photo_hint: &'static str,
    pub quadrant_names: [&'static str; 4],
    pub duration_units: [&'static str; 5],
    pub edit: &'static str,
    pub nav_channels: &'static str,
    pub channels_title: &'static str,
    pub channels_intro: &'static str,
    pub channels_builtin: &'static str,
    pub channels_custom: &'static str,
    pub channels_none: &'static str,
    pub channel_name: &'static str,
    pub channel_icon: &'static str,
    pub add_channel: &'static str,
    pub edit_channel: &'static str,
    pub delete_channel: &'static str,
    pub delete_channel_confirm: &'static str,
    pub channel_saved: &'static str,
    pub err_channel_name: &'static str,
    pub err_channel_too_long: &'static str,
    pub err_channel_taken: &'static str,
    pub err_channel_icon: &'static str,
    pub err_channel_too_many: &'static str,
    pub err_channel_in_use: &'static str,
    pub icon_names: [&'static str; 20],
    pub import_title: &'static str,
    pub import_file: &'static str,
    pub import_hint: &'static str,
    pub importing: &'static str,
    pub export: &'static str,
    pub err_import_empty: &'static str,
    pub err_import_too_large: &'static str,
    pub err_import_format: &'static str,
    pub err_import_json: &'static str,
    pub err_import_field: &'static str,
    pub err_import_line: &'static str,
    pub err_import_version: &'static str,
    pub err_import_no_stages: &'static str,
    pub err_import_refused: &'static str,
    /// `{what}` is one of `import_parts`, `{max}` the most a file may have.
    pub err_import_too_many: &'static str,
    pub err_import_too_slow: &'static str,
    /// The parts of a file, in the order of `domain::Part::ALL`.
    pub import_parts: [&'static str; 10],
    pub field_problems: [&'static str; 4],
    pub line_problems: [&'static str; 4],
    pub nav_settings: &'static str,
    pub api_tokens: &'static str,
    pub api_tokens_intro: &'static str,
    pub token_name: &'static str,
    pub create_token: &'static str,
    pub new_token: &'static str,
    pub new_token_hint: &'static str,
    pub no_tokens: &'static str,
    pub revoke: &'static str,
    pub revoke_token: &'static str,
    pub revoke_token_confirm: &'static str,
    pub token_created: &'static str,
    pub token_last_used: &'static str,
    pub token_never_used: &'static str,
    // Search on the board
    pub search: &'static str,
    pub search_board: &'static str,
    pub no_matches: &'static str,
    pub match_of: &'static str,
    pub previous_match: &'static str,
    pub next_match: &'static str,
    pub close_search: &'static str,
    // Tags
    pub tags: &'static str,
    pub add_tag: &'static str,
    pub remove_tag: &'static str,
    // Filters
    pub filter: &'static str,
    pub filter_board: &'static str,
    pub filter_any: &'static str,
    pub filter_kind: &'static str,
    pub filter_colour: &'static str,
    pub filter_evidence: &'static str,
    pub clear_filters: &'static str,
    pub active_filters: &'static str,
    pub remove_filter: &'static str,
}

impl Messages {
    pub fn lane_kind(&self, k: LaneKind) -> &'static str {
        let i = LaneKind::ALL.iter().position(|x| *x == k).unwrap_or(0);
        self.lane_kind_names[i]
    }

    /// A channel's name: built-in ones translated, custom ones as given.
    pub fn channel_name<'a>(&self, id: &'a str) -> &'a str
    where
        'static: 'a,
    {
        crate::domain::channel::DEFAULT_CHANNELS
            .iter()
            .position(|c| *c == id)
            .map(|i| self.channel_names[i])
            .unwrap_or(id)
    }

    /// A channel's name with the library's custom channels known: built-in ones translated,
    /// custom ones as named, an unknown id as it is.
    pub fn channel_label(&self, custom: &[crate::domain::channel::Channel], id: &str) -> String {
        match custom.iter().find(|c| c.id == id) {
            Some(c) => c.name.clone(),
            None => self.channel_name(id).to_owned(),
        }
    }

    pub fn severity_name(&self, s: crate::domain::Severity) -> &'static str {
        self.severity_names[crate::domain::Severity::ALL.iter().position(|x| *x == s).unwrap_or(0)]
    }

    pub fn metric_status(&self, s: crate::domain::MetricStatus) -> &'static str {
        use crate::domain::MetricStatus as M;
        self.metric_status_names[match s {
            M::Unknown => 0,
            M::OnTarget => 1,
            M::Near => 2,
            M::OffTarget => 3,
        }]
    }

    /// A persona refusal, translated.
    pub fn persona_error(&self, e: &crate::domain::PersonaError) -> String {
        use crate::domain::PersonaError as P;
        match e {
            P::EmptyName => self.err_persona_name.into(),
            // The field's label, not its key ("Age range", not "age_range").
            P::TooLong { field, max } => self
                .err_persona_too_long
                .replace("{field}", self.persona_field(field).unwrap_or(field))
                .replace("{max}", &max.to_string()),
            P::BadColour => self.err_persona_colour.into(),
            P::BadChannel => self.err_persona_channel.into(),
            P::StillLinked { maps } => self.err_persona_linked.replace("{n}", &maps.to_string()),
            P::ChangedMeanwhile { field } => match self.persona_field(field) {
                Some(label) => self.acc.err_persona_changed.replace("{field}", label),
                None => self.acc.err_persona_busy.into(),
            },
        }
    }

    /// The label of a persona's field, by its key.
    fn persona_field(&self, key: &str) -> Option<&'static str> {
        Some(match key {
            "name" => self.persona_name,
            "segment" => self.segment,
            "age_range" => self.age_range,
            "gender" => self.gender,
            "occupation" => self.occupation,
            "quote" => self.quote,
            "goals" => self.goals,
            "needs" => self.needs,
            "fears" => self.fears,
            "says" => self.says,
            "thinks" => self.thinks,
            "does" => self.does,
            "feels" => self.feels,
            "channels" => self.preferred_channels,
            "colour" => self.colour,
            _ => return None,
        })
    }

    pub fn auth_error(&self, e: &crate::domain::AuthError) -> String {
        self.acc.auth_error(e)
    }

    pub fn channel_error(&self, e: &crate::domain::channel::ChannelError) -> String {
        use crate::domain::channel::ChannelError as C;
        match e {
            C::EmptyName => self.err_channel_name.into(),
            C::NameTooLong { max } => self.err_channel_too_long.replace("{max}", &max.to_string()),
            C::NameTaken => self.err_channel_taken.into(),
            C::UnknownIcon => self.err_channel_icon.into(),
            C::TooMany { max } => self.err_channel_too_many.replace("{max}", &max.to_string()),
            C::InUse { cards } => self.err_channel_in_use.replace("{n}", &cards.to_string()),
        }
    }

    pub fn import_error(&self, e: &crate::domain::ImportError) -> String {
        use crate::domain::{ImportError as I, Problem};
        let problem = |list: &[&'static str; 4], p: &Problem| {
            list[match p {
                Problem::Missing => 0,
                Problem::Invalid => 1,
                Problem::UnknownReference => 2,
                Problem::TooLong => 3,
            }]
        };
        match e {
            I::Empty => self.err_import_empty.into(),
            I::TooLarge { max } => self.err_import_too_large.replace("{max}", &(max / (1024 * 1024)).to_string()),
            I::UnknownFormat => self.err_import_format.into(),
            I::Json { line, column } => {
                self.err_import_json.replace("{line}", &line.to_string()).replace("{column}", &column.to_string())
            }
            I::Field { field, problem: p } => {
                self.err_import_field.replace("{field}", field).replace("{problem}", problem(&self.field_problems, p))
            }
            I::Line { line, problem: p } => self
                .err_import_line
                .replace("{line}", &line.to_string())
                .replace("{problem}", problem(&self.line_problems, p)),
            I::Version { found } => self.err_import_version.replace("{found}", found),
            I::NoStages => self.err_import_no_stages.into(),
            I::Refused(op) => self.err_import_refused.replace("{reason}", &self.op_error(op)),
            I::TooMany { what, max } => {
                let i = crate::domain::Part::ALL.iter().position(|p| p == what).unwrap_or(0);
                self.err_import_too_many.replace("{what}", self.import_parts[i]).replace("{max}", &max.to_string())
            }
            I::TooSlow { seconds } => self.err_import_too_slow.replace("{seconds}", &seconds.to_string()),
        }
    }

    /// The name of an icon of the channel library, for its picker.
    pub fn icon_name(&self, icon: &str) -> &'static str {
        crate::domain::channel::ICONS.iter().position(|(k, _)| *k == icon).map_or("", |i| self.icon_names[i])
    }

    /// The feeling a score stands for (−2..=2).
    pub fn feeling(&self, score: i8) -> &'static str {
        self.feelings[(score.clamp(-2, 2) + 2) as usize]
    }

    /// A feeling with its score, signed: "+1 Happy", "0 Neutral", "−2 …" as "-2 …".
    pub fn scored_feeling(&self, score: i8) -> String {
        let n = if score == 0 { "0".to_owned() } else { format!("{score:+}") };
        format!("{n} {}", self.feeling(score))
    }

    pub fn colour(&self, c: Colour) -> &'static str {
        let i = Colour::ALL.iter().position(|x| *x == c).unwrap_or(0);
        self.colour_names[i]
    }

    fn entity(&self, e: Entity) -> &'static str {
        match e {
            Entity::Card => self.entity_names[0],
            Entity::Stage => self.entity_names[1],
            Entity::Lane => self.entity_names[2],
            Entity::Persona => self.entity_names[3],
        }
    }

    /// An op refusal, translated.
    pub fn op_error(&self, e: &OpError) -> String {
        let max = |s: &str, m: u32| s.replace("{max}", &m.to_string());
        match e {
            OpError::NotFound { what } => self.op_not_found.replace("{what}", self.entity(*what)),
            OpError::AlreadyExists { what } => self.op_exists.replace("{what}", self.entity(*what)),
            OpError::InvalidId => self.op_invalid_id.into(),
            OpError::EmptyText => self.op_empty_text.into(),
            OpError::TextTooLong { max: m } => max(self.op_text_too_long, *m),
            OpError::EmptyTitle => self.op_empty_title.into(),
            OpError::TitleTooLong { max: m } => max(self.op_title_too_long, *m),
            OpError::DescriptionTooLong { max: m } => max(self.op_description_too_long, *m),
            OpError::DurationTooLong { max: m } => max(self.op_duration_too_long, *m),
            OpError::BadTags { max: m, max_len } => {
                max(self.op_bad_tags, *m).replace("{max_len}", &max_len.to_string())
            }
            OpError::CardOutsideParent => self.op_card_outside.into(),
            OpError::TooMany { what, max: m } => max(self.op_too_many, *m).replace("{what}", self.entity(*what)),
            OpError::BadField { field } => self.op_bad_field.replace("{field}", field),
            OpError::BoardLocked | OpError::NotYourCard | OpError::FacilitatorOnly => {
                self.ws.op_error(e).unwrap_or_default().into()
            }
        }
    }
}

/// The current language, shared by every component.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// The messages of the current language (tracks the signal).
    pub fn t(&self) -> &'static Messages {
        self.locale.get().messages()
    }
}

/// Provides the language to the component tree: on the server from the request, in the
/// browser from `<html lang>` as the server rendered it.
pub fn provide_i18n() -> I18n {
    let i18n = I18n { locale: RwSignal::new(initial_locale()) };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(provide_i18n)
}

#[cfg(feature = "ssr")]
fn initial_locale() -> Locale {
    server_locale()
}

/// The language of the request being served (inside a server function or render).
#[cfg(feature = "ssr")]
pub fn server_locale() -> Locale {
    use_context::<http::request::Parts>().map(|p| request_locale(&p.headers)).unwrap_or_default()
}

/// The language a request asks for: the cookie first, then `Accept-Language`.
#[cfg(feature = "ssr")]
pub fn request_locale(headers: &http::HeaderMap) -> Locale {
    let header = |name| headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(";");
    Locale::from_cookie_header(&header(http::header::COOKIE))
        .or_else(|| Locale::from_accept_language(&header(http::header::ACCEPT_LANGUAGE)))
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn initial_locale() -> Locale {
    document()
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|l| Locale::parse(&l))
        .unwrap_or_default()
}

/// Remembers the choice for a year and switches the page at once.
pub fn set_locale(i18n: I18n, locale: Locale) {
    i18n.locale.set(locale);
    #[cfg(not(feature = "ssr"))]
    {
        use wasm_bindgen::JsCast;
        if let Ok(doc) = document().dyn_into::<web_sys::HtmlDocument>() {
            let _ = doc.set_cookie(&format!("{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", locale.tag()));
        }
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", locale.tag());
        }
    }
}

#[cfg(test)]
mod tests;
