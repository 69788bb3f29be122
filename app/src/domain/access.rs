//! Who may do what: the roles of a workspace, the actions they allow, and the rules for
//! account fields. Pure: the server enforces these on every request, the UI only uses
//! them to hide what a role cannot do.

use serde::{Deserialize, Serialize};

/// A member's role in a workspace (or what a share link grants on one map).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Viewer,
    Commenter,
    /// A workshop's guest: adds cards and changes their own, votes and comments (the
    /// rules are `domain::facilitation::participant_may`). Never a member's role.
    Participant,
    Editor,
    Owner,
}

/// Something a request wants to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Capability {
    /// See maps, personas, channels; export; follow live updates.
    View,
    /// Comment on a map (comments are the commenter's only write).
    Comment,
    /// Change maps and the libraries: create, import, edit, delete maps; personas; channels.
    Edit,
    /// Create and revoke share links of a map.
    Share,
    /// Invite, remove and re-role members; rename the workspace.
    Manage,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Editor, Role::Commenter, Role::Viewer];
    /// What a share link may grant: never more than comment.
    pub const SHAREABLE: [Role; 2] = [Role::Viewer, Role::Commenter];

    pub fn allows(self, action: Capability) -> bool {
        match action {
            Capability::View => true,
            Capability::Comment => self >= Role::Commenter,
            Capability::Edit | Capability::Share => self >= Role::Editor,
            Capability::Manage => self == Role::Owner,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Editor => "editor",
            Role::Commenter => "commenter",
            Role::Participant => "participant",
            Role::Viewer => "viewer",
        }
    }

    /// A member's role by name (a participant is no member's role).
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether this role adds cards on the board (an editor's, an owner's, or a workshop
    /// participant's, who may then change only their own).
    pub fn adds_cards(self) -> bool {
        self >= Role::Participant
    }
}

/// Why an account request was refused. Sign-in failures never say which half was wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum AuthError {
    /// Unknown e-mail or wrong password.
    WrongCredentials,
    /// Too many failed sign-ins for this account or from this address.
    Throttled {
        retry_after_secs: u64,
    },
    EmailInvalid,
    EmailTaken,
    NameMissing,
    NameTooLong,
    PasswordTooShort,
    PasswordTooLong,
    /// The invite or share link is unknown, revoked or expired.
    LinkInvalid,
    /// Set-up was already done; sign in instead.
    AlreadySetUp,
    /// Open sign-up is switched off on this server.
    SignupClosed,
    /// The last owner of a workspace cannot leave or stop being owner.
    LastOwner,
    /// Expiry must be between 1 and 365 days.
    ExpiryInvalid,
    // Hardening (issue #12): set-up code, invite uses, quotas.
    /// The set-up code is missing or wrong (it is in the server's log).
    SetupCodeWrong,
    /// An invite's number of uses must be between 1 and [`MAX_INVITE_USES`].
    UsesInvalid,
    /// A cap on how many of something a person or workspace may have.
    QuotaReached {
        what: Quota,
        max: u32,
    },
}

/// What a quota counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quota {
    /// Workspaces a person owns.
    Workspaces,
    /// API tokens of a person.
    Tokens,
    /// Live invite links of a workspace.
    Invites,
    /// Live share links of a map.
    ShareLinks,
    /// Templates saved in a workspace.
    Templates,
}

impl Quota {
    /// The cap.
    pub fn max(self) -> u32 {
        match self {
            Quota::Workspaces => 20,
            Quota::Tokens => 25,
            Quota::Invites => 50,
            Quota::ShareLinks => 20,
            Quota::Templates => 50,
        }
    }

    pub fn reached(self) -> AuthError {
        AuthError::QuotaReached { what: self, max: self.max() }
    }
}

/// The most people one invite link may bring in; a new invite allows
/// [`DEFAULT_INVITE_USES`] unless told otherwise, an owner invite exactly one.
pub const MAX_INVITE_USES: u32 = 100;
pub const DEFAULT_INVITE_USES: u32 = 10;

/// How many times an invite may be used: `None` is the default; owner invites are single-use
/// whatever is asked, so a leaked link makes at most one owner.
pub fn invite_uses(role: Role, uses: Option<u32>) -> Result<u32, AuthError> {
    let uses = uses.unwrap_or(DEFAULT_INVITE_USES);
    if !(1..=MAX_INVITE_USES).contains(&uses) {
        return Err(AuthError::UsesInvalid);
    }
    Ok(if role == Role::Owner { 1 } else { uses })
}

