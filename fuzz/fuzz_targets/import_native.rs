//! Jornada's own JSON: the fuzzer writes the map object.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| jornada_fuzz::import_after(
    r#"{"format":"jornada","version":1,"map":"#,
    data
));
