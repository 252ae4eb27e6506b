//! The far end of the pipeline: the output's name and its atomic write.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use unicode_normalization::char::is_combining_mark;

use crate::error::{Error, Result};

/// The longest slug, in characters; file systems allow 255 bytes and Arabic takes two a letter.
const SLUG_CHARS: usize = 80;

/// `dist/<slug>.epub` under the current directory.
pub fn default_path(title: &str) -> PathBuf {
    Path::new("dist").join(format!("{}.epub", slug(title)))
}

/// A file name from a title, in any script: letters, digits and their marks kept (lowercased),
/// every other run of characters one hyphen. Arabic titles stay Arabic. A long title is cut
/// at the last word boundary within `SLUG_CHARS` (80) characters, never mid-word (unless its first
/// word is longer than that).
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() || (is_combining_mark(c) && !slug.is_empty() && !slug.ends_with('-'))
        {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.chars().count() > SLUG_CHARS {
        let cut = slug
            .char_indices()
            .nth(SLUG_CHARS)
            .map_or(slug.len(), |(at, _)| at);
        let (head, rest) = slug.split_at(cut);
        let word = match head.rfind('-') {
            Some(at) if !rest.starts_with('-') => &head[..at],
            _ => head,
        };
        return word.trim_end_matches('-').to_string();
    }
    if slug.is_empty() {
        "book".to_string()
    } else {
        slug.to_string()
    }
}

/// Refuses an output path that is also one of the inputs.
pub fn check_not_an_input(output: &Path, inputs: &[&Path]) -> Result<()> {
    let Ok(target) = fs::canonicalize(output) else {
        return Ok(()); // does not exist yet, so it is no input
    };
    for input in inputs {
        if fs::canonicalize(input).is_ok_and(|i| i == target) {
            return Err(Error::Flag {
                flag: "--output",
                message: format!(
                    "{} is also an input; writing it would destroy it",
                    output.display()
                ),
                hint: Some("choose another output path with -o FILE".into()),
            });
        }
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`, so a failed
/// build never leaves a partial book or replaces a good one. Creates the directory if needed.
///
/// The file is not `fsync`ed, as cargo, pandoc and Calibre do not: a book can be built again,
/// and syncing each one cost more than building it (10–20 ms a book, BENCHMARKS.md).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(fail)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".warraq-").suffix(".part");
    // A temporary file is private (0600); a book is for reading, like any file the user makes.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut temp = builder.tempfile_in(dir).map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Hello, World!"), "hello-world");
        assert_eq!(slug("  «داعش» بسوريا.. فهل؟ "), "داعش-بسوريا-فهل");
        assert_eq!(slug("عسكريًّا 2019"), "عسكريًّا-2019");
        assert_eq!(slug("???"), "book");
        assert!(slug(&"a".repeat(500)).chars().count() <= SLUG_CHARS);
        // Cut at the last word boundary within the limit, never mid-word.
        let long = "الناشط الحقوقي السوداني خالد عبد الكريم ماسا لـ«الصباح»: كل الشروط متوفرة لثورة سودانية ولا حاجة لنستورد شيئا";
        let cut = slug(long);
        assert!(cut.chars().count() <= SLUG_CHARS, "{cut}");
        assert!(cut.ends_with("-لثورة"), "{cut}");
        assert!(cut.split('-').all(|w| long.contains(w)), "{cut}");
        assert_eq!(slug(&"word ".repeat(40)).chars().count(), 79);
    }

    #[test]
    fn atomic_write_creates_directories_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/book.epub");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o644, 0o644, "{mode:o}");
        }
    }
}
