//! The file table of docs/how-it-works.md against the tree: every file or folder it names
//! exists, and every source file is named, itself or by its folder's row; and the shape of the
//! code: short files, no import cycles, the front crate's stages in order, files read only
//! where reading is the job. (Cargo itself keeps the crates' graph one way.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::util::repo;

/// The `src/…` and `crates/…` paths in the first column of the table under "## The source files".
fn table_paths(page: &str) -> Vec<String> {
    let section = page
        .split("\n## The source files")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("docs/how-it-works.md has a \"The source files\" section");
    let mut paths = Vec::new();
    for line in section
        .lines()
        .filter(|l| l.starts_with("| `src/") || l.starts_with("| `crates/"))
    {
        let first_cell = line.split('|').nth(1).unwrap_or_default();
        for piece in first_cell.split('`').skip(1).step_by(2) {
            paths.push(piece.to_string());
        }
    }
    paths
}

/// Every Rust source file of the workspace's packages: `src/` and each `crates/*/src/`.
fn all_source_files() -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    source_files(&repo().join("src"), &mut files);
    for krate in std::fs::read_dir(repo().join("crates")).unwrap() {
        let src = krate.unwrap().path().join("src");
        if src.is_dir() {
            source_files(&src, &mut files);
        }
    }
    files
}

fn source_files(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(repo()).unwrap();
            out.insert(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn the_file_table_matches_the_tree() {
    let page = std::fs::read_to_string(repo().join("docs/how-it-works.md")).unwrap();
    let named = table_paths(&page);
    assert!(named.len() > 20, "the table names too few files: {named:?}");
    for path in &named {
        assert!(
            repo().join(path.trim_end_matches('/')).exists(),
            "docs/how-it-works.md names {path}, which is not in the tree"
        );
    }
    let files = all_source_files();
    let unnamed: Vec<&String> = files
        .iter()
        .filter(|file| {
            !named
                .iter()
                .any(|n| *file == n || (n.ends_with('/') && file.starts_with(n.as_str())))
        })
        .collect();
    assert!(
        unnamed.is_empty(),
        "source files the table of docs/how-it-works.md does not name: {unnamed:?}"
    );
}

#[test]
fn no_source_file_is_over_400_lines() {
    let files = all_source_files();
    let long: Vec<(String, usize)> = files
        .into_iter()
        .map(|f| {
            let lines = std::fs::read_to_string(repo().join(&f))
                .unwrap()
                .lines()
                .count();
            (f, lines)
        })
        .filter(|(_, lines)| *lines > 400)
        .collect();
    assert!(
        long.is_empty(),
        "files past 400 lines, to split by job: {long:?}"
    );
}

/// The crate a source file belongs to, as code names it (`warraq_readers`), and the file's path
/// inside that crate's `src/`.
fn crate_of(file: &str) -> (String, &str) {
    match file.strip_prefix("crates/") {
        Some(rest) => {
            let (dir, inner) = rest.split_once("/src/").unwrap();
            (format!("warraq_{dir}"), inner)
        }
        None => ("warraq".to_string(), file.trim_start_matches("src/")),
    }
}

/// Each source file as a module path with its crate (`warraq_cover::picture`), with its text
/// outside unit tests.
fn modules() -> BTreeMap<String, String> {
    all_source_files()
        .into_iter()
        .filter(|f| !f.ends_with("/tests.rs") && !f.ends_with("_tests.rs"))
        .map(|file| {
            let text = std::fs::read_to_string(repo().join(&file)).unwrap();
            let text = text
                .split("#[cfg(test)]")
                .next()
                .unwrap_or_default()
                .to_string();
            let (krate, inner) = crate_of(&file);
            let mut parts: Vec<&str> = vec![krate.as_str()];
            parts.extend(inner.trim_end_matches(".rs").split('/'));
            if matches!(parts.last(), Some(&("mod" | "lib" | "main"))) && parts.len() > 1 {
                parts.pop();
            }
            (parts.join("::"), text)
        })
        .collect()
}

/// The paths one `use` statement names, its groups opened (`a::{b, c::{d, e as f}}` names
/// `a::b`, `a::c::d` and `a::c::e`), each without its `as` rename.
fn use_paths(statement: &str) -> Vec<String> {
    let statement: String = statement.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    expand("", &statement, &mut out);
    out
}

fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    let group = tree
        .find('{')
        .zip(tree.rfind('}'))
        .filter(|(open, close)| open < close);
    let Some((open, close)) = group else {
        let path = tree.split(" as ").next().unwrap_or_default().trim();
        if !path.is_empty() {
            out.push(format!("{prefix}{path}"));
        }
        return;
    };
    let base = format!("{prefix}{}", &tree[..open]);
    let inner = &tree[open + 1..close];
    let (mut depth, mut start) = (0, 0);
    for (at, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                expand(&base, &inner[start..at], out);
                start = at + 1;
            }
            _ => {}
        }
    }
    expand(&base, &inner[start..], out);
}

