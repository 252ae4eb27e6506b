//! Reading the files a book is made from, each failure an error that names the file.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use warraq_core::error::{Error, Result};

/// The bytes of the file at `path` (an article, a cover, a font given).
pub(crate) fn bytes(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// The image `src` that the article at `article` shows at `place` (`:line`, or ` (where)`):
/// its path (beside the article) and bytes. An image that is not a local file, or cannot be
/// read, is an error naming the article and the place.
pub(crate) fn article_image(article: &Path, src: &str, place: &str) -> Result<(PathBuf, Vec<u8>)> {
    let place = place.to_string();
    if src.contains(':') {
        return Err(Error::Input {
            path: article.to_path_buf(),
            place,
            message: format!("image {src:?} is not a local file; an EPUB must contain its images"),
            hint: Some("download it next to the article and refer to it by a relative path".into()),
        });
    }
    let path = article.parent().unwrap_or(Path::new(".")).join(src);
    match read_image(&path) {
        Ok(bytes) => Ok((path, bytes)),
        Err(e) => Err(Error::Input {
            path: article.to_path_buf(),
            place,
            message: format!("image {src:?} cannot be read ({}): {e}", path.display()),
            hint: None,
        }),
    }
}

/// The most an image beside an article may weigh, as for one fetched.
const IMAGE_LIMIT: u64 = 50 * 1024 * 1024;

/// An image file's bytes: a regular file (not `/dev/zero`, a pipe or a folder) of at most
/// [`IMAGE_LIMIT`], read through that cap whatever its size says.
fn read_image(path: &Path) -> std::io::Result<Vec<u8>> {
    if !fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("it is not a file"));
    }
    let mut bytes = Vec::new();
    fs::File::open(path)?
        .take(IMAGE_LIMIT + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > IMAGE_LIMIT {
        return Err(std::io::Error::other("it is larger than 50 MB"));
    }
    Ok(bytes)
}
