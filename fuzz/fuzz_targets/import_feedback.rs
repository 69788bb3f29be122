//! Feedback files (CSV, TSV, XLSX, any encoding): the fuzzer writes the whole file.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| jornada_fuzz::feedback(data));
