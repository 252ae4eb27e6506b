//! Style sheets, `<style>` elements and `style` attributes: `direction` and `unicode-bidi`
//! removed (the EPUB CSS profile forbids them) and the direction they set collected, so the
//! documents can state it with `dir`; `text-align: left` made `start` in a right-to-left
//! book. Only the declarations changed are touched; the EPUB crate's CSS reader finds them.

use std::ops::Range;

use warraq_core::lang::Direction;
use warraq_epub::css::{self, Declaration};
use warraq_epub::xml::splice::Edits;

/// One element selector `fix` can apply itself: an element name, a class, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Simple {
    /// The element's local name, lowercase; `None` for any element.
    pub(crate) element: Option<String>,
    /// A class the element has.
    pub(crate) class: Option<String>,
}

/// A direction a style sheet set on the elements its selector matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Moved {
    /// The selectors, any of which matches.
    pub(crate) selectors: Vec<Simple>,
    /// The direction.
    pub(crate) direction: Direction,
}

/// What editing one sheet found and did.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Directions to state with `dir` on the elements their selectors match.
    pub(crate) moved: Vec<Moved>,
    /// Directions set on selectors too complex to apply, and `unicode-bidi` overrides:
    /// `(selector or declaration, why)`, to report.
    pub(crate) not_moved: Vec<String>,
    /// `direction`/`unicode-bidi` declarations removed.
    pub(crate) removed: usize,
    /// `text-align: left` made `start`.
    pub(crate) aligned: usize,
}

/// Edits the CSS in `text` (a whole sheet, a `<style>` element's content, or, when `inline`,
/// a `style` attribute's value), adding to `edits` with byte offsets shifted by `base`.
pub(crate) fn edit(text: &str, inline: bool, rtl: bool, base: usize, edits: &mut Edits) -> Outcome {
    let mut outcome = Outcome::default();
    for d in css::declarations(text, inline, 1) {
        match d.property.as_str() {
            "direction" | "unicode-bidi" => {
                let range = removal(text, &d.range);
                edits.replace(base + range.start..base + range.end, "");
                outcome.removed += 1;
                note_direction(&d, &mut outcome);
            }
            "text-align" if rtl => {
                let keyword = d
                    .value
                    .split(|c: char| c.is_whitespace() || c == '!')
                    .next();
                // `right` is left alone: in a right-to-left book it is where the text starts,
                // which is what tools writing for right-to-left readers mean by it.
                let logical = match keyword {
                    Some("left") => "start",
                    _ => continue,
                };
                let start = base + d.value_range.start;
                let len = keyword.map_or(0, str::len);
                edits.replace(start..start + len, logical);
                outcome.aligned += 1;
            }
            _ => {}
        }
    }
    outcome
}

fn note_direction(d: &Declaration, outcome: &mut Outcome) {
    let where_ = d.selector.as_deref().unwrap_or("style attribute");
    if d.property == "unicode-bidi" {
        if d.value.contains("override") || d.value.contains("plaintext") {
            outcome
                .not_moved
                .push(format!("`unicode-bidi: {}` on {where_}", d.value));
        }
        return;
    }
    let direction = match d.value.split_whitespace().next() {
        Some("rtl") => Direction::Rtl,
        Some("ltr") => Direction::Ltr,
        _ => return,
    };
    let selectors = match &d.selector {
        None => Some(vec![Simple {
            element: None,
            class: None,
        }]),
        Some(selector) => simple_selectors(selector),
    };
    match selectors {
        Some(selectors) => outcome.moved.push(Moved {
            selectors,
            direction,
        }),
        None => outcome.not_moved.push(format!(
            "`direction: {direction}` on `{where_}` (a selector too complex to apply)"
        )),
    }
}

/// The range to delete for a declaration: with the white space after it, and the whole line
/// when it stood on one of its own.
fn removal(text: &str, range: &Range<usize>) -> Range<usize> {
    let before = &text[..range.start];
    let line_start = before.trim_end_matches([' ', '\t']);
    let after = &text[range.end..];
    let rest = after.trim_start_matches([' ', '\t']);
    let end = range.end + (after.len() - rest.len());
    if line_start.ends_with('\n') && rest.starts_with('\n') {
        return line_start.len()..end + 1;
    }
    range.start..end
}

