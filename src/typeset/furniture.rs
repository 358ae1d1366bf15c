//! Page furniture: header and footer slots with their placeholders filled, set as artifacts.

use super::flow::FlowBuilder;
use super::pages::{Line, Page};
use crate::edition::{Direction, SlotPiece};
use crate::layouts::{Align, Slots, StyleName};
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

/// Adds header and footer lines to page `index` (from 0) of `count`.
pub fn add(page: &mut Page, index: usize, count: usize, b: &mut FlowBuilder) {
    let layout = b.layout;
    let first = index == 0;
    let header = first
        .then_some(layout.first_header.as_ref())
        .flatten()
        .unwrap_or(&layout.header);
    let footer = first
        .then_some(layout.first_footer.as_ref())
        .flatten()
        .unwrap_or(&layout.footer);
    let header_top = layout.page.header_distance.0;
    let footer_bottom = layout.page.height.0 - layout.page.footer_distance.0;
    slots(
        page,
        b,
        header,
        StyleName::Header,
        header_top,
        index,
        count,
        true,
    );
    slots(
        page,
        b,
        footer,
        StyleName::Footer,
        footer_bottom,
        index,
        count,
        false,
    );
}

#[allow(clippy::too_many_arguments)]
fn slots(
    page: &mut Page,
    b: &mut FlowBuilder,
    slots: &Slots,
    name: StyleName,
    edge: f32,
    index: usize,
    count: usize,
    top: bool,
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
        let baseline = if top { edge + style.size.0 } else { edge };
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
