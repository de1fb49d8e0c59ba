//! The one error every reader of this crate returns.
//!
//! Bad input is fixed by a person holding the file: the message must say which file, which
//! line and which field is at fault, on one line, in French, so that the CLI can print it as
//! is and exit.

use std::fmt;

/// A file mutu refuses, located as precisely as the format allows.
///
/// Displayed on one line: `territory.csv, ligne 12, champ population : « abc » n'est pas un
/// nombre entier`. The line is 1-based and counts the header; it is absent when the whole
/// file is at fault (a missing file, a gzip that does not inflate). The field is absent when
/// the line as a whole is broken (wrong number of fields, malformed JSON).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", Located(self))]
pub struct ImportError {
    /// Name of the file as the caller gave it (`territory.csv`, `communes.json`).
    pub file: String,
    /// Line at fault, 1-based, the header being line 1.
    pub line: Option<usize>,
    /// Field at fault: a column name, or a path such as `services.sig.mutualisation`.
    pub field: Option<String>,
    /// What is wrong, for a person.
    pub message: String,
}

impl ImportError {
    /// An error at one field of one line.
    pub fn at(file: &str, line: usize, field: &str, message: impl Into<String>) -> Self {
        Self { file: file.to_owned(), line: Some(line), field: Some(field.to_owned()), message: message.into() }
    }

    /// An error about a whole line (it cannot be split into fields or parsed).
    pub fn line(file: &str, line: usize, message: impl Into<String>) -> Self {
        Self { file: file.to_owned(), line: Some(line), field: None, message: message.into() }
    }

    /// An error about a field of a file whose lines carry no meaning (minified JSON).
    pub fn field(file: &str, field: &str, message: impl Into<String>) -> Self {
        Self { file: file.to_owned(), line: None, field: Some(field.to_owned()), message: message.into() }
    }

    /// An error about the whole file.
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Self { file: file.to_owned(), line: None, field: None, message: message.into() }
    }
}

/// Renders an [`ImportError`] on one line; kept apart so the optional parts stay readable.
struct Located<'a>(&'a ImportError);

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        write!(f, "{}", OneLine(&e.file))?;
        if let Some(line) = e.line {
            write!(f, ", ligne {line}")?;
        }
        if let Some(field) = &e.field {
            write!(f, ", champ {}", OneLine(field))?;
        }
        write!(f, " : {}", OneLine(&e.message))
    }
}

/// Text from the file (a JSON key, a quoted value) shown with its control characters and
/// line separators escaped (`\n`, `\u{2028}`): a key such as `"a\nb"` would otherwise split
/// the one line the CLI prints, and a person could no longer tell which field is at fault.
/// Found by the `answers_jsonl` fuzz target (docs/fuzzing.md).
struct OneLine<'a>(&'a str);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                write!(f, "{}", c.escape_debug())?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_file_line_and_field_on_one_line() {
        let e = ImportError::at("territory.csv", 12, "population", "« abc » n'est pas un nombre entier");
        assert_eq!(e.to_string(), "territory.csv, ligne 12, champ population : « abc » n'est pas un nombre entier");
        let e = ImportError::line("answers.jsonl", 3, "JSON invalide");
        assert_eq!(e.to_string(), "answers.jsonl, ligne 3 : JSON invalide");
        let e = ImportError::file("epci.json", "fichier introuvable");
        assert_eq!(e.to_string(), "epci.json : fichier introuvable");
        let e = ImportError::field("communes.json", "[3].code", "code invalide");
        assert_eq!(e.to_string(), "communes.json, champ [3].code : code invalide");
    }

    #[test]
    fn text_from_the_file_cannot_break_the_line() {
        // The answers_jsonl fuzz target's crash: an unknown key `VV…\nVVthemes` printed on two lines.
        let e = ImportError::at("responses.jsonl", 1, "a\nb", "« x\r\ty\u{2028}z » inconnu");
        let shown = e.to_string();
        assert_eq!(shown, r"responses.jsonl, ligne 1, champ a\nb : « x\r\ty\u{2028}z » inconnu");
        assert!(!shown.contains(['\n', '\r']));
        assert_eq!(ImportError::file("é\u{1}.csv", "illisible").to_string(), r"é\u{1}.csv : illisible");
    }
}
