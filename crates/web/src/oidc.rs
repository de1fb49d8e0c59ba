//! Signing in with ProConnect, or any OpenID Connect provider (issue 15): the study leads'
//! door `GET /connexion/oidc`, the respondents' door `GET /reponse/oidc`, the one callback
//! `GET /oidc/retour`, and the return from the provider's logout `GET /oidc/deconnexion`.
//!
//! Every check of the protocol (state, nonce, PKCE, signatures, issuer, audience, expiry,
//! userinfo) is `mutu_oidc`'s. This module keeps what a trip to the provider waits on
//! server-side, in `oidc_pending`, under the hash of a random cookie (`mutu_oidc`, `HttpOnly`,
//! `SameSite=Lax` since the provider sends the browser back by a cross-site top-level `GET`);
//! the callback takes it (reads and deletes it: a code or a state cannot be used twice), maps
//! the identity to an account **by email** and opens the very session a password opens
//! ([`crate::session::sign_in`]), keeping the ID token beside it for the logout.
//!
//! Without a provider configured (`mutu serve` without `--oidc-issuer`), the three routes are
//! the uniform 404 and the login page shows no ProConnect link.

use crate::extract::Lang;
use crate::lead::auth::login_form;
use crate::page::{cookie, see_other};
use crate::routes::{Access, RouteTable};
use crate::{AppState, WebError, session};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use mutu_app::secrets::{constant_time_eq, hash_token, random_token};
use mutu_domain::lifecycle::Role;
use mutu_oidc::{Callback, Door, OidcConfig, PENDING_LOGIN_LIFETIME, PendingLogin, random_state};
use mutu_storage::StoreError;
use std::sync::Arc;
use time::OffsetDateTime;

pub use mutu_oidc::{OidcClient, OidcError};

/// The study leads' door: starts a sign-in at the provider.
pub const START: &str = "/connexion/oidc";
/// The respondents' door: an agent starts there to reach their body's answer
/// ([`crate::respondent::proconnect`]).
pub const RESPONDENT_START: &str = "/reponse/oidc";
/// Where the provider sends the browser back with a code (`PUBLIC_URL/oidc/retour`).
pub const CALLBACK: &str = "/oidc/retour";
/// Where the provider sends the browser back after its logout (`PUBLIC_URL/oidc/deconnexion`).
pub const AFTER_LOGOUT: &str = "/oidc/deconnexion";
/// The routes that exist only where a provider is configured: elsewhere, the uniform 404.
pub const PATHS: [&str; 4] = [START, RESPONDENT_START, CALLBACK, AFTER_LOGOUT];

/// The cookie naming the pending trip (login or logout) of a browser; scoped to `/oidc`, the
/// two addresses the provider sends the browser back to.
const COOKIE: &str = "mutu_oidc";
/// Purposes of a pending trip, as stored.
const LOGIN: &str = "login";
const LOGOUT: &str = "logout";

/// The routes of signing in through the provider; each decides for itself (a pending trip of
/// its own browser), hence `Public`. The two doors write the pending row they start.
pub fn routes() -> RouteTable {
    RouteTable::new()
        .get(START, Access::Public, start)
        .get(RESPONDENT_START, Access::Public, start_respondent)
        .get(CALLBACK, Access::Public, callback)
        .get(AFTER_LOGOUT, Access::Public, after_logout)
}

/// The provider of `public_url`'s mutu at `issuer`, discovered (once, at start), the client
/// secret read from `MUTU_OIDC_CLIENT_SECRET` or the file named by
/// `MUTU_OIDC_CLIENT_SECRET_FILE`.
pub async fn discover(issuer: &str, client_id: &str, public_url: &str) -> Result<Arc<OidcClient>, OidcError> {
    let public = url::Url::parse(public_url).map_err(|e| OidcError::Config(format!("public URL {public_url}: {e}")))?;
    let config = OidcConfig::new(issuer, client_id, mutu_oidc::client_secret_from_env()?, &public)?;
    Ok(Arc::new(OidcClient::discover(config).await?))
}

/// The configured provider, or the uniform 404.
fn provider(state: &AppState) -> Result<&OidcClient, WebError> {
    state.oidc.as_deref().ok_or(WebError::NotFound)
}

fn header_value(text: &str) -> Result<HeaderValue, WebError> {
    HeaderValue::from_str(text).map_err(|e| WebError::Internal(e.to_string()))
}

/// Keeps `payload` server-side for `purpose` under a fresh random cookie; returns the cookie.
async fn keep(state: &AppState, purpose: &str, payload: &str) -> Result<HeaderValue, WebError> {
    let token = random_token();
    let expires_at = OffsetDateTime::now_utc() + PENDING_LOGIN_LIFETIME;
    state.store.put_oidc_pending(&hash_token(&token), purpose, payload, expires_at).await?;
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    let max_age = PENDING_LOGIN_LIFETIME.as_secs();
    header_value(&format!("{COOKIE}={token}; Path=/oidc; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"))
}

