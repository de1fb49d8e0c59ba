//! What the three fuzz targets share: the real wave the answers are read against, and the
//! checks that make "every rejection a clear error" something a run can fail on.
//!
//! A person who gets a refusal from `mutu territory import`, `mutu responses import` or
//! `mutu campaign create --questionnaire` must be able to fix the file from the message
//! alone (docs/security.md, crates/import/src/error.rs): so besides "no panic", every
//! target asserts that the error names the file, names a line that exists in the input, and
//! fits on one line. A failed assertion aborts the run like a panic, and libFuzzer keeps the
//! input that caused it.

use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::Catalogue;
use mutu_domain::testing::WaveBuilder;
use mutu_import::{ImportError, read_territory_csv};
use std::sync::LazyLock;

/// The seed's territory (2 régions, 4 départements, 53 EPCI, 1,546 communes), the one the
/// CLI's integration tests import: the answers are checked against its real targets.
const TERRITORY_CSV: &[u8] = include_bytes!("../../tests/fixtures/npdc-2014/territory.csv");

/// The wave `mutu campaign create npdc-2014 --targets epci` makes from the fixture: default
/// catalogue and questionnaire, the 53 EPCI as targets. Built once per process.
pub static CAMPAIGN: LazyLock<Campaign> = LazyLock::new(|| {
    let territory = read_territory_csv("territory.csv", TERRITORY_CSV).expect("the fixture territory reads");
    WaveBuilder::new("npdc-2014").name("Nord-Pas-de-Calais 2014").targets_from(&territory).build()
});

/// The default catalogue, the one `mutu campaign create` uses without `--catalogue`.
pub static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(Catalogue::default_catalogue);

/// Number of lines of `text` as a person counts them in an editor (a last line without
/// its newline still counts; an empty file has one line): the highest line an error may name.
pub fn line_count(text: &[u8]) -> usize {
    text.iter().filter(|&&b| b == b'\n').count() + 1
}

/// Asserts that a refusal of a line-based file is clear: it names `file`, a line between 1
/// and the last line of `input`, and its one-line message says something.
///
/// # Panics
///
/// When the error is not clear: that is the finding the fuzz run reports.
pub fn assert_clear_import_error(error: &ImportError, file: &str, input: &[u8]) {
    let shown = error.to_string();
    assert_eq!(error.file, file, "the error names another file: {shown:?}");
    let line = error.line.unwrap_or_else(|| panic!("the error names no line: {shown:?}"));
    assert!((1..=line_count(input)).contains(&line), "line {line} is not a line of the input: {shown:?}");
    assert!(shown.starts_with(&format!("{file}, ligne {line}")), "the error does not start with its place: {shown:?}");
    assert_one_line_with_message(&shown, &error.message);
}

/// Asserts that a displayed error is one line and that its reason is not empty.
///
/// # Panics
///
/// When the message is empty or spreads over several lines.
pub fn assert_one_line_with_message(shown: &str, message: &str) {
    assert!(!message.trim().is_empty(), "the error gives no reason: {shown:?}");
    assert!(!shown.contains(['\n', '\r']), "the error spreads over several lines: {shown:?}");
}
