//! XML patches for what docx-rs cannot express: default run language and direction, section `w:bidi`, the default Normal style, paragraph properties it lacks (`w:suppressAutoHyphens`, `w:keepNext` off), a figure's drawing run, image relationships and content types, footnotes (the part's content, `w:footnoteRef`, custom marks, `w:footnotePr`, the part's content type and relationships), `w:updateFields` for a table of contents, deterministic relationships, and the core/app property parts.
//!
//! Each patch is a string edit on an anchor that docx-rs 0.4.22 writes verbatim. A missing anchor
//! is an error, never a silent no-op, so a docx-rs upgrade that changes its output fails the tests.

use std::fmt::Write as _;

/// A patch could not find the XML it edits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("docx patch `{patch}`: anchor `{anchor}` not found")]
pub struct PatchError {
    pub patch: &'static str,
    pub anchor: &'static str,
}

fn missing(patch: &'static str, anchor: &'static str) -> PatchError {
    PatchError { patch, anchor }
}

/// Escapes text for XML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// The empty Normal style docx-rs always writes before the caller's styles.
const BUILTIN_NORMAL: &str = r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /><w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style>"#;
const NORMAL_OPEN: &str = r#"<w:style w:type="paragraph" w:styleId="Normal">"#;

/// Drops docx-rs's empty Normal style so the caller's own Normal is the only one, and marks it
/// as the default paragraph style.
pub fn replace_builtin_normal(styles: &str) -> Result<String, PatchError> {
    const NAME: &str = "replace_builtin_normal";
    let at = styles
        .find(BUILTIN_NORMAL)
        .ok_or_else(|| missing(NAME, "built-in Normal style"))?;
    let mut out = String::with_capacity(styles.len());
    out.push_str(&styles[..at]);
    out.push_str(&styles[at + BUILTIN_NORMAL.len()..]);
    let own = out
        .find(NORMAL_OPEN)
        .ok_or_else(|| missing(NAME, "caller's Normal style"))?;
    out.replace_range(
        own..own + NORMAL_OPEN.len(),
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal">"#,
    );
    Ok(out)
}

/// The language attributes of `w:lang`: `val` for Latin text, `eastAsia` and `bidi` when the
/// edition is written in Han or Arabic script.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LangAttrs {
    pub val: String,
    pub east_asia: Option<String>,
    pub bidi: Option<String>,
}

