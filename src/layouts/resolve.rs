//! Finding a layout (shipped by name, or a file), and resolving it for one language into a
//! complete `Layout`: defaults filled, language overrides applied, lengths parsed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::def::{
    EmphasisDef, HeadingsDef, LayoutDef, ListLevelDef, OverrideDef, ParagraphNumbersDef, SlotsDef,
    StyleDef,
};
use super::{
    Align, Annexes, Emphasis, EmphasisStyle, Footnotes, Headings, Hyphenation, Justification,
    LINK_COLOR, Layout, Links, ListLevel, NoteMarks, NumberPosition, PageGeometry, Pagination,
    ParagraphNumbers, Slots, Style, StyleName, TableRules, Typography,
};
use crate::definition::{self, Text};
use crate::diag::{Diagnostic, Diagnostics, SourceRef};
use crate::input::Scope;
use crate::units::Pt;

/// List levels every layout has, whether it says so or not.
const BUILTIN_LIST_LEVELS: usize = 3;

/// A layout file as read, with where it came from.
#[derive(Debug, Clone)]
pub struct LoadedLayout {
    pub file: PathBuf,
    pub def: LayoutDef,
    /// The images its header and footer slots name, as read.
    pub images: super::images::Loaded,
}

/// Names of the layouts that ship inside Folio.
pub fn shipped_layouts() -> Vec<&'static str> {
    crate::assets::EMBEDDED_LAYOUTS
        .iter()
        .filter_map(|(file, _)| file.strip_suffix(".yaml"))
        .collect()
}

