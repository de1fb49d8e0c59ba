//! `/vagues/{code}/achats-groupes`: who wants to buy together, as the complete answers say
//! ([`purchase_needs`]): per service, the respondents citing the pooling type « groupement
//! de commandes » (with whether that pooling is done or planned, and every type they cited
//! for the service); apart, the respondents asking for help to set up a groupement de
//! commandes among the expected supports (a question not asked per service).
//!
//! The page stays light on a national wave: a summary of at most one row per service, then
//! one list (a service's buyers, or the bodies asking for help), fifty rows at a time. The
//! CSV holds every row of every list, for a spreadsheet: French Excel (BOM, `;`, CRLF).

use crate::WebError;
use crate::extract::{Query, Study, WavePath, format_in};
use crate::page::{departement_label, render, ser};
use crate::paging::{self, PER_PAGE, Pager};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mutu_app::cache::Snapshot;
use mutu_domain::answers::{Answer, Mutualisation, Response as Answered};
use mutu_domain::campaign::{Campaign, Target};
use mutu_domain::catalogue::OptionList;
use mutu_domain::groups::{GROUP_PURCHASE_SUPPORT, GROUP_PURCHASE_TYPE, PurchaseNeeds, purchase_needs};
use mutu_render::neutralise;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// The value of `liste` that picks the bodies asking for help (a hyphen: no catalogue code
/// can hold one).
const SUPPORT_LIST: &str = "aide-montage";

/// The needs of a wave, computed beside the request's thread (a national wave holds 35 000
/// targets).
async fn needs_of(snapshot: &Arc<Snapshot>) -> Result<PurchaseNeeds, WebError> {
    let snapshot = Arc::clone(snapshot);
    tokio::task::spawn_blocking(move || purchase_needs(&snapshot.campaign, &snapshot.responses))
        .await
        .map_err(|e| WebError::Internal(format!("besoins d'achats groupés : {e}")))
}

/// A line of the summary: a service with buyers, or the bodies asking for help.
#[derive(Debug, Serialize)]
struct SummaryRow {
    list: String,
    label: String,
    bodies: usize,
    population: String,
}

/// A row of the list shown.
#[derive(Debug, Serialize)]
struct BodyView {
    code: String,
    name: String,
    departement: String,
    population: String,
    /// `implemented` or `planned`, for a service's buyers.
    mutualisation: Option<&'static str>,
    /// The pooling types cited for the service, labelled, for a service's buyers.
    types: Vec<String>,
    /// Whether the body also asks for help to set up a groupement de commandes.
    support: bool,
}

fn mutualisation_code(m: Mutualisation) -> &'static str {
    match m {
        Mutualisation::Implemented => "implemented",
        Mutualisation::Planned => "planned",
        Mutualisation::None => "none",
    }
}

/// The last response of each of `codes`, as [`Campaign::respondents`] picks it.
fn latest<'a>(responses: &'a [Answered], codes: &HashSet<&str>) -> HashMap<&'a str, &'a Answered> {
    let mut found = HashMap::with_capacity(codes.len());
    for r in responses.iter().filter(|r| codes.contains(r.respondent.as_str())) {
        found.insert(r.respondent.as_str(), r);
    }
    found
}

/// The pooling types `response` cites for `service`, labelled.
fn types_cited(campaign: &Campaign, response: Option<&&Answered>, service: &str) -> Vec<String> {
    let matrix = campaign.questionnaire.question_for(OptionList::Services).map(|q| q.id.as_str());
    let Some(Answer::Matrix(rows)) = matrix.and_then(|id| response.and_then(|r| r.answers.get(id))) else {
        return vec![];
    };
    rows.get(service)
        .map(|row| row.types.iter().map(|t| campaign.catalogue.label(OptionList::Types, t).to_owned()).collect())
        .unwrap_or_default()
}

