//! One PDF page as a PNG image, drawn in Rust by hayro (no external program): the previews
//! of `folio watch --serve` and the circular pack.

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};

/// Page `page` (counted from 0) of `pdf` as a PNG `width_px` pixels wide, on white, its
/// height in the page's proportions. An error names what could not be read or drawn.
pub fn pdf_page_png(pdf: &[u8], page: usize, width_px: u32) -> Result<Vec<u8>, String> {
    if width_px == 0 || width_px > 10_000 {
        return Err(format!(
            "a page image must be 1 to 10000 pixels wide, not {width_px}"
        ));
    }
    let doc = Pdf::new(pdf.to_vec()).map_err(|e| format!("not a readable PDF: {e:?}"))?;
    let pages = doc.pages();
    let count = pages.len();
    let page = pages
        .get(page)
        .ok_or_else(|| format!("the PDF has {count} pages; there is no page {page} (from 0)"))?;
    let (width, _) = page.render_dimensions();
    if !(width.is_finite() && width > 0.0) {
        return Err("the page has no width".to_string());
    }
    let scale = width_px as f32 / width;
    let pixmap = hayro::render(
        page,
        &RenderCache::new(),
        &InterpreterSettings::default(),
        &RenderSettings::default(),
        &PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: WHITE,
        },
    );
    pixmap
        .into_png()
        .map_err(|e| format!("cannot encode the page as PNG: {e:?}"))
}
