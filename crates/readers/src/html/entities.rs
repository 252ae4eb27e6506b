//! Character references left in metadata: a CMS that escapes its titles twice
//! (`content="review &amp;#8211; shoots for the moon"`, WordPress's Yoast among them) leaves
//! `&#8211;` in the text the parser gives, and JSON-LD in a `<script>` is never decoded at
//! all. Such references are decoded once more, with the HTML standard's table of names (the
//! one html5ever reads pages with); a `&` that starts none (`AT&T`, `a & b`) stays.

use std::borrow::Cow;

use html5ever::data::NAMED_ENTITIES;

/// The longest name in the standard's table (`&CounterClockwiseContourIntegral;`), and the
/// most digits a code point needs.
const LONGEST: usize = 32;

/// `text` with its character references (`&#8211;`, `&#x2014;`, `&hellip;`) decoded; only
/// references closed by `;` are, as a page's legacy forms without it are too loose to tell
/// from text.
pub(crate) fn decoded(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match reference(rest) {
            Some((chars, len)) => {
                out.extend(chars.into_iter().flatten());
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The characters of the reference at the start of `text` (which starts with `&`), and its
/// length with the `&` and the `;`.
fn reference(text: &str) -> Option<([Option<char>; 2], usize)> {
    // Looked for in the next few bytes only, so that a text of many `&` costs its length.
    let end = text
        .bytes()
        .skip(1)
        .take(LONGEST + 1)
        .position(|b| b == b';')?
        + 1;
    let body = text.get(1..end)?;
    if body.is_empty() {
        return None;
    }
    let chars = if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse::<u32>().ok()?,
        };
        // What the standard replaces (NUL, surrogates, beyond Unicode) is left as written.
        [Some(char::from_u32(code).filter(|&c| c != '\0')?), None]
    } else {
        let &(first, second) = NAMED_ENTITIES.get(&text[1..=end])?;
        [
            char::from_u32(first),
            char::from_u32(second).filter(|&c| c != '\0'),
        ]
    };
    Some((chars, end + 1))
}

#[cfg(test)]
mod tests {
    use super::decoded;

    #[test]
    fn references_left_by_escaping_twice_are_decoded_once() {
        assert_eq!(
            decoded("review &#8211; shoots for the &#x1F319; &hellip; &amp;nbsp;"),
            "review – shoots for the 🌙 … &nbsp;"
        );
        assert_eq!(decoded("&#8216;The Medium&#8217;"), "‘The Medium’");
        assert_eq!(decoded("&NotEqualTilde; &fjlig;"), "≂̸ fj");
    }

    #[test]
    fn an_ampersand_that_starts_no_reference_stays() {
        for text in [
            "AT&T",
            "a & b",
            "&",
            "fish &chips",
            "&;",
            "&#;",
            "&#xZZ;",
            "&#0;",
            "&#55296;",
            "&#99999999999;",
            "&nosuchname;",
            "&copy no semicolon",
            "trailing &",
        ] {
            assert_eq!(decoded(text), text);
        }
    }
}
