//! Images in header and footer slots (an emblem, a logo): reading the files a layout names
//! (through `input`, confined to the layout's folder; a shipped layout's from the files
//! embedded beside it) and resolving each entry into a `LayoutImage` that fits its slot.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_saphyr::Spanned;

use super::def::{EmblemDef, ImageDef, LayoutDef, MastheadDef};
use super::{Band, Emblem, Layout, LayoutImage, Masthead, PageSet, Side, StyleName};
use crate::definition::{self, Text};
use crate::diag::{Diagnostic, Diagnostics};
use crate::input::{self, InputKind, Scope};
use crate::units::Pt;

/// The images a layout names, by path as resolved, or why one could not be read. A file
/// that does not exist is left out, for `resolve` to report where it is named.
pub type Loaded = BTreeMap<PathBuf, Result<Arc<[u8]>, String>>;

/// The slots an image may take, as written.
const SLOTS: [(&str, Band, Side); 6] = [
    ("header-left", Band::Header, Side::Left),
    ("header-center", Band::Header, Side::Center),
    ("header-right", Band::Header, Side::Right),
    ("footer-left", Band::Footer, Side::Left),
    ("footer-center", Band::Footer, Side::Center),
    ("footer-right", Band::Footer, Side::Right),
];

/// Reads every image `def` names (for any language). `file` is the layout file; a shipped
/// layout (`embedded`) names images shipped beside it in `layouts/`, embedded by build.rs.
pub(super) fn load(def: &LayoutDef, file: &Path, embedded: bool) -> Loaded {
    let mut loaded = Loaded::new();
    let lists = std::iter::once(&def.images).chain(def.languages.values().map(|o| &o.images));
    let emblems = std::iter::once(&def.masthead)
        .chain(def.languages.values().map(|o| &o.masthead))
        .flatten()
        .filter_map(|m| m.emblem.as_ref().map(|e| &e.file));
    // Confined to the layout's own folder: a layout is often shared, and what it names
    // should travel with it.
    let scope = Scope::folder_of(file);
    let files = lists.flatten().flatten().map(|entry| &entry.value.file);
    for named in files.chain(emblems) {
        let path = definition::image_path(file, &named.value);
        if loaded.contains_key(&path) {
            continue;
        }
        if embedded {
            let found = crate::assets::EMBEDDED_LAYOUTS
                .iter()
                .find(|(name, _)| Path::new("layouts").join(name) == path);
            if let Some((_, bytes)) = found {
                loaded.insert(path, Ok(Arc::from(*bytes)));
            }
        } else if path.exists() {
            let read = scope
                .admit(&path)
                .and_then(|()| input::read(&path, InputKind::Image));
            loaded.insert(path, read.map(Arc::from));
        }
    }
    loaded
}

