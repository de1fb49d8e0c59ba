//! Logging in to the study side (argon2id hashes, from [`mutu_app::passwords`]), the login
//! and logout forms, the language switch; failed logins are throttled ([`crate::throttle`],
//! shared by every server) so a password cannot be guessed by trying many.

use crate::extract::{Lang, Posted};
use crate::page::{cookie, render, see_other};
use crate::{AppState, WebError, i18n};
use crate::{session, throttle};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mutu_app::passwords::{hash_password, verify_password};
use mutu_app::secrets::{constant_time_eq, random_token};
use std::sync::OnceLock;
use time::OffsetDateTime;

/// Cookie holding the login form's anti-forgery token (no session exists yet to hold it).
const LOGIN_COOKIE: &str = "mutu_login";

/// The login page with a fresh anti-forgery token in its cookie and form (and `error` above
/// it: a refused password, or a refused sign-in through ProConnect).
pub(crate) fn login_form(
    state: &AppState,
    lang: &str,
    status: StatusCode,
    email: &str,
    error: Option<&str>,
) -> Result<Response, WebError> {
    let (token, cookie) = form_token(state, "/connexion")?;
    let context = minijinja::context! {
        login_csrf => token, email => email, error => error, oidc => state.oidc.is_some(),
        password => state.config.password_login,
    };
    let mut response = render(state, lang, status, "lead/login.html", None, context)?;
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
}

/// The anti-forgery token of a form posted without a session (the login form, the public
/// « lien perdu » form): a fresh random token for the form's `csrf` field, doubled in a
/// `SameSite=Strict` cookie scoped to `path`, which a cross-site page can neither read nor
/// make the browser send.
pub(crate) fn form_token(state: &AppState, path: &str) -> Result<(String, HeaderValue), WebError> {
    let token = random_token();
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    let cookie = format!("{LOGIN_COOKIE}={token}; Path={path}; HttpOnly; SameSite=Strict{secure}");
    let cookie = HeaderValue::from_str(&cookie).map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((token, cookie))
}

/// Whether a form posted without a session carries the token of its cookie
/// ([`form_token`]).
pub(crate) fn form_token_ok(headers: &HeaderMap, form: &crate::extract::Form) -> bool {
    matches!((cookie(headers, LOGIN_COOKIE), form.get("csrf")),
        (Some(expected), Some(given)) if constant_time_eq(&expected, given))
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
    if !state.config.password_login {
        let message = state.templates.message(lang, "oidc-password-off", &[]);
        return login_form(&state, lang, StatusCode::FORBIDDEN, "", Some(&message));
    }
    if !form_token_ok(&headers, &form) {
        let message = state.templates.message(lang, "lead-login-expired", &[]);
        return login_form(&state, lang, StatusCode::FORBIDDEN, &email, Some(&message));
    }
    throttle::check_login(&state.store, &email, OffsetDateTime::now_utc()).await?;
    let user = if email.is_empty() { None } else { state.store.user_by_email(&email).await? };
    let hash = user.as_ref().map_or_else(|| decoy_hash().to_owned(), |u| u.password_hash.clone());
    let password = form.raw("password").to_owned();
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let Some(user) = user.filter(|_| matches) else {
        throttle::login_failed(&state.store, &email, OffsetDateTime::now_utc()).await?;
        let message = state.templates.message(lang, "lead-login-failed", &[]);
        return login_form(&state, lang, StatusCode::UNPROCESSABLE_ENTITY, &email, Some(&message));
    };
    throttle::login_succeeded(&state.store, &email).await?;
    // A new session id at login: whatever id the browser held before is dropped.
    let (cookie, _) = session::sign_in(&state, &headers, user.id).await?;
    let forget = HeaderValue::from_static("mutu_login=; Path=/connexion; HttpOnly; SameSite=Strict; Max-Age=0");
    let mut response = see_other("/");
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response.headers_mut().append(header::SET_COOKIE, forget);
    Ok(response)
}

/// `POST /deconnexion`; a session opened through ProConnect is then closed at the provider
/// too (its logout sends the browser back to `/oidc/deconnexion`).
pub(super) async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, WebError> {
    let provider_logout = crate::oidc::provider_logout(&state, &headers).await?;
    let cookie = session::close(&state, &headers).await?;
    let mut response = provider_logout.unwrap_or_else(|| see_other("/"));
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
    fn language_switch_goes_back_to_local_paths_only() {
        assert_eq!(local_path(Some("/vagues/x")), "/vagues/x");
        assert_eq!(local_path(Some("//evil.example/")), "/");
        assert_eq!(local_path(Some("https://evil.example/")), "/");
        assert_eq!(local_path(None), "/");
    }
}
