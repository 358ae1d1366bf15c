//! Checks that need more than one stage: font coverage of every character an edition
//! prints, and structural parity between each edition and the original.

use std::collections::BTreeSet;
use std::path::Path;

use crate::compose::{Role, compose};
use crate::diag::{Diagnostic, Diagnostics, SourceRef};
use crate::edition::{Edition, SlotPiece};
use crate::fonts::FontBook;
use crate::layouts::{Layout, StyleName};
use crate::model::{Block, ColumnWidth, EditionSource, Inline, List, Report, notes_in};

/// An error for every character of the edition that no face in its style's chain can draw.
pub fn fonts_cover(
    edition: &Edition,
    layout: &Layout,
    fonts: &FontBook,
    source: &EditionSource,
    layout_file: &Path,
) -> Diagnostics {
    // One error per character (or per run of them, such as a word in a script no font has),
    // at its first place, listing the others: an emoji used ten times is one thing to fix.
    let mut missing: Vec<(String, StyleName, Vec<SourceRef>)> = Vec::new();
    let mut check = |inlines: &[Inline], name: StyleName, at: &SourceRef| {
        let style = layout.style(name);
        for inline in inlines {
            let (bold, italic) = style.inline_face(inline.strong, inline.emphasised_as());
            let chain = fonts.chain(&style.families, bold, italic);
            let mut runs: Vec<String> = Vec::new();
            let mut run = String::new();
            for c in inline.text.chars() {
                let drawable =
                    c.is_whitespace() || c.is_control() || fonts.face_for(&chain, c).is_some();
                if drawable {
                    runs.extend((!run.is_empty()).then(|| std::mem::take(&mut run)));
                } else {
                    run.push(c);
                }
            }
            runs.extend((!run.is_empty()).then_some(run));
            for run in runs {
                match missing.iter_mut().find(|(m, _, _)| *m == run) {
                    Some((_, _, places)) => {
                        if !places.contains(at) {
                            places.push(at.clone());
                        }
                    }
                    None => missing.push((run, name, vec![at.clone()])),
                }
            }
        }
    };
    let composed = compose(edition, layout);
    let notes = composed.notes.iter().map(|note| &note.para);
    for para in composed.paras().chain(notes) {
        check(&para.text, para.style, para.at.unwrap_or(&source.at));
        // List markers come from the layout; set in the item's style (a cell's, in a table).
        if let Some(item) = &para.item {
            let marker = [Inline {
                text: item.marker.clone(),
                ..Inline::default()
            }];
            check(&marker, para.style, &SourceRef::file(layout_file));
        }
        if let Some(number) = &para.number {
            let marker = [Inline {
                text: number.marker.clone(),
                ..Inline::default()
            }];
            check(&marker, para.style, &SourceRef::file(layout_file));
        }
        // A contents entry ends in dot leaders and a page number, in its own style.
        if matches!(para.role, Role::ContentsEntry(_)) {
            let number = [Inline {
                text: "0123456789.".to_string(),
                ..Inline::default()
            }];
            check(&number, para.style, &SourceRef::file(layout_file));
        }
    }
    let mut diags = Diagnostics::default();
    for (run, name, places) in missing {
        let first = &places[0];
        let others: Vec<String> = places[1..]
            .iter()
            .map(|p| match (p.file == first.file, p.line) {
                (_, 0) => p.file.display().to_string(),
                (true, line) => line.to_string(),
                (false, _) => p.to_string(),
            })
            .collect();
        let also = match others.as_slice() {
            [] => String::new(),
            [one] => format!("; it is also in the block at line {one}"),
            [rest @ .., last] => format!(
                "; it is also in the blocks at lines {} and {last}",
                rest.join(", ")
            ),
        };
        let codes = run
            .chars()
            .map(|c| format!("U+{:04X}", c as u32))
            .collect::<Vec<_>>()
            .join(" ");
        let what = if run.chars().count() == 1 {
            format!("{:?}", run.chars().next().unwrap_or_default())
        } else {
            format!("'{run}'")
        };
        let style = layout.style(name);
        let c = run.chars().next().unwrap_or_default();
        diags.push(
            Diagnostic::error(
                first.clone(),
                format!(
                    "edition `{}`: no font can draw {what} ({codes}){also}",
                    edition.lang.tag
                ),
            )
            .with_culprit(run.clone())
            .with_hint(format!(
                "{}add a font that has it with --font-dir or to the layout's `fonts` (style `{}` uses {})",
                script_hint(c),
                name.key(),
                style.families.join(", ")
            )),
        );
    }
    diags
}

