//! The respondent's JSON API of interfaces.md, to the letter:
//! `GET|PUT /api/v1/campaigns/{code}/answers/{respondent}` and `POST …/submit`.
//!
//! A session reaches its own respondent only: anything else (another respondent, another
//! wave, an unknown one, no session, a study-side session) is the same `404` body, decided
//! by the route table's guard before the database is asked anything; so is the refusal of a
//! write whose body is not declared as JSON (`Content-Type: application/json`, which no
//! cross-site HTML form can send). Saves need `If-Match` with the version they started from,
//! and the API is strict: a value the questionnaire refuses is a `422` naming the field, with
//! no forgiveness for hidden fields (that is the form's job).

use super::{Author, Sheet, answers_json, refusal};
use crate::extract::Lang;
use crate::session::RespondentSession;
use crate::{AppState, WebError};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use mutu_domain::answers::{AnswerError, Answers, ResponseStatus, validate};
use mutu_domain::codes::CampaignCode;
use mutu_storage::StoredResponse;
use serde_json::{Value as JsonValue, json};

/// A refused value as the API's `422`, its message in the request's language.
fn refused(state: &AppState, lang: &str, e: AnswerError) -> WebError {
    let message = super::views::problem_message(&e, &state.templates, lang);
    WebError::Unprocessable { field: e.field, message }
}

/// The body of every successful answer, with the version as `ETag`.
fn answers_reply(respondent: &str, stored: Option<&StoredResponse>) -> Result<Response, WebError> {
    match stored {
        Some(s) => versioned_reply(respondent, s.response.status, s.version, &s.response.answers),
        None => versioned_reply(respondent, ResponseStatus::Partial, 0, &Answers::new()),
    }
}

/// The reply body for answers at `version`.
fn versioned_reply(
    respondent: &str,
    status: ResponseStatus,
    version: i64,
    answers: &Answers,
) -> Result<Response, WebError> {
    let body = json!({ "respondent": respondent, "status": status.code(), "version": version, "answers": answers_json(answers) });
    let etag = HeaderValue::try_from(format!("\"{version}\"")).map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(([(header::ETAG, etag)], Json(body)).into_response())
}

/// The version of `If-Match: "<version>"`; `None` without the header.
fn if_match(headers: &HeaderMap) -> Result<Option<i64>, WebError> {
    let Some(value) = headers.get(header::IF_MATCH) else { return Ok(None) };
    let text = value.to_str().unwrap_or("").trim();
    let text = text.strip_prefix("W/").unwrap_or(text);
    let digits = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(text);
    // Digits only (`+5` is not a version); a version too large for i64 was never stored, so
    // it is stale (412) rather than unreadable.
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(WebError::BadRequest("En-tête If-Match illisible : attendu \"<version>\".".into()));
    }
    Ok(Some(digits.parse::<i64>().unwrap_or(i64::MAX)))
}

/// Refuses writes when the wave is not open or the answers were submitted.
async fn check_writable(
    state: &AppState,
    lang: &str,
    code: &CampaignCode,
    stored: Option<&StoredResponse>,
) -> Result<(), WebError> {
    let submitted = stored.is_some_and(|s| s.response.status == ResponseStatus::Complete);
    let wave = state.store.campaign_meta(code).await?.state;
    match refusal(state, lang, wave, submitted) {
        Some(message) => Err(WebError::Conflict(message)),
        None => Ok(()),
    }
}

/// `GET …/answers/{respondent}`.
pub async fn get_answers(State(state): State<AppState>, own: RespondentSession) -> Response {
    let reply = async {
        let (code, respondent) = (&own.campaign, &own.respondent);
        let stored = state.store.response(code, respondent).await?;
        answers_reply(respondent, stored.as_ref())
    };
    reply.await.unwrap_or_else(WebError::into_api)
}

