//! Server functions for accounts: first-run set-up, sign-in and out, sign-up through an
//! invite (or openly when the server allows it), the person's own settings, workspaces.

use crate::domain::accounts::{InviteInfo, MemberInfo, WorkspaceInfo};
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in person, as the UI needs them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub user: String,
    pub name: String,
    pub email: String,
    pub locale: Locale,
    /// The current workspace and the person's role in it.
    pub workspace: String,
    pub role: Option<Role>,
    pub workspaces: Vec<WorkspaceInfo>,
}

impl Me {
    pub fn workspace_name(&self) -> String {
        self.workspaces.iter().find(|w| w.id == self.workspace).map(|w| w.name.clone()).unwrap_or_default()
    }
    pub fn can(&self, action: crate::domain::Capability) -> bool {
        self.role.is_some_and(|r| r.allows(action))
    }
}

/// What an invite link offers, shown before accepting it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitePreview {
    pub workspace_name: String,
    pub role: Role,
    /// The visitor is signed in already: accepting joins with that account.
    pub signed_in_as: Option<String>,
}

/// What the sign-in and set-up pages need to know about the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerInfo {
    pub set_up: bool,
    pub open_signup: bool,
}

/// The signed-in person, or `None`.
#[server(endpoint = "auth/me")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    crate::server::respond(
        async move {
            let Some(who) = crate::server::auth::identity() else { return Ok(None) };
            let state = crate::server::state()?;
            let workspaces = state.store.workspaces_of(&who.user).await?;
            Ok(Some(Me {
                user: who.user,
                name: who.name,
                email: who.email,
                locale: who.locale,
                workspace: who.workspace,
                role: who.role,
                workspaces,
            }))
        }
        .await,
    )
}

#[server(endpoint = "auth/info")]
pub async fn instance_info() -> Result<ServerInfo, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            Ok(ServerInfo {
                set_up: state.auth.is_set_up(&state.store).await?,
                open_signup: state.auth.config.open_signup,
            })
        }
        .await,
    )
}

/// First run: creates the owner account and the first workspace, and signs in. `code`:
/// the set-up code the server printed in its log.
#[server(endpoint = "auth/setup")]
pub async fn set_up(
    name: String,
    email: String,
    password: String,
    workspace: String,
    #[server(default)] code: String,
) -> Result<(), AppError> {
    crate::server::respond(crate::server::accounts::set_up(name, email, password, workspace, code).await)
}

#[server(endpoint = "auth/signin")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    crate::server::respond(crate::server::accounts::sign_in(email, password).await)
}

#[server(endpoint = "auth/signout")]
pub async fn sign_out() -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            match crate::server::auth::identity() {
                Some(who) => crate::server::auth::end_session(&state, &who).await,
                None => Ok(()),
            }
        }
        .await,
    )
}

/// Creates an account without an invite, with a workspace of its own (only when the
/// server allows open sign-up).
#[server(endpoint = "auth/signup")]
pub async fn sign_up(name: String, email: String, password: String, workspace: String) -> Result<(), AppError> {
    crate::server::respond(crate::server::accounts::sign_up(name, email, password, workspace).await)
}

#[server(endpoint = "auth/invite")]
pub async fn load_invite(token: String) -> Result<InvitePreview, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let invite = crate::server::accounts::live_invite(&state, &token).await?;
            Ok(InvitePreview {
                workspace_name: invite.workspace_name,
                role: invite.role,
                signed_in_as: crate::server::auth::identity().map(|i| i.name),
            })
        }
        .await,
    )
}

/// Accepts an invite: joins with the signed-in account, or creates one from the form
/// (name, e-mail, password) and signs it in.
#[server(endpoint = "auth/accept")]
pub async fn accept_invite(token: String, name: String, email: String, password: String) -> Result<(), AppError> {
    crate::server::respond(crate::server::accounts::accept_invite(token, name, email, password).await)
}

#[server(endpoint = "auth/password")]
pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
    crate::server::respond(crate::server::accounts::change_password(current, new).await)
}

/// Remembers the person's language (the cookie is set by the page at once).
#[server(endpoint = "auth/locale")]
pub async fn set_my_locale(locale: Locale) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::signed_in()?;
            crate::server::state()?.store.set_user_locale(&who.user, locale.tag()).await?;
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "auth/switch")]
pub async fn switch_workspace(workspace: String) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::signed_in()?;
            if !crate::server::state()?.store.switch_workspace(&who.user, &workspace).await? {
                return Err(AppError::NotFound);
            }
            Ok(())
        }
        .await,
    )
}

/// Creates another workspace owned by the signed-in person and switches to it.
#[server(endpoint = "auth/workspace")]
pub async fn create_workspace(name: String) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::signed_in()?;
            let name = crate::domain::access::clean_name(&name).map_err(AppError::Auth)?;
            let id = uuid::Uuid::new_v4().simple().to_string();
            crate::server::state()?.store.create_workspace(&id, &name, &who.user).await?;
            Ok(())
        }
        .await,
    )
}

// Members and invites (owners)

#[server(endpoint = "members/list")]
pub async fn list_members() -> Result<Vec<MemberInfo>, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::View)?;
            Ok(crate::server::state()?.store.members(&who.workspace).await?)
        }
        .await,
    )
}

/// Changes a member's role; `None` removes them from the workspace.
#[server(endpoint = "members/role")]
pub async fn set_member_role(user: String, role: Option<Role>) -> Result<(), AppError> {
    crate::server::respond(crate::server::accounts::set_member_role(user, role).await)
}

#[server(endpoint = "members/rename")]
pub async fn rename_workspace(name: String) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::Manage)?;
            let name = crate::domain::access::clean_name(&name).map_err(AppError::Auth)?;
            crate::server::state()?.store.rename_workspace(&who.workspace, &name).await?;
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "invites/list")]
pub async fn list_invites() -> Result<Vec<InviteInfo>, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::Manage)?;
            Ok(crate::server::state()?.store.invites(&who.workspace).await?)
        }
        .await,
    )
}

/// Creates an invite link usable `uses` times (10 when not given; an owner invite once,
/// whatever is asked; only owners make invites at all); answers its path (`/invite/…`),
/// shown once.
#[server(endpoint = "invites/create")]
pub async fn create_invite(role: Role, days: u32, uses: Option<u32>) -> Result<String, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::Manage)?;
            let days = crate::domain::access::check_days(days).map_err(AppError::Auth)?;
            let uses = crate::domain::access::invite_uses(role, uses).map_err(AppError::Auth)?;
            let secret = crate::server::auth::generate(crate::domain::SecretKind::Invite);
            let id = uuid::Uuid::new_v4().simple().to_string();
            let store = &crate::server::state()?.store;
            store.create_invite(&id, &who.workspace, role, &secret, days, uses, &who.user).await?;
            Ok(format!("/invite/{secret}"))
        }
        .await,
    )
}

#[server(endpoint = "invites/revoke")]
pub async fn revoke_invite(id: String) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::Manage)?;
            if !crate::server::state()?.store.revoke_invite(&who.workspace, &id).await? {
                return Err(AppError::NotFound);
            }
            Ok(())
        }
        .await,
    )
}
