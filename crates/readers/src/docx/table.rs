//! Tables: rows (repeated header rows first), cells spanning columns (`w:gridSpan`) and
//! rows (`w:vMerge`), cells' blocks read like the body's, the direction of the columns
//! (`w:bidiVisual`). Tables nested deeper than the model allows are read as paragraphs.

use std::collections::HashMap;

use roxmltree::Node;

use super::body::flatten;
use super::reader::Reader;
use super::xml::{child, child_val, is_w, on_off, w_attr};
use warraq_core::document::{Align, Attrs, Block, Cell, Row, Table, MAX_DEPTH};
use warraq_core::error::Result;
use warraq_core::lang::Direction;

/// Columns and spans past this are read as this.
const MAX_COLUMNS: usize = 1000;

/// A table nests a block level for itself and up to ten for the lists in its cells.
const TABLE_DEPTH: usize = 12;

impl Reader<'_, '_> {
    /// A table at this nesting depth: one block, or its paragraphs when it is nested too deep.
    pub(crate) fn table(&mut self, tbl: Node, depth: usize) -> Result<Vec<Block>> {
        if depth + TABLE_DEPTH >= MAX_DEPTH {
            let mut out = Vec::new();
            for p in tbl.descendants().filter(|n| is_w(*n, "p")) {
                out.extend(self.paragraph_blocks(p)?);
            }
            return Ok(out);
        }
        let props = child(tbl, "tblPr");
        let rtl = props.and_then(|p| on_off(p, "bidiVisual")).unwrap_or(false);
        let columns = child(tbl, "tblGrid")
            .map(|g| g.children().filter(|c| is_w(*c, "gridCol")).count())
            .unwrap_or(0)
            .min(MAX_COLUMNS);
        let mut table = Table {
            attrs: Attrs {
                lang: None,
                dir: Some(if rtl { Direction::Rtl } else { Direction::Ltr }),
            },
            columns: vec![Align::Default; columns],
            ..Table::default()
        };
        // The cell each column's vertical merge started in: (in head, row, cell).
        let mut merges: HashMap<usize, (bool, usize, usize)> = HashMap::new();
        let mut in_head = true;
        for tr in flatten(tbl, &["tr"]) {
            let row_props = child(tr, "trPr");
            if row_props.and_then(|p| child(p, "del")).is_some() {
                continue; // a tracked deletion of the row
            }
            let header = row_props
                .and_then(|p| on_off(p, "tblHeader"))
                .unwrap_or(false);
            if in_head && !header {
                in_head = false;
                merges.clear();
            }
            let rows = if in_head {
                &mut table.head
            } else {
                &mut table.body
            };
            let row_index = rows.len();
            rows.push(Row::default());
            let mut column = row_props
                .and_then(|p| child_val(p, "gridBefore"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0)
                .min(MAX_COLUMNS);
            for tc in flatten(tr, &["tc"]) {
                let cell_props = child(tc, "tcPr");
                let span = cell_props
                    .and_then(|p| child_val(p, "gridSpan"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, MAX_COLUMNS);
                let merge = cell_props
                    .and_then(|p| child(p, "vMerge"))
                    .map(|m| w_attr(m, "val").unwrap_or("continue"));
                let here = column;
                column = column.saturating_add(span).min(MAX_COLUMNS);
                if merge.is_some_and(|m| m != "restart") {
                    if let Some(&(head, row, cell)) = merges.get(&here) {
                        let rows = if head {
                            &mut table.head
                        } else {
                            &mut table.body
                        };
                        if let Some(cell) = rows.get_mut(row).and_then(|r| r.cells.get_mut(cell)) {
                            cell.rowspan = cell.rowspan.saturating_add(1);
                            continue;
                        }
                    }
                }
                let blocks = self.blocks(tc, depth + 1)?;
                let rows = if in_head {
                    &mut table.head
                } else {
                    &mut table.body
                };
                let Some(row) = rows.get_mut(row_index) else {
                    continue;
                };
                if merge == Some("restart") {
                    merges.insert(here, (in_head, row_index, row.cells.len()));
                } else {
                    merges.remove(&here);
                }
                row.cells.push(Cell {
                    header: in_head,
                    attrs: Attrs::default(),
                    colspan: span as u32,
                    rowspan: 1,
                    blocks,
                });
            }
        }
        if table.head.is_empty() && table.body.is_empty() {
            return Ok(Vec::new());
        }
        Ok(vec![Block::Table(table)])
    }
}
