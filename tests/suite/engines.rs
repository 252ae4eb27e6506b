//! The reading engines beyond Chromium (`render.rs`): MuPDF (PyMuPDF, and Debian's
//! `mutool` for MuPDF 1.21), Calibre's PDF and Kindle (AZW3) conversions, WebKitGTK and
//! epub.js. Each test builds a book with the real binary, has one engine lay it out, and
//! judges what the engine did, not our markup: which way each heading and paragraph runs
//! (judged from its own script, so the English book and the anthology's English article
//! must come out left to right), the cover whole on one page, no blank page, a centred title
//! page, footnotes under a heading, and in Calibre's Kindle file the direction its markup
//! still states. Each page looked at is kept as a picture in `target/render/<engine>/`.
//!
//! A missing engine fails the test with the command that installs it; none is skipped.

mod epubjs;
mod layout;
pub(crate) mod tools;

use crate::util;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use layout::{Kind, Leniency};
use tools::Engine;
use util::{fixture_dir, sample_dir, Epub};
use warraq::lang::LanguageTag;

/// The fixture books, each built once for every engine that reads it.
#[derive(Debug, Clone, Copy)]
enum Book {
    /// The sample: Arabic, with its cover.
    Sample,
    /// Four articles, one English, one Markdown with footnotes, a table and an image.
    Anthology,
    /// An English book: everything must come out left to right.
    English,
    /// The anthology as a Kobo KEPUB.
    Kepub,
    /// The sample with Noto Naskh Arabic embedded.
    Font,
    /// An edition from feeds (tests/fixtures/edition/): Arabic, Persian and English articles.
    Edition,
}

impl Book {
    fn name(self) -> &'static str {
        match self {
            Book::Sample => "sample",
            Book::Anthology => "anthology",
            Book::English => "english",
            Book::Kepub => "kepub",
            Book::Font => "font",
            Book::Edition => "edition",
        }
    }

    fn rtl(self) -> bool {
        !matches!(self, Book::English)
    }

    fn build(self) -> &'static Built {
        static BOOKS: [OnceLock<Built>; 6] = [const { OnceLock::new() }; 6];
        BOOKS[self as usize].get_or_init(|| {
            let font = util::repo().join("tests/fixtures/covers/fonts/NotoNaskhArabic-Regular.ttf");
            let epub = match self {
                Book::Sample => util::build_unchecked(&sample_dir()),
                Book::Anthology => util::build_unchecked(&fixture_dir("anthology")),
                Book::English => util::build_unchecked(&fixture_dir("english")),
                Book::Kepub => util::build_unchecked_with(&fixture_dir("anthology"), &["--kobo"]),
                Book::Font => util::build_unchecked_with(
                    &sample_dir(),
                    &["--font", font.to_str().expect("a UTF-8 path")],
                ),
                Book::Edition => crate::edition::fixture_edition().epub,
            };
            Built::unpack(self, epub)
        })
    }
}

/// A built book, unpacked in the test target's scratch folder (a static is never dropped, so a
/// temporary directory would outlive the run), with what each spine document is.
struct Built {
    epub: PathBuf,
    unpacked: PathBuf,
    spine: Vec<String>,
    kinds: Vec<Kind>,
}

impl Built {
    fn unpack(book: Book, epub: Epub) -> Built {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("engines")
            .join(book.name());
        if dir.exists() {
            fs::remove_dir_all(&dir).expect("cannot clear the last run's unpacked book");
        }
        fs::create_dir_all(&dir).expect("cannot create a folder for the unpacked book");
        let path = dir.join(format!("{}.epub", book.name()));
        fs::write(&path, &epub.bytes).expect("cannot write the book");
        let unpacked = dir.join("book");
        for name in epub.names().into_iter().filter(|n| !n.ends_with('/')) {
            assert!(!name.split('/').any(|p| p == ".."), "unsafe entry {name:?}");
            let target = unpacked.join(name);
            fs::create_dir_all(target.parent().expect("an entry has a folder"))
                .expect("cannot unpack");
            fs::write(&target, epub.read(name)).expect("cannot unpack");
        }
        let spine: Vec<String> = epub
            .opf()
            .spine_items()
            .into_iter()
            .map(|i| i.path.clone())
            .collect();
        let kinds = spine.iter().map(|d| kind(&epub.read_text(d))).collect();
        Built {
            epub: path,
            unpacked,
            spine,
            kinds,
        }
    }
}

