//! Fuzzes the HTTP response path of an article given by URL: any bytes, answered by a server
//! on 127.0.0.1 to warraq's client (status line, headers, chunked and gzip bodies, charsets,
//! the format by media type), then read by the article's reader, give an article or an error
//! that names the URL; never a panic and never a hang.
//!
//! The client follows no redirect and uses no proxy, so that no input can send it off this
//! machine: the URL it fetches is always the loopback server's.
#![no_main]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use warraq::read::fetch::{Client, Settings};
use warraq::{ArticleFile, Report};

/// How long the server waits for the client, and the client for the server.
const PATIENCE: Duration = Duration::from_secs(2);

fn client() -> &'static Client {
    static CLIENT: OnceLock<Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        Client::new(Settings {
            timeout: PATIENCE,
            redirects: 0,
            environment_proxy: false,
            public_only: false,
        })
    })
}

/// Answers the first connection to `listener` with `response`, then closes it. Each input has
/// a listener of its own, so that no connection the client keeps is answered twice.
fn answer_once(listener: TcpListener, response: Vec<u8>) {
    let deadline = Instant::now() + PATIENCE;
    let _ = listener.set_nonblocking(true);
    let mut stream = loop {
        match listener.accept() {
            Ok((stream, _)) => break stream,
            Err(_) if Instant::now() < deadline => thread::sleep(Duration::from_micros(50)),
            Err(_) => return,
        }
    };
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(PATIENCE));
    let mut request = Vec::new();
    let mut buffer = [0; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    }
    let _ = stream.write_all(&response);
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

fuzz_target!(|data: &[u8]| {
    let Ok(listener) = TcpListener::bind("127.0.0.1:0") else {
        return;
    };
    let Ok(address) = listener.local_addr() else {
        return;
    };
    let server = thread::spawn({
        let response = data.to_vec();
        move || answer_once(listener, response)
    });
    let url = format!("http://{address}/news/article");
    if let Ok(fetched) = client().get(&url, 1024 * 1024) {
        let mut report = Report::default();
        let read = ArticleFile::of_fetched(Path::new(&url), &url, fetched)
            .and_then(|file| warraq::pipeline::read_article(&file, None, &mut report));
        if let Err(e) = read {
            assert!(
                e.to_string().contains(&url),
                "an error that does not name the URL: {e}"
            );
        }
    }
    let _ = server.join();
});
