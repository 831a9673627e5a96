//! One [`Diagnostic`] type for every problem Sira reports, and its three renderings:
//! human (a source snippet with a caret), GitHub workflow annotations and JSON.

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use codespan_reporting::term::termcolor::Buffer;
use serde::Serialize;

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the check.
    Error,
    /// Reported; fails the check only with `--deny-warnings`.
    Warning,
}

/// Index of a file registered in [`Sources`].
pub type FileId = usize;

/// A problem in an input file, with everything needed to fix it.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable machine-readable name of the problem (`unknown-key`, `invalid-phone`…).
    pub code: &'static str,
    /// The file the problem is in; `None` for a problem of the run itself (an output folder
    /// that cannot be written, a refused output), which no input file caused.
    pub file: Option<FileId>,
    /// Byte range in the file's text (empty range = a point).
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// What was expected instead, when that can be said.
    pub expected: Option<String>,
    /// How to fix it (did-you-mean, next step).
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `span` of `file`.
    pub fn error(
        code: &'static str,
        file: FileId,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: Some(file),
            span,
            message: message.into(),
            expected: None,
            hint: None,
        }
    }

    /// A warning at `span` of `file`.
    pub fn warning(
        code: &'static str,
        file: FileId,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, span, message)
        }
    }

    /// An error that no input file caused (the output folder cannot be written, say): it is
    /// reported without a location.
    pub fn global(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: None,
            span: 0..0,
            ..Diagnostic::error(code, 0, 0..0, message)
        }
    }

    /// Adds what was expected.
    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint when there is one.
    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }
}

/// Parses a whole TOML file (`sira.toml`, a vocabulary), each syntax error a diagnostic in
/// `diags`; `None` when there is any.
pub fn parse_toml<'t>(
    text: &'t str,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Option<toml::Spanned<toml::de::DeTable<'t>>> {
    let (tree, errors) = toml::de::DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(tree);
    }
    diags.extend(errors.iter().map(|e| toml_error(e, file, 0, text)));
    None
}

