//! Making a book: sources uploaded (or a page fetched) into a job, the form they propose, an
//! image for the cover, the build with its progress as server-sent events, and the drawn
//! cover's preview.

use std::sync::Arc;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::stream::{self, Stream, StreamExt};
use serde::Deserialize;
use serde_json::json;

use crate::jobs::{App, Held};
use crate::reply::Failure;
use crate::report;
use crate::upload::{self, extension};
use crate::{CoverWish, Form, Order, Upload};

/// The extensions of the sources a book is made from.
const SOURCE_KINDS: &[&str] = &["txt", "md", "markdown", "html", "htm", "xhtml", "docx"];

/// A new job from uploaded sources and, or, a page's URL: the metadata they propose.
pub(crate) async fn sources(
    State(app): State<Arc<App>>,
    multipart: Multipart,
) -> std::result::Result<Json<serde_json::Value>, Failure> {
    let (job, dir) = app
        .new_job()
        .map_err(|e| Failure::internal(format!("cannot make a job's folder: {e}")))?;
    let failed = |failure: Failure| {
        app.end_job(&job);
        failure
    };
    let received = upload::receive(multipart, dir.path(), app.max_upload)
        .await
        .map_err(failed)?;
    let mut held = Vec::new();
    for file in received.files.into_iter().filter(|f| f.field == "file") {
        if !SOURCE_KINDS.contains(&extension(&file.name).as_str()) {
            return Err(failed(Failure::not_a_document(
                &file.name,
                "is not a text, Markdown, page or Word document (.txt, .md, .html, .docx)",
            )));
        }
        held.push(Held::File {
            name: file.name,
            path: file.path,
            size: file.size,
        });
    }
    let url = received
        .texts
        .iter()
        .find(|(name, value)| name == "url" && !value.trim().is_empty())
        .map(|(_, value)| value.trim().to_string());
    if let Some(url) = url {
        let library = app.books.clone();
        let page = app
            .work(move || library.fetch(&url).map_err(|e| Failure::of(&e)))
            .await
            .map_err(failed)?;
        held.push(Held::Fetched(page));
    }
    if held.is_empty() {
        return Err(failed(Failure::bad_request(
            "nothing to make a book of: choose files, or give a page's address",
        )));
    }
    let described: Vec<_> = held.iter().map(describe).collect();
    let library = app.books.clone();
    let sources = held.clone();
    let proposal = app
        .work(move || {
            let uploads = read_sources(&sources)?;
            library.propose(&uploads).map_err(|e| Failure::of(&e))
        })
        .await
        .map_err(failed)?;
    app.with_job(&job, |j| j.sources = held);
    Ok(Json(json!({
        "job": job,
        "sources": described,
        "form": proposal.form,
        "warnings": proposal.warnings,
    })))
}

fn describe(held: &Held) -> serde_json::Value {
    match held {
        Held::File { name, size, .. } => {
            json!({"name": name, "kind": extension(name), "bytes": size})
        }
        Held::Fetched(page) => json!({"name": page.name, "kind": "url", "bytes": page.bytes.len()}),
    }
}

/// The sources' bytes, read from the job's folder.
fn read_sources(held: &[Held]) -> std::result::Result<Vec<Upload>, Failure> {
    held.iter()
        .map(|h| match h {
            Held::File { name, path, .. } => std::fs::read(path)
                .map(|bytes| Upload {
                    name: name.clone(),
                    bytes,
                    ..Upload::default()
                })
                .map_err(|e| Failure::internal(format!("{name}: cannot read the upload: {e}"))),
            Held::Fetched(page) => Ok(page.clone()),
        })
        .collect()
}

pub(crate) async fn end_job(State(app): State<Arc<App>>, Path(job): Path<String>) -> Response {
    match app.end_job(&job) {
        true => Json(json!({"ended": job})).into_response(),
        false => Failure::not_found("this job").into_response(),
    }
}

/// The image a job's book is to have as its cover.
pub(crate) async fn job_cover(
    State(app): State<Arc<App>>,
    Path(job): Path<String>,
    multipart: Multipart,
) -> std::result::Result<Json<serde_json::Value>, Failure> {
    let image = job_file(&app, &job, multipart, "cover").await?;
    let name = image.name.clone();
    app.with_job(&job, |j| j.cover = Some(image))
        .ok_or_else(|| Failure::not_found("this job"))?;
    Ok(Json(json!({ "cover": name })))
}

/// The font a job's book is to embed (and set its drawn cover's title in).
pub(crate) async fn job_font(
    State(app): State<Arc<App>>,
    Path(job): Path<String>,
    multipart: Multipart,
) -> std::result::Result<Json<serde_json::Value>, Failure> {
    let font = job_file(&app, &job, multipart, "font").await?;
    if !FONT_KINDS.contains(&extension(&font.name).as_str()) {
        return Err(Failure::not_a_document(
            &font.name,
            "is not a font (.ttf, .otf, .woff, .woff2)",
        ));
    }
    let name = font.name.clone();
    app.with_job(&job, |j| j.font = Some(font))
        .ok_or_else(|| Failure::not_found("this job"))?;
    Ok(Json(json!({ "font": name })))
}

/// The extensions of the fonts a book embeds.
const FONT_KINDS: &[&str] = &["ttf", "otf", "woff", "woff2"];

