//! Terminal layout: aligned tables and labels cut to a readable width.
//!
//! Labels carry accents, `–`, `≥` and `…`, so widths are counted in characters, never in
//! bytes; texts typed by people lose their control characters so a quote can never move the
//! cursor or recolour the terminal.

use std::borrow::Cow;

/// Longest label shown in a table cell, `…` included.
pub(super) const MAX_LABEL: usize = 60;

/// Spaces between the first column (the labels) and the figures.
const LABEL_GAP: usize = 4;

/// Spaces between two columns of figures.
const GAP: usize = 2;

/// A signed whole number (`+3`, `-1`, `0`), for changes between waves.
pub(super) fn signed(change: Option<i64>) -> String {
    match change {
        Some(n) if n > 0 => format!("+{n}"),
        Some(n) => n.to_string(),
        None => "–".to_owned(),
    }
}

/// Replaces control characters (newlines and tabs included) with spaces, so a text holds on
/// one line and cannot send escape sequences to the terminal.
pub(super) fn one_line(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_control) {
        Cow::Owned(text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Drops control characters other than newlines, for free texts quoted over several lines.
pub(super) fn printable(text: &str) -> String {
    text.replace("\r\n", "\n").chars().filter(|&c| c == '\n' || !c.is_control()).collect()
}

/// A label for a table cell: on one line and at most [`MAX_LABEL`] characters, cut with `…`.
pub(super) fn label(text: &str) -> String {
    let text = one_line(text);
    let text = text.trim();
    if text.chars().count() <= MAX_LABEL {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(MAX_LABEL - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// How a column lines up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    /// Texts.
    Left,
    /// Figures.
    Right,
}

/// A table laid out in fixed-width columns: the first column holds labels (left-aligned),
/// the others figures, aligned as given.
#[derive(Debug, Default)]
pub(super) struct Table {
    indent: usize,
    align: Vec<Align>,
    header: Option<Vec<String>>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table whose columns after the first line up as given.
    pub(super) fn new(figures: &[Align]) -> Self {
        let mut align = vec![Align::Left];
        align.extend_from_slice(figures);
        Table { align, ..Table::default() }
    }

    /// Starts every line with this many spaces.
    pub(super) fn indent(mut self, spaces: usize) -> Self {
        self.indent = spaces;
        self
    }

    /// Sets the header row.
    pub(super) fn header<S: Into<String>>(mut self, cells: impl IntoIterator<Item = S>) -> Self {
        self.header = Some(cells.into_iter().map(Into::into).collect());
        self
    }

    /// Adds a row.
    pub(super) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Adds an empty line between groups of rows.
    pub(super) fn blank(&mut self) {
        self.rows.push(Vec::new());
    }

    /// Whether no row was added.
    pub(super) fn is_empty(&self) -> bool {
        self.rows.iter().all(Vec::is_empty)
    }

    /// Writes the table, one line per row, trailing spaces trimmed.
    pub(super) fn render(&self, out: &mut String) {
        let lines = self.header.iter().chain(&self.rows);
        let columns = lines.clone().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0; columns];
        for line in lines.clone() {
            for (width, cell) in widths.iter_mut().zip(line) {
                *width = (*width).max(cell.chars().count());
            }
        }
        for line in lines {
            let mut text = " ".repeat(self.indent);
            for (i, cell) in line.iter().enumerate() {
                if i > 0 {
                    text.push_str(&" ".repeat(if i == 1 { LABEL_GAP } else { GAP }));
                }
                let pad = " ".repeat(widths[i] - cell.chars().count());
                match self.align.get(i).copied().unwrap_or(Align::Right) {
                    Align::Left => {
                        text.push_str(cell);
                        text.push_str(&pad);
                    }
                    Align::Right => {
                        text.push_str(&pad);
                        text.push_str(cell);
                    }
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_are_cut_by_characters() {
        let long = "é".repeat(80);
        let cut = label(&long);
        assert_eq!(cut.chars().count(), MAX_LABEL);
        assert!(cut.ends_with('…'));
        assert_eq!(label("Site internet\ninstitutionnel"), "Site internet institutionnel");
        assert_eq!(label("\u{1b}[31mrouge"), "[31mrouge");
    }

    #[test]
    fn columns_align_on_characters_not_bytes() {
        let mut table = Table::new(&[Align::Right, Align::Right]).header(["Classe", "Nb", "Taux"]);
        table.row(vec!["≥ 90 000".into(), "9".into(), "64 %".into()]);
        table.row(vec!["< 10 000".into(), "10".into(), "–".into()]);
        let mut out = String::new();
        table.render(&mut out);
        assert_eq!(out, "Classe      Nb  Taux\n≥ 90 000     9  64 %\n< 10 000    10     –\n");
    }
}
