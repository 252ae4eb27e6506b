//! Walking the document model: its blocks in reading order, its text (plain, for detection and
//! subsetting, or each piece to clean), its images and its headline.

use super::{normalise_line, Attrs, Block, Document, Image, Inline};

impl Block {
    /// A paragraph of plain text.
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph {
            attrs: Attrs::default(),
            content: vec![Inline::Text(text.into())],
        }
    }

    /// The inlines this block holds directly, and the blocks it holds.
    pub fn parts(&self) -> (Vec<&Inline>, Vec<&Block>) {
        match self {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                (content.iter().collect(), Vec::new())
            }
            Block::List { items, .. } => (
                Vec::new(),
                items.iter().flat_map(|i| i.blocks.iter()).collect(),
            ),
            Block::Quote { blocks, .. } | Block::Group { blocks, .. } => {
                (Vec::new(), blocks.iter().collect())
            }
            Block::Table(table) => (
                table.caption.iter().collect(),
                table
                    .head
                    .iter()
                    .chain(&table.body)
                    .flat_map(|r| r.cells.iter())
                    .flat_map(|c| c.blocks.iter())
                    .collect(),
            ),
            Block::Figure { caption, .. } => (caption.iter().collect(), Vec::new()),
            Block::Code { .. } | Block::Rule | Block::Literal { .. } => (Vec::new(), Vec::new()),
        }
    }
}

impl Inline {
    /// The inlines this one holds.
    pub fn children(&self) -> &[Inline] {
        match self {
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Underline(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. }
            | Inline::Span { content: c, .. } => c,
            _ => &[],
        }
    }

    /// The inlines this one holds, to change; `None` for text, code, breaks, note references
    /// and images, which hold none.
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Underline(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. }
            | Inline::Span { content: c, .. } => Some(c),
            _ => None,
        }
    }
}

/// The text of inlines, as a reader sees it: images give their alternative text, line breaks
/// a space, note references nothing.
pub fn inline_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Image(image) => out.push_str(&image.alt),
            Inline::LineBreak => out.push(' '),
            Inline::NoteRef(_) => {}
            other => inline_text(other.children(), out),
        }
    }
}

impl Document {
    /// The index and folded text of the first top-level block with text that `wanted`
    /// accepts (giving its inlines).
    fn first_with_text(
        &self,
        wanted: impl Fn(&Block) -> Option<&[Inline]>,
    ) -> Option<(usize, String)> {
        self.blocks.iter().enumerate().find_map(|(index, block)| {
            let mut text = String::new();
            inline_text(wanted(block)?, &mut text);
            let text = normalise_line(&text);
            (!text.is_empty()).then_some((index, text))
        })
    }

    /// Makes the first top-level level-1 heading with text the headline
    /// ([`Document::headline_at`]) and returns its text.
    pub fn take_headline(&mut self) -> Option<String> {
        self.heading_as_headline(|level| level == 1)
    }

    /// Makes the first top-level heading with text, of any level, the headline where it
    /// stands, and returns its text.
    pub fn first_heading(&mut self) -> Option<String> {
        self.heading_as_headline(|_| true)
    }

    fn heading_as_headline(&mut self, level_wanted: fn(u8) -> bool) -> Option<String> {
        let (index, text) = self.first_with_text(|b| match b {
            Block::Heading { level, content, .. } if level_wanted(*level) => Some(content),
            _ => None,
        })?;
        self.headline_at = Some(index);
        Some(text)
    }

    /// Takes the first top-level paragraph with text out, as the headline, and returns its
    /// text.
    pub fn take_first_paragraph(&mut self) -> Option<String> {
        let (index, text) = self.first_with_text(|b| match b {
            Block::Paragraph { content, .. } => Some(content),
            _ => None,
        })?;
        self.blocks.remove(index);
        if let Some(at) = &mut self.headline_at {
            if *at > index {
                *at -= 1;
            }
        }
        Some(text)
    }

    /// A document of plain paragraphs.
    pub fn of_paragraphs(paragraphs: impl IntoIterator<Item = String>) -> Document {
        Document {
            blocks: paragraphs.into_iter().map(Block::paragraph).collect(),
            ..Document::default()
        }
    }

    /// Every block, depth first in reading order, the notes' blocks after the body's.
    /// Iterative, so a deeply nested document cannot exhaust the stack.
    pub fn each_block<'a>(&'a self, f: &mut dyn FnMut(&'a Block)) {
        let mut stack: Vec<&'a Block> = self
            .notes
            .iter()
            .rev()
            .flat_map(|n| n.blocks.iter().rev())
            .collect();
        stack.extend(self.blocks.iter().rev());
        while let Some(block) = stack.pop() {
            f(block);
            stack.extend(block.parts().1.into_iter().rev());
        }
    }

    /// Calls `f` on every text of the document (inline text, code, captions, alternative
    /// text, notes), with the 1-based number of the top-level block (notes count on after the
    /// body's blocks) it is in.
    pub fn each_text_mut(&mut self, f: &mut dyn FnMut(usize, &mut String)) {
        let body = self.blocks.len();
        for (index, block) in self.blocks.iter_mut().enumerate() {
            block_texts(block, index + 1, f);
        }
        for (index, note) in self.notes.iter_mut().enumerate() {
            for block in &mut note.blocks {
                block_texts(block, body + index + 1, f);
            }
        }
    }

