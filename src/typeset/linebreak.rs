//! Knuth–Plass total-fit line breaking over a box/glue/penalty list, with fitness classes,
//! demerits for stacked hyphens and fitness jumps, a cap on consecutive hyphenated lines,
//! ragged costs for unjustified text, and an emergency pass that never leaves a line
//! overfull unless one unbreakable box is wider than the measure.

use super::analyze::{Item, ItemKind};

/// What the breaker needs besides the items.
#[derive(Clone, Debug)]
pub struct Params {
    /// Width of the first line and of the others (a first-line indent makes them differ).
    pub first_width: f32,
    pub width: f32,
    /// Largest adjustment ratio accepted in the first pass.
    pub tolerance: f32,
    /// Unjustified text: spaces keep their width and badness measures the ragged edge.
    pub ragged: bool,
    pub max_consecutive_hyphens: usize,
    /// Centred text: the last line counts like the others, so lines come out of even length
    /// (a title of two lines breaks near the middle, not after its last word but one).
    pub balance: bool,
    /// Narrowest last line after a hyphenated one: a paragraph does not end on a word stub
    /// ("ники.") alone.
    pub min_last_line: f32,
}

/// One chosen break: the item it happens at, and the line that ends there.
#[derive(Clone, Debug, PartialEq)]
pub struct Break {
    pub item: usize,
    /// Adjustment ratio of the line ending here: 0 natural, 1 all stretch used, -1 all shrink.
    pub ratio: f32,
    pub hyphenated: bool,
    /// The line is wider than the measure (only when a single box is).
    pub overfull: bool,
}

const LINE_PENALTY: f32 = 10.0;
const DOUBLE_HYPHEN_DEMERITS: f32 = 3000.0;
const FITNESS_DEMERITS: f32 = 3000.0;
/// A hyphen on the second-last line leaves a word stub alone on the last one.
const FINAL_HYPHEN_DEMERITS: f32 = 5000.0;
/// Stretch a ragged line is measured against, as a fraction of the measure.
const RAGGED_STRETCH: f32 = 0.2;

#[derive(Clone, Copy, Debug, Default)]
struct Sums {
    width: f32,
    stretch: f32,
    shrink: f32,
    fil: u32,
}

#[derive(Clone, Debug)]
struct Node {
    item: usize,
    line: usize,
    fitness: u8,
    hyphens: usize,
    flagged: bool,
    demerits: f32,
    ratio: f32,
    overfull: bool,
    /// Sums up to the first box after this break: what the next line starts from.
    after: Sums,
    prev: Option<usize>,
}

/// The best breaks for `items`; the last break is the paragraph's forced end.
pub fn break_lines(items: &[Item], params: &Params) -> Vec<Break> {
    // Pass 1 is the layout's tolerance; pass 2 accepts loose lines; pass 3 (emergency)
    // accepts any stretch and, only when nothing else fits, an overfull line.
    for (tolerance, emergency) in [
        (params.tolerance, false),
        (params.tolerance.max(10.0), false),
        (f32::INFINITY, true),
    ] {
        if let Some(breaks) = run(items, params, tolerance, emergency) {
            return breaks;
        }
    }
    Vec::new()
}

