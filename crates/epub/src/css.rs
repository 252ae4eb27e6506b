//! The one reader of CSS declarations, for `check` and `fix`: a style sheet, a `<style>`
//! element's text or a `style` attribute's value tokenized by cssparser (Servo's and Firefox's
//! tokenizer: comments, strings, `url(...)`, escapes and unclosed input as CSS reads them), each
//! `property: value` given with its bytes, its line and the selector of the block holding it.

use std::borrow::Cow;
use std::ops::Range;

use cssparser::{CowRcStr, ParseError, Parser, Token};

/// Blocks nested deeper than this are skipped whole, without recursion (cssparser walks them
/// with a stack of its own), so hostile input cannot exhaust ours; real CSS nests a few levels.
const DEEPEST: usize = 32;

/// One `property: value` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// The property, its escapes resolved, ASCII lowercase.
    pub property: String,
    /// The value as written, comments left out, trimmed, ASCII lowercase; `!important` kept.
    pub value: String,
    /// From the property's first byte to just after its `;` (or to the `}` or the end of the
    /// text that ends it).
    pub range: Range<usize>,
    /// The value's bytes, from its first token to the end of its last (comments and white
    /// space around it left out); empty, where the value would start, for an empty value.
    pub value_range: Range<usize>,
    /// The line of the property, counted from the `first_line` the text starts on.
    pub line: usize,
    /// The selector or at-rule prelude of the innermost block holding it, comments left out
    /// and white space collapsed; `None` outside any block (in a `style` attribute).
    pub selector: Option<String>,
}

/// Every declaration in `css`, in order. When `inline`, declarations outside any block are
/// read too, as in a `style` attribute; otherwise only those inside a block are. Byte ranges
/// are `css`'s; lines start at `first_line`, the line of its entry the text starts on.
pub fn declarations(css: &str, inline: bool, first_line: usize) -> Vec<Declaration> {
    let mut reader = Reader {
        css,
        inline,
        found: Vec::new(),
        comments: Vec::new(),
        counted: 0,
        line: first_line,
    };
    let mut parser = Parser::new(css);
    reader.block(&mut parser, 0, None);
    reader.found
}

/// A run of tokens ended by `;`, `{`, `}` or the end: a declaration, a selector or neither.
#[derive(Default)]
struct Run<'i> {
    /// The first byte of its first token that is not white space or a comment.
    start: Option<usize>,
    /// The identifier it starts with, while it may still be a declaration's property.
    property: Option<CowRcStr<'i>>,
    /// Whether the property was followed by `:`.
    colon: bool,
    /// From the first to the end of the last token after the colon.
    value: Option<Range<usize>>,
}

struct Reader<'c> {
    css: &'c str,
    inline: bool,
    found: Vec<Declaration>,
    /// The comments of the run being read (and of the blocks inside it).
    comments: Vec<Range<usize>>,
    /// Lines are counted up to this byte.
    counted: usize,
    line: usize,
}

impl<'c> Reader<'c> {
    /// Reads the declarations of one block (the whole text at `depth` 0) to its end.
    fn block(&mut self, parser: &mut Parser<'c>, depth: usize, selector: Option<&str>) {
        let mut run = Run::default();
        loop {
            let start = parser.position().byte_index();
            let Ok(token) = parser.next_including_whitespace_and_comments() else {
                // The block's `}` (not consumed here) or the end of the text.
                self.end(&mut run, start..start, depth, selector);
                return;
            };
            match token {
                Token::WhiteSpace(_) => continue,
                Token::Comment(_) => {
                    self.comments.push(start..parser.position().byte_index());
                    continue;
                }
                Token::Semicolon => {
                    let end = parser.position().byte_index();
                    self.end(&mut run, start..end, depth, selector);
                }
                // A `}` with no block open: it ends the run, as a block's own would.
                Token::CloseCurlyBracket => self.end(&mut run, start..start, depth, selector),
                Token::CurlyBracketBlock => {
                    let prelude = run
                        .start
                        .map_or_else(String::new, |s| collapse(&self.without_comments(s..start)));
                    self.comments.clear();
                    run = Run::default();
                    if depth < DEEPEST {
                        let _ = parser.parse_nested_block(|p| {
                            self.block(p, depth + 1, Some(&prelude));
                            Ok::<_, ParseError<()>>(())
                        });
                    } else {
                        skip(parser);
                    }
                }
                token => {
                    let ident = match token {
                        Token::Ident(name) => Some(name.clone()),
                        _ => None,
                    };
                    let colon = matches!(token, Token::Colon);
                    if matches!(
                        token,
                        Token::Function(_) | Token::ParenthesisBlock | Token::SquareBracketBlock
                    ) {
                        self.nested(parser, depth);
                    }
                    let end = parser.position().byte_index();
                    run.add(start..end, ident, colon);
                }
            }
        }
    }

