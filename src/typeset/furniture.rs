//! Page furniture: header and footer slots with their placeholders filled, and the layout's
//! images in their slots, set as artifacts.

use super::flow::FlowBuilder;
use super::pages::{Line, Page, PlacedImage};
use crate::edition::{Direction, SlotPiece};
use crate::layouts::{Align, Band, Side, Slots, StyleName};
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
    let footer_baseline = layout.page.height.0 - layout.page.footer_distance.0;
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
    }
}

/// The left edge of something `width` wide in slot `side`, mirrored in right-to-left
/// editions: what is written for the left goes right.
fn slot_x(b: &FlowBuilder, side: Side, width: f32) -> f32 {
    let left = b.layout.page.margin_start.0;
    let room = b.layout.text_width().0;
    let side = match (b.edition.lang.direction, side) {
        (Direction::Rtl, Side::Left) => Side::Right,
        (Direction::Rtl, Side::Right) => Side::Left,
        (_, side) => side,
    };
    match side {
        Side::Left => left,
        Side::Center => left + (room - width) / 2.0,
        Side::Right => left + room - width,
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