/// The `use` declarations of a file's code, each from after `use` to its `;`, however many
/// lines it spans (`pub use` and `pub(crate) use` too; comments and strings are not code).
fn use_statements(text: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < text.len() {
            let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n + 1);
            let line = text[at..line_end].trim_start();
            let body = ["use ", "pub use ", "pub(crate) use ", "pub(super) use "]
                .iter()
                .find_map(|keyword| line.strip_prefix(keyword));
            if let Some(body) = body {
                let start = line_end - line.len() + (line.len() - body.len());
                let end = text[start..].find(';').map_or(text.len(), |n| start + n);
                at = end;
                return Some(&text[start..end]);
            }
            at = line_end;
        }
        None
    })
}

/// The modules `module` imports (`use crate::…`, `use super::…` and the workspace's crates by
/// name, `as` renames included), as the longest module path each import names.
fn imports(module: &str, text: &str, known: &BTreeMap<String, String>) -> BTreeSet<String> {
    let own_crate = module.split("::").next().unwrap_or_default();
    let mut out = BTreeSet::new();
    for target in use_statements(text).flat_map(use_paths) {
        let mut segments: Vec<&str> = target.split("::").map(str::trim).collect();
        let mut path: Vec<&str> = match segments.first() {
            Some(&"crate") => {
                segments[0] = own_crate;
                Vec::new()
            }
            Some(&"super") => {
                let mut base: Vec<&str> = module.split("::").collect();
                while segments.first() == Some(&"super") {
                    segments.remove(0);
                    base.pop();
                }
                base
            }
            Some(name) if name.starts_with("warraq") => Vec::new(),
            _ => continue,
        };
        path.extend(segments);
        while !path.is_empty() {
            let name = path.join("::");
            if known.contains_key(&name) {
                if name != module && !module.starts_with(&format!("{name}::")) {
                    out.insert(name);
                }
                break;
            }
            path.pop();
        }
    }
    out
}

#[test]
fn imports_are_found_through_groups_and_renames() {
    assert_eq!(
        use_paths("crate::fix::{package_upgrade as upgrade, nav::{self, Nav}}"),
        [
            "crate::fix::package_upgrade",
            "crate::fix::nav::self",
            "crate::fix::nav::Nav"
        ]
    );
    assert_eq!(use_paths("super::package as p"), ["super::package"]);
    let known: BTreeMap<String, String> = ["warraq::render", "warraq::package", "warraq_epub::xml"]
        .iter()
        .map(|m| (m.to_string(), String::new()))
        .collect();
    let found = imports(
        "warraq::render",
        "use super::{package as packing};\nuse warraq_epub::xml::escape as e;",
        &known,
    );
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        ["warraq::package", "warraq_epub::xml"]
    );
}

