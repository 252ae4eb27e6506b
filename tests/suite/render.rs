//! Renders built books in a real engine, headless Chromium, and reads back what the engine
//! computed (not our own markup): the body's `direction`, where each line of text starts and
//! ends, and the pixels of a screenshot. An Arabic book must flow right to left; the English
//! fixture must flow left to right, so the same checks can tell the two apart.
//!
//! Each document of the spine is copied with a measuring script before `</body>` and loaded
//! from `file://` in one Chromium run with `--dump-dom` and `--screenshot`: the JSON the script
//! wrote into the DOM is parsed here, and the screenshot of the first page (600 × 900) is
//! kept in `target/render/` for a person to look at.

use crate::browser;
use crate::inputs;
use crate::util;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::thread;

use image::{GenericImageView, RgbaImage};
use serde::Deserialize;
use util::epub::Item;
use util::{fixture_dir, sample_dir, Epub};

/// The browser window in CSS pixels, and the screenshot's size. (When the script measures, at
/// `load`, headless Chromium's inner height is shorter, 757 px for this window; the width, and
/// so every line break, is the same.)
const WINDOW: (u32, u32) = (600, 900);

/// How far (px) a line may sit from an edge and still be "at" it: sub-pixel positioning.
const AT_EDGE: f64 = 2.0;

/// How far (px) a last line must end from the far edge to count as ragged.
const RAGGED: f64 = 5.0;

/// The script injected into each copy: on `load` (style sheet and images in), it measures the
/// page, writes JSON into a `<pre id="warraq-render">` and removes itself. `<`, `>` and `&`
/// are written as JSON escapes so the serialised DOM needs no unescaping.
const MEASURE: &str = r#"
window.addEventListener('load', function () {
  var round = function (x) { return Math.round(x * 100) / 100; };
  var rect = function (r) {
    return { left: round(r.left), right: round(r.right), top: round(r.top), bottom: round(r.bottom) };
  };
  function contentBox(el) {
    var r = el.getBoundingClientRect(), s = getComputedStyle(el);
    var px = function (v) { return parseFloat(v) || 0; };
    return {
      left: round(r.left + px(s.borderLeftWidth) + px(s.paddingLeft)),
      right: round(r.right - px(s.borderRightWidth) - px(s.paddingRight)),
      top: round(r.top + px(s.borderTopWidth) + px(s.paddingTop)),
      bottom: round(r.bottom - px(s.borderBottomWidth) - px(s.paddingBottom))
    };
  }
  // The element's text fragments, merged into one rectangle per line box.
  function lines(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var merged = [];
    Array.prototype.forEach.call(range.getClientRects(), function (r) {
      if (r.width <= 0 || r.height <= 0) return;
      var middle = (r.top + r.bottom) / 2;
      var line = merged.find(function (l) { return middle > l.top && middle < l.bottom; });
      if (line) {
        line.left = Math.min(line.left, r.left); line.right = Math.max(line.right, r.right);
        line.top = Math.min(line.top, r.top); line.bottom = Math.max(line.bottom, r.bottom);
      } else {
        merged.push({ left: r.left, right: r.right, top: r.top, bottom: r.bottom });
      }
    });
    merged.sort(function (a, b) { return a.top - b.top; });
    return merged.map(rect);
  }
  // The first character of the element's text, as laid out.
  function firstCharacter(el) {
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), node;
    while ((node = walker.nextNode())) {
      var at = node.data.search(/\S/);
      if (at < 0) continue;
      var end = at + 1, code = node.data.charCodeAt(at);
      if (code >= 0xD800 && code <= 0xDBFF) end += 1;
      var range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, end);
      var r = rect(range.getBoundingClientRect());
      r.text = node.data.slice(at, end);
      return r;
    }
    return null;
  }
  function block(el) {
    var style = getComputedStyle(el);
    return {
      text: el.textContent.trim().slice(0, 40),
      direction: style.direction,
      textAlign: style.textAlign,
      box: contentBox(el),
      lines: lines(el),
      first: firstCharacter(el)
    };
  }
  var all = function (selector, f) { return Array.prototype.map.call(document.querySelectorAll(selector), f); };
  var result = {
    bodyDirection: getComputedStyle(document.body).direction,
    headings: all('[role="doc-chapter"] h1', block),
    paragraphs: all('[role="doc-chapter"] p', block),
    images: all('img', function (img) {
      return {
        src: img.getAttribute('src'),
        loaded: img.complete && img.naturalWidth > 0,
        naturalWidth: img.naturalWidth,
        naturalHeight: img.naturalHeight,
        box: rect(img.getBoundingClientRect())
      };
    }),
    viewport: [window.innerWidth, window.innerHeight],
    scroll: [document.scrollingElement.scrollWidth, document.scrollingElement.scrollHeight]
  };
  var out = document.createElementNS('http://www.w3.org/1999/xhtml', 'pre');
  out.setAttribute('id', 'warraq-render');
  out.setAttribute('hidden', 'hidden');
  out.textContent = JSON.stringify(result).replace(/[<>&]/g, function (c) {
    return '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4);
  });
  document.body.appendChild(out);
  var script = document.getElementById('warraq-measure');
  script.parentNode.removeChild(script);
});
"#;

