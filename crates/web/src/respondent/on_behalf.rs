//! Entry on behalf of a respondent by a study lead (a paper questionnaire typed in): the same
//! pages as the respondent's, under `/vagues/{code}/saisie/{respondent}`, for leads and
//! administrators. Each save records the lead's email as the one who typed the answers
//! (`entered_by`, shown in the follow-up), and each save and submission goes to the audit
//! trail. There is no autosave here: the JSON API serves respondent sessions only.

use super::{Author, Sheet, form, own, prefill};
use crate::i18n::negotiate;
use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use mutu_domain::codes::CampaignCode;
use mutu_storage::Role;
use std::collections::HashMap;

async fn sheet(
    state: &AppState,
    user: &UserSession,
    code: &str,
    respondent: &str,
    headers: &HeaderMap,
) -> Result<Sheet, WebError> {
    user.require(Role::Lead)?;
    let code = CampaignCode::parse(code).map_err(|_| WebError::NotFound)?;
    let base = format!("/vagues/{code}/saisie/{respondent}");
    let author = Author::Lead(user.user.email.clone());
    Sheet::load(state, &code, respondent, author, base, user.session.csrf.clone(), negotiate(headers)).await
}

/// `GET /vagues/{code}/saisie/{respondent}`.
pub async fn overview(
    State(state): State<AppState>,
    user: UserSession,
    headers: HeaderMap,
    Path((code, respondent)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    form::overview(&state, &sheet(&state, &user, &code, &respondent, &headers).await?, own::notice(&query)).await
}

/// `GET /vagues/{code}/saisie/{respondent}/section/{section}`.
pub async fn section(
    State(state): State<AppState>,
    user: UserSession,
    headers: HeaderMap,
    Path((code, respondent, id)): Path<(String, String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let sheet = sheet(&state, &user, &code, &respondent, &headers).await?;
    form::section(&state, &sheet, &id, query.contains_key("enregistre"))
}

/// `POST /vagues/{code}/saisie/{respondent}/section/{section}`.
pub async fn save_section(
    State(state): State<AppState>,
    user: UserSession,
    headers: HeaderMap,
    Path((code, respondent, id)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    form::save_section(&state, sheet(&state, &user, &code, &respondent, &headers).await?, &id, &body).await
}

/// `GET /vagues/{code}/saisie/{respondent}/recapitulatif`.
pub async fn summary(
    State(state): State<AppState>,
    user: UserSession,
    headers: HeaderMap,
    Path((code, respondent)): Path<(String, String)>,
) -> Result<Response, WebError> {
    form::summary(&state, &sheet(&state, &user, &code, &respondent, &headers).await?)
}

/// `POST /vagues/{code}/saisie/{respondent}/transmettre`.
pub async fn submit(
    State(state): State<AppState>,
    user: UserSession,
    headers: HeaderMap,
    Path((code, respondent)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    form::submit(&state, &sheet(&state, &user, &code, &respondent, &headers).await?, &body).await
}

/// `POST /vagues/{code}/saisie/{respondent}/reprise`.
pub async fn prefill(
    State(state): State<AppState>,
    user: UserSession,
    headers: HeaderMap,
    Path((code, respondent)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    prefill::prefill(&state, &sheet(&state, &user, &code, &respondent, &headers).await?, &body).await
}
