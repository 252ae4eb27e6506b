//! A minimal zip writer for the OCF container: each entry compressed once, on its own (so
//! entries can be packed in parallel and a shared cover packed once per batch), then written
//! whole with one timestamp and no extra fields (docs/ocf.md).

use std::cell::RefCell;

use libdeflater::{CompressionLvl, Compressor};

use warraq_core::error::{Error, Result};

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4b50;
/// Version 2.0: deflate. Nothing here needs more (no zip64, no encryption).
const VERSION: u16 = 20;
/// Made by Unix (3), so readers take the file mode from the external attributes.
const MADE_BY: u16 = (3 << 8) | VERSION;
/// `-rw-r--r--`, a regular file.
const FILE_MODE: u32 = 0o100_644;
const STORED: u16 = 0;
const DEFLATED: u16 = 8;

/// One entry's data as it goes into the archive.
#[derive(Debug, Clone)]
pub struct Packed {
    method: u16,
    crc: u32,
    size: u64,
    data: Vec<u8>,
}

impl Packed {
    /// `bytes` stored as they are.
    pub fn stored(bytes: &[u8]) -> Packed {
        Packed {
            method: STORED,
            crc: crc32fast::hash(bytes),
            size: bytes.len() as u64,
            data: bytes.to_vec(),
        }
    }

    /// `bytes` deflated at `level` (libdeflate's 0–12), or stored when deflating does not
    /// make them smaller.
    pub fn deflated(bytes: &[u8], level: i32) -> Packed {
        let compressed = with_compressor(level, |compressor| {
            let mut data = vec![0; compressor.deflate_compress_bound(bytes.len())];
            let len = compressor.deflate_compress(bytes, &mut data);
            len.map(|len| (data, len))
        });
        // The buffer is as large as libdeflate says the output can be, so this cannot fail;
        // if it somehow did, storing is still correct.
        let data = match compressed {
            Ok((mut data, len)) if len < bytes.len() => {
                // A book's documents are held packed until the archive is written: not at
                // the size of the bound, about that of the text.
                data.truncate(len);
                data.shrink_to_fit();
                data
            }
            _ => return Packed::stored(bytes),
        };
        Packed {
            method: DEFLATED,
            crc: crc32fast::hash(bytes),
            size: bytes.len() as u64,
            data,
        }
    }

    /// Data packed already, as another archive holds it: `method` 0 (stored) or 8 (deflated),
    /// the CRC-32 and size of the unpacked bytes, and the packed bytes, copied without
    /// unpacking them again. `None` for any other method, which an EPUB may not use.
    pub fn raw(method: u16, crc: u32, size: u64, data: Vec<u8>) -> Option<Packed> {
        matches!(method, STORED | DEFLATED).then_some(Packed {
            method,
            crc,
            size,
            data,
        })
    }

    /// The size of the entry's data in the archive.
    pub fn packed_len(&self) -> usize {
        self.data.len()
    }
}

thread_local! {
    /// libdeflate's compressors by level, kept for the thread's next entry: making one
    /// allocates some 300 KB, and a book packs a dozen entries.
    static COMPRESSORS: RefCell<Vec<(i32, Compressor)>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's compressor for `level` (libdeflate's 0–12; out of range is its
/// default).
fn with_compressor<T>(level: i32, f: impl FnOnce(&mut Compressor) -> T) -> T {
    COMPRESSORS.with(|compressors| {
        let mut compressors = compressors.borrow_mut();
        let at = match compressors.iter().position(|(l, _)| *l == level) {
            Some(at) => at,
            None => {
                let lvl = CompressionLvl::new(level).unwrap_or_default();
                compressors.push((level, Compressor::new(lvl)));
                compressors.len() - 1
            }
        };
        f(&mut compressors[at].1)
    })
}

/// Writes a zip archive of `entries` (name and packed data, in order), every entry stamped
/// with the DOS `date` and `time`.
pub fn write<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a Packed)>,
    date: u16,
    time: u16,
    capacity: usize,
) -> Result<Vec<u8>> {
    write_stamped(
        entries
            .into_iter()
            .map(|(name, packed)| (name, packed, date, time)),
        capacity,
    )
}

