//! Reader of the territory CSV of `interfaces.md`.
//!
//! People prepare this file by hand or in a spreadsheet, then import it with
//! `mutu territory import`. Every refusal therefore names the line and the column to fix, and
//! the links between units (a commune's département, its EPCI…) are checked once the whole
//! file is read, so parents may come after their children.

mod units;

use crate::csv_text::{CsvText, Header};
use crate::error::ImportError;
use mutu_domain::territory::Territory;
use units::Units;

/// The columns every territory CSV holds, in the documented order.
pub const COLUMNS: [&str; 7] = ["kind", "code", "name", "region", "departement", "epci", "population"];

/// The optional column giving an EPCI's nature (`CC`, `CA`, `CU`, `METRO`).
pub const NATURE_COLUMN: &str = "nature";

/// The optional column giving a commune's SIREN (9 digits, not its INSEE code), by which an
/// agent signing in with ProConnect is led to the commune's answer.
pub const SIREN_COLUMN: &str = "siren";

/// Reads a territory CSV: UTF-8 (a BOM is accepted), comma or semicolon separated (guessed
/// from the header line), header `kind,code,name,region,departement,epci,population` plus the
/// optional `nature` and `siren` columns, in any order.
///
/// `source_name` is the file name used in error messages. Columns that mean nothing for a
/// kind of unit (the population of a région, the nature of a commune…) are ignored, but a
/// code they give must agree with the row: the `region` of a commune or an EPCI must be its
/// département's, the `region` of a région itself, and so on.
/// An EPCI's nature comes from the `nature` column, else is guessed from its name. A commune's
/// SIREN comes from the `siren` column; a commune whose cell is empty (or a file without the
/// column) has none, and a malformed one refuses the whole file. On an EPCI's row the `siren`,
/// when given, must be its code (an EPCI's code is its SIREN). The result carries no
/// population year: the file does not say it.
pub fn read_territory_csv(source_name: &str, bytes: &[u8]) -> Result<Territory, ImportError> {
    let file = source_name;
    let csv = CsvText::decode(file, bytes, &COLUMNS)?;
    let mut units = Units::default();
    let mut rows = 0;
    let mut columns = None;
    csv.for_each_record(|line, record| {
        let Some(columns) = &columns else {
            columns = Some(Columns::from_header(file, line, record)?);
            return Ok(());
        };
        columns.header.check_width(file, line, record, csv.delimiter)?;
        units.add(file, &columns.row(line, record))?;
        rows += 1;
        Ok(())
    })?;
    if rows == 0 {
        return Err(ImportError::line(file, 1, "aucune ligne après l'en-tête : le fichier ne décrit aucune unité"));
    }
    units.into_territory(file)
}

/// Positions of the columns in the header.
struct Columns {
    /// The header as read.
    header: Header,
    /// Positions of [`COLUMNS`], in that order.
    index: [usize; 7],
    /// Position of the `nature` column, when present.
    nature: Option<usize>,
    /// Position of the `siren` column, when present.
    siren: Option<usize>,
}

impl Columns {
    fn from_header(file: &str, line: usize, record: &csv::StringRecord) -> Result<Self, ImportError> {
        let header = Header::read(file, line, record, &COLUMNS, &[NATURE_COLUMN, SIREN_COLUMN])?;
        let index = COLUMNS.map(|name| header.position(name).expect("required columns are checked"));
        Ok(Self { index, nature: header.position(NATURE_COLUMN), siren: header.position(SIREN_COLUMN), header })
    }

    fn row<'a>(&self, line: usize, record: &'a csv::StringRecord) -> Row<'a> {
        let get = |i: usize| record.get(i).unwrap_or("");
        let [kind, code, name, region, departement, epci, population] = self.index.map(get);
        Row {
            line,
            kind,
            code,
            name,
            region,
            departement,
            epci,
            population,
            nature: self.nature.map_or("", get),
            siren: self.siren.map_or("", get),
        }
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
    pub(super) siren: &'a str,
}

#[cfg(test)]
mod tests;
