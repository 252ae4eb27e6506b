//! `warraq fix` in memory (read, repair, write, check again): the sample book with its
//! right-to-left set-up stripped (as pandoc writes it), and a book of 1,000 such documents.
//! `cargo bench --features bench --bench fix`; the numbers go into BENCHMARKS.md.

use std::fmt::Write;
use std::io::{Cursor, Read};
use std::path::Path;

use chrono::DateTime;
use criterion::{criterion_group, criterion_main, Criterion};

use warraq::fix::{fix, Options};
use warraq::{BuildOptions, Fields, Format, Report};
use warraq_epub::zipwrite::{write, Packed};

fn options() -> Options {
    Options {
        lang: None,
        modified: DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default(),
    }
}

fn pack(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let packed: Vec<(String, Packed)> = entries
        .iter()
        .map(|(n, b)| {
            let p = if n == "mimetype" {
                Packed::stored(b)
            } else {
                Packed::deflated(b, 4)
            };
            (n.clone(), p)
        })
        .collect();
    write(packed.iter().map(|(n, p)| (n.as_str(), p)), 0x5821, 0, 0).unwrap()
}

/// The sample book as warraq builds it, then with every `dir`, the spine's direction and the
/// package's direction taken out.
fn stripped_sample() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample.epub");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = BuildOptions {
        input: root.join("book"),
        output: Some(out.clone()),
        flags: Fields::default(),
        modified: Some(options().modified),
        format: Format::Epub,
    };
    warraq::build(&options, &mut Report::default()).unwrap();
    let bytes = std::fs::read(out).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut entries = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        let name = entry.name().to_string();
        if name.ends_with(".xhtml") || name.ends_with(".opf") {
            let text = String::from_utf8(data).unwrap();
            data = text
                .replace(" dir=\"rtl\"", "")
                .replace(" page-progression-direction=\"rtl\"", "")
                .into_bytes();
        }
        entries.push((name, data));
    }
    pack(&entries)
}

/// A book of `count` documents, each a headline and a paragraph of the sample, with no
/// language or direction anywhere but `dc:language`.
fn big_book(count: usize) -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let article = std::fs::read_to_string(root.join("book/article.txt")).unwrap();
    let lines: Vec<&str> = article.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut entries = vec![
        ("mimetype".to_string(), b"application/epub+zip".to_vec()),
        (
            "META-INF/container.xml".to_string(),
            br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#.to_vec(),
        ),
    ];
    let (mut manifest, mut spine, mut nav) = (String::new(), String::new(), String::new());
    for i in 0..count {
        let _ = write!(
            manifest,
            "<item id=\"c{i}\" href=\"c{i}.xhtml\" media-type=\"application/xhtml+xml\"/>"
        );
        let _ = write!(spine, "<itemref idref=\"c{i}\"/>");
        let _ = write!(nav, "<li><a href=\"c{i}.xhtml\">{i}</a></li>");
        let body = lines[i % lines.len()];
        let doc = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>{i}</title><link rel=\"stylesheet\" href=\"s.css\"/></head>\n<body><h1>{}</h1>\n<p class=\"t\">{body}</p>\n</body></html>\n",
            lines[0]
        );
        entries.push((format!("c{i}.xhtml"), doc.into_bytes()));
    }
    let opf = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"id\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:identifier id=\"id\">urn:uuid:1</dc:identifier><dc:title>t</dc:title><dc:language>ar</dc:language><meta property=\"dcterms:modified\">2024-01-01T00:00:00Z</meta></metadata><manifest><item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/><item id=\"s\" href=\"s.css\" media-type=\"text/css\"/>{manifest}</manifest><spine>{spine}</spine></package>\n"
    );
    entries.push(("content.opf".into(), opf.into_bytes()));
    entries.push((
        "nav.xhtml".into(),
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"><head><title>nav</title></head><body><nav epub:type=\"toc\"><ol>{nav}</ol></nav></body></html>\n").into_bytes(),
    ));
    entries.push((
        "s.css".into(),
        b"body { direction: rtl; }\np.t { text-align: left; direction: rtl; }\n".to_vec(),
    ));
    pack(&entries)
}

fn fixing(c: &mut Criterion) {
    let sample = stripped_sample();
    let big = big_book(1000);
    let opts = options();
    for (name, book) in [("sample book", &sample), ("1,000-document book", &big)] {
        let fixed = fix(book, &opts).unwrap();
        assert!(fixed
            .findings
            .iter()
            .all(|f| f.severity != warraq::check::Severity::Error));
        assert!(!fixed.repairs.is_empty());
        c.bench_function(&format!("fix (read, repair, write, check), {name}"), |b| {
            b.iter(|| fix(book, &opts).unwrap())
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = fixing
}
criterion_main!(benches);
