//! Lengths: the `Pt` unit type that crosses module boundaries, and parsing of `12pt`, `2cm`, `1in`, `25mm`.

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// A length in PostScript points (1/72 inch).
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Pt(pub f32);

impl Pt {
    pub const ZERO: Pt = Pt(0.0);

    pub fn from_mm(mm: f32) -> Pt {
        Pt(mm * 72.0 / 25.4)
    }

    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }

    pub fn min(self, other: Pt) -> Pt {
        Pt(self.0.min(other.0))
    }

    /// Parses `12pt`, `25mm`, `2.5cm`, `1in` or a bare number (points).
    pub fn parse(text: &str) -> Option<Pt> {
        let text = text.trim();
        let split = text
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let value: f32 = number.trim().parse().ok()?;
        if !value.is_finite() {
            return None;
        }
        let factor = match unit.trim() {
            "" | "pt" => 1.0,
            "mm" => 72.0 / 25.4,
            "cm" => 720.0 / 25.4,
            "in" => 72.0,
            _ => return None,
        };
        Some(Pt(value * factor))
    }

    /// Twentieths of a point, Word's unit for most lengths.
    pub fn twips(self) -> i32 {
        (self.0 * 20.0).round() as i32
    }

    /// Half points, Word's unit for font sizes.
    pub fn half_points(self) -> usize {
        (self.0 * 2.0).round().max(1.0) as usize
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, rhs: Pt) -> Pt {
        Pt(self.0 + rhs.0)
    }
}
impl AddAssign for Pt {
    fn add_assign(&mut self, rhs: Pt) {
        self.0 += rhs.0;
    }
}
impl Sub for Pt {
    type Output = Pt;
    fn sub(self, rhs: Pt) -> Pt {
        Pt(self.0 - rhs.0)
    }
}
impl SubAssign for Pt {
    fn sub_assign(&mut self, rhs: Pt) {
        self.0 -= rhs.0;
    }
}
impl Mul<f32> for Pt {
    type Output = Pt;
    fn mul(self, rhs: f32) -> Pt {
        Pt(self.0 * rhs)
    }
}
impl Div<f32> for Pt {
    type Output = Pt;
    fn div(self, rhs: f32) -> Pt {
        Pt(self.0 / rhs)
    }
}
impl Neg for Pt {
    type Output = Pt;
    fn neg(self) -> Pt {
        Pt(-self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        assert_eq!(Pt::parse("12pt"), Some(Pt(12.0)));
        assert_eq!(Pt::parse("1in"), Some(Pt(72.0)));
        assert!((Pt::parse("25.4mm").unwrap().0 - 72.0).abs() < 1e-4);
        assert!((Pt::parse("2.54 cm").unwrap().0 - 72.0).abs() < 1e-4);
        assert_eq!(Pt::parse("7"), Some(Pt(7.0)));
        assert_eq!(Pt::parse("12px"), None);
        assert_eq!(Pt::parse("abc"), None);
    }

    #[test]
    fn word_units() {
        assert_eq!(Pt(11.0).half_points(), 22);
        assert_eq!(Pt(72.0).twips(), 1440);
    }
}
