//! Working groups on the study side (issue 16): from the study to action. A wave's groups,
//! with the form that gathers bodies of the wave (or an opportunity's group of neighbours)
//! into one, and the follow-up of the groups of other waves in this one; a group's page with
//! its members on a map, where each stands on the subject, the savings the cost model
//! estimates, the offers of the register that cover it, and the lead's forms to move it
//! along (status, facilitator, next meeting, notes and decisions, documents, invitations).
//!
//! Everything a group may be is decided by [`mutu_domain::groups`]; the figures come from
//! the domain's follow-up, cost model and offers, over the wave the server's cache holds.
//! The list of a body's groups ([`of_body`]) is shared with the body's pages, where a
//! respondent sees the groups of its own body only.

mod edit;
mod page;
mod wave;

use crate::extract::path_param;
use crate::routes::{Access, RouteTable};
use crate::{AppState, WebError};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use mutu_domain::catalogue::{Catalogue, OptionList};
use mutu_domain::groups::{Subject, WorkingGroup};
use mutu_storage::Store;
use serde::Serialize;

/// Templates of the groups pages.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("groups/wave.html", include_str!("../../templates/groups/wave.html")),
    ("groups/group.html", include_str!("../../templates/groups/group.html")),
    ("groups/_list.html", include_str!("../../templates/groups/_list.html")),
];

/// Routes of the groups pages.
pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/vagues/{code}/groupes", Access::Viewer, wave::page)
        .post("/vagues/{code}/groupes", Access::Lead, wave::create)
        .get("/groupes/{id}", Access::Viewer, page::page)
        .get("/groupes/{id}/membres.csv", Access::Viewer, page::members_csv)
        .post("/groupes/{id}/statut", Access::Lead, edit::status)
        .post("/groupes/{id}/fiche", Access::Lead, edit::details)
        .post("/groupes/{id}/notes", Access::Lead, edit::note)
        .post("/groupes/{id}/documents", Access::Lead, edit::document)
        .post("/groupes/{id}/invitations", Access::Lead, edit::invite)
}

/// The group named by the path's `{id}`; a malformed or unknown id is the uniform 404.
pub(crate) struct GroupPath(pub WorkingGroup);

impl FromRequestParts<AppState> for GroupPath {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let id: i64 = path_param(parts, "id").await?.parse().map_err(|_| WebError::NotFound)?;
        Ok(GroupPath(state.store.group(id).await?))
    }
}

/// What a group is about, in words: the service's or the theme's label in `catalogue`, or
/// the code alone when the catalogue no longer holds it.
pub(crate) fn subject_label(catalogue: &Catalogue, subject: &Subject) -> String {
    let list = match subject {
        Subject::Service(_) => OptionList::Services,
        Subject::Theme(_) => OptionList::Themes,
    };
    catalogue.label(list, subject.code()).to_owned()
}

/// A group in a list: on a wave's groups page and on its members' pages.
#[derive(Debug, Serialize)]
pub(crate) struct GroupLine {
    id: i64,
    name: String,
    campaign: String,
    subject: String,
    status: &'static str,
    members: usize,
    member_names: Vec<String>,
    facilitator: Option<String>,
    next_meeting: Option<String>,
}

/// The line of `group`, its subject and members named from `catalogue` and `names`.
pub(crate) fn line(group: &WorkingGroup, catalogue: &Catalogue, names: impl Fn(&str) -> Option<String>) -> GroupLine {
    let g = &group.group;
    GroupLine {
        id: group.id,
        name: g.name.clone(),
        campaign: g.campaign.to_string(),
        subject: subject_label(catalogue, &g.subject),
        status: g.status.code(),
        members: g.members.len(),
        member_names: g.members.iter().map(|m| names(m.as_str()).unwrap_or_else(|| m.to_string())).collect(),
        facilitator: g.facilitator.as_ref().map(|f| f.name.clone()),
        next_meeting: g.next_meeting.as_ref().map(ToString::to_string),
    }
}

/// The groups `code` is a member of, in every wave (a body keeps its code from one wave to
/// the next), newest first; each named with the catalogue and targets of `campaign`, the
/// wave of the page that lists them.
pub(crate) async fn of_body(
    store: &Store,
    campaign: &mutu_domain::campaign::Campaign,
    code: &str,
) -> Result<Vec<GroupLine>, WebError> {
    let targets = campaign.target_index();
    let mut groups = store.groups_of_member(code).await?;
    groups.reverse();
    Ok(groups.iter().map(|g| line(g, &campaign.catalogue, |m| targets.get(m).map(|t| t.name.clone()))).collect())
}