/// `GET /vagues/{code}/achats-groupes`: the summary and one list (`?liste=SERVICE` or
/// `?liste=aide-montage`, the first with anyone in it by default), paged.
pub(super) async fn page(s: Study, wave: WavePath, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let fmt = format_in(lang);
    let (code, meta) = (wave.code, wave.meta);
    let snapshot = state.waves.wave(&state.store, &code).await?;
    let needs = needs_of(&snapshot).await?;
    let campaign = &snapshot.campaign;
    let support_label = campaign.catalogue.label(OptionList::Support, GROUP_PURCHASE_SUPPORT).to_owned();
    let purchase_label = campaign.catalogue.label(OptionList::Types, GROUP_PURCHASE_TYPE).to_owned();
    let mut summary: Vec<SummaryRow> = needs
        .services
        .iter()
        .filter(|s| !s.buyers.is_empty())
        .map(|s| SummaryRow {
            list: s.service.clone(),
            label: campaign.catalogue.label(OptionList::Services, &s.service).to_owned(),
            bodies: s.buyers.len(),
            population: fmt.thousands(s.population),
        })
        .collect();
    let services_with_buyers = summary.len();
    if !needs.support_requested.is_empty() {
        summary.push(SummaryRow {
            list: SUPPORT_LIST.to_owned(),
            label: support_label.clone(),
            bodies: needs.support_requested.len(),
            population: fmt.thousands(needs.support_requested.iter().map(|b| b.population).sum()),
        });
    }
    let chosen = query
        .get("liste")
        .and_then(|l| summary.iter().find(|row| row.list == l))
        .or_else(|| summary.first())
        .map(|row| (row.list.clone(), row.label.clone(), row.population.clone()));

    let mut context = minijinja::context! {
        wave => ser(&meta),
        current => "achats-groupes",
        purchase_label => purchase_label,
        support_label => support_label,
        services_with_buyers => services_with_buyers,
        services_total => needs.services.len(),
        summary => ser(&summary),
    };
    if let Some((list, label, population)) = chosen {
        let asking: HashSet<&str> = needs.support_requested.iter().map(|b| b.code.as_str()).collect();
        let service = needs.services.iter().find(|s| s.service == list);
        let codes: Vec<&str> = match service {
            Some(s) => s.buyers.iter().map(|b| b.code.as_str()).collect(),
            None => needs.support_requested.iter().map(|b| b.code.as_str()).collect(),
        };
        let page = paging::requested(&query);
        let shown: Vec<&str> =
            codes.iter().skip(paging::offset(page) as usize).take(PER_PAGE as usize).copied().collect();
        let wanted: HashSet<&str> = shown.iter().copied().collect();
        let answers = latest(&snapshot.responses, &wanted);
        let targets: BTreeMap<&str, &Target> = campaign
            .targets
            .iter()
            .filter(|t| wanted.contains(t.code.as_str()))
            .map(|t| (t.code.as_str(), t))
            .collect();
        let names = state.store.departement_names().await?;
        let mutualisation: HashMap<&str, Mutualisation> =
            service.map(|s| s.buyers.iter().map(|b| (b.code.as_str(), b.mutualisation)).collect()).unwrap_or_default();
        let rows: Vec<BodyView> = shown
            .iter()
            .filter_map(|code| targets.get(code))
            .map(|t| BodyView {
                code: t.code.clone(),
                name: t.name.clone(),
                departement: departement_label(&names, t.departement.as_str()),
                population: fmt.thousands(t.population),
                mutualisation: mutualisation.get(t.code.as_str()).map(|m| mutualisation_code(*m)),
                types: service
                    .map(|s| types_cited(campaign, answers.get(t.code.as_str()), &s.service))
                    .unwrap_or_default(),
                support: asking.contains(t.code.as_str()),
            })
            .collect();
        let path = format!("/vagues/{code}/achats-groupes");
        let pager = Pager::new(&path, &[("liste", list.clone())], page, codes.len() as u64, "#liste");
        context = minijinja::context! {
            list => list,
            list_label => label,
            list_population => population,
            is_service => service.is_some(),
            rows => ser(&rows),
            pager => ser(&pager),
            ..context
        };
    }
    render(&state, lang, StatusCode::OK, "offers/purchases.html", Some(&user), context)
}

/// The CSV's columns.
const COLUMNS: [&str; 9] =
    ["besoin", "service", "libelle_service", "code", "nom", "departement", "population", "communes", "mutualisation"];

/// Every list as French Excel CSV: one row per service and buyer (`besoin` =
/// `groupement_commandes`), then one per body asking for help (`besoin` = `aide_montage`,
/// no service).
fn needs_csv(campaign: &Campaign, needs: &PurchaseNeeds) -> Result<Vec<u8>, WebError> {
    let internal = |e: csv::Error| WebError::Internal(format!("CSV des achats groupés : {e}"));
    let mut out = "\u{feff}".as_bytes().to_vec();
    let mut writer = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(&mut out);
    writer.write_record(COLUMNS).map_err(internal)?;
    let targets = campaign.target_index();
    let mut row = |need: &str, service: &str, code: &str, mutualisation: &str| -> Result<(), WebError> {
        let Some(t) = targets.get(code) else { return Ok(()) };
        let label = if service.is_empty() { "" } else { campaign.catalogue.label(OptionList::Services, service) };
        let cells = [
            need.to_owned(),
            service.to_owned(),
            label.to_owned(),
            t.code.clone(),
            t.name.clone(),
            t.departement.to_string(),
            t.population.to_string(),
            t.communes.to_string(),
            mutualisation.to_owned(),
        ];
        writer.write_record(cells.iter().map(|c| neutralise(c).into_owned())).map_err(internal)
    };
    for s in &needs.services {
        for b in &s.buyers {
            row(GROUP_PURCHASE_TYPE, &s.service, &b.code, mutualisation_code(b.mutualisation))?;
        }
    }
    for b in &needs.support_requested {
        row("aide_montage", "", &b.code, "")?;
    }
    writer.flush().map_err(|e| WebError::Internal(format!("CSV des achats groupés : {e}")))?;
    drop(writer);
    Ok(out)
}

/// `GET /vagues/{code}/achats-groupes.csv`: every list, for a spreadsheet.
pub(super) async fn csv(s: Study, wave: WavePath) -> Result<Response, WebError> {
    let Study { state, .. } = s;
    let code = wave.code;
    let snapshot = state.waves.wave(&state.store, &code).await?;
    let needs = needs_of(&snapshot).await?;
    let body = needs_csv(&snapshot.campaign, &needs)?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"achats-groupes-{code}.csv\""))
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}
