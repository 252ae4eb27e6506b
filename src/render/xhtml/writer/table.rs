//! The writer's tables: caption, head and body rows, and each cell's alignment, spans and
//! own language or direction.

use std::fmt::Write;

use super::Writer;
use warraq_core::document::{Align, Cell, Table};

impl<'d> Writer<'_, 'd> {
    pub(super) fn table(&mut self, table: &'d Table) {
        let a = self.enter(&table.attrs);
        let _ = writeln!(self.out, "<table{a}>");
        if !table.caption.is_empty() {
            self.out.push_str("<caption>");
            self.inlines(&table.caption);
            self.out.push_str("</caption>\n");
        }
        for (section, rows) in [("thead", &table.head), ("tbody", &table.body)] {
            if rows.is_empty() {
                continue;
            }
            let _ = writeln!(self.out, "<{section}>");
            for row in rows {
                self.out.push_str("<tr>");
                for (column, cell) in row.cells.iter().enumerate() {
                    self.cell(cell, table.columns.get(column).copied().unwrap_or_default());
                }
                self.out.push_str("</tr>\n");
            }
            let _ = writeln!(self.out, "</{section}>");
        }
        self.out.push_str("</table>\n");
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
        let _ = write!(self.out, "<{name}{open}{a}>");
        self.flow(&cell.blocks);
        let _ = write!(self.out, "</{name}>");
        self.leave();
    }
}
