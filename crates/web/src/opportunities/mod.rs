//! The pooling opportunities of a wave, for its study leads and viewers: the services ranked
//! by score, and for the service picked, the groups of neighbours that need it (members,
//! population, communes, the level that fits, the estimated savings) on a map.
//!
//! The figures come from [`mutu_domain::opportunities::opportunities`] over the wave's
//! adjacency graph ([`mutu_storage::Store::adjacency_for`], computed on first use and stored,
//! as the CLI does), and the map from [`mutu_render::maps`]: plain SVG, inline, with its
//! table. This module only picks the service and lays the page out.

use crate::extract::{Lang, Query, WavePath, format_in};
use crate::page::{render, ser};
use crate::routes::{Access, RouteTable};
use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::Response;
use minijinja::Value;
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::OptionList;
use mutu_domain::opportunities::{CostModel, Group, Level, Opportunities};
use mutu_render::Format;
use mutu_render::maps::{MapSpec, render_map};
use serde::Serialize;

/// Templates of the opportunities page.
pub const TEMPLATES: &[(&str, &str)] =
    &[("opportunities/page.html", include_str!("../../templates/opportunities/page.html"))];

/// The page's stylesheet (the map scales to the page; no inline style, per the CSP).
const CSS: &str = include_str!("../../templates/opportunities/opportunites.css");

/// Routes of the opportunities page.
pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/static/opportunites.css", Access::Public, || async {
            ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS)
        })
        .get("/vagues/{code}/opportunites", Access::Viewer, page)
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

/// A group of the chosen service.
#[derive(Debug, Serialize)]
struct GroupView {
    number: usize,
    members: Vec<String>,
    population: String,
    communes: String,
    level: &'static str,
    savings: String,
}

/// The chosen service: its groups, the structures cited, its map.
#[derive(Debug, Serialize)]
struct ChosenView {
    code: String,
    label: String,
    groups: Vec<GroupView>,
    partners: Vec<String>,
}

fn level_code(level: Level) -> &'static str {
    match level {
        Level::Region => "region",
        Level::Departement => "departement",
        Level::InterEpci => "inter_epci",
    }
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

fn group_view(campaign: &Campaign, number: usize, g: &Group, fmt: &Format) -> GroupView {
    let targets = campaign.target_index();
    GroupView {
        number,
        members: g
            .members
            .iter()
            .map(|m| targets.get(m.as_str()).map_or_else(|| m.clone(), |t| t.name.clone()))
            .collect(),
        population: fmt.thousands(g.population),
        communes: fmt.thousands(g.communes),
        level: level_code(g.level),
        savings: fmt.thousands(g.estimated_savings.max(0.0).round() as u64),
    }
}

/// `GET /vagues/{code}/opportunites?service=CODE`: any study-side role may read it. An
/// unknown or missing service shows the best-ranked one.
async fn page(
    State(state): State<AppState>,
    wave: WavePath,
    Query(form): Query,
    user: UserSession,
    Lang(lang): Lang,
) -> Result<Response, WebError> {
    let fmt = format_in(lang);
    let (code, meta) = (wave.code, wave.meta);
    let campaign = state.store.campaign(&code).await?;
    let services: Vec<(String, String)> =
        campaign.catalogue.services.iter().map(|s| (s.code.clone(), s.label.clone())).collect();
    let mut context = minijinja::context! { wave => ser(&meta), services => ser(&services) };
    let responses = state.store.responses(&code).await?;
    let costs = CostModel::default_model(&campaign.catalogue).map_err(|e| WebError::Internal(e.to_string()))?;
    if let Some(result) = mutu_app::opportunities::compute(&state.store, &campaign, &responses, &costs).await? {
        let chosen = form
            .get("service")
            .and_then(|c| result.services.iter().find(|s| s.service == c))
            .or_else(|| result.ranking.first().and_then(|c| result.services.iter().find(|s| &s.service == c)));
        let ranked = ranking(&campaign, &result, &fmt);
        let (chosen, map) = match chosen {
            Some(s) => {
                let outlines = state.store.wave_outlines(&campaign).await?;
                // Each body on the maps opens its own page (click, or Enter from the keyboard).
                let linked = |mut spec: MapSpec| {
                    spec.link_prefix = Some(format!("/vagues/{}/cibles/", campaign.code));
                    let map = render_map(&spec);
                    minijinja::context! {
                        svg => Value::from_safe_string(map.svg),
                        table => Value::from_safe_string(map.table.html()),
                    }
                };
                let map = linked(MapSpec::groups(&campaign, &responses, s, &outlines));
                let service_map = linked(MapSpec::service(&campaign, &responses, &s.service, &outlines));
                let participation_map = linked(MapSpec::participation(&campaign, &responses, &outlines));
                let view = ChosenView {
                    code: s.service.clone(),
                    label: campaign.catalogue.label(OptionList::Services, &s.service).to_owned(),
                    groups: s.groups.iter().enumerate().map(|(i, g)| group_view(&campaign, i + 1, g, &fmt)).collect(),
                    partners: s.existing.partners.iter().map(|p| p.name.clone()).collect(),
                };
                let maps = minijinja::context! {
                    groups => map, service => service_map, participation => participation_map,
                };
                (Some(view), Some(maps))
            }
            None => (None, None),
        };
        context = minijinja::context! { ready => true, ranking => ser(&ranked), chosen => ser(&chosen), map => map, ..context };
    }
    render(&state, lang, StatusCode::OK, "opportunities/page.html", Some(&user), context)
}
