//! SARIF 2.1.0 output, for code-scanning services (GitHub code scanning and others).
//!
//! One log with one run: the tool's driver lists every registered rule (in registry order, so
//! `ruleIndex` is stable), `artifacts` lists the drafts and the separate tickets, and each
//! finding is a result with its location (lines and columns 1-based, columns in Unicode scalar
//! values: `columnKind` is `unicodeCodePoints`), the flagged text as the region's snippet, the
//! related locations (the ticket's question), the fixes, and a `tactful/v1` partial fingerprint
//! (see [`crate::fingerprint`]). Character offsets are not given: SARIF counts them in
//! characters, and tactful's offsets are bytes.

use std::collections::{BTreeMap, HashMap};
use std::io::{Seek, Write};

use serde::Serialize;
use tactful_core::rules::{RULES, RuleMeta};
use tactful_core::{LineIndex, Origin, Severity, TextRange};

use crate::commands::check::Checked;
use crate::fingerprint;
use crate::render::Stream;
use crate::render::pretty::{Array, write_at};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/tactful-dev/tactful";
const RULES_DOC: &str = "https://github.com/tactful-dev/tactful/blob/main/docs/rules.md";
/// The key of tactful's fingerprint in `partialFingerprints`.
const FINGERPRINT_KEY: &str = "tactful/v1";

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    short_description: Message,
    full_description: Message,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Artifact {
    location: ArtifactLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    roles: Vec<&'static str>,
}

#[derive(Serialize, Clone)]
struct ArtifactLocation {
    uri: String,
    index: ArtifactIndex,
}

/// An artifact's index. A draft's is known when its results are written; a separate ticket's is
/// only known at the end (after every draft), so its results carry a placeholder, `"t<n>"` for
/// the n-th ticket referred to, which is replaced when the results are copied out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ArtifactIndex {
    Known(usize),
    Ticket(usize),
}

impl Serialize for ArtifactIndex {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            ArtifactIndex::Known(i) => serializer.serialize_u64(i as u64),
            ArtifactIndex::Ticket(n) => serializer.collect_str(&format_args!("{TICKET_MARK}{n}")),
        }
    }
}

/// What a ticket's placeholder index starts with.
const TICKET_MARK: &str = "t";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    properties: Properties,
}

/// tactful's own severity, as SARIF's `note` stands for both `info` and `hint`.
#[derive(Serialize)]
struct Properties {
    severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Content>,
}

#[derive(Serialize)]
struct Content {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix {
    description: Message,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Content,
}

/// SARIF's level for a severity: it has no `info` or `hint`, both are `note`.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// `unanswered-question` → `UnansweredQuestion`.
fn pascal_case(id: &str) -> String {
    id.split(['-', '_'])
        .flat_map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(chars)
        })
        .collect()
}

/// The first paragraph under a `## heading` of a rule's docs, on one line.
fn section(docs: &str, heading: &str) -> Option<String> {
    let mut lines = docs
        .lines()
        .skip_while(|l| l.trim() != format!("## {heading}"));
    lines.next()?;
    let paragraph: Vec<&str> = lines
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect();
    (!paragraph.is_empty()).then(|| paragraph.join(" "))
}

/// The rule's long description in plain text: its summary as a sentence, then why it matters.
fn full_description(meta: &RuleMeta) -> String {
    let mut chars = meta.summary.chars();
    let mut text: String = chars
        .next()
        .into_iter()
        .flat_map(char::to_uppercase)
        .chain(chars)
        .collect();
    if !text.ends_with('.') {
        text.push('.');
    }
    if let Some(why) = section(meta.docs, "Why it matters to the customer") {
        text.push(' ');
        text.push_str(&why);
    }
    text
}

fn rule(meta: &'static RuleMeta) -> Rule {
    // SARIF wants the name to differ from the id (validators compare them ignoring case): a
    // one-word id such as `jargon` has no name.
    let name = pascal_case(meta.id);
    Rule {
        id: meta.id,
        name: (!name.eq_ignore_ascii_case(meta.id)).then_some(name),
        short_description: Message {
            text: meta.summary.to_string(),
        },
        full_description: Message {
            text: full_description(meta),
        },
        help: Help {
            text: meta.docs,
            markdown: meta.docs,
        },
        help_uri: format!("{RULES_DOC}#{}", meta.id),
        default_configuration: Configuration {
            level: level(meta.default_severity),
        },
    }
}

