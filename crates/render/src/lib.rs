//! Everything mutu writes for people to read or open: the text report of an analysis
//! (`mutu analyse --format text`) and the exports of a wave's answers (`mutu responses
//! export`, as JSON lines, CSV for French Excel or XLSX).
//!
//! This crate computes no figure: it lays out what [`mutu_domain::analysis::analyse`]
//! returned, and the answers as stored, so the same numbers read the same everywhere.

mod cell;
mod error;
mod export;
mod text;

#[cfg(test)]
mod fixtures;

pub use cell::neutralise;
pub use error::RenderError;
pub use export::{ExportOptions, without_personal, write_csv, write_jsonl, write_xlsx};
pub use text::analysis_text;
