//! The third stage: a prepared book written as markup. Every XHTML document and the style
//! sheet (`xhtml/`), and Kobo's spans on them for a KEPUB (`kepub.rs`).

pub(crate) mod kepub;
pub mod xhtml;
