//! A web server on 127.0.0.1 for the tests that build from URLs: it serves fixed answers by
//! path and never reaches the outside network.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// One answer the server gives.
#[derive(Clone)]
pub struct Answer {
    /// The request path it answers (`/news`).
    pub path: String,
    /// The status code.
    pub status: u16,
    /// Extra headers (`Content-Type: text/html`, `Location: /x`).
    pub headers: Vec<String>,
    /// The body.
    pub body: Vec<u8>,
    /// How long the server waits before answering.
    pub delay: Duration,
}

/// A request the server received: its path and whether it was conditional (`If-None-Match`
/// or `If-Modified-Since`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The request path.
    pub path: String,
    /// Whether it asked only for what changed.
    pub conditional: bool,
}

/// Every request a server received, in order.
pub type Log = Arc<Mutex<Vec<Request>>>;

impl Answer {
    /// `200 OK` with this content type and body.
    pub fn ok(path: &str, content_type: &str, body: impl Into<Vec<u8>>) -> Answer {
        Answer {
            path: path.into(),
            status: 200,
            headers: vec![format!("Content-Type: {content_type}")],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    /// With an `ETag`: a request whose `If-None-Match` names it is answered `304`.
    pub fn etag(mut self, tag: &str) -> Answer {
        self.headers.push(format!("ETag: \"{tag}\""));
        self
    }

    /// Answered after `delay`.
    pub fn slow(mut self, delay: Duration) -> Answer {
        self.delay = delay;
        self
    }

    /// Any status, with these headers and no body.
    pub fn status(path: &str, status: u16, headers: &[&str]) -> Answer {
        Answer {
            path: path.into(),
            status,
            headers: headers.iter().map(|h| h.to_string()).collect(),
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// A redirect to `to`.
    pub fn redirect(path: &str, to: &str) -> Answer {
        Answer {
            path: path.into(),
            status: 302,
            headers: vec![format!("Location: {to}")],
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }
}

/// Starts a server with these answers (any other path is `404`) and returns its base URL,
/// `http://127.0.0.1:<port>`. It serves until the test process ends.
pub fn serve(answers: Vec<Answer>) -> String {
    serve_logged(answers).0
}

/// [`serve`], and the log of the requests it receives. Several answers for one path are
/// given in turn, the last one for every request after.
pub fn serve_logged(answers: Vec<Answer>) -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("cannot listen on 127.0.0.1");
    let base = format!(
        "http://{}",
        listener.local_addr().expect("the listener has an address")
    );
    (base, serve_on(listener, answers))
}

/// Serves these answers on a listener the caller bound (whose address the answers may name),
/// and returns the log of its requests.
pub fn serve_on(listener: TcpListener, answers: Vec<Answer>) -> Log {
    let log: Log = Arc::default();
    let served: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let answers = Arc::new(answers);
    let server_log = Arc::clone(&log);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let (answers, log, served) = (
                Arc::clone(&answers),
                Arc::clone(&server_log),
                Arc::clone(&served),
            );
            thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().expect("a socket clones"));
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                // The headers, up to the blank line; a GET has no body.
                let (mut line, mut if_none_match, mut conditional) = (String::new(), None, false);
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    let lower = line.to_ascii_lowercase();
                    if lower.starts_with("if-none-match:") {
                        if_none_match = Some(line[14..].trim().to_string());
                    }
                    conditional |= lower.starts_with("if-none-match:")
                        || lower.starts_with("if-modified-since:");
                    line.clear();
                }
                let path = request.split(' ').nth(1).unwrap_or("/").to_string();
                log.lock().unwrap().push(Request {
                    path: path.clone(),
                    conditional,
                });
                let turn = {
                    let mut served = served.lock().unwrap();
                    let n = served.entry(path.clone()).or_default();
                    *n += 1;
                    *n - 1
                };
                let for_path: Vec<&Answer> = answers.iter().filter(|a| a.path == path).collect();
                let found = for_path.get(turn).or(for_path.last());
                let (status, headers, body, delay) = match found {
                    Some(a) => (a.status, a.headers.clone(), a.body.clone(), a.delay),
                    None => (
                        404,
                        vec!["Content-Type: text/plain".into()],
                        b"no such page".to_vec(),
                        Duration::ZERO,
                    ),
                };
                thread::sleep(delay);
                let unchanged = if_none_match.is_some_and(|tag| {
                    headers
                        .iter()
                        .any(|h| h.strip_prefix("ETag: ") == Some(tag.as_str()))
                });
                let (status, body) = if unchanged && status == 200 {
                    (304, Vec::new())
                } else {
                    (status, body)
                };
                let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
                for header in headers {
                    head.push_str(&header);
                    head.push_str("\r\n");
                }
                head.push_str(&format!(
                    "Content-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                ));
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    log
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        304 => "Not Modified",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "",
    }
}
