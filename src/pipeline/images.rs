//! The images an article shows: the ones it carried with it (a DOCX's media, a page's
//! `data:` images), else fetched (a page's images by URL) or read from beside the article
//! (their names are known only once it is parsed, so they are read after it is), each
//! prepared by the cover's rules.

use crate::model::{ArticleImage, Report};
use crate::read::fetch;
use crate::read::io::Io;
use warraq_core::error::{Error, Result};
use warraq_core::warning::{Warning, WarningKind};
use warraq_cover::picture;
use warraq_readers::article::Article;

/// Prepares every image the articles refer to, once per article and destination: carried with
/// the article, fetched (for an article that was fetched), or a file beside it. An image of a
/// text or Markdown article that cannot be had stops the build; one of a page or a Word
/// document is left out with a warning, its alternative text kept in its place. A page on disk
/// reaches no network: its images on the web are left out with one warning for the page, and
/// each named in `report.details`.
pub fn prepare(
    articles: &[Article],
    io: &dyn Io,
    report: &mut Report,
) -> Result<Vec<ArticleImage>> {
    let mut images: Vec<ArticleImage> = Vec::new();
    let mut fetched: u64 = 0;
    for (index, article) in articles.iter().enumerate() {
        let mut on_the_web: Vec<String> = Vec::new();
        for image in article.images() {
            if images
                .iter()
                .any(|i| i.article == index && i.src == image.src)
            {
                continue;
            }
            let place = format!("{}{}", article.path.display(), image.place);
            let found = match (article.body.resources.get(&image.src), &article.url) {
                (Some(bytes), _) => Ok((article.path.join(&image.src), bytes.to_vec())),
                // A fetched article's images are fetched; none is a file on this machine.
                (None, Some(_)) if fetch::is_url(&image.src) => {
                    let left = fetch::BOOK_LIMIT.saturating_sub(fetched);
                    io.fetch(&image.src, left)
                        .map(|bytes| {
                            fetched += bytes.len() as u64;
                            (image.src.clone().into(), bytes)
                        })
                        .map_err(|message| Error::input(&article.path, message))
                }
                (None, Some(_)) => Err(Error::input(
                    &article.path,
                    "is not an address the article's server can give, and a fetched \
                     article's images are never read from this machine",
                )),
                // A page or a Word document on disk does not reach the network: its remote
                // images are left out, said once for the article. A text's are an error.
                (None, None) if fetch::is_url(&image.src) && article.images_optional => {
                    if !on_the_web.contains(&image.src) {
                        report.details.push(format!(
                            "{place}: image {:?} left out: it is on the web",
                            image.src
                        ));
                        on_the_web.push(image.src);
                    }
                    continue;
                }
                (None, None) if article.in_memory => Err(Error::Input {
                    path: article.path.clone(),
                    place: image.place.clone(),
                    message: format!(
                        "image {:?} cannot be read: an article given as bytes has no folder to \
                         read it from",
                        image.src
                    ),
                    hint: Some("give the article as a file, beside its images".into()),
                }),
                (None, None) => io.image(&article.path, &image.src, &image.place),
            };
            // The shape warnings are for covers; an image in the text may be any shape.
            let picture =
                found.and_then(|(path, bytes)| picture::prepare(&path, bytes, &mut Vec::new()));
            match picture {
                Ok(picture) => images.push(ArticleImage {
                    article: index,
                    src: image.src,
                    picture,
                }),
                Err(error) if article.images_optional => {
                    let kept = if image.alt.is_empty() {
                        String::new()
                    } else {
                        format!(", its text {:?} kept", image.alt)
                    };
                    report.warnings.push(Warning::new(
                        WarningKind::Image,
                        format!(
                            "{place}: image {:?} left out{kept}: {}",
                            image.src,
                            error_text(&error)
                        ),
                    ));
                }
                Err(error) => return Err(error),
            }
        }
        if !on_the_web.is_empty() {
            let count = on_the_web.len();
            let images = if count == 1 { "image" } else { "images" };
            report.warnings.push(Warning::new(
                WarningKind::Image,
                format!(
                    "{}: {count} {images} on the web left out, as a page on disk is built \
                 without the network; build it from its URL to fetch them (--verbose lists them)",
                    article.path.display()
                ),
            ));
        }
    }
    Ok(images)
}

/// An error's own words, without the file it names (the warning names it).
fn error_text(error: &Error) -> String {
    match error {
        Error::Input { message, .. } | Error::Cover { message, .. } => message.clone(),
        other => other.to_string(),
    }
}
