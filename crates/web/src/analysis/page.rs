//! `GET /vagues/{code}/analyse`: the seed's charts, each with its data table, for the
//! filters of the query string; the maps of the targets they keep (who answered, where the
//! most deployed services stand) when one drawing can show them; the comparison with an
//! earlier wave (`?comparer=CODE`); the weighted estimates beside the counts
//! ([`super::estimates`]); the anonymised verbatims; the report downloads; and,
//! for a lead, publishing the wave. The analyses come from the server's cache of the wave.

use super::{NATURES, Selection, figure_views, nature_label, verbatim_views};
use crate::extract::{Query, Study, WavePath, format_in, wave_code};
use crate::maps::{SEVERAL_MAPS, WHOLE_WAVE_MAP, drawn};
use crate::page::{departement_choices, render, ser};
use crate::{AppState, WebError};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::Value;
use mutu_app::cache::Snapshot;
use mutu_domain::analysis::{Analysis, Comparison, Secrecy, compare};
use mutu_domain::answers::ResponseStatus;
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::OptionList;
use mutu_render::maps::{MapSpec, outlines_of};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A before / after / change triple as shown: `12`, `15`, `+3`.
#[derive(Debug, Serialize)]
struct Moved {
    before: String,
    after: String,
    change: String,
}

fn moved(before: Option<i64>, after: Option<i64>, change: Option<i64>) -> Moved {
    let show = |v: Option<i64>| v.map_or_else(|| "—".to_owned(), |v| v.to_string());
    let change = match change {
        Some(d) if d > 0 => format!("+{d}"),
        Some(d) if d < 0 => format!("\u{2212}{}", d.unsigned_abs()),
        Some(_) => "0".to_owned(),
        None => "—".to_owned(),
    };
    Moved { before: show(before), after: show(after), change }
}

/// A row of the comparison table.
#[derive(Debug, Serialize)]
struct ServiceRow {
    label: String,
    deployed: Moved,
    studied: Moved,
    pooled: Moved,
    /// Kinds of the breaks of method touching the service (its changes are then blank).
    breaks: Vec<&'static str>,
}

/// The comparison as the template shows it.
#[derive(Debug, Serialize)]
struct ComparisonView {
    campaign: String,
    respondents: Moved,
    participation_breaks: Vec<&'static str>,
    services: Vec<ServiceRow>,
    /// Every break of method between the two waves, by kind.
    breaks: Vec<&'static str>,
}

fn comparison_view(comparison: &Comparison, campaign: &Campaign) -> ComparisonView {
    let catalogue = &campaign.catalogue;
    ComparisonView {
        campaign: comparison.campaign.clone(),
        respondents: moved(comparison.respondents.before, comparison.respondents.after, comparison.respondents.change),
        services: comparison
            .services
            .iter()
            .map(|s| ServiceRow {
                label: catalogue.label(OptionList::Services, &s.service).to_owned(),
                deployed: moved(s.deployed.before, s.deployed.after, s.deployed.change),
                studied: moved(s.studied.before, s.studied.after, s.studied.change),
                pooled: moved(s.pooled.before, s.pooled.after, s.pooled.change),
                breaks: s.breaks.clone(),
            })
            .collect(),
        participation_breaks: comparison.participation_breaks.clone(),
        breaks: comparison.method.breaks.iter().map(|b| b.kind()).collect(),
    }
}

/// The analysis of the earlier wave `code` with the same filters, compared with `analysis`.
async fn comparison(
    state: &AppState,
    campaign: &Campaign,
    analysis: &Analysis,
    code: &str,
    selection: &Selection,
) -> Result<ComparisonView, WebError> {
    let earlier = state.waves.wave(&state.store, &wave_code(code)?).await?;
    let before = earlier.analysis(&selection.filters()).await;
    Ok(comparison_view(&compare(campaign, analysis, &earlier.campaign, &before), campaign))
}

/// Service maps on the page: the most deployed services of the filtered analysis.
const SERVICE_MAPS: usize = 3;

/// What the page shows of the maps.
enum Maps {
    /// The territory has no contours.
    None,
    /// The filters keep more targets than one drawing can show.
    TooMany,
    /// Who answered, then where the most deployed services stand (who answered only, past
    /// [`SEVERAL_MAPS`] targets: the flag says so).
    Drawn(Vec<Value>, bool),
}

