//! `validate`: from the definition as read to a `Report` whose invariants hold, with every error found.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::definition::{
    self, AnnexDef, BlockDef, ContentDef, ItemDef, LoadedReport, ParagraphDef, Text,
};
use crate::diag::{Diagnostic, Diagnostics, SourceRef};
use serde_saphyr::Spanned;

use super::inline::{normalize_whitespace, parse_inlines};
use super::{
    Addressed, Annex, Author, Block, Circular, Content, DocumentKind, EditionSource, Inline, Job,
    LayoutRef, List, ListItem, Report, Warned, plain_text,
};

/// The deepest list nesting, a rule of the content (layouts define markers for as many
/// levels as they like; deeper lists reuse their last level).
pub const MAX_LIST_DEPTH: usize = 3;

/// The heading levels a contents block lists when it does not say.
pub const DEFAULT_CONTENTS_LEVELS: u8 = 2;

/// The longest report `id`: output names are `<id>.<lang>.<ext>` and their temporaries
/// `.<id>.<lang>.docx.<random>.tmp`, which must stay under the 255-byte limit of file names.
pub const MAX_ID_LEN: usize = 100;
/// The longest text value (a paragraph, heading, item): about 40,000 words, far past any real
/// paragraph, and still set in about a second. A 50 MB paragraph once took 31 s and 5 GB.
pub const MAX_TEXT_BYTES: usize = 256 << 10;
/// The most body blocks and list items in one edition (a ×500 fixture edition has 15,000).
pub const MAX_BLOCKS: usize = 100_000;

