//! Reading a PDF back for `verify` (hayro-syntax): page count, the XMP's PDF/A and PDF/UA
//! claims, the language, and the text of the structure tree in reading order, with the
//! structure's block sequence; content marked `/Artifact` (headers, footers, leaders,
//! repeated table headers) is never read, `/ActualText` replaces the glyphs it covers.

use std::collections::HashMap;

use hayro_syntax::Pdf;
use hayro_syntax::content::ops::TypedInstruction;
use hayro_syntax::object::{Array, Dict, Name, Object, ObjectIdentifier, Stream};
use hayro_syntax::page::Page;

use super::text::{Block, LINE_END_HYPHEN};

/// What `verify` needs of one PDF.
#[derive(Debug, Default)]
pub struct PdfFacts {
    pub pages: usize,
    /// `pdfaid:part` and `pdfaid:conformance` (e.g. `2`, `A`), if claimed.
    pub pdfa: Option<(String, String)>,
    /// `pdfuaid:part`, if claimed.
    pub pdfua: Option<String>,
    /// The catalog's `/Lang`.
    pub lang: Option<String>,
    /// The text blocks of the structure tree in reading order.
    pub blocks: Vec<Block>,
}

pub fn read(bytes: Vec<u8>) -> Result<PdfFacts, String> {
    let pdf = Pdf::new(bytes).map_err(|e| format!("does not open as a PDF ({e:?})"))?;
    let xref = pdf.xref();
    let catalog: Dict = xref.get(xref.root_id()).ok_or("has no document catalog")?;
    let mut facts = PdfFacts {
        pages: pdf.pages().len(),
        lang: catalog
            .get::<hayro_syntax::object::String>(b"Lang")
            .map(|s| text_string(&s)),
        ..PdfFacts::default()
    };
    if let Some(metadata) = catalog.get::<Stream>(b"Metadata") {
        let xmp = metadata
            .decoded()
            .map_err(|e| format!("its XMP metadata does not decode ({e:?})"))?;
        let xmp = String::from_utf8_lossy(&xmp);
        let part = xmp_value(&xmp, "pdfaid:part");
        let conformance = xmp_value(&xmp, "pdfaid:conformance");
        facts.pdfa = part.map(|p| (p, conformance.unwrap_or_default()));
        facts.pdfua = xmp_value(&xmp, "pdfuaid:part");
    }
    let root = catalog
        .get::<Dict>(b"StructTreeRoot")
        .ok_or("is not tagged (no structure tree)")?;
    let pages: Vec<Option<ObjectIdentifier>> =
        pdf.pages().iter().map(|p| p.raw().obj_id()).collect();
    let mut content = HashMap::new();
    for (index, page) in pdf.pages().iter().enumerate() {
        read_page(page, index, &mut content);
    }
    let rtl = facts
        .lang
        .as_deref()
        .is_some_and(|l| matches!(l.split('-').next(), Some("ar" | "he" | "fa" | "ur" | "yi")));
    let mut walker = Walker {
        rtl,
        pages: &pages,
        content: &content,
        blocks: Vec::new(),
    };
    for kid in kids(&root) {
        walker.visit(&kid, None, 0);
    }
    facts.blocks = walker.blocks;
    Ok(facts)
}

/// A property of the XMP packet, as an element (`<p>v</p>`) or an attribute (`p="v"`).
fn xmp_value(xmp: &str, property: &str) -> Option<String> {
    if let Some(at) = xmp.find(&format!("<{property}>")) {
        let rest = &xmp[at + property.len() + 2..];
        return rest.find('<').map(|end| rest[..end].trim().to_string());
    }
    let at = xmp.find(&format!("{property}=\""))?;
    let rest = &xmp[at + property.len() + 2..];
    rest.find('"').map(|end| rest[..end].trim().to_string())
}

