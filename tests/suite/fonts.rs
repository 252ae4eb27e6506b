//! Embedded fonts: subset with their layout tables, declared, packaged with their media
//! type, valid under EPUBCheck.

use crate::util;

use std::path::Path;
use std::sync::Arc;

use util::{epubcheck, naskh, sample_dir, warraq, Epub};

#[test]
fn a_font_given_is_embedded_for_the_text() {
    let naskh = naskh();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("book.epub");
    warraq()
        .arg("build")
        .arg(sample_dir())
        .args(["--font", naskh, "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicates::str::contains("subset to the"));
    let files = Epub::open(&out);
    let packaged = files
        .get("OEBPS/fonts/noto-naskh-arabic.ttf")
        .expect("the font is packaged");
    let whole = std::fs::read(naskh).unwrap();
    assert!(
        packaged.len() < whole.len() / 2,
        "subset: {}",
        packaged.len()
    );
    // The subset keeps its layout tables and sets the book's headline exactly as the
    // whole font does: joined letters, lam-alef, marks.
    let subset = warraq::FontFile::parse(Path::new("subset.ttf"), packaged.to_vec()).unwrap();
    assert_eq!(subset.has_layout, Some(true));
    assert_eq!(subset.family, "Noto Naskh Arabic");
    let headline = "تحرير آخر جيوب «داعش» بسوريا.. فهل انتهى التنظيم الدموي فعليًّا؟";
    let shaped = |bytes: Vec<u8>| warraq_cover::typeset::shape_alone(Arc::new(bytes), headline);
    assert_eq!(shaped(packaged.to_vec()), shaped(whole));

    let opf = files.read_text("OEBPS/content.opf");
    let item = opf
        .lines()
        .find(|l| l.contains("fonts/noto-naskh-arabic.ttf"))
        .expect("a manifest item");
    assert!(item.contains("media-type=\"font/ttf\""), "{item}");

    let css = files.read_text("OEBPS/stylesheet.css");
    assert!(css.contains("@font-face"), "{css}");
    assert!(css.contains("font-family: \"Noto Naskh Arabic\";"), "{css}");
    assert!(
        css.contains("url(\"fonts/noto-naskh-arabic.ttf\")"),
        "{css}"
    );
    assert!(
        css.contains("font-family: \"Noto Naskh Arabic\", serif;"),
        "{css}"
    );
    for banned in ["direction", "unicode-bidi"] {
        assert!(!css.contains(banned), "{banned} in {css}");
    }
    // Apple Books only uses an embedded font when the book says so: in the display options
    // file (epub-builder writes it into every book) and, for EPUB 3, in the package.
    let apple = files.read_text("META-INF/com.apple.ibooks.display-options.xml");
    assert!(
        apple.contains("<option name=\"specified-fonts\">true</option>"),
        "{apple}"
    );
    assert!(
        opf.contains("<meta property=\"ibooks:specified-fonts\">true</meta>"),
        "{opf}"
    );
    let package = opf
        .lines()
        .find(|l| l.contains("<package"))
        .expect("<package>");
    assert!(
        package.contains(
            "prefix=\"ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/\""
        ),
        "{package}"
    );
    epubcheck::assert_valid(&out);
}

#[test]
fn a_font_in_book_toml_is_relative_to_the_book() {
    let naskh = naskh();
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    std::fs::create_dir(&book).unwrap();
    std::fs::copy(sample_dir().join("article.txt"), book.join("article.txt")).unwrap();
    std::fs::copy(naskh, book.join("naskh.ttf")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        "lang = \"ar\"\nfont = \"naskh.ttf\"\n",
    )
    .unwrap();
    let out = dir.path().join("b.epub");
    warraq()
        .arg("build")
        .arg(&book)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert!(Epub::open(&out).has("OEBPS/fonts/noto-naskh-arabic.ttf"));
}

#[test]
fn what_is_not_a_font_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("fake.ttf");
    std::fs::write(&fake, "not a font at all").unwrap();
    let out = dir.path().join("b.epub");
    warraq()
        .arg("build")
        .arg(sample_dir())
        .arg("--font")
        .arg(&fake)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(65)
        .stderr(predicates::str::contains(
            "fake.ttf: is not a font warraq can embed",
        ))
        .stderr(predicates::str::contains("hint:"));
    assert!(!out.exists());
    warraq()
        .arg("build")
        .arg(sample_dir())
        .arg("--font")
        .arg(dir.path().join("missing.ttf"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(66);
    assert!(!out.exists());
}