/// Checks the definition as read and builds the `Report`; collects every error before failing.
/// The warnings (an unpaired `**`, an `original` that is no edition) come with the report, or
/// with the errors when there are any.
pub fn validate(loaded: &LoadedReport) -> Result<Warned<Report>, Diagnostics> {
    let file = loaded.file.as_path();
    let def = &loaded.def;
    let mut diags = loaded.diagnostics.clone();

    let id = def.id.value.trim().to_string();
    if !is_valid_id(&id) {
        diags.push(
            Diagnostic::error(
                definition::at(file, &def.id),
                format!("`id` is `{id}`; expected lower-case letters, digits and `-`, starting with a letter or digit"),
            )
            .with_hint("the id names the output files, e.g. `roundtable-3`"),
        );
    } else if id.len() > MAX_ID_LEN {
        diags.push(
            Diagnostic::error(
                definition::at(file, &def.id),
                format!(
                    "`id` is {} characters long; expected at most {MAX_ID_LEN}",
                    id.len()
                ),
            )
            .with_hint("the id names the output files, and a file name has at most 255 bytes"),
        );
    }
    let symbol = def.symbol.as_ref().map(|s| {
        let at = definition::at(file, s);
        check_chars(&s.value, &at, &mut diags);
        normalize_whitespace(s.value.trim()).trim().to_string()
    });
    let date = def.date.as_ref().and_then(|d| {
        d.value
            .trim()
            .parse::<jiff::civil::Date>()
            .map_err(|_| {
                diags.push(
                    Diagnostic::error(
                        definition::at(file, d),
                        format!(
                            "`date` is `{}`; expected an ISO date like 2017-06-30",
                            d.value
                        ),
                    )
                    .with_hint(iso_date_hint(d.value.trim())),
                )
            })
            .ok()
    });
    let job = def
        .job
        .as_ref()
        .and_then(|j| validate_job(file, j, date, &mut diags));
    let layout = layout_ref(loaded);
    let distribution = def
        .distribution
        .as_ref()
        .and_then(|d| match d.value.trim() {
            "general" => Some(super::Distribution::General),
            "limited" => Some(super::Distribution::Limited),
            "restricted" => Some(super::Distribution::Restricted),
            other => {
                diags.push(Diagnostic::error(
                    definition::at(file, d),
                    format!(
                        "`distribution` is `{other}`; expected `general`, `limited` or `restricted`"
                    ),
                ));
                None
            }
        });
    let kind = document_kind(file, def, &mut diags);
    let expires = expires(file, def, kind, date, &mut diags);
    let numbering = def.paragraph_numbering.as_ref().is_some_and(|n| n.value);

    if def.editions.is_empty() {
        diags.push(Diagnostic::error(
            SourceRef::file(file),
            "`editions` is empty; expected at least one edition with `lang`",
        ));
    }
    let annex_originals = annex_originals(loaded, &mut diags);
    let mut seen: BTreeMap<String, SourceRef> = BTreeMap::new();
    let mut editions = Vec::new();
    for (entry, source) in def.editions.iter().zip(&loaded.sources) {
        let entry_at = definition::at(file, entry);
        let lang = entry.value.lang.value.trim().to_string();
        let lang_at = definition::at(file, &entry.value.lang);
        if let Err(e) = check_lang(&lang) {
            let d = Diagnostic::error(lang_at.clone(), e);
            diags.push(match lang_hint(&lang) {
                Some(hint) => d.with_hint(hint),
                None => d,
            });
        } else if let Some(first) = seen.get(&lang.to_ascii_lowercase()) {
            diags.push(
                Diagnostic::error(lang_at.clone(), format!("duplicate language `{lang}`"))
                    .with_hint(format!(
                        "`{lang}` is already an edition at line {}",
                        first.line
                    )),
            );
        } else {
            seen.insert(lang.to_ascii_lowercase(), lang_at.clone());
        }
        let content = match (&entry.value.source, &entry.value.content, source) {
            (Some(_), Some(_), _) => {
                diags.push(Diagnostic::error(
                    entry_at,
                    format!("edition `{lang}` has both `source` and `content`; expected only one"),
                ));
                continue;
            }
            (None, Some(content), _) => (file, content),
            (Some(_), None, Some((source_file, content))) => (source_file.as_path(), content),
            // The loader could not read the file and said why.
            (Some(_), None, None) => continue,
            (None, None, _) => {
                diags.push(Diagnostic::error(
                    entry_at,
                    format!(
                        "edition `{lang}` has neither `source` nor `content`; expected one of them"
                    ),
                ));
                continue;
            }
        };
        let mut content = validate_content(
            content.0,
            content.1,
            kind,
            &loaded.images,
            numbering,
            &mut diags,
        );
        if let Some(originals) = &annex_originals {
            give_annexes_their_originals(&mut content, originals, &lang, &mut diags);
        }
        editions.push(EditionSource {
            lang,
            content: Arc::new(content),
            at: entry_at,
        });
    }

    super::labels::same_in_every_edition(&editions, &mut diags);

    let original = def.original.as_ref().map(|o| {
        let tag = o.value.trim().to_string();
        if !seen.contains_key(&tag.to_ascii_lowercase()) {
            diags.push(Diagnostic::warning(
                definition::at(file, o),
                format!("`original` is `{tag}`, which is not one of the editions"),
            ));
        }
        tag
    });

    if diags.has_errors() {
        return Err(diags.sorted());
    }
    Ok(Warned {
        output: Report {
            id,
            layout,
            symbol,
            date,
            original,
            distribution,
            kind,
            expires,
            job,
            editions,
            at: SourceRef::file(file),
        },
        warnings: diags.sorted(),
    })
}

/// `job`: a number of two digits, a dash and five digits (`17-01234`), and a date of
/// processing, its own or the report's; a job with neither date prints no `{job-date}`, which
/// is worth a warning.
fn validate_job(
    file: &Path,
    job: &Spanned<definition::JobDef>,
    report_date: Option<jiff::civil::Date>,
    diags: &mut Diagnostics,
) -> Option<Job> {
    let def = &job.value;
    let number = def.number.value.trim();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let valid = number
        .split_once('-')
        .is_some_and(|(a, b)| digits(a, 2) && digits(b, 5));
    if !valid {
        diags.push(
            Diagnostic::error(
                definition::at(file, &def.number),
                format!(
                    "`job.number` is `{}`; expected two digits, a dash and five digits, like 17-01234",
                    def.number.value
                ),
            )
            .with_hint("the year of processing and the document's job number, as the documents service assigns it"),
        );
    }
    let date = match &def.date {
        Some(d) => match d.value.trim().parse::<jiff::civil::Date>() {
            Ok(date) => Some(date),
            Err(_) => {
                diags.push(Diagnostic::error(
                    definition::at(file, d),
                    format!(
                        "`job.date` is `{}`; expected an ISO date like 2017-07-03",
                        d.value
                    ),
                ));
                return None;
            }
        },
        None if report_date.is_none() => {
            diags.push(
                Diagnostic::warning(
                    definition::at(file, job),
                    "`job` has no `date` and the report none either, so `{job-date}` prints nothing",
                )
                .with_hint("add `date:` to the job (the date of processing) or to the report"),
            );
            None
        }
        None => report_date,
    };
    valid.then(|| Job {
        number: number.to_string(),
        date,
        at: definition::at(file, job),
    })
}

