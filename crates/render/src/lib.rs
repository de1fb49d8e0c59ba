//! Everything mutu writes for people to read or open: the text report of an analysis
//! (`mutu analyse --format text`), the exports of a wave's answers (`mutu responses
//! export`, as JSON lines, CSV for French Excel or XLSX), the seed's charts as SVG, the
//! report of a wave (`mutu report`, HTML, PDF or XLSX) and its open data (`mutu opendata`).
//!
//! This crate computes no figure: it lays out what [`mutu_domain::analysis::analyse`]
//! returned, and the answers as stored, so the same numbers read the same everywhere; every
//! number and date it writes goes through [`format`], the one formatter of mutu.

mod cell;
pub mod charts;
mod error;
mod export;
pub mod format;
pub mod maps;
mod markup;
mod opendata;
mod pdf;
mod report;
mod text;

#[cfg(test)]
mod fixtures;

pub use cell::neutralise;
pub use charts::{Chart, Figure, figures, profile_figure};
pub use error::RenderError;
pub use export::{CsvExport, ExportOptions, without_personal, write_csv, write_jsonl_line, write_xlsx};
pub use format::{Format, Lang, french_date};
pub use opendata::{OpenDataOptions, write_opendata};
pub use pdf::{PDF_TEMPLATE, Receipt, ReceiptItem, ReceiptSection, receipt_pdf};
pub use report::tables::attribution;
pub use report::{
    ActorMet, Audience, FollowedGroup, REPORT_TEMPLATE, Report, ReportGroups, ReportInput, ReportMaps, ReportMeta,
    ReportQualitative, ReportView, now_utc, rfc3339,
};
pub use text::{WEIGHTED_NOTE, analysis_text, profiles_text, series_text, weighted_text};
