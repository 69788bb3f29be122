//! The pages a board visit does not need, each in a wasm chunk of its own: Leptos' lazy
//! routes (`#[lazy_route]`, built with cargo-leptos `--split`). The server renders them as
//! any page; in the browser the page's chunk is fetched before it hydrates (the app
//! hydrates with `hydrate_lazy`), or when the router first shows it. The board's two routes
//! stay in the main module, since most visits are to a board.

use super::eager::IntoAnySync;
use super::*;
use leptos_router::{lazy_route, LazyRoute};

/// The maps of the workspace.
#[derive(Debug)]
pub struct Dashboard;

#[lazy_route]
impl LazyRoute for Dashboard {
    fn data() -> Self {
        Dashboard
    }

    fn view(this: Self) -> AnyView {
        let Dashboard = this;
        page(view! { <dashboard::Dashboard/> }).into_any_sync()
    }
}

/// The persona library.
#[derive(Debug)]
pub struct Personas;

#[lazy_route]
impl LazyRoute for Personas {
    fn data() -> Self {
        Personas
    }

    fn view(this: Self) -> AnyView {
        let Personas = this;
        page(view! { <personas::PersonaLibrary/> }).into_any_sync()
    }
}

/// The channel library.
#[derive(Debug)]
pub struct Channels;

#[lazy_route]
impl LazyRoute for Channels {
    fn data() -> Self {
        Channels
    }

    fn view(this: Self) -> AnyView {
        let Channels = this;
        page(view! { <channels::ChannelLibrary/> }).into_any_sync()
    }
}

/// The workspace's settings.
#[derive(Debug)]
pub struct Settings;

#[lazy_route]
impl LazyRoute for Settings {
    fn data() -> Self {
        Settings
    }

    fn view(this: Self) -> AnyView {
        let Settings = this;
        page(view! { <settings::SettingsPage/> }).into_any_sync()
    }
}

/// Deleted maps.
#[derive(Debug)]
pub struct Trash;

#[lazy_route]
impl LazyRoute for Trash {
    fn data() -> Self {
        Trash
    }

    fn view(this: Self) -> AnyView {
        let Trash = this;
        page(view! { <trash::TrashPage/> }).into_any_sync()
    }
}

/// The workspace's members.
#[derive(Debug)]
pub struct Members;

#[lazy_route]
impl LazyRoute for Members {
    fn data() -> Self {
        Members
    }

    fn view(this: Self) -> AnyView {
        let Members = this;
        page(view! { <members::MembersPage/> }).into_any_sync()
    }
}

/// The first owner's set-up.
#[derive(Debug)]
pub struct Setup;

#[lazy_route]
impl LazyRoute for Setup {
    fn data() -> Self {
        Setup
    }

    fn view(this: Self) -> AnyView {
        let Setup = this;
        page(view! { <account::SetupPage/> }).into_any_sync()
    }
}

/// Signing in.
#[derive(Debug)]
pub struct SignIn;

#[lazy_route]
impl LazyRoute for SignIn {
    fn data() -> Self {
        SignIn
    }

    fn view(this: Self) -> AnyView {
        let SignIn = this;
        page(view! { <account::SignInPage/> }).into_any_sync()
    }
}

/// Signing up.
#[derive(Debug)]
pub struct SignUp;

#[lazy_route]
impl LazyRoute for SignUp {
    fn data() -> Self {
        SignUp
    }

    fn view(this: Self) -> AnyView {
        let SignUp = this;
        page(view! { <account::SignUpPage/> }).into_any_sync()
    }
}

/// Accepting an invitation.
#[derive(Debug)]
pub struct Invite;

#[lazy_route]
impl LazyRoute for Invite {
    fn data() -> Self {
        Invite
    }

    fn view(this: Self) -> AnyView {
        let Invite = this;
        page(view! { <account::InvitePage/> }).into_any_sync()
    }
}

/// A new password.
#[derive(Debug)]
pub struct Reset;

#[lazy_route]
impl LazyRoute for Reset {
    fn data() -> Self {
        Reset
    }

    fn view(this: Self) -> AnyView {
        let Reset = this;
        page(view! { <reset::ResetPasswordPage/> }).into_any_sync()
    }
}

/// Joining a workshop.
#[derive(Debug)]
pub struct Join;

#[lazy_route]
impl LazyRoute for Join {
    fn data() -> Self {
        Join
    }

    fn view(this: Self) -> AnyView {
        let Join = this;
        page(view! { <join::JoinWorkshopPage/> }).into_any_sync()
    }
}

/// One persona.
#[derive(Debug)]
pub struct Persona;

#[lazy_route]
impl LazyRoute for Persona {
    fn data() -> Self {
        Persona
    }

    fn view(this: Self) -> AnyView {
        let Persona = this;
        page(view! { <personas::PersonaPage/> }).into_any_sync()
    }
}