/// The layout the report names, with where it was named; read even when the rest of the
/// report has errors. Which layout applies when it names none is the caller's choice.
pub fn layout_ref(loaded: &LoadedReport) -> Option<LayoutRef> {
    loaded.def.layout.as_ref().map(|l| LayoutRef {
        name: l.value.trim().to_string(),
        at: definition::at(&loaded.file, l),
    })
}

/// The report's `kind`: `report` unless it says `information-circular`.
fn document_kind(
    file: &Path,
    def: &definition::ReportDef,
    diags: &mut Diagnostics,
) -> DocumentKind {
    let Some(kind) = &def.kind else {
        return DocumentKind::Report;
    };
    match kind.value.trim() {
        "report" => DocumentKind::Report,
        "information-circular" => DocumentKind::InformationCircular,
        other => {
            diags.push(Diagnostic::error(
                definition::at(file, kind),
                format!("`kind` is `{other}`; expected `report` or `information-circular`"),
            ));
            DocumentKind::Report
        }
    }
}

/// An information circular's `expires`: an ISO date, only for a circular; a warning when it
/// comes before the date of issue.
fn expires(
    file: &Path,
    def: &definition::ReportDef,
    kind: DocumentKind,
    issued: Option<jiff::civil::Date>,
    diags: &mut Diagnostics,
) -> Option<jiff::civil::Date> {
    let text = def.expires.as_ref()?;
    let at = definition::at(file, text);
    let Ok(date) = text.value.trim().parse::<jiff::civil::Date>() else {
        diags.push(Diagnostic::error(
            at,
            format!(
                "`expires` is `{}`; expected an ISO date like 2027-12-31",
                text.value
            ),
        ));
        return None;
    };
    if kind != DocumentKind::InformationCircular {
        diags.push(
            Diagnostic::error(
                at,
                "found `expires` in a report; expected it only with `kind: information-circular`",
            )
            .with_hint("an information circular's expiry is printed in a note on its heading"),
        );
        return None;
    }
    if issued.is_some_and(|issued| date < issued) {
        diags.push(Diagnostic::warning(
            at,
            format!("`expires` ({date}) is before the date of issue `date`"),
        ));
    }
    Some(date)
}

/// How to write a date the way `date` reads it: year, month and day, from a day-first
/// `30/06/2017` or `30.06.2017` when that is what was written.
fn iso_date_hint(written: &str) -> String {
    let parts: Vec<&str> = written.split(['/', '.', '-']).collect();
    if let [day, month, year] = parts.as_slice()
        && year.len() == 4
        && let (Ok(d), Ok(m), Ok(y)) = (day.parse::<i8>(), month.parse::<i8>(), year.parse::<i16>())
        && let Ok(date) = jiff::civil::Date::new(y, m, d)
    {
        return format!("write the year first, then month and day: `date: {date}`");
    }
    "write the year first, then month and day, with hyphens: `date: 2017-06-30`".to_string()
}

fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn check_lang(tag: &str) -> Result<(), String> {
    tag.parse::<icu_locale_core::LanguageIdentifier>()
        .map(|_| ())
        .map_err(|_| {
            format!(
                "`lang` is `{tag}`; expected a BCP 47 language tag such as `en`, `fr` or `zh-Hans`"
            )
        })
}

