//! The first step of preparing a book: its articles read and its metadata resolved, before
//! any image is read or cover drawn. `warraq serve` stops here to fill its form.

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use super::articles::{self, read_article, ArticleFile};
use super::Shared;
use crate::model::{Layout, Report};
use crate::prepare::metadata::{self, Metadata};
use crate::read::fields::TextEncoding;
use warraq_core::error::Result;
use warraq_readers::article::Article;

/// A book's articles read and its metadata resolved: what [`prepare_with`] does before it
/// reads any image or draws a cover.
pub(crate) struct Read {
    pub(crate) articles: Vec<Article>,
    pub(crate) metadata: Metadata,
    pub(crate) layout: Layout,
}

/// The articles read (in parallel, each with its own report, merged back in order) and the
/// metadata completed from them.
pub(crate) fn read(
    shared: &Shared,
    articles: Vec<ArticleFile>,
    modified: DateTime<Utc>,
    report: &mut Report,
) -> Result<Read> {
    let encoding = shared.fields.encoding.map(TextEncoding::get);
    let prepare_one = |file: &ArticleFile| {
        let mut own = Report::default();
        let article = read_article(file, encoding, &mut own);
        (article, own)
    };
    let mut prepared = Vec::with_capacity(articles.len());
    articles
        .par_iter()
        .map(prepare_one)
        .collect_into_vec(&mut prepared);
    let mut articles = Vec::with_capacity(prepared.len());
    for (article, own) in prepared {
        report.notes.extend(own.notes);
        report.warnings.extend(own.warnings);
        report.details.extend(own.details);
        let article = article?;
        articles::doubt(&article, shared.fields.strict == Some(true), report)?;
        articles.push(article);
    }
    // A book of one page or Word document takes what its source says about itself.
    let mut fields = shared.fields.clone();
    if let [article] = articles.as_slice() {
        let origin = article.path.display().to_string();
        metadata::fill_from_source(&mut fields, &article.meta, &origin, &mut report.notes);
    }
    let fields = &fields;
    let several = articles.len() > 1;
    let layout = Layout {
        title_page: fields.title_page.unwrap_or(several),
        contents_page: fields.contents_page.unwrap_or(several),
    };
    let headline = articles
        .first()
        .map(|a| a.headline.clone())
        .unwrap_or_default();
    // The text is read only to detect the language; when it is given, joining a large book's
    // text would be a copy of the whole book for nothing.
    let sample: String = if fields.lang.is_some() {
        String::new()
    } else {
        articles
            .iter()
            .map(Article::plain_text)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let metadata = Metadata::resolve(
        fields.clone(),
        &headline,
        &sample,
        modified,
        &mut report.notes,
    )?;
    Ok(Read {
        articles,
        metadata,
        layout,
    })
}
