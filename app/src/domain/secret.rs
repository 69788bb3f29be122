//! The secrets Jornada hands out (session cookies, share links, invites, API tokens,
//! password-reset links): which kinds there are, the prefix that tells them apart, and
//! the one shape every secret of a kind has, so text that cannot be a secret is refused
//! before it reaches the database. Making one needs randomness and lives on the server
//! (`server::auth::generate`); this is the pure part, shared by both builds.

/// What a secret is for. Each kind has its own prefix, so a secret of one kind never
/// passes for another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    /// A signed-in browser's session cookie.
    Session,
    /// A map's share link (`/s/…`).
    Share,
    /// An invite to a workspace (`/invite/…`).
    Invite,
    /// A personal API token (`Authorization: Bearer …`).
    ApiToken,
    /// A one-time password-reset link (`/reset/…`).
    Reset,
    /// A workshop's join link (`/w/…`): whoever has it may join as a guest while it runs.
    Join,
    /// A workshop guest's own key (the board at `/s/…`), made when they join.
    Guest,
}

/// How many characters follow the prefix: two UUIDs' 32 lowercase hex digits each.
pub const RANDOM_LEN: usize = 64;

impl SecretKind {
    pub const ALL: [SecretKind; 7] = [
        SecretKind::Session,
        SecretKind::Share,
        SecretKind::Invite,
        SecretKind::ApiToken,
        SecretKind::Reset,
        SecretKind::Join,
        SecretKind::Guest,
    ];

    /// The prefix every secret of this kind starts with.
    pub fn prefix(self) -> &'static str {
        match self {
            SecretKind::Session => "jss_",
            SecretKind::Share => "jsh_",
            SecretKind::Invite => "jin_",
            SecretKind::ApiToken => "jrn_",
            SecretKind::Reset => "jpr_",
            SecretKind::Join => "jwj_",
            SecretKind::Guest => "jgu_",
        }
    }

    /// The length of every secret of this kind.
    pub fn length(self) -> usize {
        self.prefix().len() + RANDOM_LEN
    }

    /// `text` when it has exactly the shape of a secret of this kind (its prefix, then
    /// [`RANDOM_LEN`] lowercase hex digits), else `None`. Says nothing about whether such
    /// a secret exists: that is the store's to answer.
    pub fn parse(self, text: &str) -> Option<&str> {
        let random = text.strip_prefix(self.prefix())?;
        let hex = |b: &u8| b.is_ascii_digit() || (b'a'..=b'f').contains(b);
        (random.len() == RANDOM_LEN && random.as_bytes().iter().all(hex)).then_some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn made(kind: SecretKind) -> String {
        format!("{}{}", kind.prefix(), "0123456789abcdef".repeat(4))
    }

    #[test]
    fn a_secret_of_the_right_kind_and_shape_is_accepted() {
        for kind in SecretKind::ALL {
            let s = made(kind);
            assert_eq!(s.len(), kind.length());
            assert_eq!(kind.parse(&s), Some(s.as_str()), "{kind:?}");
        }
    }

    #[test]
    fn another_kinds_prefix_is_refused() {
        for kind in SecretKind::ALL {
            for other in SecretKind::ALL.into_iter().filter(|o| *o != kind) {
                assert_eq!(kind.parse(&made(other)), None, "{other:?} as {kind:?}");
            }
        }
        let s = made(SecretKind::Session);
        assert_eq!(SecretKind::Session.parse(&s.to_uppercase()), None, "the prefix is case-sensitive");
        assert_eq!(SecretKind::Session.parse(&s[4..]), None, "no prefix");
    }

    #[test]
    fn too_long_or_too_short_is_refused() {
        let s = made(SecretKind::ApiToken);
        assert_eq!(SecretKind::ApiToken.parse(&s[..s.len() - 1]), None);
        assert_eq!(SecretKind::ApiToken.parse(&format!("{s}0")), None);
        assert_eq!(SecretKind::ApiToken.parse("jrn_"), None);
        assert_eq!(SecretKind::ApiToken.parse(""), None);
        assert_eq!(SecretKind::ApiToken.parse(&format!("jrn_{}", "a".repeat(96))), None, "100 characters");
    }

    #[test]
    fn bad_characters_are_refused() {
        let s = made(SecretKind::Share);
        for bad in ["g", "A", "F", " ", "-", "_", "é", "\0", "'"] {
            // Same length in characters where possible; the length check alone must not be
            // what refuses them.
            let t = format!("{}{bad}", &s[..s.len() - 1]);
            assert_eq!(SecretKind::Share.parse(&t), None, "{bad:?}");
        }
        let wide = format!("jsh_{}", "é".repeat(32));
        assert_eq!(wide.len(), SecretKind::Share.length(), "as many bytes as a secret");
        assert_eq!(SecretKind::Share.parse(&wide), None);
    }
}
