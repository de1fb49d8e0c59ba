//! The tables of the report that are not charts (participation by département, coverage,
//! the annexes) and the attribution of the quotes, built once from the analysis for every
//! format that lays them out: the HTML report turns them into `<table>`s, the PDF report
//! hands them to its typst template as data.

use super::ReportMeta;
use crate::charts::{Table, TableRow, answered_header};
use crate::format::Format;
use mutu_domain::analysis::{Analysis, Covered, Verbatim};
use mutu_domain::campaign::{Campaign, TargetLevel};
use mutu_domain::catalogue::OptionList;

/// The pooling types cited for the services of one theme (annex B).
pub(crate) struct ThemeTypes {
    /// The theme's label.
    pub(crate) label: String,
    /// The types cited and their mentions; `None` when no service of the theme is pooled.
    pub(crate) table: Option<Table>,
}

/// `1 155 sur 1 546 (75 %)`.
fn covered(c: &Covered, fmt: &Format) -> String {
    fmt.out_of(c.covered, c.total, c.rate)
}

fn departement_name(meta: &ReportMeta, code: &str) -> String {
    meta.departement_names.get(code).cloned().unwrap_or_else(|| format!("Département {code}"))
}

/// Respondents over targets by main département, then overall.
pub(crate) fn departements(analysis: &Analysis, campaign: &Campaign, meta: &ReportMeta, fmt: &Format) -> Table {
    let p = &analysis.participation;
    let mut table = Table::new(
        "Participation par département principal",
        vec!["Département".into(), answered_header(campaign.level).to_owned()],
    );
    for dep in &p.by_departement {
        let c = &dep.count;
        table.row(departement_name(meta, dep.departement.as_str()), vec![fmt.out_of(c.respondents, c.targets, c.rate)]);
    }
    table.totals.push(TableRow {
        header: "Ensemble".into(),
        cells: vec![fmt.out_of(p.total.respondents, p.total.targets, p.total.rate)],
    });
    table
}

/// Communes and inhabitants the respondents stand for, by département then overall.
pub(crate) fn coverage(analysis: &Analysis, campaign: &Campaign, meta: &ReportMeta, fmt: &Format) -> Table {
    let c = &analysis.coverage;
    let year = campaign.population_year.map_or_else(String::new, |y| format!(" (populations {y})"));
    let mut table = Table::new(
        format!("Communes et habitants représentés par les répondants{year}"),
        vec!["Périmètre".into(), "Communes".into(), "Habitants".into()],
    );
    for dep in &c.by_departement {
        table.row(
            departement_name(meta, dep.departement.as_str()),
            vec![covered(&dep.communes, fmt), covered(&dep.population, fmt)],
        );
    }
    table.totals.push(TableRow {
        header: "Ensemble".into(),
        cells: vec![covered(&c.communes, fmt), covered(&c.population, fmt)],
    });
    table
}

/// Annex A: every service of the catalogue, one table per theme, in catalogue order;
/// themes without a service left out.
pub(crate) fn services(analysis: &Analysis, campaign: &Campaign, fmt: &Format) -> Vec<Table> {
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
    let mut tables = Vec::new();
    for theme in &catalogue.themes {
        let mut table = Table::new(theme.label.clone(), columns.map(str::to_owned).to_vec());
        for s in analysis.services.iter().filter(|s| s.theme == theme.code) {
            table.row(
                catalogue.label(OptionList::Services, &s.service),
                vec![
                    fmt.count(s.deployed),
                    fmt.percent(s.deployment_rate),
                    fmt.count(s.studied),
                    fmt.count(s.mutualised),
                    fmt.count(s.planned),
                    fmt.percent(s.mutualisation_rate),
                ],
            );
        }
        if !table.rows.is_empty() {
            tables.push(table);
        }
    }
    tables
}

/// Annex B: the pooling types cited for the services of each theme (the seed's "typologie
/// des modèles de mutualisation par domaine"), types never cited left out.
pub(crate) fn types_by_theme(analysis: &Analysis, campaign: &Campaign, fmt: &Format) -> Vec<ThemeTypes> {
    let catalogue = &campaign.catalogue;
    analysis
        .mutualisation_types
        .by_theme
        .iter()
        .flatten()
        .map(|theme| {
            let label = catalogue.label(OptionList::Themes, &theme.theme).to_owned();
            let cited: Vec<_> = theme.items.iter().filter(|m| m.mentions > 0).collect();
            let table = (!cited.is_empty()).then(|| {
                let mut table =
                    Table::new(label.clone(), vec!["Type de mutualisation".into(), "Mentions (part)".into()]);
                for m in cited {
                    table.row(catalogue.label(OptionList::Types, &m.code), vec![fmt.count_rate(m.mentions, m.share)]);
                }
                table
            });
            ThemeTypes { label, table }
        })
        .collect()
}

/// `Communauté de communes, < 10 000 habitants`: who said a quote, never by name; the
/// report, the pages and the public pages attribute quotes this one way.
pub fn attribution(analysis: &Analysis, campaign: &Campaign, quote: &Verbatim) -> String {
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
