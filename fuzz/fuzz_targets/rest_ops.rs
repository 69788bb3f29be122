//! The ops of a `POST /api/v1/maps/{id}/ops` body, as the server decodes them; each is applied.
#![no_main]
use app::domain::Op;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(ops) = serde_json::from_slice::<Vec<Op>>(data) {
        ops.iter().take(100).for_each(jornada_fuzz::apply);
    }
});
