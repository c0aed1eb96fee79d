//! Checks every Markdown file under a folder once, for profilers:
//! `cargo build --release -p tactful-core --example profile` then
//! `valgrind --tool=callgrind target/release/examples/profile ../shared/corpus/large`.
//! Prints the time spent loading the packs and checking, and the findings count. `REPEAT=N`
//! checks the folder N times.

use std::path::{Path, PathBuf};
use std::time::Instant;

use tactful_core::{Engine, Format, Input, Settings, check};

/// The allocator the `tactful` and `tactful-lsp` binaries use, so the figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus/small".into());
    let mut paths = Vec::new();
    files(Path::new(&dir), &mut paths);
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let t = Instant::now();
    let Ok(engine) = Engine::load(&[]) else {
        eprintln!("the shipped packs failed to load");
        std::process::exit(2);
    };
    let load = t.elapsed();
    let settings = Settings::default();
    // REPEAT=2 checks everything twice, so a profile of the second pass shows the steady state
    // (the regex engines' lazy DFAs and the stem cache warm).
    let repeat: usize = std::env::var("REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    // WARMUP=N checks everything N times first, outside `measured`, so a profiler told to
    // collect only in `profile::measured` (callgrind's `--toggle-collect=profile::measured`)
    // sees the steady state alone.
    let warmup: usize = std::env::var("WARMUP")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(0);
    warm_up(&engine, &settings, &texts, warmup);
    let t = Instant::now();
    let findings = measured(&engine, &settings, &texts, repeat);
    let bytes: usize = repeat * texts.iter().map(String::len).sum::<usize>();
    let elapsed = t.elapsed();
    println!(
        "{} files, {:.2} MB; load {:?}; check {:?} ({:.1} MB/s); {} findings",
        texts.len(),
        bytes as f64 / 1e6,
        load,
        elapsed,
        bytes as f64 / 1e6 / elapsed.as_secs_f64(),
        findings
    );
}

#[inline(never)]
fn warm_up(engine: &Engine, settings: &Settings, texts: &[String], passes: usize) {
    run(engine, settings, texts, passes);
}

#[inline(never)]
fn measured(engine: &Engine, settings: &Settings, texts: &[String], passes: usize) -> usize {
    run(engine, settings, texts, passes)
}

#[inline(always)]
fn run(engine: &Engine, settings: &Settings, texts: &[String], passes: usize) -> usize {
    let mut findings = 0;
    for _ in 0..passes {
        for text in texts {
            let input = Input {
                draft: text,
                format: Format::Markdown,
                ticket: None,
            };
            findings += check(engine, settings, &input).diagnostics.len();
        }
    }
    findings
}
