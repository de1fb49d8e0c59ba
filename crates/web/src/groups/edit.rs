//! The lead's forms on a group's page: move it along its life (status), set its name,
//! members, facilitator and next meeting, add a dated note or decision, link a document, and
//! invite its members by mail. The domain checks every change ([`NewGroup::check`] and the
//! status moves); a refused form shows the page again with the field at fault, nothing
//! stored. Each change is recorded in the audit journal.

use super::GroupPath;
use super::page::show;
use crate::extract::{Form, Posted, Study};
use crate::page::{Invalid, see_other};
use crate::{AppState, WebError};
use axum::http::StatusCode;
use axum::response::Response;
use mutu_app::mail::queue_group_invitations;
use mutu_domain::codes::Day;
use mutu_domain::groups::{
    DocumentLink, Facilitator, FacilitatorKind, GroupError, GroupStatus, HttpUrl, Note, NoteKind, WorkingGroup,
};

/// A domain refusal on the form's field `field`, in the domain's words.
fn refused(field: &'static str, e: impl std::fmt::Display) -> Invalid {
    Invalid::new(field, "groups-error").arg("message", e.to_string())
}

/// Stores the edited group and records `action`, then back to its page.
async fn save(state: &AppState, actor: &str, group: &WorkingGroup, action: &str) -> Result<Response, WebError> {
    state.store.update_group(group).await?;
    state.store.audit(actor, action, &group.id.to_string()).await?;
    Ok(see_other(&format!("/groupes/{}?fait={action}", group.id)))
}

/// The page again with the errors, status 422, nothing stored.
async fn again(s: &Study, group: &WorkingGroup, errors: &[Invalid]) -> Result<Response, WebError> {
    show(&s.state, s.lang, &s.user, group, StatusCode::UNPROCESSABLE_ENTITY, errors, None).await
}

/// `POST /groupes/{id}/statut`: `statut` is one of the moves the group's status allows.
pub(super) async fn status(s: Study, GroupPath(group): GroupPath, Posted(form): Posted) -> Result<Response, WebError> {
    let mut edited = group.clone();
    let moved = match form.get("statut").and_then(GroupStatus::parse) {
        Some(to) => edited.group.set_status(to).map_err(|e| refused("statut", e)),
        None => Err(Invalid::new("statut", "groups-error-status")),
    };
    match moved {
        Ok(()) => save(&s.state, &s.user.user.email, &edited, "groups.status").await,
        Err(e) => again(&s, &group, &[e]).await,
    }
}

/// Reads the details form into `group`: name, members (codes separated by commas, spaces or
/// lines), facilitator (kind and name, both or neither), next meeting (a day, or empty).
fn read_details(group: &mut WorkingGroup, form: &Form, campaign: &mutu_domain::campaign::Campaign) -> Vec<Invalid> {
    let mut errors = vec![];
    let g = &mut group.group;
    g.name = form.get("nom").unwrap_or_default().trim().to_owned();
    let codes: Vec<&str> =
        form.raw("membres").split([',', ';', ' ', '\n', '\r', '\t']).filter(|c| !c.is_empty()).collect();
    if let Err(e) = g.set_members(campaign, &codes) {
        errors.push(refused("membres", e));
    }
    let name = form.get("animateur").unwrap_or_default().trim();
    g.facilitator = match (form.get("animateur-type").and_then(FacilitatorKind::parse), name.is_empty()) {
        (Some(kind), false) => Some(Facilitator { kind, name: name.to_owned() }),
        (None, true) => None,
        (None, false) => {
            errors.push(Invalid::new("animateur-type", "groups-error-facilitator-kind"));
            None
        }
        (Some(_), true) => {
            errors.push(Invalid::new("animateur", "groups-error-facilitator-name"));
            None
        }
    };
    g.next_meeting = match form.get("prochaine-reunion").map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(day) => match Day::parse(day) {
            Ok(day) => Some(day),
            Err(e) => {
                errors.push(refused("prochaine-reunion", e));
                None
            }
        },
    };
    if errors.is_empty()
        && let Err(e) = g.check(campaign)
    {
        let field = match &e {
            GroupError::Invalid { field, .. } if field.starts_with("facilitator") => "animateur",
            GroupError::Invalid { field, .. } if field == "members" => "membres",
            _ => "nom",
        };
        errors.push(refused(field, e));
    }
    errors
}

/// `POST /groupes/{id}/fiche`: name, members, facilitator and next meeting.
pub(super) async fn details(s: Study, GroupPath(group): GroupPath, Posted(form): Posted) -> Result<Response, WebError> {
    let snapshot = s.state.waves.wave(&s.state.store, &group.group.campaign).await?;
    let mut edited = group.clone();
    let errors = read_details(&mut edited, &form, &snapshot.campaign);
    if errors.is_empty() {
        save(&s.state, &s.user.user.email, &edited, "groups.details").await
    } else {
        again(&s, &group, &errors).await
    }
}

/// `POST /groupes/{id}/notes`: a dated note, or a decision.
pub(super) async fn note(s: Study, GroupPath(group): GroupPath, Posted(form): Posted) -> Result<Response, WebError> {
    let mut errors = vec![];
    let date =
        Day::parse(form.get("note-date").unwrap_or_default().trim()).map_err(|e| errors.push(refused("note-date", e)));
    let kind = form.get("note-type").and_then(NoteKind::parse).unwrap_or(NoteKind::Note);
    let text = form.raw("note-texte").trim().to_owned();
    let mut edited = group.clone();
    if let Ok(date) = date
        && let Err(e) = edited.group.add_note(Note { date, kind, text })
    {
        errors.push(refused("note-texte", e));
    }
    if errors.is_empty() {
        save(&s.state, &s.user.user.email, &edited, "groups.note").await
    } else {
        again(&s, &group, &errors).await
    }
}

/// `POST /groupes/{id}/documents`: a link to one of the group's documents.
pub(super) async fn document(
    s: Study,
    GroupPath(group): GroupPath,
    Posted(form): Posted,
) -> Result<Response, WebError> {
    let mut errors = vec![];
    let title = form.get("doc-titre").unwrap_or_default().trim().to_owned();
    let url = HttpUrl::parse(form.get("doc-lien").unwrap_or_default().trim())
        .map_err(|e| errors.push(refused("doc-lien", e)));
    let mut edited = group.clone();
    if let Ok(url) = url {
        edited.group.documents.push(DocumentLink { title, url });
        let snapshot = s.state.waves.wave(&s.state.store, &group.group.campaign).await?;
        if let Err(e) = edited.group.check(&snapshot.campaign) {
            errors.push(refused("doc-titre", e));
        }
    }
    if errors.is_empty() {
        save(&s.state, &s.user.user.email, &edited, "groups.document").await
    } else {
        again(&s, &group, &errors).await
    }
}

/// `POST /groupes/{id}/invitations`: queues the group's invitation to each member with a
/// contact (a second click queues nothing twice); the page then says how many went, how
/// many were already waiting and how many members have no contact.
pub(super) async fn invite(s: Study, GroupPath(group): GroupPath) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    let done = queue_group_invitations(&state.store, group.id, &state.config.public_url, &user.user.email).await?;
    Ok(see_other(&format!(
        "/groupes/{}?invites={}&deja={}&sans={}",
        group.id,
        done.queued,
        done.already_waiting,
        done.without_contact.len()
    )))
}