/// Takes (reads and deletes) the browser's pending trip for `purpose`, if any and not expired.
async fn take(state: &AppState, headers: &HeaderMap, purpose: &str) -> Result<Option<String>, WebError> {
    let Some(token) = cookie(headers, COOKIE) else { return Ok(None) };
    Ok(state.store.take_oidc_pending(&hash_token(&token), purpose).await?)
}

/// The `Set-Cookie` value that forgets the pending trip's cookie.
fn forget() -> HeaderValue {
    HeaderValue::from_static("mutu_oidc=; Path=/oidc; Max-Age=0; HttpOnly; SameSite=Lax")
}

/// The login page with a refusal (`key` of `oidc.ftl`) above it, with `status`; nothing opened.
fn refused(
    state: &AppState,
    lang: &str,
    status: StatusCode,
    key: &str,
    args: &[(&str, String)],
) -> Result<Response, WebError> {
    let message = state.templates.message(lang, key, args);
    let mut response = login_form(state, lang, status, "", Some(&message))?;
    response.headers_mut().append(header::SET_COOKIE, forget());
    Ok(response)
}

/// The message of a refused sign-in, by [`OidcError::code`].
fn message_key(error: &OidcError) -> &'static str {
    match error.code() {
        "state" => "oidc-error-state",
        "expired-login" => "oidc-error-expired",
        "provider-error" => "oidc-error-provider",
        "issuer" | "id-token" | "userinfo" => "oidc-error-token",
        "code" => "oidc-error-code",
        "claims" => "oidc-error-claims",
        _ => "oidc-error-other",
    }
}

/// `GET /connexion/oidc`: keeps a new pending login and sends the browser to the provider.
async fn start(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, WebError> {
    let client = provider(&state)?;
    if session::user(&state, &headers).await?.is_some() {
        return Ok(see_other("/"));
    }
    go(&state, client, Door::StudyLead).await
}

/// `GET /reponse/oidc`: the same trip from the respondents' door; back from the provider,
/// the agent lands on their body's answer.
async fn start_respondent(State(state): State<AppState>) -> Result<Response, WebError> {
    let client = provider(&state)?;
    go(&state, client, Door::Respondent).await
}

/// Keeps a new pending login through `door` and sends the browser to the provider.
async fn go(state: &AppState, client: &OidcClient, door: Door) -> Result<Response, WebError> {
    let begin = client.begin(door);
    let pending = serde_json::to_string(&begin.pending).map_err(|e| WebError::Internal(e.to_string()))?;
    let kept = keep(state, LOGIN, &pending).await?;
    let mut response = see_other(begin.authorize_url.as_str());
    response.headers_mut().append(header::SET_COOKIE, kept);
    Ok(response)
}

/// `GET /oidc/retour`: finishes the login the browser started here (every check is
/// `mutu_oidc`'s), then opens the session of the account with the identity's email. Any
/// refusal is the login page with a French message (the cause goes to the log only) and
/// opens nothing.
async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Lang(lang): Lang,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let client = provider(&state)?;
    // Taken before anything else: whatever happens next, this login cannot be finished twice.
    let pending = take(&state, &headers, LOGIN).await?;
    let Some(pending) = pending.and_then(|p| serde_json::from_str::<PendingLogin>(&p).ok()) else {
        tracing::warn!("OpenID Connect callback without a pending login (expired, already used, or another browser)");
        return refused(&state, lang, StatusCode::BAD_REQUEST, "oidc-error-expired", &[]);
    };
    let identity = match client.finish(pending, &Callback::from_query(query.as_deref().unwrap_or_default())).await {
        Ok(identity) => identity,
        Err(error) => {
            tracing::warn!(code = error.code(), %error, "sign-in through OpenID Connect refused");
            return refused(&state, lang, StatusCode::BAD_REQUEST, message_key(&error), &[]);
        }
    };
    if identity.door == Door::Respondent {
        return crate::respondent::proconnect::land(&state, &headers, lang, &identity, forget()).await;
    }
    let user = match state.store.user_by_email(&identity.email).await? {
        Some(user) => user,
        None if state.store.is_viewer_domain(&identity.email).await? => {
            viewer_of_domain(&state, &identity.email).await?
        }
        None => {
            tracing::info!(email = %identity.email, "signed in at the OpenID Connect provider, but no mutu account has this email");
            let args = [("email", identity.email.clone())];
            return refused(&state, lang, StatusCode::FORBIDDEN, "oidc-error-no-account", &args);
        }
    };
    let (opened, session_hash) = session::sign_in(&state, &headers, user.id).await?;
    state.store.set_session_id_token(&session_hash, &identity.id_token).await?;
    tracing::info!(user = user.id, "signed in through OpenID Connect");
    let mut response = see_other("/");
    response.headers_mut().append(header::SET_COOKIE, opened);
    response.headers_mut().append(header::SET_COOKIE, forget());
    Ok(response)
}

