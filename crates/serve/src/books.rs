//! The books: downloaded one by one or as a zip, previewed from their own files, and EPUBs
//! uploaded to be checked or fixed.

use std::io::Write;
use std::sync::Arc;

use axum::extract::{Multipart, Path, State};
use axum::http::header::{self, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::epub_files;
use crate::jobs::App;
use crate::reply::Failure;
use crate::report;
use crate::upload::{self, Saved};

/// `GET /api/books/{id}.epub`: the book, as an attachment under its file name.
pub(crate) async fn download(
    State(app): State<Arc<App>>,
    Path(name): Path<String>,
) -> Result<Response, Failure> {
    let id = name.strip_suffix(".epub").unwrap_or(&name);
    let book = app
        .book(id)
        .ok_or_else(|| Failure::not_found("this book"))?;
    Ok(attachment(
        &book.file_name,
        "application/epub+zip",
        book.bytes.to_vec(),
    ))
}

/// `GET /api/jobs/{job}/books.zip`: the job's books in one zip, each stored as it is.
pub(crate) async fn zip_of_job(
    State(app): State<Arc<App>>,
    Path(job): Path<String>,
) -> Result<Response, Failure> {
    let ids = app
        .with_job(&job, |j| j.books.clone())
        .ok_or_else(|| Failure::not_found("this job"))?;
    let books: Vec<_> = ids.iter().filter_map(|id| app.book(id)).collect();
    if books.is_empty() {
        return Err(Failure::not_found("this job's books"));
    }
    let zipped = app
        .work(move || {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            let mut names = std::collections::HashSet::new();
            for (n, book) in books.iter().enumerate() {
                // Two books of one title would share a name: the second gets its number.
                let name = match names.insert(book.file_name.clone()) {
                    true => book.file_name.clone(),
                    false => format!("{}-{}", n + 1, book.file_name),
                };
                zip.start_file(name, options)
                    .and_then(|_| zip.write_all(&book.bytes).map_err(Into::into))
                    .map_err(|e| Failure::internal(format!("cannot make the zip: {e}")))?;
            }
            zip.finish()
                .map(|cursor| cursor.into_inner())
                .map_err(|e| Failure::internal(format!("cannot make the zip: {e}")))
        })
        .await?;
    Ok(attachment("books.zip", "application/zip", zipped))
}

/// `GET /api/books/{id}/spine`: the reading order the preview pages through.
pub(crate) async fn spine(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, Failure> {
    let book = app
        .book(&id)
        .ok_or_else(|| Failure::not_found("this book"))?;
    let spine = app
        .work(move || {
            epub_files::spine(&book.bytes)
                .ok_or_else(|| Failure::not_a_document(&book.file_name, "has no spine to show"))
        })
        .await?;
    let items: Vec<String> = spine
        .items
        .iter()
        .map(|path| format!("/api/books/{id}/file/{}", encode_path(path)))
        .collect();
    Ok(Json(json!({
        "direction": spine.direction,
        "language": spine.language,
        "title": spine.title,
        "items": items,
    })))
}

/// `GET /api/books/{id}/file/{path}`: an entry of the book, under a policy that runs no script.
pub(crate) async fn file(
    State(app): State<Arc<App>>,
    Path((id, path)): Path<(String, String)>,
) -> Result<Response, Failure> {
    let book = app
        .book(&id)
        .ok_or_else(|| Failure::not_found("this book"))?;
    // Inflating an entry is work for the blocking pool: a book sent to be fixed may hold a
    // large, highly compressed one, asked for by every image of its pages.
    let name = path.clone();
    let bytes = app
        .work(move || {
            epub_files::entry(&book.bytes, &name).ok_or_else(|| Failure::not_found(&name))
        })
        .await?;
    let mut response = (
        [(header::CONTENT_TYPE, epub_files::media_type(&path))],
        bytes,
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(crate::security::BOOK_POLICY),
    );
    // A book's files never change under their id: the preview asks for each once.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600, immutable"),
    );
    Ok(response)
}

/// `POST /api/check`: each uploaded book's findings.
pub(crate) async fn check(
    State(app): State<Arc<App>>,
    multipart: Multipart,
) -> Result<Json<Value>, Failure> {
    let files = receive_books(&app, multipart).await?;
    let books = app.work(move || {
        Ok(files
            .into_iter()
            .map(|(name, bytes)| json!({"name": name, "findings": report::check(&bytes), "error": null}))
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(Json(json!({ "books": books })))
}

/// `POST /api/fix`: each uploaded book fixed (kept for download), with its repairs and what its
/// check still finds; or why it cannot be fixed.
pub(crate) async fn fix(
    State(app): State<Arc<App>>,
    multipart: Multipart,
) -> Result<Json<Value>, Failure> {
    let files = receive_books(&app, multipart).await?;
    let options = warraq_fix::Options {
        lang: None,
        modified: chrono::Utc::now(),
    };
    let results = app
        .work(move || {
            Ok(files
                .into_iter()
                .map(|(name, bytes)| (name, warraq_fix::fix(&bytes, &options)))
                .collect::<Vec<_>>())
        })
        .await?;
    let books: Vec<Value> = results
        .into_iter()
        .map(|(name, result)| match result {
            Ok(fixed) => {
                let repairs: Vec<String> = fixed
                    .repairs
                    .iter()
                    .map(|r| format!("{} {}: {}", r.code, r.location, r.message))
                    .chain(fixed.notes.iter().cloned())
                    .collect();
                let after: Vec<Value> = fixed.findings.iter().map(report::finding).collect();
                let id = app.keep(name.clone(), fixed.bytes);
                json!({"name": name, "id": id, "repairs": repairs, "findings_after": after, "error": null})
            }
            Err(refusal) => {
                let error = match refusal.hint {
                    Some(hint) => format!("{} ({hint})", refusal.message),
                    None => refusal.message,
                };
                json!({"name": name, "id": null, "repairs": [], "findings_after": [], "error": error})
            }
        })
        .collect();
    Ok(Json(json!({ "books": books })))
}

/// The EPUBs of a check or fix, received into a folder of the request's own (not a job, so
/// that checks never push a job out) and read back; the folder goes when they are read.
async fn receive_books(
    app: &Arc<App>,
    multipart: Multipart,
) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let dir = app
        .scratch_dir()
        .map_err(|e| Failure::internal(format!("cannot make a folder: {e}")))?;
    let received = upload::receive(multipart, dir.path(), app.max_upload).await?;
    let files = read_all(received.files).await?;
    if files.is_empty() {
        return Err(Failure::bad_request("no book was sent"));
    }
    Ok(files)
}

async fn read_all(files: Vec<Saved>) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        let bytes = tokio::fs::read(&file.path).await.map_err(|e| {
            Failure::internal(format!("{}: cannot read the upload: {e}", file.name))
        })?;
        out.push((file.name, bytes));
    }
    Ok(out)
}

/// An answer that downloads as `name`: an ASCII name for old browsers, the real one in
/// `filename*` (RFC 6266), which may be Arabic.
fn attachment(name: &str, media_type: &'static str, bytes: Vec<u8>) -> Response {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        encode_path(name).replace('/', "%2F")
    );
    let mut response = ([(header::CONTENT_TYPE, media_type)], bytes).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// Percent-encodes all but the unreserved characters and `/`.
fn encode_path(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(encode_path("EPUB/a b.xhtml"), "EPUB/a%20b.xhtml");
        let response = attachment("عنوان.epub", "application/epub+zip", Vec::new());
        let disposition = response.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap();
        assert!(
            disposition.contains("filename*=UTF-8''%D8%B9"),
            "{disposition}"
        );
    }
}