/// A file name as shown, with `/` separators (on Windows, `\` is a separator too) and no
/// leading `./`.
pub(crate) fn slash_path(name: &str) -> String {
    with_separator(name, std::path::MAIN_SEPARATOR)
}

fn with_separator(name: &str, separator: char) -> String {
    let mut path = if separator == '/' {
        name.to_string()
    } else {
        name.replace(separator, "/")
    };
    while let Some(rest) = path.strip_prefix("./") {
        path = rest.to_string();
    }
    path
}

/// Whether a byte may stand as itself in a URI path (RFC 3986 `pchar` and `/`).
fn uri_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b)
}

fn percent_encode(s: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if uri_safe(b) && (keep_colon || b != b':') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The URI of a file as given on the command line: relative paths stay relative (with `/`
/// separators, percent-encoded), absolute ones become `file:` URIs.
fn uri(name: &str, separator: char) -> String {
    let path = with_separator(name, separator);
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if separator == '\\' && drive {
        // C:/dir/file → file:///C:/dir/file
        return format!("file:///{}", percent_encode(&path, true));
    }
    if let Some(rest) = path.strip_prefix("//") {
        // A UNC path: //server/share/file → file://server/share/file
        return format!("file://{}", percent_encode(rest, true));
    }
    if path.starts_with('/') {
        return format!("file://{}", percent_encode(&path, true));
    }
    // In a relative reference, a colon before the first `/` would read as a scheme.
    match path.split_once('/') {
        Some((first, rest)) => format!(
            "{}/{}",
            percent_encode(first, false),
            percent_encode(rest, true)
        ),
        None => percent_encode(&path, false),
    }
}

fn region(index: &LineIndex, text: &str, range: TextRange, snippet: bool) -> Region {
    let start = index.position(text, range.start);
    let end = index.position(text, range.end);
    let flagged = text.get(start.offset..end.offset).unwrap_or("");
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
        snippet: (snippet && !flagged.is_empty()).then(|| Content {
            text: flagged.to_string(),
        }),
    }
}

/// The SARIF renderer. The log lists its artifacts (every draft, then the separate tickets
/// its results point into) before its results, and which tickets those are is only known once
/// every draft is checked. So each draft's results are written as it comes into a spool (memory,
/// then a temporary file past [`SPOOL_IN_MEMORY`]), and [`Stream::finish`] writes the log's
/// opening, the artifacts, the spooled results (with the tickets' indexes filled in) and the end.
pub(crate) struct Sarif {
    /// Distinct draft names in order, each with its artifact index.
    drafts: Vec<String>,
    draft_index: HashMap<String, usize>,
    /// Separate tickets in the order results first point into them.
    tickets: Vec<String>,
    ticket_index: HashMap<String, usize>,
    results: Array,
    spool: Spool,
}

/// Results kept in memory before they go to a temporary file.
const SPOOL_IN_MEMORY: usize = 1 << 20;

impl Sarif {
    pub(crate) fn new() -> Self {
        Self::with_spool_limit(SPOOL_IN_MEMORY)
    }

    fn with_spool_limit(limit: usize) -> Self {
        Self {
            drafts: Vec::new(),
            draft_index: HashMap::new(),
            tickets: Vec::new(),
            ticket_index: HashMap::new(),
            // `results` is in the run, in `runs`, in the log: three levels in.
            results: Array::new(3),
            spool: Spool::new(limit),
        }
    }

    fn draft_location(&mut self, name: &str) -> ArtifactLocation {
        let index = match self.draft_index.get(name) {
            Some(&i) => i,
            None => {
                self.drafts.push(name.to_string());
                self.draft_index
                    .insert(name.to_string(), self.drafts.len() - 1);
                self.drafts.len() - 1
            }
        };
        ArtifactLocation {
            uri: uri(name, std::path::MAIN_SEPARATOR),
            index: ArtifactIndex::Known(index),
        }
    }

    fn ticket_location(&mut self, name: &str) -> ArtifactLocation {
        let n = match self.ticket_index.get(name) {
            Some(&n) => n,
            None => {
                self.tickets.push(name.to_string());
                self.ticket_index
                    .insert(name.to_string(), self.tickets.len() - 1);
                self.tickets.len() - 1
            }
        };
        ArtifactLocation {
            uri: uri(name, std::path::MAIN_SEPARATOR),
            index: ArtifactIndex::Ticket(n),
        }
    }

    /// The artifacts, and the index of each ticket in order of [`Sarif::tickets`]: a ticket that
    /// is also a checked draft is that draft's artifact; the others follow the drafts.
    fn artifacts(&self) -> (Vec<Artifact>, Vec<usize>) {
        let mut list: Vec<Artifact> = self
            .drafts
            .iter()
            .enumerate()
            .map(|(index, name)| Artifact {
                location: ArtifactLocation {
                    uri: uri(name, std::path::MAIN_SEPARATOR),
                    index: ArtifactIndex::Known(index),
                },
                roles: vec!["analysisTarget"],
            })
            .collect();
        let mut tickets = Vec::with_capacity(self.tickets.len());
        for name in &self.tickets {
            match self.draft_index.get(name) {
                Some(&index) => tickets.push(index),
                None => {
                    tickets.push(list.len());
                    list.push(Artifact {
                        location: ArtifactLocation {
                            uri: uri(name, std::path::MAIN_SEPARATOR),
                            index: ArtifactIndex::Known(list.len()),
                        },
                        roles: Vec::new(),
                    });
                }
            }
        }
        (list, tickets)
    }
}

/// A draft's results.
fn results_of(c: &Checked, sarif: &mut Sarif) -> Vec<SarifResult> {
    let draft = sarif.draft_location(&c.draft.name);
    let draft_index = LineIndex::new(&c.draft.text);
    let ticket_index = c.ticket.as_ref().map(|t| LineIndex::new(&t.text));
    let prints = fingerprint::for_file(
        &slash_path(&c.draft.name),
        &c.draft.text,
        &c.report.diagnostics,
    );
    let mut results = Vec::with_capacity(c.report.diagnostics.len());
    for (d, print) in c.report.diagnostics.iter().zip(prints) {
        let related_locations = d
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let (location, index, text) = match (r.origin, &c.ticket, &ticket_index) {
                    (Origin::Ticket, Some(t), Some(index)) => {
                        (sarif.ticket_location(&t.name), index, t.text.as_str())
                    }
                    _ => (draft.clone(), &draft_index, c.draft.text.as_str()),
                };
                Location {
                    id: Some(i + 1),
                    physical_location: PhysicalLocation {
                        artifact_location: location,
                        region: region(index, text, r.range, true),
                    },
                    message: Some(Message {
                        text: r.message.clone(),
                    }),
                }
            })
            .collect();
        let fixes = d
            .fixes
            .iter()
            .map(|f| Fix {
                description: Message {
                    text: f.title.clone(),
                },
                artifact_changes: vec![ArtifactChange {
                    artifact_location: draft.clone(),
                    replacements: f
                        .edits
                        .iter()
                        .map(|e| Replacement {
                            deleted_region: region(&draft_index, &c.draft.text, e.range, false),
                            inserted_content: Content {
                                text: e.replacement.clone(),
                            },
                        })
                        .collect(),
                }],
            })
            .collect();
        results.push(SarifResult {
            rule_id: d.rule,
            rule_index: RULES.iter().position(|r| r.meta().id == d.rule),
            level: level(d.severity),
            message: Message {
                text: d.full_message(),
            },
            locations: vec![Location {
                id: None,
                physical_location: PhysicalLocation {
                    artifact_location: draft.clone(),
                    region: region(&draft_index, &c.draft.text, d.range, true),
                },
                message: None,
            }],
            related_locations,
            fixes,
            partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, print)]),
            properties: Properties {
                severity: d.severity.name(),
            },
        });
    }
    results
}

