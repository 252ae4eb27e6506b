//! `warraq build --each`: one book per article of a directory, built in parallel.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Utc};

use super::{locate, prepare, render, ArticleFile, Shared};
use crate::model::{Format, Report};
use crate::read::fields::Fields;
use crate::read::source::BOOK_TOML;
use warraq_core::error::{Error, Result};
use warraq_core::warning::{Warning, WarningKind};
use warraq_core::write;

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
    /// EPUB or Kobo's KEPUB.
    pub format: Format,
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
    shared: Shared,
    modified: DateTime<Utc>,
    format: Format,
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
    let (mut fields, articles) = locate(&options.dir, &options.flags)?;
    if !options.dir.is_dir() {
        return Err(Error::input(
            &options.dir,
            "is not a directory; --each builds one book per article in a directory",
        ));
    }
    for (ignored, key) in [
        (fields.title.take(), "title"),
        (fields.identifier.take(), "identifier"),
    ] {
        if ignored.is_some() {
            report.warnings.push(Warning::new(
                WarningKind::Book,
                format!(
                    "{}: `{key}` is ignored with --each: every book gets its own",
                    options.dir.join(BOOK_TOML).display()
                ),
            ));
        }
    }
    let shared = Shared::read(fields, &mut report.warnings)?;
    let books = unique_names(&articles, &options.out_dir, options.format);
    Ok(Plan {
        books,
        shared,
        modified: options.modified.unwrap_or_else(Utc::now),
        format: options.format,
    })
}

/// Builds every planned book on every core, calling `done` as each one finishes, and returns
/// the outcomes in article order. A failing article does not stop the others.
///
/// The books are taken one at a time by as many threads as rayon has, and each thread builds
/// its books on a one-thread pool of its own, so a book's parallel work (drawing a cover,
/// packing, the self-check) runs in turn on that thread. The cores are busy with the other
/// books already, and were the books themselves jobs of the shared pool, a thread waiting in
/// one book's parallel work would start another: the books in flight, each with its 16 MB
/// canvas, piled up (2,000 books with drawn covers peaked at 413 MB).
pub fn run(plan: &Plan, done: &(dyn Fn(&Outcome) + Sync)) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let build = || {
        // The thread's books are all built inside one call into its pool, not one call each:
        // handing every book to the pool's thread and sleeping until it is done cost two
        // context switches a book.
        let books = || {
            let mut built = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some((input, out)) = plan.books.get(index) else {
                    break built;
                };
                let mut report = Report::default();
                let result = build_one(plan, input, out, &mut report);
                let outcome = Outcome {
                    input: input.clone(),
                    result,
                    report,
                };
                done(&outcome);
                built.push((index, outcome));
            }
        };
        match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
            Ok(pool) => pool.install(books),
            Err(_) => books(),
        }
    };
    let threads = rayon::current_num_threads().clamp(1, plan.books.len().max(1));
    let mut outcomes: Vec<(usize, Outcome)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads).map(|_| scope.spawn(build)).collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e))
            })
            .collect()
    });
    outcomes.sort_unstable_by_key(|(index, _)| *index);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

fn build_one(plan: &Plan, input: &Path, out: &Path, report: &mut Report) -> Result<PathBuf> {
    let article = ArticleFile::read(input)?;
    let book = prepare(&plan.shared, vec![article], plan.modified, report)?;
    let bytes = render(&book, plan.format)?;
    write::write_atomically(out, &bytes)?;
    Ok(out.to_path_buf())
}

/// `OUT/<slug of the file name>.epub` (or `.kepub.epub`), made unique with `-2`, `-3`… in
/// article order.
fn unique_names(articles: &[PathBuf], out_dir: &Path, format: Format) -> Vec<(PathBuf, PathBuf)> {
    let mut taken = HashSet::new();
    articles
        .iter()
        .map(|article| {
            let stem = article
                .file_stem()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default();
            let base = write::slug(&stem);
            let mut name = base.clone();
            let mut n = 1;
            while !taken.insert(name.clone()) {
                n += 1;
                name = format!("{base}-{n}");
            }
            let file = format!("{name}.{}", format.extension());
            (article.clone(), out_dir.join(file))
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
        let names: Vec<_> = unique_names(&articles, Path::new("out"), Format::Epub)
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
