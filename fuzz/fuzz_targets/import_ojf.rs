//! OpenJourney: the fuzzer writes the stages and what follows them.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| jornada_fuzz::import_after(r#"{"swimlanes":[],"nodes":[],"stages":"#, data));