/// The maps of the targets the filters keep: who answered (drafts included, read as
/// statuses only) and where the most deployed services stand.
async fn maps(state: &AppState, snapshot: &Snapshot, analysis: &Analysis) -> Result<Maps, WebError> {
    let campaign = &snapshot.campaign;
    let kept: HashSet<&str> = campaign
        .targets
        .iter()
        .filter(|t| analysis.filters.admits(t, &campaign.size_classes.class_of(t.population).code))
        .map(|t| t.code.as_str())
        .collect();
    let outlines = snapshot.outlines(&state.store).await?;
    if outlines.is_empty() {
        return Ok(Maps::None);
    }
    if kept.len() > WHOLE_WAVE_MAP {
        return Ok(Maps::TooMany);
    }
    // The complete answers are the snapshot's; the drafts are read afresh (an autosave does
    // not change the snapshot). A reopened answer stays answered: its submitted version counts
    // until the next submit.
    let drafts = state.store.draft_respondents(&campaign.code).await?;
    let mut statuses: HashMap<&str, ResponseStatus> =
        snapshot.responses.iter().map(|r| (r.respondent.as_str(), ResponseStatus::Complete)).collect();
    statuses.extend(drafts.iter().map(|c| (c.as_str(), ResponseStatus::Partial)));
    let keep = |code: &str| kept.contains(code);
    let outlines = outlines_of(&outlines, kept.iter().copied());
    let participation = MapSpec::participation_of(campaign, &statuses, &outlines).restricted_to(keep);
    let services = analysis
        .rankings
        .most_deployed
        .iter()
        .take(if kept.len() <= SEVERAL_MAPS { SERVICE_MAPS } else { 0 })
        .map(|service| MapSpec::service(campaign, &snapshot.responses, service, &outlines).restricted_to(keep));
    let drawn = std::iter::once(participation).chain(services).map(|spec| drawn(spec, &campaign.code)).collect();
    Ok(Maps::Drawn(drawn, kept.len() > SEVERAL_MAPS))
}

/// `GET /vagues/{code}/analyse`.
pub(super) async fn page(s: Study, wave: WavePath, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let (code, meta) = (wave.code, wave.meta);
    let snapshot = state.waves.wave(&state.store, &code).await?;
    let campaign = &snapshot.campaign;
    let selection = Selection::read(&query, campaign);
    let analysis = snapshot.analysis(&selection.filters()).await;
    let weighted = super::estimates::weighted(&snapshot, &selection.filters()).await;
    let figures = mutu_render::figures(&analysis, campaign, Secrecy::NONE);
    let comparison = match &selection.comparer {
        Some(earlier) => Some(comparison(&state, campaign, &analysis, earlier, &selection).await?),
        None => None,
    };
    let (waves, names, published_at) =
        tokio::try_join!(state.store.campaigns(), state.store.departement_names(), state.store.published_at(&code))?;
    let other_waves: Vec<(String, String)> =
        waves.into_iter().filter(|w| w.code != code).map(|w| (w.code.to_string(), w.name)).collect();
    let departements = departement_choices(campaign, &names);
    let natures: Vec<(&str, &str)> = NATURES.iter().map(|n| (n.code(), nature_label(n.code()))).collect();
    let maps = maps(&state, &snapshot, &analysis).await?;
    let total = &analysis.participation.total;
    let context = minijinja::context! {
        wave => ser(&meta),
        selection => ser(&selection),
        filtered => !analysis.filters.is_empty(),
        size_classes => ser(campaign.size_classes.classes()),
        departements => ser(&departements),
        natures => ser(&natures),
        other_waves => ser(&other_waves),
        respondents => total.respondents,
        targets => total.targets,
        rate => format_in(lang).percent(total.rate),
        figures => figure_views(&figures),
        estimates => ser(&super::estimates::view(&analysis, &weighted, campaign, &format_in(lang))),
        maps => match &maps { Maps::Drawn(list, _) => Some(list.clone()), _ => None },
        maps_participation_only => matches!(maps, Maps::Drawn(_, true)),
        maps_too_many => matches!(maps, Maps::TooMany),
        comparison => ser(&comparison),
        verbatims => verbatim_views(&analysis, campaign),
        published => published_at.is_some(),
        public_url => format!("{}/public/{}", state.config.public_url, meta.code),
    };
    render(&state, lang, StatusCode::OK, "analysis/analysis.html", Some(&user), context)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn changes_are_signed_and_missing_values_dashed() {
        let m = moved(Some(12), Some(15), Some(3));
        assert_eq!((m.before.as_str(), m.after.as_str(), m.change.as_str()), ("12", "15", "+3"));
        assert_eq!(moved(Some(5), Some(2), Some(-3)).change, "\u{2212}3");
        let m = moved(None, Some(2), None);
        assert_eq!((m.before.as_str(), m.change.as_str()), ("—", "—"));
    }
}
