//! Entry on behalf of a respondent by a study lead (a paper questionnaire typed in): the same
//! pages as the respondent's, under `/vagues/{code}/saisie/{respondent}`, for leads and
//! administrators. Each save records the lead's email as the one who typed the answers
//! (`entered_by`, shown in the follow-up), and each save and submission goes to the audit
//! trail. There is no autosave here: the JSON API serves respondent sessions only.

use super::{Author, Sheet, form, own, prefill};
use crate::extract::{Lang, Query, Study, TargetPath, WavePath};
use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;

async fn sheet(
    state: &AppState,
    user: &UserSession,
    wave: &WavePath,
    respondent: &str,
    Lang(lang): Lang,
) -> Result<Sheet, WebError> {
    let code = &wave.code;
    let base = format!("/vagues/{code}/saisie/{respondent}");
    let author = Author::Lead(user.user.email.clone());
    Sheet::load(state, code, respondent, author, base, user.session.csrf.clone(), lang).await
}

/// `GET /vagues/{code}/saisie/{respondent}`.
pub async fn overview(
    s: Study,
    lang: Lang,
    wave: WavePath,
    TargetPath(respondent): TargetPath,
    Query(query): Query,
) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    form::overview(&state, &sheet(&state, &user, &wave, &respondent, lang).await?, own::notice(&query)).await
}

/// `GET /vagues/{code}/saisie/{respondent}/section/{section}`.
pub async fn section(
    State(state): State<AppState>,
    user: UserSession,
    lang: Lang,
    wave: WavePath,
    TargetPath(respondent): TargetPath,
    Path((_, _, id)): Path<(String, String, String)>,
    Query(query): Query,
) -> Result<Response, WebError> {
    let sheet = sheet(&state, &user, &wave, &respondent, lang).await?;
    form::section(&state, &sheet, &id, query.get("enregistre").is_some())
}

/// `POST /vagues/{code}/saisie/{respondent}/section/{section}`.
pub async fn save_section(
    State(state): State<AppState>,
    user: UserSession,
    lang: Lang,
    wave: WavePath,
    TargetPath(respondent): TargetPath,
    Path((_, _, id)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    form::save_section(&state, sheet(&state, &user, &wave, &respondent, lang).await?, &id, &body).await
}

/// `GET /vagues/{code}/saisie/{respondent}/recapitulatif`.
pub async fn summary(
    s: Study,
    lang: Lang,
    wave: WavePath,
    TargetPath(respondent): TargetPath,
) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    form::summary(&state, &sheet(&state, &user, &wave, &respondent, lang).await?)
}

/// `POST /vagues/{code}/saisie/{respondent}/transmettre`.
pub async fn submit(
    s: Study,
    lang: Lang,
    wave: WavePath,
    TargetPath(respondent): TargetPath,
    body: Bytes,
) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    form::submit(&state, &sheet(&state, &user, &wave, &respondent, lang).await?, &body).await
}

/// `POST /vagues/{code}/saisie/{respondent}/reprise`.
pub async fn prefill(
    s: Study,
    lang: Lang,
    wave: WavePath,
    TargetPath(respondent): TargetPath,
) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    prefill::prefill(&state, &sheet(&state, &user, &wave, &respondent, lang).await?).await
}

/// `POST /vagues/{code}/saisie/{respondent}/reouvrir`: reopens the body's submitted answer
/// while the wave is open, for the lead to correct it.
pub async fn reopen(
    s: Study,
    lang: Lang,
    wave: WavePath,
    TargetPath(respondent): TargetPath,
) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    form::reopen(&state, &sheet(&state, &user, &wave, &respondent, lang).await?).await
}
