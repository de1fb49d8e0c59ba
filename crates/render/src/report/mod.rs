//! The report of a wave: one model, [`Report`], built once from the analysis, the wave's
//! metadata, its maps, its pooling opportunities and the study's qualitative material, then
//! written to every format: HTML (a minijinja template), PDF (a typst template), XLSX, and the
//! published pages of the web layer (the same model under public secrecy).
//!
//! The HTML and PDF read the same serialisable view ([`ReportView`]), so they cannot drift
//! apart: the HTML template gets it as its variables, the PDF template as `data.json`. The
//! restitution follows the seed's order: participation with its map; services deployed,
//! studied and pooled, with maps of the most deployed services; the pooling opportunities
//! (ranked services, groups of neighbours with their level and estimated savings, maps);
//! pooling types, actors, obstacles with the verbatims, expected support; the weighted
//! estimates (shares of all the targets with their intervals, beside the counts); the
//! benchmark of pooling structures; for the study, what it led to (« Suites données »: the
//! wave's working groups and the follow-up of other waves' groups, when there are any); the
//! annexes (every service, definitions, actors met).

pub(crate) mod groups;
mod html;
mod maps;
mod opportunities;
pub(crate) mod qualitative;
pub(crate) mod tables;
mod view;
pub(crate) mod weighted;
mod xlsx;

#[cfg(test)]
mod tests;

pub use groups::{FollowedGroup, ReportGroups};
pub use maps::ReportMaps;
pub use qualitative::{ActorMet, ReportQualitative};
pub use view::ReportView;

use crate::charts::Figure;
use crate::error::RenderError;
use crate::maps::Outlines;
use mutu_domain::analysis::{Analysis, Secrecy, Weighted};
use mutu_domain::answers::Response;
use mutu_domain::campaign::Campaign;
use mutu_domain::opportunities::Opportunities;
use std::collections::BTreeMap;
use std::path::Path;
use time::{Date, OffsetDateTime};

/// The default template of the HTML report; its first comment lists the variables it gets.
pub const REPORT_TEMPLATE: &str = include_str!("../../templates/report.html");

/// What the report says about itself and the wave beyond the analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportMeta {
    /// When the report is made.
    pub generated_at: OffsetDateTime,
    /// Version of mutu that made it.
    pub version: String,
    /// Day the wave opened to respondents, when known.
    pub opens_on: Option<Date>,
    /// Day it closed, when known.
    pub closes_on: Option<Date>,
    /// Names of the départements by code (`59` → `Nord`); a missing one shows its code.
    pub departement_names: BTreeMap<String, String>,
}

/// Who a report is for: the study team sees every count and every body; anyone else sees
/// figures under statistical secrecy, and nothing that shows one body's answer (no map of
/// bodies, no groups of named neighbours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The study's leads and viewers.
    Study,
    /// Anyone: the published pages and their report.
    Public,
}

impl Audience {
    /// The secrecy rule of its figures.
    pub fn secrecy(self) -> Secrecy {
        match self {
            Audience::Study => Secrecy::NONE,
            Audience::Public => Secrecy::PUBLIC,
        }
    }
}

/// What a report is built from; the use-case layer gathers it from the store.
pub struct ReportInput<'a> {
    /// The wave.
    pub campaign: &'a Campaign,
    /// Its answers (the maps read them; only complete ones count as answers).
    pub responses: &'a [Response],
    /// Its analysis, unfiltered.
    pub analysis: Analysis,
    /// Dates, version, département names.
    pub meta: ReportMeta,
    /// Each target's outline, WGS84; empty when the territory has no contours (no map).
    pub outlines: &'a Outlines,
    /// The pooling opportunities, when the targets' neighbourhood is known.
    pub opportunities: Option<Opportunities>,
    /// Verbatims by theme, benchmark, actors met, when the store holds them.
    pub qualitative: Option<ReportQualitative>,
    /// Who reads it.
    pub audience: Audience,
}

