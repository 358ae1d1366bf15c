//! Files shipped inside the binary, so that `folio` works from any folder: the fonts in
//! `fonts/` and the layouts in `layouts/` (with the images they name), as (file name, bytes)
//! sorted by name (build.rs).

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
