//! One PDF page as a PNG image, drawn in Rust by hayro (no external program): the circular
//! pack's thumbnails and the previews of `folio watch --serve`.

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings, render};

/// The most pixels a side may have: hayro's canvas is addressed in `u16`.
const MAX_SIDE: f32 = 8192.0;

/// Renders page `page` (counted from 0) of `pdf` on white, `width_px` pixels wide with the
/// page's proportions, as PNG bytes. Folio's PDFs embed every font, so no font is looked
/// up on the system.
pub fn pdf_page_png(pdf: &[u8], page: usize, width_px: u32) -> Result<Vec<u8>, String> {
    let document = Pdf::new(pdf.to_vec()).map_err(|e| format!("not a readable PDF: {e:?}"))?;
    let pages = document.pages();
    let count = pages.len();
    let page = pages
        .get(page)
        .ok_or_else(|| format!("the PDF has {count} pages; there is no page {}", page + 1))?;
    let (width, height) = page.render_dimensions();
    if !(width > 0.0 && height > 0.0) {
        return Err(format!("the page is {width} × {height} points"));
    }
    let scale = width_px as f32 / width;
    if width_px == 0 || width_px as f32 > MAX_SIDE || height * scale > MAX_SIDE {
        return Err(format!(
            "a {width_px}-pixel-wide image of a {width} × {height} page is out of range"
        ));
    }
    let pixmap = render(
        page,
        &RenderCache::new(),
        &InterpreterSettings::default(),
        // Hinting (the auto-hinter's analysis of every glyph) is a cost thumbnails gain
        // nothing from.
        &RenderSettings {
            hinting: false,
            ..RenderSettings::default()
        },
        &PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: WHITE,
        },
    );
    pixmap
        .into_png()
        .map_err(|e| format!("cannot encode the PNG: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(pdf_page_png(b"not a pdf", 0, 100).is_err());
    }
}
