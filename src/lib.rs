//! warraq turns articles, their metadata and a cover into a right-to-left EPUB 3.
//!
//! The pipeline runs one way, with input and output only at the two ends (see [`pipeline`]):
//! files and flags → [`Book`] (metadata, articles, cover, images) → XHTML documents → EPUB
//! bytes → file. `warraq check` ([`check`]) and `warraq fix` ([`fix`]) read any EPUB.
#![warn(missing_docs)]

pub mod article;
pub mod book_cover;
pub mod book_toml;
pub mod check;
pub mod clean;
pub mod cover;
pub mod cover_art;
pub mod epub;
pub mod error;
pub mod fields;
pub mod fix;
pub mod font;
pub mod jpeg;
pub mod kepub;
pub mod lang;
pub mod metadata;
pub mod model;
pub mod ocf;
pub mod output;
pub mod pipeline;
pub mod scale;
pub mod source;
pub mod subset;
pub mod text;
pub mod toc_lang;
pub mod typeset;
pub mod xhtml;
pub mod zipwrite;

pub use crate::article::Article;
pub use crate::book_cover::CoverChoice;
pub use crate::cover::Cover;
pub use crate::error::{Error, Result};
pub use crate::fields::{CoverArg, DirChoice, Fields, Origin};
pub use crate::font::FontFile;
pub use crate::metadata::Metadata;
pub use crate::model::{ArticleImage, Book, Format, Layout, Report, BOOK_TOML};
pub use crate::pipeline::batch::{self, BatchOptions};
pub use crate::pipeline::cover::{draw_cover, CoverOptions};
pub use crate::pipeline::{build, prepare, render, ArticleFile, BuildOptions, Shared};
pub use crate::source::Source;
