//! Addresses as they leave the book. A link that leaves it (`http`, `https`, `mailto`) is
//! parsed by the WHATWG URL parser (the `url` crate) and written in its serialised form, or
//! refused with the parser's reason; and any address in a document is held to the rule
//! EPUBCheck applies (`RSC-020`): the parser meets nothing it has to repair.

use std::cell::Cell;
use std::sync::LazyLock;

use url::{Position, SyntaxViolation, Url};

/// The schemes of the links a book keeps: the others point nowhere a reader can follow.
pub(crate) const EXTERNAL_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

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
    let url = match Url::parse(href) {
        Ok(url) if url.scheme() != "mailto" && url.host_str().is_none_or(str::is_empty) => {
            return Link::Invalid("it names no host".into())
        }
        Ok(url) => url,
        Err(e) => return Link::Invalid(e.to_string()),
    };
    // The parser leaves some characters as they were (`[`, `|`, a lone `%`, a space in a
    // `mailto:` address) that a URL may not hold: they are escaped after the authority.
    let authority = url[..Position::BeforePath].len();
    let (head, rest) = url.as_str().split_at(authority);
    let written = format!("{head}{}", escape(rest, true));
    match violation(&written) {
        None => Link::External(written),
        Some(why) => Link::Invalid(why),
    }
}

/// `text` with every character a URL may not hold percent-encoded (as UTF-8): controls,
/// spaces, `"`, `<`, `>`, `` ` ``, `{`, `}`, `|`, `\`, `^`, `[`, `]` and noncharacters; and `%`
/// itself, unless `keep_escapes` and it starts an escape (`%` and two hex digits). Letters of
/// any script stay as they are.
pub fn escape(text: &str, keep_escapes: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let is_escape = || {
            bytes
                .get(at + 1..at + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
        };
        let code = u32::from(c);
        let noncharacter = (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE;
        let escaped = match c {
            '%' => !(keep_escapes && is_escape()),
            '"' | '<' | '>' | '`' | '{' | '}' | '|' | '\\' | '^' | '[' | ']' => true,
            c => c.is_control() || c.is_whitespace() || noncharacter,
        };
        if escaped {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Why `href`, as written in a document, is not a valid URL string (what EPUBCheck reports as
/// `RSC-020`): it does not parse, or parsing it needed a repair (a backslash, a space, a bad
/// percent escape). Relative addresses are read against a document of the book.
pub fn violation(href: &str) -> Option<String> {
    // Parsed once, not for every link of every book.
    static BASE: LazyLock<Option<Url>> =
        LazyLock::new(|| Url::parse("https://book.invalid/EPUB/document.xhtml").ok());
    let base = BASE.as_ref()?;
    let found: Cell<Option<SyntaxViolation>> = Cell::new(None);
    let record = |v: SyntaxViolation| {
        if found.get().is_none() {
            found.set(Some(v));
        }
    };
    let parsed = Url::options()
        .base_url(Some(base))
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
        // Every serialised link passes, whatever the parser left as it was.
        for href in [
            "http://example.com/a\\b",
            "mailto:x@y.org?subject=hi there",
            "https://example.com/?filter[tag]=x",
            "http://example.com/a|b",
            "http://example.com/50%off",
            "http://example.com/50%25off",
            "mailto:a@x.org, b@y.org",
            "https://example.com/p?q={x}#frag[1]^",
            "https://[::1]:8080/a b",
        ] {
            let Link::External(written) = link(href) else {
                panic!("{href}")
            };
            assert_eq!(violation(&written), None, "{written}");
        }
    }

    proptest::proptest! {
        /// Whatever follows the scheme, a link is written only in a form the check accepts.
        #[test]
        fn a_written_link_always_passes_the_check(
            scheme in proptest::sample::select(vec!["http://", "https://", "mailto:"]),
            rest in "\\PC{0,40}",
        ) {
            if let Link::External(written) = link(&format!("{scheme}{rest}")) {
                proptest::prop_assert_eq!(violation(&written), None, "{}", written);
            }
        }
    }
}
