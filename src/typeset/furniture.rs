//! Page furniture: header and footer slots with their placeholders filled, and the layout's
//! images and the job number's bar code in their slots, set as artifacts.

use super::flow::FlowBuilder;
use super::pages::{Line, Page, PlacedImage, Rule};
use crate::barcode::Code39;
use crate::edition::{Direction, SlotPiece};
use crate::layouts::{Align, Band, LayoutBarcode, Side, Slots, StyleName};
use crate::model::Inline;
use crate::units::Pt;

/// A slot's text on page `page` (from 0) of `pages`.
fn slot_text(template: &str, b: &FlowBuilder, page: usize, pages: usize) -> String {
    let text: String = b
        .edition
        .fill_slot(template)
        .into_iter()
        .map(|piece| match piece {
            SlotPiece::Text(text) => text,
            SlotPiece::Page => (page + 1).to_string(),
            SlotPiece::Pages => pages.to_string(),
        })
        .collect();
    text.trim().to_string()
}

/// Adds header and footer lines, and the layout's images in their slots, to page `index`
/// (from 0) of `count`.
pub fn add(page: &mut Page, index: usize, count: usize, b: &mut FlowBuilder) {
    let layout = b.layout;
    let header = layout.slots_on(index, Band::Header);
    let footer = layout.slots_on(index, Band::Footer);
    let top = layout.page.header_distance.0;
    // The header is one line from `header-distance` down, as tall as its tallest image (an
    // inline picture in Word's header paragraph): everything in it sits on one baseline.
    let tallest = (layout.images_on(index, Band::Header))
        .map(|i| i.height.0)
        .fold(layout.style(StyleName::Header).size.0, f32::max);
    let header_baseline = top + tallest;
    // A bar code in the footer takes its last lines: the footer's line rises above it.
    let footer_size = layout.style(StyleName::Footer).size;
    let footer_baseline = layout.page.height.0
        - layout.page.footer_distance.0
        - barcode_on(b, index, Band::Footer).map_or(0.0, |(code, _)| code.reach(footer_size).0);
    slots(
        page,
        b,
        header,
        StyleName::Header,
        header_baseline,
        index,
        count,
    );
    slots(
        page,
        b,
        footer,
        StyleName::Footer,
        footer_baseline,
        index,
        count,
    );
    for (band, baseline) in [
        (Band::Header, header_baseline),
        (Band::Footer, footer_baseline),
    ] {
        for image in layout.images_on(index, band) {
            let x = slot_x(b, image.side, image.width.0);
            page.images.push(PlacedImage {
                image: image.image.clone(),
                x: Pt(x),
                y: Pt(baseline - image.height.0),
                width: image.width,
                height: image.height,
                node: None,
            });
        }
        if let Some((barcode, code)) = barcode_on(b, index, band) {
            add_barcode(page, b, barcode, &code, band, baseline);
        }
    }
}

/// The layout's bar code and the symbol it draws on page `index` in `band`, if the report
/// gives a job and the layout places the code there.
fn barcode_on<'a>(
    b: &FlowBuilder<'a>,
    index: usize,
    band: Band,
) -> Option<(&'a LayoutBarcode, Code39)> {
    let barcode =
        (b.layout.barcode.as_ref()).filter(|c| c.band == band && c.pages.includes(index))?;
    let job = b.edition.job.as_ref()?;
    Some((barcode, Code39::new(&job.digits, barcode.ratio)?))
}

