//! Typesetting: shaping, line breaking, hyphenation and pagination into `Pages`.

pub mod analyze;
pub mod linebreak;
pub mod pages;
pub mod shape;

pub use pages::Pages;
