//! One language's resolved document: language, direction, script, and locale-formatted date and labels.

use std::sync::Arc;

use crate::model::Content;

/// Writing direction of an edition's paragraphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

/// The main script of an edition; decides fonts, breaking and hyphenation rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Han,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lang {
    /// The BCP 47 tag as written.
    pub tag: String,
    /// Lower-case primary subtag (`en`, `zh`).
    pub primary: String,
    pub direction: Direction,
    pub script: Script,
}

/// Everything a writer needs about one edition, content included.
#[derive(Clone, Debug)]
pub struct Edition {
    pub report_id: String,
    pub lang: Lang,
    pub content: Arc<Content>,
    pub symbol: Option<String>,
    /// The report date written out in this edition's language ("30 June 2017").
    pub date: Option<String>,
    /// "Original: English" in this edition's language, when the report names its original.
    pub original_label: Option<String>,
}

impl Edition {
    /// The title as plain text, for metadata and headers.
    pub fn title_text(&self) -> String {
        crate::model::plain_text(&self.content.title)
    }

    /// Author names as plain text, for metadata.
    pub fn author_names(&self) -> Vec<String> {
        self.content
            .authors
            .iter()
            .map(|a| crate::model::plain_text(&a.name))
            .collect()
    }
}
