//! warraq's article readers: bytes in, the document model out, with no file or network of
//! their own. Text decoded ([`text`]), cleaned ([`clean`]) and parsed ([`article`], Markdown in
//! [`markdown`]), web pages ([`html`]), Word documents ([`docx`]), and every link an article
//! carries written in its serialised form ([`links`]); every format behind one trait
//! ([`reader::Reader`]).
#![warn(missing_docs)]

pub mod article;
pub mod clean;
pub mod docx;
pub mod html;
pub mod links;
pub mod markdown;
pub mod reader;
pub mod text;