/// The layout's images for one language (`defs`, the override's list or the layout's),
/// each checked against its file, its slot and the page; every problem reported at once.
pub(super) fn resolve(
    file: &Path,
    defs: &[Spanned<ImageDef>],
    loaded: &Loaded,
    layout: &Layout,
    diags: &mut Diagnostics,
) -> Vec<LayoutImage> {
    let mut images: Vec<LayoutImage> = Vec::new();
    for entry in defs {
        let def = &entry.value;
        let error = |diags: &mut Diagnostics, at: &Text, message: String| {
            diags.push(Diagnostic::error(definition::at(file, at), message));
        };
        let Some(&(_, band, side)) = SLOTS
            .iter()
            .find(|(name, ..)| name.eq_ignore_ascii_case(def.at.value.trim()))
        else {
            let expected = SLOTS.map(|(n, ..)| format!("`{n}`")).join(", ");
            let found = format!("`at` is `{}`; expected one of {expected}", def.at.value);
            error(diags, &def.at, found);
            continue;
        };
        let pages = match def
            .pages
            .as_ref()
            .map(|p| p.value.trim().to_ascii_lowercase())
        {
            None => PageSet::All,
            Some(p) if p == "all" => PageSet::All,
            Some(p) if p == "first" => PageSet::First,
            Some(p) if p == "rest" => PageSet::Rest,
            Some(_) => {
                let p = def.pages.as_ref().expect("matched Some");
                let found = format!(
                    "`pages` is `{}`; expected `first`, `all` or `rest`",
                    p.value
                );
                error(diags, p, found);
                continue;
            }
        };
        let path = definition::image_path(file, &def.file.value);
        let image = match loaded.get(&path) {
            Some(Ok(bytes)) => match crate::model::decode_image(&path, bytes) {
                Ok(image) => image,
                Err(e) => {
                    error(diags, &def.file, e);
                    continue;
                }
            },
            Some(Err(e)) => {
                error(diags, &def.file, format!("image: {e}"));
                continue;
            }
            None => {
                let found = format!("image `{}` does not exist", path.display());
                diags.push(
                    Diagnostic::error(definition::at(file, &def.file), found).with_hint(
                        "a layout's image is relative to the layout file, in its folder",
                    ),
                );
                continue;
            }
        };
        // Its natural size is its pixels at 96 per inch, as for figures.
        let natural = Pt(image.width as f32 * 0.75);
        let width = match &def.width {
            None => natural,
            Some(w) => match Pt::parse(&w.value) {
                Some(pt) if pt.0 > 0.0 => pt,
                _ => {
                    let found =
                        format!("`width` is `{}`; expected a length such as `20mm`", w.value);
                    error(diags, w, found);
                    continue;
                }
            },
        };
        let height = width * (image.height as f32 / image.width as f32);
        let sized_at = def.width.as_ref().unwrap_or(&def.file);
        let text_width = layout.text_width();
        if width > text_width {
            let found = format!(
                "the image is {} wide; expected at most the text width, {}",
                show(width),
                show(text_width)
            );
            error(diags, sized_at, found);
            continue;
        }
        // The header's line runs down from `header-distance` and is as tall as its tallest
        // image or text; the footer's runs up from its baseline. Neither may reach the text.
        let page = &layout.page;
        let (reach, room, margin) = match band {
            Band::Header => {
                let text = layout.style(StyleName::Header).size;
                (
                    page.header_distance + height.max(text),
                    page.margin_top,
                    "top",
                )
            }
            Band::Footer => (page.footer_distance + height, page.margin_bottom, "bottom"),
        };
        if reach > room {
            let found = format!(
                "the image is {} tall, so the {} reaches {} from the page edge, into the text area; expected at most the {margin} margin, {}",
                show(height),
                if band == Band::Header {
                    "header"
                } else {
                    "footer"
                },
                show(reach),
                show(room)
            );
            diags.push(
                Diagnostic::error(definition::at(file, sized_at), found)
                    .with_hint(format!("make it narrower, or the {margin} margin larger")),
            );
            continue;
        }
        // A slot holds text or one image on any page, so nothing is drawn over anything.
        let taken = [0, 1]
            .into_iter()
            .filter(|&i| pages.includes(i))
            .find_map(|i| {
                let on = if i == 0 {
                    "the first page"
                } else {
                    "later pages"
                };
                if !side.of(layout.slots_on(i, band)).trim().is_empty() {
                    return Some(format!("text on {on}"));
                }
                (images.iter())
                    .any(|other| {
                        other.band == band && other.side == side && other.pages.includes(i)
                    })
                    .then(|| format!("another image on {on}"))
            });
        if let Some(taken) = taken {
            let found = format!(
                "slot `{}` already holds {taken}; expected a free slot (a slot holds text or one image)",
                def.at.value.trim()
            );
            error(diags, &def.at, found);
            continue;
        }
        let alt = def.alt.as_ref().map(|a| a.value.trim().to_string());
        images.push(LayoutImage {
            image: Arc::new(image),
            width,
            height,
            band,
            side,
            pages,
            alt: alt.unwrap_or_default(),
        });
    }
    images
}

/// The layout's masthead for one language: the override's fields over the layout's; `None`
/// when neither asks for one. The emblem is read like a slot's image and must fit the text
/// width; a missing organisation name is empty (the masthead then starts with the symbol).
pub(super) fn masthead(
    file: &Path,
    def: Option<&MastheadDef>,
    over: Option<&MastheadDef>,
    loaded: &Loaded,
    layout: &Layout,
    diags: &mut Diagnostics,
) -> Option<Masthead> {
    if def.is_none() && over.is_none() {
        return None;
    }
    let field = |f: fn(&MastheadDef) -> Option<&Text>| over.and_then(f).or(def.and_then(f));
    let organization = field(|m| m.organization.as_ref())
        .map(|o| o.value.trim().to_string())
        .unwrap_or_default();
    let rule = match field(|m| m.rule.as_ref()) {
        None => Pt(1.5),
        Some(r) => match Pt::parse(&r.value) {
            Some(pt) if pt.0 >= 0.0 && pt.0 <= 12.0 => pt,
            _ => {
                let found = format!(
                    "`rule` is `{}`; expected a thickness from 0pt to 12pt such as `1.5pt`",
                    r.value
                );
                diags.push(Diagnostic::error(definition::at(file, r), found));
                Pt(1.5)
            }
        },
    };
    let emblem = (over.and_then(|m| m.emblem.as_ref()))
        .or(def.and_then(|m| m.emblem.as_ref()))
        .and_then(|e| emblem(file, e, loaded, layout, diags));
    Some(Masthead {
        organization,
        rule,
        emblem,
    })
}

