//! Consecutive list paragraphs gathered into nested lists: a paragraph at level `ilvl`
//! opens lists down to its level and closes deeper ones; numbering goes on where a list of
//! the same `numId` left off.

use std::collections::HashMap;

use super::numbering::Level;
use warraq_core::document::{Attrs, Block, Item};

/// The lists open while consecutive list paragraphs are read, innermost last.
#[derive(Default)]
pub(crate) struct Lists {
    /// The open lists, outermost first.
    pub(crate) open: Vec<Open>,
}

/// A list being read.
pub(crate) struct Open {
    num_id: String,
    ordered: bool,
    start: u64,
    attrs: Attrs,
    items: Vec<Item>,
}

impl Lists {
    /// Adds an item at level `ilvl` of list `num_id`, opening and closing lists to get there.
    pub(crate) fn item(
        &mut self,
        out: &mut Vec<Block>,
        counters: &mut HashMap<(String, u8), u64>,
        (num_id, ilvl, level): (String, u8, Level),
        attrs: Attrs,
        blocks: Vec<Block>,
    ) {
        let depth = usize::from(ilvl) + 1;
        while self.open.len() > depth {
            self.close(out);
        }
        if let Some(top) = self.open.last() {
            if self.open.len() == depth && (top.num_id != num_id || top.ordered != level.ordered) {
                self.close(out);
            }
        }
        while self.open.len() < depth {
            if let Some(parent) = self.open.last_mut() {
                if parent.items.is_empty() {
                    parent.items.push(Item::default());
                }
            }
            let here = self.open.len() as u8;
            let done = counters.get(&(num_id.clone(), here)).copied().unwrap_or(0);
            self.open.push(Open {
                num_id: num_id.clone(),
                ordered: level.ordered,
                start: level.start.saturating_add(done),
                attrs: attrs.clone(),
                items: Vec::new(),
            });
        }
        *counters.entry((num_id.clone(), ilvl)).or_insert(0) += 1;
        counters.retain(|(id, l), _| *id != num_id || *l <= ilvl);
        if let Some(top) = self.open.last_mut() {
            top.items.push(Item {
                attrs: Attrs::default(),
                blocks,
            });
        }
    }

    fn close(&mut self, out: &mut Vec<Block>) {
        let Some(open) = self.open.pop() else {
            return;
        };
        let block = Block::List {
            ordered: open.ordered,
            start: open.start,
            attrs: open.attrs,
            items: open.items,
        };
        match self
            .open
            .last_mut()
            .and_then(|parent| parent.items.last_mut())
        {
            Some(item) => item.blocks.push(block),
            None => out.push(block),
        }
    }

    /// Closes every open list.
    pub(crate) fn finish(&mut self, out: &mut Vec<Block>) {
        while !self.open.is_empty() {
            self.close(out);
        }
    }
}
