//! The reader on hostile packages: not a zip, an OLE file, encrypted entries, zip bombs,
//! DTDs, targets outside the package, nesting past the limits.

use std::path::Path;

use super::fixture::*;
use super::tests::{error, parse};
use super::{read_with, Limits};
use warraq_core::document::Block;

#[test]
fn encrypted_entries_are_refused() {
    let mut bytes = article(&p("", &ar("نص")));
    // Set the "encrypted" flag (bit 0) in every local and central header.
    for at in 0..bytes.len().saturating_sub(8) {
        match bytes[at..at + 4] {
            [0x50, 0x4B, 0x03, 0x04] => bytes[at + 6] |= 1,
            [0x50, 0x4B, 0x01, 0x02] => bytes[at + 8] |= 1,
            _ => {}
        }
    }
    let message = error(&bytes);
    assert!(message.contains("encrypted"), "{message}");
}

#[test]
fn not_a_zip_is_refused() {
    assert!(error(b"plain text, not a zip").contains("is not a Word document (not a zip archive"));
}

#[test]
fn ole_compound_files_are_refused_as_protected_or_old() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend([0; 504]);
    let message = error(&bytes);
    assert!(
        message.contains("password-protected") && message.contains(".doc"),
        "{message}"
    );
}

#[test]
fn a_zip_without_a_document_is_refused() {
    let message = error(&zip(&[("hello.txt", b"hi")]));
    assert!(message.contains("without word/document.xml"), "{message}");
}

#[test]
fn doctype_and_entities_are_refused_naming_the_part() {
    let doc = document(&p("", &ar("&xxe;"))).replacen(
        "?>",
        r#"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>"#,
        1,
    );
    let message = error(&article_with(&doc, STYLES));
    assert!(
        message.contains("word/document.xml") && message.contains("DOCTYPE"),
        "{message}"
    );
    let styles = STYLES.replacen("?>", "?><!DOCTYPE w:styles>", 1);
    let message = error(&article_with(&document(""), &styles));
    assert!(
        message.contains("word/styles.xml") && message.contains("DOCTYPE"),
        "{message}"
    );
}

#[test]
fn a_part_inflating_past_the_limits_is_refused() {
    let big = document(&p("", &ar(&"ا".repeat(600_000))));
    let bytes = article_with(&big, STYLES);
    let limits = Limits {
        xml_part: 1024 * 1024,
        ..Limits::default()
    };
    let mut warnings = Vec::new();
    let e = read_with(Path::new("a.docx"), &bytes, &mut warnings, limits).expect_err("too large");
    assert!(
        e.to_string()
            .contains("word/document.xml: inflates past 1 MiB"),
        "{e}"
    );
    let limits = Limits {
        ratio_floor: 64 * 1024,
        ratio: 50,
        ..Limits::default()
    };
    let e = read_with(Path::new("a.docx"), &bytes, &mut warnings, limits).expect_err("a bomb");
    assert!(e.to_string().contains("zip bomb"), "{e}");
    let limits = Limits {
        total: 512 * 1024,
        ..Limits::default()
    };
    let e = read_with(Path::new("a.docx"), &bytes, &mut warnings, limits).expect_err("total");
    assert!(e.to_string().contains("in all"), "{e}");
}

#[test]
fn a_zip_bomb_is_refused_with_the_default_limits() {
    let zeros = vec![b' '; 40 * 1024 * 1024];
    let bytes = zip(&[("word/document.xml", &zeros)]);
    let message = error(&bytes);
    assert!(message.contains("inflates past 32 MiB"), "{message}");
}

#[test]
fn relationship_targets_resolve_inside_the_package_only() {
    use super::package::resolve;
    assert_eq!(
        resolve("word", "media/a.png").as_deref(),
        Some("word/media/a.png")
    );
    assert_eq!(
        resolve("word", "../media/a.png").as_deref(),
        Some("media/a.png")
    );
    assert_eq!(
        resolve("word", "/word/a.xml").as_deref(),
        Some("word/a.xml")
    );
    for outside in [
        "../../a.png",
        "file:///etc/passwd",
        "C:\\a.png",
        "//host/a.png",
        "http://x/a",
    ] {
        assert_eq!(resolve("word", outside), None, "{outside}");
    }
}

#[test]
fn nesting_and_garbage_never_panic() {
    let deep = |n| {
        "<w:sdt><w:sdtContent>".repeat(n)
            + &p("", &ar("عميق"))
            + &"</w:sdtContent></w:sdt>".repeat(n)
    };
    let (parsed, _) = parse(&article(&deep(120)));
    assert_eq!(parsed.document.blocks.len(), 1);
    let message = error(&article(&deep(100_000)));
    assert!(
        message.contains("nests elements more than 256 deep"),
        "{message}"
    );
    let mut tables = String::new();
    for _ in 0..60 {
        tables.push_str("<w:tbl><w:tr><w:tc>");
    }
    tables.push_str(&p("", &ar("خلية")));
    for _ in 0..60 {
        tables.push_str("</w:tc></w:tr></w:tbl>");
    }
    let (parsed, _) = parse(&article(&tables));
    let mut depth = 0;
    let mut block = &parsed.document.blocks[0];
    while let Block::Table(t) = block {
        depth += 1;
        block = &t.body[0].cells[0].blocks[0];
    }
    assert!(
        depth < warraq_core::document::MAX_DEPTH && depth > 1,
        "{depth}"
    );
    assert!(matches!(block, Block::Paragraph { .. }));
}

#[test]
fn depth_counts_elements_only() {
    use super::xml::depth;
    assert_eq!(
        depth(r#"<?xml version="1.0"?><a x="<b>"><!-- <c> --><b/><c><![CDATA[<d>]]></c></a>"#),
        2
    );
}