/// Finds `name`: a path (with `/` or a `.yaml` ending) relative to `base_dir` that `scope`
/// admits, or the name of a shipped layout. `at` is where the name was written, for messages.
pub fn load_layout(
    name: &str,
    base_dir: &Path,
    at: &SourceRef,
    scope: &Scope,
) -> Result<LoadedLayout, Diagnostics> {
    let is_path = name.contains('/') || name.ends_with(".yaml") || name.ends_with(".yml");
    if is_path {
        let file = base_dir.join(name);
        if !file.exists() {
            return Err(Diagnostic::error(
                at.clone(),
                format!("layout file `{}` does not exist", file.display()),
            )
            .with_hint("a layout path is relative to the report file")
            .into());
        }
        scope
            .admit(&file)
            .map_err(|e| Diagnostic::error(at.clone(), format!("layout: {e}")))?;
        let def = definition::load_yaml(&file).map_err(|e| {
            super::keys::with_all_unknown_keys(e, &file, definition::load_yaml(&file))
        })?;
        let images = super::images::load(&def, &file, false);
        return Ok(LoadedLayout { file, def, images });
    }
    let wanted = format!("{name}.yaml");
    let Some((_, bytes)) = crate::assets::EMBEDDED_LAYOUTS
        .iter()
        .find(|(f, _)| *f == wanted)
    else {
        let shipped = shipped_layouts();
        let near = crate::diag::did_you_mean(name, shipped.iter().copied())
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        return Err(
            Diagnostic::error(at.clone(), format!("unknown layout `{name}`"))
                .with_hint(format!(
                    "{near}expected one of {}, or a path to a .yaml file",
                    shipped
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .into(),
        );
    };
    let file = PathBuf::from(format!("layouts/{wanted}"));
    let text = std::str::from_utf8(bytes).unwrap_or_default();
    let def = definition::parse_yaml(&file, text).map_err(|e| {
        super::keys::with_all_unknown_keys(e, &file, definition::parse_yaml(&file, text))
    })?;
    let images = super::images::load(&def, &file, true);
    Ok(LoadedLayout { file, def, images })
}

/// The font folder a layout names (`font-dir`), relative to the layout file, with the scope
/// its fonts must resolve in: the layout's own folder, as for its images (a layout is often
/// shared, and what it names should travel with it). `None` when it names none.
pub fn font_dir(loaded: &LoadedLayout) -> Result<Option<(PathBuf, Scope)>, Diagnostics> {
    let Some(named) = &loaded.def.font_dir else {
        return Ok(None);
    };
    let at = definition::at(&loaded.file, named);
    let dir = (loaded.file.parent().unwrap_or(Path::new("."))).join(named.value.trim());
    if !dir.is_dir() {
        return Err(Diagnostic::error(
            at,
            format!("font folder `{}` does not exist", dir.display()),
        )
        .with_hint("`font-dir` is relative to the layout file, in its folder")
        .into());
    }
    let scope = Scope::folder_of(&loaded.file);
    scope
        .admit(&dir)
        .map_err(|e| Diagnostic::error(at, format!("font-dir: {e}")))?;
    Ok(Some((dir, scope)))
}

/// The layout for an edition whose primary language subtag is `lang`.
pub fn resolve(loaded: &LoadedLayout, lang: &str) -> Result<Layout, Diagnostics> {
    let file = loaded.file.as_path();
    let def = &loaded.def;
    let empty = OverrideDef::default();
    let over = def.languages.get(lang).unwrap_or(&empty);
    let mut diags = Diagnostics::default();
    let mut r = Reader {
        file,
        diags: &mut diags,
    };

    for key in def.languages.keys() {
        if key.parse::<icu_locale_core::LanguageIdentifier>().is_err() {
            r.diags.push(Diagnostic::error(
                SourceRef::file(file),
                format!("`languages` has the key `{key}`; expected a language subtag such as `ar`"),
            ));
        }
    }

    let (width, height) = r.page_size(def);
    let m = &def.page.margins;
    let page = PageGeometry {
        width,
        height,
        margin_top: r.length("top", &m.top, Pt::from_mm(25.0)),
        margin_bottom: r.length("bottom", &m.bottom, Pt::from_mm(25.0)),
        margin_start: r.length("start", &m.start, Pt::from_mm(25.0)),
        margin_end: r.length("end", &m.end, Pt::from_mm(25.0)),
        header_distance: r.length(
            "header-distance",
            &def.page.header_distance,
            Pt::from_mm(12.0),
        ),
        footer_distance: r.length(
            "footer-distance",
            &def.page.footer_distance,
            Pt::from_mm(12.0),
        ),
    };
    let area = r.text_area(def, &page);

    let mut fonts: BTreeMap<String, Vec<String>> = BTreeMap::from([
        ("serif".to_string(), vec!["Noto Serif".to_string()]),
        ("sans".to_string(), vec!["Noto Sans".to_string()]),
    ]);
    fonts.extend(def.fonts.clone());
    fonts.extend(over.fonts.clone());

    let style_def = |name: StyleName| -> StyleDef {
        let base = def
            .styles
            .get(name.key())
            .map(|s| s.value.clone())
            .unwrap_or_default();
        match over.styles.get(name.key()) {
            Some(o) => o.value.over(&base),
            None => base,
        }
    };
    for (key, style) in def.styles.iter().chain(&over.styles) {
        if !StyleName::ALL
            .iter()
            .chain(&StyleName::MASTHEAD)
            .any(|n| n.key() == key)
        {
            r.diags.push(Diagnostic::error(
                definition::at(file, style),
                format!(
                    "unknown style `{key}`; expected one of {}",
                    (StyleName::ALL.iter().chain(&StyleName::MASTHEAD))
                        .map(|n| format!("`{}`", n.key()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    let body = style_def(StyleName::Body).over(&builtin_style(StyleName::Body));
    let styles = (StyleName::ALL.iter().chain(&StyleName::MASTHEAD))
        .map(|&name| {
            let def = style_def(name).over(&builtin_style(name)).over(&body);
            let style = r.style(&def, &fonts);
            if let Some(area) = area {
                r.fits(&def, &style, area);
            }
            (name, style)
        })
        .collect();

    let h = over
        .hyphenation
        .clone()
        .or(def.hyphenation.clone())
        .unwrap_or_default();
    let j = over
        .justification
        .clone()
        .or(def.justification.clone())
        .unwrap_or_default();
    let p = def.pagination.clone().unwrap_or_default();
    let t = def.tables.clone().unwrap_or_default();
    let f = def.footnotes.clone().unwrap_or_default();
    let links = def.links.clone().unwrap_or_default();
    let lists = over.lists.clone().or(def.lists.clone()).unwrap_or_default();
    let header = over.header.as_ref().or(def.header.as_ref());
    let footer = over.footer.as_ref().or(def.footer.as_ref());
    let first = over.first_page.as_ref().or(def.first_page.as_ref());
    let even = over.even_pages.as_ref().or(def.even_pages.as_ref());
    // Field by field: a language may choose its quotation marks and keep the switch.
    let (typo, typo_over) = (
        def.typography.clone().unwrap_or_default(),
        over.typography.clone().unwrap_or_default(),
    );

    let mut layout = Layout {
        name: def
            .name
            .as_ref()
            .map(|n| n.value.clone())
            .unwrap_or_else(|| {
                file.file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into()
            }),
        page,
        styles,
        header: r.slots("header", header),
        footer: r.slots("footer", footer),
        first_header: first
            .and_then(|f| f.header.as_ref())
            .map(|s| r.slots("first-page.header", Some(s))),
        first_footer: first
            .and_then(|f| f.footer.as_ref())
            .map(|s| r.slots("first-page.footer", Some(s))),
        even_header: even
            .and_then(|f| f.header.as_ref())
            .map(|s| r.slots("even-pages.header", Some(s))),
        even_footer: even
            .and_then(|f| f.footer.as_ref())
            .map(|s| r.slots("even-pages.footer", Some(s))),
        hyphenation: Hyphenation {
            enabled: h.enabled.unwrap_or(true),
            min_word: r.count("min-word", &h.min_word, 6, 1..=100),
            left_min: r.count("left", &h.left, 2, 1..=20),
            right_min: r.count("right", &h.right, 3, 1..=20),
            // Word reads 0 as "no limit", the PDF typesetter as "none": at least 1.
            max_consecutive: r.count("max-consecutive", &h.max_consecutive, 2, 1..=100),
            penalty: r.count("penalty", &h.penalty, 50, 0..=10_000) as f32,
            min_last_line: r.count("min-last-line", &h.min_last_line, 5, 0..=100),
            capitalized: h.capitalized.unwrap_or(false),
            max_share: r.ratio("max-share", &h.max_share, 0.25, 0.0, 1.0),
        },
        justification: Justification {
            stretch: r.ratio("stretch", &j.stretch, 0.5, 0.0, 10.0),
            shrink: r.ratio("shrink", &j.shrink, 0.33, 0.0, 0.9),
            tolerance: r.ratio("tolerance", &j.tolerance, 2.0, 0.1, 100.0),
        },
        pagination: Pagination {
            widows: r.count("widows", &p.widows, 2, 1..=MAX_WIDOWS),
            orphans: r.count("orphans", &p.orphans, 2, 1..=MAX_WIDOWS),
        },
        list_levels: (0..lists.len().max(BUILTIN_LIST_LEVELS))
            .map(|i| r.list_level(lists.get(i), i, area))
            .collect(),
        tables: TableRules {
            rule: r.length("rule", &t.rule, Pt(0.75)),
            header_rule: r.length("header-rule", &t.header_rule, Pt(0.5)),
            vertical: t.vertical_rules.unwrap_or(false),
            padding: r.length("padding", &t.padding, Pt(3.0)),
            split_rows: t.split_rows.unwrap_or(true),
        },
        footnotes: Footnotes {
            marks: match r.choice(&f.marks, &["numbers", "symbols"]) {
                1 => NoteMarks::Symbols,
                _ => NoteMarks::Numbers,
            },
            restart_each_page: r.choice(&f.restart, &["document", "page"]) == 1,
            separator: r.length("separator", &f.separator, Pt(108.0)),
            rule: r.length("rule", &f.rule, Pt(0.5)),
            space: r.length("space", &f.space, Pt(8.0)),
        },
        links: Links {
            color: match &links.color {
                Some(_) => r.color(&links.color),
                None => LINK_COLOR,
            },
            url_notes: r.choice(&links.urls, &["inline", "footnote"]) == 1,
        },
        annexes: Annexes {
            restart_paragraph_numbers: (def.annexes.as_ref())
                .and_then(|a| a.restart_paragraph_numbers)
                .unwrap_or(false),
        },
        typography: Typography {
            smart_punctuation: typo_over
                .smart_punctuation
                .or(typo.smart_punctuation)
                .unwrap_or(true),
            quotes: r.quotes(typo_over.quotes.as_ref().or(typo.quotes.as_ref())),
            dates: match r.choice(
                &typo_over.dates.clone().or(typo.dates.clone()),
                &["un", "locale"],
            ) {
                1 => crate::edition::DateStyle::Locale,
                _ => crate::edition::DateStyle::Un,
            },
        },
        emphasis: r.emphasis(over.emphasis.as_ref(), def.emphasis.as_ref()),
        images: Vec::new(),
        masthead: None,
        barcode: None,
        paragraph_numbers: ParagraphNumbers::default(),
        headings: Headings::default(),
    };
    // Field by field, as typography: a language may change the pattern and keep the rest.
    let numbers = (over.paragraph_numbers.clone().unwrap_or_default())
        .over(&def.paragraph_numbers.clone().unwrap_or_default());
    layout.paragraph_numbers = r.paragraph_numbers(&numbers, &layout.list_levels, area);
    let headings = over.headings.as_ref().or(def.headings.as_ref());
    layout.headings = r.headings(headings);
    layout.masthead = super::images::masthead(
        file,
        def.masthead.as_ref(),
        over.masthead.as_ref(),
        &loaded.images,
        &layout,
        &mut diags,
    );
    let images = over.images.as_ref().or(def.images.as_ref());
    layout.images = super::images::resolve(
        file,
        images.map(Vec::as_slice).unwrap_or_default(),
        &loaded.images,
        &layout,
        &mut diags,
    );
    let barcode = over.barcode.as_ref().or(def.barcode.as_ref());
    layout.barcode =
        barcode.and_then(|b| super::images::resolve_barcode(file, b, &layout, &mut diags));
    if diags.has_errors() {
        // Body fields reach every style, so one bad value may be reported several times.
        return Err(diags.sorted());
    }
    Ok(layout)
}

/// The largest `widows` and `orphans`: more lines than this kept together is not a rule
/// a page can keep.
const MAX_WIDOWS: usize = 10;

/// PDF's page size limits (ISO 32000 Annex C; PDF/A keeps them): 3 to 14,400 units.
const MIN_PAGE: f32 = 3.0;
const MAX_PAGE: f32 = 14_400.0;

/// Word's largest font size.
const MAX_FONT_SIZE: f32 = 1638.0;

/// A length for messages: `595.28pt`.
fn show(pt: Pt) -> String {
    format!("{}pt", (pt.0 * 100.0).round() / 100.0)
}

fn text(value: &str) -> Option<Text> {
    Some(serde_saphyr::Spanned::new(
        value.to_string(),
        serde_saphyr::Location::UNKNOWN,
        serde_saphyr::Location::UNKNOWN,
    ))
}

/// What a style is when the layout says nothing of it (body fields fill the rest).
fn builtin_style(name: StyleName) -> StyleDef {
    let s = |font: &str,
             size: &str,
             leading: &str,
             weight: &str,
             align: &str,
             before: &str,
             after: &str| StyleDef {
        font: text(font),
        size: text(size),
        leading: text(leading),
        weight: text(weight),
        align: text(align),
        space_before: text(before),
        space_after: text(after),
        ..StyleDef::default()
    };
    let heading = |size: &str, leading: &str, before: &str| StyleDef {
        keep_with_next: Some(true),
        ..s("sans", size, leading, "bold", "start", before, "6pt")
    };
    match name {
        StyleName::Body => StyleDef {
            style: text("normal"),
            indent_start: text("0pt"),
            indent_end: text("0pt"),
            first_line_indent: text("0pt"),
            keep_with_next: Some(false),
            color: text("#000000"),
            ..s("serif", "11pt", "14pt", "normal", "justify", "0pt", "6pt")
        },
        StyleName::Title => StyleDef {
            keep_with_next: Some(true),
            ..s("sans", "20pt", "24pt", "bold", "center", "0pt", "8pt")
        },
        StyleName::Subtitle => StyleDef {
            keep_with_next: Some(true),
            ..s("sans", "14pt", "18pt", "normal", "center", "0pt", "12pt")
        },
        StyleName::Authors => StyleDef {
            keep_with_next: Some(true),
            ..s("serif", "11pt", "14pt", "normal", "center", "0pt", "2pt")
        },
        StyleName::Heading1 => heading("14pt", "18pt", "18pt"),
        StyleName::Heading2 => heading("12pt", "16pt", "14pt"),
        StyleName::Heading3 => StyleDef {
            style: text("italic"),
            ..heading("11pt", "14pt", "12pt")
        },
        StyleName::List => StyleDef {
            space_after: text("3pt"),
            ..StyleDef::default()
        },
        StyleName::Quote => StyleDef {
            indent_start: text("24pt"),
            indent_end: text("24pt"),
            style: text("italic"),
            ..StyleDef::default()
        },
        // Official tables: a smaller, ragged text; the caption bold above the table.
        StyleName::Caption => StyleDef {
            weight: text("bold"),
            align: text("start"),
            space_before: text("6pt"),
            space_after: text("4pt"),
            keep_with_next: Some(true),
            first_line_indent: text("0pt"),
            ..StyleDef::default()
        },
        StyleName::TableHeader | StyleName::TableCell => StyleDef {
            size: text("9.5pt"),
            leading: text("12pt"),
            weight: text(if name == StyleName::TableHeader {
                "bold"
            } else {
                "normal"
            }),
            style: text("normal"),
            align: text("start"),
            space_before: text("0pt"),
            space_after: text("0pt"),
            indent_start: text("0pt"),
            indent_end: text("0pt"),
            first_line_indent: text("0pt"),
            ..StyleDef::default()
        },
        // Notes: smaller text under the rule, each set off a little from the next.
        StyleName::Footnote => StyleDef {
            size: text("9pt"),
            leading: text("11pt"),
            style: text("normal"),
            space_before: text("0pt"),
            space_after: text("2pt"),
            indent_start: text("0pt"),
            indent_end: text("0pt"),
            first_line_indent: text("0pt"),
            keep_with_next: Some(false),
            ..StyleDef::default()
        },
        // A table of contents: the title like a first-level heading; entries ragged, each
        // level indented further, nothing hyphenated or kept with what follows.
        StyleName::ContentsTitle => StyleDef {
            keep_with_next: Some(true),
            ..s("sans", "14pt", "18pt", "bold", "start", "0pt", "10pt")
        },
        StyleName::Contents1 | StyleName::Contents2 | StyleName::Contents3 => {
            let (before, indent) = match name {
                StyleName::Contents1 => ("6pt", "0pt"),
                StyleName::Contents2 => ("2pt", "18pt"),
                _ => ("0pt", "36pt"),
            };
            StyleDef {
                align: text("start"),
                space_before: text(before),
                space_after: text("2pt"),
                indent_start: text(indent),
                indent_end: text("0pt"),
                first_line_indent: text("0pt"),
                keep_with_next: Some(false),
                ..StyleDef::default()
            }
        }
        // The masthead of a United Nations document: a serif throughout, the symbol and the
        // organ large and bold, the control lines and the agenda block small.
        StyleName::MastheadOrganization
        | StyleName::MastheadSymbol
        | StyleName::MastheadOrgan
        | StyleName::MastheadControl
        | StyleName::MastheadAgenda => {
            let (size, leading, weight, align) = match name {
                StyleName::MastheadOrganization => ("12pt", "14pt", "normal", "start"),
                StyleName::MastheadSymbol => ("17pt", "20pt", "bold", "end"),
                StyleName::MastheadOrgan => ("17pt", "20pt", "bold", "start"),
                _ => ("10pt", "12pt", "normal", "start"),
            };
            StyleDef {
                style: text("normal"),
                indent_start: text("0pt"),
                indent_end: text("0pt"),
                first_line_indent: text("0pt"),
                keep_with_next: Some(false),
                ..s("serif", size, leading, weight, align, "0pt", "0pt")
            }
        }
        StyleName::Header | StyleName::Footer => StyleDef {
            size: text("9pt"),
            leading: text("11pt"),
            align: text("start"),
            space_after: text("0pt"),
            ..StyleDef::default()
        },
    }
}

/// Parses values, recording each problem with its position and carrying on with a default.
struct Reader<'a> {
    file: &'a Path,
    diags: &'a mut Diagnostics,
}

impl Reader<'_> {
    fn error(&mut self, value: &Text, message: String) {
        self.diags
            .push(Diagnostic::error(definition::at(self.file, value), message));
    }

    /// A length of at least 0pt.
    fn length(&mut self, field: &str, value: &Option<Text>, default: Pt) -> Pt {
        let Some(v) = value else { return default };
        match Pt::parse(&v.value) {
            Some(pt) if pt.0 >= 0.0 && pt.0 <= MAX_PAGE => pt,
            Some(_) => {
                self.error(
                    v,
                    format!(
                        "`{field}`: found `{}`; expected a length from 0pt to {MAX_PAGE}pt",
                        v.value
                    ),
                );
                default
            }
            None => {
                self.error(
                    v,
                    format!(
                        "`{field}`: found `{}`; expected a length such as `12pt`, `25mm`, `2cm` or `1in`",
                        v.value
                    ),
                );
                default
            }
        }
    }

    /// A length greater than 0pt and at most `max`.
    fn positive(&mut self, field: &str, value: &Option<Text>, default: Pt, max: f32) -> Pt {
        let pt = self.length(field, value, default);
        match value {
            Some(v) if pt.0 <= 0.0 || pt.0 > max => {
                self.error(
                    v,
                    format!(
                        "`{field}`: found `{}`; expected a length greater than 0pt and at most {max}pt",
                        v.value
                    ),
                );
                default
            }
            _ => pt,
        }
    }

    /// A whole number in `range`.
    fn count(
        &mut self,
        field: &str,
        value: &Option<serde_saphyr::Spanned<usize>>,
        default: usize,
        range: std::ops::RangeInclusive<usize>,
    ) -> usize {
        let Some(v) = value else { return default };
        if range.contains(&v.value) {
            return v.value;
        }
        self.diags.push(Diagnostic::error(
            definition::at(self.file, v),
            format!(
                "`{field}`: found `{}`; expected a whole number from {} to {}",
                v.value,
                range.start(),
                range.end()
            ),
        ));
        default
    }

    /// A finite number from `min` to `max`.
    fn ratio(
        &mut self,
        field: &str,
        value: &Option<serde_saphyr::Spanned<f32>>,
        default: f32,
        min: f32,
        max: f32,
    ) -> f32 {
        let Some(v) = value else { return default };
        if v.value.is_finite() && (min..=max).contains(&v.value) {
            return v.value;
        }
        self.diags.push(Diagnostic::error(
            definition::at(self.file, v),
            format!(
                "`{field}`: found `{}`; expected a number from {min} to {max}",
                v.value
            ),
        ));
        default
    }

    /// Where the first of `values` that was written is, or the layout file.
    fn first_at(&self, values: &[&Option<Text>]) -> SourceRef {
        values
            .iter()
            .find_map(|v| v.as_ref())
            .map(|v| definition::at(self.file, v))
            .unwrap_or_else(|| SourceRef::file(self.file))
    }

    /// The width and height of the text area, or `None` (after an error) when the margins
    /// leave none.
    fn text_area(&mut self, def: &LayoutDef, page: &PageGeometry) -> Option<(Pt, Pt)> {
        let m = &def.page.margins;
        let width = page.width - page.margin_start - page.margin_end;
        let height = page.height - page.margin_top - page.margin_bottom;
        let mut ok = true;
        if width.0 <= 0.0 {
            ok = false;
            self.diags.push(Diagnostic::error(
                self.first_at(&[&m.start, &m.end, &def.page.width, &def.page.size]),
                format!(
                    "`margins`: found start {} and end {} on a page {} wide; expected margins that leave room for text",
                    show(page.margin_start),
                    show(page.margin_end),
                    show(page.width)
                ),
            ));
        }
        if height.0 <= 0.0 {
            ok = false;
            self.diags.push(Diagnostic::error(
                self.first_at(&[&m.top, &m.bottom, &def.page.height, &def.page.size]),
                format!(
                    "`margins`: found top {} and bottom {} on a page {} high; expected margins that leave room for text",
                    show(page.margin_top),
                    show(page.margin_bottom),
                    show(page.height)
                ),
            ));
        }
        for (field, value, distance) in [
            (
                "header-distance",
                &def.page.header_distance,
                page.header_distance,
            ),
            (
                "footer-distance",
                &def.page.footer_distance,
                page.footer_distance,
            ),
        ] {
            if distance >= page.height {
                let at = self.first_at(&[value]);
                self.diags.push(Diagnostic::error(
                    at,
                    format!(
                        "`{field}`: found {}; expected less than the page height, {}",
                        show(distance),
                        show(page.height)
                    ),
                ));
            }
        }
        ok.then_some((width, height))
    }

    /// Errors for a style whose lines or indents cannot fit the text area (`width`, `height`).
    fn fits(&mut self, def: &StyleDef, style: &Style, (width, height): (Pt, Pt)) {
        for (field, value, length) in [
            ("size", &def.size, style.size),
            ("leading", &def.leading, style.leading),
            ("space-before", &def.space_before, style.space_before),
            ("space-after", &def.space_after, style.space_after),
        ] {
            if length > height {
                let at = self.first_at(&[value]);
                self.diags.push(Diagnostic::error(
                    at,
                    format!(
                        "`{field}`: found {}; expected at most the text area's height, {} (the page less its top and bottom margins)",
                        show(length),
                        show(height)
                    ),
                ));
            }
        }
        let indents = style.indent_start + style.indent_end + style.first_line_indent;
        if indents >= width {
            let at = self.first_at(&[&def.indent_start, &def.indent_end, &def.first_line_indent]);
            self.diags.push(Diagnostic::error(
                at,
                format!(
                    "`indent-start`, `indent-end` and `first-line-indent`: found {} in all; expected less than the text width, {}",
                    show(indents),
                    show(width)
                ),
            ));
        }
    }

    /// Header and footer templates (`band` names them in messages), their whitespace
    /// controls made spaces; other control characters, line breaks and unknown placeholders
    /// are errors.
    fn slots(&mut self, band: &str, def: Option<&SlotsDef>) -> Slots {
        let def = def.cloned().unwrap_or_default();
        let mut slot = |name: &str, value: &Option<Text>| -> String {
            let Some(v) = value else {
                return String::new();
            };
            let at = definition::at(self.file, v);
            crate::model::check_chars(&v.value, &at, self.diags);
            check_slot(&format!("{band}.{name}"), &v.value, &at, self.diags);
            crate::model::normalize_whitespace(&v.value).into_owned()
        };
        Slots {
            left: slot("left", &def.left),
            center: slot("center", &def.center),
            right: slot("right", &def.right),
        }
    }

    fn page_size(&mut self, def: &LayoutDef) -> (Pt, Pt) {
        let named = |name: &str| -> Option<(f32, f32)> {
            Some(match name.to_ascii_lowercase().as_str() {
                "a4" => (595.276, 841.89),
                "a5" => (419.528, 595.276),
                "a3" => (841.89, 1190.551),
                "letter" => (612.0, 792.0),
                "legal" => (612.0, 1008.0),
                _ => return None,
            })
        };
        let (mut w, mut h) = (Pt(595.276), Pt(841.89));
        if let Some(size) = &def.page.size {
            match named(size.value.trim()) {
                Some((a, b)) => (w, h) = (Pt(a), Pt(b)),
                None => self.error(size, format!("page size `{}` is unknown; expected A4, A5, A3, Letter or Legal, or `width` and `height`", size.value)),
            }
        }
        let range =
            format!("expected a length from {MIN_PAGE}pt to {MAX_PAGE}pt (PDF's page size limits)");
        let mut side = |field: &str, value: &Option<Text>, default: Pt| {
            let Some(v) = value else { return default };
            match Pt::parse(&v.value) {
                Some(pt) if (MIN_PAGE..=MAX_PAGE).contains(&pt.0) => pt,
                _ => {
                    self.error(v, format!("`{field}`: found `{}`; {range}", v.value));
                    default
                }
            }
        };
        (
            side("width", &def.page.width, w),
            side("height", &def.page.height, h),
        )
    }

    fn style(&mut self, def: &StyleDef, fonts: &BTreeMap<String, Vec<String>>) -> Style {
        let font = def
            .font
            .as_ref()
            .map(|f| f.value.trim().to_string())
            .unwrap_or_default();
        let families = fonts.get(&font).cloned().unwrap_or_else(|| vec![font]);
        let size = self.positive("size", &def.size, Pt(11.0), MAX_FONT_SIZE);
        Style {
            families,
            size,
            leading: self.positive("leading", &def.leading, size * 1.25, MAX_PAGE),
            bold: self.choice(&def.weight, &["normal", "bold"]) == 1,
            italic: self.choice(&def.style, &["normal", "italic"]) == 1,
            align: match self.choice(
                &def.align,
                &["start", "center", "end", "justify", "left", "right"],
            ) {
                1 => Align::Center,
                2 | 5 => Align::End,
                3 => Align::Justify,
                _ => Align::Start,
            },
            space_before: self.length("space-before", &def.space_before, Pt::ZERO),
            space_after: self.length("space-after", &def.space_after, Pt::ZERO),
            indent_start: self.length("indent-start", &def.indent_start, Pt::ZERO),
            indent_end: self.length("indent-end", &def.indent_end, Pt::ZERO),
            first_line_indent: self.length("first-line-indent", &def.first_line_indent, Pt::ZERO),
            keep_with_next: def.keep_with_next.unwrap_or(false),
            color: self.color(&def.color),
        }
    }

    /// Index of the value among `options` (0 when unset or wrong, after reporting it).
    fn choice(&mut self, value: &Option<Text>, options: &[&str]) -> usize {
        let Some(v) = value else { return 0 };
        match options
            .iter()
            .position(|o| o.eq_ignore_ascii_case(v.value.trim()))
        {
            Some(i) => i,
            None => {
                let expected = options
                    .iter()
                    .map(|o| format!("`{o}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.error(
                    v,
                    format!("found `{}`; expected one of {expected}", v.value),
                );
                0
            }
        }
    }

    /// Emphasis per script: the language's choice, else the layout's, else the built-in one.
    fn emphasis(&mut self, over: Option<&EmphasisDef>, def: Option<&EmphasisDef>) -> Emphasis {
        const STYLES: [EmphasisStyle; 4] = [
            EmphasisStyle::Italic,
            EmphasisStyle::Bold,
            EmphasisStyle::Dots,
            EmphasisStyle::Underline,
        ];
        let builtin = Emphasis::default();
        let mut pick = |field: fn(&EmphasisDef) -> &Option<Text>, default: EmphasisStyle| {
            let value = over
                .and_then(|o| field(o).as_ref())
                .or_else(|| def.and_then(|d| field(d).as_ref()));
            match value {
                Some(v) => {
                    STYLES[self.choice(&Some(v.clone()), &["italic", "bold", "dots", "underline"])]
                }
                None => default,
            }
        };
        Emphasis {
            latin: pick(|d| &d.latin, builtin.latin),
            greek: pick(|d| &d.greek, builtin.greek),
            cyrillic: pick(|d| &d.cyrillic, builtin.cyrillic),
            arabic: pick(|d| &d.arabic, builtin.arabic),
            han: pick(|d| &d.han, builtin.han),
        }
    }

    /// Four quotation marks: outer opening and closing, inner opening and closing.
    fn quotes(&mut self, value: Option<&Text>) -> Option<[char; 4]> {
        let v = value?;
        let marks: Vec<char> = v.value.trim().chars().collect();
        match <[char; 4]>::try_from(marks) {
            Ok(marks)
                if marks
                    .iter()
                    .all(|c| !c.is_alphanumeric() && !c.is_whitespace()) =>
            {
                Some(marks)
            }
            _ => {
                self.error(
                    v,
                    format!(
                        "found `{}`; expected four quotation marks (outer opening, outer closing, inner opening, inner closing) such as `“”‘’` or `「」『』`",
                        v.value
                    ),
                );
                None
            }
        }
    }

    fn color(&mut self, value: &Option<Text>) -> [u8; 3] {
        let Some(v) = value else { return [0, 0, 0] };
        let hex = v.value.trim().trim_start_matches('#');
        let parsed = (hex.len() == 6)
            .then(|| u32::from_str_radix(hex, 16).ok())
            .flatten()
            .map(|n| [(n >> 16) as u8, (n >> 8) as u8, n as u8]);
        parsed.unwrap_or_else(|| {
            self.error(
                v,
                format!("found `{}`; expected a colour like `#1f3864`", v.value),
            );
            [0, 0, 0]
        })
    }

    /// A marker pattern (`1.`, `(a)`, `١ -`), or an error naming `field`.
    fn pattern(&mut self, field: &str, value: &Text) -> Option<crate::layouts::numbering::Pattern> {
        let pattern = crate::layouts::numbering::parse_pattern(&value.value);
        if pattern.is_none() {
            self.error(
                value,
                format!("`{field}`: found `{}`; expected a pattern with one of 1, a, A, i, I, أ, 一, ١ such as `1.`, `(a)`, `I.`, `(أ)`, `١ -`", value.value),
            );
        }
        pattern
    }

    /// Paragraph numbers: the layout's, or `1.` in the start margin, with subparagraphs
    /// numbered like the list levels after the first (a paragraph's subparagraphs are the
    /// next level down from it).
    fn paragraph_numbers(
        &mut self,
        def: &ParagraphNumbersDef,
        lists: &[ListLevel],
        area: Option<(Pt, Pt)>,
    ) -> ParagraphNumbers {
        let builtin = ParagraphNumbers::default();
        let pattern = (def.pattern.as_ref())
            .and_then(|p| self.pattern("pattern", p))
            .unwrap_or(builtin.pattern);
        let position = match self.choice(&def.position, &["margin", "indent"]) {
            1 => NumberPosition::Indent,
            _ => NumberPosition::Margin,
        };
        let hanging = self.length("hanging", &def.hanging, builtin.hanging);
        if let Some((width, _)) = area
            && hanging >= width
        {
            let at = self.first_at(&[&def.hanging]);
            self.diags.push(Diagnostic::error(
                at,
                format!(
                    "`paragraph-numbers`: found hanging {}; expected less than the text width, {}",
                    show(hanging),
                    show(width)
                ),
            ));
        }
        let subparagraphs = match &def.subparagraphs {
            Some(written) if written.is_empty() => {
                self.diags.push(Diagnostic::error(
                    self.first_at(&[&def.pattern, &def.position, &def.hanging]),
                    "`subparagraphs` is empty; expected a pattern per level, such as [\"(a)\", \"(i)\"]",
                ));
                Vec::new()
            }
            Some(written) => (written.iter())
                .filter_map(|p| self.pattern("subparagraphs", p))
                .collect(),
            None => (lists.iter().skip(1))
                .filter_map(|l| crate::layouts::numbering::parse_pattern(&l.numbered))
                .collect(),
        };
        ParagraphNumbers {
            pattern,
            position,
            hanging,
            subparagraphs: match subparagraphs.is_empty() {
                true => builtin.subparagraphs,
                false => subparagraphs,
            },
        }
    }

    /// Heading labels per level; an empty string leaves a level unlabelled.
    fn headings(&mut self, def: Option<&HeadingsDef>) -> Headings {
        let Some(numbering) = def.and_then(|d| d.numbering.as_ref()) else {
            return Headings::default();
        };
        Headings {
            numbering: (numbering.iter())
                .map(|p| match p.value.trim().is_empty() {
                    true => None,
                    false => self.pattern("numbering", p),
                })
                .collect(),
        }
    }

    fn list_level(
        &mut self,
        def: Option<&ListLevelDef>,
        depth: usize,
        area: Option<(Pt, Pt)>,
    ) -> ListLevel {
        const NUMBERED: [&str; BUILTIN_LIST_LEVELS] = ["1.", "(a)", "(i)"];
        const BULLETS: [&str; BUILTIN_LIST_LEVELS] = ["•", "–", "‣"];
        let builtin = depth.min(BUILTIN_LIST_LEVELS - 1);
        let def = def.cloned().unwrap_or_default();
        let numbered = def
            .numbered
            .unwrap_or_else(|| NUMBERED[builtin].to_string());
        if crate::layouts::numbering::parse_pattern(&numbered).is_none() {
            self.diags.push(Diagnostic::error(
                SourceRef::file(self.file),
                format!("list level {} numbering `{numbered}`; expected a pattern with one of 1, a, A, i, I, أ, 一 such as `1.`, `(a)`, `i)`, `(أ)`, `（一）`", depth + 1),
            ));
        }
        let hanging = self.length("hanging", &def.hanging, Pt(18.0));
        let indent = self.length("indent", &def.indent, Pt(18.0) * (depth + 1) as f32);
        if let Some((width, _)) = area
            && indent.max(hanging) >= width
        {
            let at = self.first_at(&[&def.indent, &def.hanging]);
            self.diags.push(Diagnostic::error(
                at,
                format!(
                    "list level {}: found indent {} and hanging {}; expected both less than the text width, {}",
                    depth + 1,
                    show(indent),
                    show(hanging),
                    show(width)
                ),
            ));
        }
        ListLevel {
            numbered,
            bullet: def.bullet.unwrap_or_else(|| BULLETS[builtin].to_string()),
            indent,
            hanging,
        }
    }
}

/// A header or footer slot is one line (the PDF sets it on one baseline, where a line break
/// has no glyph, and Word's header paragraph would grow into the text), and names only
/// placeholders that `Edition::fill_slot` fills: anything else would be printed as written.
fn check_slot(field: &str, template: &str, at: &SourceRef, diags: &mut Diagnostics) {
    if let Some(index) = template.chars().position(|c| c == '\n' || c == '\r') {
        diags.push(
            Diagnostic::error(
                at.clone(),
                format!(
                    "`{field}`: found a line break at character {} of the text; expected one line (a header or footer slot is set on one line)",
                    index + 1
                ),
            )
            .with_hint("write the slot on one line, or put the second part in another slot (`left`, `center`, `right`)"),
        );
    }
    let known = crate::edition::PLACEHOLDERS;
    for name in placeholders(template) {
        if known.contains(&name) {
            continue;
        }
        let list = known
            .iter()
            .map(|k| format!("`{{{k}}}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut d = Diagnostic::error(
            at.clone(),
            format!("`{field}`: unknown placeholder `{{{name}}}`; expected one of {list}"),
        );
        d = match closest(name, known) {
            Some(k) => d.with_hint(format!("did you mean `{{{k}}}`?")),
            None => d.with_hint(
                "a placeholder is one of these names in braces; other text is printed as written",
            ),
        };
        diags.push(d);
    }
}

/// The names written as `{name}` in a template: letters, digits, `-` and `_` between braces
/// (other text in braces, `{ draft }`, is not meant as a placeholder and prints as written).
fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template.split('{').skip(1).filter_map(|rest| {
        let name = &rest[..rest.find('}')?];
        let word = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        word.then_some(name)
    })
}

/// The known name nearest to `name` by edit distance, when it is near enough to be a slip
/// (at most a third of its letters, at least one, wrong).
fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&lower, k), *k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(1))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped(name: &str) -> LoadedLayout {
        load_layout(
            name,
            Path::new("."),
            &SourceRef::default(),
            &Scope::anywhere(),
        )
        .unwrap()
    }

    #[test]
    fn shipped_layouts_resolve_for_every_language() {
        for name in ["report-a4", "report-letter"] {
            for lang in ["en", "fr", "es", "ru", "ar", "zh"] {
                let layout = resolve(&shipped(name), lang).unwrap();
                assert!(layout.text_width().0 > 300.0);
                assert_eq!(layout.list_levels.len(), 3);
            }
        }
        let a4 = resolve(&shipped("report-a4"), "ar").unwrap();
        assert_eq!(a4.style(StyleName::Body).families[0], "Noto Naskh Arabic");
        assert!(!a4.hyphenation.enabled);
        assert_eq!(
            a4.style(StyleName::Heading1).families[0],
            "Noto Naskh Arabic"
        );
        let letter = resolve(&shipped("report-letter"), "en").unwrap();
        assert_eq!(letter.page.width, Pt(612.0));
        assert_ne!(
            letter.style(StyleName::Body).families,
            a4.style(StyleName::Body).families
        );
    }

    #[test]
    fn styles_inherit_from_body_and_builtins() {
        let def: LayoutDef =
            definition::parse_yaml(Path::new("l.yaml"), "styles:\n  body: { size: 10pt }\n")
                .unwrap();
        let l = resolve(
            &LoadedLayout {
                file: "l.yaml".into(),
                def,
                images: Default::default(),
            },
            "en",
        )
        .unwrap();
        assert_eq!(l.style(StyleName::Quote).size, Pt(10.0));
        assert!(l.style(StyleName::Heading1).bold && l.style(StyleName::Heading1).keep_with_next);
        assert_eq!(l.style(StyleName::Heading1).size, Pt(14.0));
    }

    #[test]
    fn bad_values_are_all_reported_with_positions() {
        let def: LayoutDef = definition::parse_yaml(
            Path::new("l.yaml"),
            "page:\n  size: B7\n  margins: { top: 2furlongs }\nstyles:\n  body: { align: wide }\n  bodytext: { size: 9pt }\n",
        )
        .unwrap();
        let e = resolve(
            &LoadedLayout {
                file: "l.yaml".into(),
                def,
                images: Default::default(),
            },
            "en",
        )
        .unwrap_err();
        let text = e.to_string();
        assert_eq!(e.0.len(), 4, "{text}");
        assert!(text.contains("l.yaml:2:") && text.contains("B7"), "{text}");
        assert!(
            text.contains("2furlongs") && text.contains("wide") && text.contains("bodytext"),
            "{text}"
        );
    }

    #[test]
    fn unknown_layout_lists_the_shipped_ones() {
        let e = load_layout(
            "report-a3",
            Path::new("."),
            &SourceRef::new(Path::new("r.yaml"), 2, 9),
            &Scope::anywhere(),
        )
        .unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("r.yaml:2:9")
                && text.contains("report-a4")
                && text.contains("report-letter"),
            "{text}"
        );
    }

    fn resolve_text(yaml: &str) -> Result<Layout, Diagnostics> {
        let def: LayoutDef = definition::parse_yaml(Path::new("l.yaml"), yaml).unwrap();
        let loaded = LoadedLayout {
            file: "l.yaml".into(),
            def,
            images: Default::default(),
        };
        resolve(&loaded, "en")
    }

    #[test]
    fn unknown_placeholders_are_errors_with_the_known_ones() {
        let e = resolve_text(
            "header: { left: \"{distribution}\", right: \"{symbl} {page}\" }\nfirst-page:\n  footer: { center: \"{ draft } {pages}\" }\n",
        )
        .unwrap_err();
        let text = e.to_string();
        assert_eq!(e.0.len(), 2, "{text}");
        assert!(
            text.contains("l.yaml:1:")
                && text.contains("`header.left`: unknown placeholder `{distribution}`")
                && text.contains("`{title}`, `{symbol}`"),
            "{text}"
        );
        assert!(
            text.contains("`header.right`: unknown placeholder `{symbl}`")
                && text.contains("did you mean `{symbol}`?"),
            "{text}"
        );
    }

    #[test]
    fn a_line_break_in_a_slot_is_an_error() {
        let e = resolve_text("footer: { center: \"{page}\\n{pages}\" }\n").unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("l.yaml:1:")
                && text.contains("`footer.center`: found a line break at character 7"),
            "{text}"
        );
    }
}