/// Which way text must flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Rtl,
    Ltr,
}

impl Flow {
    fn other(self) -> Flow {
        match self {
            Flow::Rtl => Flow::Ltr,
            Flow::Ltr => Flow::Rtl,
        }
    }

    /// The computed value of CSS `direction`.
    fn css(self) -> &'static str {
        match self {
            Flow::Rtl => "rtl",
            Flow::Ltr => "ltr",
        }
    }

    /// The x where a run of text of this direction begins.
    fn start_of(self, rect: &Rect) -> f64 {
        match self {
            Flow::Rtl => rect.right,
            Flow::Ltr => rect.left,
        }
    }

    /// How far inside `bounds` the start of `rect` lies (0 when it is at the start edge).
    fn gap_at_start(self, rect: &Rect, bounds: &Rect) -> f64 {
        match self {
            Flow::Rtl => bounds.right - rect.right,
            Flow::Ltr => rect.left - bounds.left,
        }
    }

    /// How far inside `bounds` the end of `rect` lies (0 when it reaches the end edge).
    fn gap_at_end(self, rect: &Rect, bounds: &Rect) -> f64 {
        match self {
            Flow::Rtl => rect.left - bounds.left,
            Flow::Ltr => bounds.right - rect.right,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
struct Rect {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

/// A heading or paragraph as Chromium laid it out.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Block {
    /// Its first 40 characters, to name it in a failure.
    text: String,
    direction: String,
    text_align: String,
    /// Its content box.
    #[serde(rename = "box")]
    bounds: Rect,
    /// One rectangle per line, top to bottom.
    lines: Vec<Rect>,
    /// The first character of its text.
    first: Option<Rect>,
}

/// An image as Chromium drew it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Image {
    src: String,
    loaded: bool,
    natural_width: f64,
    natural_height: f64,
    #[serde(rename = "box")]
    bounds: Rect,
}

/// What the measuring script found on one page.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    body_direction: String,
    headings: Vec<Block>,
    paragraphs: Vec<Block>,
    images: Vec<Image>,
    /// The window's inner size (the page a reader sees at once).
    viewport: (u32, u32),
    /// The document's scrollable size: larger than the viewport when it overflows.
    scroll: (u32, u32),
}

/// The sample book, built once and rendered once for the tests that look at it.
fn sample() -> &'static [Rendered] {
    static PAGES: OnceLock<Vec<Rendered>> = OnceLock::new();
    PAGES.get_or_init(|| render("sample", &util::build_unchecked(&sample_dir())))
}

#[test]
fn the_sample_book_renders_right_to_left_in_chromium() {
    let pages = sample();
    assert_eq!(
        pages.iter().map(|p| p.is_article).collect::<Vec<_>>(),
        [false, true],
        "the sample's spine is its cover page and its article: {:?}",
        paths(pages)
    );
    assert_flows("sample", pages, |_| Flow::Rtl);
}

#[test]
fn the_english_fixture_renders_left_to_right_in_chromium() {
    let pages = render("english", &util::build_unchecked(&fixture_dir("english")));
    assert_eq!(
        pages.iter().filter(|p| p.is_article).count(),
        1,
        "the English fixture has one article: {:?}",
        paths(&pages)
    );
    assert_flows("english", &pages, |_| Flow::Ltr);
}

