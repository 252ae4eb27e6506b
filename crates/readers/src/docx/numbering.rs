//! `numbering.xml`: whether a list level is bulleted or numbered, and where it starts.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::xml::{child, child_val, is_w, w_attr};

/// A level of a list, as `numbering.xml` defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Level {
    /// Numbered (any format but `bullet`).
    pub(crate) ordered: bool,
    /// Its first number.
    pub(crate) start: u64,
}

/// The document's lists: each `w:num` by id, with its abstract definition's levels and its
/// overrides resolved. A level whose format is `none` shows no mark and is no list.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    nums: HashMap<String, HashMap<u8, Option<Level>>>,
}

impl Numbering {
    /// Reads `numbering.xml`.
    pub(crate) fn read(doc: &Document) -> Numbering {
        let root = doc.root_element();
        let mut abstracts: HashMap<&str, HashMap<u8, Option<Level>>> = HashMap::new();
        for node in root.children().filter(|n| is_w(*n, "abstractNum")) {
            if let Some(id) = w_attr(node, "abstractNumId") {
                abstracts.entry(id).or_insert_with(|| levels(node));
            }
        }
        let mut nums = HashMap::new();
        for node in root.children().filter(|n| is_w(*n, "num")) {
            let (Some(id), Some(abstract_id)) =
                (w_attr(node, "numId"), child_val(node, "abstractNumId"))
            else {
                continue;
            };
            let mut levels = abstracts.get(abstract_id).cloned().unwrap_or_default();
            for o in node.children().filter(|n| is_w(*n, "lvlOverride")) {
                let Some(ilvl) = w_attr(o, "ilvl").and_then(|v| v.parse::<u8>().ok()) else {
                    continue;
                };
                if let Some(lvl) = child(o, "lvl") {
                    levels.insert(ilvl, level(lvl));
                }
                let start = child_val(o, "startOverride").and_then(|v| v.parse().ok());
                if let (Some(start), Some(Some(level))) = (start, levels.get_mut(&ilvl)) {
                    level.start = start;
                }
            }
            nums.entry(id.trim().to_string()).or_insert(levels);
        }
        Numbering { nums }
    }

    /// Level `ilvl` of list `num_id`; `None` when it is not defined or shows no mark.
    pub(crate) fn level(&self, num_id: &str, ilvl: u8) -> Option<Level> {
        *self.nums.get(num_id)?.get(&ilvl)?
    }
}

fn levels(abstract_num: Node) -> HashMap<u8, Option<Level>> {
    abstract_num
        .children()
        .filter(|n| is_w(*n, "lvl"))
        .filter_map(|lvl| Some((w_attr(lvl, "ilvl")?.trim().parse().ok()?, level(lvl))))
        .collect()
}

fn level(lvl: Node) -> Option<Level> {
    let format = child_val(lvl, "numFmt").unwrap_or("decimal");
    if format == "none" {
        return None;
    }
    Some(Level {
        ordered: format != "bullet",
        start: child_val(lvl, "start")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(1),
    })
}