pub const MIN_PASSWORD: usize = 10;
/// Argon2 takes any length; a bound keeps hashing cheap for the server.
pub const MAX_PASSWORD: usize = 256;
pub const MAX_NAME: usize = 80;
pub const MAX_EMAIL: usize = 254;
/// The longest an invite or share link may live.
pub const MAX_LINK_DAYS: u32 = 365;

/// An e-mail address, trimmed and lower-cased, if it looks like one (something@host.tld).
pub fn normalise_email(email: &str) -> Result<String, AuthError> {
    let e = email.trim().to_lowercase();
    let valid = e.len() <= MAX_EMAIL
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
        && e.split_once('@').is_some_and(|(local, host)| {
            !local.is_empty()
                && !host.contains('@')
                && host.contains('.')
                && !host.starts_with('.')
                && !host.ends_with('.')
        });
    if valid {
        Ok(e)
    } else {
        Err(AuthError::EmailInvalid)
    }
}

/// A display or workspace name, trimmed.
pub fn clean_name(name: &str) -> Result<String, AuthError> {
    let n = name.trim();
    if n.is_empty() {
        Err(AuthError::NameMissing)
    } else if n.chars().count() > MAX_NAME {
        Err(AuthError::NameTooLong)
    } else {
        Ok(n.to_owned())
    }
}

/// Length is the rule that matters (NIST SP 800-63B): at least ten characters, no
/// composition rules.
pub fn check_password(password: &str) -> Result<(), AuthError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        Err(AuthError::PasswordTooShort)
    } else if n > MAX_PASSWORD {
        Err(AuthError::PasswordTooLong)
    } else {
        Ok(())
    }
}

/// Days an invite or share link lives, or an error outside 1..=365.
pub fn check_days(days: u32) -> Result<u32, AuthError> {
    if (1..=MAX_LINK_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(AuthError::ExpiryInvalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_allow_what_the_matrix_says() {
        use Capability::*;
        let expect = [
            (Role::Owner, [true, true, true, true, true]),
            (Role::Editor, [true, true, true, true, false]),
            (Role::Commenter, [true, true, false, false, false]),
            (Role::Viewer, [true, false, false, false, false]),
        ];
        for (role, allowed) in expect {
            for (action, want) in [View, Comment, Edit, Share, Manage].into_iter().zip(allowed) {
                assert_eq!(role.allows(action), want, "{role:?} {action:?}");
            }
        }
    }

    #[test]
    fn invite_uses_are_bounded_and_owner_invites_single_use() {
        assert_eq!(invite_uses(Role::Editor, None), Ok(DEFAULT_INVITE_USES));
        assert_eq!(invite_uses(Role::Viewer, Some(3)), Ok(3));
        assert_eq!(invite_uses(Role::Owner, Some(50)), Ok(1));
        assert_eq!(invite_uses(Role::Editor, Some(0)), Err(AuthError::UsesInvalid));
        assert_eq!(invite_uses(Role::Editor, Some(MAX_INVITE_USES + 1)), Err(AuthError::UsesInvalid));
    }

    #[test]
    fn roles_parse_back() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{}\"", r.as_str()));
        }
        assert_eq!(Role::parse("admin"), None);
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(normalise_email("  Ana@Clinic.PT ").unwrap(), "ana@clinic.pt");
        for bad in ["", "ana", "ana@", "@clinic.pt", "ana@clinic", "a b@c.d", "a@b@c.d", "a@.pt", "a@pt."] {
            assert_eq!(normalise_email(bad), Err(AuthError::EmailInvalid), "{bad}");
        }
    }

    #[test]
    fn passwords_need_ten_characters_counted_as_characters() {
        assert_eq!(check_password("short"), Err(AuthError::PasswordTooShort));
        assert!(check_password("пароль-длин").is_ok(), "11 Cyrillic characters");
        assert_eq!(check_password(&"x".repeat(300)), Err(AuthError::PasswordTooLong));
    }

    #[test]
    fn names_and_days() {
        assert_eq!(clean_name("  Ana  ").unwrap(), "Ana");
        assert_eq!(clean_name(" "), Err(AuthError::NameMissing));
        assert_eq!(clean_name(&"n".repeat(81)), Err(AuthError::NameTooLong));
        assert_eq!(check_days(0), Err(AuthError::ExpiryInvalid));
        assert_eq!(check_days(7), Ok(7));
        assert_eq!(check_days(366), Err(AuthError::ExpiryInvalid));
    }
}
