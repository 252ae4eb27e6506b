//! `warraq serve`, driven as the page drives it: the real binary started on a free port of
//! 127.0.0.1 in a temporary directory of its own (its `TMPDIR`), and HTTP requests carrying
//! the cookie its printed address sets. `api` tests the server's answers; `browser` the page,
//! in Chromium.

mod api;
mod browser;
mod seen;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::Value;
use tempfile::TempDir;

/// A running `warraq serve`, stopped (with the termination signal) when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The access token it printed.
    pub token: String,
    /// Its `TMPDIR`: the jobs' folders are made in it.
    pub tmp: TempDir,
    agent: ureq::Agent,
}

/// An answer: status, headers we look at, body.
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub disposition: String,
    pub policy: String,
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as JSON of an answer that must be `200 OK`; panics with the body otherwise.
    pub fn ok(&self) -> Value {
        assert_eq!(self.status, 200, "{}", String::from_utf8_lossy(&self.body));
        self.json()
    }

    /// The body as JSON; panics with the body when it is not.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

impl Server {
    /// `warraq serve --port 0` with these extra arguments.
    pub fn start(args: &[&str]) -> Server {
        Server::start_with(args, &[])
    }

    /// [`Server::start`], with these variables in its environment.
    pub fn start_with(args: &[&str], env: &[(&str, &str)]) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("warraq"))
            .args(["serve", "--port", "0"])
            .args(args)
            .envs(env.iter().copied())
            .env("TMPDIR", tmp.path())
            .env_remove("WARRAQ_FONT_DIRS")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start warraq serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .trim()
            .strip_prefix("warraq serve: open ")
            .unwrap_or_else(|| panic!("warraq serve printed {line:?}"))
            .to_string();
        let (base, token) = address.split_once("/?token=").unwrap();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        Server {
            child,
            base: base.to_string(),
            token: token.to_string(),
            tmp,
            agent,
        }
    }

    /// A GET with the cookie.
    pub fn get(&self, path: &str) -> Answer {
        self.get_with(path, &[("Cookie", &self.cookie())])
    }

    /// A GET with these headers only.
    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = self.agent.get(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        answer(request.call().expect("no answer"))
    }

    /// A POST of the page's own (cookie and `X-Warraq`) of `files` as `multipart/form-data`
    /// fields (`file` with a name, or a text field with none).
    pub fn post_files(&self, path: &str, files: &[(&str, Option<&str>, &[u8])]) -> Answer {
        let boundary = "warraq-test-boundary-7c1f";
        let mut body = Vec::new();
        for (field, name, bytes) in files {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let disposition = match name {
                Some(name) => format!(
                    "Content-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                ),
                None => format!("Content-Disposition: form-data; name=\"{field}\"\r\n\r\n"),
            };
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let request = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Cookie", &self.cookie())
            .header("X-Warraq", "1")
            .header(
                "Content-Type",
                &format!("multipart/form-data; boundary={boundary}"),
            );
        answer(request.send(&body[..]).expect("no answer"))
    }

    /// A POST of the page's own of a JSON body.
    pub fn post_json(&self, path: &str, value: &Value) -> Answer {
        let request = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Cookie", &self.cookie())
            .header("X-Warraq", "1")
            .header("Content-Type", "application/json");
        answer(
            request
                .send(value.to_string().as_bytes())
                .expect("no answer"),
        )
    }

    /// Uploads `files` as sources, builds with `options` merged over the proposed form; the
    /// build's answer.
    pub fn make(&self, files: &[(&str, &[u8])], options: Value) -> Value {
        let parts: Vec<(&str, Option<&str>, &[u8])> =
            files.iter().map(|(n, b)| ("file", Some(*n), *b)).collect();
        let sources = self.post_files("/api/sources", &parts).ok();
        let mut request = serde_json::json!({"form": sources["form"], "cover": "drawn"});
        if let (Some(request), Some(options)) = (request.as_object_mut(), options.as_object()) {
            for (key, value) in options {
                request.insert(key.clone(), value.clone());
            }
        }
        let job = sources["job"].as_str().unwrap();
        self.post_json(&format!("/api/jobs/{job}/build"), &request)
            .ok()
    }

    pub fn cookie(&self) -> String {
        let port = self.base.rsplit(':').next().unwrap_or_default();
        format!("warraq_token_{port}={}", self.token)
    }

    /// Stops the server as a service manager would, and waits for it.
    pub fn stop(mut self) -> TempDir {
        terminate(&mut self.child);
        let tmp = tempfile::tempdir().unwrap();
        std::mem::replace(&mut self.tmp, tmp)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        terminate(&mut self.child);
    }
}

fn terminate(child: &mut Child) {
    if let Ok(None) = child.try_wait() {
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.wait();
}

fn answer(mut response: ureq::http::Response<ureq::Body>) -> Answer {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (content_type, disposition, policy) = (
        header("content-type"),
        header("content-disposition"),
        header("content-security-policy"),
    );
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(512 * 1024 * 1024)
        .read_to_vec()
        .unwrap_or_default();
    Answer {
        status,
        content_type,
        disposition,
        policy,
        body,
    }
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn save(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}
