//! Accuracy floors: `tactful eval tests/eval` and `tactful eval tests/eval-ack` must keep every
//! score at or above their `floors.toml`.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn accuracy_stays_above_the_committed_floors() {
    check_floors("eval");
}

/// The acknowledgement set: only the checks named in its `floors.toml` are held to a floor.
#[test]
fn acknowledgement_set_stays_above_its_floors() {
    check_floors("eval-ack");
}

/// The set modelled on real public support threads: held to the floors in its `floors.toml`.
#[test]
fn real_thread_set_stays_above_its_floors() {
    check_floors("eval-real");
}

fn check_floors(set: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(set);
    let floors: BTreeMap<String, f64> =
        toml::from_str(&std::fs::read_to_string(dir.join("floors.toml")).unwrap()).unwrap();
    let mut stdin: &[u8] = &[];
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let code = tactful::run(
        vec![
            "tactful".into(),
            "eval".into(),
            dir.clone().into_os_string(),
        ],
        &mut tactful::Io {
            stdin: &mut stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
            terminal_color: false,
        },
    );
    let table = String::from_utf8(stdout).unwrap();
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&stderr));
    // | check | unit | precision | recall | F1 | …
    let mut scores: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for line in table
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| check"))
    {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        scores.insert(
            cells[1].to_string(),
            (cells[4].parse().unwrap(), cells[5].parse().unwrap()),
        );
    }
    let mut problems = Vec::new();
    for (check, floor) in &floors {
        let value = match check.as_str() {
            "question-extraction-recall" => scores["question extraction"].0,
            other => scores[other].1,
        };
        if value + 1e-9 < *floor {
            problems.push(format!(
                "{set}: {check}: {value:.2} is below its floor {floor:.2}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}\n\n{table}", problems.join("\n"));
}
