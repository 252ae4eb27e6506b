//! EPUB's containers, for every part of warraq that writes or reads a book: zip entries packed
//! once and read whole ([`zipwrite`], [`zipread`], how each is packed in [`packing`]), and XML —
//! the namespaces, escaping, decoding, and edits at the positions the parser gives ([`xml`]) —
//! and CSS, each declaration of a style sheet or `style` attribute where it is ([`css`]).
#![warn(missing_docs)]

pub mod css;
pub mod opf;
pub mod packing;
pub mod xml;
pub mod zipread;
pub mod zipwrite;
