//! Pictures of pages as PNG images, drawn in Rust (no external program): from a PDF by hayro
//! (`folio pack` on a folder, the previews of `folio watch --serve`), or from Folio's own
//! laid-out page (`build --pack`, which has the pages at hand). Both give the same size and
//! the same kind of PNG.

mod pages;
mod pdf;

pub use pages::page_png;
pub use pdf::pdf_page_png;

/// The most pixels a side may have: hayro's canvas is addressed in `u16`.
const MAX_SIDE: f32 = 8192.0;

/// The picture's size in pixels for a `width` × `height` pt page drawn `width_px` wide: the
/// page's proportions, the height rounded to the nearest pixel.
fn pixel_size(width: f32, height: f32, width_px: u32) -> Result<(u32, u32), String> {
    let height_px = (height * width_px as f32 / width).round();
    let fits = |side: f32| (1.0..=MAX_SIDE).contains(&side);
    if !(width > 0.0 && height > 0.0 && fits(width_px as f32) && fits(height_px)) {
        return Err(format!(
            "a {width_px}-pixel-wide picture of a {width} × {height} pt page is out of range"
        ));
    }
    Ok((width_px, height_px as u32))
}

/// Encodes 8-bit RGB pixels, row by row, as a PNG: a grey one when every pixel is grey (most
/// pages are black on white; a third of the data to compress and store).
fn encode_png(width: u32, height: u32, rgb: &[u8]) -> Result<Vec<u8>, String> {
    let grey = rgb.chunks_exact(3).all(|p| p[0] == p[1] && p[1] == p[2]);
    if grey {
        let levels: Vec<u8> = rgb.chunks_exact(3).map(|p| p[0]).collect();
        return encode_grey_png(width, height, &levels);
    }
    write_png(width, height, png::ColorType::Rgb, rgb)
}

/// Encodes 8-bit grey levels, row by row, as a grey PNG.
fn encode_grey_png(width: u32, height: u32, levels: &[u8]) -> Result<Vec<u8>, String> {
    write_png(width, height, png::ColorType::Grayscale, levels)
}

fn write_png(
    width: u32,
    height: u32,
    color: png::ColorType,
    data: &[u8],
) -> Result<Vec<u8>, String> {
    let fail = |e: png::EncodingError| format!("cannot encode the PNG: {e}");
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    // A picture of a page is written once and read a few times: the fast setting, each row
    // filtered against its left neighbours (the adaptive filters took a fifth of the time
    // to draw a page, for files a tenth smaller).
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Sub);
    let mut writer = encoder.write_header().map_err(fail)?;
    writer.write_image_data(data).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_at_240_pixels_is_240_by_339() {
        assert_eq!(pixel_size(595.276, 841.89, 240), Ok((240, 339)));
        assert!(pixel_size(0.0, 841.89, 240).is_err());
        assert!(pixel_size(595.276, 841.89, 0).is_err());
        assert!(pixel_size(10.0, 841.89, 8000).is_err());
    }
}
