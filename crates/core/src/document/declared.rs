//! A language a source declares for its whole text, set aside where its text says otherwise.
//! A Word document's default language reaches every paragraph and run that does not name its
//! own (Word's `en-US` on each paragraph of an Arabic article), so when the build sets the
//! declaration aside for the document (`pipeline::articles`), the elements that only
//! repeated it lose it too, and take the language found for the text.

use super::{Attrs, Block, Document, Inline};
use crate::lang::{LanguageTag, Script};

impl Document {
    /// Takes `tag` off every element (block, list item, table cell, span) that states it but
    /// whose own letters are mostly written in the other direction than the language's, or
    /// that holds no letters; one whose text is in that direction (an English quotation in an
    /// Arabic article) keeps it. Returns how many elements lost it.
    pub fn set_aside_language(&mut self, tag: &LanguageTag) -> usize {
        let mut walk = SetAside { tag, count: 0 };
        walk.blocks(&mut self.blocks);
        for note in &mut self.notes {
            walk.blocks(&mut note.blocks);
        }
        walk.count
    }
}

/// The walk: the model nests at most [`super::MAX_DEPTH`] deep, so it may recurse.
struct SetAside<'t> {
    tag: &'t LanguageTag,
    count: usize,
}

impl SetAside<'_> {
    /// Takes the tag off `attrs` unless `letters` are in its direction.
    fn judge(&mut self, attrs: &mut Attrs, letters: Script) {
        if attrs.lang.as_ref() == Some(self.tag) && letters.lean() != Some(self.tag.direction()) {
            attrs.lang = None;
            self.count += 1;
        }
    }

    fn blocks(&mut self, blocks: &mut [Block]) -> Script {
        blocks
            .iter_mut()
            .fold(Script::default(), |sum, block| sum.plus(self.block(block)))
    }

    fn block(&mut self, block: &mut Block) -> Script {
        match block {
            Block::Heading { attrs, content, .. } | Block::Paragraph { attrs, content } => {
                let letters = self.inlines(content);
                self.judge(attrs, letters);
                letters
            }
            Block::List { attrs, items, .. } => {
                let mut letters = Script::default();
                for item in items {
                    let own = self.blocks(&mut item.blocks);
                    self.judge(&mut item.attrs, own);
                    letters = letters.plus(own);
                }
                self.judge(attrs, letters);
                letters
            }
            Block::Quote { attrs, blocks } | Block::Group { attrs, blocks } => {
                let letters = self.blocks(blocks);
                self.judge(attrs, letters);
                letters
            }
            Block::Table(table) => {
                let mut letters = self.inlines(&mut table.caption);
                for row in table.head.iter_mut().chain(&mut table.body) {
                    for cell in &mut row.cells {
                        let own = self.blocks(&mut cell.blocks);
                        self.judge(&mut cell.attrs, own);
                        letters = letters.plus(own);
                    }
                }
                self.judge(&mut table.attrs, letters);
                letters
            }
            Block::Figure {
                attrs,
                image,
                caption,
            } => {
                let letters = self.inlines(caption).plus(count(&image.alt));
                self.judge(attrs, letters);
                letters
            }
            Block::Code { text } | Block::Literal { text } => count(text),
            Block::Rule => Script::default(),
        }
    }

    fn inlines(&mut self, inlines: &mut [Inline]) -> Script {
        let mut letters = Script::default();
        for inline in inlines {
            let own = match inline {
                Inline::Text(text) | Inline::Code(text) => count(text),
                Inline::Image(image) => count(&image.alt),
                Inline::Span { attrs, content, .. } => {
                    let own = self.inlines(content);
                    self.judge(attrs, own);
                    own
                }
                other => match other.children_mut() {
                    Some(children) => self.inlines(children),
                    None => Script::default(),
                },
            };
            letters = letters.plus(own);
        }
        letters
    }
}

fn count(text: &str) -> Script {
    let mut letters = Script::default();
    letters.count(text);
    letters
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Item, Table};

    fn tagged(tag: &str) -> Attrs {
        Attrs {
            lang: LanguageTag::parse(tag).ok(),
            dir: None,
        }
    }

    fn para(tag: &str, content: Vec<Inline>) -> Block {
        Block::Paragraph {
            attrs: tagged(tag),
            content,
        }
    }

    #[test]
    fn the_declared_language_leaves_what_is_written_the_other_way() {
        let en = LanguageTag::parse("en-US").unwrap();
        let english_span = Inline::Span {
            attrs: tagged("en-US"),
            isolate: false,
            content: vec![Inline::Text(" Word ".into())],
        };
        let mut document = Document {
            blocks: vec![
                para(
                    "en-US",
                    vec![Inline::Text("نص عربي".into()), english_span.clone()],
                ),
                para("en-US", vec![Inline::Text("An English quotation".into())]),
                para("en-US", vec![Inline::Text("2024".into())]),
                para("fr", vec![Inline::Text("نص".into())]),
                Block::List {
                    ordered: false,
                    start: 1,
                    attrs: tagged("en-US"),
                    items: vec![Item {
                        attrs: tagged("en-US"),
                        blocks: vec![Block::paragraph("أول")],
                    }],
                },
                Block::Table(Table {
                    attrs: tagged("en-US"),
                    ..Table::default()
                }),
            ],
            ..Document::default()
        };
        assert_eq!(document.set_aside_language(&en), 5);
        let langs: Vec<Option<&str>> = document
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { attrs, .. } | Block::List { attrs, .. } => {
                    attrs.lang.as_ref().map(LanguageTag::as_str)
                }
                Block::Table(t) => t.attrs.lang.as_ref().map(LanguageTag::as_str),
                _ => Some("?"),
            })
            .collect();
        assert_eq!(
            langs,
            [None, Some("en-US"), None, Some("fr"), None, None],
            "{document:?}"
        );
        // The English word inside the Arabic paragraph keeps its language.
        let Block::Paragraph { content, .. } = &document.blocks[0] else {
            panic!()
        };
        assert_eq!(content[1], english_span);
    }
}
