//! Personas: the people a journey map is about, kept in a team library and linked to maps.
//! Emotions: how a linked persona feels at each stage, from −2 (very unhappy) to +2.

use super::ids::StageId;
use serde::{Deserialize, Serialize};

/// A persona of the library.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonaId(pub String);

impl PersonaId {
    pub fn generate() -> Self {
        PersonaId(uuid::Uuid::new_v4().simple().to_string())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn from_str(s: &str) -> Self {
        PersonaId(s.to_owned())
    }
    pub fn is_valid(&self) -> bool {
        !self.0.is_empty()
            && self.0.len() <= super::ids::MAX_ID_LEN
            && self.0.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    }
}

impl std::fmt::Display for PersonaId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub const MAX_PERSONA_TEXT: usize = 2000;
pub const MAX_PERSONA_NAME: usize = 80;

/// What a persona says, thinks, does and feels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EmpathyMap {
    #[serde(default)]
    pub says: String,
    #[serde(default)]
    pub thinks: String,
    #[serde(default)]
    pub does: String,
    #[serde(default)]
    pub feels: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Persona {
    pub id: PersonaId,
    pub name: String,
    /// e.g. "new client", "regular client".
    #[serde(default)]
    pub segment: String,
    /// e.g. "25–34".
    #[serde(default)]
    pub age_range: String,
    /// As the team writes it ("woman", "mulher", "женщина", "any"); free text.
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub occupation: String,
    #[serde(default)]
    pub quote: String,
    #[serde(default)]
    pub goals: String,
    #[serde(default)]
    pub needs: String,
    #[serde(default)]
    pub fears: String,
    /// Channel ids the persona prefers.
    #[serde(default)]
    pub channels: Vec<String>,
    #[serde(default)]
    pub empathy: EmpathyMap,
    /// `#rrggbb`: the persona's curve and avatar.
    pub colour: String,
    /// Version of the uploaded photo (0: none, the avatar shows initials). Changes with
    /// every upload, so browsers fetch the new one.
    #[serde(default)]
    pub photo: u32,
}

/// Why a persona was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum PersonaError {
    EmptyName,
    TooLong {
        field: String,
        max: u32,
    },
    BadColour,
    BadChannel,
    /// Maps still link it: unlink it from them first.
    StillLinked {
        maps: u32,
    },
    /// Someone else changed `field` (a field key, e.g. `goals`; empty: the persona kept
    /// changing) while this editor changed it too: reload, then edit again.
    ChangedMeanwhile {
        field: String,
    },
}

/// Colours given to new personas in turn; distinct on a curve chart.
pub const PERSONA_COLOURS: [&str; 8] =
    ["#2f5bea", "#e4572e", "#17a589", "#8e44ad", "#f39c12", "#c0392b", "#16a085", "#6d4c41"];

impl Persona {
    /// A persona with only a name (and the first persona colour).
    pub fn named(id: PersonaId, name: String) -> Persona {
        Persona {
            id,
            name,
            segment: String::new(),
            age_range: String::new(),
            gender: String::new(),
            occupation: String::new(),
            quote: String::new(),
            goals: String::new(),
            needs: String::new(),
            fears: String::new(),
            channels: Vec::new(),
            empathy: EmpathyMap::default(),
            colour: PERSONA_COLOURS[0].to_owned(),
            photo: 0,
        }
    }

    pub fn validate(&self) -> Result<(), PersonaError> {
        if self.name.trim().is_empty() {
            return Err(PersonaError::EmptyName);
        }
        let long = |field: &str, value: &str, max: usize| {
            (value.chars().count() > max).then(|| PersonaError::TooLong { field: field.into(), max: max as u32 })
        };
        let checks = [
            long("name", &self.name, MAX_PERSONA_NAME),
            long("segment", &self.segment, MAX_PERSONA_NAME),
            long("age_range", &self.age_range, 40),
            long("gender", &self.gender, 40),
            long("occupation", &self.occupation, MAX_PERSONA_NAME),
            long("quote", &self.quote, MAX_PERSONA_TEXT),
            long("goals", &self.goals, MAX_PERSONA_TEXT),
            long("needs", &self.needs, MAX_PERSONA_TEXT),
            long("fears", &self.fears, MAX_PERSONA_TEXT),
            long("says", &self.empathy.says, MAX_PERSONA_TEXT),
            long("thinks", &self.empathy.thinks, MAX_PERSONA_TEXT),
            long("does", &self.empathy.does, MAX_PERSONA_TEXT),
            long("feels", &self.empathy.feels, MAX_PERSONA_TEXT),
        ];
        if let Some(e) = checks.into_iter().flatten().next() {
            return Err(e);
        }
        let colour_ok = self.colour.len() == 7
            && self.colour.starts_with('#')
            && self.colour[1..].chars().all(|c| c.is_ascii_hexdigit());
        if !colour_ok {
            return Err(PersonaError::BadColour);
        }
        if self.channels.len() > 20 || self.channels.iter().any(|c| c.is_empty() || c.len() > 64) {
            return Err(PersonaError::BadChannel);
        }
        Ok(())
    }
}

