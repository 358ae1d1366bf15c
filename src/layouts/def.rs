//! Layout files as written: every field optional, lengths as text with positions.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::definition::Text;
use crate::schema as s;

#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LayoutDef {
    /// The layout's name, printed in messages; default the file's name.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub name: Option<Text>,
    /// Page size and margins.
    #[serde(default)]
    pub page: PageDef,
    /// Font roles (`serif`, `sans`) to family fallback lists.
    #[serde(default)]
    pub fonts: BTreeMap<String, Vec<String>>,
    /// A folder of fonts (`.ttf`, `.otf`, `.ttc`), relative to the layout file and inside its
    /// folder, loaded like `--font-dir`: the families it holds may be named in `fonts:`.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub font_dir: Option<Text>,
    /// Named paragraph styles (`body`, `title`, `heading-1`…); unset fields fall back to the
    /// built-in style, then to `body`.
    #[serde(default)]
    #[schemars(schema_with = "s::styles")]
    pub styles: BTreeMap<String, Spanned<StyleDef>>,
    /// The header's left, center and right slots: text with placeholders such as `{symbol}`,
    /// `{date}`, `{page}`.
    #[serde(default)]
    pub header: Option<SlotsDef>,
    /// The footer's left, center and right slots: text with placeholders such as `{page}`,
    /// `{pages}`, `{original}`.
    #[serde(default)]
    pub footer: Option<SlotsDef>,
    /// The header and footer of the first page, when they differ.
    #[serde(default)]
    pub first_page: Option<FirstPageDef>,
    /// Header and footer of even pages (2, 4…), for documents printed on both sides.
    #[serde(default)]
    pub even_pages: Option<FirstPageDef>,
    /// Whether and how words are hyphenated.
    #[serde(default)]
    pub hyphenation: Option<HyphenationDef>,
    /// How far word spaces may stretch and shrink in justified text.
    #[serde(default)]
    pub justification: Option<JustificationDef>,
    /// Fewest lines of a paragraph left alone at the top (widows) and bottom (orphans) of a
    /// page.
    #[serde(default)]
    pub pagination: Option<PaginationDef>,
    /// List levels, from the outermost: the `numbered` pattern or `bullet`, `indent` and
    /// `hanging`.
    #[serde(default)]
    pub lists: Option<Vec<ListLevelDef>>,
    /// How tables are ruled and padded.
    #[serde(default)]
    pub tables: Option<TablesDef>,
    /// How footnotes are marked and separated from the text.
    #[serde(default)]
    pub footnotes: Option<FootnotesDef>,
    /// What the layout says about annexes.
    #[serde(default)]
    pub annexes: Option<AnnexesDef>,
    /// How links show on paper: their colour, and whether their URLs go in footnotes.
    #[serde(default)]
    pub links: Option<LinksDef>,
    /// Images in header and footer slots (an emblem, a logo).
    #[serde(default)]
    #[schemars(with = "Option<Vec<ImageDef>>")]
    pub images: Option<Vec<Spanned<ImageDef>>>,
    /// The job number's Code 39 bar code in a header or footer slot.
    #[serde(default)]
    #[schemars(with = "Option<BarcodeDef>")]
    pub barcode: Option<Spanned<BarcodeDef>>,
    /// PDF standard: `a-2a+ua-1` (default), `a-2a`, `a-2b`, `ua-1`, `a-3a+ua-1` or `none`.
    #[serde(default)]
    #[schemars(schema_with = "s::pdf_standard")]
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
#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MastheadDef {
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub organization: Option<Text>,
    #[serde(default)]
    pub emblem: Option<EmblemDef>,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub rule: Option<Text>,
}

/// The masthead's emblem: an image file beside the layout, its printed width and alt text.
#[derive(Debug, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmblemDef {
    #[schemars(with = "s::Text")]
    pub file: Text,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub width: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub alt: Option<Text>,
}

/// `paragraph-numbers:` — the number's pattern, where it hangs (`margin`: in the start
/// margin, the text where it would be; `indent`: at the text's start edge, the text moved in
/// by `hanging`), the room it hangs in, and the patterns of subparagraphs (a numbered list
/// right after a numbered paragraph), level by level.
#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ParagraphNumbersDef {
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub pattern: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<s::NumberPosition>")]
    pub position: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub hanging: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<Vec<s::Text>>")]
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
#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HeadingsDef {
    #[serde(default)]
    #[schemars(with = "Option<Vec<s::Text>>")]
    pub numbering: Option<Vec<Text>>,
}

