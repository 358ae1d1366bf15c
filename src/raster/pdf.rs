//! One page of a PDF as a picture, drawn by hayro.

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings, render};

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
    let (width_px, height_px) = super::pixel_size(width, height, width_px)?;
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
        // hayro cuts the page's scaled size down to whole pixels: half a pixel more makes
        // it the size `pixel_size` rounds to.
        &PixmapSettings {
            x_scale: (width_px as f32 + 0.5) / width,
            y_scale: (height_px as f32 + 0.5) / height,
            bg_color: WHITE,
        },
    );
    if (pixmap.width(), pixmap.height()) != (width_px as u16, height_px as u16) {
        return Err(format!(
            "drew {} × {} pixels for {width_px} × {height_px}",
            pixmap.width(),
            pixmap.height()
        ));
    }
    // On a white ground every pixel is opaque: its colour is the picture.
    let rgb: Vec<u8> = (pixmap.data().iter())
        .flat_map(|p| [p.r, p.g, p.b])
        .collect();
    super::encode_png(width_px, height_px, &rgb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(pdf_page_png(b"not a pdf", 0, 100).is_err());
    }
}
