//! The answers the page reads when something goes wrong: a status and one JSON object,
//! `{"error", "code", "file", "hint"}`. `error` is the library's own one-line message (in
//! English); `code` lets the page say it in the interface's language.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use warraq_core::error::Error;

/// A request that cannot be served, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) status: StatusCode,
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) file: Option<String>,
    pub(crate) hint: Option<String>,
}

impl Failure {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Failure {
        Failure {
            status,
            code,
            message: message.into(),
            file: None,
            hint: None,
        }
    }

    pub(crate) fn forbidden(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub(crate) fn not_found(what: &str) -> Failure {
        Failure::new(
            StatusCode::NOT_FOUND,
            "not-found",
            format!("{what} is not here (it may have expired: make it again)"),
        )
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, "bad-input", message)
    }

    pub(crate) fn too_large(file: &str, limit: u64) -> Failure {
        let mut failure = Failure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            format!(
                "{file}: larger than the server's limit of {} MB a file",
                limit / (1024 * 1024)
            ),
        );
        failure.file = Some(file.to_string());
        failure.hint = Some("start warraq serve with a larger --max-upload".into());
        failure
    }

    pub(crate) fn not_a_document(file: &str, what: &str) -> Failure {
        let mut failure = Failure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not-a-document",
            format!("{file}: {what}"),
        );
        failure.file = Some(file.to_string());
        failure
    }

    pub(crate) fn internal(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    /// The library's error, as the command line would print it.
    pub(crate) fn of(error: &Error) -> Failure {
        let (status, code) = match error {
            Error::Input { .. } | Error::Cover { .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, "bad-file")
            }
            Error::Flag { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "bad-value"),
            Error::Read { path, .. } if path.to_string_lossy().starts_with("http") => {
                (StatusCode::UNPROCESSABLE_ENTITY, "unfetched")
            }
            Error::Read { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "unreadable"),
            Error::NoFont { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "no-font"),
            Error::Write { .. } | Error::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        };
        let file = match error {
            Error::Read { path, .. } | Error::Input { path, .. } | Error::Cover { path, .. } => {
                Some(path.display().to_string())
            }
            _ => None,
        };
        Failure {
            status,
            code,
            message: error.to_string(),
            file,
            hint: error.hint().map(str::to_string),
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": self.message,
            "code": self.code,
            "file": self.file,
            "hint": self.hint,
        });
        (self.status, Json(body)).into_response()
    }
}
