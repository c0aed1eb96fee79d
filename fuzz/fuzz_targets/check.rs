//! `check`: arbitrary bytes → a draft (and maybe a ticket) in some format, audience and mode;
//! the report must be sound and the same when checked twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tactful_core::{Engine, check};
use tactful_fuzz::{CheckCase, assert_same, assert_sound};

fuzz_target!(|data: &[u8]| {
    let Some(case) = CheckCase::decode(data) else {
        return;
    };
    // `Engine::embedded` compiles the packs once per process.
    let engine = Engine::embedded().expect("the embedded packs load");
    let input = case.input();
    let report = check(engine, &case.settings, &input);
    assert_sound(&input, &report);
    let again = check(engine, &case.settings, &input);
    assert_same(&report, &again);
});