/// `html`, `body`, `p`, `.c`, `p.c`, and comma-separated lists of them; `None` otherwise.
fn simple_selectors(selector: &str) -> Option<Vec<Simple>> {
    let name_ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            && !s.starts_with(|c: char| c.is_ascii_digit())
    };
    selector
        .split(',')
        .map(|one| {
            let one = one.trim();
            let (element, class) = match one.split_once('.') {
                Some((element, class)) => (element, Some(class)),
                None => (one, None),
            };
            let element = (!element.is_empty()).then_some(element);
            let valid = element.is_none_or(name_ok)
                && class.is_none_or(name_ok)
                && (element.is_some() || class.is_some());
            valid.then(|| Simple {
                element: element.map(str::to_ascii_lowercase),
                class: class.map(str::to_string),
            })
        })
        .collect()
}

/// The repairs and notes of one style sheet's outcome.
pub(crate) fn report(
    entry: &str,
    outcome: &Outcome,
    repairs: &mut Vec<crate::Repair>,
    notes: &mut Vec<String>,
) {
    if outcome.removed > 0 {
        repairs.push(crate::Repair {
            code: warraq_check::rules::RTL_CSS_DIRECTION.code,
            message: format!(
                "{} `direction`/`unicode-bidi` declaration(s) removed",
                outcome.removed
            ),
            location: entry.to_string(),
        });
    }
    if outcome.aligned > 0 {
        repairs.push(crate::Repair {
            code: warraq_check::rules::RTL_CSS_LEFT.code,
            message: format!("{} `text-align: left` made `start`", outcome.aligned),
            location: entry.to_string(),
        });
    }
    notes.extend(
        outcome
            .not_moved
            .iter()
            .map(|n| format!("{entry}: not carried over to `dir`: {n}")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, inline: bool) -> (String, Outcome) {
        let mut edits = Edits::default();
        let outcome = edit(text, inline, true, 0, &mut edits);
        (edits.apply(text), outcome)
    }

    #[test]
    fn direction_is_removed_and_collected() {
        let css = "/* direction: rtl */\nbody {\n  direction: rtl;\n  text-align: Left;\n}\n\
                   p.en, .latin { color: red; direction: ltr }\n\
                   div > p { unicode-bidi: embed; direction: rtl; }\n\
                   @media screen { h1 { direction: rtl; } }\n";
        let (text, outcome) = run(css, false);
        assert_eq!(
            text,
            "/* direction: rtl */\nbody {\n  text-align: start;\n}\n\
             p.en, .latin { color: red; }\n\
             div > p { }\n\
             @media screen { h1 { } }\n"
        );
        assert_eq!(outcome.removed, 5);
        assert_eq!(outcome.aligned, 1);
        let moved: Vec<_> = outcome
            .moved
            .iter()
            .map(|m| (m.selectors.len(), m.direction))
            .collect();
        assert_eq!(
            moved,
            [
                (1, Direction::Rtl),
                (2, Direction::Ltr),
                (1, Direction::Rtl)
            ]
        );
        assert_eq!(outcome.not_moved.len(), 1, "{:?}", outcome.not_moved);
    }

    #[test]
    fn style_attributes_and_strings() {
        let (text, outcome) = run("direction:rtl; font-family: \"a;b\"", true);
        assert_eq!(text, "font-family: \"a;b\"");
        assert_eq!(outcome.moved.len(), 1);
        let (text, _) = run("color: red; text-align: left !important", true);
        assert_eq!(text, "color: red; text-align: start !important");
        let (text, _) = run("text-align: right", true);
        assert_eq!(text, "text-align: right");
    }

    #[test]
    fn escapes_and_comments_read_as_css_reads_them() {
        let (text, outcome) = run("p { \\64 irection: rtl; text-align: /* x */ left }", false);
        assert_eq!(text, "p { text-align: /* x */ start }");
        assert_eq!((outcome.removed, outcome.aligned), (1, 1));
        assert_eq!(outcome.moved.len(), 1);
        let (text, _) = run("p { content: \"\\\"; direction: rtl\" }", false);
        assert_eq!(
            text, "p { content: \"\\\"; direction: rtl\" }",
            "in a string"
        );
    }

    #[test]
    fn selectors() {
        assert!(simple_selectors("html, body, p.a, .b-c").is_some());
        for complex in ["div p", "p:first-child", "#x", "*", "a[href]", "p..x", ""] {
            assert!(simple_selectors(complex).is_none(), "{complex}");
        }
    }
}
