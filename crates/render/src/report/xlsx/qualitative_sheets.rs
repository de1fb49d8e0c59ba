//! The qualitative sheets of the XLSX report: "Verbatims" (the answers' free texts by
//! question), then, when the study's material is given, "Verbatims par thème" (one row per
//! verbatim and theme), "Benchmark" (one row per criterion, MOOF item and source of each
//! structure) and "Acteurs rencontrés" (one row per role met). Like every sheet, texts are written as
//! strings, never read as formulas; no name, email nor interview note is held.

use super::{Cell::Text, Formats, Sheet};
use crate::report::qualitative::{ReportQualitative, actor_groups, comparison, moof, sources};
use mutu_domain::analysis::Analysis;
use mutu_domain::campaign::Campaign;
use rust_xlsxwriter::{Workbook, XlsxError};

/// The answers' free texts by question, attributed to a nature and a size class.
pub(super) fn answers_verbatims(
    workbook: &mut Workbook,
    analysis: &Analysis,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let headers = ["Question", "Libellé de la question", "Texte", "Nature", "Classe de taille"];
    let mut sheet = Sheet::new(workbook, "Verbatims", &headers, formats)?;
    for group in &analysis.verbatims {
        for v in &group.items {
            let class = analysis.size_classes.iter().find(|c| c.code == v.size_class).map_or("", |c| c.label.as_str());
            sheet.row(&[
                Text(&group.question),
                Text(&group.label),
                Text(&v.text),
                Text(v.nature.as_deref().unwrap_or("")),
                Text(class),
            ])?;
        }
    }
    sheet.widths(&[18.0, 50.0, 90.0, 10.0, 18.0])
}

/// Adds the three sheets of the study's material.
pub(super) fn sheets(
    workbook: &mut Workbook,
    q: &ReportQualitative,
    campaign: &Campaign,
    formats: &Formats,
) -> Result<(), XlsxError> {
    verbatims(workbook, q, formats)?;
    benchmark(workbook, q, campaign, formats)?;
    actors(workbook, q, formats)
}

fn verbatims(workbook: &mut Workbook, q: &ReportQualitative, formats: &Formats) -> Result<(), XlsxError> {
    let headers = ["Thème", "Libellé du thème", "Citation", "Source", "Attribution"];
    let mut sheet = Sheet::new(workbook, "Verbatims par thème", &headers, formats)?;
    for theme in &q.themes {
        for v in &theme.verbatims {
            sheet.row(&[
                Text(&theme.code),
                Text(&theme.label),
                Text(&v.quote),
                Text(v.source),
                Text(&v.attribution),
            ])?;
        }
    }
    sheet.widths(&[24.0, 40.0, 90.0, 14.0, 36.0])
}

fn benchmark(
    workbook: &mut Workbook,
    q: &ReportQualitative,
    campaign: &Campaign,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let headers = ["Structure", "Rubrique", "Texte", "Sources", "Nature"];
    let mut sheet = Sheet::new(workbook, "Benchmark", &headers, formats)?;
    let criteria = comparison(&q.structures, campaign);
    for (index, s) in q.structures.iter().enumerate() {
        for (label, cells) in &criteria {
            sheet.row(&[Text(&s.name), Text(label), Text(&cells[index])])?;
        }
        for (quadrant, items) in moof(s) {
            for item in items {
                let nature = if item.judgement { "appréciation de l'équipe d'étude" } else { "fait sourcé" };
                sheet.row(&[Text(&s.name), Text(quadrant), Text(&item.text), Text(&sources(item)), Text(nature)])?;
            }
        }
        for source in &s.sources {
            sheet.row(&[Text(&s.name), Text("Source"), Text(&source.reference), Text(&source.tag)])?;
        }
    }
    sheet.widths(&[36.0, 28.0, 100.0, 14.0, 30.0])
}

fn actors(workbook: &mut Workbook, q: &ReportQualitative, formats: &Formats) -> Result<(), XlsxError> {
    let headers = ["Territoire", "Organisme", "Type d'organisme", "Fonction de la personne rencontrée"];
    let mut sheet = Sheet::new(workbook, "Acteurs rencontrés", &headers, formats)?;
    for group in actor_groups(&q.actors) {
        for a in group.organisations {
            let kind = a.body_type.label();
            if a.roles.is_empty() {
                sheet.row(&[Text(group.title), Text(&a.organisation), Text(kind)])?;
            }
            for role in &a.roles {
                sheet.row(&[Text(group.title), Text(&a.organisation), Text(kind), Text(role)])?;
            }
        }
    }
    sheet.widths(&[30.0, 60.0, 28.0, 70.0])
}
