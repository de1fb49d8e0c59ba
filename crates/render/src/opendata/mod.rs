//! The open data of a wave (`mutu opendata`): the answers and the figures as CSV files with
//! a Frictionless Data Package (`datapackage.json`) describing them, under the Licence
//! Ouverte 2.0, ready for data.gouv.fr.
//!
//! Conventions, all stated in the package itself:
//! - CSV as open data portals expect it, not as French Excel does: UTF-8 without BOM, `,`
//!   between cells, CRLF line ends (RFC 4180), `.` as decimal mark, rates as fractions
//!   (`0.75`, unrounded), `true`/`false`; an empty cell is a missing value.
//! - The answers (`reponses.csv`) are the complete responses, one row per body: bodies are
//!   public entities and keep their code; answers to personal questions (contact name, role,
//!   e-mail) are left out.
//! - Published figures are in long form, one count and its rate per row, with a boolean
//!   `masque`: where the statistical secrecy of the domain ([`Secrecy`], by default
//!   [`PUBLIC_MIN_COUNT`](mutu_domain::analysis::PUBLIC_MIN_COUNT)) masks a count derived
//!   from the answers, the count and its rate are left empty and `masque` is `true`, the same
//!   rule as the published pages.
//! - The weighted estimates (`estimations_ponderees.csv`) are unrounded fractions with their
//!   95 % interval, under the same threshold applied to the strata they rest on (merged, or
//!   every estimate masked); a `statut` column says why a row has no estimate.
//! - The register of offers (`offres.csv`) is published whole, one row per offer.
//! - Texts starting like a formula (`=`, `+`, `-`, `@`…) get a leading apostrophe, as in the
//!   CSV export, so no cell runs in a spreadsheet.

mod figures;
mod offers;
mod package;
mod weighted;

#[cfg(test)]
mod tests;

use crate::cell::neutralise;
use crate::error::RenderError;
use mutu_domain::analysis::{Analysis, Secrecy};
use mutu_domain::answers::Response;
use mutu_domain::campaign::Campaign;
use mutu_domain::offers::Offer;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the open data package needs beyond the analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDataOptions {
    /// Which counts are published (and which masked with their rates).
    pub secrecy: Secrecy,
    /// When the package is made (`created` of the package).
    pub generated_at: time::OffsetDateTime,
    /// Names of the départements by code, for the labels.
    pub departement_names: BTreeMap<String, String>,
    /// The register of offers of the pooling structures (`offres.csv`).
    pub offers: Vec<Offer>,
}

/// Writes the open data of a wave into `dir` (created if needed; files of the same names
/// are replaced): `reponses.csv`, one CSV per figure (`participation`, `couverture`,
/// `thematiques`, `services`, `types_mutualisation`, `acteurs`, `freins`,
/// `aides_attendues`), the weighted estimates (`estimations_ponderees`), the register of
/// offers (`offres`) and `datapackage.json`. Everything is built before the first file is written. Returns the
/// paths written, the package last.
///
/// # Errors
///
/// [`RenderError::Io`] when the folder or a file cannot be written.
pub fn write_opendata(
    analysis: &Analysis,
    campaign: &Campaign,
    responses: &[Response],
    options: &OpenDataOptions,
    dir: &Path,
) -> Result<Vec<PathBuf>, RenderError> {
    let mut resources = vec![package::answers(campaign, responses)];
    resources.extend(figures::resources(analysis, campaign, options));
    resources.push(weighted::resource(analysis, campaign, responses, options));
    resources.push(offers::resource(campaign, &options.offers));
    let mut files = Vec::with_capacity(resources.len() + 1);
    for resource in &resources {
        files.push((format!("{}.csv", resource.name), resource.csv()?));
    }
    let descriptor = package::descriptor(analysis, campaign, options, &resources);
    files.push(("datapackage.json".to_owned(), serde_json::to_vec_pretty(&descriptor)?));
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// The Table Schema type of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Integer,
    Number,
    Boolean,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::Boolean => "boolean",
        }
    }
}

/// One column of a CSV file and its description.
#[derive(Debug, Clone)]
struct Field {
    name: String,
    kind: Kind,
    description: String,
}

fn field(name: &str, kind: Kind, description: impl Into<String>) -> Field {
    Field { name: name.to_owned(), kind, description: description.into() }
}

/// One cell; `None` is written as an empty cell (a missing value).
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Integer(Option<u64>),
    Number(Option<f64>),
    Boolean(bool),
}

impl Value {
    fn text(text: impl Into<String>) -> Value {
        Value::Text(text.into())
    }

    fn to_cell(&self) -> String {
        match self {
            Value::Text(text) => neutralise(text).into_owned(),
            Value::Integer(n) => n.map(|n| n.to_string()).unwrap_or_default(),
            Value::Number(x) => x.map(|x| x.to_string()).unwrap_or_default(),
            Value::Boolean(b) => b.to_string(),
        }
    }
}

/// A CSV file of the package: its name (also its file name), what it holds, its columns,
/// the columns that identify a row, and its rows.
#[derive(Debug, Clone)]
struct Resource {
    name: &'static str,
    title: String,
    description: String,
    fields: Vec<Field>,
    primary_key: Vec<&'static str>,
    rows: Vec<Vec<Value>>,
}

impl Resource {
    /// The file: a header of the field names, then the rows.
    fn csv(&self) -> Result<Vec<u8>, RenderError> {
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
        writer.write_record(self.fields.iter().map(|f| f.name.as_str()))?;
        for row in &self.rows {
            writer.write_record(row.iter().map(Value::to_cell))?;
        }
        writer.into_inner().map_err(|e| RenderError::Io(e.into_error()))
    }
}
