//! The PDF structure tree: `Pages::structure` mapped onto krilla tag groups, filled with marked content and link annotations in reading order.

use std::num::NonZeroU16;

use krilla::tagging::{
    Identifier, ListNumbering, Node, TableHeaderScope, Tag, TagGroup, TagKind, TagTree,
};

use super::PdfError;
use crate::typeset::pages::{StructKind, StructNode};

/// Collects, per structure element, its children in order: child elements (in structure
/// order) first, then the content drawn for it. Lines belong to leaves, so in practice an
/// element has one or the other.
pub(super) struct TagBuilder {
    kids: Vec<Vec<Kid>>,
    roots: Vec<usize>,
}

enum Kid {
    Element(usize),
    Leaf(Node),
}

impl TagBuilder {
    pub(super) fn new(structure: &[StructNode]) -> Result<TagBuilder, PdfError> {
        let mut kids: Vec<Vec<Kid>> = structure.iter().map(|_| Vec::new()).collect();
        let mut roots = Vec::new();
        for (index, node) in structure.iter().enumerate() {
            match node.parent {
                None => roots.push(index),
                Some(parent) if parent < index => kids[parent].push(Kid::Element(index)),
                Some(parent) => {
                    return Err(PdfError::Pages(format!(
                        "structure element {index} has parent {parent}, which does not come before it"
                    )));
                }
            }
        }
        Ok(TagBuilder { kids, roots })
    }

    /// Marked content drawn for element `node` (checked to be in range beforehand).
    pub(super) fn push_content(&mut self, node: usize, content: Identifier) {
        self.kids[node].push(Kid::Leaf(content.into()));
    }

    /// A link inside element `node`: the annotation, then the content it covers, as krilla
    /// and PDF/UA expect of a `Link` element.
    pub(super) fn push_link(
        &mut self,
        node: usize,
        annotation: Identifier,
        contents: Vec<Identifier>,
        alt: &str,
    ) {
        let tag = Tag::Link.with_alt_text(Some(alt.to_string()));
        let children = std::iter::once(annotation).chain(contents).map(Node::from);
        let group = TagGroup::with_children(tag, children.collect());
        self.kids[node].push(Kid::Leaf(group.into()));
    }

    pub(super) fn finish(self, structure: &[StructNode], lang: &str) -> TagTree {
        // Parents come before children, so building from the end finds every child done.
        let mut built: Vec<Option<TagGroup>> = structure.iter().map(|_| None).collect();
        for (index, kids) in self.kids.into_iter().enumerate().rev() {
            let children = kids
                .into_iter()
                .filter_map(|kid| match kid {
                    Kid::Element(child) => built[child].take().map(Node::from),
                    Kid::Leaf(node) => Some(node),
                })
                .collect();
            built[index] = Some(TagGroup::with_children(tag(&structure[index]), children));
        }
        let mut tree = TagTree::new().with_lang(Some(lang.to_string()));
        for root in self.roots {
            if let Some(group) = built[root].take() {
                tree.push(group);
            }
        }
        tree
    }
}

fn tag(node: &StructNode) -> TagKind {
    match node.kind {
        // krilla role-maps Title to P for PDF 1.7, which PDF/UA-1 accepts.
        StructKind::Title => Tag::Title.into(),
        StructKind::Paragraph => Tag::P.into(),
        StructKind::Heading(level) => {
            let level = NonZeroU16::new(u16::from(level.max(1))).unwrap_or(NonZeroU16::MIN);
            // PDF/UA-1 wants a title on every heading; krilla reports a missing one.
            Tag::Hn(level, Some(node.text.clone())).into()
        }
        StructKind::BlockQuote => Tag::BlockQuote.into(),
        StructKind::List { numbered } => Tag::L(if numbered {
            ListNumbering::Decimal
        } else {
            // Bullets are drawn as real label text inside `Lbl`.
            ListNumbering::None
        })
        .into(),
        StructKind::ListItem => Tag::LI.into(),
        StructKind::ListLabel => Tag::Lbl.into(),
        StructKind::ListBody => Tag::LBody.into(),
        StructKind::Table => Tag::Table.into(),
        StructKind::Caption => Tag::Caption.into(),
        StructKind::TableHead => Tag::THead.into(),
        StructKind::TableBody => Tag::TBody.into(),
        StructKind::TableRow => Tag::TR.into(),
        StructKind::TableHeaderCell => Tag::TH(TableHeaderScope::Column).into(),
        StructKind::TableRowHeaderCell => Tag::TH(TableHeaderScope::Row).into(),
        StructKind::TableCell => Tag::TD.into(),
        StructKind::Figure => Tag::Figure(Some(node.text.clone())).into(),
        StructKind::Note => Tag::Note.into(),
        StructKind::Contents => Tag::TOC.into(),
        StructKind::ContentsItem => Tag::TOCI.into(),
    }
}