/// Converts a TOML parse or deserialisation error into a diagnostic. `base` is the offset of the
/// TOML text inside the file's text `text` (used to find the line when the error has no span).
pub fn toml_error(e: &toml::de::Error, file: FileId, base: usize, text: &str) -> Diagnostic {
    let span = e
        .span()
        .map(|s| s.start + base..s.end + base)
        .unwrap_or(base..base);
    let message = e.message().trim().to_string();
    let span = if span.end > text.len() {
        text.len()..text.len()
    } else {
        span
    };
    let line_start = text[..span.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    let value = line.split_once('=').map_or("", |(_, v)| v.trim());
    let spaced_number = value.contains(' ')
        && value.chars().all(|c| c.is_ascii_digit() || c == ' ')
        && value.starts_with(|c: char| c.is_ascii_digit());
    let hint = if spaced_number {
        "write numbers without spaces: 50000 (or 50_000 to group the digits)"
    } else if message.contains("duplicate key") {
        "each key may appear once per table: remove or rename the repeated one"
    } else if message.contains("invalid string") || message.contains("string") {
        "text values go between double quotes: key = \"value\""
    } else if message.contains("date") || message.contains("time") {
        "write dates as 2022-11-02 (a real day of that month) or a month as \"2022-11\""
    } else {
        "check the TOML syntax of this line: key = value, strings in double quotes, lists in [ ]"
    };
    Diagnostic::error(
        "invalid-toml",
        file,
        span,
        format!("invalid TOML: {message}"),
    )
    .hint(hint)
}

/// The text of every file diagnostics point into, for line/column and snippets.
#[derive(Default, Debug)]
pub struct Sources {
    files: Vec<SourceFile>,
}

#[derive(Debug)]
struct SourceFile {
    name: String,
    text: Arc<str>,
    /// Computed on first use: most files never get a diagnostic.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

/// A resolved position: 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in Unicode characters.
    pub col: usize,
}

impl Sources {
    /// Registers a file under its display name (a path relative to the site root, with `/`).
    pub fn add(&mut self, name: impl Into<String>, text: Arc<str>) -> FileId {
        self.files.push(SourceFile {
            name: name.into(),
            text,
            line_starts: std::sync::OnceLock::new(),
        });
        self.files.len() - 1
    }

    /// Replaces a file's text (it was edited); its id stays.
    pub fn replace(&mut self, id: FileId, text: Arc<str>) {
        let file = &mut self.files[id];
        file.text = text;
        file.line_starts = std::sync::OnceLock::new();
    }

    /// How many files are registered (a mark for [`Sources::truncate`]).
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file is registered.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Forgets the files registered after the first `len` (to register them again).
    pub fn truncate(&mut self, len: usize) {
        self.files.truncate(len);
    }

    /// The display name of a file.
    pub fn name(&self, id: FileId) -> &str {
        &self.files[id].name
    }

    /// The text of a file.
    pub fn text(&self, id: FileId) -> &Arc<str> {
        &self.files[id].text
    }

    /// Line and column of a byte offset (clamped to the text, snapped to a char boundary).
    pub fn position(&self, id: FileId, offset: usize) -> Position {
        let file = &self.files[id];
        let mut offset = offset.min(file.text.len());
        while !file.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_starts = file.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(file.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = line_starts.partition_point(|&s| s <= offset) - 1;
        let start = line_starts[line];
        let col = file.text[start..offset].chars().count() + 1;
        Position {
            line: line + 1,
            col,
        }
    }
}

/// Output format of diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with a caret, for people.
    Human,
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`).
    Github,
    /// One JSON document with every diagnostic.
    Json,
}

/// Sorts diagnostics by file, position, then message, so output is stable.
pub fn sort(diags: &mut [Diagnostic], sources: &Sources) {
    // Problems without a file come first: they concern the whole run.
    let name = |d: &Diagnostic| d.file.map(|f| sources.name(f));
    diags.sort_by(|a, b| {
        (name(a), a.span.start, a.severity, &a.message).cmp(&(
            name(b),
            b.span.start,
            b.severity,
            &b.message,
        ))
    });
}

/// Counts of errors and warnings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
}

impl Summary {
    /// Counts the diagnostics by severity.
    pub fn of(diags: &[Diagnostic]) -> Self {
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Summary {
            errors,
            warnings: diags.len() - errors,
        }
    }
}

/// Renders diagnostics in the human format: a snippet with a caret per problem, then a summary.
pub fn render_human(diags: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let mut files = SimpleFiles::new();
    for f in &sources.files {
        files.add(f.name.as_str(), f.text.as_ref());
    }
    let config = term::Config::default();
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    for d in diags {
        let severity = match d.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
        };
        let mut notes = Vec::new();
        let labels = match d.file {
            Some(file) => {
                let mut label = cs::Label::primary(file, d.span.clone());
                if let Some(expected) = &d.expected {
                    label = label.with_message(format!("expected {expected}"));
                }
                vec![label]
            }
            None => {
                if let Some(expected) = &d.expected {
                    notes.push(format!("expected {expected}"));
                }
                Vec::new()
            }
        };
        if let Some(hint) = &d.hint {
            notes.push(format!("help: {hint}"));
        }
        let diagnostic = cs::Diagnostic::new(severity)
            .with_code(d.code)
            .with_message(&d.message)
            .with_labels(labels)
            .with_notes(notes);
        // Rendering into memory cannot fail on I/O; a bad span is clamped by codespan.
        if term::emit_to_write_style(&mut buffer, &config, &files, &diagnostic).is_err() {
            let at = d.file.map_or_else(String::new, |f| {
                let p = sources.position(f, d.span.start);
                format!("{}:{}:{}: ", sources.name(f), p.line, p.col)
            });
            let _ =
                std::io::Write::write_all(&mut buffer, format!("{at}{}\n", d.message).as_bytes());
        }
    }
    let mut out = String::from_utf8_lossy(buffer.as_slice()).into_owned();
    let s = Summary::of(diags);
    let _ = writeln!(out, "{}", summary_line(s));
    out
}

fn summary_line(s: Summary) -> String {
    fn plural(n: usize, word: &str) -> String {
        format!("{n} {word}{}", if n == 1 { "" } else { "s" })
    }
    format!(
        "{}, {}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning")
    )
}

/// Escapes the message part of a GitHub workflow command.
fn gh_escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a GitHub workflow command.
fn gh_escape_property(s: &str) -> String {
    gh_escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Renders diagnostics as GitHub Actions workflow commands, one per line.
pub fn render_github(diags: &[Diagnostic], sources: &Sources) -> String {
    let mut out = String::new();
    for d in diags {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(e) = &d.expected {
            let _ = write!(message, "\nexpected {e}");
        }
        if let Some(h) = &d.hint {
            let _ = write!(message, "\nhelp: {h}");
        }
        let mut props = String::new();
        if let Some(file) = d.file {
            let start = sources.position(file, d.span.start);
            let end = sources.position(file, d.span.end);
            let _ = write!(
                props,
                "file={},line={},col={}",
                gh_escape_property(sources.name(file)),
                start.line,
                start.col
            );
            if end.line == start.line && end.col > start.col {
                let _ = write!(props, ",endColumn={}", end.col);
            } else if end.line > start.line {
                let _ = write!(props, ",endLine={}", end.line);
            }
            props.push(',');
        }
        let _ = write!(
            props,
            "title={}",
            gh_escape_property(&format!("sira {}", d.code))
        );
        let _ = writeln!(out, "::{kind} {props}::{}", gh_escape_data(&message));
    }
    out
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'a str,
    /// `null` for a problem without a file (then the positions are `null` too).
    file: Option<&'a str>,
    line: Option<usize>,
    col: Option<usize>,
    end_line: Option<usize>,
    end_col: Option<usize>,
    message: &'a str,
    expected: Option<&'a str>,
    hint: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

/// Renders diagnostics as one pretty-printed JSON document `{summary, diagnostics}`.
pub fn render_json(diags: &[Diagnostic], sources: &Sources) -> String {
    let report = JsonReport {
        summary: Summary::of(diags),
        diagnostics: diags
            .iter()
            .map(|d| {
                let at = d.file.map(|f| {
                    let start = sources.position(f, d.span.start);
                    let end = sources.position(f, d.span.end);
                    (sources.name(f), start, end)
                });
                JsonDiagnostic {
                    severity: d.severity,
                    code: d.code,
                    file: at.map(|(name, ..)| name),
                    line: at.map(|(_, s, _)| s.line),
                    col: at.map(|(_, s, _)| s.col),
                    end_line: at.map(|(.., e)| e.line),
                    end_col: at.map(|(.., e)| e.col),
                    message: &d.message,
                    expected: d.expected.as_deref(),
                    hint: d.hint.as_deref(),
                }
            })
            .collect(),
    };
    let mut s =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// Renders in the chosen format.
pub fn render(format: Format, diags: &[Diagnostic], sources: &Sources, color: bool) -> String {
    match format {
        Format::Human => render_human(diags, sources, color),
        Format::Github => render_github(diags, sources),
        Format::Json => render_json(diags, sources),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let mut s = Sources::default();
        let id = s.add("a.md", Arc::from("ab\nçé x\n"));
        assert_eq!(s.position(id, 0), Position { line: 1, col: 1 });
        assert_eq!(s.position(id, 3), Position { line: 2, col: 1 });
        // "çé " is 5 bytes, 3 characters.
        assert_eq!(s.position(id, 8), Position { line: 2, col: 4 });
        // Inside a multi-byte character snaps back.
        assert_eq!(s.position(id, 4), Position { line: 2, col: 1 });
    }

    #[test]
    fn github_escapes_properties_and_data() {
        let mut s = Sources::default();
        let id = s.add("a,b:c.md", Arc::from("x\n"));
        let d = Diagnostic::error("t", id, 0..1, "50% bad\nreally").hint("fix");
        let out = render_github(&[d], &s);
        assert_eq!(
            out,
            "::error file=a%2Cb%3Ac.md,line=1,col=1,endColumn=2,title=sira t::50%25 bad%0Areally%0Ahelp: fix\n"
        );
    }
}
