//! The routes, and the server's life: listen, print the address, serve until interrupted.
//! Making a book is in `make`; check, fix and the books made in `books`.

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::header;
use axum::middleware;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::jobs::App;
use crate::reply::Failure;
use crate::{assets, books, make, security, Books, Options};
use warraq_core::error::{Error, Result};

/// The largest JSON form a build takes.
const FORM_LIMIT: usize = 64 * 1024;

/// How long a stop waits for the requests under way (a build, a page's event stream that
/// never ends by itself) before the server goes anyway.
const STOP_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// The application's routes, behind the guard of `security`.
pub fn router(app: Arc<App>) -> Router {
    let body_limit = usize::try_from(app.max_upload.saturating_mul(8)).unwrap_or(usize::MAX);
    Router::new()
        .route("/", get(index))
        .route("/assets/{name}", get(asset))
        .route("/api/limits", get(limits))
        .route("/api/sources", post(make::sources))
        .route("/api/cover.png", get(make::cover_png))
        .route("/api/jobs/{job}", delete(make::end_job))
        .route("/api/jobs/{job}/cover", post(make::job_cover))
        .route("/api/jobs/{job}/font", post(make::job_font))
        // A form is a few kilobytes; the uploads' limit is no limit for JSON held whole.
        .route(
            "/api/jobs/{job}/build",
            post(make::build).layer(DefaultBodyLimit::max(FORM_LIMIT)),
        )
        .route("/api/jobs/{job}/events", get(make::events))
        .route("/api/jobs/{job}/books.zip", get(books::zip_of_job))
        .route("/api/books/{name}", get(books::download))
        .route("/api/books/{id}/spine", get(books::spine))
        .route("/api/books/{id}/file/{*path}", get(books::file))
        .route("/api/check", post(books::check))
        .route("/api/fix", post(books::fix))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(app.clone(), security::guard))
        .with_state(app)
}

/// Listens, says where, serves until Ctrl-C or a termination signal.
pub(crate) async fn run(options: &Options, books: Arc<dyn Books>) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .map_err(|e| Error::Flag {
            flag: "--listen",
            message: format!("cannot listen on {}: {e}", options.listen),
            hint: Some("give another --port, or stop what listens there".into()),
        })?;
    let mut options = options.clone();
    options.listen = listener
        .local_addr()
        .map_err(|e| Error::Internal(format!("no local address: {e}")))?;
    let app = Arc::new(
        App::new(&options, books)
            .map_err(|e| Error::Internal(format!("cannot make a temporary folder: {e}")))?,
    );
    let address = app.address();
    println!("warraq serve: open {address}");
    if !options.listen.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}, which other machines can reach; the token is all that \
             keeps them out, and pages from other machines' addresses cannot be fetched",
            options.listen
        );
    }
    eprintln!("Press Ctrl-C to stop; the uploads and books are removed then.");
    if options.open {
        // A token good for one visit: the opener's command line is readable by other users.
        if let Err(e) = open::that_detached(app.address_once()) {
            eprintln!("warning: cannot open a browser ({e}); open the address above yourself");
        }
    }
    let router = router(app.clone());
    let signalled = std::sync::Arc::new(tokio::sync::Notify::new());
    let told = signalled.clone();
    let served = axum::serve(listener, router).with_graceful_shutdown(async move {
        stopped().await;
        told.notify_one();
    });
    tokio::select! {
        result = served => {
            result.map_err(|e| Error::Internal(format!("the server stopped: {e}")))?;
        }
        _ = async {
            signalled.notified().await;
            tokio::time::sleep(STOP_GRACE).await;
        } => {
            eprintln!("warraq serve: stopped, without waiting longer for the requests under way");
        }
    }
    drop(app);
    Ok(())
}

/// Ctrl-C, or (on Unix) the termination signal a service manager or `kill` sends.
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {},
                    _ = terminate.recv() => {},
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

async fn index(RawQuery(query): RawQuery, State(app): State<Arc<App>>) -> Response {
    match security::query_token(query.as_deref()) {
        Some(_) => security::welcome(&app.token, app.listen.port()),
        None => Html(assets::INDEX).into_response(),
    }
}

async fn asset(Path(name): Path<String>) -> Response {
    match assets::asset(&name) {
        Some((bytes, media_type)) => ([(header::CONTENT_TYPE, media_type)], bytes).into_response(),
        None => Failure::not_found(&name).into_response(),
    }
}

async fn limits(State(app): State<Arc<App>>) -> Json<serde_json::Value> {
    Json(json!({"max_upload": app.max_upload, "version": env!("CARGO_PKG_VERSION")}))
}
