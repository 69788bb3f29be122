//! Components and pages: the page shell, the dashboard and the board.

pub mod account;
mod board;
mod browser;
mod channels;
mod dashboard;
mod eager;
pub(crate) mod inbox;
mod join;
mod later;
mod layout;
mod members;
mod move_map;
mod pages;
mod personas;
mod reset;
mod segments;
mod settings;
mod shelf;
mod theme;
mod trash;
mod widgets;

use crate::i18n::{provide_i18n, use_i18n};
use eager::eager;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::Lazy;
use leptos_router::{path, SsrMode};

/// Where the stylesheet, the JS glue and the wasm are served (their names carry a content
/// hash in builds by cargo-leptos). The server provides it, from the site embedded in the
/// binary or from `hash.txt`; the default serves an unhashed build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assets {
    pub css: String,
    pub js: String,
    pub wasm: String,
}

impl Assets {
    /// The names cargo-leptos gives an unhashed build.
    pub fn unhashed(options: &LeptosOptions) -> Assets {
        let pkg = format!("/{}/{}", options.site_pkg_dir, options.output_name);
        Assets { css: format!("{pkg}.css"), js: format!("{pkg}.js"), wasm: format!("{pkg}.wasm") }
    }
}

/// Loads the wasm and hydrates the page: Leptos' `HydrationScripts`, with the file names
/// from [`Assets`] instead of a `hash.txt` read beside the running binary (which a binary
/// carrying its own site does not have).
#[component]
fn Hydration(assets: Assets) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let script = format!(
        "import({js:?}).then(m => m.default({{module_or_path: {wasm:?}}}).then(() => m.hydrate()));",
        js = assets.js,
        wasm = assets.wasm
    );
    view! {
        <link rel="modulepreload" href=assets.js crossorigin="anonymous"/>
        <link rel="preload" href=assets.wasm r#as="fetch" r#type="application/wasm" crossorigin="anonymous"/>
        <script type="module" nonce=nonce>{script}</script>
    }
}

/// The whole HTML document, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let assets = use_context::<Assets>().unwrap_or_else(|| Assets::unhashed(&options));
    let lang = use_i18n().locale.get_untracked().tag();
    #[cfg(feature = "ssr")]
    let theme = theme::request_theme().map(theme::Theme::as_str);
    #[cfg(not(feature = "ssr"))]
    let theme: Option<&str> = None;
    view! {
        <!DOCTYPE html>
        <html lang=lang data-theme=theme>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href=assets.css.clone()/>
                <AutoReload options/>
                <Hydration assets/>
                <leptos_meta::MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Every page's title: "<text> · Jornada". Map titles, persona and workspace names reach
/// it, and leptos_meta writes a server-rendered `<title>` raw, so on the server the text is
/// escaped here, for every page at once (the browser sets `document.title` as text).
pub fn page_title(text: String) -> String {
    let title = if text.is_empty() { "Jornada".to_owned() } else { format!("{text} · Jornada") };
    #[cfg(feature = "ssr")]
    let title = html_escape::encode_text(&title).into_owned();
    title
}

/// Whether the page has hydrated (`data-hydrated` on the app's root).
#[derive(Clone, Copy)]
struct Hydrated(RwSignal<bool>);

/// A route's page: erased without an async copy ([`eager`]), and marking the app hydrated
/// once it has hydrated itself.
fn page<V: IntoView>(view: V) -> eager::Eager<V> {
    if let Some(Hydrated(hydrated)) = use_context() {
        Effect::new(move |_| hydrated.set(true));
    }
    eager(view)
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = provide_i18n();
    account::provide_me();
    // Hydration marker: tests and people can tell the page became interactive. Set by the
    // page's own view (`page`), since a lazy page hydrates after the shell.
    let hydrated = RwSignal::new(false);
    provide_context(Hydrated(hydrated));
    view! {
        <Title formatter=page_title/>
        <Router>
            <div class="app" data-hydrated=move || hydrated.get().to_string()>
                <a class="skip-link" href="#main">{move || i18n.t().skip_to_content}</a>
                {eager(view! { <layout::Header/> })}
                <main id="main" class="main" tabindex="-1">
                    <Routes fallback=|| page(view! { <layout::NotFound/> })>
                        <Route path=path!("/") view={Lazy::<pages::Dashboard>::new()}/>
                        <Route path=path!("/personas") view={Lazy::<pages::Personas>::new()}/>
                        <Route path=path!("/channels") view={Lazy::<pages::Channels>::new()}/>
                        <Route path=path!("/settings") view={Lazy::<pages::Settings>::new()}/>
                        <Route path=path!("/trash") view={Lazy::<pages::Trash>::new()}/>
                        <Route path=path!("/members") view={Lazy::<pages::Members>::new()}/>
                        <Route path=path!("/setup") view={Lazy::<pages::Setup>::new()}/>
                        <Route path=path!("/signin") view={Lazy::<pages::SignIn>::new()}/>
                        <Route path=path!("/signup") view={Lazy::<pages::SignUp>::new()}/>
                        <Route path=path!("/invite/:token") view={Lazy::<pages::Invite>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/reset/:token") view={Lazy::<pages::Reset>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/s/:token") view=|| page(view! { <board::SharedBoardPage/> }) ssr=SsrMode::Async/>
                        <Route path=path!("/w/:join") view={Lazy::<pages::Join>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/personas/:id") view={Lazy::<pages::Persona>::new()} ssr=SsrMode::Async/>
                        // The board: in the main module, hydrated at once.
                        // Async: the status (404 for a missing map) is known before the first byte.
                        <Route path=path!("/maps/:id") view=|| page(view! { <board::BoardPage/> }) ssr=SsrMode::Async/>
                    </Routes>
                </main>
                {eager(view! { <layout::Footer/> })}
            </div>
        </Router>
    }
}
