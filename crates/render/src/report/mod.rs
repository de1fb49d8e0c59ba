//! The report of a wave (`mutu report`): the seed's restitution rebuilt from the analysis,
//! as one self-contained HTML file or as an XLSX workbook of every table.
//!
//! The HTML comes from a minijinja template, [`REPORT_TEMPLATE`], that a study lead can copy,
//! edit (wording, order, styles) and pass back; the figures, tables and quotes it places are
//! all built here from the [`Analysis`], never computed by the template. Escaping is on for
//! every value the template prints, so a quote such as `<script>` stays text. Given the
//! study's qualitative material ([`ReportQualitative`]), the report also holds the verbatims
//! by theme, the benchmark of pooling structures and the annex of the actors met.

mod html;
pub(crate) mod qualitative;
pub(crate) mod tables;
mod xlsx;

#[cfg(test)]
mod tests;

pub use qualitative::{ActorMet, ReportExtras, ReportQualitative};
pub use xlsx::{write_xlsx_report, write_xlsx_report_with_qualitative};

use crate::error::RenderError;
use crate::maps::MapOutput;
use mutu_domain::analysis::Analysis;
use mutu_domain::campaign::Campaign;
use std::collections::BTreeMap;

/// The default template of the HTML report; its first comment lists the variables it gets.
pub const REPORT_TEMPLATE: &str = include_str!("../../templates/report.html");

/// What the report says about itself and the wave beyond the analysis.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportMeta {
    /// When the report is made, RFC 3339 (`2025-03-01T10:00:00Z`); see [`now_utc`].
    pub generated_at: String,
    /// Version of mutu that made it.
    pub version: String,
    /// Day the wave opened to respondents (`YYYY-MM-DD`), when known.
    pub opens_on: Option<String>,
    /// Day it closed (`YYYY-MM-DD`), when known.
    pub closes_on: Option<String>,
    /// Names of the départements by code (`59` → `Nord`); a missing one shows its code.
    pub departement_names: BTreeMap<String, String>,
}

/// Maps the HTML report places when the wave's contours are known; none by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportMaps {
    /// Who answered, target by target (see [`crate::maps::MapSpec::participation`]).
    pub participation: Option<MapOutput>,
}

/// The current time, UTC, as RFC 3339 to the second: what [`ReportMeta::generated_at`]
/// and the open data's `created` expect.
pub fn now_utc() -> String {
    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// Renders the HTML report of a wave with the default template, or with `template` (the
/// text of a copy a study lead edited). The result is one file: styles and charts inline,
/// no script, nothing fetched from the network.
///
/// # Errors
///
/// [`RenderError::Template`] when the template does not parse or prints a variable it was
/// not given (the message names the line).
pub fn html_report(
    analysis: &Analysis,
    campaign: &Campaign,
    meta: &ReportMeta,
    template: Option<&str>,
) -> Result<String, RenderError> {
    html_report_with_maps(analysis, campaign, meta, &ReportMaps::default(), template)
}

/// [`html_report`] with maps: the participation map sits after the participation figure.
///
/// # Errors
///
/// As [`html_report`].
pub fn html_report_with_maps(
    analysis: &Analysis,
    campaign: &Campaign,
    meta: &ReportMeta,
    maps: &ReportMaps,
    template: Option<&str>,
) -> Result<String, RenderError> {
    render_html(analysis, campaign, meta, (maps, None), template)
}

/// [`html_report_with_maps`] with the qualitative material too: the verbatims by theme in
/// "Freins et contraintes" (in place of the answers' free texts by question, kept when no
/// verbatim is coded), the benchmark of pooling structures after "Aides attendues", and
/// the annex of the actors met (saying none is recorded when the list is empty).
///
/// # Errors
///
/// As [`html_report`].
pub fn html_report_with_extras(
    analysis: &Analysis,
    campaign: &Campaign,
    meta: &ReportMeta,
    extras: &ReportExtras,
    template: Option<&str>,
) -> Result<String, RenderError> {
    render_html(analysis, campaign, meta, (&extras.maps, extras.qualitative.as_ref()), template)
}

fn render_html(
    analysis: &Analysis,
    campaign: &Campaign,
    meta: &ReportMeta,
    extras: (&ReportMaps, Option<&ReportQualitative>),
    template: Option<&str>,
) -> Result<String, RenderError> {
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
    env.add_template("report.html", template.unwrap_or(REPORT_TEMPLATE))?;
    let context = html::context(analysis, campaign, meta, extras);
    Ok(env.get_template("report.html")?.render(context)?)
}