/// Draws `code`'s bars as filled rectangles under the band's line (`baseline`), and its
/// human-readable text under them, lined up as the bar code's slot lines up its text.
fn add_barcode(
    page: &mut Page,
    b: &mut FlowBuilder,
    barcode: &LayoutBarcode,
    code: &Code39,
    band: Band,
    baseline: f32,
) {
    let name = match band {
        Band::Header => StyleName::Header,
        Band::Footer => StyleName::Footer,
    };
    let style = crate::layouts::Style {
        align: Align::Start,
        ..b.layout.style(name).clone()
    };
    let module = barcode.module.0;
    let width = code.width() * module;
    let left = slot_x(b, barcode.side, width);
    let top = baseline + style.size.0 * LayoutBarcode::GAP;
    for (x, w) in code.bars() {
        page.bars.push(Rule {
            x: Pt(left + x * module),
            y: Pt(top),
            width: Pt(w * module),
            height: barcode.height,
        });
    }
    let inline = [Inline {
        text: code.text.clone(),
        ..Inline::default()
    }];
    let room = b.layout.text_width().0;
    let Some(line) = (b.lay_out(&inline, &style, false, (room, room)).into_iter()).next() else {
        return;
    };
    // Under the bars, lined up with them as the slot lines up its text: a left slot's text
    // starts where the bars start, a right slot's ends where they end.
    let side = mirrored(b, barcode.side);
    let x = match side {
        Side::Left => left,
        Side::Center => left + (width - line.width) / 2.0,
        Side::Right => left + width - line.width,
    };
    let mut runs = line.at_zero().runs;
    for run in &mut runs {
        run.x = Pt(run.x.0 + x);
    }
    page.artifacts.push(Line {
        node: 0,
        baseline: Pt(baseline) + barcode.reach(style.size),
        runs,
    });
}

/// The left edge of something `width` wide in slot `side`, mirrored in right-to-left
/// editions: what is written for the left goes right.
fn slot_x(b: &FlowBuilder, side: Side, width: f32) -> f32 {
    let left = b.layout.page.margin_start.0;
    let room = b.layout.text_width().0;
    match mirrored(b, side) {
        Side::Left => left,
        Side::Center => left + (room - width) / 2.0,
        Side::Right => left + room - width,
    }
}

/// The side a slot written for `side` takes on the page: right-to-left editions swap left
/// and right.
fn mirrored(b: &FlowBuilder, side: Side) -> Side {
    match (b.edition.lang.direction, side) {
        (Direction::Rtl, Side::Left) => Side::Right,
        (Direction::Rtl, Side::Right) => Side::Left,
        (_, side) => side,
    }
}

/// The width of a slot's text set on one line in `style`.
fn slot_width(b: &mut FlowBuilder, text: String, style: &crate::layouts::Style) -> f32 {
    let inline = [Inline {
        text,
        ..Inline::default()
    }];
    let room = b.layout.text_width().0 * 4.0;
    (b.lay_out(&inline, style, false, (room, room)).into_iter())
        .next()
        .map_or(0.0, |l| l.width)
}

/// Header and footer lines whose slots do not fit side by side in the text width with an em
/// between them (or a slot wider than the text): how many such lines the pages have (each is
/// an overfull line, as a body line that sticks out is), and one warning per band and
/// overflow, naming the slots, their text, the overflow in pt and the pages. A typesetter
/// shortens a running head that does not fit rather than have it cut or wrapped, which would
/// print a title that is not the document's or push the head into the text; so Folio sets
/// it as it is and says so.
pub fn overflows(b: &mut FlowBuilder, count: usize) -> (usize, Vec<String>) {
    let layout = b.layout;
    let width = layout.text_width().0;
    // Per band and colliding slots: overflow, the slots' texts, and the pages.
    let mut found: Vec<(String, &str, Vec<usize>)> = Vec::new();
    let mut lines = 0;
    let mut widths: std::collections::HashMap<(String, bool), f32> = Default::default();
    for index in 0..count {
        for band in [Band::Header, Band::Footer] {
            let name = match band {
                Band::Header => StyleName::Header,
                Band::Footer => StyleName::Footer,
            };
            let style = layout.style(name).clone();
            let em = style.size.0;
            let slots = layout.slots_on(index, band);
            let mut slot = |side: Side, template: &str| -> (f32, String) {
                let text = slot_text(template, b, index, count);
                let image = (layout.images_on(index, band))
                    .filter(|i| i.side == side)
                    .map(|i| i.width.0)
                    .fold(0.0, f32::max);
                if text.is_empty() {
                    return (image, String::new());
                }
                let key = (text.clone(), band == Band::Header);
                let w = match widths.get(&key) {
                    Some(&w) => w,
                    None => {
                        let w = slot_width(b, text.clone(), &style);
                        widths.insert(key, w);
                        w
                    }
                };
                (w.max(image), text)
            };
            let l = slot(Side::Left, &slots.left);
            let c = slot(Side::Center, &slots.center);
            let r = slot(Side::Right, &slots.right);
            let mut worst: Option<(f32, String)> = None;
            let mut over = |amount: f32, what: String| {
                if amount > 0.05 && worst.as_ref().is_none_or(|w| amount > w.0) {
                    worst = Some((amount, what));
                }
            };
            let show = |side: &str, (w, text): &(f32, String)| {
                let short: String = text.chars().take(40).collect();
                let more = if text.chars().count() > 40 { "…" } else { "" };
                format!("`{side}` slot (`{short}{more}`, {w:.1}pt)")
            };
            for (side, s) in [("left", &l), ("center", &c), ("right", &r)] {
                over(
                    s.0 - width,
                    format!("the {} is wider than the text", show(side, s)),
                );
            }
            if c.0 > 0.0 {
                let half = (width - c.0) / 2.0;
                for (side, s) in [("left", &l), ("right", &r)] {
                    if s.0 > 0.0 {
                        over(
                            s.0 + em - half,
                            format!("the {} runs into the {}", show(side, s), show("center", &c)),
                        );
                    }
                }
            } else if l.0 > 0.0 && r.0 > 0.0 {
                over(
                    l.0 + em + r.0 - width,
                    format!(
                        "the {} runs into the {}",
                        show("left", &l),
                        show("right", &r)
                    ),
                );
            }
            let Some((amount, what)) = worst else {
                continue;
            };
            lines += 1;
            let field = band_field(layout, index, band);
            let message = format!(
                "`{field}`: {what}: {amount:.1}pt too wide for the text width ({width:.1}pt) with an em between slots"
            );
            match found.iter_mut().find(|f| f.0 == message) {
                Some(f) => f.2.push(index),
                None => found.push((message, name.key(), vec![index])),
            }
        }
    }
    let warnings = found
        .into_iter()
        .map(|(message, style, pages)| {
            let first = pages[0] + 1;
            let last = pages[pages.len() - 1] + 1;
            let on = match pages.len() {
                1 => format!("page {first}"),
                n => format!("{n} pages from {first} to {last}"),
            };
            format!(
                "{message}, on {on}; shorten the text, make the `{style}` style smaller or move a placeholder to another slot"
            )
        })
        .collect();
    (lines, warnings)
}

