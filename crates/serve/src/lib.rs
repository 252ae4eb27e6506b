//! `warraq serve`: the web application, in Arabic and English, that makes, checks and fixes
//! books in a browser, for people who never open a terminal.
//!
//! The server knows how books are made only through the [`Books`] trait, which the `warraq`
//! crate implements on its library; checking and fixing it calls directly. It listens on
//! loopback unless told otherwise, and every request must carry the token it printed
//! (`security`), come for the host it listens as, and, for a POST, say it is the page's own.
//! Uploads are streamed to a temporary folder of the job's, with a size limit (`upload`); the
//! work runs on the blocking pool, a few books at a time (`jobs`), with its progress pushed
//! to the page as server-sent events.
#![warn(missing_docs)]

mod api;
mod assets;
mod books;
mod epub_files;
mod jobs;
mod make;
mod reply;
mod report;
mod security;
mod upload;

use std::net::SocketAddr;
use std::sync::Arc;

pub use api::router;
pub use jobs::App;
use warraq_core::error::Result;

/// A file sent by the page (or a page fetched for it): its name as the user gave it, which
/// names it in messages and gives its format, and its bytes.
#[derive(Debug, Clone, Default)]
pub struct Upload {
    /// The file's name (never a path on the server), or the URL a page was fetched from.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// For a fetched page: the URL it came from after redirects.
    pub url: Option<String>,
    /// For a fetched page: its media type and charset, from `Content-Type`.
    pub media_type: Option<String>,
    /// For a fetched page: the charset its server named.
    pub charset: Option<String>,
}

/// The metadata form: what the sources say of themselves, then what the user made of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Form {
    /// The title.
    pub title: String,
    /// The authors, in order.
    pub authors: Vec<String>,
    /// A BCP 47 language tag.
    pub language: String,
    /// `rtl`, `ltr`, or `auto` (from the language).
    pub direction: String,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The publisher.
    pub publisher: Option<String>,
    /// A description.
    pub description: Option<String>,
    /// Subjects.
    pub subjects: Vec<String>,
    /// The series the book belongs to.
    pub series: Option<String>,
    /// Its place in the series, a whole number from 1, as typed.
    pub series_index: Option<String>,
}

/// Which cover a book gets.
#[derive(Debug, Clone, Default)]
pub enum CoverWish {
    /// Drawn from the metadata.
    #[default]
    Drawn,
    /// The page's own image (a fetched page's or a document's), else drawn.
    Page,
    /// This uploaded image.
    Image(Upload),
    /// None.
    None,
}

/// What the page asked to be made.
#[derive(Debug, Clone, Default)]
pub struct Order {
    /// The sources, in order: uploaded files and fetched pages.
    pub sources: Vec<Upload>,
    /// The metadata.
    pub form: Form,
    /// The cover.
    pub cover: CoverWish,
    /// One book a source, rather than one book of them all.
    pub each: bool,
    /// Kobo's KEPUB rather than EPUB.
    pub kobo: bool,
    /// A font to embed (and to set a drawn cover's title in).
    pub font: Option<Upload>,
}

/// A book made.
#[derive(Debug, Clone)]
pub struct Built {
    /// The file name the command line would give it.
    pub file_name: String,
    /// Its title.
    pub title: String,
    /// The EPUB's bytes.
    pub bytes: Vec<u8>,
    /// What the build noticed, a line each.
    pub warnings: Vec<String>,
}

/// What the sources say, before anything is made.
#[derive(Debug, Clone, Default)]
pub struct Proposal {
    /// The form as the book would be made if nothing is changed.
    pub form: Form,
    /// What reading the sources noticed, a line each.
    pub warnings: Vec<String>,
}

/// How book-making is done: the `warraq` crate's library behind this server.
pub trait Books: Send + Sync + 'static {
    /// Fetches the page at `url` (an http or https address), within the fetching limits and
    /// the server's address policy.
    fn fetch(&self, url: &str) -> Result<Upload>;

    /// Reads the sources and proposes their metadata.
    fn propose(&self, sources: &[Upload]) -> Result<Proposal>;

    /// Makes the books `order` asks for; `progress` is told of each book begun
    /// (its 0-based number and the number of books).
    fn build(&self, order: &Order, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Vec<Built>>;

    /// Draws the cover a book with this metadata gets, as a PNG.
    fn cover(&self, form: &Form) -> Result<Vec<u8>>;
}

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The address to listen on.
    pub listen: SocketAddr,
    /// The largest file an upload may hold, in bytes.
    pub max_upload: u64,
    /// Whether to open the address in the default browser once listening.
    pub open: bool,
    /// How many books are made at once.
    pub workers: usize,
}

/// The default `--max-upload`: 100 MB.
pub const MAX_UPLOAD: u64 = 100 * 1024 * 1024;

/// Listens, prints the address with its token (and a warning when it is not loopback), and
/// serves until interrupted; then the jobs' temporary files are removed.
pub fn serve(options: &Options, books: Arc<dyn Books>) -> Result<()> {
    few_arenas(options.workers);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .worker_threads(2)
        .build()
        .map_err(|e| {
            warraq_core::error::Error::Internal(format!("cannot start the server: {e}"))
        })?;
    let result = runtime.block_on(api::run(options, books));
    // A build still running on the blocking pool is not waited for long: the process ends.
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    result
}

/// Limits glibc's malloc to two arenas a worker. By default it makes up to eight a core, one
/// for each thread that allocates at once, and each keeps what the builds on it freed: the
/// server's memory then grows with the number of threads that ever built a book, not with
/// the books being built (measured in BENCHMARKS.md).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn few_arenas(workers: usize) {
    let arenas = i32::try_from(workers.max(1) * 2).unwrap_or(i32::MAX);
    // SAFETY: mallopt only sets a parameter of the allocator; called before the server's
    // threads start, it races with no allocation.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, arenas);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn few_arenas(_workers: usize) {}