/// A PDF text string: UTF-16BE with its byte order mark, or PDFDocEncoding (read as Latin-1,
/// which agrees with it for every character Folio writes there).
fn text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(utf8) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        String::from_utf8_lossy(utf8).into_owned()
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// Text shown by one text operator (or one `/ActualText` span) inside a marked-content
/// sequence: where it starts, and its characters in the order the glyphs were drawn.
#[derive(Debug, Clone)]
struct Chunk {
    x: f32,
    /// Where the last glyph ends (the next glyph's origin).
    end: f32,
    y: f32,
    size: f32,
    text: String,
}

/// A font's ToUnicode map, its code width in bytes and its glyph widths (per 1000 em).
struct FontMap {
    two_bytes: bool,
    map: HashMap<u32, String>,
    widths: HashMap<u32, f32>,
    default_width: f32,
}

impl FontMap {
    fn new(font: &Dict) -> FontMap {
        let two_bytes = font
            .get::<Name>(b"Subtype")
            .is_some_and(|s| s.as_ref() == b"Type0");
        let map = font
            .get::<Stream>(b"ToUnicode")
            .and_then(|s| s.decoded().ok())
            .map(|data| parse_cmap(&data))
            .unwrap_or_default();
        let mut widths = HashMap::new();
        let mut default_width = 500.0;
        if two_bytes
            && let Some(descendants) = font.get::<Array>(b"DescendantFonts")
            && let Some(cid) = descendants.iter::<Dict>().next()
        {
            default_width = cid.get::<f32>(b"DW").unwrap_or(1000.0);
            if let Some(w) = cid.get::<Array>(b"W") {
                let items: Vec<Object> = w.iter::<Object>().collect();
                let mut i = 0;
                while i + 1 < items.len() {
                    let first = items[i]
                        .clone()
                        .into_number()
                        .map_or(0, |n| n.as_i64() as u32);
                    match &items[i + 1] {
                        Object::Array(list) => {
                            for (k, width) in list.iter::<f32>().enumerate() {
                                widths.insert(first + k as u32, width);
                            }
                            i += 2;
                        }
                        Object::Number(last) if i + 2 < items.len() => {
                            let width = items[i + 2].clone().into_f32().unwrap_or(default_width);
                            for c in first..=(last.as_i64() as u32).min(first + 0xffff) {
                                widths.insert(c, width);
                            }
                            i += 3;
                        }
                        _ => break,
                    }
                }
            }
        }
        FontMap {
            two_bytes,
            map,
            widths,
            default_width,
        }
    }

    fn codes(&self, bytes: &[u8]) -> Vec<u32> {
        if self.two_bytes {
            bytes
                .chunks_exact(2)
                .map(|p| u32::from(u16::from_be_bytes([p[0], p[1]])))
                .collect()
        } else {
            bytes.iter().map(|&b| u32::from(b)).collect()
        }
    }

    /// The advance of a string's glyphs, per 1000 em.
    fn advance(&self, bytes: &[u8]) -> f32 {
        self.codes(bytes)
            .iter()
            .map(|c| self.widths.get(c).copied().unwrap_or(self.default_width))
            .sum()
    }

    fn decode(&self, bytes: &[u8], out: &mut String) {
        for code in self.codes(bytes) {
            match self.map.get(&code) {
                Some(text) => out.push_str(text),
                None => out.push('\u{fffd}'),
            }
        }
    }
}

