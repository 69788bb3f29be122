//! Making secrets: a new one of a [`SecretKind`], from the operating system's randomness.
//! Their shape, and the check that text has it, are `domain::secret`.

use crate::domain::SecretKind;

/// A new random secret of `kind`: its prefix, then 244 random bits as 64 hex digits (two
/// v4 UUIDs, whose 122 random bits each come from the OS). Always passes
/// [`SecretKind::parse`] for its kind.
pub fn generate(kind: SecretKind) -> String {
    format!("{}{}{}", kind.prefix(), uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_secret_parses_as_its_kind_only() {
        for kind in SecretKind::ALL {
            let s = generate(kind);
            assert_eq!(kind.parse(&s), Some(s.as_str()), "{s}");
            for other in SecretKind::ALL.into_iter().filter(|o| *o != kind) {
                assert_eq!(other.parse(&s), None);
            }
        }
        assert_ne!(generate(SecretKind::Session), generate(SecretKind::Session));
    }
}
