//! warraq for Python: the native half of the `warraq` package (`warraq._warraq`), a thin caller
//! of the library's front. Each function takes plain values from `python/warraq/__init__.py`,
//! works with the GIL released (threads build in parallel), and returns plain values or raises
//! the exception of `warraq._exceptions` the command line's exit code names. A panic is caught
//! here and raised as an `InternalError`: it never unwinds into the interpreter.
//!
//! `settings.rs` turns keywords into the settings; `errors.rs` turns failures into exceptions.

mod errors;
mod settings;

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use warraq::lang::LanguageTag;
use warraq::{ArticleFile, BatchOptions, Cover, Format, Made, Named, Request};

use errors::Failure;
use settings::Refused;

/// An input as the Python side hands it over: a name with its bytes, or a path (or URL) to
/// read.
#[derive(FromPyObject)]
struct Input(String, Option<Vec<u8>>);

/// The cover asked for: `"drawn"`, `"auto"` or `"none"`, or an image as an [`Input`].
#[derive(FromPyObject)]
enum CoverIn {
    Word(String),
    Image(Input),
}

/// What a build or a drawn cover returns: the bytes (unless written), the file name the
/// command line would give, the title, the warnings as `(kind, message)`, the notes, and the
/// path written.
type Returned = (
    Option<Py<PyBytes>>,
    String,
    String,
    Vec<(&'static str, String)>,
    Vec<String>,
    Option<PathBuf>,
);

thread_local! {
    /// Each calling thread's own rayon pool of one thread, itself: a book's parallel steps run
    /// in turn on the thread that asked for it, as each thread of `build --each` runs its
    /// books (src/pipeline/batch.rs). Handed to the shared pool, each step would cost two
    /// context switches; and the caller's threads (a thread pool, a cluster's workers) keep
    /// the cores busy already. rayon keeps such a pool's registry to the end of the process:
    /// a few kilobytes a thread that ever builds.
    static POOL: Option<rayon::ThreadPool> = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .use_current_thread()
        .build()
        .ok();
}

/// Runs `work` with the GIL released, on this thread's own pool, a panic caught and made an
/// `InternalError`.
fn detached<T: Send>(
    py: Python<'_>,
    work: impl FnOnce() -> Result<T, Failure> + Send,
) -> PyResult<T> {
    let on_this_thread = || {
        POOL.with(|pool| match pool {
            Some(pool) => pool.install(work),
            None => work(),
        })
    };
    let outcome = py.detach(|| catch_unwind(AssertUnwindSafe(on_this_thread)));
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(failure)) => Err(failure.into_pyerr(py)),
        Err(payload) => Err(Failure::panic(payload.as_ref()).into_pyerr(py)),
    }
}

/// Makes a book (or, with `png` given, its drawn cover: `True` a PNG, `False` a JPEG).
#[pyfunction]
#[pyo3(signature = (articles, settings, cover, font, kobo, modified, output, png=None))]
#[allow(clippy::too_many_arguments)] // one argument per part of the request, as Python names them
fn build(
    py: Python<'_>,
    articles: Vec<Input>,
    settings: HashMap<String, Bound<'_, PyAny>>,
    cover: CoverIn,
    font: Option<Input>,
    kobo: bool,
    modified: i64,
    output: Option<PathBuf>,
    png: Option<bool>,
) -> PyResult<Returned> {
    let settings = match settings::fields(settings) {
        Ok(fields) => fields,
        Err(Refused::Type(e)) => return Err(e),
        Err(Refused::Value(failure)) => return Err(failure.into_pyerr(py)),
    };
    let modified = timestamp(modified)?;
    let made = detached(py, move || {
        let mut request = Request::new(Vec::with_capacity(articles.len()), modified);
        for Input(name, bytes) in articles {
            request.articles.push(match bytes {
                Some(bytes) => ArticleFile::in_memory(name, bytes),
                None => ArticleFile::read(Path::new(&name))?,
            });
        }
        request.settings = settings;
        request.cover = match cover {
            CoverIn::Word(word) => match word.as_str() {
                "auto" => Cover::Auto,
                "none" => Cover::None,
                _ => Cover::Drawn,
            },
            CoverIn::Image(image) => Cover::Image(named(image)?),
        };
        request.font = font.map(named).transpose()?;
        request.format = if kobo { Format::Kepub } else { Format::Epub };
        let made = match png {
            Some(png) => warraq::cover_bytes(&request, png)?,
            None => warraq::build_bytes(&request)?,
        };
        let written = match output {
            Some(path) => Some(write(path, &made)?),
            None => None,
        };
        Ok((made, written))
    })?;
    let (made, written) = made;
    let bytes = match written {
        Some(_) => None,
        None => Some(PyBytes::new(py, &made.bytes).unbind()),
    };
    let warnings = made
        .report
        .warnings
        .into_iter()
        .map(|w| (w.kind.as_str(), w.message))
        .collect();
    Ok((
        bytes,
        made.file_name,
        made.title,
        warnings,
        made.report.notes,
        written,
    ))
}

/// Writes `made` to `path`, or into it under its own name when `path` is a directory.
fn write(path: PathBuf, made: &Made) -> Result<PathBuf, Failure> {
    let path = if path.is_dir() {
        path.join(&made.file_name)
    } else {
        path
    };
    warraq::write::write_atomically(&path, &made.bytes)?;
    Ok(path)
}

