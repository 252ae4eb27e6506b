//! What `page.js` prints, as the browser tests read it: one JSON object of everything the
//! visit saw, typed so that a change in the script fails to parse rather than passes unread.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

/// What `page.js` saw.
#[derive(Debug, Deserialize)]
pub(super) struct Visit {
    pub(super) root: Root,
    /// The page's console errors and warnings, and uncaught exceptions.
    pub(super) console: Vec<String>,
    /// axe-core's violations, by the page's state.
    pub(super) axe: BTreeMap<String, Vec<Violation>>,
    pub(super) shots: Vec<PathBuf>,
    pub(super) timings: Timings,
    pub(super) sample: Made,
    pub(super) docx: Made,
    pub(super) english: Made,
    pub(super) url: Sent,
    pub(super) anthology: Anthology,
    pub(super) refused: Vec<Refused>,
    pub(super) check: Checked,
    pub(super) downloads: Downloads,
}

#[derive(Debug, Deserialize)]
pub(super) struct Root {
    pub(super) lang: String,
    pub(super) dir: String,
    pub(super) version: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct Violation {
    pub(super) id: String,
    pub(super) impact: Option<String>,
    pub(super) help: String,
    pub(super) nodes: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Timings {
    pub(super) first_load: FirstLoad,
    pub(super) sample: SampleTiming,
}

/// From the page's Navigation Timing entry, in ms from the start of the navigation.
#[derive(Debug, Deserialize)]
pub(super) struct FirstLoad {
    pub(super) redirect_ms: f64,
    pub(super) dom_content_loaded_ms: f64,
    pub(super) load_ms: f64,
    /// The limits fetched and the version shown: the page can be used.
    pub(super) ready_ms: f64,
}

/// From choosing `book/article.txt`, in ms.
#[derive(Debug, Deserialize)]
pub(super) struct SampleTiming {
    pub(super) upload_to_form_ms: f64,
    pub(super) upload_to_first_page_ms: f64,
    pub(super) upload_to_all_pages_counted_ms: f64,
}

/// What the page showed after sources were sent: the form, or an error.
#[derive(Debug, Deserialize)]
pub(super) struct Sent {
    /// The error box's text, empty when there is no error.
    pub(super) error: String,
    pub(super) sources: Vec<String>,
    pub(super) form: Form,
}

#[derive(Debug, Deserialize)]
pub(super) struct Form {
    pub(super) title: String,
    pub(super) language: String,
    pub(super) direction: String,
}

/// Sources sent, their book made and its preview paged through.
#[derive(Debug, Deserialize)]
pub(super) struct Made {
    #[serde(flatten)]
    pub(super) sent: Sent,
    pub(super) books: Vec<Book>,
    pub(super) preview: Walk,
}

#[derive(Debug, Deserialize)]
pub(super) struct Book {
    pub(super) title: String,
    pub(super) file_name: String,
    pub(super) findings: Vec<String>,
}

/// The preview at each page from the first to the last, then one page back.
#[derive(Debug, Deserialize)]
pub(super) struct Walk {
    pub(super) states: Vec<PageState>,
    pub(super) back: Option<PageState>,
}

#[derive(Debug, Deserialize)]
pub(super) struct PageState {
    /// 1-based across the book; `pages` its whole count.
    pub(super) page: u32,
    pub(super) pages: u32,
    /// The 1-based spine document in the frame, and the page within it.
    pub(super) item: u32,
    pub(super) item_page: u32,
    pub(super) book_direction: String,
    /// The path of the document in the frame.
    pub(super) src: String,
    /// The computed `direction` of the document's body.
    pub(super) direction: String,
    /// The body's transform, which places the page.
    pub(super) transform: String,
    /// The index of the first block of text (in document order) on the page shown.
    pub(super) first_block: i64,
    pub(super) counter: String,
    pub(super) next_x: f64,
    pub(super) prev_x: f64,
}

#[derive(Debug, Deserialize)]
pub(super) struct Anthology {
    #[serde(flatten)]
    pub(super) sent: Sent,
    pub(super) each: Each,
    pub(super) books: Vec<Book>,
    pub(super) zip_shown: bool,
}

/// The "one book per file" box.
#[derive(Debug, Deserialize)]
pub(super) struct Each {
    pub(super) shown: bool,
    pub(super) checked: bool,
}

#[derive(Debug, Deserialize)]
pub(super) struct Refused {
    pub(super) file: String,
    pub(super) error: String,
    /// The server's own message, under the page's lead-in.
    pub(super) details: Vec<String>,
    /// The upload sent right after.
    pub(super) next: Sent,
}

#[derive(Debug, Deserialize)]
pub(super) struct Checked {
    pub(super) error: String,
    pub(super) books: Vec<CheckedBook>,
    pub(super) fix_shown: bool,
    pub(super) fixed: Fixed,
}

#[derive(Debug, Deserialize)]
pub(super) struct CheckedBook {
    pub(super) name: String,
    pub(super) findings: Vec<Finding>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Finding {
    pub(super) rule: String,
    pub(super) text: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct Fixed {
    pub(super) error: String,
    pub(super) books: Vec<FixedBook>,
}

#[derive(Debug, Deserialize)]
pub(super) struct FixedBook {
    pub(super) repairs: Vec<String>,
    pub(super) findings_after: Vec<String>,
    pub(super) download: bool,
}

#[derive(Debug, Deserialize)]
pub(super) struct Downloads {
    pub(super) docx: Download,
    pub(super) anthology: Download,
    pub(super) fixed: Download,
}

/// A book fetched from a link's `href` in the page, kept at `path`.
#[derive(Debug, Deserialize)]
pub(super) struct Download {
    pub(super) status: u16,
    pub(super) content_type: Option<String>,
    pub(super) disposition: Option<String>,
    pub(super) path: PathBuf,
}