/// What a language may change in a layout.
#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OverrideDef {
    #[serde(default)]
    pub fonts: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    #[schemars(schema_with = "s::styles")]
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
    #[schemars(with = "Option<Vec<ImageDef>>")]
    pub images: Option<Vec<Spanned<ImageDef>>>,
    #[serde(default)]
    #[schemars(with = "Option<BarcodeDef>")]
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
#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmphasisDef {
    #[serde(default)]
    #[schemars(with = "Option<s::EmphasisStyle>")]
    pub latin: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<s::EmphasisStyle>")]
    pub greek: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<s::EmphasisStyle>")]
    pub cyrillic: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<s::EmphasisStyle>")]
    pub arabic: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<s::EmphasisStyle>")]
    pub han: Option<Text>,
}

/// An image in a header or footer slot: its file (relative to the layout file), printed
/// width, slot (`header-left` … `footer-right`), pages (`first`, `all`, `rest`) and alt text.
#[derive(Debug, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageDef {
    #[schemars(with = "s::Text")]
    pub file: Text,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub width: Option<Text>,
    #[schemars(with = "s::Slot")]
    pub at: Text,
    #[serde(default)]
    #[schemars(with = "Option<s::PageSet>")]
    pub pages: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub alt: Option<Text>,
}

/// The job number's bar code: its slot (`footer-left` …), pages (`first`, `all`, `rest`), the
/// bars' height, the narrow element's width (`module`) and the wide-to-narrow `ratio`.
#[derive(Debug, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BarcodeDef {
    #[schemars(with = "s::Slot")]
    pub at: Text,
    #[serde(default)]
    #[schemars(with = "Option<s::PageSet>")]
    pub pages: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub height: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub module: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<f32>")]
    pub ratio: Option<Spanned<f32>>,
}

/// Typographic punctuation (`typography::apply`).
#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TypographyDef {
    /// Dashes, quotation marks, apostrophes and no-break spaces in the language's forms
    /// (default `true`); `false` prints the text exactly as written.
    #[serde(default)]
    pub smart_punctuation: Option<bool>,
    /// The quotation marks, four characters: outer opening, outer closing, inner opening,
    /// inner closing (`“”‘’`, `「」『』`); the language's own by default.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub quotes: Option<Text>,
    /// How dates are written: `un` (default) or `locale`.
    #[serde(default)]
    #[schemars(with = "Option<s::DateStyle>")]
    pub dates: Option<Text>,
}

/// How tables are ruled and padded.
#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TablesDef {
    /// Thickness of the rules above and below the table.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub rule: Option<Text>,
    /// Thickness of the rule below the header rows.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub header_rule: Option<Text>,
    #[serde(default)]
    pub vertical_rules: Option<bool>,
    /// Space between a cell's text and its edges.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub padding: Option<Text>,
    /// Whether a row taller than what is left of a page may split between its lines.
    #[serde(default)]
    pub split_rows: Option<bool>,
}

/// How links show on paper (`links:`).
#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LinksDef {
    /// The link text's colour, `#rrggbb` (default `#0b4f9c`, a dark blue).
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub color: Option<Text>,
    /// `inline` (default: the link text only) or `footnote` (the URL in a footnote when the
    /// link text is not the URL itself).
    #[serde(default)]
    #[schemars(with = "Option<s::LinkUrls>")]
    pub urls: Option<Text>,
}

/// What the layout says about annexes.
#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AnnexesDef {
    /// Whether consecutive paragraph numbers start again from 1 in each annex.
    #[serde(default)]
    pub restart_paragraph_numbers: Option<bool>,
}

/// How footnotes are marked and separated from the text.
#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FootnotesDef {
    /// `numbers` (1, 2, 3) or `symbols` (*, **, ***).
    #[serde(default)]
    #[schemars(with = "Option<s::NoteMarks>")]
    pub marks: Option<Text>,
    /// `document` (1, 2, 3 through it) or `page` (from 1, or `*`, on every page).
    #[serde(default)]
    #[schemars(with = "Option<s::NoteRestart>")]
    pub restart: Option<Text>,
    /// Length of the rule above the notes.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub separator: Option<Text>,
    /// Its thickness.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub rule: Option<Text>,
    /// Space between the text and the rule.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub space: Option<Text>,
}

#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PageDef {
    /// `A4`, `A5`, `Letter`, `Legal`; or give `width` and `height`.
    #[serde(default)]
    #[schemars(with = "Option<s::PageSize>")]
    pub size: Option<Text>,
    /// The page's width, with `height`, instead of a named `size` (`210mm`).
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub width: Option<Text>,
    /// The page's height, with `width`.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub height: Option<Text>,
    /// Margins: `top`, `bottom`, `start` and `end` (`left`/`right`, `inside`/`outside` too).
    #[serde(default)]
    pub margins: MarginsDef,
    /// From the top edge of the page to the header.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub header_distance: Option<Text>,
    /// From the bottom edge of the page to the footer.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub footer_distance: Option<Text>,
}

#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(transform = s::margin_aliases)]
pub struct MarginsDef {
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub top: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub bottom: Option<Text>,
    #[serde(default, alias = "left", alias = "inside")]
    #[schemars(with = "Option<s::Text>")]
    pub start: Option<Text>,
    #[serde(default, alias = "right", alias = "outside")]
    #[schemars(with = "Option<s::Text>")]
    pub end: Option<Text>,
}

