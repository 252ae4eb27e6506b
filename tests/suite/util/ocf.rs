//! Reads the raw bytes of the zip container (local and central headers) to check what a zip
//! library would hide: entry order, compression method, extra fields, DOS timestamps.

use chrono::{NaiveDate, NaiveDateTime};

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4b50;

/// The extra-field id of the "extended timestamp" field (`UT`), which Send-to-Kindle rejects.
pub const EXTENDED_TIMESTAMP: u16 = 0x5455;

/// One entry, as its local header and its central-directory header describe it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The name in the local header.
    pub name: String,
    /// The local header's offset in the archive.
    pub offset: usize,
    /// The compression method of the local header (0 stored, 8 deflated).
    pub method: u16,
    /// The compression method of the central header.
    pub central_method: u16,
    /// The local header's DOS date and time.
    pub local_date_time: (u16, u16),
    /// The central header's DOS date and time.
    pub central_date_time: (u16, u16),
    /// The local header's extra field.
    pub local_extra: Vec<u8>,
    /// The central header's extra field.
    pub central_extra: Vec<u8>,
    /// The entry's data as stored (compressed for deflated entries).
    pub data: Vec<u8>,
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// Every entry, in the order of their local headers in the file.
pub fn entries(bytes: &[u8]) -> Vec<Entry> {
    assert!(bytes.len() >= 22, "the archive is too short to be a zip");
    let eocd = (0..=bytes.len() - 22)
        .rev()
        .find(|&at| u32_at(bytes, at) == END_OF_CENTRAL_DIRECTORY)
        .expect("no end-of-central-directory record");
    let count = usize::from(u16_at(bytes, eocd + 10));
    let mut at = u32_at(bytes, eocd + 16) as usize;
    let mut found = Vec::with_capacity(count);
    for _ in 0..count {
        assert_eq!(
            u32_at(bytes, at),
            CENTRAL_HEADER,
            "no central header signature at {at}"
        );
        let central_method = u16_at(bytes, at + 10);
        let central_date_time = (u16_at(bytes, at + 14), u16_at(bytes, at + 12));
        let compressed_size = u32_at(bytes, at + 20) as usize;
        let name_len = usize::from(u16_at(bytes, at + 28));
        let extra_len = usize::from(u16_at(bytes, at + 30));
        let comment_len = usize::from(u16_at(bytes, at + 32));
        let offset = u32_at(bytes, at + 42) as usize;
        let central_name = bytes[at + 46..at + 46 + name_len].to_vec();
        let central_extra = bytes[at + 46 + name_len..at + 46 + name_len + extra_len].to_vec();
        at += 46 + name_len + extra_len + comment_len;

        assert_eq!(
            u32_at(bytes, offset),
            LOCAL_HEADER,
            "no local file header signature (0x04034b50) at {offset}"
        );
        let method = u16_at(bytes, offset + 8);
        let local_date_time = (u16_at(bytes, offset + 12), u16_at(bytes, offset + 10));
        let local_name_len = usize::from(u16_at(bytes, offset + 26));
        let local_extra_len = usize::from(u16_at(bytes, offset + 28));
        let name_bytes = &bytes[offset + 30..offset + 30 + local_name_len];
        assert_eq!(
            name_bytes,
            central_name.as_slice(),
            "local and central headers disagree on a name"
        );
        let extra_start = offset + 30 + local_name_len;
        let data_start = extra_start + local_extra_len;
        found.push(Entry {
            name: String::from_utf8_lossy(name_bytes).into_owned(),
            offset,
            method,
            central_method,
            local_date_time,
            central_date_time,
            local_extra: bytes[extra_start..data_start].to_vec(),
            central_extra,
            data: bytes[data_start..data_start + compressed_size].to_vec(),
        });
    }
    found.sort_by_key(|e| e.offset);
    found
}

/// The header ids in an extra field.
pub fn extra_ids(extra: &[u8]) -> Vec<u16> {
    let mut ids = Vec::new();
    let mut at = 0;
    while at + 4 <= extra.len() {
        ids.push(u16_at(extra, at));
        at += 4 + usize::from(u16_at(extra, at + 2));
    }
    ids
}

/// A DOS (date, time) pair as a date-time; `None` when it does not name a real instant.
pub fn dos_date_time((date, time): (u16, u16)) -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(
        1980 + i32::from(date >> 9),
        u32::from((date >> 5) & 0x0f),
        u32::from(date & 0x1f),
    )?
    .and_hms_opt(
        u32::from(time >> 11),
        u32::from((time >> 5) & 0x3f),
        u32::from(time & 0x1f) * 2,
    )
}