    /// Calls `f` on every run of inlines of the document (a block's content, a caption, the
    /// content of an inline that holds others, notes included), outermost first.
    pub fn each_inlines_mut(&mut self, f: &mut dyn FnMut(&mut Vec<Inline>)) {
        for block in self
            .blocks
            .iter_mut()
            .chain(self.notes.iter_mut().flat_map(|n| n.blocks.iter_mut()))
        {
            block_inlines(block, f);
        }
    }

    /// Its text, a line per block that holds text: what language detection and font
    /// subsetting read.
    pub fn plain_text(&self, out: &mut String) {
        self.each_block(&mut |block| {
            let (inlines, _) = block.parts();
            let mut line = String::new();
            for inline in inlines {
                inline_text(std::slice::from_ref(inline), &mut line);
            }
            if let Block::Code { text } | Block::Literal { text } = block {
                line.push_str(text);
            }
            if let Block::Figure { image, .. } = block {
                line.push_str(&image.alt);
            }
            if !line.is_empty() {
                out.push('\n');
                out.push_str(&line);
            }
        });
    }

    /// How many blocks and inlines it holds: about half the XML nodes its XHTML will have.
    pub fn size(&self) -> usize {
        fn count(inline: &Inline) -> usize {
            1 + inline.children().iter().map(count).sum::<usize>()
        }
        let mut size = 0;
        self.each_block(&mut |block| {
            size += 1 + block.parts().0.into_iter().map(count).sum::<usize>()
        });
        size
    }

    /// Every image it shows, in order: figures' and those in the text.
    pub fn images(&self) -> Vec<&Image> {
        fn inline_images<'a>(inline: &'a Inline, out: &mut Vec<&'a Image>) {
            match inline {
                Inline::Image(image) => out.push(image),
                other => other.children().iter().for_each(|c| inline_images(c, out)),
            }
        }
        let mut images: Vec<&Image> = Vec::new();
        self.each_block(&mut |block| {
            if let Block::Figure { image, .. } = block {
                images.push(image);
            }
            for inline in block.parts().0 {
                inline_images(inline, &mut images);
            }
        });
        images
    }
}

/// The texts of one block; the model's depth is bounded ([`MAX_DEPTH`](super::MAX_DEPTH)).
fn block_texts(block: &mut Block, number: usize, f: &mut dyn FnMut(usize, &mut String)) {
    let inlines = |inlines: &mut Vec<Inline>, f: &mut dyn FnMut(usize, &mut String)| {
        for inline in inlines {
            inline_texts(inline, number, f);
        }
    };
    match block {
        Block::Heading { content, .. } | Block::Paragraph { content, .. } => inlines(content, f),
        Block::List { items, .. } => {
            for item in items {
                for block in &mut item.blocks {
                    block_texts(block, number, f);
                }
            }
        }
        Block::Quote { blocks, .. } | Block::Group { blocks, .. } => {
            for block in blocks {
                block_texts(block, number, f);
            }
        }
        Block::Table(table) => {
            inlines(&mut table.caption, f);
            for row in table.head.iter_mut().chain(&mut table.body) {
                for cell in &mut row.cells {
                    for block in &mut cell.blocks {
                        block_texts(block, number, f);
                    }
                }
            }
        }
        Block::Figure { image, caption, .. } => {
            f(number, &mut image.alt);
            inlines(caption, f);
        }
        Block::Code { text } | Block::Literal { text } => f(number, text),
        Block::Rule => {}
    }
}

/// The runs of inlines of one block, and of the inlines in them; the model's depth is bounded.
fn block_inlines(block: &mut Block, f: &mut dyn FnMut(&mut Vec<Inline>)) {
    fn run(inlines: &mut Vec<Inline>, f: &mut dyn FnMut(&mut Vec<Inline>)) {
        f(inlines);
        for inline in inlines.iter_mut() {
            if let Some(children) = inline.children_mut() {
                run(children, f);
            }
        }
    }
    match block {
        Block::Heading { content, .. } | Block::Paragraph { content, .. } => run(content, f),
        Block::List { items, .. } => {
            for block in items.iter_mut().flat_map(|i| i.blocks.iter_mut()) {
                block_inlines(block, f);
            }
        }
        Block::Quote { blocks, .. } | Block::Group { blocks, .. } => {
            for block in blocks {
                block_inlines(block, f);
            }
        }
        Block::Table(table) => {
            run(&mut table.caption, f);
            for row in table.head.iter_mut().chain(&mut table.body) {
                for block in row.cells.iter_mut().flat_map(|c| c.blocks.iter_mut()) {
                    block_inlines(block, f);
                }
            }
        }
        Block::Figure { caption, .. } => run(caption, f),
        Block::Code { .. } | Block::Literal { .. } | Block::Rule => {}
    }
}

fn inline_texts(inline: &mut Inline, number: usize, f: &mut dyn FnMut(usize, &mut String)) {
    match inline {
        Inline::Text(text) | Inline::Code(text) => f(number, text),
        Inline::Image(image) => f(number, &mut image.alt),
        other => {
            for child in other.children_mut().into_iter().flatten() {
                inline_texts(child, number, f);
            }
        }
    }
}
