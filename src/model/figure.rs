//! Validating a `figure:` block: the image the loader read (PNG or JPEG, its size from its
//! header), the required alternative text, the width and the caption.

use std::path::Path;
use std::sync::Arc;

use crate::definition::{self, FigureDef};
use crate::diag::{Diagnostic, Diagnostics, SourceRef};
use crate::units::Pt;

use super::validate::{Images, inlines};
use super::{Figure, Image, ImageFormat};

pub fn validate_figure(
    file: &Path,
    def: &FigureDef,
    images: &Images,
    at: SourceRef,
    diags: &mut Diagnostics,
) -> Option<Figure> {
    let image_at = definition::at(file, &def.image);
    let path = definition::image_path(file, &def.image.value);
    let alt = match &def.alt {
        Some(alt) if !alt.value.trim().is_empty() => alt.value.trim().to_string(),
        Some(alt) => {
            diags.push(Diagnostic::error(
                definition::at(file, alt),
                "`alt` is empty; expected a sentence saying what the image shows",
            ));
            String::new()
        }
        None => {
            diags.push(
                Diagnostic::error(
                    at.clone(),
                    "the figure has no `alt`; expected a sentence saying what the image shows",
                )
                .with_hint("PDF/UA requires alternative text, and screen readers read it out"),
            );
            String::new()
        }
    };
    let width = def.width.as_ref().and_then(|w| match Pt::parse(&w.value) {
        Some(pt) if pt.0 > 0.0 && pt.0 <= 14_400.0 => Some(pt),
        _ => {
            diags.push(Diagnostic::error(
                definition::at(file, w),
                format!("`width` is `{}`; expected a length such as `80mm`", w.value),
            ));
            None
        }
    });
    let caption = def
        .caption
        .as_ref()
        .map(|c| inlines(file, c, diags))
        .unwrap_or_default();
    let image = match images.get(&path) {
        Some(Ok(bytes)) => decode(&path, bytes)
            .map_err(|e| diags.push(Diagnostic::error(image_at.clone(), e)))
            .ok()?,
        Some(Err(e)) => {
            diags.push(Diagnostic::error(image_at, format!("image: {e}")));
            return None;
        }
        None => {
            diags.push(
                Diagnostic::error(
                    image_at,
                    format!("image `{}` does not exist", path.display()),
                )
                .with_hint("an image path is relative to the file that names it"),
            );
            return None;
        }
    };
    Some(Figure {
        image: Arc::new(image),
        alt,
        width,
        caption,
        at,
    })
}

/// The image's format and pixel size from its header; PNG and JPEG only. Layouts decode
/// their header and footer images with it too.
pub fn decode(path: &Path, bytes: &Arc<[u8]>) -> Result<Image, String> {
    let format = match imagesize::image_type(bytes) {
        Ok(imagesize::ImageType::Png) => ImageFormat::Png,
        Ok(imagesize::ImageType::Jpeg) => ImageFormat::Jpeg,
        Ok(other) => {
            return Err(format!(
                "image `{}` is {other:?}; expected PNG or JPEG",
                path.display()
            ));
        }
        Err(_) => {
            return Err(format!(
                "image `{}` is not an image Folio can read; expected PNG or JPEG",
                path.display()
            ));
        }
    };
    let size = imagesize::blob_size(bytes)
        .map_err(|e| format!("image `{}`: cannot read its size ({e})", path.display()))?;
    if size.width == 0 || size.height == 0 || size.width > 50_000 || size.height > 50_000 {
        return Err(format!(
            "image `{}` is {}×{} pixels; expected 1 to 50,000 each way",
            path.display(),
            size.width,
            size.height
        ));
    }
    Ok(Image {
        bytes: bytes.clone(),
        format,
        width: size.width as u32,
        height: size.height as u32,
        path: path.to_path_buf(),
    })
}
