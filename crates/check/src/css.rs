//! Just enough CSS to find declarations: comments and strings skipped, each `property: value`
//! with the line it starts on and the selector of the rule it is in. Selectors and at-rule
//! preludes are not declarations.

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
    /// Every declaration, in order.
    pub(crate) fn declarations(&self) -> Vec<Declaration> {
        let mut found = Vec::new();
        let mut chunk = String::new();
        let mut chunk_line = self.line;
        let mut line = self.line;
        let mut chars = self.text.chars().peekable();
        // The selectors and preludes of the blocks open here, innermost last.
        let mut blocks: Vec<String> = Vec::new();
        // Whether `chunk` is empty or white space, kept as it grows rather than asked of it at
        // every character.
        let mut blank = true;
        let flush = |chunk: &mut String,
                     chunk_line: usize,
                     blocks: &[String],
                     found: &mut Vec<Declaration>| {
            if let Some((property, value)) = chunk.split_once(':') {
                let property = property.trim().to_ascii_lowercase();
                if !property.is_empty() && !property.starts_with('@') {
                    found.push(Declaration {
                        property,
                        value: value.trim().to_ascii_lowercase(),
                        location: format!("{}:{chunk_line}", self.entry),
                        selector: blocks.last().cloned().unwrap_or_default(),
                    });
                }
            }
            chunk.clear();
        };
        while let Some(c) = chars.next() {
            match c {
                '/' if chars.peek() == Some(&'*') => {
                    chars.next();
                    let mut last = '\0';
                    for c in chars.by_ref() {
                        if c == '\n' {
                            line += 1;
                        }
                        if last == '*' && c == '/' {
                            break;
                        }
                        last = c;
                    }
                }
                '"' | '\'' => {
                    blank = false;
                    chunk.push(c);
                    for s in chars.by_ref() {
                        chunk.push(s);
                        if s == '\n' {
                            line += 1;
                        }
                        if s == c {
                            break;
                        }
                    }
                }
                // A selector or an at-rule prelude ends here: it was no declaration.
                '{' => {
                    blocks.push(chunk.split_whitespace().collect::<Vec<_>>().join(" "));
                    chunk.clear();
                    blank = true;
                }
                ';' => {
                    flush(&mut chunk, chunk_line, &blocks, &mut found);
                    blank = true;
                }
                '}' => {
                    flush(&mut chunk, chunk_line, &blocks, &mut found);
                    blocks.pop();
                    blank = true;
                }
                c => {
                    if blank {
                        chunk_line = line;
                    }
                    if c == '\n' {
                        line += 1;
                    }
                    chunk.push(c);
                    blank &= c.is_whitespace();
                }
            }
        }
        flush(&mut chunk, chunk_line, &blocks, &mut found);
        found
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
