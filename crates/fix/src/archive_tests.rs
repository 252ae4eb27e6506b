//! `fix`'s archive: entries written as their names were read, repairs landing whatever the
//! normal form, what EPUB does not allow refused as the input's fault.

use super::*;
use std::io::Read;

const STAMP: (u16, u16) = (0x5821, 0x6000);

/// An archive as Info-ZIP writes one on Linux: names in UTF-8, the UTF-8 flag left off.
fn info_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let packed: Vec<(&str, Packed)> = entries
        .iter()
        .map(|(name, bytes)| (*name, Packed::stored(bytes)))
        .collect();
    let mut bytes =
        zipwrite::write(packed.iter().map(|(n, p)| (*n, p)), STAMP.0, STAMP.1, 0).unwrap();
    let mut at = 0;
    while at + 4 <= bytes.len() {
        let flags = match u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) {
            0x0403_4b50 => at + 6,
            0x0201_4b50 => at + 8,
            _ => {
                at += 1;
                continue;
            }
        };
        bytes[flags + 1] &= !(1 << 3); // bit 11 of the little-endian flags
        at += 4;
    }
    bytes
}

fn written(bytes: &[u8], changes: &Changes) -> warraq_core::Result<Vec<(String, Vec<u8>)>> {
    let written = Book::open(bytes).unwrap().write(changes, STAMP)?;
    let mut zip = ZipArchive::new(Cursor::new(written.bytes)).unwrap();
    Ok((0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (entry.name().to_string(), data)
        })
        .collect())
}

#[test]
fn utf8_names_without_the_flag_stay_what_they_were() {
    let bytes = info_zip(&[(MIMETYPE, MEDIA_TYPE), ("OEBPS/الفصل-١.xhtml", b"<p/>")]);
    let entries = written(&bytes, &Changes::default()).unwrap();
    assert_eq!(entries[1].0, "OEBPS/الفصل-١.xhtml");
    assert_eq!(entries[1].1, b"<p/>");
}

#[test]
fn a_repair_lands_on_its_entry_whatever_the_normal_form_of_either_name() {
    let bytes = info_zip(&[
        (MIMETYPE, MEDIA_TYPE),
        ("EPUB/content_\u{fc}.xhtml", b"old"),
    ]);
    let changes = Changes {
        replaced: HashMap::from([("EPUB/content_u\u{308}.xhtml".to_string(), b"new".to_vec())]),
        added: Vec::new(),
    };
    let entries = written(&bytes, &changes).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(
        entries[1],
        ("EPUB/content_\u{fc}.xhtml".to_string(), b"new".to_vec())
    );
}

/// Found by the `fix` fuzz target: a central directory that gives an entry a packed size
/// of some 4 GB made `fix` ask for that much memory to copy it.
#[test]
fn an_entry_whose_packed_size_runs_past_the_archive_is_packed_anew() {
    let text = "<container/>".repeat(20);
    let good = zipwrite::write(
        [
            (MIMETYPE, &Packed::stored(MEDIA_TYPE)),
            (
                "META-INF/container.xml",
                &Packed::deflated(text.as_bytes(), 4),
            ),
        ],
        STAMP.0,
        STAMP.1,
        0,
    )
    .unwrap();
    let mut lying = good.clone();
    let central = good.len() - 22 - (46 + "META-INF/container.xml".len());
    lying[central + 20..central + 24].copy_from_slice(&0xF600_0000_u32.to_le_bytes());
    let written = Book::open(&lying)
        .unwrap()
        .write(&Changes::default(), STAMP)
        .unwrap();
    assert_eq!(written.repacked, ["META-INF/container.xml"]);
    let mut zip = ZipArchive::new(Cursor::new(written.bytes)).unwrap();
    let mut data = String::new();
    zip.by_name("META-INF/container.xml")
        .unwrap()
        .read_to_string(&mut data)
        .unwrap();
    assert_eq!(data, text);
}

/// Found by the `fix` fuzz target: an archive with two central directories, the check
/// reading one and the writer the other, whose entry name (`EPUB/conten\xff\xff\xff\x1a1.xhtml`)
/// the check never saw; `fix` wrote it, and its output failed `OCF-010`. A name the check
/// would call unsafe is never written.
#[test]
fn an_unsafe_name_is_never_written() {
    let bytes = info_zip(&[(MIMETYPE, MEDIA_TYPE), ("EPUB/a\u{1a}b.xhtml", b"<p/>")]);
    let error = written(&bytes, &Changes::default()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("an unsafe entry name (a control character)"),
        "{error}"
    );
}

/// A method EPUB does not allow is the book's fault (exit 65), not an internal error.
#[test]
fn an_entry_packed_with_another_method_is_bad_input() {
    let mut bytes = info_zip(&[(MIMETYPE, MEDIA_TYPE), ("EPUB/a.xhtml", b"<p/>")]);
    let mut headers = 0;
    for at in 0..bytes.len().saturating_sub(4) {
        let method = match u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) {
            0x0403_4b50 => at + 8,
            0x0201_4b50 => at + 10,
            _ => continue,
        };
        headers += 1;
        // Local headers, then central ones, each mimetype first: the even ones are a.xhtml's.
        if headers % 2 == 0 {
            bytes[method] = 12; // bzip2
        }
    }
    let error = written(&bytes, &Changes::default()).unwrap_err();
    assert!(matches!(error, warraq_core::Error::Input { .. }), "{error}");
    assert!(error.to_string().contains("EPUB/a.xhtml"), "{error}");
}

#[test]
fn a_repair_of_no_entry_is_an_internal_error() {
    let bytes = info_zip(&[(MIMETYPE, MEDIA_TYPE), ("EPUB/a.xhtml", b"old")]);
    let changes = Changes {
        replaced: HashMap::from([("EPUB/b.xhtml".to_string(), b"new".to_vec())]),
        added: Vec::new(),
    };
    let error = written(&bytes, &changes).unwrap_err();
    assert!(matches!(error, warraq_core::Error::Internal(_)), "{error}");
}

/// Found by the `fix` fuzz target: an archive whose central directory names its first entry
/// `mImetype` was fixed into one holding both `mimetype` and `mImetype`, which `check` calls
/// the same file twice (OCF-009) and `fix` then refused.
#[test]
fn a_mimetype_named_in_another_case_is_not_written_beside_the_real_one() {
    let bytes = info_zip(&[("mImetype", MEDIA_TYPE), ("EPUB/a.xhtml", b"<p/>")]);
    let entries = written(&bytes, &Changes::default()).unwrap();
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, [MIMETYPE, "EPUB/a.xhtml"]);
}
