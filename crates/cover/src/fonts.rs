//! The system's font files: the font directories listed once per process, a family's files
//! found by their names, so that setting a title opens the two or three files it needs
//! instead of parsing every font on the system (a few hundred files on a desktop: most of a
//! drawn cover's time, measured in BENCHMARKS.md), and a font file's bytes.
//!
//! Font files are conventionally named after their family: `NotoNaskhArabic-Bold.ttf`,
//! `DejaVuSans.ttf`, `amiri-regular.ttf`, `FreeSansBold.otf`, `NotoSans[wght].ttf`. The
//! directories are listed once per process (names only, nothing opened), and a family's files
//! are those whose name is the family's, letters and digits only, followed by style words at
//! most. A family installed under some other name is not found this way; the caller then
//! falls back to reading every font (`files`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Words a file name may add to its family's name for one face of it.
const STYLE_WORDS: &[&str] = &[
    "regular",
    "bold",
    "italic",
    "oblique",
    "semibold",
    "demibold",
    "extrabold",
    "ultrabold",
    "medium",
    "light",
    "extralight",
    "ultralight",
    "thin",
    "black",
    "heavy",
    "book",
    "condensed",
    "semicondensed",
    "extracondensed",
    "expanded",
    "semiexpanded",
    "extraexpanded",
    "variable",
    "vf",
];

/// Directories to take fonts from instead of the system's: `WARRAQ_FONT_DIRS`, separated
/// like `PATH`.
pub const FONT_DIRS_VAR: &str = "WARRAQ_FONT_DIRS";

/// The directories fonts are read from: those of [`FONT_DIRS_VAR`], or the system's: the
/// standard ones of Linux and the BSDs, macOS, Windows and Android.
fn directories() -> Vec<PathBuf> {
    if let Some(dirs) = std::env::var_os(FONT_DIRS_VAR) {
        return std::env::split_paths(&dirs).collect();
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let mut dirs = Vec::new();
    if cfg!(target_os = "macos") {
        dirs.extend(
            [
                "/Library/Fonts",
                "/System/Library/Fonts",
                "/Network/Library/Fonts",
            ]
            .map(PathBuf::from),
        );
        dirs.extend(home.map(|home| home.join("Library/Fonts")));
    } else if cfg!(target_os = "android") {
        dirs.push(PathBuf::from("/system/fonts"));
    } else if cfg!(windows) {
        let root = std::env::var_os("SYSTEMROOT")
            .map_or_else(|| PathBuf::from("C:\\Windows"), PathBuf::from);
        dirs.push(root.join("Fonts"));
        if let Some(local) = std::env::var_os("LOCALAPPDATA") {
            dirs.push(Path::new(&local).join("Microsoft\\Windows\\Fonts"));
        }
    } else {
        dirs.extend(["/usr/share/fonts/", "/usr/local/share/fonts/"].map(PathBuf::from));
        if let Some(home) = home {
            dirs.push(home.join(".fonts"));
            dirs.push(home.join(".local/share/fonts"));
        }
    }
    dirs
}

/// Every font file in the font directories and below them, listed once per process, in the
/// order of their paths.
pub(crate) fn files() -> &'static [PathBuf] {
    static FILES: OnceLock<Vec<PathBuf>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut files = Vec::new();
        let mut seen = HashSet::new();
        for dir in directories() {
            walk(&dir, &mut seen, &mut files);
        }
        // A fixed order, whatever order the directories list their files in: the fallback
        // for a character no chosen face has is the first face that has it.
        files.sort();
        files
    })
}

/// A font file's bytes; `None` when it cannot be read (a font directory may hold a broken
/// link or a file only root may read, which a scan of it skips).
pub(crate) fn bytes(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}

/// Lists the font files under `dir`, following links, each directory once.
fn walk(dir: &Path, seen: &mut HashSet<PathBuf>, files: &mut Vec<PathBuf>) {
    let Ok(canonical) = std::fs::canonicalize(dir) else {
        return;
    };
    if !seen.insert(canonical) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(mut kind) = entry.file_type() else {
            continue;
        };
        if kind.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(target) => kind = target.file_type(),
                Err(_) => continue,
            }
        }
        if kind.is_dir() {
            walk(&path, seen, files);
        } else if kind.is_file() && is_font_file(&path) {
            files.push(path);
        }
    }
}

/// The extensions of font files: single fonts and collections.
fn is_font_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "ttf" | "otf" | "ttc" | "otc"
        )
    })
}

/// A name with case, spaces and punctuation taken out.
fn key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a font file named `stem` (no extension) is, by its name, a face of the family
/// whose [`key`] is `family`.
fn names_family(stem: &str, family: &str) -> bool {
    let head = stem.split(['-', '_', '[', ' ']).next().unwrap_or(stem);
    let Some(mut rest) = key(head).strip_prefix(family).map(str::to_string) else {
        return false;
    };
    while !rest.is_empty() {
        let Some(word) = STYLE_WORDS.iter().find(|w| rest.starts_with(**w)) else {
            return false;
        };
        rest.drain(..word.len());
    }
    true
}

/// The font files of `family`, found by their names.
pub(crate) fn family_files(family: &str) -> impl Iterator<Item = &'static Path> {
    let family = key(family);
    files()
        .iter()
        .filter(move |path| {
            path.file_stem()
                .and_then(|s| s.to_str())
                .is_some_and(|stem| names_family(stem, &family))
        })
        .map(PathBuf::as_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_matched_to_families() {
        let naskh = key("Noto Naskh Arabic");
        assert!(names_family("NotoNaskhArabic-Regular", &naskh));
        assert!(names_family("NotoNaskhArabic-Bold", &naskh));
        assert!(!names_family("NotoNaskhArabicUI-Bold", &naskh));
        let sans = key("DejaVu Sans");
        assert!(names_family("DejaVuSans", &sans));
        assert!(names_family("DejaVuSans-BoldOblique", &sans));
        assert!(names_family("DejaVuSansCondensed-Bold", &sans));
        assert!(!names_family("DejaVuSansMono", &sans));
        assert!(names_family("amiri-regular", &key("Amiri")));
        assert!(names_family("FreeSansBold", &key("FreeSans")));
        assert!(names_family("NotoSans[wdth,wght]", &key("Noto Sans")));
        assert!(!names_family("NotoSansArabic-Regular", &key("Noto Sans")));
    }
}
