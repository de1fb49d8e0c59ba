//! The report as an XLSX workbook: one sheet per table of the analysis (participation,
//! coverage, themes, services, rankings, pooling types overall, by size class and by theme,
//! actors, obstacles, expected support), the weighted estimates with their strata, the
//! pooling opportunities when known (every group of every service), the verbatims, the
//! study's qualitative material when given (verbatims by theme, benchmark, actors met), the
//! working groups (« Suites données ») when the report has them, then the answers without
//! personal data.
//!
//! Counts are numbers, rates numbers shown as percentages (left empty when undefined), and
//! every text is written with `write_string`: a quote such as `=1+1` stays that text and is
//! never read as a formula. Each sheet has a bold header row, frozen.

mod groups_sheet;
mod opportunities_sheet;
mod qualitative_sheets;
mod weighted_sheets;

use super::{Report, ReportMeta};
use crate::charts::level_noun;
use crate::error::RenderError;
use crate::export::{ExportOptions, answers_sheet};
use mutu_domain::analysis::{Analysis, Count, CountItem, Covered, Mention, Mentions};
use mutu_domain::answers::Response;
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::{Catalogue, OptionList};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// Writes the report as an XLSX workbook at `path`, ending with the sheet "Réponses" of
/// [`write_xlsx`](crate::write_xlsx) without personal data.
pub(super) fn write(report: &Report, responses: &[Response], path: &Path) -> Result<(), RenderError> {
    build(report, responses, path).map_err(|source| RenderError::Xlsx { path: path.to_owned(), source })
}

/// One cell of a sheet.
#[derive(Clone, Copy)]
enum Cell<'a> {
    Text(&'a str),
    Int(u64),
    Rate(Option<f64>),
}
use Cell::{Int, Rate, Text};

/// A sheet being filled row by row.
struct Sheet<'w> {
    sheet: &'w mut Worksheet,
    row: u32,
    rate: &'w Format,
}

