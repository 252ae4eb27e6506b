//! The server's state: its token and limits, and the jobs of everyone using it, kept apart.
//!
//! A job is one "make a book" from its sources: the files uploaded for it live in a folder of
//! its own (named by a random id, never by a user's file name), the pages fetched for it in
//! memory. The books made are kept in memory for download and preview, each under an id of its
//! own. A job's folder is removed when the job ends: when the page starts another (`DELETE`),
//! when it has not been used for an hour, or when there are more than [`MAX_JOBS`]; all of them
//! when the server stops, with the folder that holds them.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tempfile::TempDir;
use tokio::sync::{broadcast, Semaphore};

use crate::reply::Failure;
use crate::{Books, Options, Upload};

/// How many jobs are kept at once; the one used least recently goes first.
pub(crate) const MAX_JOBS: usize = 64;
/// How many books (made or fixed) are kept for download at once.
pub(crate) const MAX_BOOKS: usize = 256;
/// How long a job or a book is kept after it was last used.
pub(crate) const LIFE: Duration = Duration::from_secs(60 * 60);

/// The server: its address, token and limits, the library behind it, and the jobs.
pub struct App {
    pub(crate) listen: SocketAddr,
    pub(crate) token: String,
    /// A token good for one first visit, for `--open`: the address it hands the desktop's
    /// opener is on a command line other users of the machine can read.
    once: Mutex<Option<String>>,
    pub(crate) max_upload: u64,
    pub(crate) books: Arc<dyn Books>,
    /// Where the jobs' folders are; removed with the server.
    scratch: TempDir,
    store: Mutex<Store>,
    /// How many books are made (or checked, fixed, drawn) at once.
    pub(crate) workers: Arc<Semaphore>,
}

/// A source of a job: a file uploaded into its folder, or a page fetched for it.
#[derive(Debug, Clone)]
pub(crate) enum Held {
    File {
        name: String,
        path: PathBuf,
        size: u64,
    },
    Fetched(Upload),
}

/// One "make a book".
pub(crate) struct Job {
    pub(crate) dir: Arc<TempDir>,
    pub(crate) sources: Vec<Held>,
    pub(crate) cover: Option<Upload>,
    pub(crate) font: Option<Upload>,
    pub(crate) progress: broadcast::Sender<String>,
    /// The events of the build under way (or the last one), replayed to a page that begins to
    /// listen after the build began.
    pub(crate) history: Vec<String>,
    pub(crate) books: Vec<String>,
    touched: Instant,
}

/// A book kept for download and preview.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub(crate) file_name: String,
    pub(crate) bytes: Arc<Vec<u8>>,
    touched: Instant,
}

#[derive(Default)]
struct Store {
    jobs: HashMap<String, Job>,
    books: HashMap<String, Stored>,
}

impl App {
    /// The server `options` describe, with a new token, over `books`.
    pub fn new(options: &Options, books: Arc<dyn Books>) -> std::io::Result<App> {
        let scratch = tempfile::Builder::new().prefix("warraq-serve-").tempdir()?;
        Ok(App {
            listen: options.listen,
            token: crate::security::new_token(),
            once: Mutex::new(None),
            max_upload: options.max_upload,
            books,
            scratch,
            store: Mutex::new(Store::default()),
            workers: Arc::new(Semaphore::new(options.workers.max(1))),
        })
    }

    /// The token every request must carry.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The cookie a request carries the token in: `name=token`.
    pub fn cookie(&self) -> String {
        format!(
            "{}={}",
            crate::security::cookie_name(self.listen.port()),
            self.token
        )
    }

    /// The address the server listens as, with its token: what the user opens. Listening on
    /// every address (`0.0.0.0`, `::`), it is loopback's, which browsers open (other machines
    /// use this machine's own address, with the same port and token).
    pub fn address(&self) -> String {
        format!("http://{}/?token={}", self.reachable(), self.token)
    }

