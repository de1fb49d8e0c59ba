//! « J'ai perdu mon lien / mon collègue est parti » (issue 15), for bodies without
//! ProConnect ([`mutu_app::lost_links`]).
//!
//! - `GET /lien-perdu`, `POST /lien-perdu` (public, no session): an agent names their body
//!   — its code, SIREN or exact name, resolved on the server among the targets of the open
//!   waves (a national wave's 35 000 communes make no select) — and gives their professional
//!   e-mail. The form's anti-forgery token is doubled in a `SameSite=Strict` cookie, as the
//!   login form's ([`crate::lead::auth::form_token`]). Requests are throttled per client
//!   and globally ([`MAX_PER_CLIENT`], [`MAX_GLOBAL`] per [`WINDOW`]). The answer never says
//!   whether the body or the e-mail matched anything — « votre demande est transmise » —
//!   except when a link went at once (the e-mail's domain is registered for the body).
//! - On the wave's follow-up page, a lead sees the pending requests (body, e-mail, when) and
//!   in one click sends the fresh link (`…/liens-perdus/{id}/envoyer`) or dismisses the
//!   request (`…/ignorer`); and registers or withdraws the e-mail domains of a body
//!   (`…/liens-perdus/domaines`, `…/domaines/supprimer`).

use crate::extract::{Lang, Posted, Study, WavePath};
use crate::lead::auth::{form_token, form_token_ok};
use crate::page::{Invalid, render, see_other, ser, translate};
use crate::routes::{Access, Forgery, RouteTable};
use crate::{AppState, WebError, throttle};
use axum::extract::{ConnectInfo, RawPathParams, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use mutu_app::lost_links::{self, checked_domain, checked_email};
use mutu_domain::codes::CampaignCode;
use mutu_render::Format;
use serde::Serialize;
use std::net::SocketAddr;
use std::time::Duration;
use time::OffsetDateTime;

/// The public form's path.
pub const PATH: &str = "/lien-perdu";
/// Requests one client may make per [`WINDOW`].
pub const MAX_PER_CLIENT: u64 = 5;
/// Requests all clients together may make per [`WINDOW`].
pub const MAX_GLOBAL: u64 = 200;
/// The counting window (the longest the throttle keeps: [`throttle::EMAIL_WINDOW`]).
pub const WINDOW: Duration = throttle::EMAIL_WINDOW;
/// The bucket of every request.
const ALL: &str = "lien-perdu:*";

/// Templates of the form and of its part of the follow-up page.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("lost_link/form.html", include_str!("../templates/lost_link/form.html")),
    ("lost_link/done.html", include_str!("../templates/lost_link/done.html")),
    ("lost_link/followup.html", include_str!("../templates/lost_link/followup.html")),
];

/// Routes of the lost-link form and of the lead's answers.
pub fn routes() -> RouteTable {
    RouteTable::new()
        .get(PATH, Access::Public, form_page)
        .post_public(PATH, Forgery::LoginCookie, submit)
        .post("/vagues/{code}/liens-perdus/{id}/envoyer", Access::Lead, send)
        .post("/vagues/{code}/liens-perdus/{id}/ignorer", Access::Lead, dismiss)
        .post("/vagues/{code}/liens-perdus/domaines", Access::Lead, add_domain)
        .post("/vagues/{code}/liens-perdus/domaines/supprimer", Access::Lead, remove_domain)
}

/// The form with a fresh token in its cookie and field, `status`, what was typed and errors.
fn form(
    state: &AppState,
    lang: &str,
    status: StatusCode,
    typed: (&str, &str),
    invalid: &[Invalid],
    expired: bool,
) -> Result<Response, WebError> {
    let (token, cookie) = form_token(state, PATH)?;
    let context = minijinja::context! {
        form_csrf => token, body => typed.0, email => typed.1, errors => ser(&translate(state, lang, invalid)),
        expired => expired,
    };
    let mut response = render(state, lang, status, "lost_link/form.html", None, context)?;
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
}

/// `GET /lien-perdu`.
async fn form_page(State(state): State<AppState>, Lang(lang): Lang) -> Result<Response, WebError> {
    form(&state, lang, StatusCode::OK, ("", ""), &[], false)
}

/// `POST /lien-perdu` (`organisme`, `email`): 403 without the cookie's token, 429 past the
/// throttle, 422 for an empty body or an e-mail that is not one; else the request is
/// recorded (or its link sent at once) and the answer says no more than that.
async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    extensions: Extensions,
    Lang(lang): Lang,
    Posted(posted): Posted,
) -> Result<Response, WebError> {
    let body = posted.get("organisme").unwrap_or_default().to_owned();
    let raw_email = posted.get("email").unwrap_or_default().to_owned();
    if !form_token_ok(&headers, &posted) {
        return form(&state, lang, StatusCode::FORBIDDEN, (&body, &raw_email), &[], true);
    }
    let peer = extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let client = throttle::client_address(peer, &headers, &state.config.trusted_proxies);
    let bucket = client.map_or_else(|| "lien-perdu:inconnu".to_owned(), |ip| format!("lien-perdu:{ip}"));
    let now = OffsetDateTime::now_utc();
    let (mine, all) = tokio::try_join!(
        state.store.throttle_count(&bucket, now - WINDOW),
        state.store.throttle_count(ALL, now - WINDOW)
    )?;
    if mine >= MAX_PER_CLIENT || all >= MAX_GLOBAL {
        return Err(WebError::TooManyRequests);
    }
    let mut invalid = vec![];
    if body.is_empty() || body.chars().count() > 200 {
        invalid.push(Invalid::new("organisme", "lost-error-body"));
    }
    let email = checked_email(&raw_email);
    if email.is_none() {
        invalid.push(Invalid::new("email", "lost-error-email"));
    }
    let Some(email) = email.filter(|_| invalid.is_empty()) else {
        return form(&state, lang, StatusCode::UNPROCESSABLE_ENTITY, (&body, &raw_email), &invalid, false);
    };
    state.store.record_throttle(&[&bucket, ALL], now, now - WINDOW).await?;
    let done = lost_links::request_link(&state.store, &body, &email).await?;
    let context = minijinja::context! { sent => done.sent > 0 };
    let mut response = render(&state, lang, StatusCode::OK, "lost_link/done.html", None, context)?;
    let forget = format!("mutu_login=; Path={PATH}; HttpOnly; SameSite=Strict; Max-Age=0");
    response
        .headers_mut()
        .append(header::SET_COOKIE, HeaderValue::from_str(&forget).map_err(|e| WebError::Internal(e.to_string()))?);
    Ok(response)
}

