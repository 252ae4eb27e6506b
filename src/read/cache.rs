//! The on-disk cache of what an edition fetched: each answer's body and its validators
//! (`ETag`, `Last-Modified`), so that the next run asks the server only whether it changed.
//! One pair of files per URL, named by a UUID v5 of the URL, each written whole to a
//! temporary file and renamed, so that a run stopped half-way leaves no half-written entry.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::read::fetch::Fetched;

/// The cache directory warraq uses when none is given: `warraq` in the user's cache
/// directory (`$XDG_CACHE_HOME`, else `~/.cache`; `~/Library/Caches` on macOS;
/// `%LOCALAPPDATA%` on Windows); `None` when the environment names none.
pub(crate) fn default_dir() -> Option<PathBuf> {
    let env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(windows) {
        env("LOCALAPPDATA")
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library/Caches"))
    } else {
        env("XDG_CACHE_HOME").or_else(|| env("HOME").map(|h| h.join(".cache")))
    };
    base.map(|b| b.join("warraq"))
}

/// A cache directory.
#[derive(Debug, Clone)]
pub(crate) struct Cache {
    dir: PathBuf,
}

/// What the cache holds for a URL.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The URL asked for.
    pub(crate) url: String,
    /// The URL the answer came from, after redirects.
    pub(crate) final_url: String,
    /// The answer's media type.
    pub(crate) media_type: Option<String>,
    /// The answer's charset.
    pub(crate) charset: Option<String>,
    /// Its `ETag`.
    pub(crate) etag: Option<String>,
    /// Its `Last-Modified`.
    pub(crate) last_modified: Option<String>,
}

impl Cache {
    /// The cache in `dir`, created if it does not exist.
    pub(crate) fn open(dir: &Path) -> Result<Cache, String> {
        fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
        Ok(Cache {
            dir: dir.to_path_buf(),
        })
    }

    fn paths(&self, url: &str) -> (PathBuf, PathBuf) {
        let key = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, url.as_bytes());
        (
            self.dir.join(format!("{key}.json")),
            self.dir.join(format!("{key}.body")),
        )
    }

    /// What the cache holds for `url` with validators to ask with, and its body; `None`
    /// when it holds nothing usable (an entry it cannot read is as good as none).
    pub(crate) fn get(&self, url: &str) -> Option<(Entry, Vec<u8>)> {
        let (meta, body) = self.paths(url);
        let entry: Entry = serde_json::from_slice(&fs::read(meta).ok()?).ok()?;
        if entry.url != url || (entry.etag.is_none() && entry.last_modified.is_none()) {
            return None;
        }
        Some((entry, fs::read(body).ok()?))
    }

    /// Keeps `fetched` for `url` when it has validators. A failure to write is not the
    /// build's: the next run fetches again.
    pub(crate) fn put(
        &self,
        url: &str,
        fetched: &Fetched,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) {
        if etag.is_none() && last_modified.is_none() {
            return;
        }
        let entry = Entry {
            url: url.to_string(),
            final_url: fetched.url.clone(),
            media_type: fetched.media_type.clone(),
            charset: fetched.charset.clone(),
            etag: etag.map(str::to_string),
            last_modified: last_modified.map(str::to_string),
        };
        let (meta, body) = self.paths(url);
        let Ok(json) = serde_json::to_vec(&entry) else {
            return;
        };
        // The body first: an entry's description never names a body that is not there.
        if self.write(&body, &fetched.bytes).is_ok() {
            let _ = self.write(&meta, &json);
        }
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let mut file = tempfile::NamedTempFile::new_in(&self.dir)?;
        file.write_all(bytes)?;
        file.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_comes_back_only_with_validators() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("c")).unwrap();
        let fetched = Fetched {
            url: "https://e.org/b".into(),
            bytes: b"body".to_vec(),
            media_type: Some("text/html".into()),
            charset: None,
        };
        cache.put("https://e.org/a", &fetched, None, None);
        assert!(
            cache.get("https://e.org/a").is_none(),
            "nothing to ask with"
        );
        cache.put("https://e.org/a", &fetched, Some("\"v1\""), None);
        let (entry, body) = cache.get("https://e.org/a").unwrap();
        assert_eq!(body, b"body");
        assert_eq!(entry.etag.as_deref(), Some("\"v1\""));
        assert_eq!(entry.final_url, "https://e.org/b");
        assert!(cache.get("https://e.org/other").is_none());
        std::fs::write(cache.paths("https://e.org/a").0, b"{broken").unwrap();
        assert!(
            cache.get("https://e.org/a").is_none(),
            "a broken entry is none"
        );
    }
}
