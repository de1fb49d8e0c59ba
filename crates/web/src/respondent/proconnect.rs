//! Respondents sign in with ProConnect (issue 15): an agent reaches their body's answer
//! without an invitation link. The door `GET /reponse/oidc` and the one callback are
//! [`crate::oidc`]'s; once the provider's identity is verified there, [`land`] takes the
//! SIREN of its SIRET (its first nine digits) to the open wave whose targets hold it (an
//! EPCI's code is its SIREN; a commune's target is its INSEE code, found from its SIREN in
//! the referential) and opens the very session an invitation link opens, on that
//! body's answer. Several agents of one body share that answer: the versions of the answers
//! already refuse a stale save.
//!
//! An identity without a SIRET, or whose SIREN is no target of an open wave, gets a page
//! that says so (not the uniform 404: the agent did nothing wrong), and the attempt is
//! recorded (`oidc.respondent.unknown`) so the leads see it on their home page: the body may
//! be missing from the wave.

use crate::{AppState, WebError, session};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mutu_domain::codes::CampaignCode;
use mutu_domain::lifecycle::CampaignState;
use mutu_oidc::Identity;
use mutu_storage::{AuditFilter, SessionSubject};

/// The audit action of an identity that matched no target: what the leads' home page lists.
pub(crate) const UNKNOWN: &str = "oidc.respondent.unknown";

/// The open wave, newest first, whose targets hold the body of SIREN `siren`, and that
/// body's target code: the EPCI whose code is `siren` first, else the commune whose SIREN
/// it is in the referential (its target is its INSEE code).
async fn open_wave_of(state: &AppState, siren: &str) -> Result<Option<(CampaignCode, String)>, WebError> {
    let mut waves = state.store.campaigns().await?;
    waves.sort_by_key(|w| std::cmp::Reverse(w.created_at));
    let commune = state.store.commune_by_siren(siren).await?;
    for target in std::iter::once(siren).chain(commune.as_ref().map(|c| c.as_str())) {
        for wave in &waves {
            if state.store.campaign_meta(&wave.code).await?.state == CampaignState::Open
                && state.store.campaign_for(&wave.code, target).await?.is_some()
            {
                return Ok(Some((wave.code.clone(), target.to_owned())));
            }
        }
    }
    Ok(None)
}

/// The page of an identity that leads to no answer, with `status`.
fn no_answer(state: &AppState, lang: &str, key: &str, args: &[(&str, String)]) -> Result<Response, WebError> {
    let message = state.templates.message(lang, key, args);
    let html =
        state.templates.render("respondent/proconnect.html", lang, minijinja::context! { message => message })?;
    Ok((StatusCode::FORBIDDEN, html).into_response())
}

/// After the provider: the session on the answer of the identity's body, or the page that
/// says why there is none. `forget` is the `Set-Cookie` that ends the pending trip.
pub(crate) async fn land(
    state: &AppState,
    headers: &HeaderMap,
    lang: &str,
    identity: &Identity,
    forget: header::HeaderValue,
) -> Result<Response, WebError> {
    let Some(siret) = identity.siret.as_ref() else {
        tracing::info!(email = %identity.email, "respondent signed in without a SIRET");
        state.store.audit(&identity.email, UNKNOWN, "sans SIRET").await?;
        let mut page = no_answer(state, lang, "oidc-respondent-no-siret", &[])?;
        page.headers_mut().append(header::SET_COOKIE, forget);
        return Ok(page);
    };
    let siren = siret.siren().to_owned();
    let Some((campaign, target)) = open_wave_of(state, &siren).await? else {
        tracing::info!(email = %identity.email, %siren, "respondent signed in, no open wave has their body");
        state.store.audit(&identity.email, UNKNOWN, &format!("SIREN {siren}")).await?;
        let mut page = no_answer(state, lang, "oidc-respondent-unknown", &[("siren", siren)])?;
        page.headers_mut().append(header::SET_COOKIE, forget);
        return Ok(page);
    };
    // A browser that held another session (a link, a lead's login) leaves it.
    session::close(state, headers).await?;
    // The agent's e-mail goes with the session: every save through it records who made it.
    let subject = SessionSubject::Respondent { campaign: campaign.clone(), respondent: target.clone() };
    let opened = session::open_agent(state, &subject, &identity.email).await?;
    let detail =
        if target == siren { format!("{campaign} {target}") } else { format!("{campaign} {target} (SIREN {siren})") };
    state.store.audit(&identity.email, "oidc.respondent", &detail).await?;
    tracing::info!(%campaign, %target, %siren, "respondent signed in through OpenID Connect");
    let mut response = crate::page::see_other("/reponse");
    response.headers_mut().append(header::SET_COOKIE, opened);
    response.headers_mut().append(header::SET_COOKIE, forget);
    Ok(response)
}

/// The recent sign-ins that matched no body of an open wave, newest first: the leads' home
/// page lists them (a body may be missing from a wave).
pub(crate) async fn unmatched(state: &AppState) -> Result<Vec<mutu_storage::AuditEntry>, WebError> {
    let filter = AuditFilter { action_prefix: Some(UNKNOWN.to_owned()), limit: 20, ..AuditFilter::default() };
    Ok(state.store.audit_page(&filter).await?.entries)
}
