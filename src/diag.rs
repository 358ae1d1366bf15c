//! Diagnostics: what went wrong, where (file, line, column), and a hint; rendering for the terminal.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file; line and column count from 1 (0 when unknown).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceRef {
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
}

impl SourceRef {
    pub fn new(file: &Path, line: u32, column: u32) -> SourceRef {
        SourceRef {
            file: file.to_path_buf(),
            line,
            column,
        }
    }

    pub fn file(file: &Path) -> SourceRef {
        SourceRef::new(file, 0, 0)
    }
}

impl fmt::Display for SourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column.max(1))?;
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub at: SourceRef,
    pub message: String,
    pub hint: Option<String>,
    /// The text the caret should stand under, looked for from `at` on (a misspelt field, a
    /// character no font has); without it the caret covers the token at `at`.
    pub culprit: Option<String>,
}

impl Diagnostic {
    pub fn error(at: SourceRef, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            at,
            message: message.into(),
            hint: None,
            culprit: None,
        }
    }

    pub fn warning(at: SourceRef, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(at, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Points the caret at `text`, the first time it occurs at or after `at`.
    pub fn with_culprit(mut self, text: impl Into<String>) -> Diagnostic {
        self.culprit = Some(text.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render(self, &mut Sources::default(), false))
    }
}

/// Every diagnostic collected by a stage; an `Err` carries at least one error.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Orders by file and position so that output is the same on every run.
    pub fn sorted(mut self) -> Diagnostics {
        self.0
            .sort_by(|a, b| (&a.at, a.severity, &a.message).cmp(&(&b.at, b.severity, &b.message)));
        self.0.dedup();
        self
    }
}

impl Diagnostics {
    /// Every diagnostic with its source line and caret, in colour when `color` (a terminal).
    pub fn render(&self, color: bool) -> String {
        self.render_each(color)
            .iter()
            .map(|d| format!("{d}\n"))
            .collect()
    }

    /// Each diagnostic rendered on its own, every file read once for all of them (where
    /// `to_string` on each would read its file again), without a final newline.
    pub fn render_each(&self, color: bool) -> Vec<String> {
        let mut sources = Sources::default();
        self.0
            .iter()
            .map(|d| render(d, &mut sources, color))
            .collect()
    }
}

/// Plain text, as tests and logs read it; `cli` prints `render(true)` on a terminal.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// The candidate nearest to `word` when it is near enough to be a slip of the keyboard
/// (Damerau-Levenshtein distance at most a third of its length, and at least 1), case aside.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    let most = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word, &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= most)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Whether diagnostics on stderr should be coloured: only on a terminal, and never with
/// `NO_COLOR` set (https://no-color.org).
pub fn stderr_color() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The input files diagnostics point into, each read once per rendering.
#[derive(Default)]
struct Sources(std::collections::BTreeMap<PathBuf, Option<String>>);

impl Sources {
    fn get(&mut self, file: &Path) -> Option<&str> {
        self.0
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                crate::input::read_text(file, crate::input::InputKind::Definition).ok()
            })
            .as_deref()
    }
}

/// One diagnostic as `error: file:line:col: message`, then its source line with a caret under
/// the culprit, then the hint: the first line stays the one editors and `grep` read.
fn render(d: &Diagnostic, sources: &mut Sources, color: bool) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let text = if d.at.line > 0 || d.culprit.is_some() {
        sources.get(&d.at.file)
    } else {
        None
    };
    let place = text.and_then(|text| locate(text, d));
    let at = match &place {
        Some(p) => SourceRef::new(&d.at.file, p.line, p.column),
        None => d.at.clone(),
    };
    let title = format!("{at}: {}", d.message);
    let mut group = Group::with_title(level.primary_title(title.as_str()));
    if let Some(p) = &place {
        group = group.element(
            Snippet::source(p.source.as_str())
                .line_start(p.line as usize)
                .annotation(AnnotationKind::Primary.span(p.span.clone())),
        );
    }
    // With no source line to show, the hint follows the title without an empty gutter.
    let mut tail = String::new();
    if let Some(hint) = &d.hint {
        if place.is_some() {
            group = group.element(Level::HELP.with_name("hint").message(hint.as_str()));
        } else {
            tail = format!("\n  = hint: {hint}");
        }
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = renderer.render(&[group]);
    out.push_str(&tail);
    out
}

/// The line a diagnostic shows and the caret's byte range in it.
struct Place {
    line: u32,
    column: u32,
    source: String,
    span: std::ops::Range<usize>,
}

