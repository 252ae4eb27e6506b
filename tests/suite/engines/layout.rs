//! What an engine laid out (the JSON `measure.py` and `measure.js` write) and the judgement on
//! it: which way each block of text runs, judged from its own script (Arabic flush right and
//! ragged on the left, English the mirror image), a cover whole on one page, no blank page, a
//! centred title page, footnotes under a heading of their own.

use serde::Deserialize;

/// How far (px) a line may sit from an edge and still be "at" it.
const AT_EDGE: f64 = 4.0;

/// Everything one engine did with one book.
#[derive(Debug, Deserialize)]
pub struct Report {
    pub engine: String,
    pub version: String,
    pub documents: Vec<Document>,
    /// Calibre AZW3: the page direction the converted file declares.
    #[serde(default)]
    pub page_direction: Option<String>,
}

/// One document of the spine (or, for Calibre's PDF, the pages of one article or of the
/// front matter; for Calibre's AZW3 one converted part).
#[derive(Debug, Deserialize)]
pub struct Document {
    pub doc: String,
    #[serde(default)]
    pub pages: Vec<Page>,
    /// Calibre AZW3: the paragraphs of the converted markup.
    #[serde(default)]
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Page {
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// The inked share of the page's picture (computed here from `shot` when absent).
    #[serde(default)]
    pub ink: Option<f64>,
    /// Where the ink is: left, top, right, bottom.
    #[serde(default)]
    pub ink_box: Option<[f64; 4]>,
    #[serde(default)]
    pub shot: Option<String>,
    /// Browser engines: the computed direction of `<body>`.
    #[serde(default)]
    pub body_direction: Option<String>,
    /// Browser engines: the document's height; more than a page means it scrolls.
    #[serde(default)]
    pub scroll_height: Option<f64>,
}

/// A paragraph or heading: its lines, top to bottom, as left, top, right, bottom.
#[derive(Debug, Deserialize)]
pub struct Block {
    pub text: String,
    /// `rtl` or `ltr`, from most of its letters.
    pub script: Option<String>,
    pub heading: bool,
    pub lines: Vec<[f64; 4]>,
}

/// A paragraph of Calibre's converted markup and the direction stated above it.
#[derive(Debug, Deserialize)]
pub struct Paragraph {
    pub text: String,
    pub script: Option<String>,
    pub dir: Option<String>,
}

/// What a document is, read from the EPUB, which decides what is asked of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Cover,
    TitlePage,
    Article {
        /// The heading its footnotes must be set under, when it has footnotes.
        notes: Option<String>,
    },
    Other,
}

/// What to leave out for a known engine fault that is not warraq's to fix.
#[derive(Debug, Clone, Copy, Default)]
pub struct Leniency {
    /// MuPDF 1.21 sets the last line of justified right-to-left text on the left whatever the
    /// markup says (fixed in later MuPDF): only headings tell its direction.
    pub headings_only: bool,
}

/// The left and right edges of the text column: the extent of the articles' text lines.
fn column(documents: &[(&Document, &Kind)]) -> Option<(f64, f64)> {
    let lines = documents
        .iter()
        .filter(|(_, kind)| matches!(kind, Kind::Article { .. }))
        .flat_map(|(d, _)| &d.pages)
        .flat_map(|p| &p.blocks)
        .filter(|b| !b.heading)
        .flat_map(|b| &b.lines);
    lines.fold(None, |edges, l| match edges {
        None => Some((l[0], l[2])),
        Some((left, right)) => Some((f64::min(left, l[0]), f64::max(right, l[2]))),
    })
}

/// Every problem with how the engine laid out the book; `kinds` names each document's kind.
pub fn problems(report: &Report, kinds: &[Kind], leniency: Leniency) -> Vec<String> {
    let mut found = Vec::new();
    let documents: Vec<(&Document, &Kind)> = report.documents.iter().zip(kinds).collect();
    let Some((left, right)) = column(&documents) else {
        return vec!["no paragraph of two lines or more was laid out".into()];
    };
    for (document, kind) in &documents {
        let mut say = |what: String| found.push(format!("{}: {what}", document.doc));
        if document.pages.is_empty() && **kind != Kind::Other {
            say("no page was laid out".into());
        }
        for (number, page) in document.pages.iter().enumerate() {
            if page.ink.is_some_and(|ink| ink < 0.0005) {
                say(format!("page {} is blank", number + 1));
            }
        }
        match kind {
            Kind::Cover => cover(document, &mut say),
            Kind::TitlePage => title_page(document, (left, right), &mut say),
            Kind::Article { notes } => {
                article(document, (left, right), leniency, &mut say);
                if let Some(label) = notes {
                    let reversed: String = label.chars().rev().collect();
                    let shown = all_blocks(document)
                        .any(|b| b.text.trim() == label.as_str() || b.text.trim() == reversed);
                    if !shown {
                        say(format!(
                            "the footnotes are not set under a heading {label:?}"
                        ));
                    }
                }
            }
            Kind::Other => {}
        }
    }
    found
}