#[test]
fn the_anthology_sets_each_article_in_its_own_direction() {
    let pages = render(
        "anthology",
        &util::build_unchecked(&fixture_dir("anthology")),
    );
    let articles: Vec<&str> = pages
        .iter()
        .filter(|p| p.is_article)
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(articles.len(), 4, "the anthology has four articles");
    // The fourth article (`04-english.txt`) is English by its front matter: left to right
    // inside a right-to-left book; everything else follows the book.
    let english = articles[3].to_string();
    assert_flows("anthology", &pages, |page| {
        if page.path == english {
            Flow::Ltr
        } else {
            Flow::Rtl
        }
    });
}

#[test]
fn an_edition_sets_its_english_section_left_to_right_and_the_rest_right_to_left() {
    let pages = render("edition", &crate::edition::fixture_edition().epub);
    let articles: Vec<&str> = pages
        .iter()
        .filter(|p| p.is_article)
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(
        articles.len(),
        7,
        "four Arabic, two Persian, one English: {articles:?}"
    );
    // The seventh, of the English section, runs left to right; every other page, the
    // masthead, the section fronts and "Not included" included, right to left.
    let english = articles[6].to_string();
    assert_flows("edition", &pages, |page| {
        if page.path == english {
            Flow::Ltr
        } else {
            Flow::Rtl
        }
    });
}

#[test]
fn a_news_page_and_a_word_document_render_right_to_left_with_their_english_paragraph() {
    for (name, epub) in [
        ("news-page", &inputs::news().epub),
        ("word", &inputs::word().epub),
    ] {
        let pages = render(name, epub);
        assert_eq!(pages.iter().filter(|p| p.is_article).count(), 1, "{name}");
        assert_directions(name, &pages, Flow::Rtl, &["The library opens"]);
    }
}

#[test]
fn the_sample_cover_is_shown_whole_and_undistorted_on_one_screen() {
    let cover = &sample()[0];
    assert!(!cover.is_article, "the sample's first page is its cover");
    let page = &cover.page;
    assert_eq!(page.images.len(), 1, "the cover page shows one image");
    let image = &page.images[0];
    assert!(image.loaded, "the cover image did not load");
    let natural = image.natural_width / image.natural_height;
    let shown = (image.bounds.right - image.bounds.left) / (image.bounds.bottom - image.bounds.top);
    let mut problems = Vec::new();
    if (shown / natural - 1.0).abs() > 0.01 {
        problems.push(format!(
            "the cover is drawn {:.1} x {:.1} px, an aspect ratio of {shown:.3}, but the image is \
             {} x {} ({natural:.3}): it is distorted",
            image.bounds.right - image.bounds.left,
            image.bounds.bottom - image.bounds.top,
            image.natural_width,
            image.natural_height
        ));
    }
    if page.scroll.1 > page.viewport.1 || page.scroll.0 > page.viewport.0 {
        problems.push(format!(
            "the cover page is {} x {} px, more than the {} x {} px screen: it scrolls \
             (or spills onto a second page)",
            page.scroll.0, page.scroll.1, page.viewport.0, page.viewport.1
        ));
    }
    assert!(
        problems.is_empty(),
        "{}:\n{}",
        cover.path,
        problems.join("\n")
    );
}

/// One spine document as Chromium rendered it.
struct Rendered {
    /// Its path in the EPUB.
    path: String,
    /// Whether it is an article (it holds `role="doc-chapter"`).
    is_article: bool,
    /// What the measuring script found.
    page: Page,
    /// The screenshot of its first page.
    shot: PathBuf,
}

fn paths(pages: &[Rendered]) -> Vec<&str> {
    pages.iter().map(|p| p.path.as_str()).collect()
}

/// Measures every document of the spine of `built` in Chromium (one run each, in parallel)
/// and saves a screenshot of each under `target/render/<name>-<document>.png`.
fn render(name: &str, epub: &Epub) -> Vec<Rendered> {
    browser::chromium();
    browser::assert_arabic_fonts();
    let work = tempfile::Builder::new()
        .prefix("warraq-render-")
        .tempdir()
        .expect("cannot create a temporary directory");
    let root = work.path().join("book");
    extract(epub, &root);
    let shots = render_dir();
    let spine: Vec<Item> = epub.opf().spine_items().into_iter().cloned().collect();
    thread::scope(|scope| {
        let runs: Vec<_> = spine
            .iter()
            .map(|item| {
                let (root, shots, scratch) = (&root, &shots, work.path());
                scope.spawn(move || {
                    let source = epub.read_text(&item.path);
                    let stem = Path::new(&item.path)
                        .file_stem()
                        .and_then(|s| s.to_str())
                        .expect("a document's file name is UTF-8");
                    let shot = shots.join(format!("{name}-{stem}.png"));
                    let page = load(&root.join(&item.path), &source, &shot, scratch);
                    eprintln!("{}: screenshot of {}", shot.display(), item.path);
                    Rendered {
                        path: item.path.clone(),
                        is_article: source.contains("role=\"doc-chapter\""),
                        page,
                        shot,
                    }
                })
            })
            .collect();
        runs.into_iter()
            .map(|run| {
                run.join()
                    .unwrap_or_else(|cause| std::panic::resume_unwind(cause))
            })
            .collect()
    })
}

