//! Just enough CSS to find declarations: comments and strings skipped, each `property: value`
//! with the line it starts on. Selectors and at-rule preludes are not declarations.

/// A style sheet, a `<style>` element or a `style` attribute.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The archive entry it is in.
    pub entry: String,
    /// The line of that entry its text starts on.
    pub line: usize,
    /// The CSS.
    pub text: String,
}

/// One `property: value` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// The property, lowercase.
    pub property: String,
    /// The value, trimmed, lowercase.
    pub value: String,
    /// `entry:line`.
    pub location: String,
    /// The selector of the rule it is in, white space collapsed; empty in a `style` attribute.
    pub selector: String,
}

impl Sheet {
    /// Every declaration, in order.
    pub fn declarations(&self) -> Vec<Declaration> {
        let mut found = Vec::new();
        let mut chunk = String::new();
        let mut chunk_line = self.line;
        let mut selector = String::new();
        let mut line = self.line;
        let mut chars = self.text.chars().peekable();
        let flush = |chunk: &mut String,
                     chunk_line: usize,
                     selector: &str,
                     found: &mut Vec<Declaration>| {
            if let Some((property, value)) = chunk.split_once(':') {
                let property = property.trim().to_ascii_lowercase();
                if !property.is_empty() && !property.starts_with('@') {
                    found.push(Declaration {
                        property,
                        value: value.trim().to_ascii_lowercase(),
                        location: format!("{}:{chunk_line}", self.entry),
                        selector: selector.to_string(),
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
                    selector = chunk.split_whitespace().collect::<Vec<_>>().join(" ");
                    chunk.clear();
                }
                ';' | '}' => flush(&mut chunk, chunk_line, &selector, &mut found),
                c => {
                    if chunk.trim().is_empty() {
                        chunk_line = line;
                    }
                    if c == '\n' {
                        line += 1;
                    }
                    chunk.push(c);
                }
            }
        }
        flush(&mut chunk, chunk_line, &selector, &mut found);
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
}
