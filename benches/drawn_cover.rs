//! The stages of a drawn cover, one by one, on the sample book's title: font discovery,
//! shaping, drawing, JPEG encoding, and packing the JPEG into the archive.
//! `cargo bench --features bench --bench drawn_cover`.
//!
//! The fonts are the system's (`apt-get install fonts-noto-core` gives Noto Naskh Arabic), as a
//! user's build finds them.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

use warraq::prepare::cover_choice::cover_text;
use warraq::ArticleFile;
use warraq::Report;
use warraq::Shared;
use warraq::Source;
use warraq_cover::cover_drawing::{self, CoverText};
use warraq_cover::picture;
use warraq_cover::typeset::{Style, Typesetter};
use warraq_epub::packing;

/// What the sample book's drawn cover says.
fn sample_text() -> CoverText {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = Source::locate(&root.join("book")).unwrap();
    let articles = source
        .articles
        .iter()
        .map(|p| ArticleFile::read(p).unwrap());
    let modified = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
    let book = warraq::prepare(
        &Shared::of_fields(source.fields),
        articles.collect(),
        modified,
        &mut Report::default(),
    )
    .unwrap();
    cover_text(&book.metadata)
}

fn all_text(text: &CoverText) -> String {
    [
        Some(text.title.as_str()),
        text.authors.as_deref(),
        text.publisher.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ")
}

fn font_discovery(c: &mut Criterion) {
    let text = sample_text();
    let all = all_text(&text);
    let mut group = c.benchmark_group("font discovery, sample title");
    group.bench_function("by file name (Typesetter::new)", |b| {
        b.iter(|| Typesetter::new(&all, None, &text.locale).unwrap())
    });
    group.sample_size(10);
    group.bench_function("every system font, read afresh", |b| {
        b.iter(warraq_cover::typeset::scan_every_font)
    });
    group.finish();
}

fn shaping(c: &mut Criterion) {
    let text = sample_text();
    let all = all_text(&text);
    let mut ts = Typesetter::new(&all, None, &text.locale).unwrap();
    let style = Style {
        size: 150.0,
        leading: 1.45,
        bold: true,
    };
    c.bench_function("shaping: the sample title fitted to the panel", |b| {
        b.iter(|| ts.fit(&text.title, style, 1060.0, 4, 64.0))
    });
}

fn drawing_and_encoding(c: &mut Criterion) {
    let text = sample_text();
    let mut group = c.benchmark_group("drawn cover");
    group.sample_size(20);
    group.bench_function("cover_drawing::draw (fonts, shaping, drawing)", |b| {
        b.iter(|| cover_drawing::draw(&text, None).unwrap())
    });
    let image = cover_drawing::draw(&text, None).unwrap();
    group.bench_function("JPEG encoding (picture::from_pixels)", |b| {
        b.iter(|| picture::from_pixels(&image).unwrap())
    });
    let jpeg = picture::from_pixels(&image).unwrap();
    group.bench_function("packing the JPEG for the archive", |b| {
        b.iter(|| packing::pack(&jpeg.bytes))
    });
    group.finish();
}

/// The JPEG encoders on the drawn cover's 1600 × 2560 canvas, on one core: ours (baseline
/// 4:4:4, what `picture::from_pixels` calls) against the `jpeg-encoder` crate it replaced.
fn jpeg_encoders(c: &mut Criterion) {
    let image = cover_drawing::draw(&sample_text(), None).unwrap();
    let (width, height) = image.dimensions();
    let one_core = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let mut group = c.benchmark_group("JPEG encoding of the drawn cover, quality 90, one core");
    group.sample_size(20);
    group.bench_function("ours (picture::jpeg::encode)", |b| {
        b.iter(|| {
            one_core
                .install(|| picture::jpeg::encode(image.as_raw(), width, height, 4, 90).unwrap())
        })
    });
    group.bench_function("jpeg-encoder 0.7", |b| {
        b.iter(|| {
            let mut bytes = Vec::new();
            jpeg_encoder::Encoder::new(&mut bytes, 90)
                .encode(
                    image.as_raw(),
                    width as u16,
                    height as u16,
                    jpeg_encoder::ColorType::Rgba,
                )
                .unwrap();
            bytes
        })
    });
    group.finish();
}

criterion_group!(
    cover_stages,
    font_discovery,
    shaping,
    drawing_and_encoding,
    jpeg_encoders
);
criterion_main!(cover_stages);
