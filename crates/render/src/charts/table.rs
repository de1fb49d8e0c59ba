//! The data table of a figure: what the chart draws, in an HTML `<table>` that screen
//! readers can walk (a caption, column headers with `scope="col"`, a header cell with
//! `scope="row"` starting each row) and that printed reports keep when colours are lost.

use crate::markup::escape;
use serde::Serialize;

/// One row: its header cell (a label) and its figures, already formatted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableRow {
    /// The label heading the row.
    pub header: String,
    /// The formatted figures, one per column after the first.
    pub cells: Vec<String>,
}

/// A table of figures with a caption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// What the table shows.
    pub caption: String,
    /// Column headers, the first one heading the labels.
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<TableRow>,
    /// Rows of totals, shown after the others.
    pub totals: Vec<TableRow>,
}

impl Table {
    /// A table without rows yet.
    pub fn new(caption: impl Into<String>, columns: Vec<String>) -> Self {
        Table { caption: caption.into(), columns, rows: Vec::new(), totals: Vec::new() }
    }

    /// Adds a row.
    pub fn row(&mut self, header: impl Into<String>, cells: Vec<String>) {
        self.rows.push(TableRow { header: header.into(), cells });
    }

    /// The table as HTML, every text escaped. Figures are in cells of class `nombre`
    /// (right-aligned and kept on one line by the report's CSS).
    pub fn html(&self) -> String {
        let mut out = String::with_capacity(256 + 96 * self.rows.len());
        out.push_str("<table class=\"donnees\">\n<caption>");
        out.push_str(&escape(&self.caption));
        out.push_str("</caption>\n<thead><tr>");
        for (i, column) in self.columns.iter().enumerate() {
            let class = if i > 0 { " class=\"nombre\"" } else { "" };
            out.push_str(&format!("<th scope=\"col\"{class}>{}</th>", escape(column)));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        rows(&mut out, &self.rows);
        out.push_str("</tbody>\n");
        if !self.totals.is_empty() {
            out.push_str("<tfoot>\n");
            rows(&mut out, &self.totals);
            out.push_str("</tfoot>\n");
        }
        out.push_str("</table>");
        out
    }
}

fn rows(out: &mut String, rows: &[TableRow]) {
    for row in rows {
        out.push_str(&format!("<tr><th scope=\"row\">{}</th>", escape(&row.header)));
        for cell in &row.cells {
            out.push_str(&format!("<td class=\"nombre\">{}</td>", escape(cell)));
        }
        out.push_str("</tr>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_have_scopes_and_texts_are_escaped() {
        let mut table = Table::new("Freins <b>", vec!["Frein".into(), "Nb".into()]);
        table.row("<script>alert(1)</script>", vec!["3".into()]);
        table.totals.push(TableRow { header: "Ensemble".into(), cells: vec!["5".into()] });
        let html = table.html();
        assert!(html.contains("<caption>Freins &lt;b&gt;</caption>"), "{html}");
        assert!(html.contains("<th scope=\"col\">Frein</th><th scope=\"col\" class=\"nombre\">Nb</th>"), "{html}");
        assert!(html.contains("<th scope=\"row\">&lt;script&gt;alert(1)&lt;/script&gt;</th>"), "{html}");
        assert!(html.contains("<tfoot>\n<tr><th scope=\"row\">Ensemble</th><td class=\"nombre\">5</td>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
    }
}