/// The layout field that gives page `index`'s slots in `band`, for messages.
fn band_field(layout: &crate::layouts::Layout, index: usize, band: Band) -> &'static str {
    let (first, even) = match band {
        Band::Header => (layout.first_header.is_some(), layout.even_header.is_some()),
        Band::Footer => (layout.first_footer.is_some(), layout.even_footer.is_some()),
    };
    match (band, index) {
        (Band::Header, 0) if first => "first-page.header",
        (Band::Footer, 0) if first => "first-page.footer",
        (Band::Header, i) if i % 2 == 1 && even => "even-pages.header",
        (Band::Footer, i) if i % 2 == 1 && even => "even-pages.footer",
        (Band::Header, _) => "header",
        (Band::Footer, _) => "footer",
    }
}

fn slots(
    page: &mut Page,
    b: &mut FlowBuilder,
    slots: &Slots,
    name: StyleName,
    baseline: f32,
    index: usize,
    count: usize,
) {
    let layout = b.layout;
    let style = layout.style(name).clone();
    let width = layout.text_width().0;
    let left = layout.page.margin_start.0;
    // Right-to-left editions mirror the page: what is written for the left goes right.
    let (l, r) = match b.edition.lang.direction {
        Direction::Ltr => (&slots.left, &slots.right),
        Direction::Rtl => (&slots.right, &slots.left),
    };
    for (template, align) in [
        (l, Align::Start),
        (&slots.center, Align::Center),
        (r, Align::End),
    ] {
        let text = slot_text(template, b, index, count);
        if text.is_empty() {
            continue;
        }
        let inline = [Inline {
            text,
            ..Inline::default()
        }];
        let slot_style = crate::layouts::Style {
            align,
            ..style.clone()
        };
        let lines = b.lay_out(&inline, &slot_style, false, (width * 4.0, width * 4.0));
        let Some(line) = lines.into_iter().next() else {
            continue;
        };
        let x = match align {
            Align::Start => left,
            Align::Center => left + (width - line.width) / 2.0,
            _ => left + width - line.width,
        };
        let mut runs = line.at_zero().runs;
        for run in &mut runs {
            run.x = Pt(run.x.0 + x);
        }
        page.artifacts.push(Line {
            node: 0,
            baseline: Pt(baseline),
            runs,
        });
    }
}
