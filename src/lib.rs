//! Folio: one YAML report definition to a PDF and a DOCX for every language edition.

pub mod assets;
pub mod barcode;
pub mod cli;
pub mod compose;
pub mod definition;
pub mod diag;
pub mod edition;
pub mod export;
pub mod fonts;
pub mod input;
pub mod layouts;
pub mod masthead;
pub mod model;
pub mod pack;
pub mod raster;
pub mod run;
pub mod schema;
pub mod shell;
pub mod starter;
pub mod typeset;
pub mod typography;
pub mod units;
pub mod verify;
pub mod watch;