/// What a newcomer most likely meant by a `lang` that is not a tag: a language's name
/// (`french`, `Français`) for its tag, or `en_GB` with a hyphen.
fn lang_hint(written: &str) -> Option<String> {
    const NAMES: &[(&str, &str)] = &[
        ("arabic", "ar"),
        ("chinese", "zh"),
        ("english", "en"),
        ("french", "fr"),
        ("russian", "ru"),
        ("spanish", "es"),
        ("german", "de"),
        ("italian", "it"),
        ("portuguese", "pt"),
        ("japanese", "ja"),
        ("korean", "ko"),
        ("hindi", "hi"),
        ("dutch", "nl"),
        ("français", "fr"),
        ("francais", "fr"),
        ("español", "es"),
        ("espanol", "es"),
        ("русский", "ru"),
        ("العربية", "ar"),
        ("中文", "zh"),
        ("deutsch", "de"),
    ];
    let lower = written.to_lowercase();
    let name = crate::diag::did_you_mean(&lower, NAMES.iter().map(|(n, _)| *n));
    if let Some(name) = name {
        let tag = NAMES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)?;
        return Some(format!(
            "`{written}` looks like the name of a language; write its tag: `lang: {tag}`"
        ));
    }
    let hyphenated = written.replace('_', "-");
    (hyphenated != written && check_lang(&hyphenated).is_ok())
        .then(|| format!("subtags are joined by a hyphen: `lang: {hyphenated}`"))
}

fn validate_content(
    file: &Path,
    def: &ContentDef,
    kind: DocumentKind,
    images: &Images,
    numbering: bool,
    diags: &mut Diagnostics,
) -> Content {
    let title = inlines(file, &def.title, diags);
    if title.is_empty() {
        diags.push(Diagnostic::error(
            definition::at(file, &def.title),
            "`title` is empty; expected the document title",
        ));
    }
    let subtitle = def
        .subtitle
        .as_ref()
        .map(|s| inlines(file, s, diags))
        .unwrap_or_default();
    let authors = def
        .authors
        .iter()
        .map(|a| Author {
            name: inlines(file, &a.value.name, diags),
            affiliation: a
                .value
                .affiliation
                .0
                .iter()
                .map(|l| inlines(file, l, diags))
                .collect(),
        })
        .collect();
    let blocks = def.blocks().count() + def.blocks().map(|b| b.value.items()).sum::<usize>();
    if blocks > MAX_BLOCKS {
        diags.push(
            Diagnostic::error(
                SourceRef::file(file),
                format!(
                    "the body has {blocks} blocks and list items; expected at most {MAX_BLOCKS}"
                ),
            )
            .with_hint("split the document into several reports"),
        );
    }
    let body = validate_blocks(file, &def.body, images, numbering, diags);
    let annexes: Vec<Annex> = (def.annexes.iter().enumerate())
        .map(|(i, a)| validate_annex(file, i, a, images, numbering, diags))
        .collect();
    let organ = def
        .organ
        .as_ref()
        .map(|o| nonempty(file, o, "organ", diags))
        .unwrap_or_default();
    let agenda = def.agenda.as_ref().map(|a| agenda(file, a, diags));
    let circular = circular(file, def, kind, diags);
    super::labels::check_references(&body, diags);
    let content = Content {
        title,
        subtitle,
        authors,
        body,
        organ,
        agenda,
        annexes,
        circular,
    };
    one_contents_block(&content, diags);
    content
}

fn validate_blocks(
    file: &Path,
    blocks: &[serde_saphyr::Spanned<BlockDef>],
    images: &Images,
    numbering: bool,
    diags: &mut Diagnostics,
) -> Vec<Block> {
    (blocks.iter())
        .filter_map(|b| {
            let at = definition::at(file, b);
            validate_block(file, &b.value, images, numbering, at, diags)
        })
        .collect()
}

/// An annex of an edition: a title and at least one block. Its original language is not the
/// edition's to say (`give_annexes_their_originals`).
fn validate_annex(
    file: &Path,
    index: usize,
    def: &serde_saphyr::Spanned<AnnexDef>,
    images: &Images,
    numbering: bool,
    diags: &mut Diagnostics,
) -> Annex {
    let at = definition::at(file, def);
    let annex = &def.value;
    if let Some(original) = &annex.original {
        diags.push(
            Diagnostic::error(
                definition::at(file, original),
                format!(
                    "found `original` in annex {}; expected it in report.yaml's `annexes:`, since an annex's original language is the same in every edition",
                    index + 1
                ),
            )
            .with_hint(format!(
                "in report.yaml: `annexes:` with one entry per annex, e.g. `- original: {}`",
                original.value.trim()
            )),
        );
    }
    if annex.body.is_empty() {
        diags.push(Diagnostic::error(
            at.clone(),
            format!(
                "annex {} has no `body`; expected at least one block under its title",
                index + 1
            ),
        ));
    }
    Annex {
        title: nonempty(file, &annex.title, "annex title", diags),
        body: validate_blocks(file, &annex.body, images, numbering, diags),
        original: None,
        at,
    }
}

