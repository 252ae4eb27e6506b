//! Fetching an edition's feeds and pages as a good citizen: at most a few requests to one
//! host at a time, a delay between the requests each of them starts, retries with backoff on
//! `429 Too Many Requests` and `503 Service Unavailable` (waiting as `Retry-After` asks, up to
//! a limit), and the on-disk cache asked first, so that a second run sends only conditional
//! requests. Everything else (timeouts, redirects, sizes, the user agent) is
//! `fetch::Client`'s.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::read::cache::Cache;
use crate::read::fetch::{self, Client, Fetched};
use crate::read::io::{Io, Local};
use warraq_core::error::Error;

/// How many requests may be open to one host at once, by default.
pub const PER_HOST: usize = 4;
/// The delay between two requests of one of a host's slots, by default: with [`PER_HOST`]
/// slots, a host's requests start 12.5 ms apart, 80 a second at most.
pub(crate) const DELAY: Duration = Duration::from_millis(50);
/// How many times a `429` or `503` is tried again.
pub(crate) const RETRIES: u32 = 3;
/// The longest `Retry-After` honoured: a server that asks for more is given up on.
pub(crate) const LONGEST_WAIT: Duration = Duration::from_secs(30);

/// How a `Fetcher` behaves.
#[derive(Debug, Clone)]
pub struct Politeness {
    /// Requests open to one host at once.
    pub per_host: usize,
    /// The delay between requests to one host.
    pub delay: Duration,
    /// The first backoff; each retry waits twice the one before, unless `Retry-After` says.
    pub backoff: Duration,
}

impl Default for Politeness {
    fn default() -> Politeness {
        Politeness {
            per_host: PER_HOST,
            delay: DELAY,
            backoff: Duration::from_millis(500),
        }
    }
}

/// A client shared by an edition's threads.
#[derive(Debug)]
pub(crate) struct Fetcher {
    client: Client,
    politeness: Politeness,
    cache: Option<Cache>,
    hosts: Mutex<HashMap<String, Host>>,
    freed: Condvar,
    /// Requests sent, and of them conditional ones answered `304 Not Modified`.
    pub(crate) sent: AtomicUsize,
    /// Answers taken from the cache after a `304`.
    pub(crate) not_modified: AtomicUsize,
}

#[derive(Debug, Default)]
struct Host {
    open: usize,
    next_start: Option<Instant>,
}

impl Fetcher {
    /// A fetcher with warraq's client, these manners, and a cache when given one.
    pub(crate) fn new(client: Client, politeness: Politeness, cache: Option<Cache>) -> Fetcher {
        Fetcher {
            client,
            politeness,
            cache,
            hosts: Mutex::new(HashMap::new()),
            freed: Condvar::new(),
            sent: AtomicUsize::new(0),
            not_modified: AtomicUsize::new(0),
        }
    }

    /// Fetches `url` (at most `limit` bytes): from the cache when the server says it has
    /// not changed. The error is one line for a message.
    pub(crate) fn get(&self, url: &str, limit: u64) -> Result<Fetched, String> {
        if !fetch::is_url(url) {
            return Err("only http and https addresses can be fetched".into());
        }
        let cached = self.cache.as_ref().and_then(|c| c.get(url));
        let mut headers: Vec<(&str, &str)> = Vec::new();
        if let Some((entry, _)) = &cached {
            if let Some(etag) = &entry.etag {
                headers.push(("If-None-Match", etag));
            }
            if let Some(date) = &entry.last_modified {
                headers.push(("If-Modified-Since", date));
            }
        }
        let host = url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        let mut attempt = 0;
        loop {
            let answer = {
                let _slot = self.slot(&host);
                self.sent.fetch_add(1, Ordering::Relaxed);
                self.client.request(url, limit, &headers)?
            };
            match answer.status {
                304 => {
                    if let Some((entry, bytes)) = cached {
                        self.not_modified.fetch_add(1, Ordering::Relaxed);
                        return Ok(Fetched {
                            url: entry.final_url,
                            bytes,
                            media_type: entry.media_type,
                            charset: entry.charset,
                        });
                    }
                    return Err(answer.status_error());
                }
                200..=299 => {
                    if let Some(cache) = &self.cache {
                        let (etag, date) =
                            (answer.etag.as_deref(), answer.last_modified.as_deref());
                        cache.put(url, &answer.fetched, etag, date);
                    }
                    return Ok(answer.fetched);
                }
                429 | 503 if attempt < RETRIES => {
                    let backoff = self.politeness.backoff * 2u32.pow(attempt);
                    let wait = match answer.retry_after.as_deref().map(retry_after) {
                        Some(Some(wait)) => wait,
                        _ => backoff,
                    };
                    if wait > LONGEST_WAIT {
                        return Err(format!(
                            "{}, and asks to be tried again in {} s, later than warraq waits",
                            answer.status_error(),
                            wait.as_secs()
                        ));
                    }
                    std::thread::sleep(wait);
                    attempt += 1;
                }
                _ => return Err(answer.status_error()),
            }
        }
    }

    /// Waits for a free slot for `host` and for its delay; the slot is freed when dropped.
    fn slot(&self, host: &str) -> Slot<'_> {
        let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let state = hosts.entry(host.to_string()).or_default();
            if state.open < self.politeness.per_host.max(1) {
                state.open += 1;
                let now = Instant::now();
                let start = state.next_start.map_or(now, |n| n.max(now));
                // Each of a host's slots waits `delay` between its requests: the host's
                // requests start `delay / per_host` apart.
                let per_host = u32::try_from(self.politeness.per_host.max(1)).unwrap_or(u32::MAX);
                state.next_start = Some(start + self.politeness.delay / per_host);
                drop(hosts);
                std::thread::sleep(start.saturating_duration_since(now));
                return Slot {
                    fetcher: self,
                    host: host.to_string(),
                };
            }
            hosts = self.freed.wait(hosts).unwrap_or_else(|e| e.into_inner());
        }
    }
}

struct Slot<'a> {
    fetcher: &'a Fetcher,
    host: String,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut hosts = self.fetcher.hosts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(state) = hosts.get_mut(&self.host) {
            state.open = state.open.saturating_sub(1);
        }
        self.fetcher.freed.notify_all();
    }
}

/// An edition's images are had as its pages are: within each host's limit and delay, through
/// the cache, by the edition's client (and so within `warraq serve`'s address policy). A file
/// an article names beside it on the disk is read as the command line reads it.
impl Io for Fetcher {
    fn image(&self, article: &Path, src: &str, place: &str) -> Result<(PathBuf, Vec<u8>), Error> {
        Local.image(article, src, place)
    }

    fn fetch(&self, url: &str, limit: u64) -> Result<Vec<u8>, String> {
        self.get(url, limit).map(|f| f.bytes)
    }
}

/// A `Retry-After` value: seconds, or an HTTP date; `None` for one that is neither.
pub(crate) fn retry_after(value: &str) -> Option<Duration> {
    if let Ok(seconds) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value.trim()).ok()?;
    let from_now = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(from_now.to_std().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(" 0 "), Some(Duration::ZERO));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let later = (chrono::Utc::now() + chrono::Duration::seconds(120)).to_rfc2822();
        let wait = retry_after(&later).unwrap();
        assert!(wait > Duration::from_secs(100) && wait <= Duration::from_secs(120));
        assert_eq!(retry_after("soon"), None);
    }
}
