//! Where the bytes an article names come from once it is read: the images beside it or on the
//! web, and a fetched page's own image. Their names are known only once the article is parsed,
//! so the later stages ask for them through [`Io`]. The command line takes them from the disk
//! and the network ([`Local`]); a library caller can give its own: a server that must not
//! reach private addresses, a pipeline that holds the images already.

use std::path::{Path, PathBuf};

use crate::read::{fetch, files};
use warraq_core::error::Result;

/// The files and addresses a book's articles name, as the build reads them.
pub trait Io: Sync {
    /// The image `src` that the article at `article` shows at `place` (`:line`, or
    /// ` (where)`): its path and bytes, or an error naming the article and the place.
    fn image(&self, article: &Path, src: &str, place: &str) -> Result<(PathBuf, Vec<u8>)>;

    /// What `url` answers, at most `limit` bytes of it, or why it cannot be had.
    fn fetch(&self, url: &str, limit: u64) -> std::result::Result<Vec<u8>, String>;
}

/// The disk and the network, within warraq's limits: a file beside the article (a regular
/// file, of at most 50 MB), an http or https address (a timeout, size caps, few redirects).
#[derive(Debug, Clone, Copy, Default)]
pub struct Local;

impl Io for Local {
    fn image(&self, article: &Path, src: &str, place: &str) -> Result<(PathBuf, Vec<u8>)> {
        files::article_image(article, src, place)
    }

    fn fetch(&self, url: &str, limit: u64) -> std::result::Result<Vec<u8>, String> {
        fetch::get(url, limit).map(|f| f.bytes)
    }
}
