//! The pack's zip: the same files give the same bytes (sorted names, the zip epoch
//! 1980-01-01 as every timestamp, mode 0644, no extra fields).

use std::io::{Cursor, Write};

use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

/// Zips `files` (name, bytes) sorted by name. PDFs, DOCX files (zips themselves) and PNGs
/// are compressed already, so they are stored; the rest is deflated.
pub fn zip(files: &[(&str, &[u8])]) -> Result<Vec<u8>, String> {
    let mut sorted = files.to_vec();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let fixed = SimpleFileOptions::default()
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in sorted {
        let method = if [".pdf", ".docx", ".png"].iter().any(|e| name.ends_with(e)) {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        out.start_file(name, fixed.compression_method(method))
            .and_then(|()| out.write_all(bytes).map_err(Into::into))
            .map_err(|e| format!("cannot zip {name}: {e}"))?;
    }
    out.finish()
        .map(Cursor::into_inner)
        .map_err(|e| format!("cannot finish the zip: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_of_input_does_not_change_the_bytes() {
        let a = zip(&[("b.pdf", b"pdf"), ("a.json", b"{}")]).unwrap();
        let b = zip(&[("a.json", b"{}"), ("b.pdf", b"pdf")]).unwrap();
        assert_eq!(a, b);
    }
}