/// A pending request as the follow-up page shows it.
#[derive(Debug, Serialize)]
struct RequestView {
    id: i64,
    respondent: String,
    name: String,
    email: String,
    at: String,
}

/// The lost-link part of a wave's follow-up page, for its leads: the pending requests, the
/// registered domains.
pub(crate) async fn followup(
    state: &AppState,
    code: &CampaignCode,
    fmt: &Format,
) -> Result<minijinja::Value, WebError> {
    let (requests, domains) =
        tokio::try_join!(state.store.pending_link_requests(code), state.store.link_domains(code))?;
    let requests: Vec<RequestView> = requests
        .into_iter()
        .map(|r| RequestView {
            id: r.id,
            respondent: r.respondent,
            name: r.name,
            email: r.email,
            at: fmt.moment(r.requested_at),
        })
        .collect();
    Ok(minijinja::context! { requests => ser(&requests), domains => ser(&domains) })
}

/// The path's `{id}`: a request's number; anything else is the uniform 404.
async fn request_id(params: RawPathParams) -> Result<i64, WebError> {
    params.iter().find(|(k, _)| *k == "id").and_then(|(_, v)| v.parse().ok()).ok_or(WebError::NotFound)
}

fn back(code: &CampaignCode) -> Response {
    see_other(&format!("/vagues/{code}#liens-perdus"))
}

/// `POST /vagues/{code}/liens-perdus/{id}/envoyer`: the fresh link, in one click.
async fn send(s: Study, wave: WavePath, params: RawPathParams) -> Result<Response, WebError> {
    let id = request_id(params).await?;
    lost_links::send_fresh_link(&s.state.store, &wave.code, id, &s.user.user.email).await?;
    Ok(back(&wave.code))
}

/// `POST /vagues/{code}/liens-perdus/{id}/ignorer`.
async fn dismiss(s: Study, wave: WavePath, params: RawPathParams) -> Result<Response, WebError> {
    let id = request_id(params).await?;
    lost_links::dismiss(&s.state.store, &wave.code, id, &s.user.user.email).await?;
    Ok(back(&wave.code))
}

/// The `cible` and `domaine` of a domain form; 400 when either is missing or malformed.
fn domain_form(form: &crate::extract::Form) -> Result<(String, String), WebError> {
    let respondent = form.get("cible").ok_or_else(|| WebError::BadRequest("Organisme manquant.".into()))?;
    let domain = form
        .get("domaine")
        .and_then(checked_domain)
        .ok_or_else(|| WebError::BadRequest("Domaine de courriel invalide (exemple : mairie-exemple.fr).".into()))?;
    Ok((respondent.to_owned(), domain))
}

/// `POST /vagues/{code}/liens-perdus/domaines` (`cible`, `domaine`): a request from this
/// domain for this body gets its link at once.
async fn add_domain(s: Study, wave: WavePath, Posted(form): Posted) -> Result<Response, WebError> {
    let (respondent, domain) = domain_form(&form)?;
    match s.state.store.add_link_domain(&wave.code, &respondent, &domain).await {
        Err(mutu_storage::StoreError::NotFound(_)) => {
            return Err(WebError::BadRequest(format!("« {respondent} » n'est pas une cible de la vague.")));
        }
        other => other?,
    }
    let subject = format!("{}/{respondent} {domain}", wave.code);
    s.state.store.audit(&s.user.user.email, "link_domain.add", &subject).await?;
    Ok(back(&wave.code))
}

/// `POST /vagues/{code}/liens-perdus/domaines/supprimer` (`cible`, `domaine`).
async fn remove_domain(s: Study, wave: WavePath, Posted(form): Posted) -> Result<Response, WebError> {
    let (respondent, domain) = domain_form(&form)?;
    if s.state.store.remove_link_domain(&wave.code, &respondent, &domain).await? {
        let subject = format!("{}/{respondent} {domain}", wave.code);
        s.state.store.audit(&s.user.user.email, "link_domain.remove", &subject).await?;
    }
    Ok(back(&wave.code))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_window_is_one_the_throttle_keeps() {
        assert!(super::WINDOW <= crate::throttle::EMAIL_WINDOW.max(crate::throttle::LINK_WINDOW));
    }
}
