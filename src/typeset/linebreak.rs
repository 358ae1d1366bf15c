//! Knuth–Plass total-fit line breaking over a box/glue/penalty list, with fitness classes,
//! demerits for stacked hyphens, for two lines ending on the same word piece and for fitness
//! jumps, a cap on consecutive hyphenated lines and on a paragraph's share of them, ragged
//! costs for unjustified text, and an emergency pass that never leaves a line overfull
//! unless one unbreakable box is wider than the measure.

use super::LOOSE_RATIO;
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
    /// Most hyphenated lines a paragraph should have, as a share of its lines (at least one
    /// is always allowed): above it, the paragraph is broken again with dearer hyphens, as
    /// long as that makes no more lines loose (`LOOSE_RATIO`) and none looser than the
    /// loosest before.
    pub max_hyphen_share: f32,
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
/// Two lines in a row ending on the same piece of a word ("ins-" above "ins-") read as a
/// stutter; dearer than any other pair of hyphens.
const SAME_FRAGMENT_DEMERITS: f32 = 10000.0;
/// A line looser than the layout's tolerance, in the passes that accept one: dearer than any
/// other choice (a break at a tied one-letter word, `analyze::ONE_LETTER_TIE_COST`, or a
/// whole paragraph of lines within the tolerance), so that a paragraph which needs one loose
/// line gets that one and not a loose line wherever the looser pass finds it cheaper.
/// Justified text only: a ragged line's ratio measures its short edge, not its spaces.
const OVER_TOLERANCE_DEMERITS: f32 = 1e9;
/// A hyphen past `max_consecutive_hyphens`, taken only by a looser pass: a stack of three
/// hyphens reads better than a line spaced out past the tolerance.
const OVER_CAP_DEMERITS: f32 = 1e8;
/// A hyphenation point the layout withholds (`analyze::ItemKind::Penalty::last_resort`),
/// taken only by a looser pass, as dear as a stack of three hyphens: either beats a line
/// spaced out past the tolerance.
const LAST_RESORT_DEMERITS: f32 = 1e8;
/// What each retry adds to a hyphen's penalty when a paragraph has too many hyphens.
const SHARE_RETRY_PENALTIES: [f32; 3] = [100.0, 300.0, 1000.0];
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
    /// The word piece before the hyphen, for a hyphenated line.
    fragment: Option<std::ops::Range<usize>>,
    demerits: f32,
    ratio: f32,
    overfull: bool,
    /// Sums up to the first box after this break: what the next line starts from.
    after: Sums,
    prev: Option<usize>,
}

/// The best breaks for `items` (analysed from `text`); the last break is the paragraph's
/// forced end.
pub fn break_lines(items: &[Item], text: &str, params: &Params) -> Vec<Break> {
    let breaks = first_fit_pass(items, text, params);
    // Too many hyphens: dearer hyphens, while no line gets looser than the limit.
    let allowed = |breaks: &[Break]| {
        ((breaks.len() as f32 * params.max_hyphen_share).floor() as usize).max(1)
    };
    let hyphens = |breaks: &[Break]| breaks.iter().filter(|b| b.hyphenated).count();
    if hyphens(&breaks) <= allowed(&breaks) {
        return breaks;
    }
    // Over the justified lines but the last: the loosest ratio and how many are loose.
    let looseness = |breaks: &[Break]| {
        let lines = &breaks[..breaks.len().saturating_sub(1)];
        let loosest = lines.iter().map(|b| b.ratio).fold(0.0f32, f32::max);
        let loose = lines.iter().filter(|b| b.ratio > LOOSE_RATIO).count();
        (loosest, loose)
    };
    let (loosest, loose) = looseness(&breaks);
    let limit = loosest.max(LOOSE_RATIO).min(params.tolerance);
    let no_looser = |fewer: &[Break]| {
        let (l, n) = looseness(fewer);
        l <= limit && n <= loose
    };
    let mut best = breaks;
    for extra in SHARE_RETRY_PENALTIES {
        let dearer = Costs {
            extra_hyphen: extra,
        };
        match run(items, text, params, params.tolerance, false, dearer) {
            Some(fewer) if hyphens(&fewer) < hyphens(&best) && no_looser(&fewer) => {
                best = fewer;
                if hyphens(&best) <= allowed(&best) {
                    break;
                }
            }
            _ => {}
        }
    }
    best
}

