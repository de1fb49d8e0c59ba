//! `GET /groupes/{id}`: a working group's page. Its members on a map and in a table, each
//! with where it stands on the group's subject in the group's wave (the domain's follow-up,
//! read on the wave itself), the savings the default cost model estimates for pooling the
//! subject among them, the offers of the register that cover every member's département,
//! then its notes, decisions, documents and, for leads, the forms that move it along.
//! `GET /groupes/{id}/membres.csv` is the starting file of a group purchase.

use super::{GroupPath, subject_label};
use crate::extract::{Query, Study, format_in};
use crate::maps::{WHOLE_WAVE_MAP, drawn};
use crate::page::{Invalid, departement_label, render, ser, translate};
use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mutu_domain::answers::{Answer, ServiceAnswer};
use mutu_domain::catalogue::OptionList;
use mutu_domain::groups::{FacilitatorKind, GroupFollowUp, NoteKind, WorkingGroup, follow_up};
use mutu_domain::offers::covering;
use mutu_domain::opportunities::CostModel;
use mutu_render::maps::{MapSpec, outlines_of};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// A member as the page lists it.
#[derive(Debug, Serialize)]
struct MemberView {
    code: String,
    name: String,
    population: String,
    departement: String,
    /// `pooling`, `alone`, `not_needed` or `silent` (see the follow-up).
    stands: &'static str,
    /// What its answer says of the subject's services: « Site internet : déployé, mutualisé
    /// (syndicat) ».
    detail: Vec<String>,
}

/// An offer covering the group.
#[derive(Debug, Serialize)]
struct OfferView {
    structure: String,
    service: String,
    vehicle: String,
    price_model: String,
}

/// Which of the follow-up's lists `code` is in.
fn stands(stand: &GroupFollowUp, code: &str) -> &'static str {
    let lists: [(&Vec<String>, &'static str); 4] = [
        (&stand.pooling, "pooling"),
        (&stand.alone, "alone"),
        (&stand.not_needed, "not_needed"),
        (&stand.silent, "silent"),
    ];
    lists.into_iter().find(|(list, _)| list.iter().any(|c| c == code)).map_or("silent", |(_, key)| key)
}

/// One service's row of a member's answer, in words.
fn answer_words(catalogue: &mutu_domain::catalogue::Catalogue, label: &str, row: &ServiceAnswer) -> String {
    use mutu_domain::answers::{Mutualisation, ServiceStatus};
    let status = match row.status {
        ServiceStatus::Deployed => "déployé",
        ServiceStatus::Studied => "à l'étude",
        ServiceStatus::None => "ni déployé ni étudié",
    };
    let pooling = match row.mutualisation {
        Mutualisation::Implemented => ", mutualisé",
        Mutualisation::Planned => ", mutualisation prévue",
        Mutualisation::None => "",
    };
    let types: Vec<&str> = row.types.iter().map(|t| catalogue.label(OptionList::Types, t)).collect();
    let types = if types.is_empty() { String::new() } else { format!(" ({})", types.join(", ")) };
    format!("{label} : {status}{pooling}{types}")
}

