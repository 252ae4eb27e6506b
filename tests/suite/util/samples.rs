//! Books built into a directory the test chooses, for the tests that take them apart or
//! repair them (`check`, `fix`): the sample and a small English book, each with a cover.

use std::fs;
use std::path::{Path, PathBuf};

use super::{repo, warraq};

/// A small upright JPEG, for books that need a cover.
pub fn write_cover(path: &Path) {
    let image = image::RgbImage::from_fn(160, 256, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    image.save(path).expect("the cover is written");
}

/// Builds the sample book (`book/`) into `dir` and returns the EPUB's path. Its cover is
/// `covers/sample.jpg` when the repository has it, else a small generated one in its place.
pub fn build_sample(dir: &Path) -> PathBuf {
    let book = dir.join("book");
    fs::create_dir_all(&book).unwrap();
    fs::create_dir_all(dir.join("covers")).unwrap();
    for file in ["book.toml", "article.txt"] {
        fs::copy(repo().join("book").join(file), book.join(file)).unwrap();
    }
    let cover = dir.join("covers/sample.jpg");
    match fs::copy(repo().join("covers/sample.jpg"), &cover) {
        Ok(_) => {}
        Err(_) => write_cover(&cover),
    }
    let out = dir.join("sample.epub");
    warraq()
        .arg("build")
        .arg(&book)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}

/// An English article, for a left-to-right book.
const ENGLISH: &str = "The Copyists of Baghdad\n\
In the markets of Baghdad, the warraqin copied, bound and sold books by the thousand.\n\
Their shops were meeting places for scholars, poets and anyone who could read.\n";

/// Builds an English book with a cover into `dir` and returns its path.
pub fn build_english(dir: &Path) -> PathBuf {
    let article = dir.join("english.txt");
    fs::write(&article, ENGLISH).unwrap();
    let cover = dir.join("english.jpg");
    write_cover(&cover);
    let out = dir.join("english.epub");
    warraq()
        .arg("build")
        .arg(&article)
        .args(["--lang", "en", "--author", "A. Scribe", "--cover"])
        .arg(&cover)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}
