//! The sheet « Suites données » of the XLSX report, written only when the report has the
//! chapter: one row per working group, first those drawn from the wave (subject, status,
//! facilitator, next meeting as `AAAA-MM-JJ` so it sorts, last decision, members), then those
//! of other waves followed in it, with the number and the names of their members who pool
//! the service, deploy or study it alone, answered without it, or did not answer (columns
//! always present, empty for the wave's own groups, so a script reads the same columns).

use super::{
    Cell::{self, Int, Text},
    Formats, Sheet,
};
use crate::report::groups::{
    Names, ReportGroups, SITUATIONS, facilitator, last_decision, lists, member_codes, subject_kind, subject_label,
};
use mutu_domain::campaign::Campaign;
use mutu_domain::groups::WorkingGroup;
use rust_xlsxwriter::{Workbook, XlsxError};

/// The sheet's name, as the chapter's title.
pub(crate) const SHEET: &str = "Suites données";

/// What the first column says of a group drawn from the wave.
const DRAWN: &str = "Groupe de la vague";
/// What it says of a group of another wave followed in this one.
const FOLLOWED: &str = "Suivi d'un groupe d'une autre vague";

/// The texts of a group's common columns, owned while its row is written.
struct Common {
    campaign: String,
    code: String,
    label: String,
    facilitator: String,
    next_meeting: String,
    decision: String,
    codes: String,
    names: String,
}

impl Common {
    fn of(g: &WorkingGroup, campaign: &Campaign, names: &Names) -> Common {
        let group = &g.group;
        let codes = member_codes(&group.members);
        Common {
            campaign: group.campaign.to_string(),
            code: group.subject.code().to_owned(),
            label: subject_label(&group.subject, campaign),
            facilitator: facilitator(group).unwrap_or_default(),
            next_meeting: group.next_meeting.as_ref().map(ToString::to_string).unwrap_or_default(),
            decision: last_decision(group).unwrap_or_default(),
            names: names.names(&codes).join(", "),
            codes: codes.join(", "),
        }
    }

    /// The first fourteen cells of the group's row.
    fn cells<'a>(&'a self, part: &'a str, g: &'a WorkingGroup) -> Vec<Cell<'a>> {
        let group = &g.group;
        vec![
            Text(part),
            Int(g.id.max(0) as u64),
            Text(&group.name),
            Text(&self.campaign),
            Text(subject_kind(&group.subject)),
            Text(&self.code),
            Text(&self.label),
            Text(group.status.label()),
            Text(&self.facilitator),
            Text(&self.next_meeting),
            Text(&self.decision),
            Int(group.members.len() as u64),
            Text(&self.codes),
            Text(&self.names),
        ]
    }
}

/// Adds the sheet.
pub(super) fn sheet(
    workbook: &mut Workbook,
    groups: &ReportGroups,
    campaign: &Campaign,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let mut headers: Vec<String> = [
        "Partie",
        "N° du groupe",
        "Groupe",
        "Vague du groupe",
        "Sujet",
        "Code du sujet",
        "Libellé du sujet",
        "Statut",
        "Animation",
        "Prochaine réunion",
        "Dernière décision",
        "Membres (nombre)",
        "Membres (codes)",
        "Membres",
    ]
    .map(str::to_owned)
    .to_vec();
    for label in SITUATIONS {
        headers.push(format!("{label} (nombre)"));
        headers.push(label.to_owned());
    }
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut sheet = Sheet::new(workbook, SHEET, &headers, formats)?;
    let names = Names::of(campaign);
    for g in &groups.drawn {
        let common = Common::of(g, campaign, &names);
        sheet.row(&common.cells(DRAWN, g))?;
    }
    for f in &groups.followed {
        let common = Common::of(&f.group, campaign, &names);
        let situations: Vec<(usize, String)> =
            lists(&f.follow_up).into_iter().map(|(_, codes)| (codes.len(), names.names(codes).join(", "))).collect();
        let mut cells = common.cells(FOLLOWED, &f.group);
        for (count, members) in &situations {
            cells.push(Int(*count as u64));
            cells.push(Text(members));
        }
        sheet.row(&cells)?;
    }
    let mut widths = vec![22.0, 8.0, 32.0, 14.0, 9.0, 18.0, 36.0, 12.0, 32.0, 12.0, 48.0, 9.0, 30.0, 60.0];
    widths.extend([9.0, 40.0].repeat(SITUATIONS.len()));
    sheet.widths(&widths)
}
