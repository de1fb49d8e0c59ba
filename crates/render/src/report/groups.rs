//! The chapter « Suites données » of a wave's report: what the study led to. Two parts, each
//! present only when it has a group:
//!
//! - the working groups drawn from the wave (name, subject, members, status, facilitator,
//!   next meeting, last decision): what the leads made of its opportunities;
//! - the groups drawn from other waves, followed in this one by the rule of `mutu groups
//!   follow-up` ([`follow_up`]): which members now pool the service (or a service of the
//!   theme), which deploy or study it alone, which answered without it, which did not answer.
//!
//! The chapter names bodies, so only the study's report carries it ([`Report::with_groups`]
//! drops it for the public), and when no group concerns the wave the chapter is absent, not
//! empty. The texts are written here once for every format: the report's view (HTML, PDF)
//! and the workbook's sheet read the same helpers.
//!
//! [`Report::with_groups`]: super::Report::with_groups

use crate::format::french_date;
use mutu_domain::answers::Response;
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::OptionList;
use mutu_domain::codes::TargetCode;
use mutu_domain::groups::{GroupFollowUp, NewGroup, NoteKind, Subject, WorkingGroup, follow_up};
use serde::Serialize;
use std::collections::BTreeMap;

/// A group drawn from another wave, with where its members stand in the report's wave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowedGroup {
    /// The group as stored (its own wave, status, members).
    pub group: WorkingGroup,
    /// Its members in the report's wave, by the rule of `mutu groups follow-up`.
    pub follow_up: GroupFollowUp,
}

/// The working groups that concern a wave, as its report shows them. Built by
/// [`ReportGroups::new`] from every stored group, so `mutu report` and the web's downloads
/// read the same groups by the same rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportGroups {
    /// The groups drawn from the wave, in the order given (the store's: by id).
    pub drawn: Vec<WorkingGroup>,
    /// The groups of other waves with at least one member among the wave's targets, each
    /// with its follow-up in the wave.
    pub followed: Vec<FollowedGroup>,
}

impl ReportGroups {
    /// Sorts `groups` (every stored group, any wave) for the report of `campaign`: its own
    /// groups, and the follow-up in it of the others, computed from `responses` as `mutu
    /// groups follow-up` does. A group of another wave none of whose members is a target of
    /// this one (another territory) does not concern it and is left out. `None` when no
    /// group concerns the wave: the report then has no such chapter.
    pub fn new(campaign: &Campaign, responses: &[Response], groups: Vec<WorkingGroup>) -> Option<ReportGroups> {
        let targets = campaign.target_index();
        let (drawn, others): (Vec<WorkingGroup>, Vec<WorkingGroup>) =
            groups.into_iter().partition(|g| g.group.campaign == campaign.code);
        let others: Vec<WorkingGroup> =
            others.into_iter().filter(|g| g.group.members.iter().any(|m| targets.contains_key(m.as_str()))).collect();
        let found = follow_up(&others, campaign, responses);
        let followed =
            others.into_iter().zip(found.groups).map(|(group, follow_up)| FollowedGroup { group, follow_up });
        let groups = ReportGroups { drawn, followed: followed.collect() };
        (!groups.is_empty()).then_some(groups)
    }

    /// Whether no group concerns the wave.
    pub fn is_empty(&self) -> bool {
        self.drawn.is_empty() && self.followed.is_empty()
    }
}

/// `service` or `thème`: what kind of subject a group works on.
pub(crate) fn subject_kind(subject: &Subject) -> &'static str {
    match subject {
        Subject::Service(_) => "service",
        Subject::Theme(_) => "thème",
    }
}

/// The label of a group's service or theme in the wave's catalogue (a renamed service under
/// its new label); its code when the catalogue does not hold it.
pub(crate) fn subject_label(subject: &Subject, campaign: &Campaign) -> String {
    let catalogue = &campaign.catalogue;
    match subject {
        Subject::Service(code) => {
            subject.services(catalogue).first().map_or_else(|| code.to_string(), |s| s.label.clone())
        }
        Subject::Theme(code) => catalogue.label(OptionList::Themes, code.as_str()).to_owned(),
    }
}

/// `Conseil régional Hauts-de-France (Région)`, or `None` before a facilitator is known.
pub(crate) fn facilitator(group: &NewGroup) -> Option<String> {
    group.facilitator.as_ref().map(|f| format!("{} ({})", f.name, f.kind.label()))
}

/// The day of the next meeting in words (`15 octobre 2014`).
pub(crate) fn next_meeting(group: &NewGroup) -> Option<String> {
    group.next_meeting.as_ref().map(|d| french_date(d.as_str()).unwrap_or_else(|| d.to_string()))
}

/// The group's last decision, `12 mars 2026 : Cahier des charges commun`; `None` without one.
pub(crate) fn last_decision(group: &NewGroup) -> Option<String> {
    group.notes.iter().rev().find(|n| n.kind == NoteKind::Decision).map(|n| {
        let day = french_date(n.date.as_str()).unwrap_or_else(|| n.date.to_string());
        format!("{day} : {}", n.text.trim())
    })
}

/// Names of bodies by code: the wave's targets; a code it does not know shows as itself.
pub(crate) struct Names<'a>(BTreeMap<&'a str, &'a str>);

