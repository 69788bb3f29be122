//! CSV: the fuzzer writes the rest of the header and the rows.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| jornada_fuzz::import_after("stage,lane,text", data));