/// The highest agenda item number accepted: agendas run to a few hundred items.
const MAX_AGENDA_ITEM: i64 = 9_999;

/// `agenda:` — an item number from 1, session and title as text, an optional footnote.
fn agenda(
    file: &Path,
    def: &serde_saphyr::Spanned<definition::AgendaDef>,
    diags: &mut Diagnostics,
) -> super::Agenda {
    let a = &def.value;
    let item = a.item.value;
    if !(1..=MAX_AGENDA_ITEM).contains(&item) {
        diags.push(Diagnostic::error(
            definition::at(file, &a.item),
            format!("`item` is {item}; expected an agenda item number from 1 to {MAX_AGENDA_ITEM}"),
        ));
    }
    let text = |t: &Option<Text>, what: &str, diags: &mut Diagnostics| {
        t.as_ref()
            .map(|t| nonempty(file, t, what, diags))
            .unwrap_or_default()
    };
    super::Agenda {
        session: text(&a.session, "agenda session", diags),
        item: item.clamp(1, MAX_AGENDA_ITEM) as u32,
        title: text(&a.title, "agenda title", diags),
        footnote: a
            .footnote
            .as_ref()
            .map(|f| nonempty(file, f, "agenda footnote", diags)),
        at: definition::at(file, def),
    }
}

/// Report.yaml's `annexes:`: for each annex, its original language's primary tag when it
/// differs from the document's `original` (`None` when the report has no such list).
struct AnnexOriginals {
    at: SourceRef,
    /// Per annex: the tag when it differs from the document's, and where the entry is.
    each: Vec<(Option<String>, SourceRef)>,
}

fn annex_originals(loaded: &LoadedReport, diags: &mut Diagnostics) -> Option<AnnexOriginals> {
    let file = loaded.file.as_path();
    let list = loaded.def.annexes.as_ref()?;
    let document =
        (loaded.def.original.as_ref()).map(|o| crate::edition::lang_of(o.value.trim()).primary);
    let each = (list.value.iter())
        .map(|entry| {
            let at = definition::at(file, entry);
            let original = entry.value.original.as_ref().and_then(|o| {
                let tag = o.value.trim();
                if let Err(e) = check_lang(tag) {
                    let e = e.replacen("`lang`", "the annex's `original`", 1);
                    diags.push(Diagnostic::error(definition::at(file, o), e));
                    return None;
                }
                let primary = crate::edition::lang_of(tag).primary;
                (document.as_ref() != Some(&primary)).then_some(primary)
            });
            (original, at)
        })
        .collect();
    Some(AnnexOriginals {
        at: definition::at(file, list),
        each,
    })
}

/// Sets each annex's original from report.yaml's `annexes:`, which must list as many annexes
/// as the edition has: an entry too few or too many would give the wrong annex the note.
fn give_annexes_their_originals(
    content: &mut Content,
    originals: &AnnexOriginals,
    lang: &str,
    diags: &mut Diagnostics,
) {
    let (listed, has) = (originals.each.len(), content.annexes.len());
    if has > listed {
        diags.push(
            Diagnostic::error(
                content.annexes[listed].at.clone(),
                format!(
                    "edition `{lang}` has {has} annexes, but report.yaml's `annexes:` lists {listed}; expected one entry there per annex"
                ),
            )
            .with_hint(format!("report.yaml's `annexes:` is at line {}", originals.at.line)),
        );
    } else if has < listed {
        diags.push(Diagnostic::error(
            originals.each[has].1.clone(),
            format!(
                "report.yaml's `annexes:` lists {listed} annexes, but edition `{lang}` has {has}; expected as many annexes in every edition"
            ),
        ));
    }
    for (annex, (original, _)) in content.annexes.iter_mut().zip(&originals.each) {
        annex.original = original.clone();
    }
}

