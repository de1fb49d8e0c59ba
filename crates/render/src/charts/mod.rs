//! The seed's charts, as SVG written by hand, each with the table of its data.
//!
//! The seed is a deck of bar charts; mutu draws the same ones from the [`Analysis`], for the
//! HTML report now and the web pages later. They are drawn here rather than with a plotting
//! crate so the output is small, has no script, is the same byte for byte from one run to
//! the next (snapshot tests), and carries what accessibility asks: `role="img"`, a `<title>`,
//! a `<desc>` giving the data in words, series told apart by fill patterns and grey levels
//! (readable in black and white) and the data table beside the drawing.
//!
//! A [`Chart`] is the model (categories, series, values); [`figures`] builds every chart of
//! the seed, numbered, with its SVG and its [`Table`].

mod figures;
mod profile;
mod svg;
mod table;

#[cfg(test)]
mod tests;

pub use figures::figures;
pub use profile::profile_figure;
pub use table::{Table, TableRow};

use mutu_domain::analysis::Analysis;
use mutu_domain::campaign::TargetLevel;

/// How the bars of one category stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One bar per series, side by side (a plain bar chart when there is one series).
    Grouped,
    /// One bar per category, the series end to end (statuses adding up).
    Stacked,
}

/// What the values of a chart are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Fractions between 0 and 1, shown as `75 %` on a 0–100 % axis.
    Rate,
    /// Whole counts, shown as `1 546`.
    Count,
}

/// One series of values, aligned with the chart's categories.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Its name in the legend.
    pub name: String,
    /// One value per category; `None` where the figure is undefined (a rate over zero).
    pub values: Vec<Option<f64>>,
}

/// A horizontal bar chart: categories down the side, one bar (or stack) each.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Side by side or stacked.
    pub layout: Layout,
    /// Rates or counts.
    pub unit: Unit,
    /// Title drawn above the bars.
    pub title: String,
    /// Source line drawn under the bars (`Source : enquête mutu, vague … — N répondants`).
    pub source: String,
    /// Labels of the categories, top to bottom.
    pub categories: Vec<String>,
    /// The series, in legend order.
    pub series: Vec<Series>,
}

impl Chart {
    /// The chart as a standalone SVG element (it can also sit inline in HTML). `id` prefixes
    /// every id inside it, so several charts can share one page.
    pub fn svg(&self, id: &str) -> String {
        svg::render(self, id)
    }
}

/// A numbered chart of the report with its data table.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Stable identifier (`participation`, `thematiques`…), used in anchors and ids.
    pub id: &'static str,
    /// Number in the report, from 1.
    pub number: usize,
    /// Title.
    pub title: String,
    /// The model the drawing comes from.
    pub chart: Chart,
    /// The drawing.
    pub svg: String,
    /// The data of the drawing.
    pub table: Table,
}

/// `Source : enquête mutu, vague CODE — N répondants`.
fn source_line(analysis: &Analysis) -> String {
    let n = analysis.participation.total.respondents;
    let plural = if n > 1 { "s" } else { "" };
    format!(
        "Source : enquête mutu, vague {} — {} répondant{plural}",
        analysis.campaign,
        crate::format::Format::FR.thousands(n)
    )
}

/// `Nombre d'EPCI ayant répondu` or `Nombre de communes ayant répondu`: the seed's header.
pub(crate) fn answered_header(level: TargetLevel) -> &'static str {
    match level {
        TargetLevel::Epci => "Nombre d'EPCI ayant répondu",
        TargetLevel::Commune => "Nombre de communes ayant répondu",
    }
}

/// `EPCI` or `communes`: what the targets of a wave are, in a sentence.
pub(crate) fn level_noun(level: TargetLevel) -> &'static str {
    match level {
        TargetLevel::Epci => "EPCI",
        TargetLevel::Commune => "communes",
    }
}
