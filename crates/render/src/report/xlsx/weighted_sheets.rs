//! The sheets "Estimations pondérées" and "Strates des estimations" of the XLSX report: the
//! report's chapter as numbers a study team can sort and reuse. One row per service and
//! measure (deployed, studied, pooled): the respondents' count beside the estimated share of
//! the targets and its 95 % interval as rates, the same read as the report prints it
//! (`41 % [33 – 49]`), and its status; then the strata, what qualifies the estimates and the
//! note on the method.

use super::{
    Cell::{Int, Rate, Text},
    Formats, Sheet,
};
use crate::format::Format as Fmt;
use crate::report::weighted::{self, MEASURES, Status};
use mutu_domain::analysis::{Analysis, Weighted};
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::OptionList;
use rust_xlsxwriter::{Workbook, XlsxError};

/// Adds the two sheets; `fmt` writes the read-out texts as the report does.
pub(super) fn sheets(
    workbook: &mut Workbook,
    w: &Weighted,
    analysis: &Analysis,
    campaign: &Campaign,
    fmt: &Fmt,
    formats: &Formats,
) -> Result<(), XlsxError> {
    estimates(workbook, w, analysis, campaign, fmt, formats)?;
    strata(workbook, w, analysis, fmt, formats)
}

fn estimates(
    workbook: &mut Workbook,
    w: &Weighted,
    analysis: &Analysis,
    campaign: &Campaign,
    fmt: &Fmt,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let headers = [
        "Service",
        "Libellé",
        "Mesure",
        "Répondants",
        "Part estimée des cibles",
        "IC 95 % : borne basse",
        "IC 95 % : borne haute",
        "Lecture",
        "Statut",
    ];
    let mut sheet = Sheet::new(workbook, "Estimations pondérées", &headers, formats)?;
    for s in &w.services {
        let label = campaign.catalogue.label(OptionList::Services, &s.service);
        let counts = weighted::counts(analysis, &s.service);
        for (i, e) in weighted::estimates(s).into_iter().enumerate() {
            let count = counts.map(|c| c[i]);
            let status = Status::of(w, e, count, fmt.secrecy);
            // A masked estimate is never written as a number, even in the study's workbook.
            let shown = (status == Status::Estimated).then_some(e);
            let [low, high] = shown.and_then(|e| e.ci95).map_or([None, None], |[l, h]| [Some(l), Some(h)]);
            let text = weighted::estimate_text(w, e, count, fmt);
            sheet.row(&[
                Text(&s.service),
                Text(label),
                Text(MEASURES[i].1),
                count.and_then(|n| fmt.secrecy.count(n).shown()).map_or(Text(""), Int),
                Rate(shown.and_then(|e| e.estimate)),
                Rate(low),
                Rate(high),
                Text(&text),
                Text(status.code()),
            ])?;
        }
    }
    sheet.widths(&[24.0, 50.0, 12.0, 11.0, 12.0, 12.0, 12.0, 18.0, 14.0])
}

fn strata(
    workbook: &mut Workbook,
    w: &Weighted,
    analysis: &Analysis,
    fmt: &Fmt,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let headers = ["Classes de taille", "Cibles", "Répondants", "Poids"];
    let mut sheet = Sheet::new(workbook, "Strates des estimations", &headers, formats)?;
    for s in &w.by_stratum {
        let label = weighted::stratum_label(analysis, &s.size_classes);
        let respondents = fmt.secrecy.count(s.respondents).shown();
        let respondents = respondents.map_or(Text(""), Int);
        let weight = s.weight.map_or(Text("écartée"), |w| Rate(Some(w)));
        sheet.row(&[Text(&label), Int(s.targets), respondents, weight])?;
    }
    sheet.row(&[])?;
    let notes = weighted::notes(w, analysis, fmt);
    for note in [notes.uncovered, notes.thin, notes.secrecy].into_iter().flatten() {
        sheet.row(&[Text(&note)])?;
    }
    sheet.row(&[Text(crate::WEIGHTED_NOTE)])?;
    sheet.widths(&[40.0, 10.0, 12.0, 10.0])
}