/// Checks that every page flows the way `flow` says (the computed direction of its body, and
/// for articles the lines of the headline and paragraphs, on screen and in the screenshot);
/// panics with every problem found.
fn assert_flows(name: &str, pages: &[Rendered], flow: impl Fn(&Rendered) -> Flow) {
    let mut problems = Vec::new();
    for rendered in pages {
        let flow = flow(rendered);
        let page = &rendered.page;
        let mut found = Vec::new();
        if page.body_direction != flow.css() {
            found.push(format!(
                "the computed direction of <body> is {:?}, not {:?}",
                page.body_direction,
                flow.css()
            ));
        }
        for image in &page.images {
            if !image.loaded {
                found.push(format!("the image {} did not load", image.src));
            }
        }
        if rendered.is_article {
            check_article(page, flow, &mut found);
        }
        check_screenshot(&rendered.shot, page, flow, &mut found);
        problems.extend(
            found
                .into_iter()
                .map(|p| format!("{} ({}): {p}", rendered.path, flow.css())),
        );
    }
    assert!(
        problems.is_empty(),
        "{name} does not render as it should in Chromium:\n{}",
        problems.join("\n")
    );
}

/// The geometry of an article's headline and paragraphs, as the engine laid them out.
fn check_article(page: &Page, flow: Flow, found: &mut Vec<String>) {
    if page.headings.len() != 1 {
        found.push(format!("an article has {} h1, not 1", page.headings.len()));
    }
    for heading in &page.headings {
        check_block("the headline", heading, flow, found);
        // A headline is aligned to the start and not justified: its last line falls short of
        // the far edge, which is where the reader's eye does not begin.
        if let Some(last) = heading.lines.last() {
            let gap = flow.gap_at_end(last, &heading.bounds);
            if gap <= RAGGED {
                found.push(format!(
                    "the headline {:?}: its last line ends {gap:.1}px from the {} edge, not away from it",
                    heading.text,
                    end_side(flow)
                ));
            }
        }
    }
    let mut multi_line = 0;
    // A paragraph that only holds an image has no lines of text to look at.
    for paragraph in page.paragraphs.iter().filter(|p| !p.text.is_empty()) {
        let what = format!("the paragraph {:?}", paragraph.text);
        check_block(&what, paragraph, flow, found);
        if paragraph.lines.len() < 2 || paragraph.text_align != "justify" {
            continue;
        }
        multi_line += 1;
        let (last, earlier) = paragraph.lines.split_last().expect("two lines or more");
        for (number, line) in earlier.iter().enumerate() {
            let short = flow
                .gap_at_end(line, &paragraph.bounds)
                .max(flow.gap_at_start(line, &paragraph.bounds));
            if short > AT_EDGE {
                found.push(format!(
                    "{what}: line {} of {} does not fill the width ({short:.1}px short; line {line:?}, box {:?})",
                    number + 1,
                    paragraph.lines.len(),
                    paragraph.bounds
                ));
            }
        }
        let gap = flow.gap_at_end(last, &paragraph.bounds);
        if gap <= RAGGED {
            found.push(format!(
                "{what}: its last line is not ragged on the {}: it ends {gap:.1}px from that edge",
                end_side(flow)
            ));
        }
    }
    if multi_line == 0 {
        found.push(
            "no justified paragraph of two lines or more: nothing shows how lines flow".into(),
        );
    }
}