/// The first pass that finds breaks: pass 1 is the layout's tolerance; pass 2 accepts loose
/// lines; pass 3 (emergency) accepts any stretch and, only when nothing else fits, an
/// overfull line.
fn first_fit_pass(items: &[Item], text: &str, params: &Params) -> Vec<Break> {
    for (tolerance, emergency) in [
        (params.tolerance, false),
        (params.tolerance.max(10.0), false),
        (f32::INFINITY, true),
    ] {
        if let Some(breaks) = run(items, text, params, tolerance, emergency, Costs::default()) {
            return breaks;
        }
    }
    Vec::new()
}

/// Costs added for one pass.
#[derive(Clone, Copy, Debug, Default)]
struct Costs {
    /// Added to every hyphen's penalty.
    extra_hyphen: f32,
}

/// The word piece that ends at a hyphenation penalty `b`: back to the glue before it.
fn fragment(items: &[Item], b: usize) -> std::ops::Range<usize> {
    let end = items[..b]
        .iter()
        .rev()
        .find(|i| i.kind == ItemKind::Box)
        .map_or(0, |i| i.range.end);
    let start = items[..b]
        .iter()
        .rev()
        .take_while(|i| !matches!(i.kind, ItemKind::Glue { .. }))
        .filter(|i| i.kind == ItemKind::Box)
        .last()
        .map_or(end, |i| i.range.start);
    start..end
}

