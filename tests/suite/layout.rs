//! The README's "How it works" table against the tree: every file or folder it names exists,
//! and every source file is named, itself or by its folder's row.

use std::collections::BTreeSet;
use std::path::Path;

use crate::util::repo;

/// The `src/…` paths in the first column of the table under "## How it works".
fn table_paths(readme: &str) -> Vec<String> {
    let section = readme
        .split("\n## How it works")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("the README has a \"How it works\" section");
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
fn the_readme_file_table_matches_the_tree() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let named = table_paths(&readme);
    assert!(named.len() > 20, "the table names too few files: {named:?}");
    for path in &named {
        assert!(
            repo().join(path.trim_end_matches('/')).exists(),
            "the README names {path}, which is not in the tree"
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
        "source files the README's table does not name: {unnamed:?}"
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
