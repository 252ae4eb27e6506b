//! The file table of docs/how-it-works.md against the tree: every file or folder it names
//! exists, and every source file is named, itself or by its folder's row.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::util::repo;

/// The `src/…` paths in the first column of the table under "## The source files".
fn table_paths(page: &str) -> Vec<String> {
    let section = page
        .split("\n## The source files")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("docs/how-it-works.md has a \"The source files\" section");
    let mut paths = Vec::new();
    for line in section.lines().filter(|l| l.starts_with("| `src/")) {
        let first_cell = line.split('|').nth(1).unwrap_or_default();
        for piece in first_cell.split('`').skip(1).step_by(2) {
            paths.push(piece.to_string());
        }
    }
    paths
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
    let mut files = BTreeSet::new();
    source_files(&repo().join("src"), &mut files);
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
    let mut files = BTreeSet::new();
    source_files(&repo().join("src"), &mut files);
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

/// Each source file as a module path (`prepare::picture`), with its text outside unit tests.
fn modules() -> BTreeMap<String, String> {
    let mut files = BTreeSet::new();
    source_files(&repo().join("src"), &mut files);
    files
        .into_iter()
        .filter(|f| !f.ends_with("/tests.rs"))
        .map(|file| {
            let text = std::fs::read_to_string(repo().join(&file)).unwrap();
            let text = text
                .split("#[cfg(test)]")
                .next()
                .unwrap_or_default()
                .to_string();
            let path = file.trim_start_matches("src/").trim_end_matches(".rs");
            let mut parts: Vec<&str> = path.split('/').collect();
            if matches!(parts.last(), Some(&("mod" | "lib" | "main"))) {
                parts.pop();
            }
            (parts.join("::"), text)
        })
        .collect()
}

/// The modules `module` imports (`use crate::…` and `use super::…`), as the longest module
/// path each import names.
fn imports(module: &str, text: &str, known: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for statement in text.split("use ").skip(1) {
        let statement = statement.split(';').next().unwrap_or_default();
        let (base, group) = match statement.split_once("::{") {
            Some((base, group)) => (base, Some(group.trim_end_matches('}'))),
            None => (statement, None),
        };
        let targets: Vec<String> = match group {
            Some(group) => group
                .split(',')
                .map(|item| format!("{base}::{}", item.trim().split("::").next().unwrap_or("")))
                .collect(),
            None => vec![base.to_string()],
        };
        for target in targets {
            let mut segments: Vec<&str> = target.split("::").collect();
            let mut path: Vec<&str> = match segments.first() {
                Some(&"crate") => {
                    segments.remove(0);
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
    }
    out
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
    assert!(graph.len() > 40, "too few modules found: {}", graph.len());
}

/// The stages after `read/` take what it read: none of them opens a file to make a book (their
/// unit tests, after `#[cfg(test)]` or in a `tests.rs`, may read fixtures).
#[test]
fn only_the_read_stage_reads_files() {
    let mut files = BTreeSet::new();
    source_files(&repo().join("src"), &mut files);
    let stages = [
        "src/pipeline/",
        "src/prepare/",
        "src/render/",
        "src/package/",
    ];
    let calls = ["fs::read", "read_dir(", "File::open(", "canonicalize("];
    let mut readers = Vec::new();
    for file in files
        .iter()
        .filter(|f| stages.iter().any(|s| f.starts_with(s)))
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
        "files read outside src/read/: {readers:#?}"
    );
}