/// A feeling on the five-step scale.
pub const MIN_SCORE: i8 = -2;
pub const MAX_SCORE: i8 = 2;

/// How one persona feels at one stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmotionPoint {
    pub persona: PersonaId,
    pub stage: StageId,
    pub score: i8,
    #[serde(default)]
    pub note: String,
}

pub const MAX_NOTE: usize = 500;

/// One point of a persona's emotion curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurvePoint {
    /// The stage, in board order.
    pub stage: usize,
    /// Where across the stage's column (0..1) a step's point sits: the stage's steps spread
    /// evenly in their board order. `None` for the stage's own point, which the caller
    /// places.
    pub across: Option<f64>,
    pub score: i8,
}

/// A persona's curve through the stages: in each stage, the points of its steps that have
/// a feeling, or the stage's own point where none has. `stages[i]` is stage `i`'s own
/// point and the feelings of its step cards in board order (`None` for a step without
/// one, which still takes its place).
pub fn curve_through(stages: &[(Option<i8>, Vec<Option<i8>>)]) -> Vec<CurvePoint> {
    let mut out = Vec::new();
    for (stage, (own, steps)) in stages.iter().enumerate() {
        let n = steps.len() as f64;
        let before = out.len();
        out.extend(steps.iter().enumerate().filter_map(|(j, s)| {
            s.map(|score| CurvePoint { stage, across: Some((j as f64 + 1.0) / (n + 1.0)), score })
        }));
        if out.len() == before {
            out.extend(own.map(|score| CurvePoint { stage, across: None, score }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_curve_follows_the_steps_where_they_have_feelings() {
        let curve = curve_through(&[
            (Some(1), vec![]),
            (Some(0), vec![Some(-1), None, Some(2)]),
            (None, vec![None]),
            (Some(-2), vec![None, None]),
        ]);
        assert_eq!(
            curve,
            vec![
                CurvePoint { stage: 0, across: None, score: 1 },
                CurvePoint { stage: 1, across: Some(0.25), score: -1 },
                CurvePoint { stage: 1, across: Some(0.75), score: 2 },
                CurvePoint { stage: 3, across: None, score: -2 },
            ],
            "steps replace their stage's point; a stage with neither is skipped"
        );
    }

    fn ana() -> Persona {
        Persona {
            id: PersonaId::generate(),
            name: "Ana, new client".into(),
            segment: "new client".into(),
            age_range: "25–34".into(),
            gender: "woman".into(),
            occupation: "Designer".into(),
            quote: "I want to feel safe".into(),
            goals: String::new(),
            needs: String::new(),
            fears: String::new(),
            channels: vec!["social".into()],
            empathy: EmpathyMap::default(),
            colour: "#2f5bea".into(),
            photo: 0,
        }
    }

    #[test]
    fn validation() {
        assert_eq!(ana().validate(), Ok(()));
        assert_eq!(Persona { name: " ".into(), ..ana() }.validate(), Err(PersonaError::EmptyName));
        assert_eq!(Persona { colour: "blue".into(), ..ana() }.validate(), Err(PersonaError::BadColour));
        let long = Persona { quote: "x".repeat(MAX_PERSONA_TEXT + 1), ..ana() };
        assert_eq!(long.validate(), Err(PersonaError::TooLong { field: "quote".into(), max: MAX_PERSONA_TEXT as u32 }));
    }
}

/// Largest photo accepted, in bytes.
pub const MAX_PHOTO: usize = 2 * 1024 * 1024;

/// The image type of a photo, read from its first bytes (not from what the browser
/// claims): PNG, JPEG or WebP, else `None`.
pub fn photo_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

#[cfg(test)]
mod photo_tests {
    use super::*;

    #[test]
    fn photo_types_come_from_the_bytes() {
        assert_eq!(photo_type(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]), Some("image/png"));
        assert_eq!(photo_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(photo_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(photo_type(b"<svg onload=alert(1)>"), None);
        assert_eq!(photo_type(b"%PDF-1.7"), None);
        assert_eq!(photo_type(&[]), None);
    }
}