impl Stream for Sarif {
    fn file(&mut self, c: &Checked, _out: &mut dyn Write) -> anyhow::Result<()> {
        for result in results_of(c, self) {
            self.results.item(&mut self.spool, &result)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write) -> anyhow::Result<()> {
        let driver = Tool {
            driver: Driver {
                name: "tactful",
                version: env!("CARGO_PKG_VERSION"),
                semantic_version: env!("CARGO_PKG_VERSION"),
                information_uri: INFORMATION_URI,
                rules: RULES.iter().map(|r| rule(r.meta())).collect(),
            },
        };
        let (artifacts, tickets) = self.artifacts();
        // The log, its one run, and the fields before `results`, laid out as serde_json's
        // pretty printer lays out the whole log.
        out.write_all(b"{\n  \"$schema\": ")?;
        write_at(out, SCHEMA, 1)?;
        out.write_all(b",\n  \"version\": ")?;
        write_at(out, "2.1.0", 1)?;
        out.write_all(b",\n  \"runs\": [\n    {\n      \"tool\": ")?;
        write_at(out, &driver, 3)?;
        out.write_all(b",\n      \"artifacts\": ")?;
        write_at(out, &artifacts, 3)?;
        out.write_all(b",\n      \"columnKind\": ")?;
        write_at(out, "unicodeCodePoints", 3)?;
        out.write_all(b",\n      \"results\": ")?;
        self.results.open(out)?;
        self.spool.copy_resolving(out, &tickets)?;
        self.results.close(out)?;
        out.write_all(b"\n    }\n  ]\n}\n")?;
        Ok(())
    }
}

/// Bytes kept in memory up to a limit, then in an unnamed temporary file; if no temporary file
/// can be made, they stay in memory.
struct Spool {
    memory: Vec<u8>,
    file: Option<std::io::BufWriter<std::fs::File>>,
    limit: usize,
}

impl Spool {
    fn new(limit: usize) -> Self {
        Self {
            memory: Vec::new(),
            file: None,
            limit,
        }
    }

