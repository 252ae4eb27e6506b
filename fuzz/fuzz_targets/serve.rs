//! Fuzzes `warraq serve`: any bytes as up to four HTTP requests to its routes (method, path,
//! headers, body: multipart uploads, JSON forms, query strings), each answered without a
//! panic, with a status that is never 500 (a failure of ours), and, when it is an error, the
//! JSON the page reads (`error` and `code`).
//!
//! Requests are separated by a 0xFF byte; each is `METHOD PATH`, header lines, an empty line,
//! the body. Unless its first byte is `!`, a request gets what the page sends (the token's
//! cookie, the `Host` and the `X-Warraq` header), so that inputs reach past the guard. `{job}`
//! and `{book}` in a path become the last job's and book's ids, so that a build can follow an
//! upload. The library behind it is the real one, but it fetches nothing and draws no cover
//! (a book is made without one), which would slow the target to a few inputs a second.
#![no_main]

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;
use warraq::error::{Error, Result};
use warraq::serve::Served;
use warraq_serve::{App, Books, Built, CoverWish, Form, Options, Order, Proposal, Upload};

/// The real library, without the network and without drawing.
struct Offline(Served);

impl Books for Offline {
    fn fetch(&self, url: &str) -> Result<Upload> {
        Err(Error::input(url, "nothing is fetched while fuzzing"))
    }

    fn propose(&self, sources: &[Upload]) -> Result<Proposal> {
        self.0.propose(sources)
    }

    fn build(&self, order: &Order, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Vec<Built>> {
        let mut order = order.clone();
        order.cover = CoverWish::None;
        self.0.build(&order, progress)
    }

    fn cover(&self, _form: &Form) -> Result<Vec<u8>> {
        Err(Error::NoFont {
            message: "no cover is drawn while fuzzing".into(),
            hint: String::new(),
        })
    }
}

struct State {
    runtime: tokio::runtime::Runtime,
    router: Router,
    cookie: String,
    listen: SocketAddr,
}

fn state() -> &'static State {
    static STATE: OnceLock<State> = OnceLock::new();
    STATE.get_or_init(|| {
        let listen: SocketAddr = "127.0.0.1:7171".parse().unwrap();
        let options = Options {
            listen,
            max_upload: 1024 * 1024,
            open: false,
            workers: 1,
        };
        let app = App::new(&options, Arc::new(Offline(Served::new(true)))).unwrap();
        let cookie = app.cookie();
        State {
            runtime: tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap(),
            router: warraq_serve::router(Arc::new(app)),
            cookie,
            listen,
        }
    })
}

/// One request from the fuzzer's bytes, or none when its head is not one.
fn request(bytes: &[u8], state: &State, ids: &Ids) -> Option<Request<Body>> {
    let (as_page, bytes) = match bytes.first() {
        Some(b'!') => (false, &bytes[1..]),
        _ => (true, bytes),
    };
    let split = bytes.windows(2).position(|w| w == b"\n\n");
    let (head, body) = match split {
        Some(at) => (&bytes[..at], &bytes[at + 2..]),
        None => (bytes, &[][..]),
    };
    let head = std::str::from_utf8(head).ok()?;
    let mut lines = head.lines();
    let (method, path) = lines.next()?.split_once(' ')?;
    let path = path.replace("{job}", &ids.job).replace("{book}", &ids.book);
    let mut builder = Request::builder().method(method).uri(path);
    for line in lines {
        let (name, value) = line.split_once(':')?;
        builder = builder.header(name.trim(), value.trim());
    }
    if as_page {
        builder = builder
            .header("cookie", &state.cookie)
            .header("host", state.listen.to_string())
            .header("x-warraq", "1");
    }
    builder.body(Body::from(body.to_vec())).ok()
}

#[derive(Default)]
struct Ids {
    job: String,
    book: String,
}

fuzz_target!(|data: &[u8]| {
    let state = state();
    let mut ids = Ids::default();
    for part in data.split(|b| *b == 0xFF).take(4) {
        let Some(request) = request(part, state, &ids) else {
            continue;
        };
        let response = state
            .runtime
            .block_on(state.router.clone().oneshot(request))
            .unwrap();
        let status = response.status();
        let json = response
            .headers()
            .get("content-type")
            .is_some_and(|t| t == "application/json");
        let body = state
            .runtime
            .block_on(axum::body::to_bytes(response.into_body(), 64 << 20))
            .unwrap_or_default();
        assert_ne!(status.as_u16(), 500, "{}", String::from_utf8_lossy(&body));
        if !json {
            continue;
        }
        let value: serde_json::Value = serde_json::from_slice(&body).expect("JSON that parses");
        if !status.is_success() {
            assert!(value["error"].is_string() && value["code"].is_string(), "{value}");
        }
        if let Some(job) = value["job"].as_str() {
            ids.job = job.to_string();
        }
        if let Some(book) = value["books"][0]["id"].as_str() {
            ids.book = book.to_string();
        }
    }
});
