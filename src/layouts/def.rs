//! Layout files as written: every field optional, lengths as text with positions.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::definition::Text;

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LayoutDef {
    #[serde(default)]
    pub name: Option<Text>,
    #[serde(default)]
    pub page: PageDef,
    /// Font roles (`serif`, `sans`) to family fallback lists.
    #[serde(default)]
    pub fonts: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub styles: BTreeMap<String, Spanned<StyleDef>>,
    #[serde(default)]
    pub header: Option<SlotsDef>,
    #[serde(default)]
    pub footer: Option<SlotsDef>,
    #[serde(default)]
    pub first_page: Option<FirstPageDef>,
    /// Header and footer of even pages (2, 4…), for documents printed on both sides.
    #[serde(default)]
    pub even_pages: Option<FirstPageDef>,
    #[serde(default)]
    pub hyphenation: Option<HyphenationDef>,
    #[serde(default)]
    pub justification: Option<JustificationDef>,
    #[serde(default)]
    pub pagination: Option<PaginationDef>,
    #[serde(default)]
    pub lists: Option<Vec<ListLevelDef>>,
    #[serde(default)]
    pub tables: Option<TablesDef>,
    #[serde(default)]
    pub footnotes: Option<FootnotesDef>,
    #[serde(default)]
    pub annexes: Option<AnnexesDef>,
    /// Images in header and footer slots (an emblem, a logo).
    #[serde(default)]
    pub images: Option<Vec<Spanned<ImageDef>>>,
    /// The job number's Code 39 bar code in a header or footer slot.
    #[serde(default)]
    pub barcode: Option<Spanned<BarcodeDef>>,
    /// PDF standard: `a-2a+ua-1` (default), `a-2a`, `a-2b`, `ua-1`, `a-3a+ua-1` or `none`.
    #[serde(default)]
    pub pdf_standard: Option<Text>,
    /// Per primary language subtag (`ar`, `zh`): changes on top of the rest.
    #[serde(default)]
    pub languages: BTreeMap<String, OverrideDef>,
    #[serde(default)]
    pub typography: Option<TypographyDef>,
    /// The official masthead on the first page; none unless the layout asks for it.
    #[serde(default)]
    pub masthead: Option<MastheadDef>,
    /// Where and how paragraph numbers hang, when a report numbers its paragraphs.
    #[serde(default)]
    pub paragraph_numbers: Option<ParagraphNumbersDef>,
    /// Automatic heading labels.
    #[serde(default)]
    pub headings: Option<HeadingsDef>,
    /// How emphasis is shown in each script.
    #[serde(default)]
    pub emphasis: Option<EmphasisDef>,
}

/// `masthead:` — the organisation's name above the rule (per language under `languages:`),
/// the emblem beside the organ, and the thickness of the rules above and below.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MastheadDef {
    #[serde(default)]
    pub organization: Option<Text>,
    #[serde(default)]
    pub emblem: Option<EmblemDef>,
    #[serde(default)]
    pub rule: Option<Text>,
}

/// The masthead's emblem: an image file beside the layout, its printed width and alt text.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct EmblemDef {
    pub file: Text,
    #[serde(default)]
    pub width: Option<Text>,
    #[serde(default)]
    pub alt: Option<Text>,
}

/// `paragraph-numbers:` — the number's pattern, where it hangs (`margin`: in the start
/// margin, the text where it would be; `indent`: at the text's start edge, the text moved in
/// by `hanging`), the room it hangs in, and the patterns of subparagraphs (a numbered list
/// right after a numbered paragraph), level by level.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ParagraphNumbersDef {
    #[serde(default)]
    pub pattern: Option<Text>,
    #[serde(default)]
    pub position: Option<Text>,
    #[serde(default)]
    pub hanging: Option<Text>,
    #[serde(default)]
    pub subparagraphs: Option<Vec<Text>>,
}

impl ParagraphNumbersDef {
    /// Fields of `self`, falling back to `base` where unset.
    pub fn over(&self, base: &ParagraphNumbersDef) -> ParagraphNumbersDef {
        let pick = |a: &Option<Text>, b: &Option<Text>| a.clone().or_else(|| b.clone());
        ParagraphNumbersDef {
            pattern: pick(&self.pattern, &base.pattern),
            position: pick(&self.position, &base.position),
            hanging: pick(&self.hanging, &base.hanging),
            subparagraphs: (self.subparagraphs.clone()).or_else(|| base.subparagraphs.clone()),
        }
    }
}

/// `headings:` — `numbering`: a label pattern per heading level (`["I.", "A.", "1."]`), an
/// empty string for a level left unlabelled.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HeadingsDef {
    #[serde(default)]
    pub numbering: Option<Vec<Text>>,
}

