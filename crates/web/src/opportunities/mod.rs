//! The pooling opportunities of a wave, for its study leads and viewers: the services ranked
//! by score with their counts, and one page per service with its groups of neighbours that
//! need it (members, population, communes, the level that fits, the estimated savings),
//! fifty groups at a time, on a map.
//!
//! The figures come from [`mutu_domain::opportunities::opportunities`] over the wave's
//! adjacency graph (computed on first use and stored, as the CLI does), held in the server's
//! cache of the wave ([`mutu_app::cache`]) until its answers change; the maps come from
//! [`mutu_render::maps`]. This module only lays the pages out.

mod service;

use crate::WebError;
use crate::extract::{Query, Study, WavePath, format_in};
use crate::page::{render, see_other, ser};
use crate::routes::{Access, RouteTable};
use axum::http::{StatusCode, header};
use axum::response::Response;
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::OptionList;
use mutu_domain::opportunities::Opportunities;
use mutu_render::Format;
use serde::Serialize;

/// Templates of the opportunities pages.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("opportunities/page.html", include_str!("../../templates/opportunities/page.html")),
    ("opportunities/service.html", include_str!("../../templates/opportunities/service.html")),
    ("opportunities/picker.html", include_str!("../../templates/opportunities/picker.html")),
];

/// The pages' stylesheet (the map scales to the page; no inline style, per the CSP).
const CSS: &str = include_str!("../../templates/opportunities/opportunites.css");

/// Routes of the opportunities pages.
pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/static/opportunites.css", Access::Public, || async {
            ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS)
        })
        .get("/vagues/{code}/opportunites", Access::Viewer, page)
        .get("/vagues/{code}/opportunites/{service}", Access::Viewer, service::page)
}

/// A service in the ranking.
#[derive(Debug, Serialize)]
struct RankView {
    rank: usize,
    code: String,
    label: String,
    score: String,
    alone: usize,
    studying: usize,
    pooled: usize,
    groups: usize,
}

fn ranking(campaign: &Campaign, o: &Opportunities, fmt: &Format) -> Vec<RankView> {
    o.ranking
        .iter()
        .filter_map(|code| o.services.iter().find(|s| &s.service == code))
        .enumerate()
        .map(|(i, s)| RankView {
            rank: i + 1,
            code: s.service.clone(),
            label: campaign.catalogue.label(OptionList::Services, &s.service).to_owned(),
            score: fmt.percent(s.score),
            alone: s.alone.len(),
            studying: s.studying.len(),
            pooled: s.pooled.len(),
            groups: s.groups.len(),
        })
        .collect()
}

/// The services of the catalogue for the picker, as (code, label).
fn services(campaign: &Campaign) -> Vec<(String, String)> {
    campaign.catalogue.services.iter().map(|s| (s.code.clone(), s.label.clone())).collect()
}

/// `GET /vagues/{code}/opportunites`: the ranking. The picker's `?service=CODE` (a form
/// sent without script) leads to that service's page.
async fn page(s: Study, wave: WavePath, Query(form): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let (code, meta) = (wave.code, wave.meta);
    let snapshot = state.waves.wave(&state.store, &code).await?;
    let campaign = &snapshot.campaign;
    if let Some(service) = form.get("service") {
        let known = campaign.catalogue.services.iter().find(|s| s.code == service);
        let to = known.map_or_else(
            || format!("/vagues/{code}/opportunites"),
            |s| format!("/vagues/{code}/opportunites/{}", s.code),
        );
        return Ok(see_other(&to));
    }
    let mut context = minijinja::context! { wave => ser(&meta), services => ser(&services(campaign)) };
    if let Some(result) = snapshot.opportunities(&state.store).await? {
        let ranked = ranking(campaign, &result, &format_in(lang));
        context = minijinja::context! { ready => true, ranking => ser(&ranked), ..context };
    }
    render(&state, lang, StatusCode::OK, "opportunities/page.html", Some(&user), context)
}