/// What the shipped fonts lack, for the characters newcomers most often type: emoji, and
/// scripts other than Latin, Greek, Cyrillic, Arabic and Chinese.
fn script_hint(c: char) -> &'static str {
    match c as u32 {
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0xFE0F => {
            "the shipped fonts have no emoji: write the word instead, or "
        }
        0x0900..=0x097F => "the shipped fonts have no Devanagari (Hindi); ",
        0x0980..=0x0DFF => "the shipped fonts have no Indic scripts; ",
        0x0590..=0x05FF => "the shipped fonts have no Hebrew; ",
        0x0E00..=0x0E7F => "the shipped fonts have no Thai; ",
        0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => {
            "the shipped fonts have no Hangul (Korean); "
        }
        0x3040..=0x30FF => "the shipped fonts have no kana (Japanese); ",
        _ => "",
    }
}

/// An error for every character a header or footer of the edition prints (the template's
/// own text and what `{title}`, `{symbol}`, `{date}`, `{original}`, `{page}` fill in) that no
/// face of the header or footer style can draw.
pub fn furniture_cover(
    edition: &Edition,
    layout: &Layout,
    fonts: &FontBook,
    layout_file: &Path,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut seen = BTreeSet::new();
    let places = [
        ("header", StyleName::Header, Some(&layout.header)),
        ("footer", StyleName::Footer, Some(&layout.footer)),
        (
            "first-page header",
            StyleName::Header,
            layout.first_header.as_ref(),
        ),
        (
            "first-page footer",
            StyleName::Footer,
            layout.first_footer.as_ref(),
        ),
        (
            "even-page header",
            StyleName::Header,
            layout.even_header.as_ref(),
        ),
        (
            "even-page footer",
            StyleName::Footer,
            layout.even_footer.as_ref(),
        ),
    ];
    for (place, name, slots) in places {
        let Some(slots) = slots else { continue };
        let style = layout.style(name);
        let chain = fonts.chain(&style.families, style.bold, style.italic);
        for (slot, template) in [
            ("left", &slots.left),
            ("center", &slots.center),
            ("right", &slots.right),
        ] {
            let text: String = edition
                .fill_slot(template)
                .into_iter()
                .map(|piece| match piece {
                    SlotPiece::Text(text) => text,
                    SlotPiece::Page | SlotPiece::Pages => "0123456789".to_string(),
                })
                .collect();
            for c in text.chars().filter(|c| !c.is_whitespace()) {
                let drawable = !c.is_control() && fonts.face_for(&chain, c).is_some();
                if !drawable && seen.insert((name, c)) {
                    diags.push(
                        Diagnostic::error(
                            SourceRef::file(layout_file),
                            format!(
                                "edition `{}`: the {place}'s {slot} slot `{template}` prints {c:?} (U+{:04X}); no font of style `{}` can draw it",
                                edition.lang.tag,
                                c as u32,
                                name.key()
                            ),
                        )
                        .with_hint(format!(
                            "style `{}` uses {}; add a font that has it with --font-dir or to the layout's `fonts`, or change the report's symbol or title",
                            name.key(),
                            layout.style(name).families.join(", ")
                        )),
                    );
                }
            }
        }
    }
    diags
}

/// A warning when the report gives a job that `layout` prints nowhere: no header or footer
/// slot says `{job}` or `{job-date}` and the layout places no bar code. (A layout that does
/// while the report gives no job is fine: the job furniture is off unless a report asks.)
pub fn job_shown(report: &Report, layout: &Layout, layout_name: &str) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let Some(job) = &report.job else {
        return diags;
    };
    let slots = [&layout.header, &layout.footer]
        .into_iter()
        .chain(&layout.first_header)
        .chain(&layout.first_footer)
        .chain(&layout.even_header)
        .chain(&layout.even_footer);
    let mut templates = slots.flat_map(|s| [&s.left, &s.center, &s.right]);
    let printed = templates.any(|t| t.contains("{job}") || t.contains("{job-date}"));
    if !printed && layout.barcode.is_none() {
        diags.push(
            Diagnostic::warning(
                job.at.clone(),
                format!("the report gives a job, but layout `{layout_name}` prints neither its number nor its bar code"),
            )
            .with_hint("use `{job}` and `{job-date}` in a header or footer slot and a `barcode:` section, as docs/format.md shows under \"Job number and bar code\""),
        );
    }
    diags
}

/// An error for every table whose fixed column widths leave the others no room in the
/// layout's text width (the other columns would be set a letter per line).
pub fn tables_fit(edition: &Edition, layout: &Layout) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let width = layout.text_width().0;
    for block in edition.content.blocks() {
        let Block::Table(table) = block else { continue };
        let fixed: f32 = table
            .columns
            .iter()
            .filter_map(|c| match c.width {
                ColumnWidth::Fixed(pt) => Some(pt.0),
                _ => None,
            })
            .sum();
        let others = table
            .columns
            .iter()
            .any(|c| !matches!(c.width, ColumnWidth::Fixed(_)));
        // Every other column needs room for a few letters: 18 pt each at the least.
        let room = if others { 18.0 } else { 0.0 };
        if fixed + room > width + 0.01 {
            diags.push(
                Diagnostic::error(
                    table.at.clone(),
                    format!(
                        "edition `{}`: the table's fixed columns take {fixed:.0}pt of a text width of {width:.0}pt{}",
                        edition.lang.tag,
                        if others { ", leaving the other columns no room" } else { "" }
                    ),
                )
                .with_hint("make some columns `fr` or `auto`, or narrower"),
            );
        }
    }
    diags
}

