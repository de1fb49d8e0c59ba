//! `GET /vagues/{code}/groupes`: the working groups drawn from a wave, the follow-up in it
//! of the groups drawn from other waves (did their members come to pool?) — the groups of
//! the report's chapter « Suites données », chosen by the same rule — and for leads
//! the form that creates a group. `POST /vagues/{code}/groupes` creates one: from members
//! typed by code, or from an opportunity's group of neighbours (`opportunite=SERVICE:N`, the
//! button of the opportunities page), with exactly that group's members.

use super::{GroupLine, line, subject_label};
use crate::extract::{Form, Posted, Study, WavePath};
use crate::page::{Invalid, render, see_other, ser, translate};
use crate::{AppState, WebError};
use axum::http::StatusCode;
use axum::response::Response;
use mutu_app::cache::Snapshot;
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::OptionList;
use mutu_domain::codes::CatalogueCode;
use mutu_domain::groups::{NewGroup, OpportunityRef, Subject, from_opportunity};
use mutu_render::ReportGroups;
use serde::Serialize;
use std::sync::Arc;

/// What the create form holds, kept after an error.
#[derive(Debug, Default, Serialize)]
struct Input {
    nom: String,
    sujet: String,
    membres: String,
}

/// A group of another wave, followed in this one.
#[derive(Debug, Serialize)]
struct FollowedView {
    group: GroupLine,
    pooling: Vec<String>,
    alone: Vec<String>,
    not_needed: Vec<String>,
    silent: Vec<String>,
}

/// The subjects a group may take in `campaign`: `service:CODE` for each service, then
/// `theme:CODE` for each theme, with their labels.
fn subjects(campaign: &Campaign) -> Vec<(String, String)> {
    let services = campaign.catalogue.services.iter().map(|s| (format!("service:{}", s.code), s.label.clone()));
    let themes =
        campaign.catalogue.themes.iter().map(|t| (format!("theme:{}", t.code), format!("Thème : {}", t.label)));
    services.chain(themes).collect()
}

/// Reads the form's `sujet` (`service:CODE` or `theme:CODE`).
fn subject(value: &str) -> Option<Subject> {
    let (kind, code) = value.split_once(':')?;
    let code = CatalogueCode::parse(code).ok()?;
    match kind {
        "service" => Some(Subject::Service(code)),
        "theme" => Some(Subject::Theme(code)),
        _ => None,
    }
}

async fn wave_page(
    s: &Study,
    wave: &WavePath,
    status: StatusCode,
    input: &Input,
    errors: &[Invalid],
) -> Result<Response, WebError> {
    let state: &AppState = &s.state;
    let snapshot = state.waves.wave(&state.store, &wave.code).await?;
    let campaign = &snapshot.campaign;
    let targets = campaign.target_index();
    let name = |code: &str| targets.get(code).map(|t| t.name.clone());
    // The same groups as the report's chapter « Suites données », by the same rule: the
    // wave's own, and those of other waves with a member among its targets, followed in it.
    let concern = ReportGroups::new(campaign, &snapshot.responses, state.store.groups(None).await?).unwrap_or_default();
    let own: Vec<GroupLine> = concern.drawn.iter().map(|g| line(g, &campaign.catalogue, name)).collect();
    let names =
        |codes: &[String]| codes.iter().map(|c| name(c.as_str()).unwrap_or_else(|| c.clone())).collect::<Vec<_>>();
    let followed: Vec<FollowedView> = concern
        .followed
        .iter()
        .map(|f| FollowedView {
            group: line(&f.group, &campaign.catalogue, name),
            pooling: names(&f.follow_up.pooling),
            alone: names(&f.follow_up.alone),
            not_needed: names(&f.follow_up.not_needed),
            silent: names(&f.follow_up.silent),
        })
        .collect();
    let context = minijinja::context! {
        wave => ser(&wave.meta),
        groups => ser(&own),
        followed => ser(&followed),
        subjects => ser(&subjects(campaign)),
        input => ser(input),
        errors => ser(&translate(state, s.lang, errors)),
    };
    render(state, s.lang, status, "groups/wave.html", Some(&s.user), context)
}

