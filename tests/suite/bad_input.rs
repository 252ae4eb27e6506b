//! Inputs warraq must refuse: every case in `tests/fixtures/bad/` (a book directory with an
//! `expect.toml`) and every generated case below is run twice through the real binary, once
//! with no output file and once over a good one. Each run must exit with the expected code,
//! say the expected words, and leave the output as it was: absent, or unchanged, with no
//! temporary file beside it.

use crate::util;

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use util::images::{jpeg, opaque_png, png_bomb};
use util::warraq;

const ARTICLE: &str = "الباغوز: آخر جيوب التنظيم\nتقرير إخباري عن معركة الباغوز في شرق سوريا.\n";
const GOOD_BOOK: &[u8] = b"a good book from an earlier build";

/// What a case expects; `expect.toml` in a fixture.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// The exit code.
    code: i32,
    /// Words the standard error must contain, each as given.
    words: Vec<String>,
    /// Words it must not contain (a flag's name for a bad value in `book.toml`).
    #[serde(default)]
    absent: Vec<String>,
    /// Flags after `build book`.
    #[serde(default)]
    args: Vec<String>,
    /// The output path, relative to the book directory, when not `../out/book.epub`.
    output: Option<String>,
}

/// One case: the files of a book directory and what to expect.
struct Case {
    name: String,
    files: Vec<(PathBuf, Vec<u8>)>,
    expect: Expect,
}

fn fixtures() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    let mut cases = Vec::new();
    for entry in fs::read_dir(&root).expect("tests/fixtures/bad exists") {
        let dir = entry.expect("a fixture").path();
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let expect = fs::read_to_string(dir.join("expect.toml"))
            .unwrap_or_else(|_| panic!("{name} has an expect.toml"));
        let expect: Expect =
            toml::from_str(&expect).unwrap_or_else(|e| panic!("{name}/expect.toml: {e}"));
        let mut files = Vec::new();
        for file in fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            if path.file_name().is_some_and(|n| n != "expect.toml") {
                files.push((
                    path.strip_prefix(&dir).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                ));
            }
        }
        cases.push(Case {
            name,
            files,
            expect,
        });
    }
    assert!(cases.len() >= 15, "only {} fixtures found", cases.len());
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// Cases whose inputs are binary or large, so they are made here rather than kept as files.
fn generated() -> Vec<Case> {
    let toml = |extra: &str| format!("lang = \"ar\"\n{extra}").into_bytes();
    let case = |name: &str, files: Vec<(&str, Vec<u8>)>, code: i32, words: &[&str]| Case {
        name: name.to_string(),
        files: files
            .into_iter()
            .map(|(p, b)| (PathBuf::from(p), b))
            .collect(),
        expect: Expect {
            code,
            words: words.iter().map(|w| w.to_string()).collect(),
            absent: Vec::new(),
            args: Vec::new(),
            output: None,
        },
    };
    let with_args = |mut case: Case, args: &[&str]| {
        case.expect.args = args.iter().map(|a| a.to_string()).collect();
        case
    };
    let article = || ("article.txt", ARTICLE.as_bytes().to_vec());
    let cover = |name: &'static str, bytes: Vec<u8>| {
        vec![
            ("book.toml", toml(&format!("cover = \"{name}\"\n"))),
            article(),
            (name, bytes),
        ]
    };
    let jpeg = jpeg(700, 1100);
    let mut corrupt_png = opaque_png(700, 1100);
    let middle = corrupt_png.len() / 2;
    corrupt_png[middle..middle + 64].fill(0x55);
    let mut lone_surrogate = vec![0xFF, 0xFE];
    for unit in "سلام".encode_utf16().chain([0xD800, 0x0627]) {
        lone_surrogate.extend(unit.to_le_bytes());
    }
    let mut iso = encoding_rs::ISO_8859_6
        .encode("سلام عليكم\nوبعد")
        .0
        .into_owned();
    iso.insert(5, 0xA1); // unassigned in ISO-8859-6

    vec![
        case(
            "bomb-cover",
            cover("cover.png", png_bomb(60_000, 60_000)),
            65,
            &[
                "cover.png: declares 60000 × 60000 px",
                "refused before decoding",
                "hint: scale it down",
            ],
        ),
        case(
            "truncated-jpeg-cover",
            cover("cover.jpg", jpeg[..jpeg.len() * 2 / 3].to_vec()),
            65,
            &["cover.jpg: is a truncated JPEG image"],
        ),
        case(
            "corrupt-png-cover",
            cover("cover.png", corrupt_png),
            65,
            &["cover.png: is a damaged PNG image"],
        ),
        case(
            "empty-cover",
            cover("cover.jpg", Vec::new()),
            65,
            &["cover.jpg: is empty"],
        ),
        case(
            "directory-cover",
            vec![
                ("book.toml", toml("cover = \"covers\"\n")),
                article(),
                ("covers/readme.txt", b"a directory, not an image".to_vec()),
            ],
            66,
            &["covers: cannot read"],
        ),
        case(
            "binary-article",
            vec![("book.toml", toml("")), ("article.txt", opaque_png(20, 30))],
            65,
            &[
                "article.txt: is not text: a NUL byte at offset 8",
                "--encoding utf-16le",
            ],
        ),
        case(
            "utf16-lone-surrogate",
            vec![("book.toml", toml("")), ("article.txt", lone_surrogate)],
            65,
            &["article.txt: is not valid UTF-16LE", "at offset 10"],
        ),
        case(
            "utf16-odd-length",
            vec![
                ("book.toml", toml("")),
                ("article.txt", b"\xFE\xFF\x06\x33\x06".to_vec()),
            ],
            65,
            &["article.txt: is not valid UTF-16BE", "offset 4"],
        ),
        with_args(
            case(
                "iso-8859-6-unassigned-byte",
                vec![("book.toml", toml("")), ("article.txt", iso)],
                65,
                &["article.txt: is not valid ISO-8859-6: byte 0xA1 at offset 5"],
            ),
            &["--encoding", "iso-8859-6"],
        ),
        with_args(
            case(
                "invalid-utf8-forced",
                vec![
                    ("book.toml", toml("")),
                    ("article.txt", b"abc\xFFdef".to_vec()),
                ],
                65,
                &["article.txt: is not valid UTF-8: byte 0xFF at offset 3"],
            ),
            &["--encoding", "utf-8"],
        ),
        case(
            "toml-not-utf8",
            vec![("book.toml", b"title = \"\xFF\"\n".to_vec()), article()],
            65,
            &["book.toml: is not valid UTF-8", "offset 9"],
        ),
    ]
}