    /// Copies the spooled bytes to `out`, replacing each ticket placeholder index (a line
    /// `"index": "t<n>"`, which only [`ArtifactIndex::Ticket`] writes: a quote inside a string
    /// is escaped, so no string holds `": "`) with `tickets[n]`.
    fn copy_resolving(&mut self, out: &mut dyn Write, tickets: &[usize]) -> anyhow::Result<()> {
        match self.file.take() {
            None => copy_lines(&mut self.memory.as_slice(), out, tickets),
            Some(writer) => {
                let mut file = writer.into_inner().map_err(|e| e.into_error())?;
                file.seek(std::io::SeekFrom::Start(0))?;
                copy_lines(&mut std::io::BufReader::new(file), out, tickets)
            }
        }
    }
}

impl Write for Spool {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(file) = &mut self.file {
            return file.write(buf);
        }
        self.memory.extend_from_slice(buf);
        if self.memory.len() > self.limit
            && let Ok(file) = tempfile::tempfile()
        {
            let mut file = std::io::BufWriter::new(file);
            file.write_all(&self.memory)?;
            self.memory = Vec::new();
            self.file = Some(file);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

fn copy_lines(
    from: &mut dyn std::io::BufRead,
    out: &mut dyn Write,
    tickets: &[usize],
) -> anyhow::Result<()> {
    const KEY: &[u8] = b"\"index\": \"";
    let mut line = Vec::new();
    loop {
        line.clear();
        if from.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let body = line.trim_ascii_start();
        let indent = line.len() - body.len();
        let resolved = body
            .strip_prefix(KEY)
            .and_then(|rest| rest.strip_prefix(TICKET_MARK.as_bytes()))
            .and_then(|rest| {
                let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
                let n: usize = std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()?;
                let after = rest[digits..].strip_prefix(b"\"")?;
                Some((*tickets.get(n)?, after))
            });
        match resolved {
            Some((index, after)) => {
                out.write_all(&line[..indent])?;
                write!(out, "\"index\": {index}")?;
                out.write_all(after)?;
            }
            None => out.write_all(&line)?,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn checked(name: &str, draft: &str, ticket: Option<(&str, &str)>) -> Checked {
        crate::render::checked_for_test(name, draft, ticket)
    }

    fn sarif(checked: &[Checked]) -> Value {
        let mut out = Vec::new();
        crate::render::render_all(&mut Sarif::new(), checked, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with("}\n"));
        serde_json::from_str(&text).unwrap()
    }

    /// Line and scalar column of a byte offset, counted the slow way (`\r\n`, `\n` and a lone
    /// `\r` end a line), independently of `LineIndex`.
    fn naive_position(text: &str, offset: usize) -> (u64, u64) {
        let (mut line, mut column) = (1, 1);
        let mut chars = text[..offset].chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' if chars.peek() == Some(&'\n') => {}
                '\r' | '\n' => {
                    line += 1;
                    column = 1;
                }
                _ => column += 1,
            }
        }
        (line, column)
    }

    fn region_of(result: &Value) -> &Value {
        &result["locations"][0]["physicalLocation"]["region"]
    }

    const DRAFT: &str = "Héllo Zoë 👋,\r\n\r\nSorry — I know this cost you a whole morning. 🙏 Your MX records still point at the old host, so propagation hasn't finished.\r\n\r\nCafé {{first_name}} résumé 😀 your DNS is fine.\r\n";
    const TICKET: &str = "My email stopped arriving after I moved my site yesterday. What happened? Can you refund this month?";

    #[test]
    fn the_log_has_the_version_the_tool_and_every_rule() {
        let log = sarif(&[checked("reply.md", DRAFT, None)]);
        assert_eq!(log["$schema"], SCHEMA);
        assert_eq!(log["version"], "2.1.0");
        let runs = log["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 1);
        let run = &runs[0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "tactful");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(driver["informationUri"], INFORMATION_URI);
        let rules = driver["rules"].as_array().unwrap();
        assert_eq!(rules.len(), RULES.len());
        for (rule, registered) in rules.iter().zip(RULES) {
            let meta = registered.meta();
            assert_eq!(rule["id"], meta.id);
            assert_eq!(rule["shortDescription"]["text"], meta.summary);
            assert_eq!(rule["help"]["text"], meta.docs);
            assert_eq!(rule["help"]["markdown"], meta.docs);
            assert_eq!(
                rule["helpUri"],
                format!(
                    "https://github.com/tactful-dev/tactful/blob/main/docs/rules.md#{}",
                    meta.id
                )
            );
            let full = rule["fullDescription"]["text"].as_str().unwrap();
            assert!(full[1..].starts_with(&meta.summary[1..]), "{full}");
            assert!(full.len() > meta.summary.len() + 1, "no why in {full}");
            assert!(!full.contains('\n'), "{full}");
            let expected = match meta.default_severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "note",
            };
            assert_eq!(rule["defaultConfiguration"]["level"], expected);
        }
        assert_eq!(rules[0]["name"], "UnansweredQuestion");
        let names: Vec<&str> = rules.iter().filter_map(|r| r["name"].as_str()).collect();
        // A one-word id (jargon, condescension) has no name: it would differ only in case.
        let one_word = RULES.iter().filter(|r| !r.meta().id.contains('-')).count();
        assert_eq!(names.len(), RULES.len() - one_word);
        assert!(names.contains(&"UnfilledPlaceholder"), "{names:?}");
        let jargon = rules.iter().find(|r| r["id"] == "jargon").unwrap();
        assert!(jargon.get("name").is_none(), "{jargon}");
    }

    #[test]
    fn results_point_at_lines_and_scalar_columns_across_emoji_accents_and_crlf() {
        let c = checked("replies/dns reply.md", DRAFT, None);
        let log = sarif(std::slice::from_ref(&c));
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), c.report.diagnostics.len());
        assert!(!results.is_empty());
        for (result, d) in results.iter().zip(&c.report.diagnostics) {
            assert_eq!(result["ruleId"], d.rule);
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(RULES[index].meta().id, d.rule);
            assert_eq!(result["message"]["text"], d.full_message());
            assert_eq!(result["properties"]["severity"], d.severity.name());
            let location = &result["locations"][0]["physicalLocation"];
            assert_eq!(
                location["artifactLocation"]["uri"],
                "replies/dns%20reply.md"
            );
            assert_eq!(location["artifactLocation"]["index"], 0);
            let region = region_of(result);
            let (line, column) = naive_position(DRAFT, d.range.start);
            assert_eq!(region["startLine"], line, "{d:?}");
            assert_eq!(region["startColumn"], column, "{d:?}");
            let (line, column) = naive_position(DRAFT, d.range.end);
            assert_eq!(region["endLine"], line, "{d:?}");
            assert_eq!(region["endColumn"], column, "{d:?}");
            assert_eq!(region["snippet"]["text"], d.range.slice(DRAFT));
            assert!(region.get("charOffset").is_none());
            assert!(region.get("charLength").is_none());
            let print = result["partialFingerprints"]["tactful/v1"]
                .as_str()
                .unwrap();
            assert_eq!(print.len(), 16);
        }

        // Spot checks by hand: "MX records" on line 3, after "Sorry — … 🙏 Your " (— and 🙏
        // are one column each); the placeholder on line 5, after "Café " (é is one column).
        let mx = results
            .iter()
            .find(|r| region_of(r)["snippet"]["text"] == "MX records")
            .expect("MX records flagged");
        assert_eq!(mx["ruleId"], "jargon");
        assert_eq!(mx["level"], "warning");
        let prefix = "Sorry — I know this cost you a whole morning. 🙏 Your ";
        let start = prefix.chars().count() as u64 + 1;
        assert_eq!(region_of(mx)["startLine"], 3);
        assert_eq!(region_of(mx)["startColumn"], start);
        assert_eq!(region_of(mx)["endLine"], 3);
        assert_eq!(region_of(mx)["endColumn"], start + 10);
        let placeholder = results
            .iter()
            .find(|r| r["ruleId"] == "unfilled-placeholder")
            .expect("placeholder flagged in reply mode");
        assert_eq!(placeholder["level"], "error");
        assert_eq!(region_of(placeholder)["startLine"], 5);
        assert_eq!(region_of(placeholder)["startColumn"], 6);
        assert_eq!(region_of(placeholder)["endColumn"], 6 + 14);
        assert_eq!(region_of(placeholder)["snippet"]["text"], "{{first_name}}");
        // The jargon fix replaces the term in place.
        let fix = &mx["fixes"][0];
        assert!(fix["description"]["text"].as_str().is_some());
        let change = &fix["artifactChanges"][0];
        assert_eq!(change["artifactLocation"]["uri"], "replies/dns%20reply.md");
        let replacement = &change["replacements"][0];
        let deleted = &replacement["deletedRegion"];
        assert_eq!(deleted["startLine"], 3);
        assert_eq!(deleted["startColumn"], start);
        assert_eq!(deleted["endColumn"], start + 10);
        assert!(deleted.get("snippet").is_none());
        let edit = &c
            .report
            .diagnostics
            .iter()
            .find(|d| d.range.slice(DRAFT) == "MX records")
            .unwrap()
            .fixes[0]
            .edits[0];
        assert_eq!(replacement["insertedContent"]["text"], edit.replacement);

        let artifacts = log["runs"][0]["artifacts"].as_array().unwrap();
        assert_eq!(artifacts.len(), 1);
        assert_eq!(artifacts[0]["location"]["uri"], "replies/dns%20reply.md");
        assert_eq!(artifacts[0]["roles"][0], "analysisTarget");
    }

