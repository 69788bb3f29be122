//! The browser's websocket to one map: opens, sends JSON messages, hands received ones to a
//! callback, and reports when it closes. Reconnection is the caller's (see `sync`).

use crate::protocol::{ClientMsg, ServerMsg};

/// An open (or opening) connection. On the server there is none: rendering never connects.
#[cfg(not(feature = "ssr"))]
pub struct Conn {
    ws: web_sys::WebSocket,
    _handlers: Vec<wasm_bindgen::closure::Closure<dyn FnMut(wasm_bindgen::JsValue)>>,
}

#[cfg(feature = "ssr")]
pub struct Conn;

#[cfg(not(feature = "ssr"))]
impl Conn {
    /// Connects to the map's websocket. `on_open`, `on_message` and `on_close` are called
    /// from the browser's event loop.
    pub fn open(
        map_id: &str,
        share: Option<&str>,
        on_open: impl Fn() + 'static,
        on_message: impl Fn(ServerMsg) + 'static,
        on_close: impl Fn(Option<u16>) + 'static,
    ) -> Option<Conn> {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::{JsCast, JsValue};
        let loc = leptos::prelude::window().location();
        let proto = if loc.protocol().ok()? == "https:" { "wss" } else { "ws" };
        let url = format!("{proto}://{}{}", loc.host().ok()?, crate::protocol::ws_map_path(map_id, share));
        let ws = web_sys::WebSocket::new(&url).ok()?;
        let open = Closure::<dyn FnMut(JsValue)>::new(move |_| on_open());
        let message = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let ev: web_sys::MessageEvent = ev.unchecked_into();
            if let Some(text) = ev.data().as_string() {
                match serde_json::from_str::<ServerMsg>(&text) {
                    Ok(msg) => on_message(msg),
                    Err(e) => leptos::logging::warn!("unreadable message from the server: {e}"),
                }
            }
        });
        let close = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let code = ev.dyn_into::<web_sys::CloseEvent>().ok().map(|e| e.code());
            on_close(code)
        });
        ws.set_onopen(Some(open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(close.as_ref().unchecked_ref()));
        Some(Conn { ws, _handlers: vec![open, message, close] })
    }

    pub fn is_open(&self) -> bool {
        self.ws.ready_state() == web_sys::WebSocket::OPEN
    }

    pub fn send(&self, msg: &ClientMsg) -> bool {
        self.is_open() && serde_json::to_string(msg).ok().is_some_and(|t| self.ws.send_with_str(&t).is_ok())
    }

    /// Closes without calling the handlers (the page is leaving).
    pub fn close(&self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}

/// The server's stand-in: never opens, so nothing is sent or closed.
#[cfg(feature = "ssr")]
impl Conn {
    pub fn open(
        _map_id: &str,
        _share: Option<&str>,
        _on_open: impl Fn() + 'static,
        _on_message: impl Fn(ServerMsg) + 'static,
        _on_close: impl Fn(Option<u16>) + 'static,
    ) -> Option<Conn> {
        None
    }
    pub fn is_open(&self) -> bool {
        false
    }
    pub fn send(&self, _msg: &ClientMsg) -> bool {
        false
    }
    pub fn close(&self) {}
}
