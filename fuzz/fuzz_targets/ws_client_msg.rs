//! A websocket text frame, as the server decodes it; a decoded op is applied.
#![no_main]
use app::protocol::{ClientMsg, EditMsg};
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(ClientMsg::Edit(EditMsg::Op { op, .. })) = serde_json::from_str::<ClientMsg>(text) {
        jornada_fuzz::apply(&op);
    }
});
