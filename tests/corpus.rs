//! Smoke test over real Markdown written by others: the support articles in
//! `../shared/corpus/small` (200 files). Every file is checked twice; nothing may panic, every
//! range must lie inside its file on character boundaries, every fix must apply cleanly, and
//! the two runs must agree. The CLI then checks the whole folder twice, in parallel, and must
//! print the same JSON both times.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use tactful_core::{Engine, Format, Input, Settings, TextRange, check};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/small");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: corpus smoke test: {} is not here", dir.display());
        None
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

fn valid(text: &str, r: TextRange) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

#[test]
fn corpus_files_check_cleanly_and_deterministically() {
    let Some(dir) = corpus() else { return };
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    paths.sort();
    assert!(paths.len() >= 100, "only {} files", paths.len());
    let engine = Engine::embedded().unwrap();
    let settings = Settings::default();
    let mut findings = 0;
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let input = Input {
            draft: &text,
            format: Format::Markdown,
            ticket: None,
        };
        let first = check(engine, &settings, &input);
        let second = check(engine, &settings, &input);
        assert_eq!(first.diagnostics, second.diagnostics, "{}", path.display());
        assert!(
            first.internal_errors.is_empty(),
            "{}: {:?}",
            path.display(),
            first.internal_errors
        );
        for d in &first.diagnostics {
            assert!(valid(&text, d.range), "{}: {d:?}", path.display());
            for r in &d.related {
                assert!(valid(&text, r.range), "{}: {d:?}", path.display());
            }
            for fix in &d.fixes {
                let mut last = 0;
                for e in &fix.edits {
                    assert!(
                        valid(&text, e.range) && e.range.start >= last,
                        "{}: {fix:?}",
                        path.display()
                    );
                    last = e.range.end;
                }
            }
        }
        findings += first.diagnostics.len();
    }
    assert!(findings > 0, "real support articles have something to say");
}

#[test]
fn the_cli_output_over_the_corpus_is_stable() {
    let Some(dir) = corpus() else { return };
    let run = || {
        let mut stdin: &[u8] = &[];
        let mut stdout = Vec::new();
        let mut stderr = Vec::new();
        let args = vec![
            "tactful".into(),
            "check".into(),
            dir.clone().into_os_string(),
            "--format".into(),
            "json".into(),
            "--isolated".into(),
        ];
        let code = tactful::run(
            args,
            &mut tactful::Io {
                stdin: &mut stdin,
                stdout: &mut stdout,
                stderr: &mut stderr,
                terminal_color: false,
            },
        );
        (code, stdout, stderr)
    };
    let (code, first, stderr) = run();
    assert!(
        code <= 1,
        "exit {code}: {}",
        String::from_utf8_lossy(&stderr)
    );
    let (_, second, _) = run();
    assert!(
        first == second,
        "two runs over the corpus printed different output"
    );
    let value: serde_json::Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(value["summary"]["files"].as_u64(), Some(200));
}
