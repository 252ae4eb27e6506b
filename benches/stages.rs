//! The stages of a build, one by one, on the sample book: text cleaning, XHTML rendering,
//! packaging, cover conversion and the check. `cargo bench --features bench --bench stages`.
//!
//! The cover conversion reads `target/bench/big-cover.jpg` (6000 × 9000), which
//! `scripts/bench` (or `cargo run --release --example bench_inputs`) writes; without it, that
//! benchmark is skipped with a note.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

use warraq::check;
use warraq::package::epub;
use warraq::render::xhtml;
use warraq::Book;
use warraq::Format;
use warraq::Report;
use warraq::Source;
use warraq::{ArticleFile, CoverArg, CoverChoice, Shared};
use warraq_cover::picture;
use warraq_readers::article::Article;
use warraq_readers::text;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn modified() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default()
}

/// The sample book, loaded; a fresh cover each time, not packed ahead, so nothing packed is
/// reused.
fn sample_book() -> Book {
    let source = Source::locate(&root().join("book")).unwrap();
    let mut fields = source.fields;
    let cover = match fields.cover.take() {
        Some(CoverArg::Image(path)) => {
            let bytes = std::fs::read(&path).unwrap();
            CoverChoice::Image(Arc::new(
                picture::prepare(&path, bytes, &mut Vec::new()).unwrap(),
            ))
        }
        _ => CoverChoice::Without,
    };
    let shared = Shared {
        fields,
        cover,
        font: None,
    };
    let articles = source
        .articles
        .iter()
        .map(|p| ArticleFile::read(p).unwrap());
    warraq::prepare(
        &shared,
        articles.collect(),
        modified(),
        &mut Report::default(),
    )
    .unwrap()
}

fn text_cleaning(c: &mut Criterion) {
    let path = root().join("book/article.txt");
    let bytes = std::fs::read(&path).unwrap();
    c.bench_function("text cleaning (decode + parse), sample article", |b| {
        b.iter(|| {
            let clean = text::decode(&path, &bytes, None, &mut Vec::new()).unwrap();
            Article::parse(&path, &clean, &mut Vec::new()).unwrap()
        })
    });
}

fn rendering(c: &mut Criterion) {
    let book = sample_book();
    let href = Some("images/cover.jpg");
    c.bench_function("XHTML rendering (xhtml::documents), sample book", |b| {
        b.iter(|| xhtml::documents(&book, href, &xhtml::ImageMap::new(), false))
    });
}

fn packaging(c: &mut Criterion) {
    let href = Some("images/cover.jpg");
    let stylesheet = xhtml::stylesheet(None);
    let mut group = c.benchmark_group("packaging, sample book");
    group.bench_function("epub::package, cover packed afresh", |b| {
        b.iter_batched(
            || {
                let book = sample_book();
                let docs = xhtml::documents(&book, href, &xhtml::ImageMap::new(), false);
                (book, docs)
            },
            |(book, docs)| epub::package(&book, &docs, &stylesheet, href, &[]).unwrap(),
            BatchSize::SmallInput,
        )
    });
    let book = sample_book();
    let docs = xhtml::documents(&book, href, &xhtml::ImageMap::new(), false);
    group.bench_function("epub::package, cover packed once (batch)", |b| {
        b.iter(|| epub::package(&book, &docs, &stylesheet, href, &[]).unwrap())
    });
    group.bench_function(
        "render (documents + package + check), cover packed once",
        |b| b.iter(|| warraq::render(&book, Format::Epub).unwrap()),
    );
    group.finish();
}

fn cover_conversion(c: &mut Criterion) {
    let path: PathBuf = root().join("target/bench/big-cover.jpg");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!(
            "skipping cover conversion: {} is missing; run scripts/bench first",
            path.display()
        );
        return;
    };
    let mut group = c.benchmark_group("cover conversion");
    group.sample_size(10);
    group.bench_function("picture::prepare, 6000 x 9000 JPEG to 1707 x 2560", |b| {
        b.iter_batched(
            || bytes.clone(),
            |bytes| picture::prepare(&path, bytes, &mut Vec::new()).unwrap(),
            BatchSize::LargeInput,
        )
    });
    let sample = root().join("covers/sample.jpg");
    let sample_bytes = std::fs::read(&sample).unwrap();
    group.bench_function("picture::prepare, 1600 x 2560 JPEG passed through", |b| {
        b.iter_batched(
            || sample_bytes.clone(),
            |bytes| picture::prepare(&sample, bytes, &mut Vec::new()).unwrap(),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn checking(c: &mut Criterion) {
    let book = sample_book();
    let bytes = warraq::render(&book, Format::Epub).unwrap();
    let options = check::Options::default();
    c.bench_function("check (check::check), sample EPUB", |b| {
        b.iter(|| check::check(&bytes, &options))
    });
}

criterion_group!(
    stages,
    text_cleaning,
    rendering,
    packaging,
    cover_conversion,
    checking
);
criterion_main!(stages);
