//! `config`: arbitrary text as a `tactful.toml` must parse or be rejected, never panic; a
//! config that parses gives settings for any path and sound checks with them, and the packs it
//! lists (their text taken from the rest of the input, never from the file system) compile or
//! are rejected.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tactful_core::{Config, Engine, Format, Input, check};
use tactful_fuzz::{assert_same, assert_sound};

/// Paths a config's globs may or may not match.
const PATHS: &[&str] = &[
    "a/b.md",
    "reply.md",
    "internal/x.txt",
    "drafts/2026/é.md",
    "",
    "../up.md",
];

/// A small draft and ticket that exercise every kind of pattern a pack can add.
const DRAFT: &str = "Hi {{first_name}},\n\nSorry about the wait. Your DNS records point at the old host; \
    just click Save. TODO: check the invoice.\n\nBest,\nAna";
const TICKET: &str =
    "My site is down and we launch on Monday! Why did this happen? Can you fix it?";

fuzz_target!(|data: &[u8]| {
    // The config's text comes first; after the first 0xFF byte (never part of UTF-8 text),
    // the text every listed pack reads as.
    let (config_bytes, pack_bytes) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let Ok(text) = std::str::from_utf8(config_bytes) else {
        return;
    };
    let config = match Config::parse(text, "tactful.toml") {
        Ok(config) => config,
        Err(err) => {
            // The error must render, and point at a line and column of the text.
            assert!(!err.to_string().is_empty());
            let lines = text.matches('\n').count() + 1;
            assert!(
                (1..=lines).contains(&err.line) && err.column >= 1,
                "{err:?} in {text:?}"
            );
            return;
        }
    };
    for path in PATHS {
        let _ = config.settings_for(path);
    }
    // Whatever the options (every value the config accepts, extremes included), a check with
    // the built-in packs stays sound.
    check_with(
        Engine::embedded().expect("the embedded packs load"),
        &config,
    );
    let Some(pack_bytes) = pack_bytes.filter(|_| !config.packs.is_empty()) else {
        return;
    };
    let pack = String::from_utf8_lossy(pack_bytes).into_owned();
    let read = |p: &Path| {
        // A path with "missing" in it cannot be read, to exercise that error too.
        if p.to_string_lossy().contains("missing") {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such pack",
            ))
        } else {
            Ok(pack.clone())
        }
    };
    match config.pack_engine(Path::new("fuzz"), read) {
        Ok(Some(engine)) => check_with(&engine, &config),
        Ok(None) => panic!("packs are listed but no engine was built: {text:?}"),
        Err(message) => assert!(!message.is_empty()),
    }
});

/// Checks a small draft with and without a ticket under the config's settings; the reports
/// must be sound and repeatable.
fn check_with(engine: &Engine, config: &Config) {
    let settings = config.settings_for("reply.md");
    for format in [Format::Markdown, Format::PlainText] {
        for ticket in [None, Some((TICKET, Format::PlainText))] {
            let input = Input {
                draft: DRAFT,
                format,
                ticket,
            };
            let report = check(engine, &settings, &input);
            assert_sound(&input, &report);
            assert_same(&report, &check(engine, &settings, &input));
        }
    }
}