impl LangAttrs {
    fn element(&self) -> String {
        let mut out = format!(r#"<w:lang w:val="{}""#, escape(&self.val));
        if let Some(ea) = &self.east_asia {
            let _ = write!(out, r#" w:eastAsia="{}""#, escape(ea));
        }
        if let Some(bidi) = &self.bidi {
            let _ = write!(out, r#" w:bidi="{}""#, escape(bidi));
        }
        out.push_str(" />");
        out
    }
}

/// Adds `w:rtl` (right-to-left editions) and `w:lang` to the document default run properties,
/// so every run inherits them without direct formatting.
pub fn doc_defaults_run(styles: &str, lang: &LangAttrs, rtl: bool) -> Result<String, PatchError> {
    const NAME: &str = "doc_defaults_run";
    let mut extra = String::new();
    if rtl {
        extra.push_str("<w:rtl />");
    }
    extra.push_str(&lang.element());
    if let Some(at) = styles.find("</w:rPr></w:rPrDefault>") {
        let mut out = styles.to_owned();
        out.insert_str(at, &extra);
        return Ok(out);
    }
    let empty = "<w:rPrDefault><w:rPr /></w:rPrDefault>";
    let at = styles
        .find(empty)
        .ok_or_else(|| missing(NAME, "w:rPrDefault"))?;
    let mut out = styles.to_owned();
    out.replace_range(
        at..at + empty.len(),
        &format!("<w:rPrDefault><w:rPr>{extra}</w:rPr></w:rPrDefault>"),
    );
    Ok(out)
}

/// Turns off Word's automatic space between East Asian text and digits in the document
/// defaults (`w:autoSpaceDN`, on when absent), as the PDF sets "2017年6月30日" (the space
/// between East Asian and Latin text stays).
pub fn digits_against_ideographs(styles: &str) -> Result<String, PatchError> {
    const NAME: &str = "digits_against_ideographs";
    const SETTING: &str = r#"<w:autoSpaceDN w:val="0" />"#;
    let mut out = styles.to_owned();
    if let Some(at) = styles.find("<w:pPrDefault><w:pPr>") {
        let at = at + "<w:pPrDefault><w:pPr>".len();
        // Before the paragraph mark's run properties, which close a `w:pPr`.
        let end = styles[at..]
            .find("</w:pPr>")
            .ok_or_else(|| missing(NAME, "w:pPr"))?;
        let insert = styles[at..at + end]
            .find("<w:rPr")
            .map_or(at + end, |r| at + r);
        out.insert_str(insert, SETTING);
        return Ok(out);
    }
    let at = styles
        .find("</w:rPrDefault>")
        .ok_or_else(|| missing(NAME, "w:rPrDefault"))?
        + "</w:rPrDefault>".len();
    out.insert_str(
        at,
        &format!("<w:pPrDefault><w:pPr>{SETTING}</w:pPr></w:pPrDefault>"),
    );
    Ok(out)
}

/// The XML before and after the paragraph whose `w14:paraId` is `id` (a placeholder with no
/// nested paragraphs), so that the body can be written in its place without one more copy.
pub fn around_placeholder<'x>(
    document: &'x str,
    id: &str,
) -> Result<(&'x str, &'x str), PatchError> {
    const NAME: &str = "around_placeholder";
    let open = format!(r#"<w:p w14:paraId="{id}""#);
    let start = document
        .find(&open)
        .ok_or_else(|| missing(NAME, "placeholder paragraph"))?;
    // docx-rs always writes a paragraph's properties, so it is never an empty element.
    let end = document[start..]
        .find("</w:p>")
        .map(|close| start + close + "</w:p>".len())
        .ok_or_else(|| missing(NAME, "</w:p>"))?;
    Ok((&document[..start], &document[end..]))
}

/// Adds `w:suppressAutoHyphens` to the paragraph properties of each style in `ids`, so Word
/// and LibreOffice never hyphenate their paragraphs even with automatic hyphenation on.
pub fn suppress_auto_hyphens(styles: &str, ids: &[&str]) -> Result<String, PatchError> {
    const NAME: &str = "suppress_auto_hyphens";
    let mut out = styles.to_owned();
    for id in ids {
        let open = format!(r#"w:styleId="{id}">"#);
        let start = out.find(&open).ok_or_else(|| missing(NAME, "w:styleId"))?;
        let end = out[start..]
            .find("</w:style>")
            .map(|e| start + e)
            .ok_or_else(|| missing(NAME, "</w:style>"))?;
        let at = out[start..end]
            .find("</w:pPr>")
            .map(|e| start + e)
            .ok_or_else(|| missing(NAME, "style </w:pPr>"))?;
        out.insert_str(at, "<w:suppressAutoHyphens />");
    }
    Ok(out)
}

/// Appends `extra` (paragraph property elements) to the properties of a paragraph docx-rs
/// wrote: its first `</w:pPr>`, since docx-rs always writes a paragraph's properties.
pub fn paragraph_properties(paragraph: &mut String, extra: &str) -> Result<(), PatchError> {
    let at = paragraph
        .find("</w:pPr>")
        .ok_or_else(|| missing("paragraph_properties", "</w:pPr>"))?;
    paragraph.insert_str(at, extra);
    Ok(())
}

/// Appends `content` (runs) to a paragraph docx-rs wrote, before its closing `</w:p>`.
pub fn paragraph_content(paragraph: &mut String, content: &str) -> Result<(), PatchError> {
    let at = paragraph
        .rfind("</w:p>")
        .ok_or_else(|| missing("paragraph_content", "</w:p>"))?;
    paragraph.insert_str(at, content);
    Ok(())
}

/// Replaces the run whose only text is `marker` (written by docx-rs as
/// `<w:r><w:rPr /><w:t xml:space="preserve">marker</w:t></w:r>`) with `content`.
pub fn replace_run(part: &str, marker: &str, content: &str) -> Result<String, PatchError> {
    const NAME: &str = "replace_run";
    let text = part
        .find(&format!(">{marker}</w:t>"))
        .ok_or_else(|| missing(NAME, "marker run"))?;
    let start = part[..text]
        .rfind("<w:r>")
        .ok_or_else(|| missing(NAME, "<w:r>"))?;
    if part[start..text].contains("</w:r>") {
        return Err(missing(NAME, "<w:r> of the marker"));
    }
    let end = part[text..]
        .find("</w:r>")
        .map(|e| text + e + "</w:r>".len())
        .ok_or_else(|| missing(NAME, "</w:r>"))?;
    let mut out = String::with_capacity(part.len() + content.len());
    out.push_str(&part[..start]);
    out.push_str(content);
    out.push_str(&part[end..]);
    Ok(out)
}

/// Puts `content` (a run) at the start of a paragraph docx-rs wrote, right after its
/// properties (docx-rs always writes them).
pub fn paragraph_lead(paragraph: &mut String, content: &str) -> Result<(), PatchError> {
    const CLOSE: &str = "</w:pPr>";
    let at = paragraph
        .find(CLOSE)
        .ok_or_else(|| missing("paragraph_lead", CLOSE))?;
    paragraph.insert_str(at + CLOSE.len(), content);
    Ok(())
}

/// What `docx::text_run` writes for emphasis dots, which docx-rs cannot write.
pub const EMPHASIS_DOTS_STAND_IN: &str = "<w:specVanish />";

/// Turns the stand-ins for emphasis dots in runs docx-rs wrote into `w:em w:val="dot"`
/// (dots under the characters in horizontal East Asian text).
pub fn emphasis_marks(xml: &mut String) {
    if xml.contains(EMPHASIS_DOTS_STAND_IN) {
        *xml = xml.replace(EMPHASIS_DOTS_STAND_IN, r#"<w:em w:val="dot" />"#);
    }
}

/// Marks the paragraph's reference to footnote `id` as followed by its own mark
/// (`w:customMarkFollows`), which docx-rs cannot write: Word then prints the text after it
/// instead of a number, and does not count it among the numbered notes.
pub fn custom_note_mark(paragraph: &mut String, id: usize) -> Result<(), PatchError> {
    let reference = format!(r#"<w:footnoteReference w:id="{id}""#);
    if !paragraph.contains(&reference) {
        return Err(missing("custom_note_mark", "<w:footnoteReference w:id="));
    }
    *paragraph = paragraph.replace(
        &reference,
        &format!(r#"<w:footnoteReference w:customMarkFollows="1" w:id="{id}""#),
    );
    Ok(())
}

/// Fills docx-rs's empty footnotes part (`<w:footnotes ... />`, with every namespace the
/// paragraphs use declared) with `footnotes`, the `w:footnote` elements.
pub fn fill_footnotes(part: &str, footnotes: &str) -> Result<String, PatchError> {
    const NAME: &str = "fill_footnotes";
    let open = part
        .find("<w:footnotes ")
        .ok_or_else(|| missing(NAME, "<w:footnotes"))?;
    let close = part[open..]
        .find('>')
        .map(|e| open + e)
        .ok_or_else(|| missing(NAME, "<w:footnotes>"))?;
    if !part[..close].ends_with('/') || !part[close + 1..].trim().is_empty() {
        return Err(missing(NAME, "an empty <w:footnotes />"));
    }
    let start = part[..close - 1].trim_end().len();
    let mut out = String::with_capacity(part.len() + footnotes.len() + 16);
    out.push_str(&part[..start]);
    out.push('>');
    out.push_str(footnotes);
    out.push_str("</w:footnotes>");
    Ok(out)
}

/// Names the footnote separators (ids -1 and 0) in the settings and numbers notes 1, 2, 3
/// through the document, or from 1 on each page (`w:footnotePr`, before `w:compat` as the
/// schema orders the settings).
pub fn footnote_properties(settings: &str, each_page: bool) -> Result<String, PatchError> {
    const NAME: &str = "footnote_properties";
    let at = settings
        .find("<w:compat")
        .or_else(|| settings.rfind("</w:settings>"))
        .ok_or_else(|| missing(NAME, "w:compat"))?;
    let restart = if each_page { "eachPage" } else { "continuous" };
    let mut out = settings.to_owned();
    out.insert_str(
        at,
        &format!(
            concat!(
                r#"<w:footnotePr><w:numFmt w:val="decimal" /><w:numStart w:val="1" />"#,
                r#"<w:numRestart w:val="{}" /><w:footnote w:id="-1" />"#,
                r#"<w:footnote w:id="0" /></w:footnotePr>"#
            ),
            restart
        ),
    );
    Ok(out)
}

/// Adds an `Override` content type for the part `name` (`/word/footnotes.xml`), at the end.
pub fn override_content_type(
    types: &str,
    name: &str,
    content_type: &str,
) -> Result<String, PatchError> {
    let at = types
        .rfind("</Types>")
        .ok_or_else(|| missing("override_content_type", "</Types>"))?;
    let mut out = types.to_owned();
    out.insert_str(
        at,
        &format!(
            r#"<Override PartName="{}" ContentType="{}" />"#,
            escape(name),
            escape(content_type)
        ),
    );
    Ok(out)
}

/// A relationships part, written whole, of external hyperlinks `(id, target)` in order.
pub fn external_relationships<'a>(links: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    ));
    for (id, target) in links {
        let _ = write!(
            out,
            r#"<Relationship Id="{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="{}" TargetMode="External" />"#,
            escape(id),
            escape(target)
        );
    }
    out.push_str("</Relationships>");
    out
}

/// One relationship to add to a relationships part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub target: &'a str,
}

/// Adds internal relationships at the end of a relationships part (`sort_relationships`
/// orders them afterwards).
pub fn add_relationships(rels: &str, add: &[Relationship]) -> Result<String, PatchError> {
    const NAME: &str = "add_relationships";
    if add.is_empty() {
        return Ok(rels.to_owned());
    }
    let mut items = String::new();
    for r in add {
        let _ = write!(
            items,
            r#"<Relationship Id="{}" Type="{}" Target="{}" />"#,
            escape(r.id),
            escape(r.kind),
            escape(r.target)
        );
    }
    let mut out = rels.to_owned();
    if let Some(at) = out.rfind("</Relationships>") {
        out.insert_str(at, &items);
        return Ok(out);
    }
    // An empty `<Relationships ... />`.
    let open = out
        .find("<Relationships")
        .ok_or_else(|| missing(NAME, "<Relationships"))?;
    let close = out[open..]
        .find("/>")
        .map(|e| open + e)
        .ok_or_else(|| missing(NAME, "<Relationships />"))?;
    let start = out[..close].trim_end().len();
    out.replace_range(start..close + 2, &format!(">{items}</Relationships>"));
    Ok(out)
}

/// Adds a `Default` content type for each `(extension, content type)` the package does not
/// declare yet, after the last `Default` (the schema puts them before the overrides).
pub fn default_content_types(types: &str, add: &[(&str, &str)]) -> Result<String, PatchError> {
    const NAME: &str = "default_content_types";
    let mut out = types.to_owned();
    for (ext, content_type) in add {
        let declared = [
            format!(r#"Extension="{}""#, escape(ext)),
            format!(r#"Extension='{}'"#, escape(ext)),
        ];
        if declared.iter().any(|d| out.contains(d.as_str())) {
            continue;
        }
        let open = out.find("<Types").ok_or_else(|| missing(NAME, "<Types"))?;
        let after_open = open
            + out[open..]
                .find('>')
                .ok_or_else(|| missing(NAME, "<Types>"))?
            + 1;
        let at = match out.rfind("<Default ") {
            Some(d) => {
                d + out[d..]
                    .find('>')
                    .ok_or_else(|| missing(NAME, "<Default>"))?
                    + 1
            }
            None => after_open,
        };
        // After the element's end tag, if it has one.
        let at = match out[at..].starts_with("</Default>") {
            true => at + "</Default>".len(),
            false => at,
        };
        out.insert_str(
            at,
            &format!(
                r#"<Default Extension="{}" ContentType="{}" />"#,
                escape(ext),
                escape(content_type)
            ),
        );
    }
    Ok(out)
}

/// Marks the body's last section right-to-left (`w:bidi` in `w:sectPr`, before `w:docGrid` as
/// the schema orders it).
pub fn section_bidi(document: &str) -> Result<String, PatchError> {
    const NAME: &str = "section_bidi";
    let start = document
        .rfind("<w:sectPr")
        .ok_or_else(|| missing(NAME, "w:sectPr"))?;
    let end = document[start..]
        .find("</w:sectPr>")
        .map(|e| start + e)
        .ok_or_else(|| missing(NAME, "</w:sectPr>"))?;
    let at = document[start..end]
        .find("<w:docGrid")
        .map_or(end, |g| start + g);
    let mut out = document.to_owned();
    out.insert_str(at, "<w:bidi />");
    Ok(out)
}

/// Turns on automatic hyphenation with at most `limit` consecutive hyphenated lines,
/// right after `w:defaultTabStop` as the schema orders the settings.
pub fn auto_hyphenation(settings: &str, limit: usize) -> Result<String, PatchError> {
    const NAME: &str = "auto_hyphenation";
    let start = settings
        .find("<w:defaultTabStop")
        .ok_or_else(|| missing(NAME, "w:defaultTabStop"))?;
    let end = settings[start..]
        .find("/>")
        .map(|e| start + e + 2)
        .ok_or_else(|| missing(NAME, "/>"))?;
    let mut out = settings.to_owned();
    out.insert_str(
        end,
        &format!("<w:autoHyphenation /><w:consecutiveHyphenLimit w:val=\"{limit}\" />"),
    );
    Ok(out)
}

/// Asks Word to update the document's fields when it opens it (`w:updateFields`, before
/// `w:compat` as the schema orders the settings): a table of contents then shows Word's own
/// page numbers, which may differ from the PDF's.
pub fn update_fields(settings: &str) -> Result<String, PatchError> {
    // The schema's order puts it before the footnote properties and the compatibility ones.
    let at = settings
        .find("<w:footnotePr")
        .or_else(|| settings.find("<w:compat"))
        .ok_or_else(|| missing("update_fields", "w:compat"))?;
    let mut out = settings.to_owned();
    out.insert_str(at, r#"<w:updateFields w:val="true" />"#);
    Ok(out)
}

/// Asks Word to compress full-width punctuation (`w:characterSpacingControl
/// compressPunctuation`), as Chinese editions set it: of two adjacent marks (`：（`, `。」`),
/// one gives up its blank half, as the PDF sets them (`typeset::analyze`). Placed before
/// `w:updateFields`, `w:footnotePr` or `w:compat`, whichever comes first, as the schema
/// orders the settings.
pub fn compress_punctuation(settings: &str) -> Result<String, PatchError> {
    let at = ["<w:updateFields", "<w:footnotePr", "<w:compat"]
        .iter()
        .filter_map(|tag| settings.find(tag))
        .min()
        .ok_or_else(|| missing("compress_punctuation", "w:compat"))?;
    let mut out = settings.to_owned();
    out.insert_str(
        at,
        r#"<w:characterSpacingControl w:val="compressPunctuation" />"#,
    );
    Ok(out)
}

/// Sorts the `Relationship` elements of a relationships part by id (numbers compared as
/// numbers): docx-rs collects hyperlink relationships through a `HashMap`, so their order
/// changes from run to run.
pub fn sort_relationships(rels: &str) -> Result<String, PatchError> {
    const NAME: &str = "sort_relationships";
    let open = rels
        .find("<Relationships")
        .ok_or_else(|| missing(NAME, "<Relationships"))?;
    let body_start = open
        + rels[open..]
            .find('>')
            .ok_or_else(|| missing(NAME, "<Relationships>"))?
        + 1;
    if rels[..body_start].ends_with("/>") {
        return Ok(rels.to_owned());
    }
    let body_end = rels
        .rfind("</Relationships>")
        .ok_or_else(|| missing(NAME, "</Relationships>"))?;
    let mut items: Vec<&str> = Vec::new();
    let mut rest = &rels[body_start..body_end];
    while let Some(s) = rest.find("<Relationship ") {
        let e = rest[s..]
            .find("/>")
            .ok_or_else(|| missing(NAME, "Relationship />"))?;
        items.push(&rest[s..s + e + 2]);
        rest = &rest[s + e + 2..];
    }
    items.sort_by_key(|item| natural_key(attribute(item, "Id").unwrap_or("")));
    let mut out = String::with_capacity(rels.len());
    out.push_str(&rels[..body_start]);
    for item in items {
        out.push_str(item);
    }
    out.push_str(&rels[body_end..]);
    Ok(out)
}

fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let s = element.find(&key)? + key.len();
    let e = element[s..].find('"')?;
    Some(&element[s..s + e])
}

/// `rId10` after `rId9`: the text before the trailing digits, then the digits as a number.
fn natural_key(id: &str) -> (String, u64, String) {
    let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (head, tail) = id.split_at(id.len() - digits);
    (head.to_owned(), tail.parse().unwrap_or(0), id.to_owned())
}

/// The core properties part, written whole: docx-rs cannot set title or language and always
/// writes creation dates (the clock's, or 1970). Dates are left out: Folio has no stable
/// timestamp to put there, and both are optional in OPC.
pub fn core_properties(title: &str, creator: &str, language: &str) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>{}</dc:language>",
            "<cp:revision>1</cp:revision></cp:coreProperties>"
        ),
        escape(title),
        escape(creator),
        escape(language)
    )
}

/// The extended (app) properties part, written whole.
pub fn app_properties(application: &str) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" "#,
            r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
            "<Application>{}</Application></Properties>"
        ),
        escape(application)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_marker_run_only() {
        let part = r#"<w:p><w:r><w:rPr /><w:t xml:space="preserve">a</w:t></w:r><w:r><w:rPr /><w:t xml:space="preserve">M1</w:t></w:r><w:r><w:tab /></w:r></w:p>"#;
        assert_eq!(
            replace_run(part, "M1", "<w:r>X</w:r>").unwrap(),
            r#"<w:p><w:r><w:rPr /><w:t xml:space="preserve">a</w:t></w:r><w:r>X</w:r><w:r><w:tab /></w:r></w:p>"#
        );
        assert!(replace_run(part, "M2", "").is_err());
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape(r#"a<b & "c"'"#), "a&lt;b &amp; &quot;c&quot;&apos;");
    }

    #[test]
    fn replaces_builtin_normal() {
        let input = format!(
            "<w:styles><w:docDefaults /><{}<w:style w:type=\"paragraph\" w:styleId=\"Normal\"><w:name w:val=\"Normal\" /><w:rPr><w:sz w:val=\"22\" /></w:rPr></w:style></w:styles>",
            &BUILTIN_NORMAL[1..]
        );
        assert_eq!(
            replace_builtin_normal(&input).unwrap(),
            "<w:styles><w:docDefaults /><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\" /><w:rPr><w:sz w:val=\"22\" /></w:rPr></w:style></w:styles>"
        );
        assert_eq!(
            replace_builtin_normal("<w:styles />").unwrap_err().anchor,
            "built-in Normal style"
        );
    }

    #[test]
    fn adds_language_and_rtl_to_defaults() {
        let input = r#"<w:rPrDefault><w:rPr><w:sz w:val="22" /></w:rPr></w:rPrDefault>"#;
        let lang = LangAttrs {
            val: "ar".into(),
            east_asia: None,
            bidi: Some("ar".into()),
        };
        assert_eq!(
            doc_defaults_run(input, &lang, true).unwrap(),
            r#"<w:rPrDefault><w:rPr><w:sz w:val="22" /><w:rtl /><w:lang w:val="ar" w:bidi="ar" /></w:rPr></w:rPrDefault>"#
        );
        let zh = LangAttrs {
            val: "zh-Hans".into(),
            east_asia: Some("zh-Hans".into()),
            bidi: None,
        };
        assert_eq!(
            doc_defaults_run("<w:rPrDefault><w:rPr /></w:rPrDefault>", &zh, false).unwrap(),
            r#"<w:rPrDefault><w:rPr><w:lang w:val="zh-Hans" w:eastAsia="zh-Hans" /></w:rPr></w:rPrDefault>"#
        );
        assert!(doc_defaults_run("<w:styles />", &zh, false).is_err());
    }

    #[test]
    fn digits_sit_against_ideographs_in_the_paragraph_defaults() {
        assert_eq!(
            digits_against_ideographs(
                "<w:rPrDefault><w:rPr /></w:rPrDefault><w:pPrDefault><w:pPr><w:rPr /></w:pPr></w:pPrDefault>"
            )
            .unwrap(),
            r#"<w:rPrDefault><w:rPr /></w:rPrDefault><w:pPrDefault><w:pPr><w:autoSpaceDN w:val="0" /><w:rPr /></w:pPr></w:pPrDefault>"#
        );
        assert_eq!(
            digits_against_ideographs("<w:rPrDefault><w:rPr /></w:rPrDefault>").unwrap(),
            r#"<w:rPrDefault><w:rPr /></w:rPrDefault><w:pPrDefault><w:pPr><w:autoSpaceDN w:val="0" /></w:pPr></w:pPrDefault>"#
        );
        assert!(digits_against_ideographs("<w:styles />").is_err());
    }

    #[test]
    fn finds_the_xml_around_the_placeholder() {
        let doc = r#"<w:body><w:p w14:paraId="1"><w:pPr /></w:p><w:p w14:paraId="7FFFFFFF"><w:pPr /><w:hyperlink r:id="a"></w:hyperlink></w:p><w:sectPr /></w:body>"#;
        assert_eq!(
            around_placeholder(doc, "7FFFFFFF").unwrap(),
            (
                r#"<w:body><w:p w14:paraId="1"><w:pPr /></w:p>"#,
                "<w:sectPr /></w:body>"
            )
        );
        assert!(around_placeholder(doc, "2").is_err());
    }

    #[test]
    fn suppresses_hyphens_in_named_styles() {
        let input = concat!(
            r#"<w:style w:type="paragraph" w:styleId="Normal"><w:pPr><w:rPr /></w:pPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Title"><w:pPr><w:rPr /><w:keepNext /></w:pPr></w:style>"#
        );
        assert_eq!(
            suppress_auto_hyphens(input, &["Title"]).unwrap(),
            concat!(
                r#"<w:style w:type="paragraph" w:styleId="Normal"><w:pPr><w:rPr /></w:pPr></w:style>"#,
                r#"<w:style w:type="paragraph" w:styleId="Title"><w:pPr><w:rPr /><w:keepNext /><w:suppressAutoHyphens /></w:pPr></w:style>"#
            )
        );
        assert!(suppress_auto_hyphens(input, &["Caption"]).is_err());
        let mut p = r#"<w:p><w:pPr><w:rPr /></w:pPr><w:r><w:rPr /></w:r></w:p>"#.to_owned();
        paragraph_properties(&mut p, r#"<w:keepNext w:val="0" />"#).unwrap();
        assert_eq!(
            p,
            r#"<w:p><w:pPr><w:rPr /><w:keepNext w:val="0" /></w:pPr><w:r><w:rPr /></w:r></w:p>"#
        );
    }

    #[test]
    fn adds_runs_relationships_and_content_types() {
        let mut p = r#"<w:p><w:pPr><w:jc w:val="center" /></w:pPr></w:p>"#.to_owned();
        paragraph_content(&mut p, "<w:r />").unwrap();
        assert_eq!(
            p,
            r#"<w:p><w:pPr><w:jc w:val="center" /></w:pPr><w:r /></w:p>"#
        );

        let image = Relationship {
            id: "rIdFigure1",
            kind: "http://x/image",
            target: "media/figure1.png",
        };
        assert_eq!(
            add_relationships(
                r#"<Relationships xmlns="x"><Relationship Id="rId1" /></Relationships>"#,
                std::slice::from_ref(&image)
            )
            .unwrap(),
            r#"<Relationships xmlns="x"><Relationship Id="rId1" /><Relationship Id="rIdFigure1" Type="http://x/image" Target="media/figure1.png" /></Relationships>"#
        );
        assert_eq!(
            add_relationships(r#"<Relationships xmlns="x" />"#, &[image]).unwrap(),
            r#"<Relationships xmlns="x"><Relationship Id="rIdFigure1" Type="http://x/image" Target="media/figure1.png" /></Relationships>"#
        );
        assert!(
            add_relationships(
                "<x />",
                &[Relationship {
                    id: "a",
                    kind: "b",
                    target: "c"
                }]
            )
            .is_err()
        );

        let types = r#"<Types xmlns="t"><Default ContentType="image/png" Extension="png"></Default><Override PartName="/a" ContentType="b"></Override></Types>"#;
        assert_eq!(
            default_content_types(types, &[("png", "image/png")]).unwrap(),
            types
        );
        assert_eq!(
            default_content_types(types, &[("jpeg", "image/jpeg")]).unwrap(),
            r#"<Types xmlns="t"><Default ContentType="image/png" Extension="png"></Default><Default Extension="jpeg" ContentType="image/jpeg" /><Override PartName="/a" ContentType="b"></Override></Types>"#
        );
        assert_eq!(
            default_content_types(r#"<Types xmlns="t"></Types>"#, &[("png", "image/png")]).unwrap(),
            r#"<Types xmlns="t"><Default Extension="png" ContentType="image/png" /></Types>"#
        );
        assert!(default_content_types("<x />", &[("png", "image/png")]).is_err());
    }

    #[test]
    fn emphasis_dots_replace_their_stand_in() {
        let mut xml = format!("<w:r><w:rPr>{EMPHASIS_DOTS_STAND_IN}</w:rPr></w:r>");
        emphasis_marks(&mut xml);
        assert_eq!(xml, r#"<w:r><w:rPr><w:em w:val="dot" /></w:rPr></w:r>"#);
    }

    #[test]
    fn footnote_patches_find_their_anchors() {
        let mut p = r#"<w:p><w:pPr><w:rPr /></w:pPr><w:r><w:footnoteReference w:id="2" /><w:t>**</w:t></w:r></w:p>"#.to_owned();
        paragraph_lead(&mut p, "<w:r />").unwrap();
        custom_note_mark(&mut p, 2).unwrap();
        assert_eq!(
            p,
            r#"<w:p><w:pPr><w:rPr /></w:pPr><w:r /><w:r><w:footnoteReference w:customMarkFollows="1" w:id="2" /><w:t>**</w:t></w:r></w:p>"#
        );
        assert!(custom_note_mark(&mut "<w:p />".to_owned(), 2).is_err());
        assert!(custom_note_mark(&mut p.clone(), 3).is_err());
        assert!(paragraph_lead(&mut "<w:p />".to_owned(), "<w:r />").is_err());

        let empty = r#"<?xml version="1.0"?><w:footnotes xmlns:w="w" mc:Ignorable="w14" />"#;
        assert_eq!(
            fill_footnotes(empty, "<w:footnote />").unwrap(),
            r#"<?xml version="1.0"?><w:footnotes xmlns:w="w" mc:Ignorable="w14"><w:footnote /></w:footnotes>"#
        );
        assert!(fill_footnotes("<w:footnotes xmlns:w=\"w\"></w:footnotes>", "x").is_err());

        let plain = r#"<w:settings><w:zoom /><w:compat /></w:settings>"#;
        let settings = footnote_properties(plain, false).unwrap();
        assert!(settings.starts_with("<w:settings><w:zoom /><w:footnotePr>"));
        assert!(settings.contains(r#"<w:numRestart w:val="continuous" />"#));
        assert!(settings.ends_with(r#"<w:footnote w:id="-1" /><w:footnote w:id="0" /></w:footnotePr><w:compat /></w:settings>"#));
        let each_page = footnote_properties(plain, true).unwrap();
        assert!(each_page.contains(r#"<w:numRestart w:val="eachPage" />"#));

        assert_eq!(
            override_content_type("<Types></Types>", "/word/footnotes.xml", "t").unwrap(),
            r#"<Types><Override PartName="/word/footnotes.xml" ContentType="t" /></Types>"#
        );
        let rels = external_relationships([("rIdLink4", "https://a.org/?x=1&y=2")].into_iter());
        assert!(rels.contains(r#"<Relationship Id="rIdLink4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://a.org/?x=1&amp;y=2" TargetMode="External" /></Relationships>"#), "{rels}");
    }

    #[test]
    fn marks_section_bidi_before_doc_grid() {
        let input = r#"<w:body><w:p /><w:sectPr><w:pgSz w:w="11906" /><w:docGrid w:type="lines" /></w:sectPr></w:body>"#;
        assert_eq!(
            section_bidi(input).unwrap(),
            r#"<w:body><w:p /><w:sectPr><w:pgSz w:w="11906" /><w:bidi /><w:docGrid w:type="lines" /></w:sectPr></w:body>"#
        );
        assert_eq!(
            section_bidi("<w:sectPr><w:titlePg /></w:sectPr>").unwrap(),
            "<w:sectPr><w:titlePg /><w:bidi /></w:sectPr>"
        );
        assert!(section_bidi("<w:body />").is_err());
    }

    #[test]
    fn sorts_relationships_by_numeric_id() {
        let input = concat!(
            r#"<?xml version="1.0"?><Relationships xmlns="x">"#,
            r#"<Relationship Id="rIdLink10" Target="b" />"#,
            r#"<Relationship Id="rId2" Target="s" />"#,
            r#"<Relationship Id="rIdLink9" Target="a" />"#,
            r#"</Relationships>"#
        );
        assert_eq!(
            sort_relationships(input).unwrap(),
            concat!(
                r#"<?xml version="1.0"?><Relationships xmlns="x">"#,
                r#"<Relationship Id="rId2" Target="s" />"#,
                r#"<Relationship Id="rIdLink9" Target="a" />"#,
                r#"<Relationship Id="rIdLink10" Target="b" />"#,
                r#"</Relationships>"#
            )
        );
        assert_eq!(
            sort_relationships(r#"<Relationships xmlns="x" />"#).unwrap(),
            r#"<Relationships xmlns="x" />"#
        );
    }

    #[test]
    fn writes_core_and_app_properties() {
        let core = core_properties("A & B", "Ann; Bo", "fr");
        assert!(core.contains("<dc:title>A &amp; B</dc:title>"));
        assert!(core.contains("<dc:creator>Ann; Bo</dc:creator>"));
        assert!(core.contains("<dc:language>fr</dc:language>"));
        assert!(!core.contains("dcterms:created"));
        assert!(app_properties("Folio").ends_with("<Application>Folio</Application></Properties>"));
    }

    #[test]
    fn auto_hyphenation_follows_the_default_tab_stop() {
        let xml = r#"<w:settings><w:defaultTabStop w:val="840" /><w:zoom w:percent="100" /></w:settings>"#;
        assert_eq!(
            auto_hyphenation(xml, 2).unwrap(),
            r#"<w:settings><w:defaultTabStop w:val="840" /><w:autoHyphenation /><w:consecutiveHyphenLimit w:val="2" /><w:zoom w:percent="100" /></w:settings>"#
        );
        assert!(auto_hyphenation("<w:settings/>", 2).is_err());
    }

    #[test]
    fn update_fields_comes_before_compat() {
        let xml = r#"<w:settings><w:zoom w:percent="100" /><w:compat><w:useFELayout /></w:compat></w:settings>"#;
        assert_eq!(
            update_fields(xml).unwrap(),
            r#"<w:settings><w:zoom w:percent="100" /><w:updateFields w:val="true" /><w:compat><w:useFELayout /></w:compat></w:settings>"#
        );
        assert!(update_fields("<w:settings/>").is_err());
    }
}