    #[test]
    fn related_locations_point_into_the_ticket_file() {
        let c = checked(
            "reply.md",
            "Hi Sam,\n\nYour site is back up.\n",
            Some(("ticket.md", TICKET)),
        );
        let log = sarif(std::slice::from_ref(&c));
        let artifacts = log["runs"][0]["artifacts"].as_array().unwrap();
        let uris: Vec<&str> = artifacts
            .iter()
            .map(|a| a["location"]["uri"].as_str().unwrap())
            .collect();
        assert_eq!(uris, ["reply.md", "ticket.md"]);
        assert!(artifacts[1].get("roles").is_none());
        let unanswered: Vec<&Value> = log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["ruleId"] == "unanswered-question")
            .collect();
        assert!(!unanswered.is_empty(), "{log:#}");
        for r in &unanswered {
            let related = &r["relatedLocations"][0];
            assert_eq!(related["id"], 1);
            assert_eq!(related["message"]["text"], "asked here");
            let physical = &related["physicalLocation"];
            assert_eq!(physical["artifactLocation"]["uri"], "ticket.md");
            assert_eq!(physical["artifactLocation"]["index"], 1);
            let asked = physical["region"]["snippet"]["text"].as_str().unwrap();
            assert!(asked.ends_with('?'), "{asked}");
            let at = TICKET.find(asked).unwrap();
            assert_eq!(physical["region"]["startLine"], 1);
            assert_eq!(
                physical["region"]["startColumn"],
                TICKET[..at].chars().count() as u64 + 1
            );
        }
    }

