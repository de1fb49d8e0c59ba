//! The report as its templates read it: one serialisable value, built once from the
//! [`Report`] and handed as is to the HTML template (its variables) and to the PDF template
//! (`data.json`). Every figure is already written for people by [`crate::format`], under the
//! report's secrecy; drawings are SVG text, tables are captions, columns and rows.

use super::groups::{self, GroupsView};
use super::opportunities::{self, OpportunitiesView};
use super::qualitative::{self, ActorsMetView, BenchmarkView, ThemeQuotes};
use super::weighted::{self, WeightedView};
use super::{Audience, Report, tables};
use crate::charts::{Figure, Table, level_noun};
use crate::format::Format;
use crate::maps::MapOutput;
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything the templates of the report read; `REPORT_TEMPLATE`'s first comment documents
/// it key by key.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// `study` or `public`.
    pub audience: &'static str,
    /// The smallest count shown, when figures are under statistical secrecy.
    pub secrecy: Option<u64>,
    /// The chapters in order, with their numbers.
    pub chapters: Vec<Chapter>,
    /// The same by id (`contexte`, `deploiement`, `mutualisation`, `opportunites`, `acteurs`,
    /// `freins`, `aides`, `estimations`, `benchmark`, `suites`, `annexes`).
    pub chapter: BTreeMap<&'static str, Chapter>,
    /// The wave and the report's own metadata.
    pub wave: WaveView,
    /// Key numbers in words.
    pub summary: SummaryView,
    /// Each figure by id.
    pub figures: BTreeMap<&'static str, FigureView>,
    /// The figures in order.
    pub figure_list: Vec<FigureView>,
    /// The tables that are not charts.
    pub tables: TablesView,
    /// The maps outside the opportunities chapter.
    pub maps: MapsView,
    /// The pooling opportunities chapter, for the study when the neighbourhood is known.
    pub opportunities: Option<OpportunitiesView>,
    /// The weighted estimates chapter: shares of all the targets beside the counts.
    pub weighted: WeightedView,
    /// The answers' free texts by question.
    pub verbatims: Vec<QuestionQuotes>,
    /// The coded verbatims by theme (interviews and answers); empty when none is coded.
    pub verbatim_themes: Vec<ThemeQuotes>,
    /// The benchmark of pooling structures, when given.
    pub benchmark: Option<BenchmarkView>,
    /// The annex of the actors met, when the qualitative material is given.
    pub actors_met: Option<ActorsMetView>,
    /// The chapter « Suites données »: the wave's working groups and the follow-up of other
    /// waves' groups, for the study when a group concerns the wave.
    pub groups: Option<GroupsView>,
}

/// A chapter of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Chapter {
    /// Its id (`section-{id}` in the HTML).
    pub id: &'static str,
    /// Its number, from 1.
    pub number: usize,
    /// Its title.
    pub title: &'static str,
}

/// The wave, as the report's title page gives it.
#[derive(Debug, Clone, Serialize)]
pub struct WaveView {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// `EPCI` or `communes`.
    pub level: &'static str,
    /// Number of targets, written.
    pub targets: String,
    /// Opening day in words.
    pub opens_on: Option<String>,
    /// Closing day in words.
    pub closes_on: Option<String>,
    /// Year of the populations.
    pub population_year: Option<i32>,
    /// Day of the report in words.
    pub generated_on: String,
    /// Moment of the report, RFC 3339.
    pub generated_at: String,
    /// Version of mutu.
    pub version: String,
}

/// The key numbers.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryView {
    /// Respondents.
    pub respondents: String,
    /// Targets.
    pub targets: String,
    /// Participation rate.
    pub rate: String,
    /// `37 sur 53 (70 %)`.
    pub participation: String,
    /// Communes covered, `1 155 sur 1 546 (75 %)`.
    pub communes: String,
    /// Their rate.
    pub communes_rate: String,
    /// Communes of the targets.
    pub communes_total: String,
    /// Inhabitants covered.
    pub population: String,
    /// Their rate.
    pub population_rate: String,
    /// Inhabitants of the targets.
    pub population_total: String,
}

