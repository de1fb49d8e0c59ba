//! The sheet "Opportunités" of the XLSX report: one row per group of neighbours of every
//! service (not only the report's first ones), with its service, number (as in `mutu
//! opportunities`), members, level, population, communes and estimated savings, so a study
//! team can sort and filter them.

use super::{
    Cell::{Int, Rate, Text},
    Formats, Sheet,
};
use crate::report::opportunities::level_label;
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::OptionList;
use mutu_domain::opportunities::Opportunities;
use rust_xlsxwriter::{Workbook, XlsxError};

/// Adds the sheet.
pub(super) fn sheet(
    workbook: &mut Workbook,
    o: &Opportunities,
    campaign: &Campaign,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let headers = [
        "Rang du service",
        "Service",
        "Libellé du service",
        "Score du service",
        "Groupe",
        "Membres (codes)",
        "Membres",
        "Niveau",
        "Habitants",
        "Communes",
        "Économie estimée (euros par an)",
    ];
    let mut sheet = Sheet::new(workbook, "Opportunités", &headers, formats)?;
    let names = campaign.target_index();
    for (rank, code) in (1..).zip(&o.ranking) {
        let Some(s) = o.services.iter().find(|s| &s.service == code) else { continue };
        let label = campaign.catalogue.label(OptionList::Services, &s.service);
        for (number, g) in (1..).zip(&s.groups) {
            let members: Vec<&str> =
                g.members.iter().map(|m| names.get(m.as_str()).map_or(m.as_str(), |t| t.name.as_str())).collect();
            sheet.row(&[
                Int(rank),
                Text(&s.service),
                Text(label),
                Rate(s.score),
                Int(number),
                Text(&g.members.join(", ")),
                Text(&members.join(", ")),
                Text(level_label(g.level)),
                Int(g.population),
                Int(g.communes),
                Int(g.estimated_savings.max(0.0).round() as u64),
            ])?;
        }
    }
    sheet.widths(&[8.0, 24.0, 44.0, 10.0, 8.0, 40.0, 70.0, 14.0, 12.0, 10.0, 16.0])
}
