//! warraq's pictures: any image made fit for a book ([`picture`], with our JPEG encoder), text
//! set into pictures ([`typeset`]) in the system's fonts ([`fonts`]), the drawn cover
//! ([`cover_drawing`]), and a font file to embed ([`font`]).
#![warn(missing_docs)]

pub mod cover_drawing;
pub mod font;
pub mod fonts;
pub mod picture;
pub mod typeset;
