//! The only place that writes markup: the XHTML documents, the style sheet, and the few
//! package-document elements epub-builder cannot write. One escape function serves them all.

use std::borrow::Cow;
use std::fmt::Write;

use crate::article::Article;
use crate::cover::Cover;
use crate::metadata::Metadata;

/// One style sheet for every direction: logical properties only, and no `direction` or
/// `unicode-bidi`, which the EPUB style-sheet profile forbids (direction comes from `dir`).
pub const STYLESHEET: &str = "\
@charset \"UTF-8\";
body {
  margin: 0 0.5em;
  line-height: 1.7;
  text-align: justify;
  font-kerning: normal;
}
h1 {
  text-align: start;
  font-size: 1.5em;
  line-height: 1.35;
  margin-block: 0.5em 1em;
  hyphens: none;
}
p {
  margin-block: 0 0.75em;
  text-indent: 0;
}
.cover {
  margin: 0;
  padding: 0;
  text-align: center;
}
.cover img {
  max-width: 100%;
  max-height: 100vh;
  height: auto;
}
";

/// Escapes the characters that are special in XML text and double-quoted attributes.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The attributes of `<package>`: Apple Books reads the text direction here.
pub fn package_attributes(meta: &Metadata) -> String {
    format!(
        " dir=\"{}\" xml:lang=\"{}\"",
        meta.direction,
        escape(meta.language.as_str())
    )
}

/// The attributes every document root carries: language twice (HTML and XML readers each
/// read their own) and the direction.
pub fn root_attributes(meta: &Metadata) -> String {
    let lang = escape(meta.language.as_str());
    format!(
        " lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{}\"",
        meta.direction
    )
}

fn document(meta: &Metadata, title: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<!DOCTYPE html>\n\
<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"{attrs}>\n\
<head>\n\
<meta charset=\"UTF-8\"/>\n\
<title>{title}</title>\n\
<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n\
</head>\n\
{body}\
</html>\n",
        attrs = root_attributes(meta),
        title = escape(title),
    )
}

/// The article as an XHTML content document: the headline as `h1`, each paragraph a `p`.
pub fn article_document(meta: &Metadata, article: &Article) -> String {
    let mut body = String::with_capacity(
        article
            .paragraphs
            .iter()
            .map(|p| p.len() + 8)
            .sum::<usize>()
            + 256,
    );
    body.push_str("<body epub:type=\"bodymatter\">\n<section epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"headline\">\n");
    let _ = writeln!(
        body,
        "<h1 id=\"headline\">{}</h1>",
        escape(&article.headline)
    );
    for paragraph in &article.paragraphs {
        let _ = writeln!(body, "<p>{}</p>", escape(paragraph));
    }
    body.push_str("</section>\n</body>\n");
    document(meta, &article.headline, &body)
}

/// The cover page: the image alone, with alternative text from the title and authors.
pub fn cover_document(meta: &Metadata, cover: &Cover, href: &str) -> String {
    let body = format!(
        "<body epub:type=\"frontmatter\">\n\
<section class=\"cover\" epub:type=\"cover\">\n\
<img role=\"doc-cover\" src=\"{href}\" alt=\"{alt}\" width=\"{w}\" height=\"{h}\"/>\n\
</section>\n\
</body>\n",
        href = escape(href),
        alt = escape(&cover_alt(meta)),
        w = cover.width,
        h = cover.height,
    );
    document(
        meta,
        &format!("{} — {}", meta.language.cover_label(), meta.title),
        &body,
    )
}

fn cover_alt(meta: &Metadata) -> String {
    let mut alt = format!("{}: {}", meta.language.cover_label(), meta.title);
    if !meta.authors.is_empty() {
        let comma = if meta.language.direction() == crate::lang::Direction::Rtl {
            "، "
        } else {
            ", "
        };
        let _ = write!(alt, " — {}", meta.authors.join(comma));
    }
    alt
}

/// Package metadata epub-builder cannot write, or writes wrongly (REFERENCE.md §3): creators
/// with their role, publisher, source and the date as given.
pub fn package_metadata(meta: &Metadata) -> String {
    let mut out = String::new();
    for (i, author) in meta.authors.iter().enumerate() {
        let _ = write!(
            out,
            "    <dc:creator id=\"creator-{n}\">{name}</dc:creator>\n    \
<meta refines=\"#creator-{n}\" property=\"role\" scheme=\"marc:relators\">aut</meta>\n",
            n = i + 1,
            name = escape(author),
        );
    }
    let simple = [
        ("dc:publisher", &meta.publisher),
        ("dc:source", &meta.source),
        ("dc:date", &meta.date),
    ];
    for (element, value) in simple {
        if let Some(value) = value {
            let _ = writeln!(out, "    <{element}>{}</{element}>", escape(value));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_specials_only() {
        assert_eq!(
            escape("a < b & \"c\" > d"),
            "a &lt; b &amp; &quot;c&quot; &gt; d"
        );
        assert!(matches!(escape("داعش"), Cow::Borrowed(_)));
    }

    #[test]
    fn stylesheet_has_no_direction_and_no_physical_alignment() {
        for banned in ["direction", "unicode-bidi", "left", "right"] {
            assert!(!STYLESHEET.contains(banned), "{banned}");
        }
    }
}
