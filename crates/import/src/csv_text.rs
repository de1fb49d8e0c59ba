//! What reading any CSV file people prepare takes, before its columns mean anything: the
//! territory and the register of offers share it.
//!
//! Such files come out of spreadsheets: UTF-8 with or without a BOM, separated by commas or,
//! as a French spreadsheet saves them, by semicolons (guessed from the header line). Every
//! record is numbered by its line in the file, CRLF included, and the header is checked for
//! unknown, doubled and missing columns, so each refusal names the line and the column to fix.

use crate::error::ImportError;
use std::collections::HashMap;

/// A CSV file decoded to text, with its separator.
pub(crate) struct CsvText<'a> {
    /// Name of the file, for messages.
    file: &'a str,
    /// Its text, without the BOM.
    text: &'a str,
    /// `,` or `;`.
    pub(crate) delimiter: u8,
}

impl<'a> CsvText<'a> {
    /// Decodes a file whose header should be `columns` (named in the message when the first
    /// line is empty), and guesses its separator from that line.
    pub(crate) fn decode(file: &'a str, bytes: &'a [u8], columns: &[&str]) -> Result<Self, ImportError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            ImportError::line(file, line, "texte non UTF-8 : enregistrer le fichier en UTF-8")
        })?;
        let header_line = text.lines().next().unwrap_or("");
        if header_line.trim().is_empty() {
            return Err(ImportError::line(file, 1, format!("ligne d'en-tête attendue : {}", columns.join(","))));
        }
        let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() { b';' } else { b',' };
        Ok(Self { file, text, delimiter })
    }

    /// Calls `each` with every record, the header first, and its 1-based line; fields are
    /// trimmed. A line the CSV reader cannot split, or a field holding a line break (an
    /// unclosed quote, most often), is refused at its line.
    pub(crate) fn for_each_record(
        &self,
        mut each: impl FnMut(usize, &csv::StringRecord) -> Result<(), ImportError>,
    ) -> Result<(), ImportError> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(self.text.as_bytes());
        let mut record = csv::StringRecord::new();
        let mut lines = LineCounter { text: self.text.as_bytes(), byte: 0, line: 1 };
        loop {
            let read = reader.read_record(&mut record).map_err(|e| {
                let line = e.position().map_or(1, |p| lines.at(p.byte()));
                ImportError::line(self.file, line, "ligne illisible (guillemets mal placés ?)")
            })?;
            if !read {
                return Ok(());
            }
            let line = record.position().map_or(1, |p| lines.at(p.byte()));
            if record.iter().any(|f| f.contains('\n') || f.contains('\r')) {
                return Err(ImportError::line(
                    self.file,
                    line,
                    "retour à la ligne dans un champ (guillemet non fermé ?)",
                ));
            }
            each(line, &record)?;
        }
    }
}

/// Line numbers from byte offsets, counted forward once. The csv crate's own
/// `Position::line` lags one line behind on CRLF files (BurntSushi/rust-csv#395).
struct LineCounter<'t> {
    text: &'t [u8],
    byte: usize,
    line: usize,
}

impl LineCounter<'_> {
    /// The 1-based line of a record starting at `offset` (on CRLF files the reader leaves
    /// the `\n` of the previous terminator to the next record: it belongs to the line before).
    fn at(&mut self, offset: u64) -> usize {
        let mut offset = usize::try_from(offset).unwrap_or(usize::MAX).min(self.text.len());
        if self.text.get(offset) == Some(&b'\n') {
            offset += 1;
        }
        if offset < self.byte {
            (self.byte, self.line) = (0, 1);
        }
        self.line += self.text[self.byte..offset].iter().filter(|&&b| b == b'\n').count();
        self.byte = offset;
        self.line
    }
}

/// The columns of a header line, by name (lower case), in any order.
pub(crate) struct Header {
    positions: HashMap<String, usize>,
    /// Number of columns, which every line must have.
    width: usize,
}

impl Header {
    /// Reads the header: every `required` column present, none twice, no other than
    /// `required` and `optional`.
    pub(crate) fn read(
        file: &str,
        line: usize,
        record: &csv::StringRecord,
        required: &[&str],
        optional: &[&str],
    ) -> Result<Self, ImportError> {
        let mut positions: HashMap<String, usize> = HashMap::new();
        for (position, name) in record.iter().enumerate() {
            let name = name.to_lowercase();
            if !required.contains(&name.as_str()) && !optional.contains(&name.as_str()) {
                let options =
                    if optional.is_empty() { String::new() } else { format!(", et {} en option", optional.join(", ")) };
                let message = format!("colonne inconnue (attendu : {}{options})", required.join(", "));
                return Err(ImportError::at(file, line, &name, message));
            }
            if positions.insert(name.clone(), position).is_some() {
                return Err(ImportError::at(file, line, &name, "colonne en double"));
            }
        }
        if let Some(missing) = required.iter().find(|c| !positions.contains_key(**c)) {
            return Err(ImportError::at(file, line, missing, "colonne manquante"));
        }
        Ok(Self { positions, width: record.len() })
    }

    /// Position of a column (a required one is always there).
    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        self.positions.get(name).copied()
    }

    /// Refuses a line that has not as many fields as the header.
    pub(crate) fn check_width(
        &self,
        file: &str,
        line: usize,
        record: &csv::StringRecord,
        delimiter: u8,
    ) -> Result<(), ImportError> {
        if record.len() == self.width {
            return Ok(());
        }
        let message =
            format!("{} champs au lieu de {} (séparateur « {} »)", record.len(), self.width, delimiter as char);
        Err(ImportError::line(file, line, message))
    }
}
