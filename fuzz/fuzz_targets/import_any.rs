//! Any bytes, as an upload to `POST /api/maps/import`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| jornada_fuzz::import(data));