/// The report of a wave, ready to be written in any format.
#[derive(Debug, Clone)]
pub struct Report {
    campaign: Campaign,
    analysis: Analysis,
    meta: ReportMeta,
    maps: ReportMaps,
    opportunities: Option<Opportunities>,
    qualitative: Option<ReportQualitative>,
    audience: Audience,
    weighted: Weighted,
    groups: Option<ReportGroups>,
}

impl Report {
    /// Builds the report: draws its maps (for the study only), computes the weighted estimates
    /// its audience may read, and keeps the rest as given.
    pub fn build(input: ReportInput<'_>) -> Report {
        let study = input.audience == Audience::Study;
        let maps = if study {
            ReportMaps::draw(
                input.campaign,
                input.responses,
                &input.analysis,
                input.opportunities.as_ref(),
                input.outlines,
            )
        } else {
            ReportMaps::default()
        };
        // The estimates a reader of this report may see: under its audience's secrecy.
        let weighted =
            weighted::published(input.campaign, input.responses, &input.analysis.filters, input.audience.secrecy());
        Report {
            campaign: input.campaign.clone(),
            analysis: input.analysis,
            meta: input.meta,
            maps,
            opportunities: input.opportunities.filter(|_| study),
            qualitative: input.qualitative,
            audience: input.audience,
            weighted,
            groups: None,
        }
    }

    /// The report with its chapter « Suites données » on `groups` (see [`ReportGroups::new`]).
    /// The chapter names bodies: a public report stays without it, and so does a report whose
    /// wave no group concerns (no empty chapter).
    #[must_use]
    pub fn with_groups(mut self, groups: Option<ReportGroups>) -> Report {
        let study = self.audience == Audience::Study;
        self.groups = groups.filter(|g| study && !g.is_empty());
        self
    }

    /// The working groups the report shows, when it has the chapter « Suites données ».
    pub fn groups(&self) -> Option<&ReportGroups> {
        self.groups.as_ref()
    }

    /// The wave.
    pub fn campaign(&self) -> &Campaign {
        &self.campaign
    }

    /// The analysis as computed (unmasked).
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// Who the report is for.
    pub fn audience(&self) -> Audience {
        self.audience
    }

    /// When it was made.
    pub fn generated_at(&self) -> OffsetDateTime {
        self.meta.generated_at
    }

    /// The seed's figures as this report shows them (masked for the public).
    pub fn figures(&self) -> Vec<Figure> {
        crate::charts::figures(&self.analysis, &self.campaign, self.audience.secrecy())
    }

    /// What the HTML and PDF templates read.
    pub fn view(&self) -> ReportView {
        view::build(self)
    }

    /// The report as one self-contained HTML file, with the default template or `template`
    /// (the text of a copy a study lead edited): styles and drawings inline, no script,
    /// nothing fetched from the network.
    ///
    /// # Errors
    ///
    /// [`RenderError::Template`] when the template does not parse or prints a variable it was
    /// not given (the message names the line).
    pub fn html(&self, template: Option<&str>) -> Result<String, RenderError> {
        html::render(&self.view(), template)
    }

    /// The report as a PDF, with the default typst template or `template`.
    ///
    /// # Errors
    ///
    /// [`RenderError::Pdf`] when the template does not compile (typst's diagnostics with
    /// their place) or the PDF cannot be written.
    pub fn pdf(&self, template: Option<&str>) -> Result<Vec<u8>, RenderError> {
        crate::pdf::pdf_report(&self.view(), &self.analysis.campaign, &self.meta, template)
    }

    /// The report as an XLSX workbook at `path`: one sheet per table, the opportunities, the
    /// qualitative material, the working groups (« Suites données ») when the report has them,
    /// then `responses` without personal data.
    ///
    /// # Errors
    ///
    /// [`RenderError::Xlsx`], naming `path`, when the workbook cannot be built or saved.
    pub fn write_xlsx(&self, responses: &[Response], path: &Path) -> Result<(), RenderError> {
        xlsx::write(self, responses, path)
    }
}

/// The current time, UTC, to the second: what [`ReportMeta::generated_at`] and the open
/// data's `created` expect.
pub fn now_utc() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(0).unwrap_or(now)
}

/// A moment as RFC 3339 (`2025-03-01T10:00:00Z`), how files state when they were made.
pub fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}