fn run(items: &[Item], params: &Params, tolerance: f32, emergency: bool) -> Option<Vec<Break>> {
    let mut sums = Vec::with_capacity(items.len() + 1);
    let mut total = Sums::default();
    for item in items {
        sums.push(total);
        total.width +=
            item.width * matches!(item.kind, ItemKind::Box | ItemKind::Glue { .. }) as u8 as f32;
        if let ItemKind::Glue {
            stretch,
            shrink,
            fil,
        } = item.kind
        {
            total.stretch += stretch;
            total.shrink += shrink;
            total.fil += fil as u32;
        }
    }
    sums.push(total);

    let mut nodes = vec![Node {
        item: 0,
        line: 0,
        fitness: 1,
        hyphens: 0,
        flagged: false,
        demerits: 0.0,
        ratio: 0.0,
        overfull: false,
        after: Sums::default(),
        prev: None,
    }];
    let mut active: Vec<usize> = vec![0];

    for (b, item) in items.iter().enumerate() {
        let (penalty, flagged) = match item.kind {
            ItemKind::Penalty { cost, flagged } if cost < f32::INFINITY => (cost, flagged),
            ItemKind::Glue { .. } if b > 0 && items[b - 1].kind == ItemKind::Box => (0.0, false),
            _ => continue,
        };
        let forced = penalty == -f32::INFINITY;
        let extra = if matches!(item.kind, ItemKind::Penalty { .. }) {
            item.width
        } else {
            0.0
        };
        // Best new node per fitness class, from any active node.
        let mut best: [Option<Node>; 4] = Default::default();
        let mut keep = Vec::with_capacity(active.len());
        let mut last_dropped: Option<usize> = None;
        for &a in &active {
            let node = &nodes[a];
            let line = Sums {
                width: sums[b].width - node.after.width + extra,
                stretch: sums[b].stretch - node.after.stretch,
                shrink: sums[b].shrink - node.after.shrink,
                fil: sums[b].fil - node.after.fil,
            };
            let target = if node.line == 0 {
                params.first_width
            } else {
                params.width
            };
            let ratio = adjustment_ratio(&line, target, params);
            if ratio < -1.0 || forced {
                last_dropped = Some(a);
            } else {
                keep.push(a);
            }
            if ratio < -1.0 || ratio > tolerance {
                continue;
            }
            let hyphens = if flagged { node.hyphens + 1 } else { 0 };
            if flagged && hyphens > params.max_consecutive_hyphens && !emergency {
                continue;
            }
            let badness = 100.0 * ratio.abs().powi(3);
            let mut demerits = (LINE_PENALTY + badness.min(10000.0)).powi(2);
            if penalty > 0.0 {
                demerits += penalty * penalty;
            } else if penalty > -f32::INFINITY {
                demerits -= penalty * penalty;
            }
            if flagged && node.flagged {
                demerits += DOUBLE_HYPHEN_DEMERITS;
            }
            if forced && node.flagged {
                if line.width < params.min_last_line && !emergency {
                    continue;
                }
                demerits += FINAL_HYPHEN_DEMERITS;
            }
            let fitness = fitness_class(ratio);
            if fitness.abs_diff(node.fitness) > 1 {
                demerits += FITNESS_DEMERITS;
            }
            let total = node.demerits + demerits;
            let slot = &mut best[fitness as usize];
            if slot.as_ref().is_none_or(|n| total < n.demerits) {
                *slot = Some(Node {
                    item: b,
                    line: node.line + 1,
                    fitness,
                    hyphens,
                    flagged,
                    demerits: total,
                    ratio,
                    overfull: false,
                    after: after_break(items, &sums, b),
                    prev: Some(a),
                });
            }
        }
        active = keep;
        // Emergency: the active list would empty, so break overfull here from the last node.
        if emergency
            && active.is_empty()
            && best.iter().all(Option::is_none)
            && let Some(a) = last_dropped
        {
            let node = &nodes[a];
            best[1] = Some(Node {
                item: b,
                line: node.line + 1,
                fitness: 1,
                hyphens: if flagged { node.hyphens + 1 } else { 0 },
                flagged,
                demerits: node.demerits + 1e7,
                ratio: -1.0,
                overfull: true,
                after: after_break(items, &sums, b),
                prev: Some(a),
            });
        }
        for node in best.into_iter().flatten() {
            nodes.push(node);
            active.push(nodes.len() - 1);
        }
        if active.is_empty() {
            return None;
        }
    }

    // The forced end leaves only nodes at the last item; take the cheapest.
    let end = items.len().checked_sub(1)?;
    let best = active
        .iter()
        .copied()
        .filter(|&a| nodes[a].item == end)
        .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
    let mut breaks = Vec::new();
    let mut cursor = Some(best);
    while let Some(i) = cursor {
        let node = &nodes[i];
        if node.prev.is_none() {
            break;
        }
        breaks.push(Break {
            item: node.item,
            ratio: node.ratio,
            hyphenated: node.flagged,
            overfull: node.overfull,
        });
        cursor = node.prev;
    }
    breaks.reverse();
    Some(breaks)
}

fn adjustment_ratio(line: &Sums, target: f32, params: &Params) -> f32 {
    let shortfall = target - line.width;
    if line.fil > 0 && !params.balance {
        return if shortfall >= 0.0 {
            0.0
        } else if line.shrink > 0.0 {
            shortfall / line.shrink
        } else {
            -f32::INFINITY
        };
    }
    if params.ragged {
        // Spaces keep their width; a line is as bad as its ragged edge is long.
        return if shortfall >= 0.0 {
            shortfall / (target * RAGGED_STRETCH)
        } else {
            -f32::INFINITY
        };
    }
    if shortfall > 0.0 {
        if line.stretch > 0.0 {
            shortfall / line.stretch
        } else {
            f32::INFINITY
        }
    } else if shortfall < 0.0 {
        if line.shrink > 0.0 {
            shortfall / line.shrink
        } else {
            -f32::INFINITY
        }
    } else {
        0.0
    }
}

fn fitness_class(ratio: f32) -> u8 {
    if ratio < -0.5 {
        0
    } else if ratio <= 0.5 {
        1
    } else if ratio <= 1.0 {
        2
    } else {
        3
    }
}