/// `PUT …/answers/{respondent}` with `{"answers": …}` and `If-Match`: saves a draft.
pub async fn put_answers(
    State(state): State<AppState>,
    own: RespondentSession,
    Lang(lang): Lang,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let reply = async {
        let (code, respondent) = (&own.campaign, own.respondent.as_str());
        let expected = if_match(&headers)?.ok_or(WebError::PreconditionRequired)?;
        let body: JsonValue =
            serde_json::from_slice(&body).map_err(|e| WebError::BadRequest(format!("Corps JSON illisible : {e}.")))?;
        let Some(raw) = body.get("answers").and_then(JsonValue::as_object) else {
            return Err(WebError::Unprocessable { field: "answers".into(), message: "objet attendu".into() });
        };
        let stored = state.store.response(code, respondent).await?;
        check_writable(&state, lang, code, stored.as_ref()).await?;
        let (questionnaire, catalogue) = state.store.campaign_definition(code).await?;
        let answers =
            validate(raw, ResponseStatus::Partial, &questionnaire, &catalogue).map_err(|e| refused(&state, lang, e))?;
        let version = state.store.save_draft(code, respondent, &answers, expected).await?;
        super::record_agent(&state, code, respondent, version, own.agent()).await?;
        // The save is committed: answer with what is now stored, without reading it back.
        versioned_reply(respondent, ResponseStatus::Partial, version, &answers)
    };
    reply.await.unwrap_or_else(WebError::into_api)
}

/// `POST …/answers/{respondent}/submit`: marks the answers complete once they validate as
/// such; submitting again answers the same and changes nothing. An `If-Match`, when given,
/// must name the current version.
pub async fn submit(
    State(state): State<AppState>,
    own: RespondentSession,
    Lang(lang): Lang,
    headers: HeaderMap,
) -> Response {
    let reply = async {
        let (code, respondent) = (&own.campaign, own.respondent.as_str());
        let expected = if_match(&headers)?;
        let stored = state.store.response(code, respondent).await?;
        if let Some(s) = stored.as_ref().filter(|s| s.response.status == ResponseStatus::Complete) {
            return answers_reply(respondent, Some(s));
        }
        let current = stored.as_ref().map_or(0, |s| s.version);
        if expected.is_some_and(|v| v != current) {
            return Err(WebError::PreconditionFailed { current });
        }
        check_writable(&state, lang, code, stored.as_ref()).await?;
        let (questionnaire, catalogue) = state.store.campaign_definition(code).await?;
        let raw = stored.as_ref().map(|s| answers_json(&s.response.answers)).unwrap_or_default();
        validate(&raw, ResponseStatus::Complete, &questionnaire, &catalogue).map_err(|e| refused(&state, lang, e))?;
        if stored.is_none() {
            // A questionnaire without required questions can be submitted empty.
            state.store.save_draft(code, respondent, &Default::default(), 0).await?;
        }
        let (submitted, now) = state.store.submit_once(code, respondent).await?;
        if now {
            let base = "/reponse".to_owned();
            let sheet =
                Sheet::load(&state, code, respondent, Author::Respondent, base, own.session.csrf.clone(), lang).await?;
            super::receipt::mail_receipt(&state, &sheet, &submitted).await;
        }
        super::record_agent(&state, code, respondent, submitted.version, own.agent()).await?;
        let actor = own.agent().unwrap_or("respondent");
        state.store.audit(actor, "response.submit", &format!("{code}/{respondent}")).await?;
        answers_reply(respondent, Some(&submitted))
    };
    reply.await.unwrap_or_else(WebError::into_api)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_reads_quoted_weak_and_bare_versions() {
        let mut h = HeaderMap::new();
        assert_eq!(if_match(&h).ok(), Some(None));
        for (value, version) in [("\"3\"", 3), ("W/\"4\"", 4), ("5", 5)] {
            h.insert(header::IF_MATCH, HeaderValue::from_static(value));
            assert_eq!(if_match(&h).ok(), Some(Some(version)));
        }
        h.insert(header::IF_MATCH, HeaderValue::from_static("*"));
        assert!(if_match(&h).is_err());
    }
}
