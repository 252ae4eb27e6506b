//! Addresses as they leave the book. A link that leaves it (`http`, `https`, `mailto`) is
//! parsed by the WHATWG URL parser (the `url` crate) and written in its serialised form, or
//! refused with the parser's reason; and any address in a document is held to the rule
//! EPUBCheck applies (`RSC-020`): the parser meets nothing it has to repair.

use std::cell::Cell;

use url::{SyntaxViolation, Url};

/// The schemes of the links a book keeps: the others point nowhere a reader can follow.
pub const EXTERNAL_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// What a link's `href` is, for the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// An address outside the book, serialised: `http://example.com/a\b` is
    /// `http://example.com/a/b`, a space in a query `%20`.
    External(String),
    /// Not an address the book keeps as a link (a relative path, another scheme): its text
    /// is kept and the link is not written.
    Elsewhere,
    /// An `http`, `https` or `mailto` address that does not parse (a space in the host, no
    /// host): the reason.
    Invalid(String),
}

/// Reads a link's `href`.
pub fn link(href: &str) -> Link {
    let href = href.trim();
    let scheme = href.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    if !scheme.is_some_and(|s| EXTERNAL_SCHEMES.contains(&s.as_str())) {
        return Link::Elsewhere;
    }
    match Url::parse(href) {
        Ok(url) if url.scheme() != "mailto" && url.host_str().is_none_or(str::is_empty) => {
            Link::Invalid("it names no host".into())
        }
        Ok(url) => Link::External(url.into()),
        Err(e) => Link::Invalid(e.to_string()),
    }
}

/// Why `href`, as written in a document, is not a valid URL string (what EPUBCheck reports as
/// `RSC-020`): it does not parse, or parsing it needed a repair (a backslash, a space, a bad
/// percent escape). Relative addresses are read against a document of the book.
pub fn violation(href: &str) -> Option<String> {
    let base = Url::parse("https://book.invalid/EPUB/document.xhtml").ok()?;
    let found: Cell<Option<SyntaxViolation>> = Cell::new(None);
    let record = |v: SyntaxViolation| {
        if found.get().is_none() {
            found.set(Some(v));
        }
    };
    let parsed = Url::options()
        .base_url(Some(&base))
        .syntax_violation_callback(Some(&record))
        .parse(href);
    match (parsed, found.get()) {
        (Err(e), _) => Some(e.to_string()),
        (Ok(_), Some(v)) => Some(v.description().to_string()),
        (Ok(_), None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_are_serialised_or_refused() {
        assert_eq!(
            link("http://example.com/a\\b"),
            Link::External("http://example.com/a/b".into())
        );
        assert_eq!(
            link("mailto:x@y.org?subject=hi there"),
            Link::External("mailto:x@y.org?subject=hi%20there".into())
        );
        assert_eq!(
            link(" HTTPS://Example.org/مقال?ق=1 "),
            Link::External("https://example.org/%D9%85%D9%82%D8%A7%D9%84?%D9%82=1".into())
        );
        assert!(matches!(link("http://exa mple.com/"), Link::Invalid(_)));
        assert!(matches!(link("http://"), Link::Invalid(_)));
        assert_eq!(link("chapter-2.html#x"), Link::Elsewhere);
        assert_eq!(link("ftp://example.org/f"), Link::Elsewhere);
        assert_eq!(link("javascript:alert(1)"), Link::Elsewhere);
    }

    /// What EPUBCheck 5.3.0 reported on a book whose page had these links (`RSC-020`), and
    /// what it accepted.
    #[test]
    fn violations_are_what_epubcheck_rejects() {
        for bad in [
            "http://example.com/a\\b",
            "mailto:x@y.org?subject=hi there",
            "http://exa mple.com/",
        ] {
            assert!(violation(bad).is_some(), "{bad}");
        }
        for good in [
            "https://example.com/ok?q=1#x",
            "mailto:x@y.org?subject=hi%20there",
            "article-001.xhtml#fn1",
            "images/a001-01.jpg",
            "../Text/الفصل-١.xhtml",
            "#top",
        ] {
            assert_eq!(violation(good), None, "{good}");
        }
        // Every serialised link passes.
        for href in ["http://example.com/a\\b", "mailto:x@y.org?subject=hi there"] {
            let Link::External(written) = link(href) else {
                panic!("{href}")
            };
            assert_eq!(violation(&written), None, "{written}");
        }
    }
}