fn run(
    items: &[Item],
    text: &str,
    params: &Params,
    tolerance: f32,
    emergency: bool,
    costs: Costs,
) -> Option<Vec<Break>> {
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
        fragment: None,
        demerits: 0.0,
        ratio: 0.0,
        overfull: false,
        after: Sums::default(),
        prev: None,
    }];
    let mut active: Vec<usize> = vec![0];

    for (b, item) in items.iter().enumerate() {
        let (penalty, flagged, last_resort) = match item.kind {
            ItemKind::Penalty {
                cost,
                flagged: true,
                last_resort,
            } if cost < f32::INFINITY => (cost + costs.extra_hyphen, true, last_resort),
            ItemKind::Penalty { cost, flagged, .. } if cost < f32::INFINITY => {
                (cost, flagged, false)
            }
            ItemKind::Glue { .. } if b > 0 && items[b - 1].kind == ItemKind::Box => {
                (0.0, false, false)
            }
            _ => continue,
        };
        // A hyphenation point the layout withholds: never in the first pass.
        if last_resort && tolerance <= params.tolerance {
            continue;
        }
        let forced = penalty == -f32::INFINITY;
        let extra = if matches!(item.kind, ItemKind::Penalty { .. }) {
            item.width
        } else {
            0.0
        };
        let piece = flagged.then(|| fragment(items, b));
        // Best new node per fitness class and per run of hyphens before it: a cheaper node
        // with a longer run must not hide one whose next line may still end in a hyphen
        // within `max_consecutive_hyphens`, or the first pass misses a paragraph it can set.
        let runs = params.max_consecutive_hyphens + 2;
        let mut best: Vec<Option<Node>> = vec![None; 4 * runs];
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
            // Hyphens stacked past the cap: never in the first pass; in the looser one, only
            // when the alternative is a line looser than the tolerance.
            let over_cap = flagged && hyphens > params.max_consecutive_hyphens && !emergency;
            if over_cap && tolerance <= params.tolerance {
                continue;
            }
            let badness = 100.0 * ratio.abs().powi(3);
            let mut demerits = (LINE_PENALTY + badness.min(10000.0)).powi(2);
            if ratio > params.tolerance && !params.ragged {
                demerits += OVER_TOLERANCE_DEMERITS;
            }
            if over_cap {
                demerits += OVER_CAP_DEMERITS;
            }
            if last_resort {
                demerits += LAST_RESORT_DEMERITS;
            }
            if penalty > 0.0 {
                demerits += penalty * penalty;
            } else if penalty > -f32::INFINITY {
                demerits -= penalty * penalty;
            }
            if flagged && node.flagged {
                demerits += DOUBLE_HYPHEN_DEMERITS;
                if let (Some(a), Some(b)) = (&piece, &node.fragment)
                    && text
                        .get(a.clone())
                        .is_some_and(|a| text.get(b.clone()) == Some(a))
                {
                    demerits += SAME_FRAGMENT_DEMERITS;
                }
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
            let slot = &mut best[fitness as usize * runs + hyphens.min(runs - 1)];
            if slot.as_ref().is_none_or(|n| total < n.demerits) {
                *slot = Some(Node {
                    item: b,
                    line: node.line + 1,
                    fitness,
                    hyphens,
                    flagged,
                    fragment: piece.clone(),
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
            best[runs] = Some(Node {
                item: b,
                line: node.line + 1,
                fitness: 1,
                hyphens: if flagged { node.hyphens + 1 } else { 0 },
                flagged,
                fragment: piece.clone(),
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

/// Whether some choice of breaks sets every line of a justified paragraph within
/// `params.tolerance` (no line stretched past it nor shrunk past its shrink) without ending
/// it on a piece shorter than `min_last_line` after a hyphen, using every break the items
/// offer: withheld hyphenation points, ties after one-letter words, capitalised words and
/// stacked hyphens included. An exhaustive search that ignores the breaker's costs, so that
/// the typography report tells a line the paragraph forces past the tolerance from one the
/// breaker chose.
pub fn fits_within_tolerance(items: &[Item], params: &Params) -> bool {
    let Some(end) = items.len().checked_sub(1) else {
        return true;
    };
    let mut sums = Vec::with_capacity(items.len() + 1);
    let mut total = Sums::default();
    for item in items {
        sums.push(total);
        if let ItemKind::Glue {
            stretch,
            shrink,
            fil,
        } = item.kind
        {
            total.width += item.width;
            total.stretch += stretch;
            total.shrink += shrink;
            total.fil += fil as u32;
        } else if item.kind == ItemKind::Box {
            total.width += item.width;
        }
    }
    sums.push(total);
    let breakable = |b: usize| match items[b].kind {
        ItemKind::Penalty { cost, .. } => cost < f32::INFINITY,
        ItemKind::Glue { .. } => b > 0 && items[b - 1].kind == ItemKind::Box,
        ItemKind::Box => false,
    };
    let forced = |b: usize| matches!(items[b].kind, ItemKind::Penalty { cost, .. } if cost == -f32::INFINITY);
    let flagged = |b: usize| matches!(items[b].kind, ItemKind::Penalty { flagged: true, .. });
    // reached[b]: a line can end at b with every line before it within the tolerance.
    let mut reached = vec![false; items.len()];
    let starts = std::iter::once(None).chain((0..items.len()).map(Some));
    for start in starts {
        let (after, target) = match start {
            None => (Sums::default(), params.first_width),
            Some(s) if reached[s] && s < end => (after_break(items, &sums, s), params.width),
            Some(_) => continue,
        };
        let from = start.map_or(0, |s| s + 1);
        for b in (from..items.len()).filter(|&b| breakable(b)) {
            let extra = match items[b].kind {
                ItemKind::Penalty { .. } => items[b].width,
                _ => 0.0,
            };
            let line = Sums {
                width: sums[b].width - after.width + extra,
                stretch: sums[b].stretch - after.stretch,
                shrink: sums[b].shrink - after.shrink,
                fil: sums[b].fil - after.fil,
            };
            let ratio = adjustment_ratio(&line, target, params);
            let stub = forced(b) && start.is_some_and(flagged) && line.width < params.min_last_line;
            if (-1.0..=params.tolerance).contains(&ratio) && !stub {
                reached[b] = true;
            }
            // No line runs past a forced break.
            if forced(b) {
                break;
            }
        }
    }
    reached[end]
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

    /// A word space: 4 wide, stretching by 2 and shrinking by 1.
    fn space() -> Item {
        Item {
            kind: ItemKind::Glue {
                stretch: 2.0,
                shrink: 1.0,
                fil: false,
            },
            width: 4.0,
            range: 0..0,
        }
    }

    fn word(width: f32) -> Item {
        Item {
            kind: ItemKind::Box,
            width,
            range: 0..0,
        }
    }

    fn words(widths: &[f32]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in widths.iter().enumerate() {
            if i > 0 {
                items.push(space());
            }
            items.push(word(w));
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
            max_hyphen_share: 1.0,
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
        let breaks = break_lines(&items, "", &params(100.0));
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
        let breaks = break_lines(&items, "", &params(100.0));
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
        let breaks = break_lines(&items, "", &params(100.0));
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
                        last_resort: false,
                    },
                    width: 3.0,
                    range: 0..0,
                });
            }
            items.push(word(13.0));
            if i % 3 == 2 {
                items.push(space());
            }
        }
        items.extend(words(&[10.0]).into_iter().skip(1));
        let breaks = break_lines(&items, "", &params(100.0));
        let mut run = 0;
        for b in &breaks {
            run = if b.hyphenated { run + 1 } else { 0 };
            assert!(run <= 2, "{breaks:?}");
        }
    }

    /// Words of two syllables ("insti", its boxes pointing into `text`), a hyphenation
    /// point between them, and what the text says.
    fn syllables(count: usize, widths: (f32, f32), same: bool) -> (Vec<Item>, String) {
        let mut items = Vec::new();
        let mut text = String::new();
        // Widths vary from word to word (a fixed pseudo-random sequence), as words do.
        let mut seed = 7u32;
        let mut vary = move |w: f32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            w * (0.6 + (seed >> 16) as f32 / 65536.0 * 0.8)
        };
        for i in 0..count {
            if i > 0 {
                items.push(Item {
                    kind: ItemKind::Glue {
                        stretch: 2.0,
                        shrink: 1.0,
                        fil: false,
                    },
                    width: 4.0,
                    range: text.len()..text.len() + 1,
                });
                text.push(' ');
            }
            let at = text.len();
            if same {
                text.push_str("insti");
            } else {
                text.push_str(&format!("{:03}ti", i % 1000));
            }
            items.push(Item {
                kind: ItemKind::Box,
                width: vary(widths.0),
                range: at..at + 3,
            });
            items.push(Item {
                kind: ItemKind::Penalty {
                    cost: 50.0,
                    flagged: true,
                    last_resort: false,
                },
                width: 3.0,
                range: at + 3..at + 3,
            });
            items.push(Item {
                kind: ItemKind::Box,
                width: vary(widths.1),
                range: at + 3..at + 5,
            });
        }
        items.extend(super::super::analyze::paragraph_end(text.len()));
        (items, text)
    }

    fn hyphenated(breaks: &[Break]) -> Vec<usize> {
        (0..breaks.len())
            .filter(|&i| breaks[i].hyphenated)
            .collect()
    }

    #[test]
    fn two_lines_do_not_end_on_the_same_piece_when_they_need_not() {
        let stacked = |b: &[Break]| {
            b.windows(2)
                .filter(|w| w[0].hyphenated && w[1].hyphenated)
                .count()
        };
        // The same widths; only the words' text differs.
        let (items, text) = syllables(120, (17.0, 11.0), false);
        let distinct = break_lines(&items, &text, &params(250.0));
        assert!(stacked(&distinct) > 0, "{:?}", hyphenated(&distinct));
        let (items, text) = syllables(120, (17.0, 11.0), true);
        let same = break_lines(&items, &text, &params(250.0));
        assert_eq!(stacked(&same), 0, "{:?}", hyphenated(&same));
    }

    #[test]
    fn too_many_hyphens_are_traded_for_no_looser_lines() {
        let looseness = |b: &[Break]| {
            let lines = &b[..b.len() - 1];
            (
                lines.iter().map(|b| b.ratio).fold(0.0f32, f32::max),
                lines.iter().filter(|b| b.ratio > LOOSE_RATIO).count(),
            )
        };
        let (items, text) = syllables(120, (12.0, 9.0), false);
        let free = break_lines(&items, &text, &params(200.0));
        let capped = break_lines(
            &items,
            &text,
            &Params {
                max_hyphen_share: 0.1,
                ..params(200.0)
            },
        );
        assert!(
            hyphenated(&capped).len() < hyphenated(&free).len(),
            "{} hyphens capped, {} free",
            hyphenated(&capped).len(),
            hyphenated(&free).len()
        );
        let ((worst_free, loose_free), (worst, loose)) = (looseness(&free), looseness(&capped));
        assert!(
            worst <= worst_free.max(LOOSE_RATIO) && loose <= loose_free,
            "{capped:?}"
        );
    }

    /// Every subset of the break opportunities of small paragraphs, tried one by one: the
    /// exhaustive search says a paragraph fits exactly when one of them keeps every line
    /// within the tolerance (and no stub after a hyphen on the last line).
    #[test]
    fn the_tolerance_search_agrees_with_trying_every_set_of_breaks() {
        let mut seed = 11u32;
        let mut next = move |n: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 16) % n
        };
        let mut fits_seen = [0, 0];
        for _ in 0..300 {
            // Up to 7 words of 2 syllables, some with a hyphenation point between them.
            let mut items = Vec::new();
            for w in 0..3 + next(5) {
                if w > 0 {
                    items.push(space());
                }
                items.push(word(8.0 + next(25) as f32));
                if next(2) == 0 {
                    items.push(Item {
                        kind: ItemKind::Penalty {
                            cost: 50.0,
                            flagged: true,
                            last_resort: next(2) == 0,
                        },
                        width: 3.0,
                        range: 0..0,
                    });
                    items.push(word(6.0 + next(10) as f32));
                }
            }
            items.extend(super::super::analyze::paragraph_end(0));
            let p = Params {
                min_last_line: 12.0,
                ..params(40.0 + next(40) as f32)
            };
            let end = items.len() - 1;
            let candidates: Vec<usize> = (1..end)
                .filter(|&b| match items[b].kind {
                    ItemKind::Penalty { cost, .. } => cost < f32::INFINITY,
                    ItemKind::Glue { fil, .. } => !fil && items[b - 1].kind == ItemKind::Box,
                    ItemKind::Box => false,
                })
                .collect();
            let mut brute = false;
            for mask in 0u32..1 << candidates.len() {
                let mut chosen: Vec<usize> = (0..candidates.len())
                    .filter(|i| mask & (1 << i) != 0)
                    .map(|i| candidates[i])
                    .collect();
                chosen.push(end);
                let mut start = 0;
                let mut ok = true;
                for (n, &b) in chosen.iter().enumerate() {
                    let mut line = Sums::default();
                    for it in &items[start..b] {
                        match it.kind {
                            ItemKind::Box => line.width += it.width,
                            ItemKind::Glue {
                                stretch,
                                shrink,
                                fil,
                            } => {
                                line.width += it.width;
                                line.stretch += stretch;
                                line.shrink += shrink;
                                line.fil += fil as u32;
                            }
                            ItemKind::Penalty { .. } => {}
                        }
                    }
                    if matches!(items[b].kind, ItemKind::Penalty { .. }) {
                        line.width += items[b].width;
                    }
                    let ratio = adjustment_ratio(&line, p.width, &p);
                    let after_hyphen = n > 0
                        && matches!(
                            items[chosen[n - 1]].kind,
                            ItemKind::Penalty { flagged: true, .. }
                        );
                    if !(-1.0..=p.tolerance).contains(&ratio)
                        || (b == end && after_hyphen && line.width < p.min_last_line)
                    {
                        ok = false;
                        break;
                    }
                    // The next line starts after the break and the glue that follows it.
                    start = b + 1;
                    while start < items.len() && !matches!(items[start].kind, ItemKind::Box) {
                        start += 1;
                    }
                }
                if ok {
                    brute = true;
                    break;
                }
            }
            assert_eq!(fits_within_tolerance(&items, &p), brute, "{items:?} {p:?}");
            fits_seen[brute as usize] += 1;
        }
        assert!(fits_seen[0] > 20 && fits_seen[1] > 20, "{fits_seen:?}");
    }

    /// A paragraph whose only way within the tolerance is a hyphenation point the layout
    /// withholds: the breaker takes it, though never where the layout's own points do.
    #[test]
    fn a_withheld_point_is_taken_only_to_stay_within_the_tolerance() {
        let point = |last_resort: bool| Item {
            kind: ItemKind::Penalty {
                cost: 50.0,
                flagged: true,
                last_resort,
            },
            width: 3.0,
            range: 0..0,
        };
        let build = |last_resort: bool| {
            let mut items = words(&[30.0, 30.0, 30.0, 24.0, 30.0, 30.0, 30.0]);
            // The fourth word (item 6) becomes 12 + 12 with a point between the halves.
            items[6].width = 12.0;
            items.insert(7, point(last_resort));
            items.insert(
                8,
                Item {
                    kind: ItemKind::Box,
                    width: 12.0,
                    range: 0..0,
                },
            );
            items
        };
        let p = params(120.0);
        let worst = |b: &[Break]| {
            b[..b.len() - 1]
                .iter()
                .map(|b| b.ratio)
                .fold(0.0f32, f32::max)
        };
        let hidden: Vec<Item> = build(true)
            .into_iter()
            .filter(|i| {
                !matches!(
                    i.kind,
                    ItemKind::Penalty {
                        last_resort: true,
                        ..
                    }
                )
            })
            .collect();
        let without = break_lines(&hidden, "", &p);
        assert!(worst(&without) > p.tolerance, "{without:?}");
        assert!(!fits_within_tolerance(&hidden, &p));
        let with = break_lines(&build(true), "", &p);
        assert!(worst(&with) <= p.tolerance, "{with:?}");
        assert!(with.iter().any(|b| b.hyphenated));
        // Where the layout's points are enough, a withheld one is not taken.
        let roomy = params(200.0);
        let items = build(true);
        let breaks = break_lines(&items, "", &roomy);
        assert!(worst(&breaks) <= roomy.tolerance && !breaks.iter().any(|b| b.hyphenated));
    }
}