fn all_blocks(document: &Document) -> impl Iterator<Item = &Block> {
    document.pages.iter().flat_map(|p| &p.blocks)
}

/// The cover fills one page: a picture across most of it, and no second page.
fn cover(document: &Document, say: &mut impl FnMut(String)) {
    if document.pages.len() > 1 {
        say(format!(
            "the cover page takes {} pages, not 1",
            document.pages.len()
        ));
    }
    let Some(page) = document.pages.first() else {
        return;
    };
    if let Some(height) = page.scroll_height.filter(|&h| h > 905.0) {
        say(format!("the cover page is {height} px tall: it scrolls"));
    }
    match page.ink_box {
        None => say("the cover page is blank".into()),
        Some([x0, y0, x1, y1]) => {
            let (width, height) = (x1 - x0, y1 - y0);
            // A 1:1.6 picture on a 600 × 900 page: at least 80 % of the height when the
            // height limits it, or at least 60 % of the width when the width does.
            if !(height >= 0.8 * 900.0 || width >= 0.6 * 600.0) || width < 0.3 * 600.0 {
                say(format!(
                    "the cover picture is inked over {width:.0} × {height:.0} px of the 600 × 900 \
                     page: not shown whole"
                ));
            }
        }
    }
}

/// Every line of the title page is centred in the column.
fn title_page(document: &Document, (left, right): (f64, f64), say: &mut impl FnMut(String)) {
    for block in all_blocks(document) {
        for line in &block.lines {
            let (gap_left, gap_right) = (line[0] - left, right - line[2]);
            if (gap_left - gap_right).abs() > 2.0 * AT_EDGE + 2.0 {
                say(format!(
                    "the title-page line {:?} is not centred: {gap_left:.0} px from the left \
                     edge, {gap_right:.0} px from the right",
                    block.text
                ));
            }
        }
    }
}

/// Headings and paragraphs run the way their script is written. A line tells its direction
/// when it touches one edge of the column and not the other: it must be the edge its script
/// starts from (a justified paragraph's last line, a heading, a short paragraph). Lines that
/// fill the column, or touch neither edge (a table, a quotation), say nothing.
fn article(
    document: &Document,
    (left, right): (f64, f64),
    leniency: Leniency,
    say: &mut impl FnMut(String),
) {
    let mut telling = 0;
    for page in &document.pages {
        if let (Some(direction), Some(block)) = (
            &page.body_direction,
            page.blocks.iter().find(|b| b.script.is_some()),
        ) {
            if Some(direction) != block.script.as_ref() {
                say(format!(
                    "<body> is laid out {direction}, its text {:?} is {}",
                    block.text,
                    block.script.as_deref().unwrap_or("?")
                ));
            }
        }
        for block in &page.blocks {
            let Some(script) = block.script.as_deref() else {
                continue;
            };
            if leniency.headings_only && !block.heading {
                continue;
            }
            let rtl = script == "rtl";
            for line in &block.lines {
                let at_left = (line[0] - left).abs() <= AT_EDGE;
                let at_right = (right - line[2]).abs() <= AT_EDGE;
                let (at_start, at_end) = if rtl {
                    (at_right, at_left)
                } else {
                    (at_left, at_right)
                };
                if at_start && !at_end {
                    telling += 1;
                } else if at_end && !at_start {
                    say(format!(
                        "{} {:?} ({script}) has a line flush {}, the side its script ends on \
                         (line {line:?}, column {left:.0}..{right:.0})",
                        if block.heading {
                            "the heading"
                        } else {
                            "the text"
                        },
                        block.text,
                        if rtl { "left" } else { "right" },
                    ));
                }
            }
        }
    }
    if telling == 0 {
        say(format!(
            "no {} line shows which way the text runs (none is flush at one edge only)",
            if leniency.headings_only {
                "heading"
            } else {
                "text"
            }
        ));
    }
}

/// The converted markup states each paragraph's direction where the engine keeps it: Arabic
/// under `dir="rtl"`, and in a right-to-left book an English paragraph under `dir="ltr"`.
pub fn converted_markup(report: &Report, rtl_book: bool) -> Vec<String> {
    let mut found = Vec::new();
    let mut seen = 0;
    for document in &report.documents {
        for paragraph in &document.paragraphs {
            seen += 1;
            let wanted = paragraph.script.as_deref().unwrap_or("ltr");
            let ok = match (wanted, paragraph.dir.as_deref()) {
                (want, Some(dir)) => want == dir,
                ("ltr", None) => !rtl_book,
                _ => false,
            };
            if !ok {
                found.push(format!(
                    "{}: the paragraph {:?} ({wanted}) is under dir={:?}",
                    document.doc, paragraph.text, paragraph.dir
                ));
            }
        }
    }
    if seen == 0 {
        found.push("the converted book has no paragraph of text".into());
    }
    if rtl_book && report.page_direction.as_deref() != Some("rtl") {
        found.push("the converted book does not turn its pages right to left".into());
    }
    found
}
