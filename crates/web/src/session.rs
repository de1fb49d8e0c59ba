//! Sessions: a random id in an `HttpOnly` cookie, its hash in the database (so sessions
//! survive a restart, are shared by several servers, and a stolen database opens none),
//! idle and absolute timeouts, and the sessions the route table's guard hands to handlers:
//! the logged-in user or respondent.

use crate::{AppState, WebError};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use mutu_app::secrets::{constant_time_eq, hash_token, random_token};
use mutu_domain::codes::CampaignCode;
use mutu_storage::{Session, SessionSubject, User};
use std::time::Duration;
use time::OffsetDateTime;

/// Name of the session cookie.
pub const COOKIE: &str = "mutu_session";

/// The session id sent by the browser, if any.
pub fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == COOKIE && !value.is_empty()).then(|| value.to_owned())
    })
}

/// Opens a session for `subject`; returns the `Set-Cookie` value to send.
pub async fn open(state: &AppState, subject: &SessionSubject) -> Result<HeaderValue, WebError> {
    Ok(open_hashed(state, subject).await?.0)
}

/// [`open`], also returning the hash of the new session's id, under which what belongs to the
/// session is kept (the ID token of a sign-in through ProConnect).
pub async fn open_hashed(state: &AppState, subject: &SessionSubject) -> Result<(HeaderValue, String), WebError> {
    open_as(state, subject, None).await
}

/// Opens a respondent's session for the agent `agent_email`, signed in through ProConnect:
/// every save through it records the agent. Returns the `Set-Cookie` value to send.
pub async fn open_agent(
    state: &AppState,
    subject: &SessionSubject,
    agent_email: &str,
) -> Result<HeaderValue, WebError> {
    Ok(open_as(state, subject, Some(agent_email)).await?.0)
}

async fn open_as(
    state: &AppState,
    subject: &SessionSubject,
    agent_email: Option<&str>,
) -> Result<(HeaderValue, String), WebError> {
    let token = random_token();
    let id_hash = hash_token(&token);
    state.store.create_session_as(&id_hash, subject, &random_token(), agent_email).await?;
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    let cookie = HeaderValue::from_str(&format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}"))
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((cookie, id_hash))
}

/// Signs the study-side user `user_id` in, however they proved who they are (password,
/// ProConnect): the browser's former session, if any, is closed and a new one opened (a new
/// id at login). Returns the `Set-Cookie` value and the new session's id hash.
pub async fn sign_in(state: &AppState, headers: &HeaderMap, user_id: i64) -> Result<(HeaderValue, String), WebError> {
    close(state, headers).await?;
    open_hashed(state, &SessionSubject::User(user_id)).await
}

/// Closes the browser's session; returns the `Set-Cookie` value that forgets it.
pub async fn close(state: &AppState, headers: &HeaderMap) -> Result<HeaderValue, WebError> {
    if let Some(token) = cookie_token(headers) {
        state.store.delete_session(&hash_token(&token)).await?;
    }
    Ok(HeaderValue::from_static("mutu_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"))
}

fn age(stamp: OffsetDateTime, now: OffsetDateTime) -> Duration {
    (now - stamp).try_into().unwrap_or(Duration::ZERO)
}

/// The live session of the request: expired ones (idle or absolute) are deleted and ignored.
pub async fn current(state: &AppState, headers: &HeaderMap) -> Result<Option<Session>, WebError> {
    let Some(token) = cookie_token(headers) else { return Ok(None) };
    let id_hash = hash_token(&token);
    let Some(session) = state.store.session(&id_hash).await? else { return Ok(None) };
    let (idle, absolute) = match session.subject {
        SessionSubject::User(_) => (state.config.user_idle, state.config.user_absolute),
        SessionSubject::Respondent { .. } => (state.config.respondent_idle, state.config.respondent_absolute),
    };
    let now = OffsetDateTime::now_utc();
    if age(session.last_seen_at, now) > idle || age(session.created_at, now) > absolute {
        state.store.delete_session(&id_hash).await?;
        return Ok(None);
    }
    // Touch at most once a minute: a page view should not always be a write.
    if age(session.last_seen_at, now) > Duration::from_secs(60) {
        state.store.touch_session(&id_hash).await?;
    }
    Ok(Some(session))
}

/// Checks a form's anti-forgery token against the session's.
pub fn check_csrf(expected: &str, token: Option<&str>) -> Result<(), WebError> {
    match token {
        Some(token) if constant_time_eq(token, expected) => Ok(()),
        _ => Err(WebError::Csrf),
    }
}

/// The logged-in study-side user of a request, if any (a respondent's session is nobody here).
pub async fn user(state: &AppState, headers: &HeaderMap) -> Result<Option<UserSession>, WebError> {
    let Some(session) = current(state, headers).await? else { return Ok(None) };
    let SessionSubject::User(id) = session.subject else { return Ok(None) };
    Ok(state.store.user(id).await?.map(|user| UserSession { user, session }))
}

/// The respondent's session of a request, if any.
pub async fn respondent(state: &AppState, headers: &HeaderMap) -> Result<Option<RespondentSession>, WebError> {
    let Some(session) = current(state, headers).await? else { return Ok(None) };
    match &session.subject {
        SessionSubject::Respondent { campaign, respondent } => {
            Ok(Some(RespondentSession { campaign: campaign.clone(), respondent: respondent.clone(), session }))
        }
        SessionSubject::User(_) => Ok(None),
    }
}

/// A logged-in study-side user (administrator, lead or viewer), as the route table's guard
/// let them in with the role their route declares.
#[derive(Debug, Clone)]
pub struct UserSession {
    /// The account.
    pub user: User,
    /// The session (its CSRF token goes in every form).
    pub session: Session,
}

impl FromRequestParts<AppState> for UserSession {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, WebError> {
        // Only a route declared for study-side users gets one: any other use is a bug.
        parts.extensions.get::<UserSession>().cloned().ok_or_else(|| {
            WebError::Internal(format!("{} : route sans accès d'équipe d'étude déclaré", parts.uri.path()))
        })
    }
}

/// A respondent who opened their invitation link, or an agent of the body signed in through
/// ProConnect (`session.agent_email`): reaches its own answers only.
#[derive(Debug, Clone)]
pub struct RespondentSession {
    /// The wave.
    pub campaign: CampaignCode,
    /// The target's code.
    pub respondent: String,
    /// The session.
    pub session: Session,
}

impl RespondentSession {
    /// The agent signed in through ProConnect, recorded with every save; `None` for a link.
    pub fn agent(&self) -> Option<&str> {
        self.session.agent_email.as_deref()
    }
}

impl FromRequestParts<AppState> for RespondentSession {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, WebError> {
        parts.extensions.get::<RespondentSession>().cloned().ok_or(WebError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("lang=fr; mutu_session=abc; other=1"));
        assert_eq!(cookie_token(&h).as_deref(), Some("abc"));
        h.insert(header::COOKIE, HeaderValue::from_static("mutu_session="));
        assert_eq!(cookie_token(&h), None);
    }
}