/// The `bfchar` and `bfrange` entries of a ToUnicode CMap.
fn parse_cmap(data: &[u8]) -> HashMap<u32, String> {
    let text = String::from_utf8_lossy(data);
    let mut map = HashMap::new();
    let hex = |s: &str| -> Vec<u8> {
        let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
        digits
            .chunks(2)
            .filter_map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
            .collect()
    };
    let code = |bytes: &[u8]| bytes.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
    let unicode = |bytes: &[u8]| {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let mut section = "";
    for line in text.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            section = "char";
            continue;
        }
        if line.ends_with("beginbfrange") {
            section = "range";
            continue;
        }
        if line.starts_with("endbf") {
            section = "";
            continue;
        }
        let fields: Vec<&str> = line
            .split(['<', '>'])
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .collect();
        match (section, fields.as_slice()) {
            ("char", [src, dst]) => {
                map.insert(code(&hex(src)), unicode(&hex(dst)));
            }
            ("range", [lo, hi, dst]) => {
                let (lo, hi) = (code(&hex(lo)), code(&hex(hi)));
                let mut start = hex(dst);
                for c in lo..=hi.min(lo.saturating_add(0xffff)) {
                    map.insert(c, unicode(&start));
                    // The last byte counts up through the range.
                    if let Some(last) = start.last_mut() {
                        *last = last.wrapping_add(1);
                    }
                }
            }
            _ => {}
        }
    }
    map
}

/// One open marked-content sequence.
struct Marked {
    mcid: Option<i64>,
    artifact: bool,
    actual: Option<String>,
    /// Where the glyphs inside an `/ActualText` span start and end, their baseline and size.
    at: Option<(f32, f32, f32, f32)>,
}

/// Reads one page's content stream into chunks per marked-content id.
fn read_page(page: &Page, index: usize, content: &mut HashMap<(usize, i64), Vec<Chunk>>) {
    let resources = page.resources();
    let mut fonts: HashMap<Vec<u8>, FontMap> = HashMap::new();
    let mut font: Option<Vec<u8>> = None;
    let mut size = 0.0f32;
    let (mut x, mut y, mut scale) = (0.0f32, 0.0f32, 1.0f32);
    let mut stack: Vec<Marked> = Vec::new();
    let properties = resources_dict(page, b"Properties");
    let mut ops = page.typed_operations();
    while let Some(op) = ops.next() {
        let shown: Option<Vec<Shown>> = match &op {
            TypedInstruction::BeginMarkedContent(_) => {
                stack.push(Marked {
                    mcid: None,
                    artifact: false,
                    actual: None,
                    at: None,
                });
                None
            }
            TypedInstruction::BeginMarkedContentWithProperties(b) => {
                let tag = b.0.as_ref();
                let dict = match b.1 {
                    Object::Dict(d) => Some(d.clone()),
                    Object::Name(n) => properties.as_ref().and_then(|p| p.get::<Dict>(n.as_ref())),
                    _ => None,
                };
                stack.push(Marked {
                    mcid: dict.as_ref().and_then(|d| d.get::<i64>(b"MCID")),
                    artifact: tag == b"Artifact",
                    actual: dict
                        .as_ref()
                        .and_then(|d| d.get::<hayro_syntax::object::String>(b"ActualText"))
                        .map(|s| text_string(&s)),
                    at: None,
                });
                None
            }
            TypedInstruction::EndMarkedContent(_) => {
                if let Some(done) = stack.pop()
                    && let Some(actual) = done.actual
                    && !stack.iter().any(|m| m.artifact || m.actual.is_some())
                    && let Some(mcid) = stack.iter().rev().find_map(|m| m.mcid)
                {
                    let (cx, cend, cy, csize) = done.at.unwrap_or((x, x, y, size));
                    content.entry((index, mcid)).or_default().push(Chunk {
                        x: cx,
                        end: cend,
                        y: cy,
                        size: csize,
                        text: actual,
                    });
                }
                None
            }
            TypedInstruction::TextFont(f) => {
                font = Some(f.0.as_ref().to_vec());
                size = f.1.as_f32();
                None
            }
            TypedInstruction::SetTextMatrix(m) => {
                x = m.4.as_f32();
                y = m.5.as_f32();
                scale = m.0.as_f32().abs().max(f32::MIN_POSITIVE);
                None
            }
            TypedInstruction::NextLine(m) => {
                x += m.0.as_f32();
                y += m.1.as_f32();
                None
            }
            TypedInstruction::ShowText(s) => Some(vec![Shown::Text(s.0.as_bytes().to_vec())]),
            TypedInstruction::NextLineAndShowText(s) => {
                Some(vec![Shown::Text(s.0.as_bytes().to_vec())])
            }
            TypedInstruction::ShowTexts(array) => Some(strings(array.0)),
            _ => None,
        };
        let Some(shown) = shown else { continue };
        let Some(name) = &font else { continue };
        let map = fonts.entry(name.clone()).or_insert_with(|| {
            resources
                .get_font(&Name::new_unescaped(name))
                .map(|d| FontMap::new(&d))
                .unwrap_or(FontMap {
                    two_bytes: true,
                    map: HashMap::new(),
                    widths: HashMap::new(),
                    default_width: 500.0,
                })
        });
        let start = x;
        let mut text = String::new();
        for item in shown {
            match item {
                Shown::Text(bytes) => {
                    map.decode(&bytes, &mut text);
                    x += map.advance(&bytes) / 1000.0 * size * scale;
                }
                Shown::Adjust(n) => x -= n / 1000.0 * size * scale,
            }
        }
        if stack.iter().any(|m| m.artifact) {
            continue;
        }
        // Inside an `/ActualText` span the replacement text stands for the glyphs.
        if let Some(open) = stack.iter_mut().rev().find(|m| m.actual.is_some()) {
            let at = open.at.get_or_insert((start, x, y, size));
            at.1 = x;
            continue;
        }
        let Some(mcid) = stack.iter().rev().find_map(|m| m.mcid) else {
            continue;
        };
        content.entry((index, mcid)).or_default().push(Chunk {
            x: start,
            end: x,
            y,
            size,
            text,
        });
    }
}