    fn reachable(&self) -> SocketAddr {
        let mut addr = self.listen;
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr.ip() {
                std::net::IpAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                std::net::IpAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        addr
    }

    /// The address with a token good for one visit (which sets the cookie of the real one).
    pub fn address_once(&self) -> String {
        let once = crate::security::new_token();
        *self.once.lock().unwrap_or_else(|e| e.into_inner()) = Some(once.clone());
        format!("http://{}/?token={once}", self.reachable())
    }

    /// Whether `token` opens the page: the real token, or the one-visit token, used up now.
    pub(crate) fn admits(&self, token: &str) -> bool {
        if crate::security::same(token, &self.token) {
            return true;
        }
        let mut once = self.once.lock().unwrap_or_else(|e| e.into_inner());
        let used = once
            .as_deref()
            .is_some_and(|o| crate::security::same(token, o));
        if used {
            *once = None;
        }
        used
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A job's handler that panicked left the map whole: every change is one insert or remove.
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new job, its folder made; older jobs past their life (or over the count) end.
    pub(crate) fn new_job(&self) -> std::io::Result<(String, Arc<TempDir>)> {
        let dir = Arc::new(
            tempfile::Builder::new()
                .prefix("job-")
                .tempdir_in(self.scratch.path())?,
        );
        let id = crate::security::new_token()[..32].to_string();
        let (progress, _) = broadcast::channel(64);
        let ended = self.store().expire();
        drop(ended); // folders removed here, not under the lock
        let mut store = self.store();
        store.jobs.insert(
            id.clone(),
            Job {
                dir: dir.clone(),
                sources: Vec::new(),
                cover: None,
                font: None,
                progress,
                history: Vec::new(),
                books: Vec::new(),
                touched: Instant::now(),
            },
        );
        Ok((id, dir))
    }

    /// Runs `f` on the job `id`, if it is still here.
    pub(crate) fn with_job<T>(&self, id: &str, f: impl FnOnce(&mut Job) -> T) -> Option<T> {
        let mut store = self.store();
        let job = store.jobs.get_mut(id)?;
        job.touched = Instant::now();
        Some(f(job))
    }

    /// Tells the pages listening to job `id` of its progress, and keeps the event for those
    /// that listen later while the build runs; its last event (`done`, `failed`) ends the
    /// history, so that a page listening for the next build is not told of this one.
    pub(crate) fn tell(&self, id: &str, event: String) {
        self.with_job(id, |job| {
            let last = event.contains("\"step\":\"done\"") || event.contains("\"step\":\"failed\"");
            if last {
                job.history.clear();
            } else {
                job.history.push(event.clone());
            }
            let _ = job.progress.send(event);
        });
    }

    /// What job `id` has said so far, and what it says from now on: taken under one lock, so
    /// that no event falls between the two.
    pub(crate) fn listen(&self, id: &str) -> Option<(Vec<String>, broadcast::Receiver<String>)> {
        self.with_job(id, |job| (job.history.clone(), job.progress.subscribe()))
    }

    /// Ends the job `id`: its folder is removed once no build still reads it (a build holds
    /// the folder while it runs).
    pub(crate) fn end_job(&self, id: &str) -> bool {
        let ended = self.store().jobs.remove(id);
        ended.is_some()
    }

    /// A folder for one request's files (a check's, a fix's), outside the jobs: removed when
    /// the request is done.
    pub(crate) fn scratch_dir(&self) -> std::io::Result<TempDir> {
        tempfile::Builder::new()
            .prefix("request-")
            .tempdir_in(self.scratch.path())
    }

    /// Keeps a book; its id.
    pub(crate) fn keep(&self, file_name: String, bytes: Vec<u8>) -> String {
        let id = crate::security::new_token()[..32].to_string();
        let ended = self.store().expire();
        drop(ended);
        let mut store = self.store();
        store.books.insert(
            id.clone(),
            Stored {
                file_name,
                bytes: Arc::new(bytes),
                touched: Instant::now(),
            },
        );
        id
    }

    /// Runs `work` on the blocking pool, at most as many at once as the server has workers.
    pub(crate) async fn work<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> std::result::Result<T, Failure> + Send + 'static,
    ) -> std::result::Result<T, Failure> {
        // The permit goes with the work: a request the browser drops (a cover's preview the
        // next keystroke replaces) must not free a worker whose work still runs.
        let permit = self
            .workers
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Failure::internal("the server is stopping"))?;
        tokio::task::spawn_blocking(move || {
            let done = work();
            drop(permit);
            done
        })
        .await
        .map_err(|e| Failure::internal(format!("a job failed: {e}")))?
    }

    /// The book `id`, if it is still here.
    pub(crate) fn book(&self, id: &str) -> Option<Stored> {
        let mut store = self.store();
        let book = store.books.get_mut(id)?;
        book.touched = Instant::now();
        Some(book.clone())
    }
}

impl Store {
    /// Ends what has not been used for [`LIFE`], then the least recently used over the counts;
    /// the jobs ended, for the caller to drop (removing their folders) outside the lock.
    fn expire(&mut self) -> Vec<Job> {
        let now = Instant::now();
        let old: Vec<String> = self
            .jobs
            .iter()
            .filter(|(_, job)| now.duration_since(job.touched) >= LIFE)
            .map(|(id, _)| id.clone())
            .collect();
        let mut ended: Vec<Job> = old.iter().filter_map(|id| self.jobs.remove(id)).collect();
        self.books
            .retain(|_, book| now.duration_since(book.touched) < LIFE);
        while self.jobs.len() >= MAX_JOBS {
            let Some(oldest) = oldest(self.jobs.iter().map(|(id, j)| (id, j.touched))) else {
                break;
            };
            ended.extend(self.jobs.remove(&oldest));
        }
        while self.books.len() >= MAX_BOOKS {
            let Some(oldest) = oldest(self.books.iter().map(|(id, b)| (id, b.touched))) else {
                break;
            };
            self.books.remove(&oldest);
        }
        ended
    }
}

fn oldest<'a>(entries: impl Iterator<Item = (&'a String, Instant)>) -> Option<String> {
    entries.min_by_key(|(_, t)| *t).map(|(id, _)| id.clone())
}