/// What a language may change in a layout.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OverrideDef {
    #[serde(default)]
    pub fonts: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub styles: BTreeMap<String, Spanned<StyleDef>>,
    #[serde(default)]
    pub header: Option<SlotsDef>,
    #[serde(default)]
    pub footer: Option<SlotsDef>,
    #[serde(default)]
    pub first_page: Option<FirstPageDef>,
    #[serde(default)]
    pub even_pages: Option<FirstPageDef>,
    #[serde(default)]
    pub hyphenation: Option<HyphenationDef>,
    #[serde(default)]
    pub justification: Option<JustificationDef>,
    #[serde(default)]
    pub lists: Option<Vec<ListLevelDef>>,
    #[serde(default)]
    pub images: Option<Vec<Spanned<ImageDef>>>,
    #[serde(default)]
    pub barcode: Option<Spanned<BarcodeDef>>,
    #[serde(default)]
    pub typography: Option<TypographyDef>,
    /// The masthead's organisation name in this language, say.
    #[serde(default)]
    pub masthead: Option<MastheadDef>,
    #[serde(default)]
    pub paragraph_numbers: Option<ParagraphNumbersDef>,
    #[serde(default)]
    pub headings: Option<HeadingsDef>,
    #[serde(default)]
    pub emphasis: Option<EmphasisDef>,
}

/// How emphasis (`*text*`) is shown, per script of the emphasised characters: `italic`,
/// `bold`, `dots` or `underline`. Unset scripts keep the layout's (or the built-in) choice.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct EmphasisDef {
    #[serde(default)]
    pub latin: Option<Text>,
    #[serde(default)]
    pub greek: Option<Text>,
    #[serde(default)]
    pub cyrillic: Option<Text>,
    #[serde(default)]
    pub arabic: Option<Text>,
    #[serde(default)]
    pub han: Option<Text>,
}

/// An image in a header or footer slot: its file (relative to the layout file), printed
/// width, slot (`header-left` … `footer-right`), pages (`first`, `all`, `rest`) and alt text.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ImageDef {
    pub file: Text,
    #[serde(default)]
    pub width: Option<Text>,
    pub at: Text,
    #[serde(default)]
    pub pages: Option<Text>,
    #[serde(default)]
    pub alt: Option<Text>,
}

/// The job number's bar code: its slot (`footer-left` …), pages (`first`, `all`, `rest`), the
/// bars' height, the narrow element's width (`module`) and the wide-to-narrow `ratio`.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct BarcodeDef {
    pub at: Text,
    #[serde(default)]
    pub pages: Option<Text>,
    #[serde(default)]
    pub height: Option<Text>,
    #[serde(default)]
    pub module: Option<Text>,
    #[serde(default)]
    pub ratio: Option<Spanned<f32>>,
}

/// Typographic punctuation (`typography::apply`).
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TypographyDef {
    /// Dashes, quotation marks, apostrophes and no-break spaces in the language's forms
    /// (default `true`); `false` prints the text exactly as written.
    #[serde(default)]
    pub smart_punctuation: Option<bool>,
    /// The quotation marks, four characters: outer opening, outer closing, inner opening,
    /// inner closing (`“”‘’`, `「」『』`); the language's own by default.
    #[serde(default)]
    pub quotes: Option<Text>,
    /// How dates are written: `un` (default) or `locale`.
    #[serde(default)]
    pub dates: Option<Text>,
}

/// How tables are ruled and padded.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TablesDef {
    /// Thickness of the rules above and below the table.
    #[serde(default)]
    pub rule: Option<Text>,
    /// Thickness of the rule below the header rows.
    #[serde(default)]
    pub header_rule: Option<Text>,
    #[serde(default)]
    pub vertical_rules: Option<bool>,
    /// Space between a cell's text and its edges.
    #[serde(default)]
    pub padding: Option<Text>,
    /// Whether a row taller than what is left of a page may split between its lines.
    #[serde(default)]
    pub split_rows: Option<bool>,
}

/// What the layout says about annexes.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AnnexesDef {
    /// Whether consecutive paragraph numbers start again from 1 in each annex.
    #[serde(default)]
    pub restart_paragraph_numbers: Option<bool>,
}

