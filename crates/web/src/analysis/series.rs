//! `GET /series`: each figure of several waves side by side, for the study's users. The
//! waves are picked with checkboxes (no script: the form is a `GET`, `?vagues=A&vagues=B…`,
//! and `?vagues=A,B,C` works as well), at least [`MIN_WAVES`] of them; they are taken in the
//! order of the query, which the form gives oldest first (by announced opening day, else
//! creation, then code).
//!
//! The series is the domain's [`series`] over each wave's cached, unfiltered analysis; the
//! charts and tables of it are built in [`super::series_view`]. A point whose method broke
//! since the wave before (a service added, a label changed, another territory…) is marked as
//! a break wherever it is shown, never read as a change.

use super::series_view::{self, Translate};
use crate::extract::{Query, Study, format_in, wave_code};
use crate::page::{render, ser};
use crate::{AppState, WebError};
use axum::http::StatusCode;
use axum::response::Response;
use mutu_app::cache::Snapshot;
use mutu_domain::analysis::{Analysis, Filters, Series, series};
use mutu_domain::codes::CampaignCode;
use serde::Serialize;
use std::sync::Arc;

/// The fewest waves a series is drawn for: two points make a comparison, not a series.
pub(super) const MIN_WAVES: usize = 3;

/// The most waves one request may load: each is read and analysed whole.
const MAX_WAVES: usize = 10;

/// A wave of the picker.
#[derive(Debug, Serialize)]
struct Choice {
    code: String,
    name: String,
    picked: bool,
}

/// The wave codes of the query, in its order, each once; a malformed code is the uniform 404.
fn picked(query: &crate::extract::Form) -> Result<Vec<CampaignCode>, WebError> {
    let mut codes: Vec<CampaignCode> = Vec::new();
    for raw in query.all("vagues").into_iter().flat_map(|v| v.split(',')).map(str::trim).filter(|v| !v.is_empty()) {
        let code = wave_code(raw)?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(codes)
}

/// Each picked wave's cached snapshot and unfiltered analysis, then their series (computed on
/// a blocking thread: comparing two national waves' targets reads tens of thousands).
async fn compute(state: &AppState, codes: &[CampaignCode]) -> Result<(Series, Vec<Arc<Snapshot>>), WebError> {
    let mut waves: Vec<(Arc<Snapshot>, Arc<Analysis>)> = Vec::with_capacity(codes.len());
    for code in codes {
        let snapshot = state.waves.wave(&state.store, code).await?;
        let analysis = snapshot.analysis(&Filters::default()).await;
        waves.push((snapshot, analysis));
    }
    let snapshots = waves.iter().map(|(s, _)| Arc::clone(s)).collect();
    let series = tokio::task::spawn_blocking(move || {
        let pairs: Vec<_> = waves.iter().map(|(s, a)| (&s.campaign, a.as_ref())).collect();
        series(&pairs)
    })
    .await
    .map_err(|e| WebError::Internal(format!("série de vagues : {e}")))?;
    Ok((series, snapshots))
}

/// `GET /series`.
pub(super) async fn page(s: Study, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    // Oldest first: by announced opening day (else creation day), then creation, then code.
    let mut waves = Vec::new();
    for info in state.store.campaigns().await? {
        waves.push(state.store.campaign_meta(&info.code).await?);
    }
    waves.sort_by_key(|w| (w.opens_on.unwrap_or(w.created_at.date()), w.created_at, w.code.to_string()));
    let codes = picked(&query)?;
    if codes.iter().any(|c| !waves.iter().any(|w| &w.code == c)) {
        return Err(WebError::NotFound);
    }
    if codes.len() > MAX_WAVES {
        return Err(WebError::BadRequest(format!("Une série compte au plus {MAX_WAVES} vagues.")));
    }
    let choices: Vec<Choice> = waves
        .iter()
        .map(|w| Choice { code: w.code.to_string(), name: w.name.clone(), picked: codes.contains(&w.code) })
        .collect();
    let view = if codes.len() >= MIN_WAVES {
        let (series, snapshots) = compute(&state, &codes).await?;
        let t: Translate = &|key: &str| state.templates.message(lang, key, &[]);
        Some(series_view::view(&series, &snapshots, &format_in(lang), t))
    } else {
        None
    };
    let context = minijinja::context! {
        waves => ser(&choices),
        too_few => !codes.is_empty() && codes.len() < MIN_WAVES,
        min_waves => MIN_WAVES,
        series => view,
    };
    render(&state, lang, StatusCode::OK, "analysis/series.html", Some(&user), context)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Form;

    #[test]
    fn waves_are_read_in_the_query_order_once_each() {
        let codes = picked(&Form::parse(b"vagues=b-2015,a-2014&vagues=c-2016&vagues=a-2014&vagues=")).expect("codes");
        let codes: Vec<String> = codes.iter().map(ToString::to_string).collect();
        assert_eq!(codes, ["b-2015", "a-2014", "c-2016"]);
        assert!(matches!(picked(&Form::parse(b"vagues=..%2Fx")), Err(WebError::NotFound)));
    }
}