/// For a book whose articles mix directions (a page or a Word document with a paragraph in
/// the other language): every page's body flows `flow`, and every headline and paragraph of
/// its articles too, each in its computed direction with its first character at its start
/// edge, except the paragraphs whose text begins with one of `opposite`, which flow the other
/// way. How lines fill and end is [`assert_flows`]' business, on the sample's text.
fn assert_directions(name: &str, pages: &[Rendered], flow: Flow, opposite: &[&str]) {
    let mut problems = Vec::new();
    for rendered in pages {
        let page = &rendered.page;
        if page.body_direction != flow.css() {
            problems.push(format!(
                "{}: <body> is {:?}",
                rendered.path, page.body_direction
            ));
        }
        if !rendered.is_article {
            continue;
        }
        let mut found = Vec::new();
        for heading in &page.headings {
            check_block("the headline", heading, flow, &mut found);
        }
        for paragraph in page.paragraphs.iter().filter(|p| !p.text.is_empty()) {
            let own = if opposite.iter().any(|o| paragraph.text.starts_with(o)) {
                flow.other()
            } else {
                flow
            };
            check_block(
                &format!("the paragraph {:?}", paragraph.text),
                paragraph,
                own,
                &mut found,
            );
        }
        problems.extend(found.into_iter().map(|p| format!("{}: {p}", rendered.path)));
    }
    assert!(
        problems.is_empty(),
        "{name} does not render as it should in Chromium:\n{}",
        problems.join("\n")
    );
}

/// A block's computed direction, and that its first character and every line begin at its
/// start edge.
fn check_block(what: &str, block: &Block, flow: Flow, found: &mut Vec<String>) {
    if block.direction != flow.css() {
        found.push(format!(
            "{what}: computed direction {:?}, not {:?}",
            block.direction,
            flow.css()
        ));
    }
    match &block.first {
        None => found.push(format!("{what}: no text was laid out")),
        Some(first) => {
            let gap = flow.gap_at_start(first, &block.bounds);
            if gap.abs() > AT_EDGE {
                found.push(format!(
                    "{what}: its first character begins at x={:.1}, {gap:.1}px from the {} edge of its box {:?}",
                    flow.start_of(first),
                    start_side(flow),
                    block.bounds
                ));
            }
        }
    }
    if block.lines.is_empty() {
        found.push(format!("{what}: no line boxes"));
    }
    for (number, line) in block.lines.iter().enumerate() {
        let gap = flow.gap_at_start(line, &block.bounds);
        if gap.abs() > AT_EDGE {
            found.push(format!(
                "{what}: line {} begins {gap:.1}px from the {} edge (line {line:?}, box {:?})",
                number + 1,
                start_side(flow),
                block.bounds
            ));
        }
    }
}

/// The screenshot is the window's size and shows the first paragraph's last line where the
/// script measured it: ink from the start edge to the line's end, blank paper beyond it.
fn check_screenshot(shot: &Path, page: &Page, flow: Flow, found: &mut Vec<String>) {
    let picture = image::open(shot)
        .unwrap_or_else(|e| panic!("cannot read the screenshot {}: {e}", shot.display()));
    if picture.dimensions() != WINDOW {
        found.push(format!(
            "the screenshot is {:?}, not the window's {WINDOW:?}",
            picture.dimensions()
        ));
        return;
    }
    let picture = picture.to_rgba8();
    let inked = (0..WINDOW.1)
        .flat_map(|y| (0..WINDOW.0).map(move |x| (x, y)))
        .filter(|&(x, y)| is_ink(&picture, x, y))
        .count();
    if inked < 500 {
        found.push(format!(
            "the screenshot is nearly blank ({inked} dark pixels)"
        ));
    }
    let Some(paragraph) = page.paragraphs.iter().find(|p| {
        p.lines.len() >= 2 && p.bounds.bottom < f64::from(WINDOW.1) && p.text_align == "justify"
    }) else {
        return;
    };
    let last = paragraph.lines.last().expect("two lines or more");
    let rows = last.top.round() as u32..last.bottom.round() as u32;
    let columns = paragraph.bounds.left as u32..paragraph.bounds.right as u32;
    let ink: Vec<u32> = columns
        .filter(|&x| rows.clone().any(|y| is_ink(&picture, x, y)))
        .collect();
    let (Some(&leftmost), Some(&rightmost)) = (ink.first(), ink.last()) else {
        found.push(format!(
            "the screenshot shows no text where the last line of {:?} was measured ({last:?})",
            paragraph.text
        ));
        return;
    };
    let (ink_start, ink_end, line_start, line_end) = match flow {
        Flow::Rtl => (
            f64::from(rightmost),
            f64::from(leftmost),
            paragraph.bounds.right,
            last.left,
        ),
        Flow::Ltr => (
            f64::from(leftmost),
            f64::from(rightmost),
            paragraph.bounds.left,
            last.right,
        ),
    };
    // Glyphs are inked inside their advances, a side bearing (a pixel or two) short of them.
    if (ink_start - line_start).abs() > 4.0 || (ink_end - line_end).abs() > 4.0 {
        found.push(format!(
            "the screenshot's last line of {:?} is inked from x={ink_start} to x={ink_end}, \
             but was measured from x={line_start:.1} to x={line_end:.1}",
            paragraph.text
        ));
    }
}