/// How footnotes are marked and separated from the text.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FootnotesDef {
    /// `numbers` (1, 2, 3) or `symbols` (*, **, ***).
    #[serde(default)]
    pub marks: Option<Text>,
    /// `document` (1, 2, 3 through it) or `page` (from 1, or `*`, on every page).
    #[serde(default)]
    pub restart: Option<Text>,
    /// Length of the rule above the notes.
    #[serde(default)]
    pub separator: Option<Text>,
    /// Its thickness.
    #[serde(default)]
    pub rule: Option<Text>,
    /// Space between the text and the rule.
    #[serde(default)]
    pub space: Option<Text>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PageDef {
    /// `A4`, `A5`, `Letter`, `Legal`; or give `width` and `height`.
    #[serde(default)]
    pub size: Option<Text>,
    #[serde(default)]
    pub width: Option<Text>,
    #[serde(default)]
    pub height: Option<Text>,
    #[serde(default)]
    pub margins: MarginsDef,
    #[serde(default)]
    pub header_distance: Option<Text>,
    #[serde(default)]
    pub footer_distance: Option<Text>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MarginsDef {
    #[serde(default)]
    pub top: Option<Text>,
    #[serde(default)]
    pub bottom: Option<Text>,
    #[serde(default, alias = "left", alias = "inside")]
    pub start: Option<Text>,
    #[serde(default, alias = "right", alias = "outside")]
    pub end: Option<Text>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StyleDef {
    /// A role from `fonts:` or a family name.
    #[serde(default)]
    pub font: Option<Text>,
    #[serde(default)]
    pub size: Option<Text>,
    #[serde(default)]
    pub leading: Option<Text>,
    /// `normal` or `bold`.
    #[serde(default)]
    pub weight: Option<Text>,
    /// `normal` or `italic`.
    #[serde(default)]
    pub style: Option<Text>,
    /// `start`, `center`, `end` or `justify` (`left`/`right` are read as start/end).
    #[serde(default)]
    pub align: Option<Text>,
    #[serde(default)]
    pub space_before: Option<Text>,
    #[serde(default)]
    pub space_after: Option<Text>,
    #[serde(default)]
    pub indent_start: Option<Text>,
    #[serde(default)]
    pub indent_end: Option<Text>,
    #[serde(default)]
    pub first_line_indent: Option<Text>,
    #[serde(default)]
    pub keep_with_next: Option<bool>,
    /// `#rrggbb`.
    #[serde(default)]
    pub color: Option<Text>,
}

impl StyleDef {
    /// Fields of `self`, falling back to `base` where unset.
    pub fn over(&self, base: &StyleDef) -> StyleDef {
        let pick = |a: &Option<Text>, b: &Option<Text>| a.clone().or_else(|| b.clone());
        StyleDef {
            font: pick(&self.font, &base.font),
            size: pick(&self.size, &base.size),
            leading: pick(&self.leading, &base.leading),
            weight: pick(&self.weight, &base.weight),
            style: pick(&self.style, &base.style),
            align: pick(&self.align, &base.align),
            space_before: pick(&self.space_before, &base.space_before),
            space_after: pick(&self.space_after, &base.space_after),
            indent_start: pick(&self.indent_start, &base.indent_start),
            indent_end: pick(&self.indent_end, &base.indent_end),
            first_line_indent: pick(&self.first_line_indent, &base.first_line_indent),
            keep_with_next: self.keep_with_next.or(base.keep_with_next),
            color: pick(&self.color, &base.color),
        }
    }
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct SlotsDef {
    #[serde(default)]
    pub left: Option<Text>,
    #[serde(default)]
    pub center: Option<Text>,
    #[serde(default)]
    pub right: Option<Text>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct FirstPageDef {
    #[serde(default)]
    pub header: Option<SlotsDef>,
    #[serde(default)]
    pub footer: Option<SlotsDef>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HyphenationDef {
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub min_word: Option<Spanned<usize>>,
    #[serde(default)]
    pub left: Option<Spanned<usize>>,
    #[serde(default)]
    pub right: Option<Spanned<usize>>,
    #[serde(default)]
    pub max_consecutive: Option<Spanned<usize>>,
    /// Cost of a line ending in a hyphen (TeX's `\hyphenpenalty`).
    #[serde(default)]
    pub penalty: Option<Spanned<usize>>,
    /// Fewest characters on the last line of a paragraph after a hyphenated line.
    #[serde(default)]
    pub min_last_line: Option<Spanned<usize>>,
    /// Whether capitalised words (mostly proper nouns) may be hyphenated.
    #[serde(default)]
    pub capitalized: Option<bool>,
    /// Most hyphenated lines in a paragraph, as a share of its lines (`0.25`).
    #[serde(default)]
    pub max_share: Option<Spanned<f32>>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct JustificationDef {
    #[serde(default)]
    pub stretch: Option<Spanned<f32>>,
    #[serde(default)]
    pub shrink: Option<Spanned<f32>>,
    #[serde(default)]
    pub tolerance: Option<Spanned<f32>>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct PaginationDef {
    #[serde(default)]
    pub widows: Option<Spanned<usize>>,
    #[serde(default)]
    pub orphans: Option<Spanned<usize>>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ListLevelDef {
    #[serde(default)]
    pub numbered: Option<String>,
    #[serde(default)]
    pub bullet: Option<String>,
    #[serde(default)]
    pub indent: Option<Text>,
    #[serde(default)]
    pub hanging: Option<Text>,
}
