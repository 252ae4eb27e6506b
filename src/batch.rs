//! `warraq build --each`: one book per article of a directory, built in parallel.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::{load, output, prepare_cover, render, Fields, Origin, Report, Source};

/// What `warraq build --each` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// The directory of articles (and an optional `book.toml` of shared defaults).
    pub dir: PathBuf,
    /// Where the books go.
    pub out_dir: PathBuf,
    /// Metadata from flags, shared by every book.
    pub flags: Fields,
    /// The time stamped into every book; now when `None`.
    pub modified: Option<DateTime<Utc>>,
}

/// How one article's book went.
#[derive(Debug)]
pub struct Outcome {
    /// The article.
    pub input: PathBuf,
    /// The book written, or why not.
    pub result: Result<PathBuf>,
    /// Its notes and warnings.
    pub report: Report,
}

/// Everything a batch will do, known before any book is built.
#[derive(Debug)]
pub struct Plan {
    /// Each article with the path of its book.
    pub books: Vec<(PathBuf, PathBuf)>,
    fields: Fields,
    cover: Option<Arc<crate::Cover>>,
    modified: DateTime<Utc>,
}

/// Reads the shared parts once (defaults, cover) and names every book. Fails as a whole only
/// when nothing could be built: unreadable directory, bad `book.toml`, bad cover, bad flags.
pub fn plan(options: &BatchOptions, report: &mut Report) -> Result<Plan> {
    for (given, flag) in [
        (options.flags.title.is_some(), "--title"),
        (options.flags.identifier.is_some(), "--identifier"),
    ] {
        if given {
            return Err(Error::Flag {
                flag,
                message: "cannot be used with --each: every book gets its own".into(),
                hint: Some("each book is titled by its own headline, and identified by it".into()),
            });
        }
    }
    options.flags.validate(&Origin::Flags)?;
    let source = Source::locate(&options.dir)?;
    if !options.dir.is_dir() {
        return Err(Error::input(
            &options.dir,
            "is not a directory; --each builds one book per article in a directory",
        ));
    }
    let mut fields = options.flags.clone().or(source.fields);
    for (ignored, key) in [
        (fields.title.take(), "title"),
        (fields.identifier.take(), "identifier"),
    ] {
        if ignored.is_some() {
            report.warnings.push(format!(
                "{}: `{key}` is ignored with --each: every book gets its own",
                options.dir.join(crate::BOOK_TOML).display()
            ));
        }
    }
    let articles = if fields.articles.is_empty() {
        source.articles
    } else {
        std::mem::take(&mut fields.articles)
    };
    let cover = fields
        .cover
        .take()
        .as_deref()
        .map(|path| prepare_cover(path, &mut report.warnings))
        .transpose()?;
    let books = unique_names(&articles, &options.out_dir);
    Ok(Plan {
        books,
        fields,
        cover,
        modified: options.modified.unwrap_or_else(Utc::now),
    })
}

/// Builds every planned book on every core, calling `done` as each one finishes, and returns
/// the outcomes in article order. A failing article does not stop the others.
pub fn run(plan: &Plan, done: &(dyn Fn(&Outcome) + Sync)) -> Vec<Outcome> {
    plan.books
        .par_iter()
        .map(|(input, out)| {
            let mut report = Report::default();
            let result = build_one(plan, input, out, &mut report);
            let outcome = Outcome {
                input: input.clone(),
                result,
                report,
            };
            done(&outcome);
            outcome
        })
        .collect()
}

fn build_one(plan: &Plan, input: &Path, out: &Path, report: &mut Report) -> Result<PathBuf> {
    let book = load(
        plan.fields.clone(),
        &[input.to_path_buf()],
        plan.cover.clone(),
        plan.modified,
        report,
    )?;
    let bytes = render(&book, &mut report.warnings)?;
    output::write_atomically(out, &bytes)?;
    Ok(out.to_path_buf())
}

/// `OUT/<slug of the file name>.epub`, made unique with `-2`, `-3`… in article order.
fn unique_names(articles: &[PathBuf], out_dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut taken = HashSet::new();
    articles
        .iter()
        .map(|article| {
            let stem = article
                .file_stem()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default();
            let base = output::slug(&stem);
            let mut name = base.clone();
            let mut n = 1;
            while !taken.insert(name.clone()) {
                n += 1;
                name = format!("{base}-{n}");
            }
            (article.clone(), out_dir.join(format!("{name}.epub")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_slugs_made_unique() {
        let articles = [
            PathBuf::from("a/One.txt"),
            PathBuf::from("b/one.md"),
            PathBuf::from("c/ONE.txt"),
        ];
        let names: Vec<_> = unique_names(&articles, Path::new("out"))
            .into_iter()
            .map(|(_, o)| o)
            .collect();
        assert_eq!(
            names,
            [
                PathBuf::from("out/one.epub"),
                PathBuf::from("out/one-2.epub"),
                PathBuf::from("out/one-3.epub")
            ]
        );
    }
}