/// What a text operator shows: strings, and (in `TJ`) adjustments in 1000ths of an em.
enum Shown {
    Text(Vec<u8>),
    Adjust(f32),
}

fn strings(array: &Array) -> Vec<Shown> {
    array
        .iter::<Object>()
        .filter_map(|o| match o {
            Object::String(s) => Some(Shown::Text(s.as_bytes().to_vec())),
            Object::Number(n) => Some(Shown::Adjust(n.as_f32())),
            _ => None,
        })
        .collect()
}

fn resources_dict<'a>(page: &Page<'a>, key: &[u8]) -> Option<Dict<'a>> {
    page.raw()
        .get::<Dict>(b"Resources")
        .and_then(|r| r.get::<Dict>(key))
}

/// The kids of a structure element (or of the root), each resolved.
fn kids<'a>(element: &Dict<'a>) -> Vec<Object<'a>> {
    match element.get::<Object>(b"K") {
        Some(Object::Array(array)) => array.iter::<Object>().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    }
}

/// Tags whose content belongs to the block around them.
const INLINE: [&str; 6] = ["Link", "Span", "Reference", "Annot", "Quote", "Code"];

struct Walker<'p> {
    /// Whether the document's language is written right to left.
    rtl: bool,
    pages: &'p [Option<ObjectIdentifier>],
    content: &'p HashMap<(usize, i64), Vec<Chunk>>,
    blocks: Vec<Block>,
}

