//! Logging in to the study side (argon2id hashes, from [`mutu_app::passwords`]), the login
//! and logout forms, the language switch, and login throttling so a password cannot be
//! guessed by trying many.

use crate::extract::{Lang, Posted};
use crate::page::{cookie, render, see_other};
use crate::session;
use crate::{AppState, WebError, i18n};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mutu_app::passwords::{hash_password, verify_password};
use mutu_app::secrets::{constant_time_eq, random_token};
use mutu_storage::SessionSubject;
use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

/// Failed logins for one email before that email is refused.
pub const MAX_FAILURES_PER_EMAIL: usize = 5;
/// How long a failed login counts against its email.
pub const EMAIL_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failed logins, all emails together, before every login is refused.
pub const MAX_FAILURES_GLOBAL: usize = 100;
/// How long a failed login counts in the global bucket.
pub const GLOBAL_WINDOW: Duration = Duration::from_secs(60);

/// Login throttling, held in memory by each server process.
///
/// - **Per email**: after [`MAX_FAILURES_PER_EMAIL`] (5) failed logins for one email within
///   [`EMAIL_WINDOW`] (15 minutes), every login for that email is answered
///   `429 Too Many Requests` — even with the right password — until the oldest of those
///   failures is 15 minutes old. A successful login clears the email's failures.
/// - **Global**: after [`MAX_FAILURES_GLOBAL`] (100) failed logins within [`GLOBAL_WINDOW`]
///   (1 minute), whatever the emails, every login is answered 429 until the minute has passed:
///   this slows one password tried against many accounts.
///
/// Failures count whether the email exists or not, so the answer tells nothing about
/// accounts. Because the global bucket caps failures at 100 a minute, at most 1,500 emails
/// are remembered. Several app servers each keep their own counts.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<Failures>,
}

#[derive(Debug, Default)]
struct Failures {
    by_email: HashMap<String, VecDeque<Instant>>,
    global: VecDeque<Instant>,
}

impl Failures {
    fn forget_before(&mut self, now: Instant) {
        let expired = |t: &Instant, window| now.saturating_duration_since(*t) >= window;
        while self.global.front().is_some_and(|t| expired(t, GLOBAL_WINDOW)) {
            self.global.pop_front();
        }
        self.by_email.retain(|_, times| {
            while times.front().is_some_and(|t| expired(t, EMAIL_WINDOW)) {
                times.pop_front();
            }
            !times.is_empty()
        });
    }
}

fn key(email: &str) -> String {
    email.trim().to_lowercase()
}

impl LoginThrottle {
    /// Refuses a login for `email` at `now` when either limit is reached.
    pub fn check(&self, email: &str, now: Instant) -> Result<(), WebError> {
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        failures.forget_before(now);
        let for_email = failures.by_email.get(&key(email)).map_or(0, VecDeque::len);
        if for_email >= MAX_FAILURES_PER_EMAIL || failures.global.len() >= MAX_FAILURES_GLOBAL {
            return Err(WebError::TooManyRequests);
        }
        Ok(())
    }

    /// Counts a failed login for `email` at `now`.
    pub fn record_failure(&self, email: &str, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        failures.forget_before(now);
        failures.global.push_back(now);
        failures.by_email.entry(key(email)).or_default().push_back(now);
    }

    /// Clears the failures of `email` after it logged in.
    pub fn record_success(&self, email: &str) {
        self.failures.lock().unwrap_or_else(PoisonError::into_inner).by_email.remove(&key(email));
    }
}

/// Cookie holding the login form's anti-forgery token (no session exists yet to hold it).
const LOGIN_COOKIE: &str = "mutu_login";

/// The login page with a fresh anti-forgery token in its cookie and form.
fn login_form(
    state: &AppState,
    lang: &str,
    status: StatusCode,
    email: &str,
    error: Option<&str>,
) -> Result<Response, WebError> {
    let token = random_token();
    let context = minijinja::context! { login_csrf => token.clone(), email => email, error => error };
    let mut response = render(state, lang, status, "lead/login.html", None, context)?;
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    let cookie = format!("{LOGIN_COOKIE}={token}; Path=/connexion; HttpOnly; SameSite=Strict{secure}");
    response
        .headers_mut()
        .append(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(|e| WebError::Internal(e.to_string()))?);
    Ok(response)
}

/// `GET /connexion`.
pub(super) async fn login_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Lang(lang): Lang,
) -> Result<Response, WebError> {
    if session::user(&state, &headers).await?.is_some() {
        return Ok(see_other("/"));
    }
    login_form(&state, lang, StatusCode::OK, "", None)
}

