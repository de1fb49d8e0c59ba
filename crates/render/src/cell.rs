//! Cells that spreadsheets cannot turn into formulas.
//!
//! Answers are typed by people outside the study team; a text such as `=HYPERLINK(…)` or
//! `@SUM(A1)` opened in Excel would run as a formula (CSV injection). Every text cell of the
//! CSV export goes through [`neutralise`]; the XLSX export writes strings as strings, which
//! Excel never evaluates.

use std::borrow::Cow;

/// First characters that make a spreadsheet read a cell as a formula: the OWASP list
/// (`=`, `+`, `-`, `@`, tab, carriage return) and their full-width forms, which some
/// Excel locales also accept.
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// Makes a text safe for a CSV cell: a text starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return (or a full-width `＝＋－＠`) gets a leading apostrophe, which Excel shows
/// as text and never evaluates. Other texts come back unchanged, without copying.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    neutralise_cow(Cow::Borrowed(text))
}

/// [`neutralise`] for a text that may already be owned, without copying it when it is safe.
pub(crate) fn neutralise_cow(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) { Cow::Owned(format!("'{text}")) } else { text }
}

/// One cell of an export row, shared by the CSV and XLSX writers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell<'a> {
    /// A text (possibly empty), written as a string.
    Text(Cow<'a, str>),
    /// A number answered to a number question.
    Number(f64),
}

impl Cell<'_> {
    /// An empty cell.
    pub(crate) fn empty() -> Self {
        Cell::Text(Cow::Borrowed(""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_an_apostrophe() {
        for (raw, safe) in [
            ("=1+1", "'=1+1"),
            ("+33 3 20", "'+33 3 20"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "'\rcmd"),
            ("＝1+1", "'＝1+1"),
        ] {
            assert_eq!(neutralise(raw), safe, "{raw:?}");
        }
    }

    #[test]
    fn ordinary_texts_are_borrowed_unchanged() {
        for text in ["", "Centre de gestion 59", "a=b", "1+1", "'déjà"] {
            assert!(matches!(neutralise(text), Cow::Borrowed(t) if t == text), "{text:?}");
        }
    }
}
