//! Assembling a wave's report: the one place that gathers what every output of a wave needs
//! (its analysis, metadata, outlines, opportunities, the study's qualitative material and,
//! for the study, the working groups that concern the wave) and builds the [`Report`]
//! model, for `mutu report`, the web's downloads, the published pages and `mutu opendata`.
//! The HTML report the command line writes and the one the web sends are therefore the same
//! bytes, but for the moment they were made.

use crate::error::{AppError, Result};
use crate::opportunities;
use crate::waves::Wave;
use mutu_domain::analysis::{Analysis, Filters, analyse};
use mutu_domain::answers::Response;
use mutu_domain::codes::CampaignCode;
use mutu_domain::opportunities::CostModel;
use mutu_domain::qualitative::{default_structures, verbatims_by_theme};
use mutu_render::maps::Outlines;
use mutu_render::{Audience, Report, ReportGroups, ReportInput, ReportMeta, ReportQualitative, now_utc};
use mutu_storage::Store;

/// A wave's report, with the answers the XLSX workbook and the open data also write.
pub struct Assembled {
    /// The report.
    pub report: Report,
    /// The wave's answers as stored.
    pub responses: Vec<Response>,
}

impl Assembled {
    /// The analysis the report shows.
    pub fn analysis(&self) -> &Analysis {
        self.report.analysis()
    }
}

/// What the report says about itself and the wave, made now.
pub fn meta(wave: &Wave) -> ReportMeta {
    ReportMeta {
        generated_at: now_utc(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        opens_on: wave.meta.opens_on,
        closes_on: wave.meta.closes_on,
        departement_names: wave.departement_names.clone(),
    }
}

/// The study's material as the store holds it: the wave's coded verbatims by theme, the six
/// structures of the benchmark, the organisations and roles met (no name leaves the store's
/// types: [`ReportQualitative::new`] keeps the roles only).
///
/// # Errors
///
/// Any database error.
pub async fn qualitative(store: &Store, code: &CampaignCode) -> Result<ReportQualitative> {
    let (themes, verbatims, organisations, people) =
        tokio::try_join!(store.verbatim_themes(), store.verbatims(code), store.organisations(), store.people_met())?;
    let by_theme = verbatims_by_theme(&themes, &verbatims);
    Ok(ReportQualitative::new(by_theme, default_structures(), &organisations, &people))
}

/// Loads the wave `code` and builds its report for `audience`: for the study, with its maps
/// and pooling opportunities (default cost model) when the territory has contours; for the
/// public, figures under statistical secrecy and nothing that names a body. The study's
/// report also gets the chapter « Suites données » when working groups concern the wave
/// ([`ReportGroups::new`]: the wave's own groups, and the follow-up in it of other waves'
/// groups by the rule of `mutu groups follow-up`). Either way the report carries the
/// weighted estimates its audience may read ([`Report::build`] computes them from the same
/// answers, strata under the secrecy threshold merged or masked).
///
/// # Errors
///
/// The store's `NotFound` for an unknown wave; any database error.
pub async fn assemble(store: &Store, code: &CampaignCode, audience: Audience) -> Result<Assembled> {
    let wave = Wave::load(store, code).await?;
    let study = audience == Audience::Study;
    let outlines = if study { store.wave_outlines(&wave.campaign).await? } else { Outlines::new() };
    let found = if study {
        let costs = CostModel::default_model(&wave.campaign.catalogue)?;
        opportunities::compute(store, &wave.campaign, &wave.responses, &costs).await?
    } else {
        None
    };
    let material = qualitative(store, code).await?;
    // Every group: the wave's own, and those of other waves its answers follow up. The
    // public report names no body, so it reads none.
    let groups = if study { store.groups(None).await? } else { Vec::new() };
    let meta = meta(&wave);
    // The analysis and the maps take CPU time a server's request should not hold the
    // runtime with.
    tokio::task::spawn_blocking(move || {
        let analysis = analyse(&wave.campaign, &wave.responses, &Filters::default());
        let groups = ReportGroups::new(&wave.campaign, &wave.responses, groups);
        let report = Report::build(ReportInput {
            campaign: &wave.campaign,
            responses: &wave.responses,
            analysis,
            meta,
            outlines: &outlines,
            opportunities: found,
            qualitative: Some(material),
            audience,
        })
        .with_groups(groups);
        Assembled { report, responses: wave.responses }
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// Runs a renderer (typst, the workbook) on a blocking thread: seconds of CPU a server's
/// request should not hold the runtime with.
///
/// # Errors
///
/// The renderer's error, or [`AppError::Internal`] when the thread panicked.
pub async fn render<T, F>(work: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> std::result::Result<T, mutu_render::RenderError> + Send + 'static,
{
    tokio::task::spawn_blocking(work).await.map_err(|e| AppError::Internal(e.to_string()))?.map_err(AppError::from)
}
