//! The two ends of `warraq fix`: which file each book is written to (`-o`, `--in-place`, the
//! default `dist/<name>.epub`), reading a book within limits, and writing it atomically.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{fix, Fixed, Options};
use warraq_core::error::{Error, Result};
use warraq_core::write::{check_not_an_input, write_atomically};

/// No EPUB is this large (stores stop at 650 MB); a device named by mistake never ends.
const FILE_LIMIT: u64 = 2 * 1024 * 1024 * 1024;

/// Where the books go.
#[derive(Debug, Clone)]
pub enum Target {
    /// `-o`: a file for one book, a directory for several; `None` for the default, `dist/`.
    Output(Option<PathBuf>),
    /// `--in-place`: each book replaces itself.
    InPlace,
    /// `--dry-run`: nothing is written.
    Nowhere,
}

/// One book to fix: where it is read from and written to (`None` for a dry run).
#[derive(Debug, Clone)]
pub struct Job {
    /// The book as named.
    pub input: PathBuf,
    /// Where the fixed book goes.
    pub output: Option<PathBuf>,
}

/// The output of every book, refusing to overwrite an input unless `--in-place` asked for
/// it, and two books written to the same file.
pub fn plan(inputs: &[PathBuf], target: &Target) -> Result<Vec<Job>> {
    let name = |input: &Path| {
        input
            .file_name()
            .map_or_else(|| PathBuf::from("book.epub"), PathBuf::from)
    };
    let jobs: Vec<Job> = inputs
        .iter()
        .map(|input| Job {
            input: input.clone(),
            output: match target {
                Target::Nowhere => None,
                Target::InPlace => Some(input.clone()),
                Target::Output(Some(out)) if inputs.len() == 1 && !out.is_dir() => {
                    Some(out.clone())
                }
                Target::Output(dir) => Some(
                    dir.clone()
                        .unwrap_or_else(|| PathBuf::from("dist"))
                        .join(name(input)),
                ),
            },
        })
        .collect();
    if matches!(target, Target::Output(_)) {
        let all: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
        for job in &jobs {
            if let Some(output) = &job.output {
                check_not_an_input(output, &all)
                    .map_err(|e| e.with_hint("choose another -o, or fix it with --in-place"))?;
            }
        }
        for (i, job) in jobs.iter().enumerate() {
            if jobs[..i].iter().any(|j| j.output == job.output) {
                return Err(Error::Flag {
                    flag: "--output",
                    message: format!(
                        "two books would be written to {}",
                        job.output.as_deref().unwrap_or(Path::new("")).display()
                    ),
                    hint: Some("give the books different file names".into()),
                });
            }
        }
    }
    Ok(jobs)
}

/// Reads, fixes and (unless a dry run) writes one book.
pub fn run(job: &Job, options: &Options) -> Result<Fixed> {
    let bytes = read(&job.input)?;
    let fixed = fix(&bytes, options).map_err(|refusal| match refusal.internal {
        true => Error::Internal(format!("{}: {}", job.input.display(), refusal.message)),
        false => Error::Input {
            path: job.input.clone(),
            place: String::new(),
            message: refusal.message,
            hint: refusal.hint,
        },
    })?;
    if let Some(output) = &job.output {
        write_atomically(output, &fixed.bytes)?;
    }
    Ok(fixed)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    let fail = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = fs::File::open(path).map_err(fail)?;
    let meta = file.metadata().map_err(fail)?;
    if !meta.is_file() {
        return Err(fail(std::io::Error::other("not a regular file")));
    }
    if meta.len() > FILE_LIMIT {
        return Err(Error::input(path, "over 2 GiB; no EPUB is that large"));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(FILE_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(fail)?;
    Ok(bytes)
}