#[test]
fn bad_inputs_are_refused_and_nothing_is_written() {
    let cases: Vec<Case> = fixtures().into_iter().chain(generated()).collect();
    let mut failures = Vec::new();
    for case in &cases {
        for pre_existing in [false, true] {
            if let Err(e) = run(case, pre_existing) {
                failures.push(format!(
                    "{} (output existed: {pre_existing}): {e}",
                    case.name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

fn run(case: &Case, pre_existing: bool) -> Result<(), String> {
    let work = tempfile::tempdir().unwrap();
    let book = work.path().join("book");
    for (path, bytes) in &case.files {
        let path = book.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    let output = match &case.expect.output {
        Some(path) => book.join(path),
        None => work.path().join("out/book.epub"),
    };
    let before = if case.expect.output.is_some() {
        Some(fs::read(&output).unwrap())
    } else if pre_existing {
        fs::create_dir_all(output.parent().unwrap()).unwrap();
        fs::write(&output, GOOD_BOOK).unwrap();
        Some(GOOD_BOOK.to_vec())
    } else {
        None
    };

    let result = warraq()
        .current_dir(work.path())
        .arg("build")
        .arg("book")
        .arg("-o")
        .arg(&output)
        .args(&case.expect.args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    let mut problems = Vec::new();
    if result.status.code() != Some(case.expect.code) {
        problems.push(format!(
            "exit code {:?}, expected {}",
            result.status.code(),
            case.expect.code
        ));
    }
    for word in &case.expect.words {
        if !stderr.contains(word.as_str()) {
            problems.push(format!("the message lacks {word:?}"));
        }
    }
    for word in &case.expect.absent {
        if stderr.contains(word.as_str()) {
            problems.push(format!("the message has {word:?}"));
        }
    }
    if stderr.contains("panicked") || stderr.contains("backtrace") {
        problems.push("it panicked".into());
    }
    if !result.stdout.is_empty() {
        problems.push(format!(
            "it printed a path: {}",
            String::from_utf8_lossy(&result.stdout)
        ));
    }
    match &before {
        None if output.exists() => problems.push("an output file was written".into()),
        Some(bytes) if fs::read(&output).ok().as_ref() != Some(bytes) => {
            problems.push("the existing output was changed".into())
        }
        _ => {}
    }
    if let Ok(entries) = fs::read_dir(output.parent().unwrap()) {
        for entry in entries {
            let name = entry.unwrap().file_name().to_string_lossy().to_string();
            if name.starts_with(".warraq-") {
                problems.push(format!("a temporary file was left: {name}"));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n--- stderr:\n{stderr}", problems.join("; ")))
    }
}

#[test]
fn an_output_directory_that_cannot_be_created_exits_73() {
    let work = tempfile::tempdir().unwrap();
    fs::write(work.path().join("article.txt"), ARTICLE).unwrap();
    fs::write(
        work.path().join("blocker"),
        "a file where a directory should be",
    )
    .unwrap();
    let result = warraq()
        .current_dir(work.path())
        .args([
            "build",
            "article.txt",
            "--lang",
            "ar",
            "-o",
            "blocker/book.epub",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(73), "{stderr}");
    assert!(
        stderr.starts_with("warraq: error: blocker/book.epub: cannot write"),
        "{stderr}"
    );
}

#[test]
fn a_missing_input_exits_66_and_the_output_directory_is_created_on_success() {
    let work = tempfile::tempdir().unwrap();
    let result = warraq()
        .current_dir(work.path())
        .args(["build", "nowhere", "-o", "a/b/c/book.epub"])
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(66));
    assert!(
        !work.path().join("a").exists(),
        "a failed build made directories"
    );

    fs::write(work.path().join("article.txt"), ARTICLE).unwrap();
    warraq()
        .current_dir(work.path())
        .args([
            "build",
            "article.txt",
            "--lang",
            "ar",
            "-o",
            "a/b/c/book.epub",
        ])
        .assert()
        .success();
    assert!(work.path().join("a/b/c/book.epub").is_file());
}

#[test]
fn a_decompression_bomb_is_refused_within_a_small_memory_limit() {
    // 60000 × 60000 RGBA is 14.4 GB of pixels; under a 256 MiB address-space limit any attempt
    // to allocate them would abort the process instead of exiting 65 with a message.
    let work = tempfile::tempdir().unwrap();
    fs::write(work.path().join("article.txt"), ARTICLE).unwrap();
    fs::write(work.path().join("bomb.png"), png_bomb(60_000, 60_000)).unwrap();
    let binary = assert_cmd::cargo::cargo_bin("warraq");
    let result = std::process::Command::new("sh")
        .current_dir(work.path())
        .arg("-c")
        .arg("ulimit -v 262144 && exec \"$0\" \"$@\"")
        .arg(binary)
        .args([
            "build",
            "article.txt",
            "--lang",
            "ar",
            "--cover",
            "bomb.png",
            "-o",
            "b.epub",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(65), "{stderr}");
    assert!(stderr.contains("declares 60000 × 60000 px"), "{stderr}");
    assert!(!work.path().join("b.epub").exists());
}

/// A bad `--lang`, `--date` or `--encoding` is clap's usage error (exit 2) on every
/// subcommand that takes it, naming the flag, the value and what is accepted, before anything
/// is read or written.
#[test]
fn a_bad_flag_value_is_a_usage_error_on_every_subcommand() {
    let work = tempfile::tempdir().unwrap();
    fs::write(work.path().join("article.txt"), ARTICLE).unwrap();
    // Not an EPUB: were the flag read after the input, the error would be about the book.
    fs::write(work.path().join("book.epub"), "not a book").unwrap();
    let lang = ["--lang", "ar_EG"];
    let cases: [(&[&str], &[&str], &str); 8] = [
        (
            &["edition", "feed.xml", "-o", "out/e.epub"],
            &lang,
            "'ar_EG' for '--lang <TAG>'",
        ),
        (
            &["build", "article.txt", "-o", "out/a.epub"],
            &lang,
            "'ar_EG' for '--lang <TAG>'",
        ),
        (
            &["cover", "article.txt", "-o", "out/a.jpg"],
            &lang,
            "'ar_EG' for '--lang <TAG>'",
        ),
        (&["check", "book.epub"], &lang, "'ar_EG' for '--lang <TAG>'"),
        (
            &["fix", "book.epub", "-o", "out/b.epub"],
            &lang,
            "'ar_EG' for '--lang <TAG>'",
        ),
        (
            &["build", "--each", ".", "-o", "out"],
            &["--encoding", "dos"],
            "'dos' for '--encoding <NAME>'",
        ),
        (
            &["build", "article.txt", "-o", "out/a.epub"],
            &["--date", "2019-02-30"],
            "'2019-02-30' for '--date <YYYY-MM-DD>'",
        ),
        (
            &["build", "article.txt", "-o", "out/a.epub"],
            &["--encoding", "dos"],
            "'dos' for '--encoding <NAME>'",
        ),
    ];
    for (command, flag, named) in cases {
        let result = warraq()
            .current_dir(work.path())
            .args(command)
            .args(flag)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(
            result.status.code(),
            Some(2),
            "{command:?} {flag:?}: {stderr}"
        );
        assert!(
            stderr.starts_with(&format!("error: invalid value {named}: ")),
            "{command:?} {flag:?}: {stderr}"
        );
        let accepted = match flag[0] {
            "--lang" => "give a BCP 47 tag such as ar, fa, he, ur or ar-EG",
            "--date" => "dates are YYYY, YYYY-MM or YYYY-MM-DD",
            _ => "give a WHATWG label, e.g. utf-8",
        };
        assert!(stderr.contains(accepted), "{command:?} {flag:?}: {stderr}");
        assert!(result.stdout.is_empty(), "{command:?} {flag:?}");
        assert!(!work.path().join("out").exists(), "{command:?} {flag:?}");
    }
}