    /// Reads to the end of a `(`, `[` or function block just opened, keeping its comments.
    fn nested(&mut self, parser: &mut Parser<'c>, depth: usize) {
        if depth >= DEEPEST {
            return skip(parser);
        }
        let _ = parser.parse_nested_block(|p| {
            loop {
                let start = p.position().byte_index();
                match p.next_including_whitespace_and_comments() {
                    Err(_) => break,
                    Ok(Token::Comment(_)) => self.comments.push(start..p.position().byte_index()),
                    Ok(
                        Token::Function(_)
                        | Token::ParenthesisBlock
                        | Token::SquareBracketBlock
                        | Token::CurlyBracketBlock,
                    ) => self.nested(p, depth + 1),
                    Ok(_) => {}
                }
            }
            Ok::<_, ParseError<()>>(())
        });
    }

    /// Ends a run at the bytes of what ends it (`;`, or nothing before a `}` or the end),
    /// keeping it if it was a declaration.
    fn end(&mut self, run: &mut Run<'c>, ends: Range<usize>, depth: usize, selector: Option<&str>) {
        let run = std::mem::take(run);
        if let (Some(start), Some(property), true) = (run.start, &run.property, run.colon) {
            if self.inline || depth > 0 {
                let value_range = run.value.unwrap_or(ends.start..ends.start);
                let value = self.without_comments(value_range.clone());
                let line = self.line_at(start);
                self.found.push(Declaration {
                    property: property.to_ascii_lowercase(),
                    value: value.trim().to_ascii_lowercase(),
                    range: start..ends.end,
                    value_range,
                    line,
                    selector: selector.map(str::to_string),
                });
            }
        }
        self.comments.clear();
    }

    /// The text of `range` without the comments of the run it is in.
    fn without_comments(&self, range: Range<usize>) -> Cow<'c, str> {
        let inside = |c: &&Range<usize>| c.start >= range.start && c.end <= range.end;
        if !self.comments.iter().any(|c| inside(&c)) {
            return Cow::Borrowed(&self.css[range]);
        }
        let mut text = String::with_capacity(range.len());
        let mut from = range.start;
        for comment in &self.comments {
            if comment.start >= from && comment.end <= range.end {
                text.push_str(&self.css[from..comment.start]);
                from = comment.end;
            }
        }
        text.push_str(&self.css[from..range.end]);
        Cow::Owned(text)
    }

    /// The line of byte `at`, which is never before the last one asked about (declarations
    /// are found in order).
    fn line_at(&mut self, at: usize) -> usize {
        let newlines = self
            .css
            .as_bytes()
            .get(self.counted..at)
            .map_or(0, |bytes| bytes.iter().filter(|&&b| b == b'\n').count());
        self.line += newlines;
        self.counted = at;
        self.line
    }
}

impl<'i> Run<'i> {
    /// Adds a token that is not white space or a comment.
    fn add(&mut self, range: Range<usize>, ident: Option<CowRcStr<'i>>, colon: bool) {
        if self.start.is_none() {
            self.start = Some(range.start);
            self.property = ident;
        } else if self.colon {
            let start = self.value.as_ref().map_or(range.start, |v| v.start);
            self.value = Some(start..range.end);
        } else if colon && self.property.is_some() {
            self.colon = true;
        } else {
            self.property = None;
        }
    }
}

/// `text`'s words with one space between them.
fn collapse(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed
}

/// Skips a block just opened, without looking inside.
fn skip(parser: &mut Parser<'_>) {
    let _ = parser.parse_nested_block(|_| Ok::<_, ParseError<()>>(()));
}

#[cfg(test)]
#[path = "css_tests.rs"]
mod tests;
