//! Accuracy floors: `tactful eval tests/eval`, `tests/eval-ack` and `tests/eval-real` must keep
//! every score at or above their `floors.toml`; and every set's labels name only text their
//! cases hold.
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

/// Runs `tactful eval DIR`: the exit code, stdout and stderr.
fn eval(dir: &Path) -> (u8, String, String) {
    let mut stdin: &[u8] = &[];
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let code = tactful::run(
        vec!["tactful".into(), "eval".into(), dir.as_os_str().to_owned()],
        &mut tactful::Io {
            stdin: &mut stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
            terminal_color: false,
        },
    );
    (
        code,
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

/// Every label of every set names text its case holds. The blind sets are checked for this
/// alone: their scores are neither shown nor held to anything here.
#[test]
fn every_set_labels_only_text_its_cases_hold() {
    for set in [
        "eval",
        "eval-ack",
        "eval-real",
        "holdout",
        "holdout2",
        "holdout3",
        "holdout4",
    ] {
        let (code, _, stderr) = eval(&Path::new(env!("CARGO_MANIFEST_DIR")).join(set));
        assert_eq!(code, 0, "{set}: {stderr}");
    }
}

/// A label naming text its case does not hold is refused, naming the file and the label,
/// instead of dropping out of the scores unseen.
#[test]
fn a_label_the_case_does_not_hold_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("001-case");
    std::fs::create_dir(&case).unwrap();
    std::fs::write(
        case.join("ticket.md"),
        "Can I pay by card? And when does it ship?\n",
    )
    .unwrap();
    std::fs::write(
        case.join("reply.md"),
        "Yes, by any card. Check your MX records.\n",
    )
    .unwrap();
    let labels = |question: &str, term: &str| {
        format!(
            "audience = \"general\"\n[[question]]\ntext = \"{question}\"\nanswered = true\n[acknowledgement]\nneeded = \"none\"\ngiven = false\n[jargon]\nterms = [\"{term}\"]\n[length]\ntoo_long = false\n"
        )
    };
    std::fs::write(
        case.join("labels.toml"),
        labels("Can I pay by card?", "MX records"),
    )
    .unwrap();
    let (code, _, stderr) = eval(dir.path());
    assert_eq!(code, 0, "{stderr}");

    // A question with a space the ticket does not have, and a term the reply spells otherwise.
    std::fs::write(
        case.join("labels.toml"),
        labels("Can I pay by card? And when does it ship ?", "MX records"),
    )
    .unwrap();
    let (code, _, stderr) = eval(dir.path());
    assert_ne!(code, 0);
    assert!(
        stderr.contains("labels.toml")
            && stderr.contains("when does it ship ?")
            && stderr.contains("ticket.md"),
        "{stderr}"
    );
    std::fs::write(
        case.join("labels.toml"),
        labels("Can I pay by card?", "MX record set"),
    )
    .unwrap();
    let (code, _, stderr) = eval(dir.path());
    assert_ne!(code, 0);
    assert!(
        stderr.contains("“MX record set”") && stderr.contains("reply.md"),
        "{stderr}"
    );
}

fn check_floors(set: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(set);
    let floors: BTreeMap<String, f64> =
        toml::from_str(&std::fs::read_to_string(dir.join("floors.toml")).unwrap()).unwrap();
    let (code, table, stderr) = eval(&dir);
    assert_eq!(code, 0, "{stderr}");
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
