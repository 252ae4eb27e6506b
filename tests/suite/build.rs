//! Integration tests of `warraq build`: run the real binary, open the EPUB it wrote with a zip
//! reader and an XML parser, and check what a reading system (and EPUBCheck) would see.
//!
//! Grouped by what is promised: validity, right-to-left, metadata, cover, text,
//! reproducibility, the archive itself, and the command line. Every EPUB built here has
//! already passed EPUBCheck 5.3.0 with no fatal, error or warning (see `util::Book`).

use crate::util;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use image::{GenericImageView, ImageFormat};
use util::epub::Item;
use util::reader::{
    assert_direction_everywhere, assert_documents_direction, assert_package_direction,
    assert_spine_direction, assert_stored_as, assert_text_matches, cover_of,
    headings_and_paragraphs, ncx_doc_title, toc_heading,
};
use util::text::{article_lines, nfc};
use util::{epubcheck, images, ocf, repo, sample_dir, shared, Book, Built, Epub};

/// `SOURCE_DATE_EPOCH` for the reproducibility tests, and the instant it names.
const EPOCH: &str = "1700000000";
const EPOCH_ISO: &str = "2023-11-14T22:13:20Z";

/// The heading of the table of contents in an Arabic book.
const ARABIC_CONTENTS: &str = "المحتويات";

// Builds that many tests only read are made once per test run; a test that needs its own
// flags or inputs builds its own book in its own temporary directory.

/// `warraq build book/` — the sample, as shipped.
fn sample_build() -> &'static Built {
    static BUILT: OnceLock<Result<Built, String>> = OnceLock::new();
    shared(&BUILT, || Book::sample().build())
}

fn sample() -> &'static Epub {
    &sample_build().epub
}

/// The sample built with `SOURCE_DATE_EPOCH` set.
fn sample_at_epoch() -> &'static Epub {
    static BUILT: OnceLock<Result<Built, String>> = OnceLock::new();
    &shared(&BUILT, || {
        Book::sample().env("SOURCE_DATE_EPOCH", EPOCH).build()
    })
    .epub
}

/// The English fixture with a generated 800×1280 JPEG cover.
fn english_build() -> &'static Built {
    static BUILT: OnceLock<Result<Built, String>> = OnceLock::new();
    shared(&BUILT, || {
        Book::fixture("english")
            .cover("cover.jpg", &images::jpeg(800, 1280))
            .build()
    })
}

fn english() -> &'static Epub {
    &english_build().epub
}

/// The sample's `book.toml`, read independently of the implementation.
fn sample_toml() -> toml::Table {
    let text = std::fs::read_to_string(sample_dir().join("book.toml")).unwrap();
    text.parse().expect("book/book.toml does not parse")
}

fn toml_string(table: &toml::Table, key: &str) -> String {
    table[key]
        .as_str()
        .unwrap_or_else(|| panic!("book.toml {key} is not a string"))
        .to_string()
}

