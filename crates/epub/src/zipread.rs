//! One zip entry read whole: its packed bytes sliced from the archive, inflated by libdeflate
//! in one call into a buffer of the size the central directory records, and checked against
//! the CRC-32 recorded beside it.
//!
//! The `zip` crate's reader streams: a fresh zlib state for every entry (epub-builder's
//! output is inflated by the finishing pass, and every book again by the self-check) and a
//! buffer grown by doubling. An entry that is anything but what its headers say (another
//! method, encrypted, truncated, another size or checksum) is left to that reader, which
//! reads it as before and words the error.

use std::borrow::Cow;
use std::cell::RefCell;
use std::io::Read;

use libdeflater::Decompressor;
use zip::read::ZipFile;
use zip::CompressionMethod;

thread_local! {
    /// libdeflate's decompressor, kept for the thread's next entry: making one allocates and
    /// clears some 10 KB, and a book is read a dozen entries at a time.
    static DECOMPRESSOR: RefCell<Decompressor> = RefCell::new(Decompressor::new());
}

/// The unpacked bytes of `entry` (as `by_index_raw` gives it) of the archive `bytes`, when it
/// is stored or deflated, not encrypted, no larger than `limit`, and unpacks to exactly its
/// recorded size and CRC-32; `None` otherwise.
pub fn read_whole<R: Read>(bytes: &[u8], entry: &ZipFile<'_, R>, limit: u64) -> Option<Vec<u8>> {
    unpack(bytes, entry, limit).map(Cow::into_owned)
}

/// Whether `entry` unpacks as [`read_whole`] would read it, without copying a stored entry.
pub fn is_whole<R: Read>(bytes: &[u8], entry: &ZipFile<'_, R>, limit: u64) -> bool {
    unpack(bytes, entry, limit).is_some()
}

/// The unpacked bytes, borrowed from the archive when the entry is stored.
fn unpack<'b, R: Read>(
    bytes: &'b [u8],
    entry: &ZipFile<'_, R>,
    limit: u64,
) -> Option<Cow<'b, [u8]>> {
    if entry.encrypted() || entry.size() > limit {
        return None;
    }
    let size = usize::try_from(entry.size()).ok()?;
    let start = usize::try_from(entry.data_start()).ok()?;
    let end = start.checked_add(usize::try_from(entry.compressed_size()).ok()?)?;
    let packed = bytes.get(start..end)?;
    let data = match entry.compression() {
        CompressionMethod::Stored if packed.len() == size => Cow::Borrowed(packed),
        CompressionMethod::Deflated => {
            let mut data = vec![0; size];
            let written = DECOMPRESSOR
                .with(|d| d.borrow_mut().deflate_decompress(packed, &mut data))
                .ok()?;
            (written == size).then_some(Cow::Owned(data))?
        }
        _ => return None,
    };
    (crc32fast::hash(&data) == entry.crc32()).then_some(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zipwrite::{self, Packed};
    use std::io::Cursor;
    use zip::ZipArchive;

    fn archive(entries: &[(&str, Packed)]) -> Vec<u8> {
        zipwrite::write(entries.iter().map(|(n, p)| (*n, p)), 0x5821, 0x6000, 0).unwrap()
    }

    fn read(bytes: &[u8], index: usize, limit: u64) -> Option<Vec<u8>> {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
        let entry = zip.by_index_raw(index).unwrap();
        read_whole(bytes, &entry, limit)
    }

    #[test]
    fn stored_and_deflated_entries_come_back_whole() {
        let text = "نص عربي يتكرر ".repeat(2000);
        let bytes = archive(&[
            ("mimetype", Packed::stored(b"application/epub+zip")),
            ("OEBPS/a.xhtml", Packed::deflated(text.as_bytes(), 4)),
            ("OEBPS/empty.css", Packed::deflated(b"", 4)),
        ]);
        assert_eq!(read(&bytes, 0, u64::MAX).unwrap(), b"application/epub+zip");
        assert_eq!(read(&bytes, 1, u64::MAX).unwrap(), text.as_bytes());
        assert_eq!(read(&bytes, 2, u64::MAX).unwrap(), b"");
    }

    #[test]
    fn an_entry_past_the_limit_is_not_read() {
        let bytes = archive(&[("a.txt", Packed::deflated(&[b'a'; 1000], 4))]);
        assert!(read(&bytes, 0, 999).is_none());
        assert!(read(&bytes, 0, 1000).is_some());
    }

    /// Every disagreement with the headers is `None`, for the streaming reader to report.
    #[test]
    fn an_entry_unlike_its_headers_is_left_to_the_streaming_reader() {
        let text = "abc ".repeat(1000);
        let good = archive(&[("a.txt", Packed::deflated(text.as_bytes(), 4))]);
        let data_at = 30 + "a.txt".len();
        let packed_len = u32::from_le_bytes(good[18..22].try_into().unwrap()) as usize;

        let mut bad_crc = good.clone();
        bad_crc[data_at + packed_len / 2] ^= 0x55;
        assert!(read(&bad_crc, 0, u64::MAX).is_none());

        // The recorded size, in the central directory the zip crate reads, one byte short.
        let mut short = good.clone();
        let central = good.len() - 22 - (46 + "a.txt".len());
        let size_at = central + 24;
        let size = u32::from_le_bytes(short[size_at..size_at + 4].try_into().unwrap());
        short[size_at..size_at + 4].copy_from_slice(&(size - 1).to_le_bytes());
        assert!(read(&short, 0, u64::MAX).is_none());

        let mut zip = ZipArchive::new(Cursor::new(&good[..])).unwrap();
        let entry = zip.by_index_raw(0).unwrap();
        assert!(read_whole(&good[..data_at + packed_len / 2], &entry, u64::MAX).is_none());
    }
}
