//! Reader of the territory CSV of `interfaces.md`.
//!
//! People prepare this file by hand or in a spreadsheet, then import it with
//! `mutu territory import`. Every refusal therefore names the line and the column to fix, and
//! the links between units (a commune's département, its EPCI…) are checked once the whole
//! file is read, so parents may come after their children.

mod units;

use crate::error::ImportError;
use mutu_domain::territory::Territory;
use std::collections::HashMap;
use units::Units;

/// The columns every territory CSV holds, in the documented order.
pub const COLUMNS: [&str; 7] = ["kind", "code", "name", "region", "departement", "epci", "population"];

/// The optional column giving an EPCI's nature (`CC`, `CA`, `CU`, `METRO`).
pub const NATURE_COLUMN: &str = "nature";

/// Reads a territory CSV: UTF-8 (a BOM is accepted), comma or semicolon separated (guessed
/// from the header line), header `kind,code,name,region,departement,epci,population` plus an
/// optional `nature` column, in any order.
///
/// `source_name` is the file name used in error messages. Columns that mean nothing for a
/// kind of unit (the population of a région, the nature of a commune…) are ignored, but a
/// code they give must agree with the row: the `region` of a commune or an EPCI must be its
/// département's, the `region` of a région itself, and so on.
/// An EPCI's nature comes from the `nature` column, else is guessed from its name. The
/// result carries no population year: the file does not say it.
pub fn read_territory_csv(source_name: &str, bytes: &[u8]) -> Result<Territory, ImportError> {
    let file = source_name;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        ImportError::line(file, line, "texte non UTF-8 : enregistrer le fichier en UTF-8")
    })?;
    let header_line = text.lines().next().unwrap_or("");
    if header_line.trim().is_empty() {
        return Err(ImportError::line(file, 1, format!("ligne d'en-tête attendue : {}", COLUMNS.join(","))));
    }
    let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut units = Units::default();
    let mut rows = 0;
    let mut columns = None;
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter { text: text.as_bytes(), byte: 0, line: 1 };
    loop {
        let read = reader.read_record(&mut record).map_err(|e| {
            let line = e.position().map_or(1, |p| lines.at(p.byte()));
            ImportError::line(file, line, "ligne illisible (guillemets mal placés ?)")
        })?;
        if !read {
            break;
        }
        let line = record.position().map_or(1, |p| lines.at(p.byte()));
        if record.iter().any(|f| f.contains('\n') || f.contains('\r')) {
            return Err(ImportError::line(file, line, "retour à la ligne dans un champ (guillemet non fermé ?)"));
        }
        let Some(columns) = &columns else {
            columns = Some(Columns::from_header(file, line, &record)?);
            continue;
        };
        if record.len() != columns.width {
            return Err(ImportError::line(
                file,
                line,
                format!("{} champs au lieu de {} (séparateur « {} »)", record.len(), columns.width, delimiter as char),
            ));
        }
        units.add(file, &columns.row(line, &record))?;
        rows += 1;
    }
    if rows == 0 {
        return Err(ImportError::line(file, 1, "aucune ligne après l'en-tête : le fichier ne décrit aucune unité"));
    }
    units.into_territory(file)
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

/// Positions of the columns in the header.
struct Columns {
    /// Positions of [`COLUMNS`], in that order.
    index: [usize; 7],
    /// Position of the `nature` column, when present.
    nature: Option<usize>,
    /// Number of columns of the header.
    width: usize,
}

impl Columns {
    fn from_header(file: &str, line: usize, header: &csv::StringRecord) -> Result<Self, ImportError> {
        let mut found: HashMap<String, usize> = HashMap::new();
        for (position, name) in header.iter().enumerate() {
            let name = name.to_lowercase();
            if !COLUMNS.contains(&name.as_str()) && name != NATURE_COLUMN {
                return Err(ImportError::at(
                    file,
                    line,
                    &name,
                    format!("colonne inconnue (attendu : {}, et {} en option)", COLUMNS.join(", "), NATURE_COLUMN),
                ));
            }
            if found.insert(name.clone(), position).is_some() {
                return Err(ImportError::at(file, line, &name, "colonne en double"));
            }
        }
        let mut index = [0; 7];
        for (slot, name) in index.iter_mut().zip(COLUMNS) {
            *slot = *found.get(name).ok_or_else(|| ImportError::at(file, line, name, "colonne manquante"))?;
        }
        Ok(Self { index, nature: found.get(NATURE_COLUMN).copied(), width: header.len() })
    }

    fn row<'a>(&self, line: usize, record: &'a csv::StringRecord) -> Row<'a> {
        let get = |i: usize| record.get(i).unwrap_or("");
        let [kind, code, name, region, departement, epci, population] = self.index.map(get);
        Row { line, kind, code, name, region, departement, epci, population, nature: self.nature.map_or("", get) }
    }
}

/// One data line, its fields trimmed.
pub(super) struct Row<'a> {
    pub(super) line: usize,
    pub(super) kind: &'a str,
    pub(super) code: &'a str,
    pub(super) name: &'a str,
    pub(super) region: &'a str,
    pub(super) departement: &'a str,
    pub(super) epci: &'a str,
    pub(super) population: &'a str,
    pub(super) nature: &'a str,
}

#[cfg(test)]
mod tests;
