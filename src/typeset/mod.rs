//! Typesetting: shaping, line breaking, hyphenation and pagination into `Pages`.

pub mod pages;

pub use pages::Pages;