/// A named file's bytes: those given, or the file read.
fn named(Input(name, bytes): Input) -> Result<Named, Failure> {
    let bytes = match bytes {
        Some(bytes) => bytes,
        None => std::fs::read(&name).map_err(|source| warraq::Error::Read {
            path: PathBuf::from(&name),
            source,
        })?,
    };
    Ok(Named { name, bytes })
}

fn timestamp(seconds: i64) -> PyResult<DateTime<Utc>> {
    DateTime::from_timestamp(seconds, 0).ok_or_else(|| {
        PyValueError::new_err(format!("{seconds} seconds since 1970 is out of range"))
    })
}

fn language(lang: Option<String>) -> PyResult<Option<LanguageTag>> {
    lang.map(|text| LanguageTag::parse(&text))
        .transpose()
        .map_err(|message| PyValueError::new_err(format!("lang: {message}")))
}

/// A finding as `(code, severity, location, message)`.
type FindingOut = (&'static str, String, String, String);

fn findings(found: Vec<warraq::check::Finding>) -> Vec<FindingOut> {
    found
        .into_iter()
        .map(|f| (f.code, f.severity.to_string(), f.location, f.message))
        .collect()
}

/// Checks a book given as bytes, or read from a path within the command line's limit.
#[pyfunction]
#[pyo3(signature = (book, lang=None))]
fn check(py: Python<'_>, book: Input, lang: Option<String>) -> PyResult<Vec<FindingOut>> {
    let options = warraq::check::Options {
        lang: language(lang)?,
        ..warraq::check::Options::default()
    };
    detached(py, move || {
        Ok(findings(match book {
            Input(_, Some(bytes)) => warraq::check::check(&bytes, &options),
            Input(path, None) => warraq::check::FileReport::of(Path::new(&path), &options).findings,
        }))
    })
}

/// Every rule of the check: `(code, severity, meaning, fix)`.
#[pyfunction]
fn rules() -> Vec<(&'static str, String, &'static str, &'static str)> {
    warraq::check::rules::ALL
        .iter()
        .map(|rule| (rule.code, rule.severity.to_string(), rule.meaning, rule.fix))
        .collect()
}

/// What `fix` returns: the bytes, the repairs as `(code, message, location)`, the notes, the
/// findings that remain, and the hint that settles an undecided language.
type FixedOut = (
    Py<PyBytes>,
    Vec<(&'static str, String, String)>,
    Vec<String>,
    Vec<FindingOut>,
    Option<String>,
);

/// Fixes a book given as bytes, or read from a path as `warraq fix` reads it.
#[pyfunction]
#[pyo3(signature = (book, lang, modified))]
fn fix(py: Python<'_>, book: Input, lang: Option<String>, modified: i64) -> PyResult<FixedOut> {
    let options = warraq::fix::Options {
        lang: language(lang)?,
        modified: timestamp(modified)?,
    };
    let fixed = detached(py, move || match book {
        Input(_, Some(bytes)) => warraq::fix::fix(&bytes, &options).map_err(|refusal| Failure {
            code: if refusal.internal {
                warraq::error::exit::IO
            } else {
                warraq::error::exit::DATA
            },
            message: refusal.message,
            hint: refusal.hint,
        }),
        Input(path, None) => {
            let jobs = warraq::fix::files::plan(
                &[PathBuf::from(path)],
                &warraq::fix::files::Target::Nowhere,
            )?;
            let job = jobs
                .first()
                .ok_or_else(|| warraq::Error::Internal("no book to fix".into()))?;
            Ok(warraq::fix::files::run(job, &options)?)
        }
    })?;
    let repairs = fixed
        .repairs
        .into_iter()
        .map(|r| (r.code, r.message, r.location))
        .collect();
    let undecided = fixed.undecided.map(|u| u.hint());
    Ok((
        PyBytes::new(py, &fixed.bytes).unbind(),
        repairs,
        fixed.notes,
        findings(fixed.findings),
        undecided,
    ))
}

/// The books `warraq build --each DIR --out-dir OUT` would write: each article with its book's
/// path, in the order and under the names the command gives them.
#[pyfunction]
#[pyo3(signature = (dir, out_dir, kobo=false))]
fn each(
    py: Python<'_>,
    dir: PathBuf,
    out_dir: PathBuf,
    kobo: bool,
) -> PyResult<Vec<(PathBuf, PathBuf)>> {
    detached(py, move || {
        let options = BatchOptions {
            dir,
            out_dir,
            format: if kobo { Format::Kepub } else { Format::Epub },
            ..BatchOptions::default()
        };
        let plan = warraq::batch::plan(&options, &mut warraq::Report::default())?;
        Ok(plan.books)
    })
}

/// The module `warraq._warraq`.
#[pymodule]
fn _warraq(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(build, module)?)?;
    module.add_function(wrap_pyfunction!(check, module)?)?;
    module.add_function(wrap_pyfunction!(rules, module)?)?;
    module.add_function(wrap_pyfunction!(fix, module)?)?;
    module.add_function(wrap_pyfunction!(each, module)?)?;
    module.add("SETTINGS", settings::keys())?;
    Ok(())
}
