//! Sessions: a random id in an `HttpOnly` cookie, its hash in the database (so sessions
//! survive a restart and a stolen database opens none), idle and absolute timeouts, and the
//! extractors that give handlers the logged-in user or respondent.

use crate::security::{constant_time_eq, hash_token, random_token};
use crate::{AppState, WebError};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use mutu_domain::codes::CampaignCode;
use mutu_storage::{Role, Session, SessionSubject, User};
use std::time::Duration;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

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
    let token = random_token();
    state.store.create_session(&hash_token(&token), subject, &random_token()).await?;
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}"))
        .map_err(|e| WebError::Internal(e.to_string()))
}

/// Closes the browser's session; returns the `Set-Cookie` value that forgets it.
pub async fn close(state: &AppState, headers: &HeaderMap) -> Result<HeaderValue, WebError> {
    if let Some(token) = cookie_token(headers) {
        state.store.delete_session(&hash_token(&token)).await?;
    }
    Ok(HeaderValue::from_static("mutu_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"))
}

fn age(stamp: &str, now: OffsetDateTime) -> Duration {
    OffsetDateTime::parse(stamp, &Rfc3339).map_or(Duration::MAX, |t| (now - t).try_into().unwrap_or(Duration::ZERO))
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
    if age(&session.last_seen_at, now) > idle || age(&session.created_at, now) > absolute {
        state.store.delete_session(&id_hash).await?;
        return Ok(None);
    }
    // Touch at most once a minute: a page view should not always be a write.
    if age(&session.last_seen_at, now) > Duration::from_secs(60) {
        state.store.touch_session(&id_hash).await?;
    }
    Ok(Some(session))
}

/// Checks a form's anti-forgery token against the session's.
pub fn check_csrf(session: &Session, token: Option<&str>) -> Result<(), WebError> {
    match token {
        Some(token) if constant_time_eq(token, &session.csrf) => Ok(()),
        _ => Err(WebError::Csrf),
    }
}

/// A logged-in study-side user (administrator, lead or viewer).
pub struct UserSession {
    /// The account.
    pub user: User,
    /// The session (its CSRF token goes in every form).
    pub session: Session,
}

impl UserSession {
    /// Refuses users below `role` (viewer < lead < admin).
    pub fn require(&self, role: Role) -> Result<(), WebError> {
        let rank = |r: Role| match r {
            Role::Viewer => 0,
            Role::Lead => 1,
            Role::Admin => 2,
        };
        if rank(self.user.role) >= rank(role) { Ok(()) } else { Err(WebError::Forbidden) }
    }
}

impl FromRequestParts<AppState> for UserSession {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let session = current(state, &parts.headers).await?.ok_or(WebError::LoginRequired)?;
        let SessionSubject::User(id) = session.subject else { return Err(WebError::LoginRequired) };
        let user = state.store.user(id).await?.ok_or(WebError::LoginRequired)?;
        Ok(UserSession { user, session })
    }
}

/// A respondent who opened their invitation link: reaches its own answers only.
pub struct RespondentSession {
    /// The wave.
    pub campaign: CampaignCode,
    /// The target's code.
    pub respondent: String,
    /// The session.
    pub session: Session,
}

impl RespondentSession {
    /// The uniform 404 unless the path names this session's own wave and respondent.
    pub fn require_own(&self, campaign: &str, respondent: &str) -> Result<(), WebError> {
        if self.campaign.as_str() == campaign && self.respondent == respondent {
            Ok(())
        } else {
            Err(WebError::NotFound)
        }
    }
}

impl FromRequestParts<AppState> for RespondentSession {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let session = current(state, &parts.headers).await?.ok_or(WebError::NotFound)?;
        match &session.subject {
            SessionSubject::Respondent { campaign, respondent } => {
                Ok(RespondentSession { campaign: campaign.clone(), respondent: respondent.clone(), session })
            }
            SessionSubject::User(_) => Err(WebError::NotFound),
        }
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
