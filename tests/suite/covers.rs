//! Generated covers: the sample's against a reviewed reference, in a built book, and
//! without a font.

use crate::util;

use std::path::Path;

use image::imageops::{self, FilterType};
use image::RgbImage;
use util::{epubcheck, repo, sample_dir, warraq, Epub};

/// The reviewed reference: the sample's generated cover at a quarter of its size. After a
/// reviewed change to the design, `WARRAQ_BLESS_COVER=1 cargo test --test covers` rewrites it.
const REFERENCE: &str = "tests/fixtures/covers/sample.png";
/// Noto Naskh Arabic Regular and Bold, as drawn into the reference.
const PINNED_FONTS: &str = "tests/fixtures/covers/fonts";
/// Mean absolute difference per channel (0–255) a render may show against the reference:
/// room for another rasteriser's anti-aliasing, none for a moved or missing line of text.
const TOLERANCE: f64 = 2.0;

/// Both images at the reference's size, compared channel by channel.
fn mean_difference(render: &RgbImage, reference: &RgbImage) -> f64 {
    let small = imageops::resize(
        render,
        reference.width(),
        reference.height(),
        FilterType::Triangle,
    );
    let total: u64 = small
        .as_raw()
        .iter()
        .zip(reference.as_raw())
        .map(|(a, b)| u64::from(a.abs_diff(*b)))
        .sum();
    total as f64 / small.as_raw().len() as f64
}

#[test]
fn sample_cover_matches_the_reviewed_reference() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cover.png");
    // The fonts the reference was drawn with, so a newer system font cannot fail the test.
    warraq()
        .env("WARRAQ_FONT_DIRS", repo().join(PINNED_FONTS))
        .arg("cover")
        .arg(sample_dir())
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(format!("{}\n", out.display()));
    let render = image::open(&out).unwrap().to_rgb8();
    assert_eq!(render.dimensions(), (1600, 2560));
    let reference_path = repo().join(REFERENCE);
    if std::env::var_os("WARRAQ_BLESS_COVER").is_some() {
        // Regenerates the reference after a reviewed change to the design.
        imageops::resize(&render, 400, 640, FilterType::Triangle)
            .save(&reference_path)
            .unwrap();
    }
    let reference = image::open(&reference_path).unwrap().to_rgb8();
    let difference = mean_difference(&render, &reference);
    if difference > TOLERANCE {
        let keep = std::env::temp_dir().join("warraq-cover-mismatch.png");
        let _ = std::fs::copy(&out, &keep);
        panic!(
            "the cover differs from {REFERENCE} by {difference:.2} (tolerance {TOLERANCE}); \
             the render is at {}: look at it, and if it is right, regenerate the reference",
            keep.display()
        );
    }
    // The comparison can fail: the background is mirror-symmetric, so a mirrored cover
    // differs only in its text, as text set left to right or unshaped would.
    let mirrored = imageops::flip_horizontal(&render);
    let mirrored = mean_difference(&mirrored, &reference);
    eprintln!("difference from the reference: {difference:.3}; mirrored: {mirrored:.3}");
    assert!(mirrored > TOLERANCE * 2.0, "{mirrored}");
}

