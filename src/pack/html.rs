//! The pack's `index.html`: one static page (no script, styles inline in the head) that a
//! person opens or pastes into the circular's email: the zip and the cover, then a row per
//! edition in its own language and direction with its first page, its files, their sizes
//! and checksums. Every text is escaped; every link is a file beside the page.

use std::fmt::Write;

use super::EditionFiles;
use super::words::{language_name, words};

pub struct Page<'a> {
    /// The document symbol, or the report id.
    pub title: &'a str,
    pub editions: &'a [EditionFiles],
    /// Name, size in bytes, SHA-256.
    pub zip: (&'a str, usize, &'a str),
    pub cover: (&'a str, usize, &'a str),
}

pub fn index(page: &Page) -> String {
    let lang = page.editions.first().map_or("en", |e| e.lang.as_str());
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{stem}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{stem}</h1>\n\
         <table class=\"pack\">\n",
        lang = escape(lang),
        stem = escape(page.title),
    );
    for (name, size, sha) in [page.zip, page.cover] {
        let _ = writeln!(
            html,
            "<tr><td><a href=\"{href}\">{name}</a></td><td class=\"num\">{size} B</td>\
             <td><code>{sha}</code></td></tr>",
            href = escape(&href(name)),
            name = escape(name),
            sha = escape(sha),
        );
    }
    html.push_str("</table>\n<table class=\"editions\">\n");
    for edition in page.editions {
        row(&mut html, edition);
    }
    html.push_str("</table>\n</body>\n</html>\n");
    html
}

/// One edition's row, in its language (and right to left where it is so written).
fn row(html: &mut String, edition: &EditionFiles) {
    let w = words(&edition.lang);
    let rtl = crate::edition::lang_of(&edition.lang).direction == crate::edition::Direction::Rtl;
    let _ = write!(
        html,
        "<tr lang=\"{}\"{}>\n<td class=\"thumb\">",
        escape(&edition.lang),
        if rtl { " dir=\"rtl\"" } else { "" }
    );
    let pdf = edition.files.iter().find(|f| f.format == "pdf");
    if let (Some((name, png)), Some(pdf)) = (&edition.thumbnail, pdf) {
        let (width, height) = png_size(png).unwrap_or((super::THUMB_WIDTH, 0));
        let size = if height > 0 {
            format!(" width=\"{width}\" height=\"{height}\"")
        } else {
            String::new()
        };
        let _ = write!(
            html,
            "<a href=\"{}\"><img src=\"{}\"{size} alt=\"{}\"></a>",
            escape(&href(&pdf.name)),
            escape(&href(name)),
            escape(&format!(
                "{}: {}",
                language_name(&edition.lang),
                w.first_page
            )),
        );
    }
    let _ = write!(
        html,
        "</td>\n<td><h2>{}</h2>\n",
        escape(&language_name(&edition.lang))
    );
    if !edition.title.trim().is_empty() {
        let _ = writeln!(html, "<p class=\"title\">{}</p>", escape(&edition.title));
    }
    html.push_str("<ul>\n");
    for file in &edition.files {
        let pages = file
            .pages
            .map(|p| format!(" · {}: {p}", escape(w.pages)))
            .unwrap_or_default();
        // File names, sizes and checksums read left to right inside a right-to-left row.
        let _ = writeln!(
            html,
            "<li><a href=\"{href}\" dir=\"ltr\">{name}</a> ({format}){pages} · {size_label}: \
             <bdi>{size}</bdi><br><span class=\"sha\">{sha_label}: <code dir=\"ltr\">{sha}</code></span></li>",
            href = escape(&href(&file.name)),
            name = escape(&file.name),
            format = escape(&file.format.to_ascii_uppercase()),
            size_label = escape(w.size),
            size = file.bytes.len(),
            sha_label = escape(w.checksum),
            sha = escape(&file.sha256),
        );
    }
    html.push_str("</ul></td>\n</tr>\n");
}

const STYLE: &str = "body { font-family: sans-serif; margin: 1.5em; }\n\
table { border-collapse: collapse; }\n\
td { padding: 0.4em 0.8em; vertical-align: top; border-bottom: 1px solid #ccc; }\n\
td.num { text-align: end; }\n\
td.thumb img { border: 1px solid #888; }\n\
h2 { font-size: 1.1em; margin: 0 0 0.3em; }\n\
ul { margin: 0; padding-inline-start: 1.2em; }\n\
code { font-size: 0.85em; word-break: break-all; }\n";

/// A relative link to a file beside the page: its name, with what URLs reserve escaped.
fn href(name: &str) -> String {
    let mut out = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Text for an HTML text node or a quoted attribute (also the watch page's).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A PNG's width and height, from its header.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    let header = png.get(16..24)?;
    let width = u32::from_be_bytes(header[0..4].try_into().ok()?);
    let height = u32::from_be_bytes(header[4..8].try_into().ok()?);
    Some((width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_links_are_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(href("A-80 #1?.pdf"), "A-80%20%231%3F.pdf");
    }
}