/// An error for every family a style of the layout names that no loaded font has: a
/// misspelt family would otherwise fall back to another font without a word.
pub fn families_exist(layout: &Layout, fonts: &FontBook, layout_file: &Path) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let known: BTreeSet<&str> = fonts.faces().iter().map(|f| f.family.as_str()).collect();
    // One error per family, naming every style that asks for it: a misspelling in `body`
    // is inherited by every style, and one cause deserves one message.
    let mut missing: Vec<(&str, Vec<&str>)> = Vec::new();
    for name in StyleName::ALL {
        for family in &layout.style(name).families {
            if fonts.has_family(family) {
                continue;
            }
            match missing.iter_mut().find(|(f, _)| f == family) {
                Some((_, styles)) => styles.push(name.key()),
                None => missing.push((family, vec![name.key()])),
            }
        }
    }
    for (family, styles) in missing {
        let near = crate::diag::did_you_mean(family, known.iter().copied())
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        let styles = styles
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ");
        diags.push(
            Diagnostic::error(
                SourceRef::new(layout_file, 1, 1),
                format!("the font family `{family}` is named by the style(s) {styles}, but no font has it"),
            )
            .with_culprit(family)
            .with_hint(format!(
                "{near}the families are {}; add fonts with --font-dir",
                known.iter().copied().collect::<Vec<_>>().join(", ")
            )),
        );
    }
    diags
}

/// One line per body block, the shape a translation must keep: kind, level, item counts,
/// and the footnotes it references.
fn outline_of(blocks: &[Block]) -> Vec<(String, SourceRef)> {
    fn items(l: &List) -> String {
        let mut s = format!(
            "{} list of {} items",
            if l.numbered { "numbered" } else { "bulleted" },
            l.items.len()
        );
        for (i, item) in l.items.iter().enumerate() {
            if let Some(sub) = &item.sublist {
                s.push_str(&format!(" (item {} has a sub-list: {})", i + 1, items(sub)));
            }
        }
        s
    }
    blocks
        .iter()
        .map(|b| match b {
            Block::Heading { level, at, .. } => (format!("heading of level {level}"), at.clone()),
            Block::Paragraph {
                at,
                numbered,
                label,
                ..
            } => (
                match (numbered, label) {
                    (true, Some(l)) => format!("numbered paragraph labelled `{}`", l.name),
                    (true, None) => "numbered paragraph".to_string(),
                    (false, _) => "paragraph".to_string(),
                },
                at.clone(),
            ),
            Block::Quote { at, .. } => ("quote".to_string(), at.clone()),
            Block::List(l) => (items(l), l.at.clone()),
            Block::Figure(f) => ("figure".to_string(), f.at.clone()),
            Block::Table(t) => (
                format!(
                    "table of {} columns, {} header rows and {} rows{}",
                    t.columns.len(),
                    t.header.len(),
                    t.rows.len(),
                    cell_contents(t)
                ),
                t.at.clone(),
            ),
            Block::PageBreak { at } => ("page break".to_string(), at.clone()),
            Block::Contents { levels, at } => (
                format!("contents of heading levels 1 to {levels}"),
                at.clone(),
            ),
        })
        .zip(blocks)
        .map(|((kind, at), block)| match footnotes(block) {
            0 => (kind, at),
            1 => (format!("{kind} with 1 footnote"), at),
            n => (format!("{kind} with {n} footnotes"), at),
        })
        .collect()
}

/// The shape of an edition's content: its body's blocks, then each annex (with the
/// footnotes of its title) and its blocks.
fn shape_of(content: &crate::model::Content) -> Vec<(String, SourceRef)> {
    let mut shape = outline_of(&content.body);
    for (i, annex) in content.annexes.iter().enumerate() {
        let kind = match notes_in(&annex.title).count() {
            0 => format!("start of annex {}", i + 1),
            n => format!("start of annex {} whose title has {n} footnotes", i + 1),
        };
        shape.push((kind, annex.at.clone()));
        shape.extend(outline_of(&annex.body));
    }
    shape
}