impl Walker<'_> {
    fn page_of(&self, dict: &Dict) -> Option<usize> {
        let id: ObjectIdentifier = dict.get_ref(b"Pg")?.into();
        self.pages.iter().position(|p| *p == Some(id))
    }

    /// Visits a kid of a structure element whose page is `page`, adding its text to the
    /// open block `into` (or opening blocks of its own for block-level elements).
    fn visit(&mut self, kid: &Object, page: Option<usize>, depth: usize) {
        self.visit_into(kid, page, depth, None, false);
    }

    fn visit_into(
        &mut self,
        kid: &Object,
        page: Option<usize>,
        depth: usize,
        into: Option<&mut Vec<Chunk>>,
        note: bool,
    ) {
        if depth > 64 {
            return;
        }
        match kid {
            Object::Number(n) => {
                if let (Some(into), Some(page)) = (into, page)
                    && let Some(chunks) = self.content.get(&(page, n.as_i64()))
                {
                    into.extend(chunks.iter().cloned());
                }
            }
            Object::Dict(dict) => {
                let kind = dict.get::<Name>(b"Type");
                let kind = kind.as_ref().map(|n| n.as_str());
                if kind == Some("MCR") {
                    let page = self.page_of(dict).or(page);
                    if let (Some(into), Some(page), Some(mcid)) =
                        (into, page, dict.get::<i64>(b"MCID"))
                        && let Some(chunks) = self.content.get(&(page, mcid))
                    {
                        into.extend(chunks.iter().cloned());
                    }
                    return;
                }
                if kind == Some("OBJR") {
                    return;
                }
                let Some(tag) = dict.get::<Name>(b"S") else {
                    return;
                };
                let tag = tag.as_str().to_string();
                let page = self.page_of(dict).or(page);
                let actual = dict
                    .get::<hayro_syntax::object::String>(b"ActualText")
                    .map(|s| text_string(&s));
                match into {
                    Some(into) if INLINE.contains(&tag.as_str()) => {
                        if let Some(actual) = actual {
                            let last = into.last().map_or(0.0, |c| c.end);
                            into.push(Chunk {
                                x: last,
                                end: last,
                                y: into.last().map_or(0.0, |c| c.y),
                                size: 0.0,
                                text: actual,
                            });
                            return;
                        }
                        for kid in kids(dict) {
                            self.visit_into(&kid, page, depth + 1, Some(into), note);
                        }
                    }
                    _ => {
                        // A block: its own content and inline kids make one text; block
                        // kids come after it as blocks of their own.
                        let at = self.blocks.len();
                        let note = note || tag == "Note";
                        self.blocks.push(Block {
                            tag: tag.clone(),
                            depth,
                            text: String::new(),
                            note,
                        });
                        let mut chunks = Vec::new();
                        for kid in kids(dict) {
                            self.visit_into(&kid, page, depth + 1, Some(&mut chunks), note);
                        }
                        self.blocks[at].text = actual.unwrap_or_else(|| lines(&chunks, self.rtl));
                    }
                }
            }
            _ => {}
        }
    }
}

/// The text of a block's chunks: lines in the order they were drawn, each line's chunks
/// from left to right, reordered from visual to logical order (UAX #9 applied to the visual
/// string, which undoes it for a line of one direction with embedded numbers or words of
/// the other, as Folio sets them), lines joined by a line break.
fn lines(chunks: &[Chunk], rtl: bool) -> String {
    let mut lines: Vec<Vec<&Chunk>> = Vec::new();
    for chunk in chunks {
        // A chunk belongs to a line whose baseline is within half its size (a raised
        // footnote mark is on its line; the next line is at least a line's height away).
        let found = lines.iter_mut().find(|line| {
            line.iter()
                .any(|c| (c.y - chunk.y).abs() < 0.5 * c.size.max(chunk.size).max(1.0))
        });
        match found {
            Some(line) => line.push(chunk),
            None => lines.push(vec![chunk]),
        }
    }
    let mut out = String::new();
    for mut line in lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
        // A gap with no space glyph in it (a hanging paragraph number, a contents entry's
        // page number across its leaders) still separates words.
        // (From the furthest any chunk reached: a mark drawn back over its letter ends
        // before the letter does.)
        let mut visual = String::new();
        let mut end: Option<f32> = None;
        for chunk in line {
            if end.is_some_and(|e| chunk.x - e > 0.2 * chunk.size) {
                visual.push(' ');
            }
            visual.push_str(&chunk.text);
            end = Some(end.map_or(chunk.end, |e| e.max(chunk.end)));
        }
        let text = logical(&marks_before_rtl_bases(&visual), rtl);
        let trimmed = text.trim_end();
        match trimmed.strip_suffix('-') {
            Some(stem) if stem.chars().last().is_some_and(char::is_alphabetic) => {
                out.push_str(stem);
                out.push(LINE_END_HYPHEN);
            }
            _ => {
                out.push_str(&text);
                out.push('\n');
            }
        }
    }
    out
}

