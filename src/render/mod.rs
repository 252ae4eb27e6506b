//! The third stage: a prepared book written as markup: every XHTML document, with Kobo's
//! spans in a KEPUB's, and the style sheet (`xhtml/`).

pub mod xhtml;
