//! The respondent's own pages under `/reponse`: the session says which wave and body, so the
//! URL holds neither (nor the invitation token). Without a respondent session every page is
//! the uniform 404.

use super::{Author, Sheet, form, prefill};
use crate::i18n::negotiate;
use crate::session::RespondentSession;
use crate::{AppState, WebError};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use std::collections::HashMap;

async fn sheet(state: &AppState, own: &RespondentSession, headers: &HeaderMap) -> Result<Sheet, WebError> {
    let csrf = own.session.csrf.clone();
    Sheet::load(state, &own.campaign, &own.respondent, Author::Respondent, "/reponse".into(), csrf, negotiate(headers))
        .await
}

/// The notice a redirect asked for (`?transmis=1`, `?repris=1`), as a message key.
pub(crate) fn notice(query: &HashMap<String, String>) -> Option<&'static str> {
    if query.contains_key("transmis") {
        Some("resp-notice-submitted")
    } else if query.contains_key("repris") {
        Some("resp-notice-prefilled")
    } else {
        None
    }
}

/// `GET /reponse`.
pub async fn overview(
    State(state): State<AppState>,
    own: RespondentSession,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    form::overview(&state, &sheet(&state, &own, &headers).await?, notice(&query)).await
}

/// `GET /reponse/section/{section}`.
pub async fn section(
    State(state): State<AppState>,
    own: RespondentSession,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    form::section(&state, &sheet(&state, &own, &headers).await?, &id, query.contains_key("enregistre"))
}

/// `POST /reponse/section/{section}`.
pub async fn save_section(
    State(state): State<AppState>,
    own: RespondentSession,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    form::save_section(&state, sheet(&state, &own, &headers).await?, &id, &body).await
}

/// `GET /reponse/recapitulatif`.
pub async fn summary(
    State(state): State<AppState>,
    own: RespondentSession,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    form::summary(&state, &sheet(&state, &own, &headers).await?)
}

/// `POST /reponse/transmettre`.
pub async fn submit(
    State(state): State<AppState>,
    own: RespondentSession,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    form::submit(&state, &sheet(&state, &own, &headers).await?, &body).await
}

/// `POST /reponse/reprise`.
pub async fn prefill(
    State(state): State<AppState>,
    own: RespondentSession,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    prefill::prefill(&state, &sheet(&state, &own, &headers).await?, &body).await
}
