//! What the page is told of a book: its findings, each with its rule's words, and the books
//! made, checked and kept for download.

use serde_json::{json, Value};
use warraq_check::rules::ALL;
use warraq_check::Finding;

use crate::epub_files;
use crate::jobs::App;
use crate::reply::Failure;
use crate::Built;

/// A finding, with what its rule asks for and how to mend it.
pub(crate) fn finding(finding: &Finding) -> Value {
    let rule = ALL.iter().find(|r| r.code == finding.code);
    json!({
        "rule": finding.code,
        "severity": finding.severity.to_string(),
        "file": finding.location,
        "message": finding.message,
        "meaning": rule.map(|r| r.meaning),
        "fix": rule.map(|r| r.fix),
    })
}

/// The findings of `warraq check` on `bytes`.
pub(crate) fn check(bytes: &[u8]) -> Vec<Value> {
    warraq_check::check(bytes, &warraq_check::Options::default())
        .iter()
        .map(finding)
        .collect()
}

/// Checks the books made and keeps them; what the page is told of each.
pub(crate) async fn keep_built(
    app: &std::sync::Arc<App>,
    built: Vec<Built>,
) -> Result<Vec<Value>, Failure> {
    let checked = app
        .work(move || {
            Ok(built
                .into_iter()
                .map(|book| {
                    let findings = check(&book.bytes);
                    let spine = epub_files::spine(&book.bytes);
                    (book, findings, spine)
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(checked
        .into_iter()
        .map(|(book, findings, spine)| {
            let size = book.bytes.len();
            let id = app.keep(book.file_name.clone(), book.bytes);
            json!({
                "id": id,
                "file_name": book.file_name,
                "title": book.title,
                "bytes": size,
                "direction": spine.as_ref().map(|s| s.direction.clone()),
                "language": spine.as_ref().map(|s| s.language.clone()),
                "warnings": book.warnings,
                "findings": findings,
            })
        })
        .collect())
}