/// An information circular's To/From/Subject block: all three in a circular (which prints
/// no subtitle or authors), none in a report, where they would not be printed.
fn circular(
    file: &Path,
    def: &ContentDef,
    kind: DocumentKind,
    diags: &mut Diagnostics,
) -> Option<Circular> {
    let fields = [
        ("to", &def.to),
        ("from", &def.from),
        ("subject", &def.subject),
    ];
    if kind != DocumentKind::InformationCircular {
        for (name, field) in fields {
            if let Some(text) = field {
                diags.push(
                    Diagnostic::error(
                        definition::at(file, text),
                        format!("found `{name}` in a report; expected it only in an information circular"),
                    )
                    .with_hint("add `kind: information-circular` to the report definition, or remove the field"),
                );
            }
        }
        return None;
    }
    if let Some(subtitle) = &def.subtitle {
        diags.push(Diagnostic::error(
            definition::at(file, subtitle),
            "found `subtitle` in an information circular; expected `to`, `from` and `subject`, which take the title block's place",
        ));
    }
    if let Some(author) = def.authors.first() {
        diags.push(Diagnostic::error(
            definition::at(file, author),
            "found `authors` in an information circular; expected `from`, which says who issues it",
        ));
    }
    let mut line = |name: &str, field: &Option<Text>| match field {
        Some(text) => Some(Addressed {
            text: nonempty(file, text, name, diags),
            at: definition::at(file, text),
        }),
        None => {
            diags.push(
                Diagnostic::error(
                    definition::at(file, &def.title),
                    format!("this edition of an information circular has no `{name}`; expected `to`, `from` and `subject`"),
                )
                .with_hint("e.g. `to: Members of the staff`, `from: The Controller`, `subject: …`"),
            );
            None
        }
    };
    let (to, from, subject) = (
        line("to", &def.to),
        line("from", &def.from),
        line("subject", &def.subject),
    );
    Some(Circular {
        to: to?,
        from: from?,
        subject: subject?,
    })
}

/// An error for every contents block after the first, in the body or an annex: one edition
/// has one table of contents (two would list the same headings twice, and the DOCX's `_Toc`
/// bookmarks are one set per heading).
fn one_contents_block(content: &Content, diags: &mut Diagnostics) {
    let mut first: Option<&SourceRef> = None;
    for block in content.blocks() {
        let Block::Contents { at, .. } = block else {
            continue;
        };
        match first {
            None => first = Some(at),
            Some(first) => diags.push(
                Diagnostic::error(
                    at.clone(),
                    "found a second `contents` block; expected at most one per edition",
                )
                .with_hint(format!("the first is at line {}", first.line)),
            ),
        }
    }
}

/// The images figures name, as the loader read them.
pub(super) type Images = std::collections::BTreeMap<std::path::PathBuf, Result<Arc<[u8]>, String>>;