impl<'a> Names<'a> {
    /// The names of the wave's targets.
    pub(crate) fn of(campaign: &'a Campaign) -> Self {
        Names(campaign.targets.iter().map(|t| (t.code.as_str(), t.name.as_str())).collect())
    }

    /// Each code's name, in the order given.
    pub(crate) fn names<S: AsRef<str>>(&self, codes: &[S]) -> Vec<String> {
        codes
            .iter()
            .map(|c| self.0.get(c.as_ref()).map_or_else(|| c.as_ref().to_owned(), |n| (*n).to_owned()))
            .collect()
    }
}

/// The members of a group as text codes.
pub(crate) fn member_codes(members: &[TargetCode]) -> Vec<String> {
    members.iter().map(ToString::to_string).collect()
}

/// Where the members of a followed group stand, in the order the report gives them.
pub(crate) const SITUATIONS: [&str; 4] = [
    "Mutualisent",
    "Déploient ou étudient seuls",
    "Ont répondu sans le déployer ni l'étudier",
    "Sans réponse complète",
];

/// The four lists of a follow-up, in the order of [`SITUATIONS`]: label and codes.
pub(crate) fn lists(f: &GroupFollowUp) -> [(&'static str, &[String]); 4] {
    let [pooling, alone, not_needed, silent] = SITUATIONS;
    [
        (pooling, f.pooling.as_slice()),
        (alone, f.alone.as_slice()),
        (not_needed, f.not_needed.as_slice()),
        (silent, f.silent.as_slice()),
    ]
}

/// The chapter as the HTML and PDF templates read it.
#[derive(Debug, Clone, Serialize)]
pub struct GroupsView {
    /// The working groups drawn from the wave; empty when none is.
    pub drawn: Vec<DrawnGroupView>,
    /// The groups of other waves followed in this one; empty when none is.
    pub followed: Vec<FollowedGroupView>,
}

/// What a group is about: `{ kind: "service", label: "Site internet institutionnel" }`.
#[derive(Debug, Clone, Serialize)]
pub struct SubjectView {
    /// `service` or `thème`.
    pub kind: &'static str,
    /// Its code in the catalogue.
    pub code: String,
    /// Its label in the wave's catalogue.
    pub label: String,
}

/// A group drawn from the wave.
#[derive(Debug, Clone, Serialize)]
pub struct DrawnGroupView {
    /// Its number (`mutu groups list`).
    pub id: i64,
    /// HTML anchor.
    pub anchor: String,
    /// Its name.
    pub name: String,
    /// What it works on.
    pub subject: SubjectView,
    /// Its status in words (`constituée`).
    pub status: &'static str,
    /// Names of its members, in the order of their codes.
    pub members: Vec<String>,
    /// Who leads it, with the kind (`… (Région)`), or none.
    pub facilitator: Option<String>,
    /// Day of its next meeting in words, or none.
    pub next_meeting: Option<String>,
    /// Its last decision, dated, or none.
    pub decision: Option<String>,
}

/// A group of another wave, followed in this one.
#[derive(Debug, Clone, Serialize)]
pub struct FollowedGroupView {
    /// Its number.
    pub id: i64,
    /// HTML anchor.
    pub anchor: String,
    /// Its name.
    pub name: String,
    /// Code of the wave it was drawn from.
    pub campaign: String,
    /// What it works on.
    pub subject: SubjectView,
    /// Its status in words.
    pub status: &'static str,
    /// How many members it has.
    pub members: usize,
    /// Its members by where they stand in this wave: four lists, always all four.
    pub lists: Vec<MemberListView>,
}

/// Members of a followed group in one situation.
#[derive(Debug, Clone, Serialize)]
pub struct MemberListView {
    /// The situation (`Mutualisent`, `Sans réponse complète`…).
    pub label: &'static str,
    /// How many members.
    pub count: usize,
    /// Their names.
    pub names: Vec<String>,
}

fn subject_view(subject: &Subject, campaign: &Campaign) -> SubjectView {
    SubjectView {
        kind: subject_kind(subject),
        code: subject.code().to_owned(),
        label: subject_label(subject, campaign),
    }
}

/// Builds the chapter's view.
pub(super) fn view(groups: &ReportGroups, campaign: &Campaign) -> GroupsView {
    let names = Names::of(campaign);
    let drawn = groups
        .drawn
        .iter()
        .map(|g| {
            let group = &g.group;
            DrawnGroupView {
                id: g.id,
                anchor: format!("groupe-{}", g.id),
                name: group.name.clone(),
                subject: subject_view(&group.subject, campaign),
                status: group.status.label(),
                members: names.names(&member_codes(&group.members)),
                facilitator: facilitator(group),
                next_meeting: next_meeting(group),
                decision: last_decision(group),
            }
        })
        .collect();
    let followed = groups
        .followed
        .iter()
        .map(|f| {
            let group = &f.group.group;
            FollowedGroupView {
                id: f.group.id,
                anchor: format!("suivi-groupe-{}", f.group.id),
                name: group.name.clone(),
                campaign: group.campaign.to_string(),
                subject: subject_view(&group.subject, campaign),
                status: group.status.label(),
                members: group.members.len(),
                lists: lists(&f.follow_up)
                    .into_iter()
                    .map(|(label, codes)| MemberListView { label, count: codes.len(), names: names.names(codes) })
                    .collect(),
            }
        })
        .collect();
    GroupsView { drawn, followed }
}

#[cfg(test)]
mod tests;