/// A numbered figure.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    /// Stable id.
    pub id: &'static str,
    /// Number, from 1.
    pub number: usize,
    /// Title.
    pub title: String,
    /// HTML anchor.
    pub anchor: String,
    /// Name of its drawing for the PDF (`fig-3.svg`).
    pub image: String,
    /// The drawing.
    pub svg: String,
    /// Its data.
    pub table: Table,
}

/// A map.
#[derive(Debug, Clone, Serialize)]
pub struct MapView {
    /// HTML anchor.
    pub anchor: String,
    /// Title.
    pub title: String,
    /// Name of its drawing for the PDF (`carte-2.svg`).
    pub image: String,
    /// The drawing.
    pub svg: String,
    /// Every target with its value.
    pub table: Table,
}

/// The maps outside the opportunities chapter.
#[derive(Debug, Clone, Serialize)]
pub struct MapsView {
    /// Who answered.
    pub participation: Option<MapView>,
    /// Deployment and pooling of the most deployed services.
    pub services: Vec<MapView>,
}

/// The tables that are not charts.
#[derive(Debug, Clone, Serialize)]
pub struct TablesView {
    /// Participation by main département.
    pub participation_departements: Table,
    /// Communes and inhabitants represented.
    pub coverage: Table,
    /// Annex A: every service, one table per theme.
    pub services: Vec<Table>,
    /// Annex B: pooling types by theme.
    pub types_by_theme: Vec<ThemeTypesView>,
}

/// Annex B for one theme.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeTypesView {
    /// The theme.
    pub label: String,
    /// Its types; none when no service of the theme is pooled.
    pub table: Option<Table>,
}

/// The answers' free texts to one question.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionQuotes {
    /// Question id.
    pub question: String,
    /// Its label.
    pub label: String,
    /// The quotes.
    pub items: Vec<Quote>,
}

/// A quote and who said it, never by name.
#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    /// The text.
    pub text: String,
    /// `Communauté de communes, < 10 000 habitants`.
    pub who: String,
}

/// Numbers the chapters the report holds.
fn chapters(opportunities: bool, benchmark: bool, groups: bool) -> Vec<Chapter> {
    let all: [(&str, &str, bool); 11] = [
        ("contexte", "Contexte et méthode", true),
        ("deploiement", "État des lieux des services et moyens", true),
        ("mutualisation", "Mutualisation des services et moyens", true),
        ("opportunites", "Opportunités de mutualisation", opportunities),
        ("acteurs", "Acteurs et partenaires", true),
        ("freins", "Freins et contraintes", true),
        ("aides", "Aides attendues", true),
        ("estimations", "Estimations pondérées", true),
        ("benchmark", "Benchmark des structures de mutualisation", benchmark),
        ("suites", "Suites données", groups),
        ("annexes", "Annexes", true),
    ];
    all.into_iter()
        .filter(|(_, _, kept)| *kept)
        .enumerate()
        .map(|(i, (id, title, _))| Chapter { id, number: i + 1, title })
        .collect()
}

fn figure(f: &Figure) -> FigureView {
    FigureView {
        id: f.id,
        number: f.number,
        title: f.title.clone(),
        anchor: format!("figure-{}", f.id),
        image: format!("fig-{}.svg", f.number),
        svg: f.svg.clone(),
        table: f.table.clone(),
    }
}

/// A map's view; `n` numbers its drawing for the PDF.
pub(super) fn map(m: &MapOutput, anchor: String, n: usize) -> MapView {
    MapView {
        anchor,
        title: m.table.caption.clone(),
        image: format!("carte-{n}.svg"),
        svg: m.svg.clone(),
        table: m.table.clone(),
    }
}