/// Renders the page of `group` with `status`, the field errors of a refused form and the
/// notice of the last action.
pub(super) async fn show(
    state: &AppState,
    lang: &'static str,
    user: &UserSession,
    group: &WorkingGroup,
    status: StatusCode,
    errors: &[Invalid],
    notice: Option<String>,
) -> Result<Response, WebError> {
    let fmt = format_in(lang);
    let g = &group.group;
    let snapshot = state.waves.wave(&state.store, &g.campaign).await?;
    let campaign = &snapshot.campaign;
    let targets = campaign.target_index();
    let stand = follow_up(std::slice::from_ref(group), campaign, &snapshot.responses).groups.remove(0);
    let services = g.subject.services(&campaign.catalogue);
    let matrix_id = campaign.questionnaire.question_for(OptionList::Services).map(|q| q.id.clone());
    let latest: HashMap<&str, &mutu_domain::answers::Answers> =
        campaign.respondents(&snapshot.responses).into_iter().map(|(t, a)| (t.code.as_str(), a)).collect();
    let names = state.store.departement_names().await?;
    let mut populations = vec![];
    let mut departements = BTreeSet::new();
    let members: Vec<MemberView> = g
        .members
        .iter()
        .map(|m| {
            let code = m.as_str();
            let target = targets.get(code);
            populations.push(target.map_or(0, |t| t.population));
            if let Some(t) = target {
                departements.insert(t.departement.to_string());
            }
            let row = |service: &str| match matrix_id.as_ref().and_then(|id| latest.get(code)?.get(id)) {
                Some(Answer::Matrix(rows)) => rows.get(service).cloned(),
                _ => None,
            };
            MemberView {
                code: code.to_owned(),
                name: target.map_or_else(|| code.to_owned(), |t| t.name.clone()),
                population: fmt.thousands(target.map_or(0, |t| t.population)),
                departement: target.map_or_else(String::new, |t| departement_label(&names, t.departement.as_str())),
                stands: stands(&stand, code),
                detail: services
                    .iter()
                    .filter_map(|s| row(&s.code).map(|r| answer_words(&campaign.catalogue, &s.label, &r)))
                    .collect(),
            }
        })
        .collect();
    let costs = CostModel::default_model(&campaign.catalogue).map_err(|e| WebError::Internal(e.to_string()))?;
    let savings: f64 = services.iter().map(|s| costs.cost(&s.code).savings(&populations)).sum();
    let register = state.store.offers().await?;
    let departements: Vec<String> = departements.into_iter().collect();
    let offers: Vec<OfferView> = services
        .iter()
        .flat_map(|s| covering(&register, &s.code, &departements))
        .map(|o| OfferView {
            structure: o.structure.clone(),
            service: campaign.catalogue.label(OptionList::Services, o.service.as_str()).to_owned(),
            vehicle: campaign.catalogue.label(OptionList::Types, o.vehicle.as_str()).to_owned(),
            price_model: o.price_model.clone(),
        })
        .collect();
    let outlines = snapshot.outlines(&state.store).await?;
    let map = if campaign.targets.len() <= WHOLE_WAVE_MAP {
        MapSpec::working_group(campaign, &g.name, &stand, &outlines)
    } else {
        let local = outlines_of(&outlines, g.members.iter().map(|m| m.as_str()));
        MapSpec::working_group(campaign, &g.name, &stand, &local).restricted_to(|c| local.contains_key(c))
    };
    let notes: Vec<_> = g
        .notes
        .iter()
        .rev()
        .map(|n| minijinja::context! { date => n.date.to_string(), kind => n.kind.code(), text => n.text.clone() })
        .collect();
    let documents: Vec<_> = g
        .documents
        .iter()
        .map(|d| minijinja::context! { title => d.title.clone(), url => d.url.to_string() })
        .collect();
    let context = minijinja::context! {
        group => minijinja::context! {
            id => group.id,
            name => g.name.clone(),
            campaign => g.campaign.to_string(),
            subject => subject_label(&campaign.catalogue, &g.subject),
            theme => matches!(g.subject, mutu_domain::groups::Subject::Theme(_)),
            status => g.status.code(),
            facilitator_kind => g.facilitator.as_ref().map(|f| f.kind.code()),
            facilitator => g.facilitator.as_ref().map(|f| f.name.clone()),
            next_meeting => g.next_meeting.as_ref().map(ToString::to_string),
        },
        next_statuses => g.status.next().iter().map(|s| s.code()).collect::<Vec<_>>(),
        facilitator_kinds => [FacilitatorKind::Region, FacilitatorKind::Departement, FacilitatorKind::Structure]
            .iter().map(|k| k.code()).collect::<Vec<_>>(),
        note_kinds => [NoteKind::Note, NoteKind::Decision].iter().map(|k| k.code()).collect::<Vec<_>>(),
        members => ser(&members),
        counts => minijinja::context! {
            pooling => stand.pooling.len(), alone => stand.alone.len(),
            not_needed => stand.not_needed.len(), silent => stand.silent.len(),
        },
        population => fmt.thousands(populations.iter().sum::<u64>()),
        savings => fmt.thousands(savings.max(0.0).round() as u64),
        offers => ser(&offers),
        map => drawn(map, &g.campaign),
        notes => notes,
        documents => documents,
        errors => ser(&translate(state, lang, errors)),
        notice => notice,
    };
    render(state, lang, status, "groups/group.html", Some(user), context)
}

/// `GET /groupes/{id}`; `?fait=…` after a change says it was saved, `?invites=…` how the
/// invitations went.
pub(super) async fn page(s: Study, GroupPath(group): GroupPath, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let count = |name: &str| query.get(name).and_then(|n| n.parse::<u64>().ok()).unwrap_or(0).to_string();
    let notice = if query.get("invites").is_some() {
        let args = [("queued", count("invites")), ("waiting", count("deja")), ("missing", count("sans"))];
        Some(state.templates.message(lang, "groups-invited", &args))
    } else {
        query.get("fait").map(|_| state.templates.message(lang, "groups-done", &[]))
    };
    show(&state, lang, &user, &group, StatusCode::OK, &[], notice).await
}

/// `GET /groupes/{id}/membres.csv`: the group's starting file of a group purchase, as
/// `mutu groups export` writes it.
pub(super) async fn members_csv(s: Study, GroupPath(group): GroupPath) -> Result<Response, WebError> {
    let Study { state, .. } = s;
    let campaign = &state.waves.wave(&state.store, &group.group.campaign).await?.campaign;
    let members: Vec<&str> = group.group.members.iter().map(|m| m.as_str()).collect();
    let csv = mutu_app::groups::members_csv(&state.store, campaign, &members).await?;
    let disposition = format!("attachment; filename=\"groupe-{}-membres.csv\"", group.id);
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).map_err(|e| WebError::Internal(e.to_string()))?,
            ),
        ],
        csv,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_stands_in_one_list() {
        let stand = GroupFollowUp {
            id: 1,
            name: "g".into(),
            subject: mutu_domain::groups::Subject::Service(mutu_domain::codes::CatalogueCode::parse("sig").unwrap()),
            pooling: vec!["1".into()],
            alone: vec!["2".into()],
            silent: vec!["3".into()],
            not_needed: vec!["4".into()],
        };
        assert_eq!(["1", "2", "3", "4"].map(|c| stands(&stand, c)), ["pooling", "alone", "silent", "not_needed"]);
    }
}