/// What a document is, from its markup; an article with footnotes must show them under the
/// heading of its own language.
fn kind(xhtml: &str) -> Kind {
    if xhtml.contains("epub:type=\"cover\"") {
        Kind::Cover
    } else if xhtml.contains("epub:type=\"titlepage\"") {
        Kind::TitlePage
    } else if xhtml.contains("role=\"doc-chapter\"") {
        let notes = xhtml.contains("role=\"doc-footnote\"").then(|| {
            let lang = xhtml
                .split_once(" lang=\"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(lang, _)| lang)
                .expect("an article states its language");
            let tag = LanguageTag::parse(lang).expect("a valid language tag");
            tag.notes_label().to_string()
        });
        Kind::Article { notes }
    } else {
        Kind::Other
    }
}

/// `target/render/<engine>/<book>/`.
fn shots(engine: Engine, book: Book) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("render")
        .join(engine.name())
        .join(book.name())
}

/// Lays `book` out in `engine` and panics with every problem found.
fn assert_reads_right(engine: Engine, book: Book) {
    let built = book.build();
    let shots = shots(engine, book);
    let mut report = engine.run(&built.epub, &built.unpacked, &built.spine, &shots);
    eprintln!(
        "{} ({}): pictures of {} in {}",
        engine.name(),
        report.version,
        book.name(),
        shots.display()
    );
    let problems = match engine {
        Engine::CalibreAzw3 => layout::converted_markup(&report, book.rtl()),
        Engine::CalibrePdf => {
            // The PDF's pages come as the cover, the rest of the front matter, then each
            // article from the page its outline entry names.
            let mut kinds = vec![Kind::Cover, Kind::Other];
            let articles = built
                .kinds
                .iter()
                .filter(|k| matches!(k, Kind::Article { .. }));
            kinds.extend(articles.cloned());
            layout::problems(&report, &kinds, Leniency::default())
        }
        _ => {
            ink_from_shots(&mut report);
            let leniency = Leniency {
                headings_only: engine == Engine::Mutool,
            };
            layout::problems(&report, &built.kinds, leniency)
        }
    };
    assert!(
        problems.is_empty(),
        "{} ({}) does not lay {} out right:\n{}",
        report.engine,
        report.version,
        book.name(),
        problems.join("\n")
    );
}

/// The ink of pages whose engine reported only a picture.
fn ink_from_shots(report: &mut layout::Report) {
    for page in report.documents.iter_mut().flat_map(|d| &mut d.pages) {
        if page.ink.is_some() {
            continue;
        }
        let Some(shot) = &page.shot else { continue };
        let picture = image::open(shot)
            .unwrap_or_else(|e| panic!("cannot read the picture {shot}: {e}"))
            .to_rgb8();
        let (w, h) = picture.dimensions();
        let (mut count, mut bounds) = (0u64, [f64::MAX, f64::MAX, 0.0f64, 0.0f64]);
        for (x, y, pixel) in picture.enumerate_pixels() {
            if pixel.0.iter().map(|&c| u32::from(c)).sum::<u32>() < 3 * 235 {
                count += 1;
                let (x, y) = (f64::from(x), f64::from(y));
                bounds = [
                    bounds[0].min(x),
                    bounds[1].min(y),
                    bounds[2].max(x),
                    bounds[3].max(y),
                ];
            }
        }
        page.ink = Some(count as f64 / f64::from(w * h));
        page.ink_box = (count > 0).then_some(bounds);
    }
}

macro_rules! matrix {
    ($($test:ident: $engine:ident, $book:ident;)*) => {
        $(
            #[test]
            fn $test() {
                assert_reads_right(Engine::$engine, Book::$book);
            }
        )*
    };
}

matrix! {
    mupdf_sample: PyMuPdf, Sample;
    mupdf_anthology: PyMuPdf, Anthology;
    mupdf_english: PyMuPdf, English;
    mupdf_kepub: PyMuPdf, Kepub;
    mupdf_font: PyMuPdf, Font;
    mutool_sample: Mutool, Sample;
    mutool_anthology: Mutool, Anthology;
    mutool_english: Mutool, English;
    calibre_pdf_sample: CalibrePdf, Sample;
    calibre_pdf_anthology: CalibrePdf, Anthology;
    calibre_pdf_english: CalibrePdf, English;
    calibre_azw3_sample: CalibreAzw3, Sample;
    calibre_azw3_anthology: CalibreAzw3, Anthology;
    calibre_azw3_english: CalibreAzw3, English;
    webkit_sample: WebKit, Sample;
    webkit_anthology: WebKit, Anthology;
    webkit_english: WebKit, English;
    webkit_kepub: WebKit, Kepub;
    webkit_font: WebKit, Font;
    epubjs_sample: EpubJs, Sample;
    epubjs_anthology: EpubJs, Anthology;
    epubjs_english: EpubJs, English;
    mupdf_edition: PyMuPdf, Edition;
    mutool_edition: Mutool, Edition;
    calibre_azw3_edition: CalibreAzw3, Edition;
    webkit_edition: WebKit, Edition;
    epubjs_edition: EpubJs, Edition;
}