#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StyleDef {
    /// A role from `fonts:` or a family name.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub font: Option<Text>,
    /// Font size: `11pt`.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub size: Option<Text>,
    /// Baseline-to-baseline distance: `14.5pt`.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub leading: Option<Text>,
    /// `normal` or `bold`.
    #[serde(default)]
    #[schemars(with = "Option<s::Weight>")]
    pub weight: Option<Text>,
    /// `normal` or `italic`.
    #[serde(default)]
    #[schemars(with = "Option<s::FontStyle>")]
    pub style: Option<Text>,
    /// `start`, `center`, `end` or `justify` (`left`/`right` are read as start/end).
    #[serde(default)]
    #[schemars(with = "Option<s::TextAlign>")]
    pub align: Option<Text>,
    /// Space above the paragraph.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub space_before: Option<Text>,
    /// Space below the paragraph.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub space_after: Option<Text>,
    /// Indent from the start margin (left in left-to-right text).
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub indent_start: Option<Text>,
    /// Indent from the end margin.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub indent_end: Option<Text>,
    /// Extra indent of a paragraph's first line.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub first_line_indent: Option<Text>,
    /// Keeps the paragraph on the page of the one after it (headings).
    #[serde(default)]
    pub keep_with_next: Option<bool>,
    /// `#rrggbb`.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
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

#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotsDef {
    /// Text of the left slot (right in a right-to-left edition).
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub left: Option<Text>,
    /// Text of the center slot.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub center: Option<Text>,
    /// Text of the right slot (left in a right-to-left edition).
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub right: Option<Text>,
}

#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FirstPageDef {
    #[serde(default)]
    pub header: Option<SlotsDef>,
    #[serde(default)]
    pub footer: Option<SlotsDef>,
}

#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HyphenationDef {
    /// Whether words are hyphenated (default true).
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Shortest word that is hyphenated, in letters.
    #[serde(default)]
    #[schemars(with = "Option<usize>")]
    pub min_word: Option<Spanned<usize>>,
    /// Fewest letters before a hyphen.
    #[serde(default)]
    #[schemars(with = "Option<usize>")]
    pub left: Option<Spanned<usize>>,
    /// Fewest letters after a hyphen.
    #[serde(default)]
    #[schemars(with = "Option<usize>")]
    pub right: Option<Spanned<usize>>,
    /// Most lines in a row that end with a hyphen.
    #[serde(default)]
    #[schemars(with = "Option<usize>")]
    pub max_consecutive: Option<Spanned<usize>>,
    /// Cost of a line ending in a hyphen (TeX's `\hyphenpenalty`).
    #[serde(default)]
    #[schemars(with = "Option<usize>")]
    pub penalty: Option<Spanned<usize>>,
    /// Fewest characters on the last line of a paragraph after a hyphenated line.
    #[serde(default)]
    #[schemars(with = "Option<usize>")]
    pub min_last_line: Option<Spanned<usize>>,
    /// Whether capitalised words (mostly proper nouns) may be hyphenated.
    #[serde(default)]
    pub capitalized: Option<bool>,
    /// Most hyphenated lines in a paragraph, as a share of its lines (`0.25`).
    #[serde(default)]
    #[schemars(with = "Option<f32>")]
    pub max_share: Option<Spanned<f32>>,
}

#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct JustificationDef {
    /// How far a word space may stretch, as a share of its width.
    #[serde(default)]
    #[schemars(with = "Option<f32>")]
    pub stretch: Option<Spanned<f32>>,
    /// How far a word space may shrink, as a share of its width.
    #[serde(default)]
    #[schemars(with = "Option<f32>")]
    pub shrink: Option<Spanned<f32>>,
    /// How loose a line may be before the paragraph is broken differently.
    #[serde(default)]
    #[schemars(with = "Option<f32>")]
    pub tolerance: Option<Spanned<f32>>,
}

#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaginationDef {
    /// Fewest lines of a paragraph at the top of a page.
    #[serde(default)]
    #[schemars(with = "Option<usize>")]
    pub widows: Option<Spanned<usize>>,
    /// Fewest lines of a paragraph at the bottom of a page.
    #[serde(default)]
    #[schemars(with = "Option<usize>")]
    pub orphans: Option<Spanned<usize>>,
}

#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListLevelDef {
    /// The number's pattern: `1.`, `(a)`, `(i)`, `a)`, `(一)`…
    #[serde(default)]
    pub numbered: Option<String>,
    /// The bullet: `•`, `–`…
    #[serde(default)]
    pub bullet: Option<String>,
    /// Where the item's text starts, from the start margin.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub indent: Option<Text>,
    /// Room for the marker, before the text.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub hanging: Option<Text>,
}
