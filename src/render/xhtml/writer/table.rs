//! The writer's tables: caption, head and body rows, and each cell's alignment, spans and
//! own language or direction.

use std::fmt::Write;

use super::Writer;
use warraq_core::document::{Align, Cell, Table};

impl<'d> Writer<'_, 'd> {
    pub(super) fn table(&mut self, table: &'d Table) {
        let a = self.enter(&table.attrs);
        self.out.open_block("table", &a);
        self.out.newline();
        if !table.caption.is_empty() {
            self.out.open_block("caption", "");
            self.inlines(&table.caption);
            self.out.close_block("caption");
            self.out.newline();
        }
        for (section, rows) in [("thead", &table.head), ("tbody", &table.body)] {
            if rows.is_empty() {
                continue;
            }
            self.out.open_block(section, "");
            self.out.newline();
            for row in rows {
                self.out.open_block("tr", "");
                for (column, cell) in row.cells.iter().enumerate() {
                    self.cell(cell, table.columns.get(column).copied().unwrap_or_default());
                }
                self.out.close_block("tr");
                self.out.newline();
            }
            self.out.close_block(section);
            self.out.newline();
        }
        self.out.close_block("table");
        self.out.newline();
        self.leave();
    }

    fn cell(&mut self, cell: &'d Cell, align: Align) {
        let name = if cell.header { "th" } else { "td" };
        let mut open = String::new();
        match align {
            Align::Start => open.push_str(" class=\"align-start\""),
            Align::Center => open.push_str(" class=\"align-center\""),
            Align::End => open.push_str(" class=\"align-end\""),
            Align::Default => {}
        }
        for (attr, n) in [("colspan", cell.colspan), ("rowspan", cell.rowspan)] {
            if n > 1 {
                let _ = write!(open, " {attr}=\"{n}\"");
            }
        }
        let a = self.enter(&cell.attrs);
        self.out.open_block(name, &format!("{open}{a}"));
        self.flow(&cell.blocks);
        self.out.close_block(name);
        self.leave();
    }
}
