//! Text as a reader should see it, computed independently of the implementation: an article's
//! lines after the documented normalisation, and the declarations of a style sheet.

use unicode_normalization::UnicodeNormalization;

/// The no-break spaces an article keeps as they are (never collapsed, never trimmed away).
const NO_BREAK_SPACES: [char; 3] = ['\u{00A0}', '\u{2007}', '\u{202F}'];

/// Whitespace that collapses to one space inside a line and is trimmed at its ends.
fn collapsible(c: char) -> bool {
    c.is_whitespace() && !NO_BREAK_SPACES.contains(&c)
}

/// One line: whitespace runs collapsed to one space, trimmed, NFC-normalised.
pub fn normalise_line(line: &str) -> String {
    let words: Vec<&str> = line.split(collapsible).filter(|w| !w.is_empty()).collect();
    words.join(" ").nfc().collect()
}

/// NFC, for comparing what the book holds with what was expected.
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// The article's non-empty lines after normalisation: the headline, then each paragraph.
/// Accepts a UTF-8 BOM and LF, CRLF or CR line ends.
pub fn article_lines(bytes: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(bytes).expect("an article fixture is not UTF-8");
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    text.replace("\r\n", "\n")
        .split(['\n', '\r'])
        .map(normalise_line)
        .filter(|line| !line.is_empty())
        .collect()
}

/// The `property: value` declarations of a style sheet, comments removed, names lowercased.
pub fn css_declarations(css: &str) -> Vec<(String, String)> {
    let mut without_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        without_comments.push_str(&rest[..start]);
        rest = match rest[start + 2..].find("*/") {
            Some(end) => &rest[start + 2 + end + 2..],
            None => "",
        };
    }
    without_comments.push_str(rest);
    without_comments
        .split(['{', '}', ';'])
        .filter_map(|declaration| declaration.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .filter(|(name, _)| !name.is_empty() && !name.contains(char::is_whitespace))
        .collect()
}
