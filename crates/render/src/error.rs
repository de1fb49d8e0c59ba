//! The one error type of the crate: writing a report or an export can only fail on the way
//! out (the sink, the CSV or XLSX writer, JSON encoding) or on a report template (HTML or
//! typst) a study lead edited, never on the figures themselves.

use std::path::PathBuf;

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The output could not be written to.
    #[error("écriture impossible : {0}")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed (usually on writing to its output).
    #[error("écriture du CSV impossible : {0}")]
    Csv(#[from] csv::Error),
    /// A response could not be encoded as JSON.
    #[error("encodage JSON impossible : {0}")]
    Json(#[from] serde_json::Error),
    /// The XLSX workbook could not be built or saved.
    #[error("{path} : écriture du classeur XLSX impossible : {source}")]
    Xlsx {
        /// The file being written.
        path: PathBuf,
        /// What the XLSX writer reported.
        #[source]
        source: rust_xlsxwriter::XlsxError,
    },
    /// The report template does not parse, or prints a variable it was not given.
    #[error("modèle du rapport : {0}")]
    Template(#[from] minijinja::Error),
    /// The PDF report could not be made: typst's diagnostics on one line, each with its
    /// place in the template (`report.typ:12:3 : erreur : …`), separated by ` ; `.
    #[error("rapport PDF : {0}")]
    Pdf(String),
}