/// The masthead's emblem, read and sized (its natural size by default), at most as wide as
/// the text and as tall as a quarter of the page.
fn emblem(
    file: &Path,
    def: &EmblemDef,
    loaded: &Loaded,
    layout: &Layout,
    diags: &mut Diagnostics,
) -> Option<Emblem> {
    let error = |diags: &mut Diagnostics, at: &Text, message: String| {
        diags.push(Diagnostic::error(definition::at(file, at), message));
    };
    let path = definition::image_path(file, &def.file.value);
    let image = match loaded.get(&path) {
        Some(Ok(bytes)) => match crate::model::decode_image(&path, bytes) {
            Ok(image) => image,
            Err(e) => {
                error(diags, &def.file, e);
                return None;
            }
        },
        Some(Err(e)) => {
            error(diags, &def.file, format!("emblem: {e}"));
            return None;
        }
        None => {
            let found = format!("emblem `{}` does not exist", path.display());
            error(diags, &def.file, found);
            return None;
        }
    };
    let width = match &def.width {
        None => Pt(image.width as f32 * 0.75),
        Some(w) => match Pt::parse(&w.value) {
            Some(pt) if pt.0 > 0.0 => pt,
            _ => {
                let found = format!("`width` is `{}`; expected a length such as `15mm`", w.value);
                error(diags, w, found);
                return None;
            }
        },
    };
    let height = width * (image.height as f32 / image.width as f32);
    let sized_at = def.width.as_ref().unwrap_or(&def.file);
    if width > layout.text_width() || height > layout.page.height * 0.25 {
        let found = format!(
            "the emblem is {} by {}; expected at most the text width, {}, and a quarter of the page's height",
            show(width),
            show(height),
            show(layout.text_width())
        );
        error(diags, sized_at, found);
        return None;
    }
    Some(Emblem {
        image: Arc::new(image),
        width,
        height,
        alt: (def.alt.as_ref())
            .map(|a| a.value.trim().to_string())
            .unwrap_or_default(),
    })
}

/// A length for messages: `595.28pt`.
fn show(pt: Pt) -> String {
    format!("{}pt", (pt.0 * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped_with(images: &str) -> Result<Layout, Diagnostics> {
        let file = Path::new("layouts/report-a4.yaml");
        let def: LayoutDef = definition::parse_yaml(file, images).unwrap();
        let loaded = super::super::LoadedLayout {
            file: file.into(),
            images: load(&def, file, true),
            def,
        };
        super::super::resolve(&loaded, "en")
    }

    #[test]
    fn a_shipped_layout_reads_only_files_embedded_beside_it() {
        // The lookup finds an embedded file (here a layout, which is no image)…
        let e = shipped_with("images:\n  - { file: report-letter.yaml, at: header-left }\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("report-a4.yaml:2:13") && e.contains("expected PNG or JPEG"),
            "{e}"
        );
        // …and nothing from the disk, even where a file of that name exists.
        let e =
            shipped_with("images:\n  - { file: ../tests/assets/emblem.png, at: header-left }\n")
                .unwrap_err()
                .to_string();
        assert!(
            e.contains("report-a4.yaml:2:13") && e.contains("does not exist"),
            "{e}"
        );
    }

    #[test]
    fn the_masthead_reads_its_emblem_and_reports_bad_fields_where_written() {
        let layout = shipped_with(
            "masthead:\n  organization: Org\n  emblem: { file: masthead-emblem.png, width: 16mm, alt: E }\nlanguages:\n  fr: { masthead: { organization: Organisation } }\n",
        )
        .unwrap();
        let m = layout.masthead.expect("asked for");
        assert_eq!(m.organization, "Org");
        let e = m.emblem.expect("embedded beside the shipped layouts");
        assert!((e.width.0 - Pt::from_mm(16.0).0).abs() < 0.01 && e.height.0 > 0.0);
        assert_eq!(e.alt, "E");
        let e = shipped_with("masthead:\n  rule: thick\n  emblem: { file: none.png }\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("report-a4.yaml:2:9") && e.contains("`rule` is `thick`"),
            "{e}"
        );
        assert!(
            e.contains("report-a4.yaml:3:19") && e.contains("does not exist"),
            "{e}"
        );
        assert!(shipped_with("name: x\n").unwrap().masthead.is_none());
    }
}