impl<'w> Sheet<'w> {
    /// A new sheet with its bold, frozen header row; the first column made wide.
    fn new(workbook: &'w mut Workbook, name: &str, headers: &[&str], formats: &'w Formats) -> Result<Self, XlsxError> {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        for (col, header) in (0..).zip(headers) {
            sheet.write_string_with_format(0, col, *header, &formats.bold)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(Sheet { sheet, row: 1, rate: &formats.rate })
    }

    fn row(&mut self, cells: &[Cell]) -> Result<(), XlsxError> {
        for (col, cell) in (0..).zip(cells) {
            match cell {
                Text("") | Rate(None) => {}
                Text(text) => {
                    self.sheet.write_string(self.row, col, *text)?;
                }
                Int(n) => {
                    self.sheet.write_number(self.row, col, *n as f64)?;
                }
                Rate(Some(rate)) => {
                    self.sheet.write_number_with_format(self.row, col, *rate, self.rate)?;
                }
            }
        }
        self.row += 1;
        Ok(())
    }

    fn widths(self, widths: &[f64]) -> Result<(), XlsxError> {
        for (col, width) in (0..).zip(widths) {
            self.sheet.set_column_width(col, *width)?;
        }
        Ok(())
    }
}

struct Formats {
    bold: Format,
    rate: Format,
}

fn build(report: &Report, responses: &[Response], path: &Path) -> Result<(), XlsxError> {
    let (analysis, campaign, meta) = (&report.analysis, &report.campaign, &report.meta);
    let mut workbook = Workbook::new();
    let formats = Formats { bold: Format::new().set_bold(), rate: Format::new().set_num_format("0.0%") };
    let catalogue = &campaign.catalogue;
    wave(&mut workbook, analysis, campaign, meta, &formats)?;
    participation(&mut workbook, analysis, meta, &formats)?;
    coverage(&mut workbook, analysis, meta, &formats)?;
    counts(&mut workbook, "Thématiques", analysis, &analysis.themes, catalogue, OptionList::Themes, &formats)?;
    services(&mut workbook, analysis, catalogue, &formats)?;
    rankings(&mut workbook, analysis, catalogue, &formats)?;
    let types = &analysis.mutualisation_types;
    mentions(&mut workbook, ["Types", "Types par taille"], analysis, types, catalogue, OptionList::Types, &formats)?;
    types_by_theme(&mut workbook, types, catalogue, &formats)?;
    mentions(
        &mut workbook,
        ["Acteurs", "Acteurs par taille"],
        analysis,
        &analysis.actors,
        catalogue,
        OptionList::Actors,
        &formats,
    )?;
    counts(&mut workbook, "Freins", analysis, &analysis.obstacles, catalogue, OptionList::Obstacles, &formats)?;
    counts(
        &mut workbook,
        "Aides attendues",
        analysis,
        &analysis.expected_support,
        catalogue,
        OptionList::Support,
        &formats,
    )?;
    let fmt = crate::format::Format::FR.with_secrecy(report.audience.secrecy());
    weighted_sheets::sheets(&mut workbook, &report.weighted, analysis, campaign, &fmt, &formats)?;
    if let Some(o) = &report.opportunities {
        opportunities_sheet::sheet(&mut workbook, o, campaign, &formats)?;
    }
    qualitative_sheets::answers_verbatims(&mut workbook, analysis, &formats)?;
    if let Some(q) = &report.qualitative {
        qualitative_sheets::sheets(&mut workbook, q, campaign, &formats)?;
    }
    if let Some(g) = &report.groups {
        groups_sheet::sheet(&mut workbook, g, campaign, &formats)?;
    }
    answers_sheet(&mut workbook, campaign, responses, &ExportOptions { include_personal: false }, &formats.bold)?;
    workbook.save(path)
}

fn wave(
    workbook: &mut Workbook,
    analysis: &Analysis,
    campaign: &Campaign,
    meta: &ReportMeta,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let mut sheet = Sheet::new(workbook, "Vague", &["Élément", "Valeur"], formats)?;
    let date = |d: Option<time::Date>| d.map(|d| crate::format::Format::FR.long_date(d)).unwrap_or_default();
    let year = campaign.population_year.map(|y| y.to_string()).unwrap_or_default();
    let total = &analysis.participation.total;
    sheet.row(&[Text("Code"), Text(&analysis.campaign)])?;
    sheet.row(&[Text("Nom"), Text(&campaign.name)])?;
    sheet.row(&[Text("Cibles"), Text(level_noun(campaign.level))])?;
    sheet.row(&[Text("Nombre de cibles"), Int(total.targets)])?;
    sheet.row(&[Text("Répondants (réponses complètes)"), Int(total.respondents)])?;
    sheet.row(&[Text("Taux de participation"), Rate(total.rate)])?;
    sheet.row(&[Text("Ouverture"), Text(&date(meta.opens_on))])?;
    sheet.row(&[Text("Clôture"), Text(&date(meta.closes_on))])?;
    sheet.row(&[Text("Année des populations"), Text(&year)])?;
    sheet.row(&[Text("Produit le"), Text(&super::rfc3339(meta.generated_at))])?;
    sheet.row(&[Text("Version de mutu"), Text(&meta.version)])?;
    sheet.widths(&[34.0, 60.0])
}

fn departement<'a>(meta: &'a ReportMeta, code: &'a str) -> &'a str {
    meta.departement_names.get(code).map_or(code, String::as_str)
}

fn participation(
    workbook: &mut Workbook,
    analysis: &Analysis,
    meta: &ReportMeta,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let headers = ["Périmètre", "Code", "Libellé", "Cibles", "Répondants", "Taux de participation"];
    let mut sheet = Sheet::new(workbook, "Participation", &headers, formats)?;
    let p = &analysis.participation;
    let mut line = |kind: &str, code: &str, label: &str, c: &Count| {
        sheet.row(&[Text(kind), Text(code), Text(label), Int(c.targets), Int(c.respondents), Rate(c.rate)])
    };
    for (class, row) in analysis.size_classes.iter().zip(&p.by_size_class) {
        line("classe de taille", &class.code, &class.label, &row.count)?;
    }
    for row in &p.by_departement {
        let code = row.departement.as_str();
        line("département", code, departement(meta, code), &row.count)?;
    }
    line("ensemble", "", "Ensemble", &p.total)?;
    sheet.widths(&[18.0, 12.0, 24.0])
}

fn coverage(
    workbook: &mut Workbook,
    analysis: &Analysis,
    meta: &ReportMeta,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let headers = [
        "Périmètre",
        "Code",
        "Libellé",
        "Communes couvertes",
        "Communes",
        "Part des communes",
        "Habitants couverts",
        "Habitants",
        "Part des habitants",
    ];
    let mut sheet = Sheet::new(workbook, "Couverture", &headers, formats)?;
    let c = &analysis.coverage;
    let mut line = |kind: &str, code: &str, label: &str, communes: &Covered, population: &Covered| {
        sheet.row(&[
            Text(kind),
            Text(code),
            Text(label),
            Int(communes.covered),
            Int(communes.total),
            Rate(communes.rate),
            Int(population.covered),
            Int(population.total),
            Rate(population.rate),
        ])
    };
    for dep in &c.by_departement {
        let code = dep.departement.as_str();
        line("département", code, departement(meta, code), &dep.communes, &dep.population)?;
    }
    line("ensemble", "", "Ensemble", &c.communes, &c.population)?;
    sheet.widths(&[14.0, 8.0, 24.0])
}

/// Respondents citing each code, overall then count and rate within each size class.
fn counts(
    workbook: &mut Workbook,
    name: &str,
    analysis: &Analysis,
    items: &[CountItem],
    catalogue: &Catalogue,
    list: OptionList,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let mut headers = vec!["Code".to_owned(), "Libellé".into(), "Répondants".into(), "Taux".into()];
    for class in &analysis.size_classes {
        headers.push(format!("{} : répondants", class.label));
        headers.push(format!("{} : taux", class.label));
    }
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut sheet = Sheet::new(workbook, name, &headers, formats)?;
    for item in items {
        let mut cells =
            vec![Text(&item.code), Text(catalogue.label(list, &item.code)), Int(item.count), Rate(item.rate)];
        for class in &analysis.size_classes {
            let in_class = item.by_size_class.iter().find(|c| c.size_class == class.code);
            cells.push(in_class.map_or(Text(""), |c| Int(c.count)));
            cells.push(Rate(in_class.and_then(|c| c.rate)));
        }
        sheet.row(&cells)?;
    }
    sheet.widths(&[22.0, 60.0])
}

fn services(
    workbook: &mut Workbook,
    analysis: &Analysis,
    catalogue: &Catalogue,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let headers = [
        "Code",
        "Libellé",
        "Thématique",
        "Déployé",
        "À l'étude",
        "Taux de déploiement",
        "Mutualisé",
        "Mutualisation prévue",
        "Taux de mutualisation",
    ];
    let mut sheet = Sheet::new(workbook, "Services", &headers, formats)?;
    for s in &analysis.services {
        sheet.row(&[
            Text(&s.service),
            Text(catalogue.label(OptionList::Services, &s.service)),
            Text(catalogue.label(OptionList::Themes, &s.theme)),
            Int(s.deployed),
            Int(s.studied),
            Rate(s.deployment_rate),
            Int(s.mutualised),
            Int(s.planned),
            Rate(s.mutualisation_rate),
        ])?;
    }
    sheet.widths(&[22.0, 60.0, 40.0])
}

fn rankings(
    workbook: &mut Workbook,
    analysis: &Analysis,
    catalogue: &Catalogue,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let mut sheet = Sheet::new(workbook, "Classements", &["Classement", "Rang", "Code", "Libellé"], formats)?;
    let r = &analysis.rankings;
    let lists: [(&str, &[String]); 4] = [
        ("Les plus déployés (au moins un tiers des répondants)", &r.most_deployed),
        ("Les moins déployés", &r.least_deployed),
        ("Non déployés, les plus étudiés", &r.most_studied_not_deployed),
        ("Les plus mutualisés ou sur le point de l'être", &r.most_mutualised),
    ];
    for (name, codes) in lists {
        for (rank, code) in (1..).zip(codes) {
            sheet.row(&[Text(name), Int(rank), Text(code), Text(catalogue.label(OptionList::Services, code))])?;
        }
    }
    sheet.widths(&[48.0, 6.0, 22.0, 60.0])
}

/// Mentions overall (first sheet) and within each size class (second sheet).
fn mentions(
    workbook: &mut Workbook,
    [overall, by_class]: [&str; 2],
    analysis: &Analysis,
    mentions: &Mentions,
    catalogue: &Catalogue,
    list: OptionList,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let mut sheet = Sheet::new(workbook, overall, &["Code", "Libellé", "Mentions", "Part des mentions"], formats)?;
    for m in &mentions.total {
        mention_row(&mut sheet, &[], m, catalogue, list)?;
    }
    sheet.widths(&[22.0, 60.0])?;
    let headers = ["Classe de taille", "Classe (libellé)", "Code", "Libellé", "Mentions", "Part des mentions"];
    let mut sheet = Sheet::new(workbook, by_class, &headers, formats)?;
    for class in &mentions.by_size_class {
        let label = analysis.size_classes.iter().find(|c| c.code == class.size_class).map_or("", |c| c.label.as_str());
        for m in &class.items {
            mention_row(&mut sheet, &[Text(&class.size_class), Text(label)], m, catalogue, list)?;
        }
    }
    sheet.widths(&[14.0, 18.0, 22.0, 60.0])
}

fn mention_row(
    sheet: &mut Sheet,
    first: &[Cell],
    m: &Mention,
    catalogue: &Catalogue,
    list: OptionList,
) -> Result<(), XlsxError> {
    let label = catalogue.label(list, &m.code);
    let mut cells = first.to_vec();
    cells.extend([Text(&m.code), Text(label), Int(m.mentions), Rate(m.share)]);
    sheet.row(&cells)
}

fn types_by_theme(
    workbook: &mut Workbook,
    types: &Mentions,
    catalogue: &Catalogue,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let headers = ["Thématique", "Thématique (libellé)", "Code", "Libellé", "Mentions", "Part des mentions"];
    let mut sheet = Sheet::new(workbook, "Types par thématique", &headers, formats)?;
    for theme in types.by_theme.iter().flatten() {
        let label = catalogue.label(OptionList::Themes, &theme.theme);
        for m in &theme.items {
            mention_row(&mut sheet, &[Text(&theme.theme), Text(label)], m, catalogue, OptionList::Types)?;
        }
    }
    sheet.widths(&[22.0, 40.0, 22.0, 60.0])
}
