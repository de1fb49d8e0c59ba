//! The respondent's own pages under `/reponse`: the session says which wave and body, so the
//! URL holds neither (nor the invitation token). Without a respondent session every page is
//! the uniform 404.

use super::{Author, Sheet, form, prefill};
use crate::extract::{Form, Lang, Query};
use crate::session::RespondentSession;
use crate::{AppState, WebError};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;

pub(super) async fn sheet(state: &AppState, own: &RespondentSession, Lang(lang): Lang) -> Result<Sheet, WebError> {
    let csrf = own.session.csrf.clone();
    let sheet = Sheet::load(state, &own.campaign, &own.respondent, Author::Respondent, "/reponse".into(), csrf, lang);
    Ok(sheet.await?.by_agent(own.agent()))
}

/// The notice a redirect asked for (`?transmis=1`, `?repris=1`, `?rouvert=1`), as a message
/// key.
pub(crate) fn notice(query: &Form) -> Option<&'static str> {
    if query.get("transmis").is_some() {
        Some("resp-notice-submitted")
    } else if query.get("rouvert").is_some() {
        Some("resp-notice-reopened")
    } else if query.get("repris").is_some() {
        Some("resp-notice-prefilled")
    } else {
        None
    }
}

/// `GET /reponse`.
pub async fn overview(
    State(state): State<AppState>,
    own: RespondentSession,
    lang: Lang,
    Query(query): Query,
) -> Result<Response, WebError> {
    form::overview(&state, &sheet(&state, &own, lang).await?, notice(&query)).await
}

/// `GET /reponse/section/{section}`.
pub async fn section(
    State(state): State<AppState>,
    own: RespondentSession,
    lang: Lang,
    Path(id): Path<String>,
    Query(query): Query,
) -> Result<Response, WebError> {
    form::section(&state, &sheet(&state, &own, lang).await?, &id, query.get("enregistre").is_some())
}

/// `POST /reponse/section/{section}`.
pub async fn save_section(
    State(state): State<AppState>,
    own: RespondentSession,
    lang: Lang,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    form::save_section(&state, sheet(&state, &own, lang).await?, &id, &body).await
}

/// `GET /reponse/recapitulatif`.
pub async fn summary(State(state): State<AppState>, own: RespondentSession, lang: Lang) -> Result<Response, WebError> {
    form::summary(&state, &sheet(&state, &own, lang).await?)
}

/// `POST /reponse/transmettre`.
pub async fn submit(
    State(state): State<AppState>,
    own: RespondentSession,
    lang: Lang,
    body: Bytes,
) -> Result<Response, WebError> {
    form::submit(&state, &sheet(&state, &own, lang).await?, &body).await
}

/// `POST /reponse/reprise`.
pub async fn prefill(State(state): State<AppState>, own: RespondentSession, lang: Lang) -> Result<Response, WebError> {
    prefill::prefill(&state, &sheet(&state, &own, lang).await?).await
}

/// `POST /reponse/reouvrir`: reopens the body's submitted answer while the wave is open.
pub async fn reopen(State(state): State<AppState>, own: RespondentSession, lang: Lang) -> Result<Response, WebError> {
    form::reopen(&state, &sheet(&state, &own, lang).await?).await
}