    #[test]
    fn a_quoted_ticket_is_related_in_the_same_file() {
        let draft = "Hi Sam,\n\nYes, you can move your domain at any time from the Domains page.\n\nOn Monday, Sam wrote:\n> Hi, can I move my domain to another host?\n> And will my email keep working during the move?\n";
        let c = checked("reply.md", draft, None);
        let log = sarif(std::slice::from_ref(&c));
        let result = log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == "unanswered-question")
            .cloned()
            .unwrap_or_else(|| panic!("{:#?} {:?}", c.report.diagnostics, c.report.ticket));
        let physical = &result["relatedLocations"][0]["physicalLocation"];
        assert_eq!(physical["artifactLocation"]["uri"], "reply.md");
        assert_eq!(physical["region"]["startLine"], 7);
        assert_eq!(physical["region"]["startColumn"], 3);
        assert_eq!(
            physical["region"]["snippet"]["text"],
            "And will my email keep working during the move?"
        );
        assert_eq!(log["runs"][0]["artifacts"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn one_ticket_for_many_drafts_is_one_artifact() {
        let a = checked("a.md", "Hi,\n\nDone.\n", Some(("ticket.md", TICKET)));
        let b = checked(
            "b.md",
            "Hi,\n\nYour DNS is fine.\n",
            Some(("ticket.md", TICKET)),
        );
        let log = sarif(&[a, b]);
        let uris: Vec<&str> = log["runs"][0]["artifacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["location"]["uri"].as_str().unwrap())
            .collect();
        assert_eq!(uris, ["a.md", "b.md", "ticket.md"]);
        for r in log["runs"][0]["results"].as_array().unwrap() {
            for related in r["relatedLocations"].as_array().into_iter().flatten() {
                assert_eq!(related["physicalLocation"]["artifactLocation"]["index"], 2);
            }
        }
    }

    #[test]
    fn no_findings_is_a_valid_log_with_no_results() {
        let log = sarif(&[checked("ok.md", "Thanks, Sam! It's done.\n", None)]);
        assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()));
        let log = sarif(&[]);
        assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()));
        assert_eq!(log["runs"][0]["artifacts"], Value::Array(Vec::new()));
    }

    #[test]
    fn fingerprints_tell_repeated_findings_apart_and_ignore_line_moves() {
        let draft = "Your DNS is fine.\n\nThe DNS change is done, and the DNS cache too.\n";
        let moved = "Hi Sam,\n\nThanks for waiting.\n\nYour DNS is fine.\n\nThe DNS change is done, and the DNS cache too.\n";
        let prints = |name: &str, text: &str| -> Vec<(String, String)> {
            let log = sarif(&[checked(name, text, None)]);
            log["runs"][0]["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r["ruleId"].as_str().unwrap().to_string(),
                        r["partialFingerprints"]["tactful/v1"]
                            .as_str()
                            .unwrap()
                            .to_string(),
                    )
                })
                .collect()
        };
        let before = prints("a.md", draft);
        let dns: Vec<&String> = before
            .iter()
            .filter(|(rule, _)| rule == "jargon")
            .map(|(_, p)| p)
            .collect();
        assert!(dns.len() >= 2, "{before:?}");
        let mut unique = dns.clone();
        unique.dedup();
        assert_eq!(unique.len(), dns.len());
        assert_eq!(
            dns[0],
            &fingerprint::fingerprint("jargon", "a.md", "DNS", 0)
        );
        assert_eq!(
            dns[1],
            &fingerprint::fingerprint("jargon", "a.md", "DNS", 1)
        );
        let after = prints("a.md", moved);
        for p in &dns {
            assert!(after.iter().any(|(_, q)| q == *p), "{p} lost after a move");
        }
        assert_ne!(prints("b.md", draft), before);
    }

    #[test]
    fn helpers() {
        assert_eq!(pascal_case("unanswered-question"), "UnansweredQuestion");
        assert_eq!(pascal_case("jargon"), "Jargon");
        assert_eq!(with_separator("./replies/a.md", '/'), "replies/a.md");
        assert_eq!(with_separator(r".\replies\a.md", '\\'), "replies/a.md");
        assert_eq!(with_separator(r"replies\a.md", '/'), r"replies\a.md");
        assert_eq!(uri("replies/a b.md", '/'), "replies/a%20b.md");
        assert_eq!(uri("100%/ü.md", '/'), "100%25/%C3%BC.md");
        assert_eq!(uri("<stdin>", '/'), "%3Cstdin%3E");
        assert_eq!(uri("a:b/c:d.md", '/'), "a%3Ab/c:d.md");
        assert_eq!(uri("/home/ana/a.md", '/'), "file:///home/ana/a.md");
        assert_eq!(uri(r"C:\Users\ana\a.md", '\\'), "file:///C:/Users/ana/a.md");
        assert_eq!(
            uri(r"\\server\share\a.md", '\\'),
            "file://server/share/a.md"
        );
        assert_eq!(uri(r"replies\a.md", '\\'), "replies/a.md");
        assert_eq!(
            section("## Why\n\nOne\ntwo.\n\nThree.\n", "Why").as_deref(),
            Some("One two.")
        );
        assert_eq!(section("## What\n\nx\n", "Why"), None);
    }

    /// The whole log at once, as the renderer wrote it before it streamed.
    #[derive(Serialize)]
    struct Log {
        #[serde(rename = "$schema")]
        schema: &'static str,
        version: &'static str,
        runs: Vec<Run>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Run {
        tool: Tool,
        artifacts: Vec<Artifact>,
        column_kind: &'static str,
        results: Vec<SarifResult>,
    }

    fn resolve(location: &mut ArtifactLocation, tickets: &[usize]) {
        if let ArtifactIndex::Ticket(n) = location.index {
            location.index = ArtifactIndex::Known(tickets[n]);
        }
    }

    /// Serialises the whole log in one go, from the same results.
    fn whole(checked: &[Checked]) -> String {
        let mut sarif = Sarif::new();
        let mut results: Vec<SarifResult> = Vec::new();
        for c in checked {
            results.extend(results_of(c, &mut sarif));
        }
        let (artifacts, tickets) = sarif.artifacts();
        for r in &mut results {
            for l in r.locations.iter_mut().chain(&mut r.related_locations) {
                resolve(&mut l.physical_location.artifact_location, &tickets);
            }
            for f in &mut r.fixes {
                for change in &mut f.artifact_changes {
                    resolve(&mut change.artifact_location, &tickets);
                }
            }
        }
        let log = Log {
            schema: SCHEMA,
            version: "2.1.0",
            runs: vec![Run {
                tool: Tool {
                    driver: Driver {
                        name: "tactful",
                        version: env!("CARGO_PKG_VERSION"),
                        semantic_version: env!("CARGO_PKG_VERSION"),
                        information_uri: INFORMATION_URI,
                        rules: RULES.iter().map(|r| rule(r.meta())).collect(),
                    },
                },
                artifacts,
                column_kind: "unicodeCodePoints",
                results,
            }],
        };
        serde_json::to_string_pretty(&log).unwrap() + "\n"
    }

    fn streamed(checked: &[Checked], spool_limit: usize) -> String {
        let mut out = Vec::new();
        let mut sarif = Sarif::with_spool_limit(spool_limit);
        crate::render::render_all(&mut sarif, checked, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Drafts sharing a ticket, a ticket that is also a draft checked later, a ticket of its
    /// own, and a draft without findings.
    fn mixed() -> Vec<Checked> {
        vec![
            checked("a.md", "Hi,\n\nDone.\n", Some(("shared.ticket.md", TICKET))),
            checked("ok.md", "Thanks, Sam! It's done.\n", None),
            checked(
                "b.md",
                "Hi,\n\nYour DNS is fine.\n",
                Some(("later.md", TICKET)),
            ),
            checked("c.md", "Hi,\n\nDone.\n", Some(("shared.ticket.md", TICKET))),
            checked("later.md", DRAFT, Some(("own \"ticket\".md", TICKET))),
        ]
    }

    #[test]
    fn streamed_log_is_the_whole_log_byte_for_byte() {
        let drafts = mixed();
        for n in 0..=drafts.len() {
            let want = whole(&drafts[..n]);
            assert_eq!(streamed(&drafts[..n], SPOOL_IN_MEMORY), want, "{n} drafts");
        }
    }

    #[test]
    fn results_spilled_to_a_temporary_file_come_back_the_same() {
        let drafts = mixed();
        let want = whole(&drafts);
        // A limit this small sends nearly every result to the temporary file.
        assert_eq!(streamed(&drafts, 64), want);
        assert_eq!(streamed(&drafts, 0), want);
    }

    #[test]
    fn ticket_indexes_are_filled_in_after_the_drafts() {
        let log: Value = serde_json::from_str(&streamed(&mixed(), 64)).unwrap();
        let run = &log["runs"][0];
        let uris: Vec<&str> = run["artifacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["location"]["uri"].as_str().unwrap())
            .collect();
        // Every draft first, in order; then the tickets that are not drafts, as first met.
        assert_eq!(
            uris,
            [
                "a.md",
                "ok.md",
                "b.md",
                "c.md",
                "later.md",
                "shared.ticket.md",
                "own%20%22ticket%22.md"
            ]
        );
        for (i, a) in run["artifacts"].as_array().unwrap().iter().enumerate() {
            assert_eq!(a["location"]["index"], i);
        }
        let mut related = 0;
        for r in run["results"].as_array().unwrap() {
            for l in r["relatedLocations"].as_array().into_iter().flatten() {
                let location = &l["physicalLocation"]["artifactLocation"];
                let index = location["index"]
                    .as_u64()
                    .expect("a number, not a placeholder");
                assert_eq!(uris[index as usize], location["uri"], "{r:#}");
                related += 1;
            }
        }
        assert!(related >= 3, "{log:#}");
        // b.md's ticket is later.md, a draft: the draft's artifact, listed once.
        let from_b = run["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "b.md"
                    && r["ruleId"] == "unanswered-question"
            })
            .expect("b.md leaves a question unanswered");
        assert_eq!(
            from_b["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["index"],
            4
        );
    }
}