/// The viewer account made on the first sign-in of an agent whose e-mail domain an
/// administrator let in (`/utilisateurs`): no password (an empty hash, which no password
/// matches), so it signs in through the provider only.
async fn viewer_of_domain(state: &AppState, email: &str) -> Result<mutu_storage::User, WebError> {
    // Two first sign-ins at once: the second finds the account the first made.
    let made = match state.store.create_user(email, Role::Viewer, "").await {
        Ok(_) => true,
        Err(StoreError::Conflict(_)) => false,
        Err(e) => return Err(e.into()),
    };
    let user = state.store.user_by_email(email).await?.ok_or(WebError::NotFound)?;
    if made {
        state.store.audit(&user.email, "user.add.viewer.domain", &user.email).await?;
        tracing::info!(user = user.id, "viewer account made for an agent of a registered domain");
    }
    Ok(user)
}

/// For the logout (`POST /deconnexion`) of a session opened through the provider: the
/// redirect to the provider's logout, with `id_token_hint`, `post_logout_redirect_uri` and a
/// fresh `state` kept server-side under a new cookie. `None` for any other session (or a
/// provider without `end_session_endpoint`): mutu's own logout then suffices. Call it before
/// the session is closed (the ID token goes with it).
pub(crate) async fn provider_logout(state: &AppState, headers: &HeaderMap) -> Result<Option<Response>, WebError> {
    let (Some(client), Some(token)) = (state.oidc.as_deref(), session::cookie_token(headers)) else {
        return Ok(None);
    };
    let Some(id_token) = state.store.session_id_token(&hash_token(&token)).await? else { return Ok(None) };
    let logout_state = random_state();
    let Some(url) = client.logout_url(&id_token, &logout_state) else { return Ok(None) };
    let kept = keep(state, LOGOUT, &logout_state).await?;
    let mut response = see_other(url.as_str());
    response.headers_mut().append(header::SET_COOKIE, kept);
    Ok(Some(response))
}

/// `GET /oidc/deconnexion`: the provider's logout sends the browser back here with the
/// `state` mutu gave it; once it is checked against the one kept for this browser, on to the
/// login page. mutu's session was closed before the browser left.
async fn after_logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Lang(lang): Lang,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    provider(&state)?;
    let kept = take(&state, &headers, LOGOUT).await?;
    let given = Callback::from_query(query.as_deref().unwrap_or_default()).state;
    match (kept, given) {
        (Some(kept), Some(given)) if constant_time_eq(&kept, &given) => {
            let mut response = see_other("/connexion");
            response.headers_mut().append(header::SET_COOKIE, forget());
            Ok(response)
        }
        _ => {
            tracing::warn!("return from the provider's logout without the state given to this browser");
            refused(&state, lang, StatusCode::BAD_REQUEST, "oidc-error-logout", &[])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_routes_are_the_addresses_declared_to_the_provider() {
        assert_eq!(CALLBACK, format!("/{}", mutu_oidc::CALLBACK_PATH));
        assert_eq!(AFTER_LOGOUT, format!("/{}", mutu_oidc::POST_LOGOUT_PATH));
        assert!(PATHS.iter().skip(2).all(|p| p.starts_with("/oidc/")), "the pending trip's cookie is scoped to /oidc");
    }

    #[test]
    fn every_refusal_has_its_message_in_both_languages() {
        let i18n = crate::i18n::I18n::load().unwrap();
        let keys = ["state", "expired-login", "provider-error", "issuer", "code", "id-token", "userinfo", "claims"]
            .map(|code| match code {
                "state" => message_key(&OidcError::StateMissing),
                "expired-login" => message_key(&OidcError::PendingExpired),
                "code" => message_key(&OidcError::CodeMissing),
                "claims" => message_key(&OidcError::MissingClaim("email")),
                "id-token" => message_key(&OidcError::IdTokenMissing),
                "userinfo" => message_key(&OidcError::Userinfo(String::new())),
                "issuer" => message_key(&OidcError::CallbackIssuer(String::new())),
                _ => {
                    message_key(&OidcError::ProviderError { error: "access_denied".into(), description: String::new() })
                }
            });
        for key in keys.iter().chain(&["oidc-error-other", "oidc-error-no-account", "oidc-error-logout"]) {
            for lang in ["fr", "en"] {
                let message = i18n.message(lang, key, &[("email", "a@b.fr".into())]);
                assert_ne!(&message, key, "{lang}: {key} has no message");
            }
        }
        let fr = i18n.message("fr", "oidc-error-no-account", &[("email", "agent@mairie.fr".into())]);
        assert!(fr.contains("Aucun compte mutu pour agent@mairie.fr"), "{fr}");
    }
}
