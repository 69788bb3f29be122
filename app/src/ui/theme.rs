//! Light or dark. The system's setting decides unless the person chose: the choice is a
//! cookie, read by the server so the first paint is already right (no flash, no inline
//! script). The colours are CSS `light-dark()` pairs; `data-theme` on `<html>` pins one.

use crate::i18n::use_i18n;
use leptos::prelude::*;

/// The cookie that remembers the person's choice.
pub const COOKIE: &str = "jornada_theme";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(s: &str) -> Option<Theme> {
        match s.trim() {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    /// The theme a `Cookie` header chose, if it chose one (read on the server).
    #[cfg_attr(not(feature = "ssr"), allow(dead_code))]
    pub fn from_cookie_header(header: &str) -> Option<Theme> {
        crate::i18n::cookie(header, COOKIE).and_then(Theme::parse)
    }
}

/// The theme the request being rendered chose (none: the system's).
#[cfg(feature = "ssr")]
pub fn request_theme() -> Option<Theme> {
    let parts = use_context::<http::request::Parts>()?;
    let cookies: Vec<&str> =
        parts.headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
    Theme::from_cookie_header(&cookies.join(";"))
}

/// What `<html data-theme>` says now (as the server rendered it, or as last switched).
#[cfg(not(feature = "ssr"))]
fn pinned() -> Option<Theme> {
    document().document_element()?.get_attribute("data-theme").and_then(|t| Theme::parse(&t))
}

#[cfg(not(feature = "ssr"))]
fn system_is_dark() -> bool {
    window().match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|m| m.matches())
}

/// Pins `theme` on this page and remembers it for a year.
#[cfg(not(feature = "ssr"))]
fn remember(theme: Theme) {
    use wasm_bindgen::JsCast;
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-theme", theme.as_str());
    }
    if let Ok(doc) = document().dyn_into::<web_sys::HtmlDocument>() {
        let _ = doc.set_cookie(&format!("{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", theme.as_str()));
    }
}

/// "Dark mode": a switch, on when the page is dark (by choice or by the system).
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let i18n = use_i18n();
    // Hydrates with what the server rendered; the system's setting is read once running.
    #[cfg(feature = "ssr")]
    let dark = RwSignal::new(request_theme() == Some(Theme::Dark));
    #[cfg(not(feature = "ssr"))]
    let dark = RwSignal::new(pinned() == Some(Theme::Dark));
    #[cfg(not(feature = "ssr"))]
    Effect::new(move |_| {
        if pinned().is_none() {
            dark.set(system_is_dark());
        }
    });
    let toggle = move |_| {
        let on = !dark.get_untracked();
        dark.set(on);
        #[cfg(not(feature = "ssr"))]
        remember(if on { Theme::Dark } else { Theme::Light });
    };
    view! {
        <button
            type="button"
            class="theme-switch"
            role="switch"
            aria-checked=move || dark.get().to_string()
            aria-label=move || i18n.t().dark_mode
            title=move || i18n.t().dark_mode
            on:click=toggle
        >
            <svg viewBox="0 0 24 24" aria-hidden="true">
                <path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z" fill="currentColor"/>
            </svg>
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_chooses_a_theme_or_leaves_it_to_the_system() {
        assert_eq!(Theme::from_cookie_header("jornada_lang=ru; jornada_theme=dark"), Some(Theme::Dark));
        assert_eq!(Theme::from_cookie_header("jornada_theme=light"), Some(Theme::Light));
        assert_eq!(Theme::from_cookie_header("jornada_theme=\"><script>"), None);
        assert_eq!(Theme::from_cookie_header("other=dark"), None);
        assert_eq!(Theme::from_cookie_header(""), None);
    }
}
