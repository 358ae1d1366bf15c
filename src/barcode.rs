//! Code 39 bar codes (ISO/IEC 16388) of a job number: the bar and space widths both writers
//! draw from, vectors in the PDF, and a PNG of them for the DOCX.

/// A Code 39 symbol: its elements, bars and spaces alternating from a bar, in modules (the
/// narrow element's width).
#[derive(Clone, Debug, PartialEq)]
pub struct Code39 {
    /// The human-readable text printed under the bars: the data between the start and stop
    /// characters, `*1701234*`.
    pub text: String,
    pub elements: Vec<f32>,
}

impl Code39 {
    /// `data` (digits, capitals, `-. $/+%`) between start and stop characters, wide elements
    /// `ratio` times the narrow. `None` for data Code 39 cannot hold.
    ///
    /// The `barcoders` crate gives the modules at a fixed ratio of 2 (a wide element is two
    /// modules, `11` or `00`); each run of equal modules is read back as one element, so that
    /// the ratio can be what the layout asks for: ISO/IEC 16388 allows 2 to 3, and at least
    /// 2.2 when the narrow element is under 0.5 mm, as it is in a document's footer.
    pub fn new(data: &str, ratio: f32) -> Option<Code39> {
        let modules = barcoders::sym::code39::Code39::new(data).ok()?.encode();
        let mut elements = Vec::new();
        let mut run = 0;
        for (i, &m) in modules.iter().enumerate() {
            run += 1;
            if modules.get(i + 1) != Some(&m) {
                elements.push(if run == 1 { 1.0 } else { ratio });
                run = 0;
            }
        }
        Some(Code39 {
            text: format!("*{data}*"),
            elements,
        })
    }

    /// The whole symbol's width in modules.
    pub fn width(&self) -> f32 {
        self.elements.iter().sum()
    }

    /// Each bar's left edge and width, in modules from the symbol's left edge.
    pub fn bars(&self) -> impl Iterator<Item = (f32, f32)> + '_ {
        let mut x = 0.0;
        self.elements.iter().enumerate().filter_map(move |(i, &w)| {
            let at = x;
            x += w;
            (i % 2 == 0).then_some((at, w))
        })
    }

    /// The bars as a black-and-white PNG, `per_module` pixels to a narrow element (wide
    /// elements rounded to whole pixels) and `height` pixels tall.
    pub fn png(&self, per_module: u32, height: u32) -> Vec<u8> {
        let widths: Vec<u32> = (self.elements.iter())
            .map(|w| ((w * per_module as f32).round() as u32).max(1))
            .collect();
        let width: u32 = widths.iter().sum();
        // One bit a pixel, 1 white: a row is the bars' pattern, every row alike.
        let mut row = vec![0u8; width.div_ceil(8) as usize];
        let mut x = 0;
        for (i, w) in widths.iter().enumerate() {
            if i % 2 == 1 {
                for px in x..x + w {
                    row[(px / 8) as usize] |= 0x80 >> (px % 8);
                }
            }
            x += w;
        }
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, width, height.max(1));
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        let written = encoder.write_header().and_then(|mut w| {
            let data: Vec<u8> = (0..height.max(1)).flat_map(|_| row.clone()).collect();
            w.write_image_data(&data)?;
            w.finish()
        });
        // Writing into memory fails only on dimensions the PNG format cannot hold, which a
        // footer's bar code never reaches.
        debug_assert!(written.is_ok(), "{written:?}");
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_of_a_job_number() {
        let code = Code39::new("1701234", 2.5).unwrap();
        assert_eq!(code.text, "*1701234*");
        // Nine characters of nine elements (three wide), eight narrow gaps between them.
        assert_eq!(code.elements.len(), 9 * 9 + 8);
        let wide = code.elements.iter().filter(|&&w| w == 2.5).count();
        assert_eq!(wide, 9 * 3);
        assert_eq!(code.width(), 9.0 * (6.0 + 3.0 * 2.5) + 8.0);
        // The start character `*` is n W n n W n W n n (bars and spaces from a bar).
        assert_eq!(
            code.elements[..9],
            [1.0, 2.5, 1.0, 1.0, 2.5, 1.0, 2.5, 1.0, 1.0]
        );
        assert_eq!(code.bars().count(), 9 * 5);
        assert!(Code39::new("17-01234a", 2.5).is_none());
    }

    #[test]
    fn png_of_the_bars() {
        let code = Code39::new("17", 3.0).unwrap();
        let png = code.png(2, 4);
        let size = imagesize::blob_size(&png).unwrap();
        assert_eq!(size.width as f32, code.width() * 2.0);
        assert_eq!(size.height, 4);
    }
}