/// The front crate's stages in the order the data flows; a stage imports only from those
/// before it (and from the crates below). `model` (the types they pass along) and the command
/// line (`cmd`, `messages`) stand outside the order.
const STAGES: [&str; 5] = ["read", "prepare", "render", "package", "pipeline"];

#[test]
fn the_front_crates_stages_import_only_backwards() {
    let modules = modules();
    let stage = |module: &str| {
        let mut parts = module.split("::");
        (parts.next() == Some("warraq"))
            .then(|| parts.next())
            .flatten()
            .and_then(|s| STAGES.iter().position(|stage| *stage == s))
    };
    let mut upward = Vec::new();
    for (name, text) in &modules {
        let Some(from) = stage(name) else { continue };
        for target in imports(name, text, &modules) {
            if stage(&target).is_some_and(|to| to > from) {
                upward.push(format!("{name} imports {target}"));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports against the stage order: {upward:#?}"
    );
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let modules = modules();
    let graph: BTreeMap<&String, BTreeSet<String>> = modules
        .iter()
        .map(|(name, text)| (name, imports(name, text, &modules)))
        .collect();
    // A module on a cycle reaches itself: walk from each.
    let mut cycles = Vec::new();
    for start in graph.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&String> = graph[start].iter().collect();
        while let Some(next) = stack.pop() {
            if next == *start {
                cycles.push((*start).clone());
                break;
            }
            if seen.insert(next.clone()) {
                if let Some(targets) = graph.get(next) {
                    stack.extend(targets.iter());
                }
            }
        }
    }
    assert!(cycles.is_empty(), "modules on an import cycle: {cycles:?}");
    assert!(graph.len() > 100, "too few modules found: {}", graph.len());
}

/// The stages after `read/` take what it read, and the crates below the front are handed bytes:
/// none of them opens a file to make or check a book, but for the system's fonts (the cover
/// crate's `fonts.rs`), the files `check` and `fix` are named (`file.rs`, `files.rs`) and the
/// output's atomic write (`write.rs`). Their unit tests, after `#[cfg(test)]` or in a `tests.rs`, may read
/// fixtures.
#[test]
fn only_the_read_stage_reads_files() {
    let files = all_source_files();
    let stages = [
        "src/pipeline/",
        "src/prepare/",
        "src/render/",
        "src/package/",
        "crates/core/src/",
        "crates/epub/src/",
        "crates/check/src/",
        "crates/fix/src/",
        "crates/readers/src/",
        "crates/cover/src/",
    ];
    let io = [
        "crates/cover/src/fonts.rs",
        "crates/fix/src/files.rs",
        "crates/core/src/write.rs",
        "crates/check/src/file.rs",
    ];
    let calls = ["fs::read", "read_dir(", "File::open(", "canonicalize("];
    let mut readers = Vec::new();
    for file in files
        .iter()
        .filter(|f| stages.iter().any(|s| f.starts_with(s)) && !io.contains(&f.as_str()))
    {
        if file.ends_with("/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(repo().join(file)).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            if !line.trim_start().starts_with("//") && calls.iter().any(|c| line.contains(c)) {
                readers.push(format!("{file}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        readers.is_empty(),
        "files read outside src/read/ and the files named above: {readers:#?}"
    );
}

/// The README's library example is the crate documentation's, which `scripts/test` runs.
#[test]
fn the_readmes_library_example_is_the_one_tested() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let section = readme
        .split("\n## Use as a library")
        .nth(1)
        .expect("README.md has a \"Use as a library\" section");
    let example = section
        .split("```rust\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the section has a rust example");
    let lib = std::fs::read_to_string(repo().join("src/lib.rs")).unwrap();
    let documented: String = lib
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| format!("{}\n", l.strip_prefix(' ').unwrap_or(l)))
        .collect();
    assert!(
        documented.contains(example),
        "src/lib.rs's documentation does not hold README.md's example:\n{example}"
    );
}
