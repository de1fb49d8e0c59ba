//! The variables of the HTML report template, built from the analysis: the wave's metadata,
//! the key numbers in words, the figures (SVG and data table), the tables that are not
//! charts (participation by département, coverage, the annexes) and the anonymised quotes.
//!
//! Markup built here (figures, tables) is escaped by [`crate::markup`] and handed to the
//! template as safe; every other value is plain text the template escapes.

use super::{ReportMeta, french_date};
use crate::charts::{Figure, Table, answered_header, figures, level_noun};
use crate::markup::escape;
use crate::numbers::{count_rate, out_of, percent};
use minijinja::{Value, context};
use mutu_domain::analysis::{Analysis, Covered, Verbatim};
use mutu_domain::campaign::{Campaign, TargetLevel};
use mutu_domain::catalogue::OptionList;
use mutu_domain::size_class::thousands;
use std::collections::BTreeMap;

/// Everything the template gets; `REPORT_TEMPLATE`'s first comment documents it.
pub(super) fn context(analysis: &Analysis, campaign: &Campaign, meta: &ReportMeta) -> Value {
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
            communes => covered(&coverage.communes),
            communes_rate => percent(coverage.communes.rate),
            communes_total => thousands(coverage.communes.total),
            population => covered(&coverage.population),
            population_rate => percent(coverage.population.rate),
            population_total => thousands(coverage.population.total),
        },
        tables => context! {
            participation_departements => Value::from_safe_string(departements(analysis, campaign, meta).html()),
            coverage => Value::from_safe_string(coverage_table(analysis, campaign, meta).html()),
            services => Value::from_safe_string(services(analysis, campaign)),
            types_by_theme => Value::from_safe_string(types_by_theme(analysis, campaign)),
        },
        figures => Value::from(by_id),
        figure_list => Value::from(list),
        verbatims => verbatims(analysis, campaign),
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

fn covered(c: &Covered) -> String {
    out_of((c.covered, c.total, c.rate))
}

fn departement_name(meta: &ReportMeta, code: &str) -> String {
    meta.departement_names.get(code).cloned().unwrap_or_else(|| format!("Département {code}"))
}

/// Respondents over targets by main département, then overall.
fn departements(analysis: &Analysis, campaign: &Campaign, meta: &ReportMeta) -> Table {
    let p = &analysis.participation;
    let mut table = Table::new(
        "Participation par département principal",
        vec!["Département".into(), answered_header(campaign.level).to_owned()],
    );
    for dep in &p.by_departement {
        let c = &dep.count;
        table.row(departement_name(meta, dep.departement.as_str()), vec![out_of((c.respondents, c.targets, c.rate))]);
    }
    table.totals.push(crate::charts::TableRow {
        header: "Ensemble".into(),
        cells: vec![out_of((p.total.respondents, p.total.targets, p.total.rate))],
    });
    table
}

/// Communes and inhabitants the respondents stand for, by département then overall.
fn coverage_table(analysis: &Analysis, campaign: &Campaign, meta: &ReportMeta) -> Table {
    let c = &analysis.coverage;
    let year = campaign.population_year.map_or_else(String::new, |y| format!(" (populations {y})"));
    let mut table = Table::new(
        format!("Communes et habitants représentés par les répondants{year}"),
        vec!["Périmètre".into(), "Communes".into(), "Habitants".into()],
    );
    for dep in &c.by_departement {
        table.row(
            departement_name(meta, dep.departement.as_str()),
            vec![covered(&dep.communes), covered(&dep.population)],
        );
    }
    table.totals.push(crate::charts::TableRow {
        header: "Ensemble".into(),
        cells: vec![covered(&c.communes), covered(&c.population)],
    });
    table
}

/// Annex A: every service of the catalogue, one table per theme, in catalogue order.
fn services(analysis: &Analysis, campaign: &Campaign) -> String {
    let catalogue = &campaign.catalogue;
    let columns = [
        "Service",
        "Déployé",
        "Taux de déploiement",
        "À l'étude",
        "Mutualisé",
        "Mutualisation prévue",
        "Taux de mutualisation",
    ];
    let mut out = String::new();
    for theme in &catalogue.themes {
        let mut table = Table::new(theme.label.clone(), columns.map(str::to_owned).to_vec());
        for s in analysis.services.iter().filter(|s| s.theme == theme.code) {
            table.row(
                catalogue.label(OptionList::Services, &s.service),
                vec![
                    thousands(s.deployed),
                    percent(s.deployment_rate),
                    thousands(s.studied),
                    thousands(s.mutualised),
                    thousands(s.planned),
                    percent(s.mutualisation_rate),
                ],
            );
        }
        if !table.rows.is_empty() {
            out.push_str(&table.html());
            out.push('\n');
        }
    }
    out
}

/// Annex B: the pooling types cited for the services of each theme (the seed's "typologie
/// des modèles de mutualisation par domaine"), types never cited left out.
fn types_by_theme(analysis: &Analysis, campaign: &Campaign) -> String {
    let catalogue = &campaign.catalogue;
    let mut out = String::new();
    for theme in analysis.mutualisation_types.by_theme.iter().flatten() {
        let label = catalogue.label(OptionList::Themes, &theme.theme);
        let cited: Vec<_> = theme.items.iter().filter(|m| m.mentions > 0).collect();
        if cited.is_empty() {
            out.push_str(&format!("<p class=\"vide\">{} : aucune mutualisation déclarée.</p>\n", escape(label)));
            continue;
        }
        let mut table = Table::new(label, vec!["Type de mutualisation".into(), "Mentions (part)".into()]);
        for m in cited {
            table.row(catalogue.label(OptionList::Types, &m.code), vec![count_rate(m.mentions, m.share)]);
        }
        out.push_str(&table.html());
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
                .map(|v| context! { text => v.text.clone(), who => attribution(analysis, campaign, v) })
                .collect();
            context! { question => group.question.clone(), label => group.label.clone(), items => items }
        })
        .collect();
    Value::from(groups)
}

/// `Communauté de communes, < 10 000 habitants`: who said it, never by name.
fn attribution(analysis: &Analysis, campaign: &Campaign, quote: &Verbatim) -> String {
    let kind = match quote.nature.as_deref() {
        Some("CC") => "Communauté de communes",
        Some("CA") => "Communauté d'agglomération",
        Some("CU") => "Communauté urbaine",
        Some("METRO") => "Métropole",
        Some(other) => other,
        None if campaign.level == TargetLevel::Epci => "EPCI",
        None => "Commune",
    };
    let class = analysis.size_classes.iter().find(|c| c.code == quote.size_class);
    match class {
        Some(class) => format!("{kind}, {} habitants", class.label),
        None => kind.to_owned(),
    }
}