fn toml_strings(table: &toml::Table, key: &str) -> Vec<String> {
    table[key]
        .as_array()
        .unwrap_or_else(|| panic!("book.toml {key} is not an array"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// The headline and paragraphs of an article file, normalised as documented.
fn expected_lines(article: &std::path::Path) -> Vec<String> {
    article_lines(&std::fs::read(article).unwrap())
}

/// The English fixture with a cover file made from `bytes`; returns the stored cover.
fn english_with_cover(file_name: &str, bytes: &[u8]) -> (Item, Vec<u8>) {
    let built = Book::fixture("english").cover(file_name, bytes).build();
    cover_of(&built.epub)
}

/// [`english_with_cover`] without EPUBCheck: for the cover cases the unit tests of
/// `crates/cover/src/picture/` already prove, whose book differs from a validated one (the same
/// fixture with a JPEG or PNG cover) only in the cover's pixels.
fn english_with_cover_unvalidated(file_name: &str, bytes: &[u8]) -> (Item, Vec<u8>) {
    let built = Book::fixture("english")
        .cover(file_name, bytes)
        .without_epubcheck()
        .build();
    cover_of(&built.epub)
}

/// Words of a message, split on anything but ASCII letters, digits and hyphens.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// 1. Every EPUB passes EPUBCheck 5.3.0: `Book::build` checks each one.
///
/// A fatal, error or warning fails the test that built the book; what is left to test here is
/// that the harness notices.
mod validity {
    use super::*;

    /// The harness must catch a bad book, or every other test here proves nothing.
    #[test]
    fn epubcheck_harness_reports_a_broken_book() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("broken.epub");
        let file = std::fs::File::create(&path).unwrap();
        let mut zip = zip::ZipWriter::new(file);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let entries: [(&str, &str); 4] = [
            ("mimetype", "application/epub+zip"),
            (
                "META-INF/container.xml",
                r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
            ),
            (
                "OEBPS/content.opf",
                r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier><dc:title>t</dc:title><dc:language>en</dc:language></metadata><manifest><item id="n" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/></manifest><spine><itemref idref="n"/></spine></package>"#,
            ),
            ("OEBPS/nav.xhtml", "<html/>"),
        ];
        for (name, content) in entries {
            zip.start_file(name, stored).unwrap();
            std::io::Write::write_all(&mut zip, content.as_bytes()).unwrap();
        }
        zip.finish().unwrap();

        let report = epubcheck::check(&path);
        assert_eq!(report.version, epubcheck::VERSION);
        let ids: Vec<&str> = report.failures().iter().map(|m| m.id.as_str()).collect();
        assert!(ids.contains(&"RSC-005"), "expected RSC-005, got {ids:?}");
        let caught = std::panic::catch_unwind(|| epubcheck::assert_clean(&report, &path));
        assert!(caught.is_err(), "assert_clean passed a broken book");
    }
}

/// 2. Right-to-left: spine, package, every XHTML document, style sheets, table of contents.
mod direction {
    use super::*;

    #[test]
    fn sample_spine_progresses_right_to_left() {
        assert_spine_direction(sample(), "rtl");
    }

    #[test]
    fn sample_package_is_rtl_and_arabic() {
        assert_package_direction(sample(), "ar", "rtl");
    }

    #[test]
    fn sample_every_xhtml_document_is_rtl_arabic_and_titled() {
        let count = assert_documents_direction(sample(), "ar", "rtl");
        // The content document, the cover page and the navigation document at least.
        assert!(count >= 3, "only {count} XHTML documents in the manifest");
        let opf = sample().opf();
        assert!(opf.item_with_property("nav").is_xhtml());
    }

    #[test]
    fn style_sheets_leave_direction_to_markup() {
        for epub in [sample(), english()] {
            for item in epub.manifest() {
                if item.media_type != "text/css" {
                    continue;
                }
                let css = epub.read_text(&item.path);
                for (property, value) in util::text::css_declarations(&css) {
                    assert!(
                        property != "direction" && property != "unicode-bidi",
                        "{}: forbidden property `{property}: {value}`",
                        item.path
                    );
                    if property == "text-align" {
                        let value = value.to_ascii_lowercase();
                        let keyword = value.split_whitespace().next().unwrap_or("");
                        assert!(
                            keyword != "left" && keyword != "right",
                            "{}: physical `text-align: {value}`; use start/end/justify",
                            item.path
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn sample_table_of_contents_is_headed_in_arabic() {
        assert_eq!(toc_heading(sample()), ARABIC_CONTENTS, "nav toc heading");
        assert_eq!(ncx_doc_title(sample()), ARABIC_CONTENTS, "NCX docTitle");
    }

    #[test]
    fn english_fixture_is_ltr_everywhere() {
        let epub = english();
        assert_direction_everywhere(epub, "en", "ltr");
        // Cover page, content, navigation document.
        assert!(epub.xhtml_documents().len() >= 3);
    }

    #[test]
    fn dir_flag_turns_the_sample_ltr() {
        let built = Book::sample().args(["--dir", "ltr"]).build();
        assert_direction_everywhere(&built.epub, "ar", "ltr");
    }

    /// A copy of the English fixture whose book.toml says `dir = "rtl"`.
    fn english_marked_rtl() -> Book {
        let fixture = util::fixture_dir("english");
        let mut book = Book::empty();
        let toml = std::fs::read_to_string(fixture.join("book.toml")).unwrap();
        book.write("in/book.toml", format!("{toml}dir = \"rtl\"\n").as_bytes());
        let article = std::fs::read(fixture.join("article.txt")).unwrap();
        book.write("in/article.txt", &article);
        let input = book.tmp().join("in");
        book.input(input);
        book
    }

    #[test]
    fn book_toml_dir_is_honoured() {
        let built = english_marked_rtl().build();
        assert_direction_everywhere(&built.epub, "en", "rtl");
    }

    #[test]
    fn dir_auto_flag_overrides_book_toml_and_follows_the_language() {
        let built = english_marked_rtl().args(["--dir", "auto"]).build();
        assert_direction_everywhere(&built.epub, "en", "ltr");
    }

    #[test]
    fn persian_lang_flag_gives_rtl() {
        let built = Book::sample().args(["--lang", "fa"]).build();
        assert_direction_everywhere(&built.epub, "fa", "rtl");
    }

    #[test]
    fn arabic_script_subtag_gives_rtl() {
        let built = Book::new(sample_dir().join("article.txt"))
            .args(["--lang", "az-Arab"])
            .build();
        assert_direction_everywhere(&built.epub, "az-Arab", "rtl");
    }

    #[test]
    fn bare_article_language_is_detected_and_reported() {
        let built = Book::new(sample_dir().join("article.txt")).build();
        assert!(
            words(&built.stderr).contains(&"ar"),
            "stderr does not report the detected language `ar`: {:?}",
            built.stderr
        );
        assert_direction_everywhere(&built.epub, "ar", "rtl");
        // A bare article file takes no metadata from a book.toml beside it.
        let opf = built.epub.opf();
        assert_eq!(opf.dc("publisher"), Vec::<String>::new(), "dc:publisher");
        assert_eq!(opf.dc("subject"), Vec::<String>::new(), "dc:subject");
    }
}

/// 3. Metadata: title, creators, language, identifier, the book.toml fields, modification date.
mod metadata {
    use super::*;

    #[test]
    fn a_series_is_a_collection_with_the_books_place_in_it() {
        // From book.toml, and from the flags over it; without a number, no position.
        let mut book = Book::sample();
        book.arg("--series")
            .arg("ورّاقو بغداد")
            .arg("--series-index")
            .arg("3");
        let built = book.build();
        let opf = built.epub.opf();
        let collection = opf.meta_property("belongs-to-collection");
        assert_eq!(collection.len(), 1, "one collection");
        assert_eq!(collection[0].text, "ورّاقو بغداد");
        let positions: Vec<&str> = opf
            .meta_property("group-position")
            .iter()
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(positions, ["3"]);
        let types: Vec<&str> = opf
            .meta_property("collection-type")
            .iter()
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(types, ["series"]);

        let mut alone = Book::sample();
        alone.arg("--series").arg("سلسلة");
        let built = alone.build();
        assert!(built.epub.opf().meta_property("group-position").is_empty());

        let mut no_name = Book::sample();
        no_name.arg("--series-index").arg("2");
        let failed = no_name.fail();
        assert_eq!(
            failed.code,
            Some(2),
            "a number without a series is a usage error"
        );
    }

    fn unique_identifier(epub: &Epub) -> String {
        let opf = epub.opf();
        let id = opf
            .package
            .get("unique-identifier")
            .expect("<package> has no unique-identifier");
        let identifiers: Vec<_> = opf
            .dc_elements("identifier")
            .into_iter()
            .filter(|e| e.attr("id") == Some(id.as_str()))
            .collect();
        assert_eq!(
            identifiers.len(),
            1,
            "dc:identifier elements with id {id:?} (the package's unique-identifier)"
        );
        identifiers[0].text.trim().to_string()
    }

    #[test]
    fn title_defaults_to_the_headline() {
        let headline = expected_lines(&sample_dir().join("article.txt"))[0].clone();
        let titles: Vec<String> = sample().opf().dc("title").iter().map(|t| nfc(t)).collect();
        assert_eq!(titles, vec![headline]);
    }

    #[test]
    fn title_flag_overrides_the_headline() {
        let built = Book::fixture("english")
            .args(["--title", "A Title & <Another>"])
            .build();
        assert_eq!(built.epub.opf().dc("title"), vec!["A Title & <Another>"]);
    }

    #[test]
    fn sample_author_is_a_creator_with_the_aut_role() {
        let authors = toml_strings(&sample_toml(), "authors");
        assert_creators(sample(), &authors);
    }

    #[test]
    fn every_author_flag_is_a_creator_with_the_aut_role() {
        let built = Book::fixture("english")
            .args(["--author", "Ada Lovelace", "--author", "Charles Babbage"])
            .build();
        assert_creators(
            &built.epub,
            &["Ada Lovelace".to_string(), "Charles Babbage".to_string()],
        );
    }

    fn assert_creators(epub: &Epub, authors: &[String]) {
        let opf = epub.opf();
        let creators = opf.dc_elements("creator");
        let names: Vec<String> = creators.iter().map(|c| nfc(c.text.trim())).collect();
        let expected: Vec<String> = authors.iter().map(|a| nfc(a)).collect();
        assert_eq!(names, expected, "dc:creator, one per author, in order");
        for creator in creators {
            let id = creator
                .attr("id")
                .unwrap_or_else(|| panic!("dc:creator {:?} has no id", creator.text));
            let target = format!("#{id}");
            let roles: Vec<_> = opf
                .meta_property("role")
                .into_iter()
                .filter(|m| m.attr("refines") == Some(target.as_str()))
                .collect();
            assert_eq!(roles.len(), 1, "role metas refining #{id}");
            assert_eq!(roles[0].attr("scheme"), Some("marc:relators"));
            assert_eq!(roles[0].text.trim(), "aut");
        }
    }

    #[test]
    fn exactly_one_language() {
        assert_eq!(sample().opf().dc("language"), vec!["ar"]);
        assert_eq!(english().opf().dc("language"), vec!["en"]);
    }

    #[test]
    fn identifier_is_a_name_based_uuid() {
        let identifier = unique_identifier(sample());
        let uuid = identifier
            .strip_prefix("urn:uuid:")
            .unwrap_or_else(|| panic!("{identifier:?} is not urn:uuid:"));
        let shape_ok = uuid.len() == 36
            && uuid.char_indices().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == '-',
                _ => c.is_ascii_hexdigit(),
            });
        assert!(shape_ok, "{uuid:?} is not a UUID");
        assert_eq!(&uuid[14..15], "5", "UUID version nibble of {uuid}");
        assert!(
            "89abAB".contains(&uuid[19..20]),
            "UUID variant of {uuid} is not RFC 4122"
        );
    }

    #[test]
    fn identifier_is_stable_across_builds() {
        let book = Book::fixture("english");
        let first = unique_identifier(&book.build_to("first.epub").epub);
        let second = unique_identifier(&Book::fixture("english").build().epub);
        assert_eq!(first, second);
        assert!(first.starts_with("urn:uuid:"), "{first}");
    }

    #[test]
    fn identifier_changes_with_the_title() {
        let plain = unique_identifier(&Book::fixture("english").build().epub);
        let retitled = unique_identifier(
            &Book::fixture("english")
                .args(["--title", "Something Else Entirely"])
                .build()
                .epub,
        );
        assert_ne!(plain, retitled);
    }

    #[test]
    fn identifier_flag_is_used_verbatim() {
        let built = Book::fixture("english")
            .args(["--identifier", "urn:isbn:9780000000002"])
            .build();
        assert_eq!(unique_identifier(&built.epub), "urn:isbn:9780000000002");
    }

    #[test]
    fn book_toml_fields_are_carried_over() {
        let toml = sample_toml();
        let opf = sample().opf();
        for key in ["publisher", "date", "description", "source", "rights"] {
            let got: Vec<String> = opf.dc(key).iter().map(|t| nfc(t.trim())).collect();
            assert_eq!(got, vec![nfc(&toml_string(&toml, key))], "dc:{key}");
        }
        let mut subjects: Vec<String> = opf.dc("subject").iter().map(|t| nfc(t.trim())).collect();
        let mut expected: Vec<String> = toml_strings(&toml, "subjects")
            .iter()
            .map(|s| nfc(s))
            .collect();
        subjects.sort();
        expected.sort();
        assert_eq!(subjects, expected, "dc:subject");
    }

    #[test]
    fn flags_override_book_toml() {
        let built = Book::fixture("english")
            .args(["--publisher", "Flag Press", "--date", "2001-09-30"])
            .args(["--description", "From a flag.", "--source", "urn:flag:src"])
            .args([
                "--rights",
                "Flag rights.",
                "--subject",
                "One",
                "--subject",
                "Two",
            ])
            .build();
        let opf = built.epub.opf();
        assert_eq!(opf.dc("publisher"), vec!["Flag Press"]);
        assert_eq!(opf.dc("date"), vec!["2001-09-30"]);
        assert_eq!(opf.dc("description"), vec!["From a flag."]);
        assert_eq!(opf.dc("source"), vec!["urn:flag:src"]);
        assert_eq!(opf.dc("rights"), vec!["Flag rights."]);
        let subjects: BTreeSet<String> = opf.dc("subject").into_iter().collect();
        assert_eq!(subjects, BTreeSet::from(["One".into(), "Two".into()]));
    }

    #[test]
    fn exactly_one_modification_date() {
        for epub in [sample(), english()] {
            let modified = epub.opf().meta_property("dcterms:modified").len();
            assert_eq!(modified, 1, "meta[property=dcterms:modified] count");
        }
    }

    #[test]
    fn opf_ids_are_unique() {
        for epub in [sample(), english()] {
            let ids = epub.opf().ids;
            let mut seen = BTreeSet::new();
            for id in &ids {
                assert!(seen.insert(id), "id {id:?} appears twice in the OPF");
            }
        }
    }
}

/// 4. Cover: wiring, and what is stored for each kind of image.
mod cover {
    use super::*;

    #[test]
    fn sample_cover_is_declared_and_shown_first() {
        let (item, bytes) = cover_of(sample());
        assert_stored_as(&item, &bytes, ImageFormat::Jpeg);
    }

    #[test]
    fn sample_cover_is_stored_byte_for_byte() {
        let original =
            std::fs::read(repo().join("covers/sample.jpg")).expect("covers/sample.jpg is missing");
        let (_, stored) = cover_of(sample());
        assert!(
            stored == original,
            "the stored cover ({} bytes) differs from covers/sample.jpg ({} bytes)",
            stored.len(),
            original.len()
        );
        assert_eq!(images::decode(&stored).dimensions(), (1600, 2560));
    }

    #[test]
    fn large_jpeg_is_scaled_to_a_2560_pixel_long_side() {
        let (item, bytes) = english_with_cover_unvalidated("big.jpg", &images::jpeg(4000, 6000));
        assert_stored_as(&item, &bytes, ImageFormat::Jpeg);
        let (width, height) = images::decode(&bytes).dimensions();
        assert_eq!(height, 2560, "height of the stored cover");
        assert!(
            width.abs_diff(1707) <= 1,
            "width {width}: the aspect ratio 2:3 is not kept (want 1707 ± 1)"
        );
    }

    #[test]
    fn transparent_png_stays_png_with_its_alpha() {
        let (item, bytes) = english_with_cover("clear.png", &images::transparent_png(800, 1280));
        assert_stored_as(&item, &bytes, ImageFormat::Png);
        let image = images::decode(&bytes);
        assert_eq!(image.dimensions(), (800, 1280), "not upscaled");
        assert!(image.color().has_alpha(), "the alpha channel was dropped");
        let alphas: BTreeSet<u8> = image.to_rgba8().pixels().map(|p| p.0[3]).collect();
        assert!(
            alphas.first().is_some_and(|&a| a < 128) && alphas.len() > 2,
            "the transparency is gone: alpha values {alphas:?}"
        );
    }

    #[test]
    fn opaque_png_becomes_jpeg() {
        let (item, bytes) = english_with_cover("opaque.png", &images::opaque_png(1000, 1600));
        assert_stored_as(&item, &bytes, ImageFormat::Jpeg);
        assert_eq!(images::decode(&bytes).dimensions(), (1000, 1600));
    }

    #[test]
    fn png_with_an_all_opaque_alpha_channel_becomes_jpeg() {
        let (item, bytes) =
            english_with_cover_unvalidated("rgba.png", &images::opaque_rgba_png(1000, 1600));
        assert_stored_as(&item, &bytes, ImageFormat::Jpeg);
        assert_eq!(images::decode(&bytes).dimensions(), (1000, 1600));
    }

    #[test]
    fn exif_orientation_is_applied() {
        let (item, bytes) = english_with_cover("rotated.jpg", &images::exif_rotated_jpeg());
        assert_stored_as(&item, &bytes, ImageFormat::Jpeg);
        let image = images::decode(&bytes);
        assert_eq!(
            image.dimensions(),
            (1250, 2000),
            "stored pixels are not upright"
        );
        assert_eq!(
            images::jpeg_orientation(&bytes),
            image::metadata::Orientation::NoTransforms,
            "the stored cover still asks readers to rotate it (it would turn twice)"
        );
        // Rotated clockwise, the red top-left quadrant of the stored pixels is now top-right.
        let top_right = images::mean_rgb(&image, (675, 50), (1200, 950));
        let top_left = images::mean_rgb(&image, (50, 50), (575, 950));
        assert!(
            top_right[0] > 150.0 && top_right[2] < 100.0,
            "top-right is not red ({top_right:?}): rotated the wrong way"
        );
        assert!(
            top_left[2] > 150.0 && top_left[0] < 100.0,
            "top-left is not blue ({top_left:?}): rotated the wrong way"
        );
    }

    fn assert_converted_to_jpeg(file_name: &str, format: ImageFormat) {
        let source = images::encode(&images::blocks(640, 1024), format);
        assert_eq!(images::format_of(&source), format, "fixture format");
        let (item, bytes) = english_with_cover(file_name, &source);
        assert_stored_as(&item, &bytes, ImageFormat::Jpeg);
        assert_eq!(images::decode(&bytes).dimensions(), (640, 1024));
    }

    #[test]
    fn gif_becomes_jpeg() {
        assert_converted_to_jpeg("cover.gif", ImageFormat::Gif);
    }

    #[test]
    fn webp_becomes_jpeg() {
        assert_converted_to_jpeg("cover.webp", ImageFormat::WebP);
    }

    #[test]
    fn bmp_becomes_jpeg() {
        assert_converted_to_jpeg("cover.bmp", ImageFormat::Bmp);
    }

    #[test]
    fn tiff_becomes_jpeg() {
        assert_converted_to_jpeg("cover.tiff", ImageFormat::Tiff);
    }

    #[test]
    fn small_cover_is_not_upscaled() {
        let (item, bytes) = english_with_cover_unvalidated("small.jpg", &images::jpeg(500, 800));
        assert_stored_as(&item, &bytes, ImageFormat::Jpeg);
        assert_eq!(images::decode(&bytes).dimensions(), (500, 800));
    }
}

/// 5. Text: the headline is the `<h1>`, every other line a `<p>`, normalised as documented.
mod text {
    use super::*;

    #[test]
    fn sample_text_matches_the_article() {
        let lines = expected_lines(&sample_dir().join("article.txt"));
        assert!(lines.len() > 2, "the sample article has too few lines");
        assert_text_matches(sample(), &lines);
    }

    #[test]
    fn english_text_matches_the_article() {
        let lines = expected_lines(&util::fixture_dir("english").join("article.txt"));
        assert_text_matches(english(), &lines);
    }

    #[test]
    fn article_is_normalised_and_escaped() {
        let article = concat!(
            "\u{FEFF}\r\n",
            "  \t \r\n",
            "  Headline  with\t\truns & <specials>  \r\n",
            "First: \"quoted\" & 'single' <b>not a tag</b> -> ok.\r",
            "\r",
            "Kept\u{00A0}no-break,\u{202F}narrow\u{2007}and  figure   spaces.\n",
            "Cafe\u{0301} and \u{0627}\u{0654}\u{0645}\u{0644} arrive decomposed.\r\n",
            "   \t  \n",
            "\u{0627}\u{0644}\u{0639}\u{0631}\u{0628}\u{064A}\u{0629} ]]> last line, no newline"
        );
        let expected = vec![
            "Headline with runs & <specials>",
            "First: \"quoted\" & 'single' <b>not a tag</b> -> ok.",
            "Kept\u{00A0}no-break,\u{202F}narrow\u{2007}and figure spaces.",
            "Caf\u{00E9} and \u{0623}\u{0645}\u{0644} arrive decomposed.",
            "\u{0627}\u{0644}\u{0639}\u{0631}\u{0628}\u{064A}\u{0629} ]]> last line, no newline",
        ];
        // The independent model of the normalisation agrees with the spelled-out lines.
        assert_eq!(article_lines(article.as_bytes()), expected);

        let built = Book::article(article.as_bytes())
            .args(["--lang", "en"])
            .build();
        let expected: Vec<String> = expected.into_iter().map(String::from).collect();
        let (h1, p) = headings_and_paragraphs(&built.epub);
        assert_eq!(
            h1,
            vec![expected[0].clone()],
            "<h1>, before any NFC of ours"
        );
        assert_eq!(p, expected[1..], "<p>s, before any NFC of ours");
        assert_eq!(built.epub.opf().dc("title"), vec![expected[0].clone()]);
    }
}

/// 6. Reproducible builds under `SOURCE_DATE_EPOCH`.
mod reproducible {
    use super::*;

    #[test]
    fn two_builds_are_byte_identical() {
        let first = sample_at_epoch();
        let second = Book::sample()
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .build_to("elsewhere.epub");
        assert!(
            first.bytes == second.epub.bytes,
            "two builds with SOURCE_DATE_EPOCH={EPOCH} differ ({} vs {} bytes)",
            first.bytes.len(),
            second.epub.bytes.len()
        );
    }

    #[test]
    fn converted_cover_builds_are_byte_identical() {
        let cover = images::opaque_png(900, 1440);
        let build = |file_name: &str| {
            Book::fixture("english")
                .env("SOURCE_DATE_EPOCH", EPOCH)
                .cover("cover.png", &cover)
                .build_to(file_name)
                .epub
                .bytes
        };
        let (first, second) = (build("one.epub"), build("two.epub"));
        assert!(
            first == second,
            "two builds with a PNG cover converted to JPEG differ ({} vs {} bytes)",
            first.len(),
            second.len()
        );
    }

    #[test]
    fn modification_date_comes_from_source_date_epoch() {
        let opf = sample_at_epoch().opf();
        let modified: Vec<&str> = opf
            .meta_property("dcterms:modified")
            .iter()
            .map(|m| m.text.trim())
            .collect();
        assert_eq!(modified, vec![EPOCH_ISO]);
    }

    #[test]
    fn zip_timestamps_come_from_source_date_epoch() {
        let want = chrono::DateTime::parse_from_rfc3339(EPOCH_ISO)
            .unwrap()
            .naive_utc();
        for entry in ocf::entries(&sample_at_epoch().bytes) {
            for (which, stamp) in [
                ("local", entry.local_date_time),
                ("central", entry.central_date_time),
            ] {
                let got = ocf::dos_date_time(stamp).unwrap_or_else(|| {
                    panic!("{}: {which} DOS timestamp {stamp:?} is no date", entry.name)
                });
                assert!(
                    (got - want).num_seconds().abs() <= 2,
                    "{}: {which} header says {got}, want {want}",
                    entry.name
                );
            }
        }
    }
}

/// 7. The OCF container, read byte by byte.
mod archive {
    use super::*;

    fn books() -> [&'static Epub; 2] {
        [sample(), english()]
    }

    #[test]
    fn mimetype_is_first_stored_and_exact() {
        for epub in books() {
            let entries = ocf::entries(&epub.bytes);
            let first = &entries[0];
            assert_eq!(first.name, "mimetype", "first entry");
            assert_eq!(first.offset, 0, "mimetype's local header offset");
            assert_eq!(first.method, 0, "mimetype compression (local)");
            assert_eq!(first.central_method, 0, "mimetype compression (central)");
            assert!(first.local_extra.is_empty(), "mimetype has an extra field");
            assert_eq!(first.data, b"application/epub+zip");
        }
    }

    #[test]
    fn other_entries_are_deflated() {
        for epub in books() {
            for entry in ocf::entries(&epub.bytes).iter().skip(1) {
                assert_eq!(entry.method, 8, "{}: local method", entry.name);
                assert_eq!(entry.central_method, 8, "{}: central method", entry.name);
            }
        }
    }

    #[test]
    fn no_extended_timestamp_fields() {
        for epub in books() {
            for entry in ocf::entries(&epub.bytes) {
                for (which, extra) in [
                    ("local", &entry.local_extra),
                    ("central", &entry.central_extra),
                ] {
                    assert!(
                        !ocf::extra_ids(extra).contains(&ocf::EXTENDED_TIMESTAMP),
                        "{}: {which} header has an extended-timestamp (0x5455) field",
                        entry.name
                    );
                }
            }
        }
    }

    #[test]
    fn manifest_and_archive_agree() {
        for epub in books() {
            let opf = epub.opf();
            let names = epub.names();
            for item in &opf.manifest {
                assert!(
                    !item.href.starts_with('/') && !item.href.contains("://"),
                    "{}: href {:?} is not a relative path",
                    item.id,
                    item.href
                );
                assert!(
                    names.contains(&item.path.as_str()),
                    "manifest item {} ({}) is not in the archive",
                    item.id,
                    item.path
                );
            }
            for name in names {
                let listed = opf.manifest.iter().any(|i| i.path == name);
                let container =
                    name == "mimetype" || name.starts_with("META-INF/") || name == opf.path;
                assert!(
                    listed || container,
                    "{name} is in the archive but not in the manifest"
                );
            }
        }
    }

    #[test]
    fn entry_names_are_plain_ascii() {
        for epub in books() {
            let raw: Vec<String> = ocf::entries(&epub.bytes)
                .into_iter()
                .map(|e| e.name)
                .collect();
            for name in &raw {
                assert!(
                    !name.is_empty()
                        && name
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"._/-".contains(&b)),
                    "entry name {name:?} is not [A-Za-z0-9._/-]"
                );
            }
            let mut read = epub.names();
            read.sort_unstable();
            let mut raw_sorted: Vec<&str> = raw.iter().map(String::as_str).collect();
            raw_sorted.sort_unstable();
            assert_eq!(read, raw_sorted, "zip reader and raw headers disagree");
        }
    }
}

/// The command line: default output path, bad input.
mod command {
    use super::*;

    #[test]
    fn default_output_is_dist_slug_epub() {
        let built: Built = Book::fixture("english").build_default_output();
        let line = built.stdout.trim_end();
        let name = line
            .strip_prefix("dist/")
            .unwrap_or_else(|| panic!("{line:?} is not under dist/"));
        let slug = name
            .strip_suffix(".epub")
            .unwrap_or_else(|| panic!("{line:?} does not end in .epub"));
        assert!(
            !slug.is_empty() && !slug.contains(['/', ' ']),
            "{slug:?} is not a slug"
        );
        assert!(built.path.is_file());
    }

    #[test]
    fn unknown_book_toml_key_is_an_error() {
        let fixture = util::fixture_dir("english");
        let mut book = Book::empty();
        let toml = std::fs::read_to_string(fixture.join("book.toml")).unwrap();
        book.write(
            "in/book.toml",
            format!("{toml}colour = \"blue\"\n").as_bytes(),
        );
        book.write(
            "in/article.txt",
            &std::fs::read(fixture.join("article.txt")).unwrap(),
        );
        let input = book.tmp().join("in");
        book.input(input);
        let failed = book.fail();
        assert_eq!(
            failed.code,
            Some(65),
            "exit code (data error); stderr: {}",
            failed.stderr
        );
        assert!(failed.stderr.contains("book.toml"), "{}", failed.stderr);
        assert!(failed.stderr.contains("colour"), "{}", failed.stderr);
    }

    #[test]
    fn missing_input_is_an_error() {
        let mut book = Book::empty();
        let input = book.tmp().join("no-such-book");
        book.input(input);
        let failed = book.fail();
        assert_eq!(
            failed.code,
            Some(66),
            "exit code (no input); stderr: {}",
            failed.stderr
        );
        assert!(failed.stderr.contains("no-such-book"), "{}", failed.stderr);
    }
}
