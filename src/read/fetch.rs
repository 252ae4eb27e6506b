//! Fetching what a book names by URL: an article's page, and the images a page shows. http
//! and https only (rustls, with the Mozilla roots), a timeout for each request, a cap on each
//! response and on all a book fetches, a few redirects at most, and a user agent that names
//! warraq. The proxy named by the usual environment variables is used.

use std::io::Read;
use std::sync::OnceLock;
use std::time::Duration;

use ureq::ResponseExt;

/// How long one request may take, from connecting to the last byte.
pub const TIMEOUT: Duration = Duration::from_secs(30);
/// The most one response may hold (a page or an image).
pub const RESPONSE_LIMIT: u64 = 50 * 1024 * 1024;
/// The most one book may fetch, its page and images together.
pub const BOOK_LIMIT: u64 = 200 * 1024 * 1024;
/// How many redirects a request may follow.
pub const REDIRECTS: u32 = 5;

/// What a URL gave.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL the content came from, after redirects.
    pub url: String,
    /// The content.
    pub bytes: Vec<u8>,
    /// Its media type, from `Content-Type`, lowercase, without parameters.
    pub media_type: Option<String>,
    /// The charset `Content-Type` names, if any.
    pub charset: Option<String>,
}

/// Whether `text` names an http or https URL (what warraq fetches).
pub fn is_url(text: &str) -> bool {
    let lower = text
        .trim_start()
        .get(..8)
        .unwrap_or(text)
        .to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

fn agent() -> &'static ureq::Agent {
    static AGENT: OnceLock<ureq::Agent> = OnceLock::new();
    AGENT.get_or_init(|| {
        ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .max_redirects(REDIRECTS)
            .http_status_as_error(false)
            .user_agent(format!(
                "warraq/{} (right-to-left EPUB maker)",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .into()
    })
}

/// Fetches `url`, reading at most `limit` bytes (and never more than [`RESPONSE_LIMIT`]).
/// The error is one line for a message: the status, or why no answer came.
pub fn get(url: &str, limit: u64) -> Result<Fetched, String> {
    if !is_url(url) {
        return Err("only http and https addresses can be fetched".into());
    }
    let limit = limit.min(RESPONSE_LIMIT);
    let mut response = agent().get(url).call().map_err(|e| describe(&e))?;
    let status = response.status();
    if !status.is_success() {
        let reason = status.canonical_reason().unwrap_or("");
        return Err(
            format!("the server answered HTTP {} {reason}", status.as_u16())
                .trim_end()
                .to_string(),
        );
    }
    let final_url = response.get_uri().to_string();
    let media_type = response
        .body()
        .mime_type()
        .map(|m| m.trim().to_ascii_lowercase());
    let charset = response.body().charset().map(|c| c.trim().to_string());
    let mut bytes = Vec::new();
    response
        .body_mut()
        .as_reader()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("the transfer failed: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "the response is larger than the {} MB a book may fetch",
            limit / (1024 * 1024)
        ));
    }
    Ok(Fetched {
        url: final_url,
        bytes,
        media_type,
        charset,
    })
}

fn describe(error: &ureq::Error) -> String {
    match error {
        ureq::Error::HostNotFound => "the host was not found".into(),
        ureq::Error::ConnectionFailed => "the connection failed".into(),
        ureq::Error::Timeout(_) => format!("no answer within {} s", TIMEOUT.as_secs()),
        ureq::Error::TooManyRedirects => format!("more than {REDIRECTS} redirects"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_are_urls() {
        assert!(is_url("https://example.org/a"));
        assert!(is_url("HTTP://example.org"));
        assert!(!is_url("ftp://example.org"));
        assert!(!is_url("book/article.html"));
        assert!(!is_url("ht"));
        assert!(get("file:///etc/passwd", 10).is_err());
    }
}