/// `GET /vagues/{code}/groupes`.
pub(super) async fn page(s: Study, wave: WavePath) -> Result<Response, WebError> {
    wave_page(&s, &wave, StatusCode::OK, &Input::default(), &[]).await
}

/// The group the form asks for, or the field at fault.
async fn read(s: &Study, snapshot: &Arc<Snapshot>, form: &Form) -> Result<NewGroup, Invalid> {
    let campaign = &snapshot.campaign;
    let mut name = form.get("nom").unwrap_or_default().trim().to_owned();
    let (subject, members) = if let Some(spec) = form.get("opportunite").filter(|o| !o.is_empty()) {
        let reference: OpportunityRef =
            spec.parse().map_err(|e| Invalid::new("nom", "groups-error").arg("message", format!("{e}")))?;
        let found = snapshot
            .opportunities(&s.state.store)
            .await
            .ok()
            .flatten()
            .ok_or_else(|| Invalid::new("nom", "groups-error-opportunities"))?;
        let members = from_opportunity(&found, &reference.service, reference.n)
            .map_err(|e| Invalid::new("nom", "groups-error").arg("message", e.to_string()))?;
        let code = CatalogueCode::parse(&reference.service)
            .map_err(|e| Invalid::new("nom", "groups-error").arg("message", e.to_string()))?;
        if name.is_empty() {
            let label = campaign.catalogue.label(OptionList::Services, code.as_str());
            name = format!("{label} — groupe {}", reference.n);
        }
        (Subject::Service(code), members)
    } else {
        let subject = subject(form.get("sujet").unwrap_or_default())
            .ok_or_else(|| Invalid::new("sujet", "groups-error-subject"))?;
        let members: Vec<String> = form
            .raw("membres")
            .split([',', ';', ' ', '\n', '\r', '\t'])
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        (subject, members)
    };
    NewGroup::new(campaign, &name, subject, &members).map_err(|e| {
        let field = match &e {
            mutu_domain::groups::GroupError::Invalid { field, .. } if field == "name" => "nom",
            mutu_domain::groups::GroupError::Invalid { field, .. } if field == "service" || field == "theme" => "sujet",
            _ => "membres",
        };
        Invalid::new(field, "groups-error").arg("message", e.to_string())
    })
}

/// `POST /vagues/{code}/groupes`: creates the group, then shows its page.
pub(super) async fn create(s: Study, wave: WavePath, Posted(form): Posted) -> Result<Response, WebError> {
    let snapshot = s.state.waves.wave(&s.state.store, &wave.code).await?;
    match read(&s, &snapshot, &form).await {
        Ok(group) => {
            let id = s.state.store.create_group(&group).await?;
            let subject = subject_label(&snapshot.campaign.catalogue, &group.subject);
            s.state
                .store
                .audit(&s.user.user.email, "groups.create", &format!("{id} {} ({subject})", wave.code))
                .await?;
            Ok(see_other(&format!("/groupes/{id}")))
        }
        Err(invalid) => {
            let input = Input {
                nom: form.get("nom").unwrap_or_default().to_owned(),
                sujet: form.get("sujet").unwrap_or_default().to_owned(),
                membres: form.raw("membres").to_owned(),
            };
            wave_page(&s, &wave, StatusCode::UNPROCESSABLE_ENTITY, &input, &[invalid]).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_is_a_service_or_a_theme() {
        assert!(matches!(subject("service:sig"), Some(Subject::Service(c)) if c.as_str() == "sig"));
        assert!(matches!(subject("theme:e_administration"), Some(Subject::Theme(_))));
        assert_eq!(subject("sig"), None);
        assert_eq!(subject("autre:sig"), None);
    }
}
