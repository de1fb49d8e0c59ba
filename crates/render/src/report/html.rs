//! The variables of the HTML report template, built from the analysis: the wave's metadata,
//! the key numbers in words, the figures (SVG and data table), the tables that are not
//! charts (participation by département, coverage, the annexes), the anonymised quotes and,
//! when given, the qualitative material (see [`super::qualitative`]).
//!
//! Markup built here (figures, tables) is escaped by [`crate::markup`] and handed to the
//! template as safe; every other value is plain text the template escapes.

use super::{ReportMaps, ReportMeta, ReportQualitative, qualitative, tables};
use crate::charts::{Figure, figures, level_noun};
use crate::markup::escape;
use crate::numbers::french_date;
use crate::numbers::{out_of, percent};
use minijinja::{Value, context};
use mutu_domain::analysis::Analysis;
use mutu_domain::campaign::Campaign;
use mutu_domain::size_class::thousands;
use std::collections::BTreeMap;

/// Everything the template gets; `REPORT_TEMPLATE`'s first comment documents it.
pub(super) fn context(
    analysis: &Analysis,
    campaign: &Campaign,
    meta: &ReportMeta,
    (maps, extra): (&ReportMaps, Option<&ReportQualitative>),
) -> Value {
    let figures = figures(analysis, campaign);
    let list: Vec<Value> = figures.iter().map(figure).collect();
    let by_id: BTreeMap<&str, Value> = figures.iter().map(|f| f.id).zip(list.iter().cloned()).collect();
    let total = &analysis.participation.total;
    let coverage = &analysis.coverage;
    context! {
        wave => context! {
            code => analysis.campaign.clone(),
            name => campaign.name.clone(),
            level => level_noun(campaign.level),
            targets => thousands(total.targets),
            opens_on => meta.opens_on.as_deref().and_then(french_date),
            closes_on => meta.closes_on.as_deref().and_then(french_date),
            population_year => campaign.population_year,
            generated_on => french_date(&meta.generated_at),
            generated_at => meta.generated_at.clone(),
            version => meta.version.clone(),
        },
        summary => context! {
            respondents => thousands(total.respondents),
            targets => thousands(total.targets),
            rate => percent(total.rate),
            participation => out_of((total.respondents, total.targets, total.rate)),
            communes => tables::covered(&coverage.communes),
            communes_rate => percent(coverage.communes.rate),
            communes_total => thousands(coverage.communes.total),
            population => tables::covered(&coverage.population),
            population_rate => percent(coverage.population.rate),
            population_total => thousands(coverage.population.total),
        },
        tables => context! {
            participation_departements => Value::from_safe_string(tables::departements(analysis, campaign, meta).html()),
            coverage => Value::from_safe_string(tables::coverage(analysis, campaign, meta).html()),
            services => Value::from_safe_string(services(analysis, campaign)),
            types_by_theme => Value::from_safe_string(types_by_theme(analysis, campaign)),
        },
        figures => Value::from(by_id),
        figure_list => Value::from(list),
        verbatims => verbatims(analysis, campaign),
        verbatim_themes => qualitative::verbatim_themes(extra),
        benchmark => qualitative::benchmark(extra, campaign),
        actors_met => qualitative::actors_met(extra),
        maps => context! {
            participation => maps.participation.as_ref().map(|m| context! {
                svg => Value::from_safe_string(m.svg.clone()),
                table => Value::from_safe_string(m.table.html()),
            }),
        },
    }
}

fn figure(f: &Figure) -> Value {
    context! {
        id => f.id,
        number => f.number,
        title => f.title.clone(),
        anchor => format!("figure-{}", f.id),
        svg => Value::from_safe_string(f.svg.clone()),
        table => Value::from_safe_string(f.table.html()),
    }
}

/// Annex A as HTML: one table per theme.
fn services(analysis: &Analysis, campaign: &Campaign) -> String {
    tables::services(analysis, campaign).iter().map(|table| table.html() + "\n").collect()
}

/// Annex B as HTML: one table per theme, or a line saying none of its services is pooled.
fn types_by_theme(analysis: &Analysis, campaign: &Campaign) -> String {
    let mut out = String::new();
    for theme in tables::types_by_theme(analysis, campaign) {
        let html = match theme.table {
            Some(table) => table.html(),
            None => format!("<p class=\"vide\">{} : aucune mutualisation déclarée.</p>", escape(&theme.label)),
        };
        out.push_str(&html);
        out.push('\n');
    }
    out
}

/// The quotes by question, each attributed to a kind of body and a size class.
fn verbatims(analysis: &Analysis, campaign: &Campaign) -> Value {
    let groups: Vec<Value> = analysis
        .verbatims
        .iter()
        .map(|group| {
            let items: Vec<Value> = group
                .items
                .iter()
                .map(|v| context! { text => v.text.clone(), who => tables::attribution(analysis, campaign, v) })
                .collect();
            context! { question => group.question.clone(), label => group.label.clone(), items => items }
        })
        .collect();
    Value::from(groups)
}