/// Where the caret goes: the culprit's first occurrence from `at` on (within a few lines: a
/// folded paragraph's text starts on the line after its key), else the token at `at`.
fn locate(text: &str, d: &Diagnostic) -> Option<Place> {
    let lines: Vec<&str> = text.lines().collect();
    // A diagnostic about a whole file (line 0) looks for its culprit through all of it.
    let first = (d.at.line.max(1) - 1) as usize;
    let reach = if d.at.line == 0 { usize::MAX } else { 40 };
    let line_text = lines.get(first)?;
    let start = byte_at_column(line_text, d.at.column.max(1));
    if let Some(culprit) = d.culprit.as_deref().filter(|c| !c.is_empty()) {
        for (i, l) in lines.iter().enumerate().skip(first).take(reach) {
            let from = if i == first { start.min(l.len()) } else { 0 };
            let found = l[from..]
                .find(culprit)
                .map(|b| b + from)
                // A key the message names may stand before the column the parser gave.
                .or_else(|| (i == first).then(|| l.find(culprit)).flatten());
            if let Some(b) = found {
                return Some(Place {
                    line: i as u32 + 1,
                    column: l[..b].chars().count() as u32 + 1,
                    source: l.to_string(),
                    span: b..b + culprit.len(),
                });
            }
        }
    }
    if d.at.line == 0 {
        return None;
    }
    let start = start.min(line_text.len());
    Some(Place {
        line: d.at.line,
        column: d.at.column.max(1),
        source: line_text.to_string(),
        span: start..start + token_len(&line_text[start..]),
    })
}

/// The byte offset of a 1-based character column (the end of the line past it).
pub(crate) fn byte_at_column(line: &str, column: u32) -> usize {
    line.char_indices()
        .nth(column as usize - 1)
        .map_or(line.len(), |(b, _)| b)
}

/// How many bytes the YAML token at the start of `rest` spans: a quoted string to its closing
/// quote, else up to `: `, a flow indicator or a comment; at least one character.
fn token_len(rest: &str) -> usize {
    let first = rest.chars().next().map_or(0, char::len_utf8);
    let end = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => rest[1..].find(q).map_or(rest.len(), |i| i + 2),
        _ => {
            let stop = [": ", ",", "]", "}", " #"]
                .iter()
                .filter_map(|s| rest.find(s))
                .min()
                .unwrap_or(rest.len());
            let token = rest[..stop].trim_end();
            token.strip_suffix(':').unwrap_or(token).len()
        }
    };
    end.max(first)
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics(vec![d])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.yaml");
        std::fs::write(&file, text).unwrap();
        (dir, file)
    }

    #[test]
    fn renders_the_line_a_caret_under_the_token_and_the_hint() {
        let (_dir, file) = write("title: T\nlayout: report-a5 # mine\n");
        let d = Diagnostic::error(SourceRef::new(&file, 2, 9), "unknown layout").with_hint("h");
        let text = d.to_string();
        assert!(text.starts_with(&format!("error: {}:2:9: unknown layout", file.display())));
        assert!(
            text.contains("2 | layout: report-a5 # mine\n  |         ^^^^^^^^^\n"),
            "{text}"
        );
        assert!(text.ends_with("= hint: h"), "{text}");
        assert!(
            !text.contains('\u{1b}'),
            "no colour when asked for none: {text}"
        );
    }

    #[test]
    fn the_culprit_moves_the_caret_and_the_position() {
        let (_dir, file) = write("- paragraph: >-\n    Some text\n    and 😀 here.\n");
        let d = Diagnostic::error(SourceRef::new(&file, 1, 3), "no font").with_culprit("😀");
        let text = Diagnostics::from(d).render(false);
        assert!(
            text.starts_with(&format!("error: {}:3:9: no font", file.display())),
            "{text}"
        );
        // A whole-file diagnostic finds its culprit anywhere; without it, no snippet.
        let d = Diagnostic::error(SourceRef::file(&file), "x").with_culprit("and");
        assert!(d.to_string().contains(":3:5: x"), "{d}");
        let d = Diagnostic::error(SourceRef::file(&file), "x").with_hint("h");
        assert_eq!(
            d.to_string(),
            format!("error: {}: x\n  = hint: h", file.display())
        );
    }

    #[test]
    fn tokens_end_at_a_key_colon_a_flow_indicator_or_a_comment() {
        assert_eq!(token_len("paragrph: text"), 8);
        assert_eq!(token_len("\"a: b\" # c"), 6);
        assert_eq!(token_len("en, fr]"), 2);
        assert_eq!(token_len(": x"), 1);
        assert_eq!(token_len(""), 0);
    }

    #[test]
    fn did_you_mean_takes_near_names_only() {
        let fields = ["heading", "level", "paragraph", "list"];
        assert_eq!(did_you_mean("paragrph", fields), Some("paragraph"));
        assert_eq!(did_you_mean("Heading", fields), Some("heading"));
        assert_eq!(did_you_mean("colour", fields), None);
        assert_eq!(
            did_you_mean("Noto Serf", ["Noto Sans", "Noto Serif"]),
            Some("Noto Serif")
        );
    }
}
