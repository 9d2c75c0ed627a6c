#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| roadlog_fuzz::loader_mutated(data));