#[test]
fn cover_command_writes_jpeg_by_default_and_leaves_the_book_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.jpg");
    warraq()
        .args(["cover", "--title", "كتاب الورّاق", "--author", "أبو حيان"])
        .arg(sample_dir())
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..3], &[0xff, 0xd8, 0xff], "a JPEG");
    let image = image::load_from_memory(&bytes).unwrap();
    assert_eq!((image.width(), image.height()), (1600, 2560));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_book_without_a_cover_gets_a_drawn_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("book.epub");
    warraq()
        .arg("build")
        .arg(sample_dir())
        .args(["--cover", "auto", "-o"])
        .arg(&out)
        .assert()
        .success();
    let files = Epub::open(&out);
    let cover = files.get("OEBPS/images/cover.jpg").expect("a cover image");
    let image = image::load_from_memory(cover).unwrap();
    assert_eq!((image.width(), image.height()), (1600, 2560));
    let opf = files.read_text("OEBPS/content.opf");
    assert!(opf.contains("properties=\"cover-image\""), "{opf}");
    assert!(files
        .read_text("OEBPS/cover.xhtml")
        .contains("images/cover.jpg"));
    epubcheck::assert_valid(&out);

    // A single article with no cover at all gets one too.
    let article = dir.path().join("article.txt");
    std::fs::copy(sample_dir().join("article.txt"), &article).unwrap();
    let out = dir.path().join("single.epub");
    warraq()
        .arg("build")
        .arg(&article)
        .args(["--lang", "ar", "--author", "فريق التحرير", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(Epub::open(&out).has("OEBPS/images/cover.jpg"));
}

#[test]
fn without_a_font_the_error_says_how_to_get_one() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("no-fonts");
    std::fs::create_dir(&empty).unwrap();
    let out = dir.path().join("cover.jpg");
    warraq()
        .env("WARRAQ_FONT_DIRS", &empty)
        .arg("cover")
        .arg(sample_dir())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(66)
        .stderr(predicates::str::contains(
            "no font on this system has the letters",
        ))
        .stderr(predicates::str::contains("fonts-noto-core"));
    assert!(!out.exists());

    // Asked for with `--cover auto`, it is an error; otherwise the book is built without a
    // cover, with a warning.
    let book = dir.path().join("book.epub");
    warraq()
        .env("WARRAQ_FONT_DIRS", &empty)
        .arg("build")
        .arg(sample_dir())
        .args(["--cover", "auto", "-o"])
        .arg(&book)
        .assert()
        .code(66);
    assert!(!book.exists());
    let article = dir.path().join("article.txt");
    std::fs::copy(sample_dir().join("article.txt"), &article).unwrap();
    warraq()
        .env("WARRAQ_FONT_DIRS", &empty)
        .arg("build")
        .arg(&article)
        .args(["--lang", "ar", "-o"])
        .arg(&book)
        .assert()
        .success()
        .stderr(predicates::str::contains("warning: the book has no cover"))
        // The title is quoted as it is, without the empty author and publisher after it.
        .stderr(predicates::str::contains("؟\" (Arabic script)"));
    assert!(!Epub::open(&book)
        .names()
        .iter()
        .any(|k| k.contains("cover")));
}

#[test]
fn each_warning_of_a_batch_names_its_book() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("no-fonts");
    std::fs::create_dir(&empty).unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    let text = std::fs::read(sample_dir().join("article.txt")).unwrap();
    for name in ["first.txt", "second.txt"] {
        std::fs::write(articles.join(name), &text).unwrap();
    }
    // No font can draw either cover: each book warns, and each warning says which book.
    let out = warraq()
        .env("WARRAQ_FONT_DIRS", &empty)
        .args(["build", "--lang", "ar", "--each"])
        .arg(&articles)
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning: ")).collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    for (warning, name) in warnings.iter().zip(["first.txt", "second.txt"]) {
        assert!(warning.contains("has no cover"), "{warning}");
        assert!(
            warning.contains(name),
            "the warning does not name {name}: {warning}"
        );
    }
}

#[test]
fn a_cover_file_named_auto_is_used_through_dot_slash() {
    let dir = tempfile::tempdir().unwrap();
    let image = util::images::jpeg(1600, 2560);
    std::fs::write(dir.path().join("auto"), &image).unwrap();
    let out = dir.path().join("book.epub");
    warraq()
        .current_dir(dir.path())
        .arg("build")
        .arg(sample_dir())
        .args(["--cover", "./auto", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        Epub::open(&out).get("OEBPS/images/cover.jpg"),
        Some(image.as_slice()),
        "the file named auto is the cover, byte for byte, not a drawn one"
    );
    epubcheck::assert_valid(&out);
}

#[test]
fn a_font_given_is_used_for_the_cover() {
    let naskh = util::naskh();
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("no-fonts");
    std::fs::create_dir(&empty).unwrap();
    let out = dir.path().join("cover.png");
    // No system fonts at all: the cover can only be drawn with the font given.
    warraq()
        .env("WARRAQ_FONT_DIRS", &empty)
        .arg("cover")
        .arg(sample_dir())
        .args(["--font", naskh, "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(Path::new(&out).is_file());
}

/// The sample's own cover (`covers/sample.jpg`, drawn by `examples/make_cover.rs`) carries the
/// sample's title on its plaque, so a library view shows which book it is: inside the
/// plaque's inner rule there is pale-gold lettering, where an empty plaque is dark blue with
/// gold (never pale-gold) rules.
#[test]
fn the_sample_cover_has_its_title_on_the_plaque() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("covers/sample.jpg");
    let cover = image::open(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        .to_rgb8();
    // The plaque is centred at (800, 930), 1080 × 600; its inner rule 40 px inside.
    let lettering = (330..1270)
        .flat_map(|x| (680..1180).map(move |y| (x, y)))
        .filter(|&(x, y)| {
            let [r, g, b] = cover.get_pixel(x, y).0;
            u32::from(r) + u32::from(g) + u32::from(b) > 3 * 170
        })
        .count();
    assert!(
        lettering > 20_000,
        "{}: only {lettering} pale pixels on the plaque: it has no title (regenerate it with \
         'cargo run --release --example make_cover')",
        path.display()
    );
}