/// A dark pixel: text, not paper.
fn is_ink(picture: &RgbaImage, x: u32, y: u32) -> bool {
    let [r, g, b, _] = picture.get_pixel(x, y).0;
    u32::from(r) + u32::from(g) + u32::from(b) < 3 * 128
}

fn start_side(flow: Flow) -> &'static str {
    match flow {
        Flow::Rtl => "right",
        Flow::Ltr => "left",
    }
}

fn end_side(flow: Flow) -> &'static str {
    match flow {
        Flow::Rtl => "left",
        Flow::Ltr => "right",
    }
}

/// Loads a copy of `document` with [`MEASURE`] injected (beside it, so its style sheet and
/// images resolve) in one Chromium run that dumps the DOM and saves a screenshot of the first
/// page to `shot`; returns what the script found.
fn load(document: &Path, source: &str, shot: &Path, scratch: &Path) -> Page {
    assert_eq!(
        source.matches("</body>").count(),
        1,
        "{} must close <body> exactly once",
        document.display()
    );
    let copy = document.with_extension("measured.xhtml");
    let script = format!(
        "<script id=\"warraq-measure\" type=\"text/javascript\"><![CDATA[{MEASURE}]]></script>\n</body>"
    );
    fs::write(&copy, source.replace("</body>", &script)).expect("cannot write the measured copy");
    let _ = fs::remove_file(shot);
    let output = browser::headless(
        scratch,
        WINDOW,
        [
            String::from("--dump-dom"),
            format!("--screenshot={}", shot.display()),
            file_url(&copy),
        ],
    );
    assert!(
        shot.is_file(),
        "Chromium wrote no screenshot of {} at {}",
        document.display(),
        shot.display()
    );
    let dom = String::from_utf8_lossy(&output.stdout);
    let json = dom
        .split_once("id=\"warraq-render\"")
        .and_then(|(_, rest)| rest.split_once('>'))
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .map(|(json, _)| json)
        .unwrap_or_else(|| {
            panic!(
                "Chromium's DOM of {} holds no measurement (did the script run?):\n{}\n--- stderr\n{}",
                copy.display(),
                dom.chars().take(2000).collect::<String>(),
                String::from_utf8_lossy(&output.stderr)
            )
        });
    serde_json::from_str(json).unwrap_or_else(|e| {
        panic!(
            "the measurement of {} does not parse: {e}\n{json}",
            copy.display()
        )
    })
}

/// Unpacks every entry of the EPUB under `root`.
fn extract(epub: &Epub, root: &Path) {
    for name in epub.names() {
        if name.ends_with('/') {
            continue;
        }
        assert!(
            !name.split('/').any(|part| part == ".." || part.is_empty()),
            "unsafe entry name {name:?}"
        );
        let path = root.join(name);
        fs::create_dir_all(path.parent().expect("an entry has a parent"))
            .expect("cannot create a directory for an entry");
        fs::write(&path, epub.read(name)).expect("cannot write an entry");
    }
}

/// `target/render/` in the Cargo target directory, where screenshots are kept.
fn render_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("render");
    fs::create_dir_all(&dir).expect("cannot create target/render");
    dir
}

/// A `file://` URL for an absolute path, bytes outside the unreserved set percent-encoded.
fn file_url(path: &Path) -> String {
    let path = path
        .canonicalize()
        .unwrap_or_else(|e| panic!("cannot resolve {}: {e}", path.display()));
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            url.push(byte as char);
        } else {
            let _ = write!(url, "%{byte:02X}");
        }
    }
    url
}
