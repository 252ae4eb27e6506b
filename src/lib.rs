//! warraq turns articles, their metadata and a cover into a right-to-left EPUB 3.
//!
//! The library's front, over the workspace's crates: the pipeline runs one way, with input and
//! output only at the two ends (see [`pipeline`]): files and flags → [`Book`] (metadata,
//! articles, cover, images) → XHTML documents → EPUB bytes → file. `warraq check` ([`check`])
//! and `warraq fix` ([`fix`]) read any EPUB.
#![warn(missing_docs)]

pub use warraq_check as check;
pub use warraq_core::{document, error, lang, write};
pub use warraq_fix as fix;

pub mod model;
pub mod package;
pub mod pipeline;
pub mod prepare;
pub mod read;
pub mod render;

pub use crate::model::{ArticleImage, Book, Format, Layout, Report};
pub use crate::pipeline::batch::{self, BatchOptions};
pub use crate::pipeline::cover::{draw_cover, CoverOptions};
pub use crate::pipeline::{build, documents, prepare, render, ArticleFile, BuildOptions, Shared};
pub use crate::prepare::cover_choice::CoverChoice;
pub use crate::prepare::metadata::Metadata;
pub use crate::read::fields::{CoverArg, DirChoice, Fields, Origin};
pub use crate::read::source::{Source, BOOK_TOML};
pub use warraq_core::error::{Error, Result};
pub use warraq_cover::font::FontFile;
pub use warraq_cover::picture::Picture;
pub use warraq_readers::article::Article;
