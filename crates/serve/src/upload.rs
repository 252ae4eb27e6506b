//! Uploads, streamed: each file of a multipart body is written to the job's folder as it
//! arrives, under a number (a user's file name never becomes a path on the server), and
//! counted; one over the limit is refused with the file's name. The rest of the body is still
//! read (and dropped), up to a bound, so that the browser sees the answer rather than a
//! connection reset.

use std::path::Path;

use axum::extract::multipart::Field;
use axum::extract::Multipart;
use tokio::io::AsyncWriteExt;

use crate::reply::Failure;

/// A file received.
#[derive(Debug)]
pub(crate) struct Saved {
    /// The multipart field it came in (`file`).
    pub(crate) field: String,
    /// The name the user's file had, made safe for display.
    pub(crate) name: String,
    /// Where it is on the server.
    pub(crate) path: std::path::PathBuf,
    /// Its size in bytes.
    pub(crate) size: u64,
}

/// A multipart body, received.
#[derive(Debug, Default)]
pub(crate) struct Received {
    pub(crate) files: Vec<Saved>,
    /// The text fields (`url`), each at most [`TEXT_LIMIT`] bytes.
    pub(crate) texts: Vec<(String, String)>,
}

/// The largest text field.
const TEXT_LIMIT: usize = 8 * 1024;
/// How many files one request may carry.
const FILES_LIMIT: usize = 200;
/// How many text fields one request may carry.
const TEXTS_LIMIT: usize = 16;

/// Receives the files and text fields of `multipart`, the files into `dir`.
pub(crate) async fn receive(
    mut multipart: Multipart,
    dir: &Path,
    limit: u64,
) -> Result<Received, Failure> {
    let mut received = Received::default();
    while let Some(field) = next(&mut multipart).await? {
        let name = field.name().unwrap_or_default().to_string();
        match field.file_name() {
            Some(file_name) => {
                if received.files.len() == FILES_LIMIT {
                    return Err(Failure::bad_request(format!(
                        "more than {FILES_LIMIT} files in one request"
                    )));
                }
                let shown = display_name(file_name);
                let path = dir.join(format!("{}", received.files.len()));
                match save(field, &path, limit).await? {
                    Some(size) => received.files.push(Saved {
                        field: name,
                        name: shown,
                        path,
                        size,
                    }),
                    None => {
                        drain(&mut multipart, limit.saturating_mul(4)).await;
                        return Err(Failure::too_large(&shown, limit));
                    }
                }
            }
            None => {
                if received.texts.len() == TEXTS_LIMIT {
                    return Err(Failure::bad_request(format!(
                        "more than {TEXTS_LIMIT} fields in one request"
                    )));
                }
                let text = text(field, &name).await?;
                received.texts.push((name, text));
            }
        }
    }
    Ok(received)
}

/// A text field, read a chunk at a time and refused once it passes [`TEXT_LIMIT`].
async fn text(mut field: Field<'_>, name: &str) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| Failure::bad_request(format!("an unreadable form field: {e}")))?
    {
        if bytes.len() + chunk.len() > TEXT_LIMIT {
            return Err(Failure::bad_request(format!(
                "the field {name} is too long"
            )));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes)
        .map_err(|_| Failure::bad_request(format!("the field {name} is not UTF-8")))
}

async fn next<'a>(multipart: &'a mut Multipart) -> Result<Option<Field<'a>>, Failure> {
    multipart
        .next_field()
        .await
        .map_err(|e| Failure::bad_request(format!("an unreadable upload: {e}")))
}

/// Writes `field` to `path`; its size, or `None` once it passes `limit` (the part written is
/// removed).
async fn save(mut field: Field<'_>, path: &Path, limit: u64) -> Result<Option<u64>, Failure> {
    let write_failed = |e: std::io::Error| Failure::internal(format!("cannot keep an upload: {e}"));
    let mut file = tokio::fs::File::create(path).await.map_err(write_failed)?;
    let mut size = 0u64;
    loop {
        let chunk = match field.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(e) => return Err(Failure::bad_request(format!("an unreadable upload: {e}"))),
        };
        size += chunk.len() as u64;
        if size > limit {
            drop(file);
            let _ = tokio::fs::remove_file(path).await;
            // The rest of this field is read and dropped, up to a bound.
            let mut rest = 0u64;
            while let Ok(Some(chunk)) = field.chunk().await {
                rest += chunk.len() as u64;
                if rest > limit.saturating_mul(4) {
                    break;
                }
            }
            return Ok(None);
        }
        file.write_all(&chunk).await.map_err(write_failed)?;
    }
    file.flush().await.map_err(write_failed)?;
    Ok(Some(size))
}

/// Reads and drops what is left of the body, up to `bound` bytes.
async fn drain(multipart: &mut Multipart, bound: u64) {
    let mut read = 0u64;
    while let Ok(Some(mut field)) = multipart.next_field().await {
        while let Ok(Some(chunk)) = field.chunk().await {
            read += chunk.len() as u64;
            if read > bound {
                return;
            }
        }
    }
}

/// The last part of a file name as a browser sends it, without control characters, at most
/// 200 characters: it is shown and names the file in messages, never used as a path.
pub(crate) fn display_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    match clean.trim() {
        "" | "." | ".." => "upload".to_string(),
        name => name.to_string(),
    }
}

/// The extension of a shown name, lowercase.
pub(crate) fn extension(name: &str) -> String {
    Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_never_paths() {
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("C:\\x\\مقال.docx"), "مقال.docx");
        assert_eq!(display_name(".."), "upload");
        assert_eq!(display_name("a\u{0}b\n.txt"), "ab.txt");
        assert_eq!(extension("مقال.DOCX"), "docx");
    }
}
