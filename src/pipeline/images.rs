//! The images an article shows: read from beside the article (their names are known only
//! once it is parsed) and prepared by the cover's rules.

use std::fs;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::ArticleImage;
use crate::prepare::article::Article;
use crate::prepare::picture;

/// Prepares every image the articles refer to, once per article and destination.
pub fn prepare(articles: &[Article]) -> Result<Vec<ArticleImage>> {
    let mut images: Vec<ArticleImage> = Vec::new();
    for (index, article) in articles.iter().enumerate() {
        for image in article.images() {
            if images
                .iter()
                .any(|i| i.article == index && i.src == image.src)
            {
                continue;
            }
            let place = format!(":{}", image.line);
            if image.src.contains(':') {
                return Err(Error::Input {
                    path: article.path.clone(),
                    place,
                    message: format!(
                        "image {:?} is not a local file; an EPUB must contain its images",
                        image.src
                    ),
                    hint: Some(
                        "download it next to the article and refer to it by a relative path".into(),
                    ),
                });
            }
            let dir = article.path.parent().unwrap_or(Path::new("."));
            let path = dir.join(&image.src);
            let bytes = fs::read(&path).map_err(|e| Error::Input {
                path: article.path.clone(),
                place: place.clone(),
                message: format!(
                    "image {:?} cannot be read ({}): {e}",
                    image.src,
                    path.display()
                ),
                hint: None,
            })?;
            // The shape warnings are for covers; an image in the text may be any shape.
            let picture = picture::prepare(&path, bytes, &mut Vec::new())?;
            images.push(ArticleImage {
                article: index,
                src: image.src,
                picture,
            });
        }
    }
    Ok(images)
}