fn validate_block(
    file: &Path,
    def: &BlockDef,
    images: &Images,
    numbering: bool,
    at: SourceRef,
    diags: &mut Diagnostics,
) -> Option<Block> {
    let map = match def {
        BlockDef::Bare(word) if word.trim() == "page-break" => {
            return Some(Block::PageBreak { at });
        }
        BlockDef::Bare(word) if word.trim() == "contents" => {
            return Some(Block::Contents {
                levels: DEFAULT_CONTENTS_LEVELS,
                at,
            });
        }
        BlockDef::Bare(word) => {
            diags.push(Diagnostic::error(
                at,
                format!("found the bare word `{word}`; expected `page-break`, `contents` or a block such as `paragraph: …`"),
            ));
            return None;
        }
        BlockDef::Map(map) => map,
    };
    let kinds: Vec<&str> = [
        map.heading.as_ref().map(|_| "heading"),
        map.paragraph.as_ref().map(|_| "paragraph"),
        map.list.as_ref().map(|_| "list"),
        map.quote.as_ref().map(|_| "quote"),
        map.table.as_ref().map(|_| "table"),
        map.figure.as_ref().map(|_| "figure"),
        map.contents.as_ref().map(|_| "contents"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if kinds.len() != 1 {
        let found = if kinds.is_empty() {
            "no block kind".to_string()
        } else {
            kinds.join(" and ")
        };
        diags.push(Diagnostic::error(
            at,
            format!(
                "found {found}; expected exactly one of `heading`, `paragraph`, `list`, `quote`, `table`, `figure`, `contents`"
            ),
        ));
        return None;
    }
    if let (Some(level), None) = (&map.level, &map.heading) {
        diags.push(Diagnostic::error(
            definition::at(file, level),
            "`level` belongs to a heading; this block is not a heading",
        ));
    }
    if let Some(text) = &map.heading {
        let level = match &map.level {
            None => 1,
            Some(l) if (1..=3).contains(&l.value) => l.value as u8,
            Some(l) => {
                diags.push(
                    Diagnostic::error(
                        definition::at(file, l),
                        format!("`level` is {}; expected 1, 2 or 3", l.value),
                    )
                    .with_hint("the layouts style three heading levels; make it `level: 3`, or set the text as a paragraph (in `**bold**` for a run-in heading)"),
                );
                1
            }
        };
        return Some(Block::Heading {
            level,
            text: nonempty(file, text, "heading", diags),
            at,
        });
    }
    if let Some(contents) = &map.contents {
        let levels = match &contents.levels {
            None => DEFAULT_CONTENTS_LEVELS,
            Some(l) if (1..=3).contains(&l.value) => l.value as u8,
            Some(l) => {
                diags.push(Diagnostic::error(
                    definition::at(file, l),
                    format!(
                        "`levels` of the contents is {}; expected 1, 2 or 3 (the heading levels it lists)",
                        l.value
                    ),
                ));
                DEFAULT_CONTENTS_LEVELS
            }
        };
        return Some(Block::Contents { levels, at });
    }
    if let Some(figure) = &map.figure {
        return super::figure::validate_figure(file, figure, images, at, diags).map(Block::Figure);
    }
    if let Some(table) = &map.table {
        return Some(Block::Table(super::table::validate_table(
            file, table, at, diags,
        )));
    }
    if let Some(paragraph) = &map.paragraph {
        let (text, numbered, label) = match &paragraph.value {
            ParagraphDef::Text(text) => {
                let text = Text::new(text.clone(), paragraph.referenced, paragraph.defined);
                (text, None, None)
            }
            ParagraphDef::Map(m) => (m.text.clone(), m.numbered, m.label.as_ref()),
        };
        let label = label.and_then(|l| super::labels::label(file, l, diags));
        return Some(Block::Paragraph {
            text: nonempty(file, &text, "paragraph", diags),
            numbered: numbering && numbered.unwrap_or(true),
            label,
            at,
        });
    }
    if let Some(text) = &map.quote {
        return Some(Block::Quote {
            text: nonempty(file, text, "quote", diags),
            at,
        });
    }
    let list = map.list.as_ref()?;
    Some(Block::List(validate_list(
        file,
        list.numbered.unwrap_or(false),
        &list.items,
        at,
        1,
        diags,
    )))
}

fn validate_list(
    file: &Path,
    numbered: bool,
    items: &[serde_saphyr::Spanned<ItemDef>],
    at: SourceRef,
    depth: usize,
    diags: &mut Diagnostics,
) -> List {
    if items.is_empty() {
        diags.push(Diagnostic::error(
            at.clone(),
            "the list has no `items`; expected at least one",
        ));
    }
    let items = items
        .iter()
        .map(|item| {
            let item_at = definition::at(file, item);
            match &item.value {
                ItemDef::Text(text) => ListItem {
                    text: nonempty_at(parse_checked(text, &item_at, diags), &item_at, "list item", diags),
                    sublist: None,
                    at: item_at,
                },
                ItemDef::Map(map) => {
                    let sublist = (!map.items.is_empty()).then(|| {
                        if depth >= MAX_LIST_DEPTH {
                            diags.push(Diagnostic::error(
                                item_at.clone(),
                                format!("lists nest {} levels deep here; expected at most {MAX_LIST_DEPTH}", depth + 1),
                            ));
                        }
                        validate_list(
                            file,
                            map.numbered.unwrap_or(numbered),
                            &map.items,
                            item_at.clone(),
                            depth + 1,
                            diags,
                        )
                    });
                    ListItem {
                        text: nonempty(file, &map.text, "list item", diags),
                        sublist,
                        at: item_at,
                    }
                }
            }
        })
        .collect();
    List {
        numbered,
        items,
        at,
    }
}

pub(super) fn inlines(file: &Path, text: &Text, diags: &mut Diagnostics) -> Vec<Inline> {
    parse_checked(&text.value, &definition::at(file, text), diags)
}

/// Parses `text` and reports an error when nothing printable is left (a heading of a tab).
pub(super) fn nonempty(
    file: &Path,
    text: &Text,
    what: &str,
    diags: &mut Diagnostics,
) -> Vec<Inline> {
    let at = definition::at(file, text);
    nonempty_at(parse_checked(&text.value, &at, diags), &at, what, diags)
}

pub(super) fn nonempty_at(
    runs: Vec<Inline>,
    at: &SourceRef,
    what: &str,
    diags: &mut Diagnostics,
) -> Vec<Inline> {
    if plain_text(&runs).trim().is_empty() {
        diags.push(Diagnostic::error(
            at.clone(),
            format!("the {what} is empty once whitespace is removed; expected some text"),
        ));
    }
    runs
}

/// Reports every character that cannot be printed: C0 and C1 control characters (other than
/// the whitespace ones `normalize_whitespace` turns into spaces, and line ends), DEL, and
/// U+FEFF (a byte-order mark or zero-width no-break space, invisible and forbidden in PDF/A
/// text). One error per distinct character, naming it and where its text starts.
pub fn check_chars(text: &str, at: &SourceRef, diags: &mut Diagnostics) {
    let mut seen = Vec::new();
    for (index, c) in normalize_whitespace(text).chars().enumerate() {
        let bad = (c.is_control() && c != '\n' && c != '\r') || c == '\u{FEFF}';
        if bad && !seen.contains(&c) {
            seen.push(c);
            diags.push(
                Diagnostic::error(
                    at.clone(),
                    format!(
                        "found U+{:04X} ({}) at character {} of the text; expected printable text, without control characters or U+FEFF",
                        c as u32,
                        char_name(c),
                        index + 1
                    ),
                )
                .with_hint("remove it; tabs and line or paragraph separators are read as spaces"),
            );
        }
    }
}

fn char_name(c: char) -> &'static str {
    match c {
        '\0' => "NUL",
        '\u{7}' => "BEL",
        '\u{8}' => "BACKSPACE",
        '\u{1B}' => "ESC",
        '\u{7F}' => "DEL",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE / byte-order mark",
        '\u{80}'..='\u{9F}' => "a C1 control",
        _ => "a C0 control",
    }
}

/// Parses inline markup, warning about `**` or `*` left over as literal text: almost
/// always a marker CommonMark could not pair. Characters that cannot be printed are errors.
pub(super) fn parse_checked(text: &str, at: &SourceRef, diags: &mut Diagnostics) -> Vec<Inline> {
    if text.len() > MAX_TEXT_BYTES {
        diags.push(Diagnostic::error(
            at.clone(),
            format!(
                "the text is {} KiB; expected at most {} KiB in one paragraph, heading or item",
                text.len().div_ceil(1024),
                MAX_TEXT_BYTES >> 10
            ),
        ));
        return Vec::new();
    }
    check_chars(text, at, diags);
    let runs = parse_inlines(text);
    for note in super::notes_in(&runs) {
        if plain_text(&note.text).trim().is_empty() {
            diags.push(Diagnostic::error(
                at.clone(),
                "a footnote `^[]` is empty; expected its text between `^[` and `]`",
            ));
        }
        if super::notes_in(&note.text).next().is_some() {
            diags.push(
                Diagnostic::error(
                    at.clone(),
                    "a footnote holds another footnote; expected footnote text without `^[…]`",
                )
                .with_hint("put the second note after the first one's reference instead"),
            );
        }
    }
    let notes_text = super::notes_in(&runs).flat_map(|n| n.text.iter());
    if runs.iter().chain(notes_text).any(|r| r.text.contains("**")) {
        diags.push(
            Diagnostic::warning(at.clone(), "`**` was not paired and is printed as is")
                .with_culprit("**")
                .with_hint("close the bold text with `**` right after its last character (`**bold text**`); a closing `**` must follow a non-space; put punctuation inside the span or a space after it"),
        );
    }
    runs
}
