//! Paragraph labels and `{para:label}` references: a label names one paragraph of its
//! edition, every reference names a numbered paragraph, and every edition has the same labels.

use std::collections::BTreeMap;
use std::path::Path;

use crate::definition::{self, Text};
use crate::diag::{Diagnostic, Diagnostics, SourceRef};

use super::{Block, EditionSource, Inline, Label, List, is_label, para_refs_in};

/// A paragraph's `label:` as written, or an error when it is no label.
pub(super) fn label(file: &Path, text: &Text, diags: &mut Diagnostics) -> Option<Label> {
    let name = text.value.trim();
    let at = definition::at(file, text);
    if !is_label(name) {
        diags.push(Diagnostic::error(
            at,
            format!("`label` is `{name}`; expected letters, digits, `-`, `_` or `.`, such as `costs` or `para-12`"),
        ));
        return None;
    }
    Some(Label {
        name: name.to_string(),
        at,
    })
}

/// Errors for a label given twice in one edition, a `{para:…}` naming no paragraph or one
/// without a number, and a `{para:` that is not a reference.
pub(super) fn check_references(body: &[Block], diags: &mut Diagnostics) {
    let mut labels: BTreeMap<&str, (&Label, bool)> = BTreeMap::new();
    for block in body {
        if let Block::Paragraph {
            label: Some(label),
            numbered,
            ..
        } = block
        {
            match labels.get(label.name.as_str()) {
                Some((first, _)) => diags.push(
                    Diagnostic::error(
                        label.at.clone(),
                        format!(
                            "the label `{}` is given twice; expected each label once in an edition",
                            label.name
                        ),
                    )
                    .with_hint(format!(
                        "it first labels the paragraph at line {}",
                        first.at.line
                    )),
                ),
                None => {
                    labels.insert(&label.name, (label, *numbered));
                }
            }
        }
    }
    for (runs, at) in texts(body) {
        for name in para_refs_in(runs) {
            let known: Vec<&str> = labels.keys().copied().collect();
            match labels.get(name) {
                None => diags.push(
                    Diagnostic::error(
                        at.clone(),
                        format!("`{{para:{name}}}` names no paragraph; expected the `label` of a paragraph of this edition"),
                    )
                    .with_hint(match known.is_empty() {
                        true => "give the paragraph `label: …` (`- paragraph: {text: …, label: …}`)".to_string(),
                        false => format!("the labels are {}", known.join(", ")),
                    }),
                ),
                Some((label, false)) => diags.push(
                    Diagnostic::error(
                        at.clone(),
                        format!("`{{para:{name}}}` names a paragraph without a number; expected a numbered paragraph"),
                    )
                    .with_hint(format!(
                        "set `paragraph-numbering: true` in the report, and keep the paragraph at line {} numbered",
                        label.at.line
                    )),
                ),
                Some(_) => {}
            }
        }
        if (runs.iter()).any(|r| !r.code && r.note.is_none() && r.text.contains("{para:")) {
            diags.push(Diagnostic::error(
                at.clone(),
                "found `{para:` that is not a reference; expected `{para:label}` with a label of letters, digits, `-`, `_` or `.`",
            ));
        }
    }
}

/// An error for each label that some editions give and another does not: `{para:label}`
/// must be the same paragraph's number in every edition.
pub(super) fn same_in_every_edition(editions: &[EditionSource], diags: &mut Diagnostics) {
    let labels_of = |e: &EditionSource| -> BTreeMap<String, SourceRef> {
        (e.content.body.iter())
            .filter_map(|b| match b {
                Block::Paragraph { label: Some(l), .. } => Some((l.name.clone(), l.at.clone())),
                _ => None,
            })
            .collect()
    };
    let all: Vec<_> = editions.iter().map(labels_of).collect();
    // Each label once, with the first edition that gives it.
    let mut union: BTreeMap<&str, (&EditionSource, &SourceRef)> = BTreeMap::new();
    for (edition, labels) in editions.iter().zip(&all) {
        for (name, at) in labels {
            union.entry(name).or_insert((edition, at));
        }
    }
    for (edition, labels) in editions.iter().zip(&all) {
        for (name, (other, at)) in &union {
            if !labels.contains_key(*name) {
                diags.push(
                    Diagnostic::error(
                        edition.at.clone(),
                        format!(
                            "edition `{}` has no paragraph labelled `{name}`; expected the same labels in every edition",
                            edition.lang
                        ),
                    )
                    .with_hint(format!(
                        "edition `{}` labels a paragraph `{name}` at {at}",
                        other.lang
                    )),
                );
            }
        }
    }
}

/// Every text value of the body with where its block was written.
fn texts(body: &[Block]) -> Vec<(&[Inline], &SourceRef)> {
    fn list<'a>(l: &'a List, out: &mut Vec<(&'a [Inline], &'a SourceRef)>) {
        for item in &l.items {
            out.push((&item.text, &item.at));
            if let Some(sub) = &item.sublist {
                list(sub, out);
            }
        }
    }
    let mut out = Vec::new();
    for block in body {
        match block {
            Block::Heading { text, at, .. }
            | Block::Paragraph { text, at, .. }
            | Block::Quote { text, at } => out.push((&text[..], at)),
            Block::List(l) => list(l, &mut out),
            Block::Figure(f) => out.push((&f.caption[..], &f.at)),
            Block::Table(t) => {
                out.push((&t.caption[..], &t.at));
                for cell in t.header.iter().chain(&t.rows).flat_map(|r| &r.cells) {
                    out.extend(cell.paras.iter().map(|p| (&p[..], &cell.at)));
                    if let Some(l) = &cell.list {
                        list(l, &mut out);
                    }
                }
            }
            Block::PageBreak { .. } | Block::Contents { .. } => {}
        }
    }
    out
}
