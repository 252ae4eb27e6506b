//! Who may drive the server. It runs on people's own machines, where other users and other
//! sites' pages can reach a port on loopback, so every request must:
//! - name, in `Host`, the address the server listens as (a DNS-rebinding page names its own);
//! - carry the random token printed with the address, as the cookie the first visit set (a
//!   page of another site cannot read it, and `SameSite=Strict` keeps the browser from sending
//!   it with that page's requests);
//! - for a POST, carry the header `X-Warraq: 1`, which no HTML form can add, and, when the
//!   browser sends an `Origin`, our own.
//!
//! Every answer gets a Content-Security-Policy without inline scripts, and is not cached.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::jobs::App;
use crate::reply::Failure;

/// The cookie that carries the token for the server on `port`. Browsers keep cookies by host,
/// not port: named by its port, one server's cookie never replaces another's.
pub(crate) fn cookie_name(port: u16) -> String {
    format!("warraq_token_{port}")
}

/// The header a POST of the page's own carries.
pub(crate) const POST_HEADER: &str = "x-warraq";

/// The application's own policy: its scripts and styles from itself only, frames of its own
/// (the preview), nothing sent anywhere else.
pub(crate) const PAGE_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data: blob:; font-src 'self'; frame-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/// A book's own files, shown in the preview: no script ever runs (the sandbox), styles and
/// images of the book only.
pub(crate) const BOOK_POLICY: &str = "sandbox allow-same-origin; default-src 'self'; \
     script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
     font-src 'self'; frame-ancestors 'self'";

/// A new token: 32 random bytes in hexadecimal.
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the system's random number generator fails");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `Host` values the server answers to when it listens on `addr`: the address itself, and
/// `localhost` for loopback. Listening on every address (`0.0.0.0`, `::`), any IP literal with
/// its port is taken, as the machine's addresses are not known in advance; a host name never
/// is, but `localhost`.
pub(crate) fn host_allowed(addr: SocketAddr, host: &str) -> bool {
    let port = addr.port();
    // A browser leaves the default port out: `Host: 127.0.0.1` is port 80.
    let (name, given_port) = match host.rsplit_once(':') {
        Some((name, given)) if !given.contains(']') => (name, given.parse::<u16>().ok()),
        _ => (host, Some(80)),
    };
    if given_port != Some(port) {
        return false;
    }
    let name = name.trim_start_matches('[').trim_end_matches(']');
    if name.eq_ignore_ascii_case("localhost") {
        return addr.ip().is_loopback() || addr.ip().is_unspecified();
    }
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => ip == addr.ip() || addr.ip().is_unspecified(),
        Err(_) => false,
    }
}

/// The token a request carries in its cookie `name`, if any.
fn cookie_token<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value)
}

/// Compares without stopping at the first difference, so that timing tells nothing.
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The token the address carries in `?token=`, if any.
pub(crate) fn query_token(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| *name == "token")
        .map(|(_, value)| value)
}

/// Refuses a request that fails any of the module's rules, and gives every answer its
/// headers. The first visit, `/?token=…`, is let through to set the cookie.
pub(crate) async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !host_allowed(app.listen, host) {
        return refuse(format!(
            "this server answers only to http://{}; the request was for {host:?}",
            app.listen
        ));
    }
    let first_visit = request.method() == Method::GET
        && request.uri().path() == "/"
        && query_token(request.uri().query()).is_some_and(|t| app.admits(t));
    let has_cookie =
        cookie_token(headers, &cookie_name(app.listen.port())).is_some_and(|t| same(t, &app.token));
    if !first_visit && !has_cookie {
        return refuse(
            "no access token: open the address `warraq serve` printed, with its ?token=",
        );
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let marked = headers.get(POST_HEADER).is_some_and(|v| v == "1");
        let origin_ok = headers
            .get(header::ORIGIN)
            .and_then(|o| o.to_str().ok())
            .is_none_or(|o| {
                o.strip_prefix("http://")
                    .is_some_and(|h| host_allowed(app.listen, h))
            });
        if !marked || !origin_ok {
            return refuse("a request from outside warraq's own page");
        }
    }
    let mut response = next.run(request).await;
    secure(response.headers_mut());
    response
}

/// A refusal, with the headers every answer gets.
fn refuse(message: impl Into<String>) -> Response {
    let mut response = Failure::forbidden(message).into_response();
    secure(response.headers_mut());
    response
}

/// The headers every answer gets: a policy and caching (unless the answer set its own), no
/// sniffing, no referrer.
fn secure(headers: &mut HeaderMap) {
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PAGE_POLICY),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

/// The answer to the first visit: the cookie set, and the address without its token.
pub(crate) fn welcome(token: &str, port: u16) -> Response {
    let cookie = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict",
        cookie_name(port)
    );
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::SEE_OTHER;
    let headers = response.headers_mut();
    headers.insert(header::LOCATION, HeaderValue::from_static("/"));
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        headers.insert(header::SET_COOKIE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let local: SocketAddr = "127.0.0.1:8123".parse().unwrap();
        assert!(host_allowed(local, "127.0.0.1:8123"));
        assert!(host_allowed(local, "localhost:8123"));
        assert!(!host_allowed(local, "127.0.0.1:8124"));
        assert!(!host_allowed(local, "evil.example:8123"));
        assert!(!host_allowed(local, "127.0.0.1"));
        let web: SocketAddr = "127.0.0.1:80".parse().unwrap();
        assert!(host_allowed(web, "127.0.0.1") && host_allowed(web, "localhost"));
        assert!(host_allowed("[::1]:80".parse().unwrap(), "[::1]"));
        let all: SocketAddr = "0.0.0.0:80".parse().unwrap();
        assert!(host_allowed(all, "192.168.1.4:80"));
        assert!(!host_allowed(all, "rebind.example:80"));
        let v6: SocketAddr = "[::1]:9000".parse().unwrap();
        assert!(host_allowed(v6, "[::1]:9000"));
    }

    #[test]
    fn tokens() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=b; warraq_token_80=xyz"),
        );
        assert_eq!(cookie_token(&headers, &cookie_name(80)), Some("xyz"));
        assert_eq!(cookie_token(&headers, &cookie_name(81)), None);
        assert_eq!(query_token(Some("x=1&token=abc")), Some("abc"));
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
        assert_eq!(new_token().len(), 64);
    }
}
