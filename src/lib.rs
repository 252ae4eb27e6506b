//! warraq turns articles, their metadata and a cover into a right-to-left EPUB 3.
//!
//! The library's front, over the workspace's crates: the pipeline runs one way, with input and
//! output only at the two ends (see [`pipeline`]): files and flags → [`Book`] (metadata,
//! articles, cover, images) → XHTML documents → EPUB bytes → file. `warraq check` ([`check`])
//! and `warraq fix` ([`fix`]) read any EPUB.
//!
//! # Use as a library
//!
//! A book made in memory and checked, as the README shows it (a test keeps the two the same):
//!
//! ```
//! use chrono::DateTime;
//! use warraq::{ArticleFile, Cover, Request};
//!
//! let article = ArticleFile::in_memory("article.txt", "عنوان\n\nنص المقال.".into());
//! let modified = DateTime::from_timestamp(1_700_000_000, 0).unwrap(); // same time, same bytes
//! let mut request = Request::new(vec![article], modified);
//! request.settings.authors = vec!["الجزيرة نت".into()];
//! request.cover = Cover::None; // or Cover::Drawn, Cover::Auto, Cover::Image(Named { .. })
//! let made = warraq::build_bytes(&request)?; // the EPUB's bytes, its file name, its warnings
//! assert_eq!(made.file_name, "عنوان.epub");
//!
//! let findings = warraq::check::check(&made.bytes, &warraq::check::Options::default());
//! assert!(findings.is_empty());
//! # Ok::<(), warraq::Error>(())
//! ```
#![warn(missing_docs)]

pub use warraq_check as check;
pub use warraq_core::{document, error, lang, write};
pub use warraq_fix as fix;

pub mod library;
pub mod model;
pub mod package;
pub mod pipeline;
pub mod prepare;
pub mod read;
pub mod render;
#[cfg(feature = "serve")]
pub mod serve;

pub use crate::library::{build_bytes, build_bytes_with, cover_bytes, Cover, Made, Named, Request};
pub use crate::model::{ArticleImage, Book, Format, Layout, Report};
pub use crate::pipeline::batch::{self, BatchOptions};
pub use crate::pipeline::cover::{draw_cover, CoverOptions};
pub use crate::pipeline::{build, documents, prepare, render, ArticleFile, BuildOptions, Shared};
pub use crate::prepare::cover_choice::CoverChoice;
pub use crate::prepare::metadata::Metadata;
pub use crate::read::fields::{CoverArg, DirChoice, Fields, Origin};
pub use crate::read::io::{Io, Local};
pub use crate::read::source::{Source, BOOK_TOML};
pub use warraq_core::error::{Error, Result};
pub use warraq_core::warning::{Warning, WarningKind};
pub use warraq_cover::font::FontFile;
pub use warraq_cover::picture::Picture;
pub use warraq_readers::article::Article;