/// Sums at the first box after break `b`: glue and penalties after a break vanish.
fn after_break(items: &[Item], sums: &[Sums], b: usize) -> Sums {
    let mut i = b;
    // A break at glue discards the glue itself; a break at a penalty starts after it.
    if i < items.len() {
        i += 1;
    }
    while i < items.len() && !matches!(items[i].kind, ItemKind::Box) {
        if matches!(items[i].kind, ItemKind::Penalty { cost, .. } if cost == -f32::INFINITY) {
            break;
        }
        i += 1;
    }
    sums[i]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(widths: &[f32]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in widths.iter().enumerate() {
            if i > 0 {
                items.push(Item {
                    kind: ItemKind::Glue {
                        stretch: 2.0,
                        shrink: 1.0,
                        fil: false,
                    },
                    width: 4.0,
                    range: 0..0,
                });
            }
            items.push(Item {
                kind: ItemKind::Box,
                width: w,
                range: 0..0,
            });
        }
        items.extend(super::super::analyze::paragraph_end(0));
        items
    }

    fn params(width: f32) -> Params {
        Params {
            first_width: width,
            width,
            tolerance: 2.0,
            ragged: false,
            max_consecutive_hyphens: 2,
            balance: false,
            min_last_line: 0.0,
        }
    }

    /// Natural width of each line between the chosen breaks.
    fn line_widths(items: &[Item], breaks: &[Break]) -> Vec<f32> {
        let mut start = 0;
        let mut out = Vec::new();
        for b in breaks {
            while start < items.len() && items[start].kind != ItemKind::Box {
                start += 1;
            }
            let w: f32 = items[start..b.item]
                .iter()
                .filter(|i| !matches!(i.kind, ItemKind::Penalty { .. }))
                .map(|i| i.width)
                .sum();
            out.push(w);
            start = b.item + 1;
        }
        out
    }

    #[test]
    fn every_line_fits_and_the_last_is_natural() {
        let items = words(&[
            20.0, 12.0, 21.0, 18.0, 17.0, 15.0, 12.0, 24.0, 19.0, 18.0, 13.0, 25.0, 16.0, 22.0,
            11.0, 14.0, 23.0, 17.0, 19.0, 12.0,
        ]);
        let breaks = break_lines(&items, &params(100.0));
        assert!(breaks.len() >= 3);
        assert!(
            breaks
                .iter()
                .all(|b| (-1.0..=2.0).contains(&b.ratio) && !b.overfull)
        );
        assert!(
            breaks.last().unwrap().ratio <= 0.0,
            "the last line is never stretched"
        );
        for (w, b) in line_widths(&items, &breaks).iter().zip(&breaks) {
            let shrink_room = 1.0 * 8.0;
            assert!(*w <= 100.0 + shrink_room || b.overfull, "{w}");
        }
    }

    #[test]
    fn total_fit_is_no_looser_than_first_fit() {
        let widths = [
            31.0, 12.0, 27.0, 8.0, 19.0, 44.0, 16.0, 23.0, 9.0, 35.0, 14.0, 28.0, 17.0, 40.0, 11.0,
            25.0, 30.0, 13.0, 22.0, 18.0, 36.0, 10.0, 26.0,
        ];
        // First fit: as many words as fit at natural width, then the next line.
        let (mut worst_first_fit, mut line, mut glues) = (0.0f32, 0.0f32, 0.0f32);
        for (i, &w) in widths.iter().enumerate() {
            let with = if line == 0.0 { w } else { line + 4.0 + w };
            if with > 100.0 {
                worst_first_fit = worst_first_fit.max((100.0 - line) / (2.0 * glues));
                (line, glues) = (w, 0.0);
            } else {
                glues += (line != 0.0) as u8 as f32;
                line = with;
            }
            let _ = i;
        }
        let items = words(&widths);
        let breaks = break_lines(&items, &params(100.0));
        let worst = breaks[..breaks.len() - 1]
            .iter()
            .map(|b| b.ratio.abs())
            .fold(0.0, f32::max);
        assert!(
            worst <= worst_first_fit,
            "total fit {worst} vs first fit {worst_first_fit}"
        );
    }

    #[test]
    fn a_box_wider_than_the_measure_is_the_only_overfull_line() {
        let items = words(&[20.0, 150.0, 20.0, 30.0]);
        let breaks = break_lines(&items, &params(100.0));
        assert_eq!(
            breaks.iter().filter(|b| b.overfull).count(),
            1,
            "{breaks:?}"
        );
    }

    #[test]
    fn consecutive_hyphens_are_capped() {
        // Many hyphenation points at every box: at most two hyphenated lines in a row.
        let mut items = Vec::new();
        for i in 0..40 {
            if i > 0 {
                items.push(Item {
                    kind: ItemKind::Penalty {
                        cost: 50.0,
                        flagged: true,
                    },
                    width: 3.0,
                    range: 0..0,
                });
            }
            items.push(Item {
                kind: ItemKind::Box,
                width: 13.0,
                range: 0..0,
            });
            if i % 3 == 2 {
                items.push(Item {
                    kind: ItemKind::Glue {
                        stretch: 2.0,
                        shrink: 1.0,
                        fil: false,
                    },
                    width: 4.0,
                    range: 0..0,
                });
            }
        }
        items.extend(words(&[10.0]).into_iter().skip(1));
        let breaks = break_lines(&items, &params(100.0));
        let mut run = 0;
        for b in &breaks {
            run = if b.hyphenated { run + 1 } else { 0 };
            assert!(run <= 2, "{breaks:?}");
        }
    }
}
