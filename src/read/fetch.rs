//! Fetching what a book names by URL: an article's page, and the images a page shows. http
//! and https only (rustls, with the Mozilla roots), a timeout for each request, a cap on each
//! response and on all a book fetches, a few redirects at most, and a user agent that names
//! warraq. The proxy named by the usual environment variables is used.

use std::io::Read;
use std::sync::OnceLock;
use std::time::Duration;

use ureq::ResponseExt;

/// How long one request may take, from connecting to the last byte.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(30);
/// The most one response may hold (a page or an image).
pub(crate) const RESPONSE_LIMIT: u64 = 50 * 1024 * 1024;
/// The most one book may fetch, its page and images together.
pub(crate) const BOOK_LIMIT: u64 = 200 * 1024 * 1024;
/// How many redirects a request may follow.
pub(crate) const REDIRECTS: u32 = 5;

/// What a URL gave.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL the content came from, after redirects.
    pub(crate) url: String,
    /// The content.
    pub bytes: Vec<u8>,
    /// Its media type, from `Content-Type`, lowercase, without parameters.
    pub(crate) media_type: Option<String>,
    /// The charset `Content-Type` names, if any.
    pub(crate) charset: Option<String>,
}

/// A server's answer, whatever its status: what [`Client::request`] returns.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    /// The status code.
    pub(crate) status: u16,
    /// Its reason phrase, when the code has one.
    pub(crate) reason: String,
    /// The `ETag` header.
    pub(crate) etag: Option<String>,
    /// The `Last-Modified` header.
    pub(crate) last_modified: Option<String>,
    /// The `Retry-After` header.
    pub(crate) retry_after: Option<String>,
    /// What came (the body only with a success).
    pub fetched: Fetched,
}

impl Answer {
    /// The one-line error for an answer that is not a success.
    pub(crate) fn status_error(&self) -> String {
        format!("the server answered HTTP {} {}", self.status, self.reason)
            .trim_end()
            .to_string()
    }
}

/// Whether `text` names an http or https URL (what warraq fetches).
pub(crate) fn is_url(text: &str) -> bool {
    let lower = text
        .trim_start()
        .get(..8)
        .unwrap_or(text)
        .to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// How a [`Client`] fetches: the defaults are warraq's (`TIMEOUT`, `REDIRECTS`, the
/// proxy of the environment).
#[derive(Debug, Clone)]
pub struct Settings {
    /// How long one request may take, from connecting to the last byte.
    pub timeout: Duration,
    /// How many redirects a request may follow; with none, a redirect is an answer that
    /// is not a success.
    pub redirects: u32,
    /// Whether the proxy named by the environment (`HTTPS_PROXY`, `ALL_PROXY`…) is used.
    pub environment_proxy: bool,
    /// Whether only public addresses may be fetched (see `public`): what `warraq serve`
    /// asks when it listens beyond loopback.
    pub public_only: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            timeout: TIMEOUT,
            redirects: REDIRECTS,
            environment_proxy: true,
            public_only: false,
        }
    }
}

/// An HTTP client with warraq's limits: what `get` uses, and what a caller that wants other
/// settings (a fuzz target that must never leave the machine) makes for itself.
#[derive(Debug, Clone)]
pub struct Client {
    agent: ureq::Agent,
    settings: Settings,
}

impl Client {
    /// A client with these settings.
    pub fn new(settings: Settings) -> Client {
        let mut config = ureq::Agent::config_builder()
            .timeout_global(Some(settings.timeout))
            .max_redirects(settings.redirects)
            .http_status_as_error(false)
            .user_agent(format!(
                "warraq/{} (right-to-left EPUB maker)",
                env!("CARGO_PKG_VERSION")
            ));
        if !settings.environment_proxy || settings.public_only {
            config = config.proxy(None);
        }
        let agent = match settings.public_only {
            true => ureq::Agent::with_parts(
                config.build(),
                ureq::unversioned::transport::DefaultConnector::default(),
                super::public::PublicOnly::default(),
            ),
            false => config.build().into(),
        };
        Client { agent, settings }
    }

    /// Fetches `url`, reading at most `limit` bytes (and never more than
    /// `RESPONSE_LIMIT`). The error is one line for a message: the status, or why no
    /// answer came.
    pub fn get(&self, url: &str, limit: u64) -> Result<Fetched, String> {
        let answer = self.request(url, limit, &[])?;
        if !(200..300).contains(&answer.status) {
            return Err(answer.status_error());
        }
        Ok(answer.fetched)
    }

    /// Sends a GET for `url` with these extra headers (a conditional request's
    /// `If-None-Match`), and returns the answer whatever its status, its body read up to
    /// `limit` bytes (and never more than [`RESPONSE_LIMIT`]).
    pub(crate) fn request(
        &self,
        url: &str,
        limit: u64,
        headers: &[(&str, &str)],
    ) -> Result<Answer, String> {
        if !is_url(url) {
            return Err("only http and https addresses can be fetched".into());
        }
        let limit = limit.min(RESPONSE_LIMIT);
        let mut request = self.agent.get(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut response = request.call().map_err(|e| self.describe(&e))?;
        let status = response.status();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_string())
        };
        let (etag, last_modified, retry_after) = (
            header("etag"),
            header("last-modified"),
            header("retry-after"),
        );
        let final_url = response.get_uri().to_string();
        let media_type = response
            .body()
            .mime_type()
            .map(|m| m.trim().to_ascii_lowercase());
        let charset = response.body().charset().map(|c| c.trim().to_string());
        let mut bytes = Vec::new();
        if status.is_success() {
            response
                .body_mut()
                .as_reader()
                .take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("the transfer failed: {e}"))?;
            if bytes.len() as u64 > limit {
                return Err(format!(
                    "the response is larger than the {} MB warraq reads of one",
                    limit / (1024 * 1024)
                ));
            }
        }
        Ok(Answer {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_string(),
            etag,
            last_modified,
            retry_after,
            fetched: Fetched {
                url: final_url,
                bytes,
                media_type,
                charset,
            },
        })
    }

    fn describe(&self, error: &ureq::Error) -> String {
        match error {
            ureq::Error::HostNotFound => "the host was not found".into(),
            ureq::Error::ConnectionFailed => "the connection failed".into(),
            ureq::Error::Timeout(_) => {
                format!("no answer within {} s", self.settings.timeout.as_secs())
            }
            ureq::Error::TooManyRedirects => {
                format!("more than {} redirects", self.settings.redirects)
            }
            other => other.to_string(),
        }
    }
}

/// Fetches `url` with warraq's own [`Client`], reading at most `limit` bytes (and never more
/// than [`RESPONSE_LIMIT`]).
pub(crate) fn get(url: &str, limit: u64) -> Result<Fetched, String> {
    static CLIENT: OnceLock<Client> = OnceLock::new();
    CLIENT
        .get_or_init(|| Client::new(Settings::default()))
        .get(url, limit)
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
