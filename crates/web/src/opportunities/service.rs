//! `GET /vagues/{code}/opportunites/{service}`: one service's opportunities — its counts,
//! the structures already cited, its groups of neighbours fifty at a time (with the offers of
//! the register that cover each, and the lead's button that turns one into a working group),
//! the map of those groups and the map of where the service stands.
//!
//! A wave of at most [`WHOLE_WAVE_MAP`] targets is drawn whole. A larger one (the national
//! commune wave) draws the members of the groups on the page, and where the service stands
//! in the one département the reader picks: the page stays well under a megabyte.

use crate::WebError;
use crate::extract::{Query, ServicePath, Study, WavePath, format_in};
use crate::maps::{GROUP_MAP_MEMBERS, WHOLE_WAVE_MAP, drawn};
use crate::page::{departement_choices, render, ser};
use crate::paging::{self, PER_PAGE, Pager};
use axum::http::StatusCode;
use axum::response::Response;
use mutu_domain::campaign::Target;
use mutu_domain::codes::DepartementCode;
use mutu_domain::offers::{Offer, covering};
use mutu_domain::opportunities::{Group, Level};
use mutu_render::Format;
use mutu_render::maps::{MapSpec, outlines_of};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// A group of the service.
#[derive(Debug, Serialize)]
struct GroupView {
    number: usize,
    members: Vec<String>,
    population: String,
    communes: String,
    level: &'static str,
    savings: String,
    /// The register's offers of the service that cover every member's département.
    offers: Vec<String>,
}

fn level_code(level: Level) -> &'static str {
    match level {
        Level::Region => "region",
        Level::Departement => "departement",
        Level::InterEpci => "inter_epci",
    }
}

/// A group as the page shows it; `targets` is the wave's index, built once per page (a
/// national wave has 35 000 targets).
fn group_view(
    targets: &BTreeMap<&str, &Target>,
    register: &[Offer],
    service: &str,
    number: usize,
    g: &Group,
    fmt: &Format,
) -> GroupView {
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
        offers: covering(register, service, &g.departements).iter().map(|o| o.structure.clone()).collect(),
    }
}

/// `GET /vagues/{code}/opportunites/{service}`: any study-side role may read it; a service
/// the catalogue does not hold is not found.
pub(super) async fn page(
    s: Study,
    wave: WavePath,
    ServicePath(service): ServicePath,
    Query(query): Query,
) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let fmt = format_in(lang);
    let (code, meta) = (wave.code, wave.meta);
    let snapshot = state.waves.wave(&state.store, &code).await?;
    let campaign = &snapshot.campaign;
    let label = campaign.catalogue.services.iter().find(|s| s.code == service).ok_or(WebError::NotFound)?.label.clone();
    let mut context = minijinja::context! {
        wave => ser(&meta),
        services => ser(&super::services(campaign)),
        chosen => minijinja::context! { code => service.clone(), label => label },
    };
    let Some(result) = snapshot.opportunities(&state.store).await? else {
        return render(&state, lang, StatusCode::OK, "opportunities/service.html", Some(&user), context);
    };
    let found = result.services.iter().find(|s| s.service == service).ok_or(WebError::NotFound)?;
    let page = paging::requested(&query);
    let shown: Vec<(usize, &Group)> =
        found.groups.iter().enumerate().skip(paging::offset(page) as usize).take(PER_PAGE as usize).collect();
    let whole = campaign.targets.len() <= WHOLE_WAVE_MAP;
    let outlines = snapshot.outlines(&state.store).await?;
    // The page's groups, first to last, as long as their members fit one readable map.
    let mut mapped = 0;
    let mut members: HashSet<&str> = HashSet::new();
    for (_, g) in &shown {
        if mapped > 0 && members.len() + g.members.len() > GROUP_MAP_MEMBERS {
            break;
        }
        members.extend(g.members.iter().map(String::as_str));
        mapped += 1;
    }
    let groups_map = if whole {
        MapSpec::groups(campaign, &snapshot.responses, found, &outlines)
    } else {
        let local = outlines_of(&outlines, members.iter().copied());
        MapSpec::groups(campaign, &snapshot.responses, found, &local).restricted_to(|c| members.contains(c))
    };
    let departements: BTreeSet<&str> = campaign.targets.iter().map(|t| t.departement.as_str()).collect();
    let departement = query
        .get("departement")
        .and_then(|d| DepartementCode::parse(d).ok())
        .filter(|d| departements.contains(d.as_str()));
    let service_map = match (&departement, whole) {
        (_, true) => Some(MapSpec::service(campaign, &snapshot.responses, &service, &outlines)),
        (Some(d), false) => {
            let inside: HashSet<&str> =
                campaign.targets.iter().filter(|t| &t.departement == d).map(|t| t.code.as_str()).collect();
            let local = outlines_of(&outlines, inside.iter().copied());
            let map = MapSpec::service(campaign, &snapshot.responses, &service, &local);
            Some(map.restricted_to(|c| inside.contains(c)))
        }
        (None, false) => None,
    };
    let kept = [("departement", departement.as_ref().map(ToString::to_string).unwrap_or_default())];
    let path = format!("/vagues/{code}/opportunites/{service}");
    let pager = Pager::new(&path, &kept, page, found.groups.len() as u64, "#groupes");
    let names = state.store.departement_names().await?;
    let departements = departement_choices(campaign, &names);
    let targets = campaign.target_index();
    let register = state.store.offers().await?;
    context = minijinja::context! {
        ready => true,
        whole => whole,
        score => fmt.percent(found.score),
        alone => found.alone.len(),
        studying => found.studying.len(),
        pooled => found.pooled.len(),
        group_count => found.groups.len(),
        groups => ser(&shown.iter().map(|(i, g)| group_view(&targets, &register, &service, i + 1, g, &fmt)).collect::<Vec<_>>()),
        partners => ser(&found.existing.partners.iter().map(|p| p.name.clone()).collect::<Vec<_>>()),
        pager => ser(&pager),
        groups_map => (!shown.is_empty() || whole).then(|| drawn(groups_map, &code)),
        mapped_first => shown.first().map(|(i, _)| i + 1),
        mapped_last => (mapped < shown.len()).then(|| shown[mapped.max(1) - 1].0 + 1),
        service_map => service_map.map(|m| drawn(m, &code)),
        departement => departement.map(|d| d.to_string()),
        departements => ser(&departements),
        ..context
    };
    render(&state, lang, StatusCode::OK, "opportunities/service.html", Some(&user), context)
}
