//! The book's one style sheet, and the `@font-face` rule for an embedded font.

use warraq_cover::font::FontFile;

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
h1, h2, h3, h4, h5, h6 {
  text-align: start;
  line-height: 1.35;
  hyphens: none;
}
h1 {
  font-size: 1.5em;
  margin-block: 0.5em 1em;
}
p {
  margin-block: 0 0.75em;
  text-indent: 0;
}
.byline {
  font-style: italic;
  text-align: start;
}
blockquote {
  margin-block: 0 0.75em;
  margin-inline: 1.5em 0;
}
pre {
  text-align: start;
  white-space: pre-wrap;
  font-size: 0.9em;
}
table {
  border-collapse: collapse;
  margin-block: 0 0.75em;
}
th, td {
  border: 1px solid #888;
  padding: 0.2em 0.5em;
  text-align: start;
}
.align-start { text-align: start; }
.align-center { text-align: center; }
.align-end { text-align: end; }
img {
  max-width: 100%;
  height: auto;
}
aside[role=\"doc-footnote\"] {
  font-size: 0.9em;
  margin-block: 1em 0;
}
.notes {
  margin-block-start: 2em;
  border-block-start: 1px solid #888;
}
.notes h2 {
  font-size: 1em;
  margin-block: 0.5em 0;
}
.title-page {
  text-align: center;
  margin-block-start: 20%;
}
.title-page h1, .title-page div {
  text-align: center;
}
.title-page h1 {
  font-size: 2em;
}
.title-page div {
  margin-block: 0 0.75em;
}
.masthead {
  text-align: center;
  margin-block-start: 10%;
}
.masthead h1, .masthead h2, .masthead div {
  text-align: center;
}
.masthead h1 {
  font-size: 2.2em;
}
.masthead ol {
  list-style: none;
  padding: 0;
}
.source {
  font-size: 0.9em;
  margin-block-start: 1.5em;
}
.source p {
  margin-block: 0;
}
.not-included li {
  margin-block: 0 0.75em;
}
.reason {
  font-size: 0.9em;
}
.contents ol {
  list-style: none;
  padding: 0;
}
.contents li {
  margin-block: 0 0.5em;
}
.cover {
  margin: 0;
  padding: 0;
  text-align: center;
  line-height: 0;
}
.cover img {
  width: auto;
  height: auto;
  max-width: 100%;
  max-height: 100vh;
  vertical-align: top;
}
";

/// The style sheet, with `font` (and its path inside `OEBPS/`) declared and made the body's
/// face when there is one. Headings and code keep the reader's choice for them.
pub fn stylesheet(font: Option<(&FontFile, &str)>) -> String {
    let Some((font, href)) = font else {
        return STYLESHEET.to_string();
    };
    let family = css_string(&font.family);
    format!(
        "{STYLESHEET}@font-face {{\n  font-family: {family};\n  src: url(\"{href}\") format(\"{format}\");\n}}\nbody {{\n  font-family: {family}, serif;\n}}\n",
        format = match font.format {
            warraq_cover::font::FontFormat::TrueType => "truetype",
            warraq_cover::font::FontFormat::OpenType => "opentype",
            warraq_cover::font::FontFormat::Woff => "woff",
            warraq_cover::font::FontFormat::Woff2 => "woff2",
        }
    )
}

/// A CSS string literal: quotes and backslashes escaped, control characters dropped.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylesheet_has_no_direction_and_no_physical_alignment() {
        for banned in ["direction", "unicode-bidi", "left", "right"] {
            assert!(!STYLESHEET.contains(banned), "{banned}");
        }
    }

    #[test]
    fn css_strings_are_escaped() {
        assert_eq!(css_string("Noto \"Naskh\""), "\"Noto \\\"Naskh\\\"\"");
    }
}
