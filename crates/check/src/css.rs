//! The declarations `check` looks at: each `property: value` of a style sheet, a `<style>`
//! element or a `style` attribute, with the line it starts on and the selector of the rule it
//! is in, read by the EPUB crate's CSS reader.

use warraq_epub::css;

/// A style sheet, a `<style>` element or a `style` attribute.
#[derive(Debug, Clone)]
pub(crate) struct Sheet {
    /// The archive entry it is in.
    pub(crate) entry: String,
    /// The line of that entry its text starts on.
    pub(crate) line: usize,
    /// The CSS.
    pub(crate) text: String,
    /// Whether the text it styles is set left to right: a `style` attribute on an element
    /// whose own `dir`, or its nearest ancestor's, is `ltr`.
    pub(crate) ltr: bool,
}

/// One `property: value` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Declaration {
    /// The property, lowercase.
    pub(crate) property: String,
    /// The value, trimmed, lowercase.
    pub(crate) value: String,
    /// `entry:line`.
    pub location: String,
    /// The selector (or at-rule prelude) of the innermost block it is in, white space
    /// collapsed; empty in a `style` attribute.
    pub(crate) selector: String,
}

impl Declaration {
    /// Whether the rule applies only to text set left to right: every selector of its list
    /// names `[dir=ltr]` or `:dir(ltr)`, on the element or an ancestor. A `dir="rtl"` nested
    /// inside such an ancestor is not looked for.
    pub(crate) fn targets_ltr(&self) -> bool {
        let squeezed: String = self
            .selector
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '"' && *c != '\'')
            .flat_map(char::to_lowercase)
            .collect();
        !squeezed.is_empty()
            && squeezed
                .split(',')
                .all(|s| s.contains("[dir=ltr]") || s.contains(":dir(ltr)"))
    }
}

impl Sheet {
    /// Every declaration, in order, as the EPUB crate's one CSS reader finds them. Those
    /// outside any block are read in a style sheet too, where CSS ignores them.
    pub(crate) fn declarations(&self) -> Vec<Declaration> {
        css::declarations(&self.text, true, self.line)
            .into_iter()
            .map(|d| Declaration {
                location: format!("{}:{}", self.entry, d.line),
                property: d.property,
                value: d.value,
                selector: d.selector.unwrap_or_default(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(text: &str) -> Vec<(String, String, String)> {
        Sheet {
            entry: "a.css".into(),
            line: 1,
            text: text.into(),
            ltr: false,
        }
        .declarations()
        .into_iter()
        .map(|d| (d.property, d.value, d.location))
        .collect()
    }

    #[test]
    fn finds_declarations_with_their_lines() {
        let found = sheet(
            "@charset \"UTF-8\";\n/* direction: rtl; */\nbody {\n  TEXT-ALIGN: Left;\n}\n\
             a:hover { color: red }\n@media screen { p { direction:rtl } }",
        );
        assert_eq!(
            found,
            [
                ("text-align".into(), "left".into(), "a.css:4".into()),
                ("color".into(), "red".into(), "a.css:6".into()),
                ("direction".into(), "rtl".into(), "a.css:7".into()),
            ]
        );
    }

    #[test]
    fn declarations_know_their_selector() {
        let sheet = Sheet {
            entry: "a.css".into(),
            line: 1,
            text: ".cover\n img { display: block }\nimg{max-width:100%}".into(),
            ltr: false,
        };
        let selectors: Vec<String> = sheet
            .declarations()
            .into_iter()
            .map(|d| d.selector)
            .collect();
        assert_eq!(selectors, [".cover img", "img"]);
    }

    #[test]
    fn style_attributes_and_strings() {
        assert_eq!(
            sheet("unicode-bidi: embed")[0].0,
            "unicode-bidi",
            "a declaration without a closing semicolon"
        );
        assert_eq!(sheet("p::before { content: \"a;b{c\" }").len(), 1);
    }

    #[test]
    fn escapes_and_strings_read_as_css_reads_them() {
        assert_eq!(
            sheet("p { \\64 irection: rtl }"),
            [("direction".into(), "rtl".into(), "a.css:1".into())],
            "an escaped property name"
        );
        assert_eq!(
            sheet("p { content: \"\\\"; direction: ltr\" }"),
            [(
                "content".into(),
                "\"\\\"; direction: ltr\"".into(),
                "a.css:1".into()
            )],
            "an escaped quote inside a string"
        );
    }

    #[test]
    fn selectors_that_target_left_to_right_text() {
        let targets = |css: &str| {
            Sheet {
                entry: "a.css".into(),
                line: 1,
                text: css.into(),
                ltr: false,
            }
            .declarations()
            .iter()
            .map(Declaration::targets_ltr)
            .collect::<Vec<_>>()
        };
        assert_eq!(
            targets(
                "[dir=ltr] { text-align: left }\n\
                 code[dir=\"ltr\"], pre:dir( ltr ) { text-align: left }\n\
                 @media screen { .version[DIR='LTR'] { text-align: left } }\n\
                 p { text-align: left }\n\
                 [dir=ltr], p { text-align: left }\n\
                 [dir=rtl] { text-align: left }"
            ),
            [true, true, true, false, false, false]
        );
        assert_eq!(targets("text-align: left"), [false], "a style attribute");
    }
}
