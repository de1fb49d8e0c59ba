//! `GET /vagues/{code}/analyse`: the seed's charts, each with its data table, for the
//! filters of the query string; the comparison with an earlier wave (`?comparer=CODE`); the
//! anonymised verbatims; the report downloads; and, for a lead, publishing the wave.

use super::{NATURES, Selection, figure_views, nature_label, verbatim_views};
use crate::extract::{Query, Study, WavePath, format_in, wave_code};
use crate::page::{render, ser};
use crate::{AppState, WebError};
use axum::http::StatusCode;
use axum::response::Response;
use mutu_app::waves::Wave;
use mutu_domain::analysis::{Analysis, Comparison, Secrecy, analyse, compare};
use mutu_domain::catalogue::OptionList;
use serde::Serialize;
use std::collections::BTreeSet;

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
}

/// The comparison as the template shows it.
#[derive(Debug, Serialize)]
struct ComparisonView {
    campaign: String,
    respondents: Moved,
    services: Vec<ServiceRow>,
}

fn comparison_view(comparison: &Comparison, wave: &Wave) -> ComparisonView {
    let catalogue = &wave.campaign.catalogue;
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
            })
            .collect(),
    }
}

/// The analysis of the earlier wave `code` with the same filters, compared with `analysis`.
async fn comparison(
    state: &AppState,
    wave: &Wave,
    analysis: &Analysis,
    code: &str,
    selection: &Selection,
) -> Result<ComparisonView, WebError> {
    let earlier = Wave::load(&state.store, &wave_code(code)?).await?;
    let before = analyse(&earlier.campaign, &earlier.responses, &selection.filters());
    Ok(comparison_view(&compare(analysis, &wave.campaign.catalogue, &before), wave))
}

/// `GET /vagues/{code}/analyse`.
pub(super) async fn page(s: Study, wave: WavePath, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let wave = Wave::load(&state.store, &wave.code).await?;
    let selection = Selection::read(&query, &wave.campaign);
    let analysis = analyse(&wave.campaign, &wave.responses, &selection.filters());
    let figures = mutu_render::figures(&analysis, &wave.campaign, Secrecy::NONE);
    let comparison = match &selection.comparer {
        Some(earlier) => Some(comparison(&state, &wave, &analysis, earlier, &selection).await?),
        None => None,
    };
    let other_waves: Vec<(String, String)> = state
        .store
        .campaigns()
        .await?
        .into_iter()
        .filter(|w| w.code != wave.meta.code)
        .map(|w| (w.code.to_string(), w.name))
        .collect();
    let departements: Vec<(String, String)> = wave
        .campaign
        .targets
        .iter()
        .map(|t| t.departement.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|d| (d.to_owned(), wave.departement_label(d)))
        .collect();
    let natures: Vec<(&str, &str)> = NATURES.iter().map(|n| (n.code(), nature_label(n.code()))).collect();
    let total = &analysis.participation.total;
    let published_at = state.store.published_at(&wave.meta.code).await?;
    let context = minijinja::context! {
        wave => ser(&wave.meta),
        selection => ser(&selection),
        filtered => !analysis.filters.is_empty(),
        size_classes => ser(wave.campaign.size_classes.classes()),
        departements => ser(&departements),
        natures => ser(&natures),
        other_waves => ser(&other_waves),
        respondents => total.respondents,
        targets => total.targets,
        rate => format_in(lang).percent(total.rate),
        figures => figure_views(&figures),
        comparison => ser(&comparison),
        verbatims => verbatim_views(&analysis, &wave.campaign),
        published => published_at.is_some(),
        public_url => format!("{}/public/{}", state.config.public_url, wave.meta.code),
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