/// In visual order a combining mark follows the glyph it sits on (HarfBuzz's order, the pen
/// at the letter's end, the mark moved back over it), whatever the direction. Reversing a
/// right-to-left run would put the mark before its letter, so the marks of a right-to-left
/// letter go in front of it first (تحقيقاً, not تحقيقًا with the fathatan on the wrong letter).
fn marks_before_rtl_bases(visual: &str) -> String {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    let mark = |c: char| c.general_category() == GeneralCategory::NonspacingMark;
    let chars: Vec<char> = visual.chars().collect();
    let mut out = String::with_capacity(visual.len());
    let mut i = 0;
    while i < chars.len() {
        let base = chars[i];
        let mut j = i + 1;
        while j < chars.len() && mark(chars[j]) {
            j += 1;
        }
        if j > i + 1 && is_rtl(base) {
            out.extend(&chars[i + 1..j]);
            out.push(base);
        } else {
            out.extend(&chars[i..j]);
        }
        i = j;
    }
    out
}

/// A visual-order line in logical order. A line of one direction holds islands of the
/// other (in an Arabic line: Latin words, numbers, "(RT 3.1)"), each kept in its own order
/// while the line's units are reversed. Applying the bidi algorithm to the visual string
/// instead (what poppler and pdf.js do) gets such lines wrong: in `)RT 3.1( 3.1` the number
/// after the Latin turns left-to-right by rule W7 and joins the island. An island here is a
/// stretch from a letter or digit of its direction to the last such, holding none of the
/// line's direction and only balanced brackets.
fn logical(visual: &str, doc_rtl: bool) -> String {
    let chars: Vec<char> = visual.chars().collect();
    let rtl_count = chars.iter().filter(|&&c| is_rtl(c)).count();
    if rtl_count == 0 && !doc_rtl {
        return visual.to_string();
    }
    let ltr_count = chars
        .iter()
        .filter(|c| c.is_alphabetic() && !is_rtl(**c))
        .count();
    // A line of a right-to-left document runs right to left even with no Arabic letter in
    // it (a list label "1 ‑" is drawn "‑ 1").
    let base_rtl = doc_rtl || rtl_count > ltr_count;
    // Of the island's direction: Latin letters and digits in a right-to-left line (digits
    // read left to right in both), right-to-left letters and marks in a left-to-right one.
    let other = |c: char| {
        if base_rtl {
            c.is_alphanumeric() && !is_rtl(c)
        } else {
            is_rtl(c)
        }
    };
    let of_line = |c: char| {
        if base_rtl {
            is_rtl(c)
        } else {
            c.is_alphabetic() && !is_rtl(c)
        }
    };
    let mut units: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !other(chars[i]) {
            units.push(chars[i].to_string());
            i += 1;
            continue;
        }
        // The candidate island: up to the last character of its direction before one of
        // the line's, stopping at an unmatched bracket.
        let mut depth = 0usize;
        let mut last = i;
        let mut j = i;
        while j < chars.len() && !of_line(chars[j]) {
            match chars[j] {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth > 0 => depth -= 1,
                ')' | ']' | '}' => break,
                _ => {}
            }
            if other(chars[j]) && depth == 0 {
                last = j;
            }
            j += 1;
        }
        let island: String = chars[i..=last].iter().collect();
        units.push(if base_rtl {
            island
        } else {
            island.chars().rev().collect()
        });
        i = last + 1;
    }
    if base_rtl {
        units.reverse();
    }
    units.concat()
}

fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08ff | 0xfb1d..=0xfdff | 0xfe70..=0xfeff)
}
