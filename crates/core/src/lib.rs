//! warraq's ground floor, which every other crate stands on: the one error type and its exit
//! codes ([`error`]), language tags, scripts, directions and the one language policy build,
//! check and fix all ask ([`lang`]), the document model every article reader produces and the
//! one writer reads ([`document`]), the warnings a build gives ([`warning`]), and the atomic
//! write of an output ([`mod@write`]).
#![warn(missing_docs)]

pub mod document;
pub mod error;
pub mod lang;
pub mod warning;
pub mod write;

pub use crate::error::{Error, Result};
pub use crate::warning::{Warning, WarningKind};
