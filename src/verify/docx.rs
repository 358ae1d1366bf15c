//! Reading a DOCX back for `verify` (zip + quick-xml): the body's paragraphs in order with
//! their styles, the numbers Word gives numbered paragraphs (from `numbering.xml`), footnote
//! marks, and the footnotes in the order they are referenced. Headers and footers are other
//! parts and never read; field instructions are skipped, field results kept.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::text::Block;

/// What `verify` needs of one DOCX.
#[derive(Debug, Default)]
pub struct DocxFacts {
    /// Body paragraphs in order (`tag` is the paragraph style, `Normal` when none; table
    /// cells' paragraphs are `TD>style`).
    pub blocks: Vec<Block>,
    /// Footnotes' text in the order the body references them.
    pub notes: Vec<String>,
    /// The default language of the styles (`w:lang` in `w:docDefaults`).
    pub lang: Option<String>,
}

pub fn read(bytes: &[u8]) -> Result<DocxFacts, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("does not open as a zip archive ({e})"))?;
    let mut part = |name: &str| -> Result<Option<String>, String> {
        let mut file = match zip.by_name(name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(format!("{name}: {e}")),
        };
        let mut text = String::new();
        file.read_to_string(&mut text)
            .map_err(|e| format!("{name} is not UTF-8 text ({e})"))?;
        Ok(Some(text))
    };
    let document = part("word/document.xml")?.ok_or("has no word/document.xml")?;
    let numbering = part("word/numbering.xml")?.unwrap_or_default();
    let footnotes = part("word/footnotes.xml")?.unwrap_or_default();
    let styles = part("word/styles.xml")?.unwrap_or_default();
    let numbering = Numbering::parse(&numbering).map_err(|e| format!("word/numbering.xml: {e}"))?;
    let notes = footnote_texts(&footnotes).map_err(|e| format!("word/footnotes.xml: {e}"))?;
    let mut reader = BodyReader {
        numbering,
        counters: HashMap::new(),
        note_numbers: HashMap::new(),
        next_note: 0,
        referenced: Vec::new(),
    };
    let blocks = reader
        .paragraphs(&document)
        .map_err(|e| format!("word/document.xml: {e}"))?;
    let notes = reader
        .referenced
        .iter()
        .map(|id| {
            let number = reader.note_numbers.get(id).cloned().unwrap_or_default();
            notes
                .get(id)
                .map(|text| text.replace(NOTE_NUMBER, &number))
                .unwrap_or_default()
        })
        .collect();
    Ok(DocxFacts {
        blocks,
        notes,
        lang: default_lang(&styles),
    })
}

/// Stands for Word's own footnote number (`w:footnoteRef`) in a note's text until the note's
/// number is known from its reference.
const NOTE_NUMBER: &str = "\u{e001}";

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        let raw = String::from_utf8_lossy(&a.value).into_owned();
        quick_xml::escape::unescape(&raw)
            .ok()
            .map(|v| v.into_owned())
    })
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// One level of a numbering definition.
#[derive(Clone, Debug, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, HashMap<u8, Level>>,
    /// `w:num` id → its abstract numbering's id and start overrides per level.
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
}