/// A hash to verify against when the email is unknown, so both cases take the same time.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password(&random_token()).unwrap_or_default())
}

/// `POST /connexion`: the same message whatever was wrong; 429 past the throttle's limits.
pub(super) async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Lang(lang): Lang,
    Posted(form): Posted,
) -> Result<Response, WebError> {
    let email = form.get("email").unwrap_or_default().to_owned();
    let csrf_ok = matches!((cookie(&headers, LOGIN_COOKIE), form.get("csrf")),
        (Some(expected), Some(given)) if constant_time_eq(&expected, given));
    if !csrf_ok {
        let message = state.templates.message(lang, "lead-login-expired", &[]);
        return login_form(&state, lang, StatusCode::FORBIDDEN, &email, Some(&message));
    }
    state.throttle.check(&email, Instant::now())?;
    let user = if email.is_empty() { None } else { state.store.user_by_email(&email).await? };
    let hash = user.as_ref().map_or_else(|| decoy_hash().to_owned(), |u| u.password_hash.clone());
    let password = form.raw("password").to_owned();
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let Some(user) = user.filter(|_| matches) else {
        state.throttle.record_failure(&email, Instant::now());
        let message = state.templates.message(lang, "lead-login-failed", &[]);
        return login_form(&state, lang, StatusCode::UNPROCESSABLE_ENTITY, &email, Some(&message));
    };
    state.throttle.record_success(&email);
    // A new session id at login: whatever id the browser held before is dropped.
    session::close(&state, &headers).await?;
    let cookie = session::open(&state, &SessionSubject::User(user.id)).await?;
    let forget = HeaderValue::from_static("mutu_login=; Path=/connexion; HttpOnly; SameSite=Strict; Max-Age=0");
    let mut response = see_other("/");
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response.headers_mut().append(header::SET_COOKIE, forget);
    Ok(response)
}

/// `POST /deconnexion`.
pub(super) async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, WebError> {
    let cookie = session::close(&state, &headers).await?;
    let mut response = see_other("/");
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
}

/// Where to go back after switching language: a local path given by the form, else `/`.
fn local_path(candidate: Option<&str>) -> &str {
    match candidate {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => path,
        _ => "/",
    }
}

/// `POST /langue`: remembers `fr` or `en` in a cookie (a preference, not a state change of
/// the service, so no session is needed), then back to `retour` (a local path) or `/`.
pub(super) async fn language(State(state): State<AppState>, Posted(form): Posted) -> Result<Response, WebError> {
    let lang = form
        .get("lang")
        .and_then(|l| i18n::LANGUAGES.iter().find(|x| **x == l))
        .ok_or_else(|| WebError::BadRequest("Langue inconnue.".into()))?;
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    let cookie = format!("lang={lang}; Path=/; Max-Age=31536000; SameSite=Lax{secure}");
    let mut response = see_other(local_path(form.get("retour")));
    response
        .headers_mut()
        .append(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(|e| WebError::Internal(e.to_string()))?);
    Ok(response.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_one_email_for_fifteen_minutes() {
        let throttle = LoginThrottle::default();
        let t0 = Instant::now();
        for _ in 0..MAX_FAILURES_PER_EMAIL {
            assert!(throttle.check("Anne@x.fr", t0).is_ok());
            throttle.record_failure("anne@x.fr ", t0);
        }
        assert!(matches!(throttle.check("anne@x.fr", t0), Err(WebError::TooManyRequests)));
        assert!(throttle.check("bob@x.fr", t0).is_ok(), "other emails are not locked");
        assert!(throttle.check("anne@x.fr", t0 + EMAIL_WINDOW).is_ok(), "the window passes");
        throttle.record_success("anne@x.fr");
        assert!(throttle.check("anne@x.fr", t0).is_ok(), "a success clears the count");
    }

    #[test]
    fn the_global_bucket_locks_every_email() {
        let throttle = LoginThrottle::default();
        let t0 = Instant::now();
        for i in 0..MAX_FAILURES_GLOBAL {
            throttle.record_failure(&format!("u{i}@x.fr"), t0);
        }
        assert!(matches!(throttle.check("new@x.fr", t0), Err(WebError::TooManyRequests)));
        assert!(throttle.check("new@x.fr", t0 + GLOBAL_WINDOW).is_ok());
    }

    #[test]
    fn language_switch_goes_back_to_local_paths_only() {
        assert_eq!(local_path(Some("/vagues/x")), "/vagues/x");
        assert_eq!(local_path(Some("//evil.example/")), "/");
        assert_eq!(local_path(Some("https://evil.example/")), "/");
        assert_eq!(local_path(None), "/");
    }
}
