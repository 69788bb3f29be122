//! Mermaid journey: the fuzzer writes everything after the header line.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| jornada_fuzz::import_after("journey\n", data));