impl Numbering {
    fn parse(xml: &str) -> Result<Numbering, String> {
        let mut numbering = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let (mut abstract_id, mut num_id) = (None::<String>, None::<String>);
        let mut level: Option<(u8, Level)> = None;
        let mut override_level: Option<u8> = None;
        loop {
            let event = reader.read_event().map_err(|e| e.to_string())?;
            match &event {
                Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                    b"w:abstractNum" => abstract_id = attr(e, b"w:abstractNumId"),
                    b"w:num" => num_id = attr(e, b"w:numId"),
                    b"w:abstractNumId" => {
                        if let (Some(num), Some(id)) = (&num_id, attr(e, b"w:val")) {
                            numbering.nums.entry(num.clone()).or_default().0 = id;
                        }
                    }
                    b"w:lvlOverride" => {
                        override_level = attr(e, b"w:ilvl").and_then(|v| v.parse().ok());
                    }
                    b"w:startOverride" => {
                        if let (Some(num), Some(l), Some(v)) = (
                            &num_id,
                            override_level,
                            attr(e, b"w:val").and_then(|v| v.parse().ok()),
                        ) {
                            numbering
                                .nums
                                .entry(num.clone())
                                .or_default()
                                .1
                                .insert(l, v);
                        }
                    }
                    b"w:lvl" if abstract_id.is_some() => {
                        let ilvl = attr(e, b"w:ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        level = Some((
                            ilvl,
                            Level {
                                start: 1,
                                ..Level::default()
                            },
                        ));
                    }
                    b"w:start" => {
                        if let Some((_, l)) = &mut level {
                            l.start = attr(e, b"w:val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        }
                    }
                    b"w:numFmt" => {
                        if let Some((_, l)) = &mut level {
                            l.format = attr(e, b"w:val").unwrap_or_default();
                        }
                    }
                    b"w:lvlText" => {
                        if let Some((_, l)) = &mut level {
                            l.text = attr(e, b"w:val").unwrap_or_default();
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.name().as_ref() {
                    b"w:lvl" => {
                        if let (Some(id), Some((ilvl, l))) = (&abstract_id, level.take()) {
                            numbering
                                .abstracts
                                .entry(id.clone())
                                .or_default()
                                .insert(ilvl, l);
                        }
                    }
                    b"w:abstractNum" => abstract_id = None,
                    b"w:num" => num_id = None,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(numbering)
    }
}

/// A number in one of Word's formats. The formats' spelling ([MS-DOCX] 2.4) comes from
/// `layouts::numbering`, the one table of them in Folio; what `verify` checks on its own is
/// the counting (which paragraph has which number). Unknown formats count in decimals, which
/// the comparison then reports.
fn format_number(n: u32, format: &str) -> String {
    use crate::layouts::numbering::{NumberFormat, format_number};
    let format = match format {
        "lowerLetter" => NumberFormat::LowerLetter,
        "upperLetter" => NumberFormat::UpperLetter,
        "lowerRoman" => NumberFormat::LowerRoman,
        "upperRoman" => NumberFormat::UpperRoman,
        "arabicAbjad" => NumberFormat::ArabicAbjad,
        "chineseCounting" => NumberFormat::ChineseCounting,
        "hindiNumbers" => NumberFormat::ArabicIndic,
        "decimalEnclosedCircle" if (1..=20).contains(&n) => {
            return char::from_u32(0x2460 + n - 1).map_or(n.to_string(), String::from);
        }
        _ => NumberFormat::Decimal,
    };
    format_number(format, n as usize)
}

struct BodyReader {
    numbering: Numbering,
    /// Per `w:num`, the current number at each level.
    counters: HashMap<String, [u32; 9]>,
    /// Footnote id → the mark its reference shows.
    note_numbers: HashMap<String, String>,
    next_note: u32,
    /// Footnote ids in the order the body references them.
    referenced: Vec<String>,
}

impl BodyReader {
    /// The label Word puts before a paragraph numbered `num`/`ilvl`, counting it.
    fn label(&mut self, num: &str, ilvl: u8) -> Option<String> {
        let (abstract_id, overrides) = self.numbering.nums.get(num)?;
        let levels = self.numbering.abstracts.get(abstract_id)?;
        let ilvl = usize::from(ilvl.min(8));
        let start = |l: usize| {
            overrides
                .get(&(l as u8))
                .copied()
                .or_else(|| levels.get(&(l as u8)).map(|lv| lv.start))
                .unwrap_or(1)
        };
        let counters = self.counters.entry(num.to_string()).or_insert([0; 9]);
        counters[ilvl] = if counters[ilvl] == 0 {
            start(ilvl)
        } else {
            counters[ilvl] + 1
        };
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = 0;
        }
        let level = levels.get(&(ilvl as u8))?;
        if level.format == "bullet" || level.format == "none" {
            return Some(level.text.clone());
        }
        let mut text = level.text.clone();
        for (l, &counter) in counters.iter().enumerate().take(ilvl + 1) {
            let value = if counter == 0 { start(l) } else { counter };
            let format = levels
                .get(&(l as u8))
                .map_or("decimal", |lv| lv.format.as_str());
            text = text.replace(&format!("%{}", l + 1), &format_number(value, format));
        }
        Some(text)
    }

    fn paragraphs(&mut self, xml: &str) -> Result<Vec<Block>, String> {
        let mut reader = Reader::from_str(xml);
        let mut blocks = Vec::new();
        let mut style: Option<String> = None;
        let mut num: (Option<String>, u8) = (None, 0);
        let mut text = String::new();
        let mut cells = 0usize;
        let (mut in_text, mut in_ppr) = (false, false);
        // Field nesting: whether each open field is past its separator (showing its result).
        let mut fields: Vec<bool> = Vec::new();
        let mut custom_mark = false;
        loop {
            let event = reader.read_event().map_err(|e| e.to_string())?;
            let showing = fields.iter().all(|&result| result);
            match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let empty = matches!(event, Event::Empty(_));
                    match e.name().as_ref() {
                        b"w:p" if !empty => {
                            style = None;
                            num = (None, 0);
                            text.clear();
                        }
                        b"w:pPr" if !empty => in_ppr = true,
                        b"w:pStyle" if in_ppr => style = attr(e, b"w:val"),
                        b"w:numId" if in_ppr => num.0 = attr(e, b"w:val"),
                        b"w:ilvl" if in_ppr => {
                            num.1 = attr(e, b"w:val").and_then(|v| v.parse().ok()).unwrap_or(0);
                        }
                        b"w:tc" if !empty => cells += 1,
                        b"w:t" if !empty => in_text = showing,
                        b"w:tab" | b"w:br" | b"w:cr" if showing && !in_ppr => text.push(' '),
                        b"w:noBreakHyphen" if showing => text.push('\u{2011}'),
                        b"w:fldChar" => match attr(e, b"w:fldCharType").as_deref() {
                            Some("begin") => fields.push(false),
                            Some("separate") => {
                                if let Some(last) = fields.last_mut() {
                                    *last = true;
                                }
                            }
                            Some("end") => {
                                fields.pop();
                            }
                            _ => {}
                        },
                        b"w:footnoteReference" => {
                            let id = attr(e, b"w:id").unwrap_or_default();
                            custom_mark = attr(e, b"w:customMarkFollows")
                                .is_some_and(|v| v == "1" || v == "true");
                            if !custom_mark {
                                self.next_note += 1;
                                let mark = self.next_note.to_string();
                                text.push_str(&mark);
                                self.note_numbers.insert(id.clone(), mark);
                            }
                            self.referenced.push(id);
                        }
                        _ => {}
                    }
                }
                Event::Text(t) if in_text => {
                    let piece = t.decode().map_err(|e| e.to_string())?;
                    if custom_mark && let Some(id) = self.referenced.last() {
                        self.note_numbers.insert(id.clone(), piece.to_string());
                    }
                    text.push_str(&piece);
                }
                Event::GeneralRef(r) if in_text => {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    text.extend(entity(&name));
                }
                Event::End(e) => match e.name().as_ref() {
                    b"w:t" => in_text = false,
                    b"w:r" => custom_mark = false,
                    b"w:pPr" => in_ppr = false,
                    b"w:tc" => cells = cells.saturating_sub(1),
                    b"w:p" => {
                        let mut body = std::mem::take(&mut text);
                        if let Some(id) = &num.0
                            && id != "0"
                            && let Some(label) = self.label(id, num.1)
                        {
                            body = format!("{label} {body}");
                        }
                        let style = style.take().unwrap_or_else(|| "Normal".to_string());
                        blocks.push(Block {
                            tag: if cells > 0 {
                                format!("TD>{style}")
                            } else {
                                style
                            },
                            depth: cells,
                            text: body,
                            note: false,
                        });
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(blocks)
    }
}

/// Each footnote's text by id, Word's own number standing as [`NOTE_NUMBER`].
fn footnote_texts(xml: &str) -> Result<HashMap<String, String>, String> {
    let mut notes = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<(String, String)> = None;
    let mut in_text = false;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    b"w:footnote" if !empty => {
                        current = Some((attr(e, b"w:id").unwrap_or_default(), String::new()));
                    }
                    b"w:footnoteRef" => {
                        if let Some((_, text)) = &mut current {
                            text.push_str(NOTE_NUMBER);
                        }
                    }
                    b"w:p" if !empty => {
                        if let Some((_, text)) = &mut current {
                            text.push('\n');
                        }
                    }
                    b"w:tab" | b"w:br" => {
                        if let Some((_, text)) = &mut current {
                            text.push(' ');
                        }
                    }
                    b"w:t" if !empty => in_text = true,
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                if let Some((_, text)) = &mut current {
                    text.push_str(&t.decode().map_err(|e| e.to_string())?);
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some((_, text)) = &mut current {
                    text.extend(entity(&r.decode().map_err(|e| e.to_string())?));
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"w:t" => in_text = false,
                b"w:footnote" => {
                    if let Some((id, text)) = current.take() {
                        notes.insert(id, text);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(notes)
}

/// The language of `w:docDefaults`' run properties.
fn default_lang(styles: &str) -> Option<String> {
    let defaults = &styles[styles.find("<w:docDefaults")?..];
    let defaults = &defaults[..defaults.find("</w:docDefaults>")?];
    let at = defaults.find("<w:lang ")?;
    let rest = &defaults[at..];
    let val = rest.find("w:val=\"")? + 7;
    let end = rest[val..].find('"')?;
    Some(rest[val..val + end].to_string())
}
