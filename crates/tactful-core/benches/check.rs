//! Throughput of the core: `cargo bench -p tactful-core --bench check`.
//!
//! Prints, for this machine: how long the shipped packs take to load and compile; the time
//! and MB/s of parsing and of the whole check over `../shared/corpus/small` and `large`
//! (when present); a ticket/draft pair; and drafts of 1 KB to 1 MB, to show the cost grows
//! linearly. Each figure is the median of several runs after a warm-up, on one core. On the
//! small corpus it also splits the check into parsing, the shared analysis and each rule.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tactful_core::{Document, Engine, Format, Input, Settings, check};

/// The allocator the `tactful` and `tactful-lsp` binaries use, so the figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<F: FnMut()>(runs: usize, mut f: F) -> Duration {
    f(); // warm-up
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

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

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

/// Settings with only the `on` rules enabled (all off when `on` is empty).
fn only(on: &[&str]) -> Settings {
    let mut toml = String::from("[rules]\n");
    for id in tactful_core::rules::ids() {
        if !on.contains(&id.as_str()) {
            toml.push_str(&format!("{id} = \"off\"\n"));
        }
    }
    tactful_core::Config::parse(&toml, "bench.toml")
        .expect("rule ids from the registry parse")
        .settings_for("draft.md")
}

/// The stages of a check over the small corpus: parsing alone; parsing and the shared analysis
/// (every rule off: sentences, words, jargon hits, question and acknowledgement verdicts);
/// then each rule on its own, as the time it adds to that.
fn stages(texts: &[String], bytes: usize, engine: &Engine) {
    let run = |settings: &Settings| {
        time(11, || {
            for text in texts {
                let input = Input {
                    draft: text,
                    format: Format::Markdown,
                    ticket: None,
                };
                std::hint::black_box(check(engine, settings, &input));
            }
        })
    };
    let base = run(&only(&[]));
    println!(
        "  parse + shared analysis (all rules off): {base:?} ({:.1} MB/s)",
        mb_per_s(bytes, base)
    );
    for id in tactful_core::rules::ids() {
        let with = run(&only(&[id.as_str()]));
        let added = with.saturating_sub(base);
        println!(
            "  rule {id:<22} adds {added:>10?} ({:.1}% of the whole)",
            100.0 * added.as_secs_f64() / with.as_secs_f64().max(1e-9)
        );
    }
}

fn main() {
    let t = Instant::now();
    let engine = Engine::load(&[]).expect("packs load");
    println!(
        "engine: load and compile the shipped packs: {:?}",
        t.elapsed()
    );
    let settings = Settings::default();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");

    for corpus in ["small", "large"] {
        let mut paths = Vec::new();
        files(&root.join("../shared/corpus").join(corpus), &mut paths);
        if paths.is_empty() {
            println!("corpus {corpus}: not found, skipped");
            continue;
        }
        let texts: Vec<String> = paths
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        let bytes: usize = texts.iter().map(String::len).sum();
        let runs = if corpus == "small" { 7 } else { 3 };
        let parse = time(runs, || {
            for text in &texts {
                std::hint::black_box(Document::parse(text, Format::Markdown, &engine, true));
            }
        });
        let whole = time(runs, || {
            for text in &texts {
                let input = Input {
                    draft: text,
                    format: Format::Markdown,
                    ticket: None,
                };
                std::hint::black_box(check(&engine, &settings, &input));
            }
        });
        println!(
            "corpus {corpus}: {} files, {:.1} MB: parse {:?} ({:.1} MB/s), whole check {:?} ({:.1} MB/s)",
            texts.len(),
            bytes as f64 / 1e6,
            parse,
            mb_per_s(bytes, parse),
            whole,
            mb_per_s(bytes, whole)
        );
        if corpus == "small" {
            stages(&texts, bytes, &engine);
        }
    }

    let reply = std::fs::read_to_string(root.join("examples/broke-my-website/reply.md"))
        .unwrap_or_default();
    let ticket = std::fs::read_to_string(root.join("examples/broke-my-website/ticket.md"))
        .unwrap_or_default();
    let pair = time(51, || {
        let input = Input {
            draft: &reply,
            format: Format::Markdown,
            ticket: Some((&ticket, Format::Markdown)),
        };
        std::hint::black_box(check(&engine, &settings, &input));
    });
    println!(
        "ticket/draft pair ({} + {} bytes): {:?} per check",
        reply.len(),
        ticket.len(),
        pair
    );

    // Linear growth: the example reply repeated to 1 KB … 1 MB, with its ticket.
    for size in [1_000usize, 10_000, 100_000, 1_000_000] {
        let mut draft = String::with_capacity(size + reply.len());
        while draft.len() < size {
            draft.push_str(&reply);
            draft.push_str("\n\n");
        }
        draft.truncate(draft.floor_char_boundary(size));
        let runs = if size >= 1_000_000 { 3 } else { 9 };
        let d = time(runs, || {
            let input = Input {
                draft: &draft,
                format: Format::Markdown,
                ticket: Some((&ticket, Format::Markdown)),
            };
            std::hint::black_box(check(&engine, &settings, &input));
        });
        println!(
            "draft of {:>9} bytes with its ticket: {:>12?} ({:.1} MB/s)",
            draft.len(),
            d,
            mb_per_s(draft.len(), d)
        );
    }

    // Many questions must not make the unanswered-question check quadratic.
    for questions in [10usize, 100, 1000] {
        let many: String = (0..questions)
            .map(|i| format!("Can you check invoice number {i} for me? "))
            .collect();
        let d = time(5, || {
            let input = Input {
                draft: &reply,
                format: Format::Markdown,
                ticket: Some((&many, Format::Markdown)),
            };
            std::hint::black_box(check(&engine, &settings, &input));
        });
        println!("ticket with {questions:>4} questions: {d:?}");
    }
}