/// What a table's cells hold beyond one paragraph each, which a translation must keep too:
/// empty when every cell is one paragraph.
fn cell_contents(table: &crate::model::Table) -> String {
    let cells: Vec<_> = (table.header.iter().chain(&table.rows))
        .flat_map(|r| &r.cells)
        .collect();
    if cells.iter().all(|c| c.paras.len() == 1 && c.list.is_none()) {
        return String::new();
    }
    let paras: usize = cells.iter().map(|c| c.paras.len()).sum();
    let lists: Vec<String> = (cells.iter().enumerate())
        .filter_map(|(i, c)| {
            let l = c.list.as_ref()?;
            let kind = if l.numbered { "numbered" } else { "bulleted" };
            Some(format!(
                "cell {} a {kind} list of {} items",
                i + 1,
                l.items.len()
            ))
        })
        .collect();
    match lists.is_empty() {
        true => format!(" whose cells hold {paras} paragraphs"),
        false => format!(
            " whose cells hold {paras} paragraphs ({})",
            lists.join(", ")
        ),
    }
}

/// The footnotes a body block references, in its text, items, caption and cells.
fn footnotes(block: &Block) -> usize {
    fn in_list(l: &List) -> usize {
        (l.items.iter())
            .map(|i| notes_in(&i.text).count() + i.sublist.as_ref().map_or(0, in_list))
            .sum()
    }
    match block {
        Block::Heading { text, .. } | Block::Paragraph { text, .. } | Block::Quote { text, .. } => {
            notes_in(text).count()
        }
        Block::List(l) => in_list(l),
        Block::Figure(f) => notes_in(&f.caption).count(),
        Block::Table(t) => {
            let cells = t.header.iter().chain(&t.rows).flat_map(|r| &r.cells);
            let in_cell = |c: &crate::model::Cell| {
                c.paras.iter().map(|p| notes_in(p).count()).sum::<usize>()
                    + c.list.as_ref().map_or(0, in_list)
            };
            notes_in(&t.caption).count() + cells.map(in_cell).sum::<usize>()
        }
        Block::PageBreak { .. } | Block::Contents { .. } => 0,
    }
}

/// Warnings where an edition's structure differs from the original's: a missing translated
/// paragraph is the commonest error in a batch of editions.
pub fn parity(report: &Report) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let original = report
        .original
        .as_deref()
        .and_then(|o| {
            report
                .editions
                .iter()
                .find(|e| e.lang.eq_ignore_ascii_case(o))
        })
        .or(report.editions.first());
    let Some(original) = original else {
        return diags;
    };
    let reference = shape_of(&original.content);
    for edition in &report.editions {
        if std::ptr::eq(edition, original) {
            continue;
        }
        let this = shape_of(&edition.content);
        let first_difference = reference.iter().zip(&this).position(|(a, b)| a.0 != b.0);
        let at = match first_difference {
            Some(i) => Some((
                i,
                this[i].1.clone(),
                format!(
                    "block {} is a {} where the original `{}` has a {}",
                    i + 1,
                    this[i].0,
                    original.lang,
                    reference[i].0
                ),
            )),
            None if this.len() != reference.len() => {
                let i = this.len().min(reference.len());
                let at = this
                    .get(i)
                    .map(|b| b.1.clone())
                    .unwrap_or_else(|| edition.at.clone());
                Some((
                    i,
                    at,
                    format!(
                        "it has {} body blocks where the original `{}` has {}",
                        this.len(),
                        original.lang,
                        reference.len()
                    ),
                ))
            }
            None => None,
        };
        if let Some((_, at, what)) = at {
            diags.push(
                Diagnostic::warning(
                    at,
                    format!(
                        "edition `{}` differs from the original: {what}",
                        edition.lang
                    ),
                )
                .with_hint(
                    "a paragraph, list item or footnote may be missing from the translation",
                ),
            );
        }
        masthead_parity(original, edition, &mut diags);
    }
    diags
}

/// A warning where an edition's agenda item is another item than the original's, or where
/// one names an agenda item and the other does not: the masthead is the same in every edition.
fn masthead_parity(
    original: &crate::model::EditionSource,
    edition: &crate::model::EditionSource,
    diags: &mut Diagnostics,
) {
    let item = |e: &crate::model::EditionSource| e.content.agenda.as_ref().map(|a| a.item);
    if item(original) == item(edition) {
        return;
    }
    let show = |i: Option<u32>| i.map_or("no agenda item".to_string(), |i| format!("item {i}"));
    let at = (edition.content.agenda.as_ref())
        .map(|a| a.at.clone())
        .unwrap_or_else(|| edition.at.clone());
    diags.push(
        Diagnostic::warning(
            at,
            format!(
                "edition `{}` differs from the original: its masthead has {} where the original `{}` has {}",
                edition.lang,
                show(item(edition)),
                original.lang,
                show(item(original))
            ),
        )
        .with_hint("the agenda item's number is the same in every edition"),
    );
}
