//! The images an article shows: the ones it carried with it (a DOCX's media, a page's
//! `data:` images), else read from beside the article (their names are known only once it is
//! parsed, so they are read after it is), each prepared by the cover's rules.

use crate::error::Result;
use crate::model::ArticleImage;
use crate::prepare::article::Article;
use crate::prepare::picture;
use crate::read::files;

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
            let (path, bytes) = match article.body.resources.get(&image.src) {
                Some(bytes) => (article.path.join(&image.src), bytes.to_vec()),
                None => files::article_image(&article.path, &image.src, &image.place)?,
            };
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
