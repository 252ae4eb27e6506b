//! warraq turns articles, their metadata and a cover into a right-to-left EPUB 3.
//!
//! The pipeline runs one way, with input and output only at the two ends (see [`pipeline`]):
//! files and flags → [`Book`] (metadata, articles, cover, images) → XHTML documents → EPUB
//! bytes → file. `warraq check` ([`check`]) and `warraq fix` ([`fix`]) read any EPUB.
#![warn(missing_docs)]

pub mod check;
pub mod document;
pub mod error;
pub mod fix;
pub mod lang;
pub mod model;
pub mod package;
pub mod pipeline;
pub mod prepare;
pub mod read;
pub mod render;
pub mod write;
pub mod xml;

pub use crate::error::{Error, Result};
pub use crate::model::{ArticleImage, Book, Format, Layout, Report, BOOK_TOML};
pub use crate::pipeline::batch::{self, BatchOptions};
pub use crate::pipeline::cover::{draw_cover, CoverOptions};
pub use crate::pipeline::{build, documents, prepare, render, ArticleFile, BuildOptions, Shared};
pub use crate::prepare::article::Article;
pub use crate::prepare::cover_choice::CoverChoice;
pub use crate::prepare::font::FontFile;
pub use crate::prepare::metadata::Metadata;
pub use crate::prepare::picture::Picture;
pub use crate::read::fields::{CoverArg, DirChoice, Fields, Origin};
pub use crate::read::source::Source;