/// Builds the view of a report.
pub(super) fn build(report: &Report) -> ReportView {
    let secrecy = report.audience.secrecy();
    let fmt = Format::FR.with_secrecy(secrecy);
    let analysis = secrecy.mask_rates(&report.analysis);
    let (campaign, meta) = (&report.campaign, &report.meta);
    let figures = report.figures();
    let list: Vec<FigureView> = figures.iter().map(figure).collect();
    let by_id = list.iter().map(|f| (f.id, f.clone())).collect();
    let total = &analysis.participation.total;
    let coverage = &analysis.coverage;
    let respondents = total.respondents;
    let maps = &report.maps;
    let mut numbered = 0;
    let mut next = || {
        numbered += 1;
        numbered
    };
    let participation_map = maps.participation.as_ref().map(|m| map(m, "carte-participation".into(), next()));
    let service_maps =
        maps.services.iter().map(|s| map(&s.map, format!("carte-service-{}", s.service), next())).collect();
    let opportunities =
        report.opportunities.as_ref().map(|o| opportunities::view(o, campaign, &maps.groups, &mut next));
    let benchmark = qualitative::benchmark(report.qualitative.as_ref(), campaign);
    let groups = report.groups.as_ref().map(|g| groups::view(g, campaign));
    let chapters = chapters(opportunities.is_some(), benchmark.is_some(), groups.is_some());
    ReportView {
        audience: match report.audience {
            Audience::Study => "study",
            Audience::Public => "public",
        },
        secrecy: secrecy.is_active().then(|| secrecy.min_count()),
        chapter: chapters.iter().map(|c| (c.id, c.clone())).collect(),
        chapters,
        wave: WaveView {
            code: analysis.campaign.clone(),
            name: campaign.name.clone(),
            level: level_noun(campaign.level),
            targets: fmt.thousands(total.targets),
            opens_on: meta.opens_on.map(|d| fmt.long_date(d)),
            closes_on: meta.closes_on.map(|d| fmt.long_date(d)),
            population_year: campaign.population_year,
            generated_on: fmt.long_date(meta.generated_at.date()),
            generated_at: super::rfc3339(meta.generated_at),
            version: meta.version.clone(),
        },
        summary: SummaryView {
            respondents: fmt.count(respondents),
            targets: fmt.thousands(total.targets),
            rate: fmt.percent(total.rate),
            participation: fmt.out_of(respondents, total.targets, total.rate),
            communes: fmt.out_of(coverage.communes.covered, coverage.communes.total, coverage.communes.rate),
            communes_rate: fmt.percent(coverage.communes.rate),
            communes_total: fmt.thousands(coverage.communes.total),
            population: fmt.out_of(coverage.population.covered, coverage.population.total, coverage.population.rate),
            population_rate: fmt.percent(coverage.population.rate),
            population_total: fmt.thousands(coverage.population.total),
        },
        figures: by_id,
        figure_list: list,
        tables: TablesView {
            participation_departements: tables::departements(&analysis, campaign, meta, &fmt),
            coverage: tables::coverage(&analysis, campaign, meta, &fmt),
            services: tables::services(&analysis, campaign, &fmt),
            types_by_theme: tables::types_by_theme(&analysis, campaign, &fmt)
                .into_iter()
                .map(|t| ThemeTypesView { label: t.label, table: t.table })
                .collect(),
        },
        maps: MapsView { participation: participation_map, services: service_maps },
        opportunities,
        weighted: weighted::view(&report.weighted, &report.analysis, campaign, &fmt),
        verbatims: analysis
            .verbatims
            .iter()
            .map(|group| QuestionQuotes {
                question: group.question.clone(),
                label: group.label.clone(),
                items: group
                    .items
                    .iter()
                    .map(|v| Quote { text: v.text.clone(), who: tables::attribution(&analysis, campaign, v) })
                    .collect(),
            })
            .collect(),
        verbatim_themes: qualitative::verbatim_themes(report.qualitative.as_ref()),
        benchmark,
        actors_met: qualitative::actors_met(report.qualitative.as_ref()),
        groups,
    }
}
