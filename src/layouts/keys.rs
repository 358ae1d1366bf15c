//! Every unknown key of a layout file at once. serde's `deny_unknown_fields` stops at the
//! first; this reads the file again as a generic tree with positions and walks it against the
//! field names of `LayoutDef` (kept in step with it by a test).

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::definition;
use crate::diag::{Diagnostic, Diagnostics};

/// A YAML value with the position of every map key.
#[derive(Debug)]
pub enum Node {
    Map(Vec<(Spanned<Key>, Node)>),
    Seq(Vec<Node>),
    Scalar,
}

/// A map key as text (numbers and booleans written as they read).
#[derive(Debug)]
pub struct Key(pub String);

/// What a layout file may hold at one place.
enum Schema {
    /// A map with these keys.
    Fields(&'static [(&'static str, Schema)]),
    /// A map whose keys are free (style names, roles, languages) and values follow the schema.
    MapOf(&'static Schema),
    SeqOf(&'static Schema),
    Any,
}

use Schema::{Any, Fields, MapOf, SeqOf};

const SLOTS: Schema = Fields(&[("left", Any), ("center", Any), ("right", Any)]);
const FIRST_PAGE: Schema = Fields(&[("header", SLOTS), ("footer", SLOTS)]);
const STYLE: Schema = Fields(&[
    ("font", Any),
    ("size", Any),
    ("leading", Any),
    ("weight", Any),
    ("style", Any),
    ("align", Any),
    ("space-before", Any),
    ("space-after", Any),
    ("indent-start", Any),
    ("indent-end", Any),
    ("first-line-indent", Any),
    ("keep-with-next", Any),
    ("color", Any),
]);
const MARGINS: Schema = Fields(&[
    ("top", Any),
    ("bottom", Any),
    ("start", Any),
    ("end", Any),
    ("left", Any),
    ("inside", Any),
    ("right", Any),
    ("outside", Any),
]);
const PAGE: Schema = Fields(&[
    ("size", Any),
    ("width", Any),
    ("height", Any),
    ("margins", MARGINS),
    ("header-distance", Any),
    ("footer-distance", Any),
]);
const HYPHENATION: Schema = Fields(&[
    ("enabled", Any),
    ("min-word", Any),
    ("left", Any),
    ("right", Any),
    ("max-consecutive", Any),
    ("penalty", Any),
    ("min-last-line", Any),
    ("capitalized", Any),
    ("max-share", Any),
]);
const JUSTIFICATION: Schema = Fields(&[("stretch", Any), ("shrink", Any), ("tolerance", Any)]);
const PAGINATION: Schema = Fields(&[("widows", Any), ("orphans", Any)]);
const LIST_LEVEL: Schema = Fields(&[
    ("numbered", Any),
    ("bullet", Any),
    ("indent", Any),
    ("hanging", Any),
]);
const TYPOGRAPHY: Schema = Fields(&[("smart-punctuation", Any), ("quotes", Any), ("dates", Any)]);
const PARAGRAPH_NUMBERS: Schema = Fields(&[
    ("pattern", Any),
    ("position", Any),
    ("hanging", Any),
    ("subparagraphs", Any),
]);
const HEADINGS: Schema = Fields(&[("numbering", Any)]);
const EMPHASIS: Schema = Fields(&[
    ("latin", Any),
    ("greek", Any),
    ("cyrillic", Any),
    ("arabic", Any),
    ("han", Any),
]);
const OVERRIDE: Schema = Fields(&[
    ("fonts", Any),
    ("styles", MapOf(&STYLE)),
    ("header", SLOTS),
    ("footer", SLOTS),
    ("first-page", FIRST_PAGE),
    ("even-pages", FIRST_PAGE),
    ("hyphenation", HYPHENATION),
    ("justification", JUSTIFICATION),
    ("lists", SeqOf(&LIST_LEVEL)),
    ("images", SeqOf(&IMAGE)),
    ("barcode", BARCODE),
    ("typography", TYPOGRAPHY),
    ("emphasis", EMPHASIS),
    ("paragraph-numbers", PARAGRAPH_NUMBERS),
    ("headings", HEADINGS),
    ("masthead", MASTHEAD),
]);
const MASTHEAD: Schema = Fields(&[
    ("organization", Any),
    (
        "emblem",
        Fields(&[("file", Any), ("width", Any), ("alt", Any)]),
    ),
    ("rule", Any),
]);
const IMAGE: Schema = Fields(&[
    ("file", Any),
    ("width", Any),
    ("at", Any),
    ("pages", Any),
    ("alt", Any),
]);
const BARCODE: Schema = Fields(&[
    ("at", Any),
    ("pages", Any),
    ("height", Any),
    ("module", Any),
    ("ratio", Any),
]);
const TABLES: Schema = Fields(&[
    ("rule", Any),
    ("header-rule", Any),
    ("vertical-rules", Any),
    ("padding", Any),
    ("split-rows", Any),
]);
const FOOTNOTES: Schema = Fields(&[
    ("marks", Any),
    ("restart", Any),
    ("separator", Any),
    ("rule", Any),
    ("space", Any),
]);
const ANNEXES: Schema = Fields(&[("restart-paragraph-numbers", Any)]);
const LINKS: Schema = Fields(&[("color", Any), ("urls", Any)]);
const LAYOUT: Schema = Fields(&[
    ("name", Any),
    ("page", PAGE),
    ("fonts", Any),
    ("font-dir", Any),
    ("styles", MapOf(&STYLE)),
    ("header", SLOTS),
    ("footer", SLOTS),
    ("first-page", FIRST_PAGE),
    ("even-pages", FIRST_PAGE),
    ("hyphenation", HYPHENATION),
    ("justification", JUSTIFICATION),
    ("pagination", PAGINATION),
    ("lists", SeqOf(&LIST_LEVEL)),
    ("tables", TABLES),
    ("footnotes", FOOTNOTES),
    ("annexes", ANNEXES),
    ("links", LINKS),
    ("images", SeqOf(&IMAGE)),
    ("barcode", BARCODE),
    ("pdf-standard", Any),
    ("languages", MapOf(&OVERRIDE)),
    ("typography", TYPOGRAPHY),
    ("masthead", MASTHEAD),
    ("paragraph-numbers", PARAGRAPH_NUMBERS),
    ("headings", HEADINGS),
    ("emphasis", EMPHASIS),
]);

/// An error for every key of `tree` (a layout file read as a generic tree) that the layout
/// format does not know, worded like serde's own.
pub fn unknown_keys(file: &Path, tree: &Node) -> Diagnostics {
    let mut diags = Diagnostics::default();
    walk(file, tree, &LAYOUT, &mut diags);
    diags
}

fn walk(file: &Path, node: &Node, schema: &Schema, diags: &mut Diagnostics) {
    match (schema, node) {
        (Fields(fields), Node::Map(entries)) => {
            for (key, value) in entries {
                match fields.iter().find(|(name, _)| *name == key.value.0) {
                    Some((_, inner)) => walk(file, value, inner, diags),
                    None => {
                        let expected: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
                        let d = Diagnostic::error(
                            definition::at(file, key),
                            format!(
                                "unknown field `{}`, expected one of {}",
                                key.value.0,
                                expected.join(", ")
                            ),
                        )
                        .with_culprit(key.value.0.clone());
                        let near =
                            crate::diag::did_you_mean(&key.value.0, expected.iter().copied());
                        diags.push(match near {
                            Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                            None => d,
                        });
                    }
                }
            }
        }
        (MapOf(inner), Node::Map(entries)) => {
            for (_, value) in entries {
                walk(file, value, inner, diags);
            }
        }
        (SeqOf(inner), Node::Seq(items)) => {
            for item in items {
                walk(file, item, inner, diags);
            }
        }
        _ => {}
    }
}

/// `errors` from reading a layout file, with serde's one "unknown field" replaced by every
/// unknown key `tree` has (when the file could be read as a tree at all).
pub fn with_all_unknown_keys(
    errors: Diagnostics,
    file: &Path,
    tree: Result<Node, Diagnostics>,
) -> Diagnostics {
    let Ok(tree) = tree else { return errors };
    let unknown = unknown_keys(file, &tree);
    if unknown.is_empty() {
        return errors;
    }
    let mut all = unknown;
    all.0.extend(
        errors
            .0
            .into_iter()
            .filter(|d| !d.message.starts_with("unknown field")),
    );
    all.sorted()
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_i128<E: de::Error>(self, _: i128) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_u128<E: de::Error>(self, _: u128) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Node>()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<Key>>()? {
                    entries.push((key, map.next_value::<Node>()?));
                }
                Ok(Node::Map(entries))
            }
        }
        d.deserialize_any(NodeVisitor)
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
                Ok(Key("~".to_string()))
            }
        }
        d.deserialize_any(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layouts::def::{
        AnnexesDef, EmphasisDef, FirstPageDef, HeadingsDef, HyphenationDef, ImageDef,
        JustificationDef, LayoutDef, ListLevelDef, MarginsDef, OverrideDef, PageDef, PaginationDef,
        ParagraphNumbersDef, SlotsDef, StyleDef, TypographyDef,
    };

    /// The fields serde expects for `T`, from its "unknown field" message.
    fn serde_fields<T: for<'de> Deserialize<'de> + fmt::Debug>() -> Vec<String> {
        let e = definition::parse_yaml::<T>(Path::new("t.yaml"), "zzz-unknown: 1\n").unwrap_err();
        let message = &e.0[0].message;
        let list = message
            .split("expected one of ")
            .nth(1)
            .or_else(|| message.split("expected ").nth(1))
            .unwrap_or_else(|| panic!("{message}"));
        let mut fields: Vec<String> = list
            .split(", ")
            .map(|f| f.trim_matches(|c| c == '`' || c == ' ').to_string())
            .collect();
        fields.sort();
        fields
    }

    fn schema_fields(schema: &Schema) -> Vec<String> {
        let mut fields: Vec<String> = match schema {
            Fields(fields) => fields.iter().map(|(n, _)| n.to_string()).collect(),
            _ => panic!("not a map of fields"),
        };
        fields.sort();
        fields
    }

    #[test]
    fn the_schema_matches_the_layout_types() {
        assert_eq!(serde_fields::<LayoutDef>(), schema_fields(&LAYOUT));
        assert_eq!(serde_fields::<OverrideDef>(), schema_fields(&OVERRIDE));
        assert_eq!(serde_fields::<PageDef>(), schema_fields(&PAGE));
        assert_eq!(serde_fields::<MarginsDef>(), schema_fields(&MARGINS));
        assert_eq!(serde_fields::<StyleDef>(), schema_fields(&STYLE));
        assert_eq!(serde_fields::<SlotsDef>(), schema_fields(&SLOTS));
        assert_eq!(serde_fields::<FirstPageDef>(), schema_fields(&FIRST_PAGE));
        assert_eq!(
            serde_fields::<HyphenationDef>(),
            schema_fields(&HYPHENATION)
        );
        assert_eq!(
            serde_fields::<JustificationDef>(),
            schema_fields(&JUSTIFICATION)
        );
        assert_eq!(serde_fields::<PaginationDef>(), schema_fields(&PAGINATION));
        assert_eq!(serde_fields::<ListLevelDef>(), schema_fields(&LIST_LEVEL));
        assert_eq!(serde_fields::<ImageDef>(), schema_fields(&IMAGE));
        assert_eq!(serde_fields::<TypographyDef>(), schema_fields(&TYPOGRAPHY));
        assert_eq!(serde_fields::<AnnexesDef>(), schema_fields(&ANNEXES));
        assert_eq!(
            serde_fields::<ParagraphNumbersDef>(),
            schema_fields(&PARAGRAPH_NUMBERS)
        );
        assert_eq!(serde_fields::<HeadingsDef>(), schema_fields(&HEADINGS));
        assert_eq!(serde_fields::<EmphasisDef>(), schema_fields(&EMPHASIS));
    }

    #[test]
    fn every_unknown_key_is_found_with_its_position() {
        let text = "pagee: {}\nstyles:\n  body: { sise: 1pt }\nhyphenation: { lef: 1 }\nlists:\n  - { indnt: 2pt }\nlanguages:\n  ar:\n    page: {}\n    styles: { title: { wieght: bold } }\npage:\n  margins: { left: 1pt, middle: 2pt }\n";
        let tree: Node = definition::parse_yaml(Path::new("l.yaml"), text).unwrap();
        let diags = unknown_keys(Path::new("l.yaml"), &tree);
        let found: Vec<String> = diags.0.iter().map(|d| d.to_string()).collect();
        assert_eq!(found.len(), 7, "{found:#?}");
        for (place, key) in [
            ("l.yaml:1:1", "pagee"),
            ("l.yaml:3:11", "sise"),
            ("l.yaml:4:16", "lef"),
            ("l.yaml:6:7", "indnt"),
            ("l.yaml:9:5", "page"),
            ("l.yaml:10:24", "wieght"),
            ("l.yaml:12:25", "middle"),
        ] {
            assert!(
                found
                    .iter()
                    .any(|f| f.contains(place) && f.contains(&format!("`{key}`"))),
                "{place} {key}: {found:#?}"
            );
        }
    }
}
