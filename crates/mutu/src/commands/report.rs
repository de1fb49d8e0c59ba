//! `mutu report`: the report of a wave, as one self-contained HTML file, a PDF or an XLSX
//! workbook. The HTML and XLSX reports hold the study's qualitative material as the store
//! has it (the wave's coded verbatims, the actors met) and the benchmark of the six pooling
//! structures; actors are never invented: without any recorded, the annex says so.

use super::{campaign_code, display_name, read_file};
use crate::cli::{ReportArgs, ReportFormat};
use anyhow::Context;
use mutu_domain::analysis::{Analysis, Filters, analyse};
use mutu_domain::answers::Response;
use mutu_domain::campaign::Campaign;
use mutu_domain::codes::CampaignCode;
use mutu_domain::qualitative::{default_structures, verbatims_by_theme};
use mutu_render::maps::{MapSpec, render_map};
use mutu_render::{
    ReportExtras, ReportMaps, ReportMeta, ReportQualitative, html_report_with_extras, now_utc, pdf_report,
    write_xlsx_report_with_qualitative,
};
use mutu_storage::Store;

/// A wave, its answers, its analysis and what the report says about it.
pub struct Loaded {
    /// The wave.
    pub campaign: Campaign,
    /// Its answers as stored.
    pub responses: Vec<Response>,
    /// Its analysis, unfiltered.
    pub analysis: Analysis,
    /// Dates, département names, version and time of the report.
    pub meta: ReportMeta,
}

/// Reads a wave and analyses it, for the report and the open data.
pub async fn load(store: &Store, code: &str) -> anyhow::Result<Loaded> {
    let code = campaign_code(code)?;
    let campaign = store.campaign(&code).await?;
    let responses = store.responses(&code).await?;
    let dates = store.campaign_meta(&code).await?;
    let analysis = analyse(&campaign, &responses, &Filters::default());
    let meta = ReportMeta {
        generated_at: now_utc(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        opens_on: dates.opens_on,
        closes_on: dates.closes_on,
        departement_names: store.departement_names().await?,
    };
    Ok(Loaded { campaign, responses, analysis, meta })
}

/// Runs `mutu report`.
pub async fn run(store: &Store, args: ReportArgs) -> anyhow::Result<()> {
    let template = match &args.template {
        Some(path) if matches!(args.format, ReportFormat::Html | ReportFormat::Pdf) => {
            let name = display_name(path);
            Some((String::from_utf8(read_file(path)?).with_context(|| format!("{name} : UTF-8 invalide"))?, name))
        }
        Some(_) => anyhow::bail!("--template ne s'applique qu'aux rapports HTML et PDF"),
        None => None,
    };
    let template_name = |kind: &str| template.as_ref().map_or_else(|| format!("rapport {kind}"), |(_, n)| n.clone());
    let Loaded { campaign, responses, analysis, meta } = load(store, &args.campaign).await?;
    let output = &args.output;
    match args.format {
        ReportFormat::Html => {
            let maps = report_maps(store, &campaign, &responses).await?;
            let extras = ReportExtras { maps, qualitative: Some(qualitative(store, &campaign.code).await?) };
            let html = html_report_with_extras(
                &analysis,
                &campaign,
                &meta,
                &extras,
                template.as_ref().map(|(t, _)| t.as_str()),
            )
            .with_context(|| template_name("HTML"))?;
            std::fs::write(output, html).with_context(|| format!("écriture de {}", output.display()))?;
        }
        ReportFormat::Pdf => {
            let pdf = pdf_report(&analysis, &campaign, &meta, template.as_ref().map(|(text, _)| text.as_str()))
                .with_context(|| template_name("PDF"))?;
            std::fs::write(output, pdf).with_context(|| format!("écriture de {}", output.display()))?;
        }
        ReportFormat::Xlsx => {
            let q = qualitative(store, &campaign.code).await?;
            write_xlsx_report_with_qualitative(&analysis, &campaign, &responses, &meta, Some(&q), output)?
        }
    }
    println!(
        "Rapport de la vague {} écrit dans {} ({} répondants sur {}).",
        analysis.campaign,
        output.display(),
        analysis.participation.total.respondents,
        analysis.participation.total.targets
    );
    Ok(())
}

/// The report's maps: the participation map when the territory has contours.
async fn report_maps(store: &Store, campaign: &Campaign, responses: &[Response]) -> anyhow::Result<ReportMaps> {
    let outlines = store.wave_outlines(campaign).await?;
    let participation =
        (!outlines.is_empty()).then(|| render_map(&MapSpec::participation(campaign, responses, &outlines)));
    Ok(ReportMaps { participation })
}

/// The study's material for the report: the wave's coded verbatims by theme, the six
/// structures of the benchmark, the organisations and roles met (no name leaves the store's
/// types: [`ReportQualitative::new`] keeps the roles only).
async fn qualitative(store: &Store, code: &CampaignCode) -> anyhow::Result<ReportQualitative> {
    let themes = verbatims_by_theme(&store.verbatim_themes().await?, &store.verbatims(code).await?);
    let (organisations, people) = (store.organisations().await?, store.people_met().await?);
    Ok(ReportQualitative::new(themes, default_structures(), &organisations, &people))
}
