//! A web server on 127.0.0.1 for the tests that build from URLs: it serves fixed answers by
//! path and never reaches the outside network.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::thread;

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
}

impl Answer {
    /// `200 OK` with this content type and body.
    pub fn ok(path: &str, content_type: &str, body: impl Into<Vec<u8>>) -> Answer {
        Answer {
            path: path.into(),
            status: 200,
            headers: vec![format!("Content-Type: {content_type}")],
            body: body.into(),
        }
    }

    /// A redirect to `to`.
    pub fn redirect(path: &str, to: &str) -> Answer {
        Answer {
            path: path.into(),
            status: 302,
            headers: vec![format!("Location: {to}")],
            body: Vec::new(),
        }
    }
}

/// Starts a server with these answers (any other path is `404`) and returns its base URL,
/// `http://127.0.0.1:<port>`. It serves until the test process ends.
pub fn serve(answers: Vec<Answer>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("cannot listen on 127.0.0.1");
    let base = format!(
        "http://{}",
        listener.local_addr().expect("the listener has an address")
    );
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let answers = answers.clone();
            thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().expect("a socket clones"));
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                // The headers, up to the blank line; a GET has no body.
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = request.split(' ').nth(1).unwrap_or("/").to_string();
                let found = answers.iter().find(|a| a.path == path);
                let (status, headers, body) = match found {
                    Some(a) => (a.status, a.headers.clone(), a.body.clone()),
                    None => (
                        404,
                        vec!["Content-Type: text/plain".into()],
                        b"no such page".to_vec(),
                    ),
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
    base
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "",
    }
}
