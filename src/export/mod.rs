//! Writers that turn a laid-out or resolved edition into file bytes.

pub mod docx;
pub mod docx_patch;
pub mod pdf;