/// The one file of a multipart body, received into the job's folder `folder` and read.
async fn job_file(
    app: &Arc<App>,
    job: &str,
    multipart: Multipart,
    folder: &str,
) -> std::result::Result<Upload, Failure> {
    let dir = app
        .with_job(job, |j| j.dir.clone())
        .ok_or_else(|| Failure::not_found("this job"))?;
    let folder = dir.path().join(folder);
    tokio::fs::create_dir_all(&folder)
        .await
        .map_err(|e| Failure::internal(format!("cannot make a folder: {e}")))?;
    let received = upload::receive(multipart, &folder, app.max_upload).await?;
    let mut files = received.files.into_iter();
    let (Some(file), None) = (files.next(), files.next()) else {
        return Err(Failure::bad_request("send one file"));
    };
    let bytes = tokio::fs::read(&file.path)
        .await
        .map_err(|e| Failure::internal(format!("cannot read the upload: {e}")))?;
    Ok(Upload {
        name: file.name,
        bytes,
        ..Upload::default()
    })
}

/// What the page asks of a build.
#[derive(Debug, Deserialize)]
pub(crate) struct BuildRequest {
    #[serde(default)]
    form: Form,
    #[serde(default)]
    cover: String,
    #[serde(default)]
    each: bool,
    #[serde(default)]
    kobo: bool,
    /// Whether to embed the font uploaded for the job.
    #[serde(default)]
    font: bool,
}

/// Makes the job's books, checks them, keeps them; progress goes to the job's events.
pub(crate) async fn build(
    State(app): State<Arc<App>>,
    Path(job): Path<String>,
    Json(request): Json<BuildRequest>,
) -> std::result::Result<Json<serde_json::Value>, Failure> {
    // The job's folder is held while the build runs: a job ended meanwhile (by the page, by
    // age) keeps its files until the build is done with them.
    let (held, cover_image, font, folder) = app
        .with_job(&job, |j| {
            (
                j.sources.clone(),
                j.cover.clone(),
                j.font.clone(),
                j.dir.clone(),
            )
        })
        .ok_or_else(|| Failure::not_found("this job"))?;
    let cover = match request.cover.as_str() {
        "none" => CoverWish::None,
        "page" => CoverWish::Page,
        "upload" => CoverWish::Image(
            cover_image.ok_or_else(|| Failure::bad_request("no cover image was uploaded"))?,
        ),
        _ => CoverWish::Drawn,
    };
    let (teller, id) = (app.clone(), job.clone());
    let tell = move |step: &str, done: usize, total: usize, name: &str| {
        let event = json!({"step": step, "done": done, "total": total, "name": name});
        teller.tell(&id, event.to_string());
    };
    tell("reading", 0, held.len(), "");
    let mut order = Order {
        sources: Vec::new(),
        form: request.form,
        cover,
        each: request.each,
        kobo: request.kobo,
        font: match request.font {
            true => Some(font.ok_or_else(|| Failure::bad_request("no font was uploaded"))?),
            false => None,
        },
    };
    let library = app.books.clone();
    let told = tell.clone();
    let built = app
        .work(move || {
            // Read here, on the blocking pool: an upload may be 100 MB.
            order.sources = read_sources(&held)?;
            drop(folder);
            let progress = |done: usize, total: usize| told("building", done, total, "");
            library
                .build(&order, &progress)
                .map_err(|e| Failure::of(&e))
        })
        .await;
    let built = match built {
        Ok(built) => built,
        Err(failure) => {
            tell("failed", 0, 0, &failure.message);
            return Err(failure);
        }
    };
    tell("checking", built.len(), built.len(), "");
    let kept = match report::keep_built(&app, built).await {
        Ok(kept) => kept,
        Err(failure) => {
            tell("failed", 0, 0, &failure.message);
            return Err(failure);
        }
    };
    let ids: Vec<String> = kept
        .iter()
        .filter_map(|b| b["id"].as_str().map(String::from))
        .collect();
    let several = ids.len() > 1;
    app.with_job(&job, |j| j.books = ids);
    tell("done", kept.len(), kept.len(), "");
    Ok(Json(json!({
        "books": kept,
        "zip": several.then(|| format!("/api/jobs/{job}/books.zip")),
    })))
}

/// The job's progress, as server-sent events.
pub(crate) async fn events(
    State(app): State<Arc<App>>,
    Path(job): Path<String>,
) -> std::result::Result<
    Sse<impl Stream<Item = std::result::Result<Event, std::convert::Infallible>>>,
    Failure,
> {
    let (history, receiver) = app
        .listen(&job)
        .ok_or_else(|| Failure::not_found("this job"))?;
    let told = stream::iter(history).map(|data| Ok(Event::default().event("progress").data(data)));
    let events = stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(data) => {
                    let event = Event::default().event("progress").data(data);
                    return Some((Ok(event), receiver));
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Ok(Sse::new(told.chain(events)).keep_alive(KeepAlive::default()))
}

/// What the page sends for the cover's preview.
#[derive(Debug, Deserialize)]
pub(crate) struct CoverQuery {
    #[serde(default)]
    title: String,
    #[serde(default)]
    authors: String,
    #[serde(default)]
    language: String,
}

/// The drawn cover for the title being typed, as a PNG.
pub(crate) async fn cover_png(
    State(app): State<Arc<App>>,
    Query(query): Query<CoverQuery>,
) -> std::result::Result<Response, Failure> {
    let form = Form {
        title: query.title.chars().take(500).collect(),
        authors: query
            .authors
            .split(['\n', '،', ','])
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect(),
        language: query.language,
        ..Form::default()
    };
    let library = app.books.clone();
    let png = app
        .work(move || library.cover(&form).map_err(|e| Failure::of(&e)))
        .await?;
    Ok(([(header::CONTENT_TYPE, "image/png")], png).into_response())
}