/// Writes a zip archive of `entries` (name, packed data, DOS date and time), in order.
pub fn write_stamped<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a Packed, u16, u16)>,
    capacity: usize,
) -> Result<Vec<u8>> {
    let too_large = || Error::Internal("the book is too large for a zip without zip64".into());
    let mut out = Vec::with_capacity(capacity);
    let mut central = Vec::new();
    let mut count: u16 = 0;
    for (name, packed, date, time) in entries {
        let offset = u32::try_from(out.len()).map_err(|_| too_large())?;
        let compressed = u32::try_from(packed.data.len()).map_err(|_| too_large())?;
        let size = u32::try_from(packed.size).map_err(|_| too_large())?;
        let name_len = u16::try_from(name.len()).map_err(|_| too_large())?;
        // Names are ASCII (docs/ocf.md); flag UTF-8 for any that are not.
        let flags: u16 = if name.is_ascii() { 0 } else { 1 << 11 };
        let common = |buf: &mut Vec<u8>| {
            put16(buf, VERSION);
            put16(buf, flags);
            put16(buf, packed.method);
            put16(buf, time);
            put16(buf, date);
            put32(buf, packed.crc);
            put32(buf, compressed);
            put32(buf, size);
            put16(buf, name_len);
            put16(buf, 0); // no extra field
        };
        put32(&mut out, LOCAL_HEADER);
        common(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&packed.data);

        put32(&mut central, CENTRAL_HEADER);
        put16(&mut central, MADE_BY);
        common(&mut central);
        put16(&mut central, 0); // comment length
        put16(&mut central, 0); // disk number
        put16(&mut central, 0); // internal attributes
        put32(&mut central, FILE_MODE << 16);
        put32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
        count = count.checked_add(1).ok_or_else(too_large)?;
    }
    let central_offset = u32::try_from(out.len()).map_err(|_| too_large())?;
    let central_len = u32::try_from(central.len()).map_err(|_| too_large())?;
    out.extend_from_slice(&central);
    put32(&mut out, END_OF_CENTRAL_DIRECTORY);
    put16(&mut out, 0); // this disk
    put16(&mut out, 0); // disk with the central directory
    put16(&mut out, count);
    put16(&mut out, count);
    put32(&mut out, central_len);
    put32(&mut out, central_offset);
    put16(&mut out, 0); // comment length
    Ok(out)
}

fn put16(buf: &mut Vec<u8>, v: u16) {
    buf.extend_from_slice(&v.to_le_bytes());
}

fn put32(buf: &mut Vec<u8>, v: u32) {
    buf.extend_from_slice(&v.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    #[test]
    fn the_zip_crate_reads_back_what_is_written() {
        let text = "نص عربي ".repeat(500);
        let entries = [
            ("mimetype", Packed::stored(b"application/epub+zip")),
            ("OEBPS/a.xhtml", Packed::deflated(text.as_bytes(), 6)),
            ("OEBPS/empty.css", Packed::deflated(b"", 6)),
        ];
        let bytes = write(entries.iter().map(|(n, p)| (*n, p)), 0x5821, 0x6000, 0).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 3);
        let mut first = archive.by_index(0).unwrap();
        assert_eq!(first.compression(), zip::CompressionMethod::Stored);
        let mut mimetype = String::new();
        first.read_to_string(&mut mimetype).unwrap();
        assert_eq!(mimetype, "application/epub+zip");
        drop(first);
        let mut second = archive.by_name("OEBPS/a.xhtml").unwrap();
        assert_eq!(second.compression(), zip::CompressionMethod::Deflated);
        assert!(second.extra_data().is_none_or(<[u8]>::is_empty));
        let mut read = String::new();
        second.read_to_string(&mut read).unwrap();
        assert_eq!(read, text);
    }

    #[test]
    fn incompressible_data_is_stored() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 32) as u8
            })
            .collect();
        assert_eq!(Packed::deflated(&noise, 6).method, STORED);
    }
}
