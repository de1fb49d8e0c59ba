//! The invitation link `GET /i/{token}`: the token is exchanged for a session cookie and the
//! browser sent to a clean URL, so the token never lingers in the address bar, the history or
//! a `Referer`. Every refusal (unknown, revoked, wave not open) is the same 404 page byte for
//! byte, so the link tells nothing about why; failed lookups are throttled per client
//! ([`crate::throttle`], shared by every server).

use crate::{AppState, WebError};
use crate::{session, throttle};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mutu_app::secrets::hash_token;
use mutu_domain::lifecycle::CampaignState;
use mutu_storage::{InvitationLookup, SessionSubject};
use std::net::SocketAddr;
use time::OffsetDateTime;

/// Longest token accepted for a lookup (ours are 43 characters).
const MAX_TOKEN_LEN: usize = 128;

/// `GET /i/{token}`: opens a respondent session and answers `303` to `/reponse`.
pub async fn open(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    extensions: Extensions,
) -> Response {
    let peer = extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let client = throttle::client_address(peer, &headers, &state.config.trusted_proxies);
    let now = OffsetDateTime::now_utc();
    match throttle::link_blocked(&state.store, client, now).await {
        Ok(false) => {}
        Ok(true) => return WebError::TooManyRequests.into_response(),
        Err(e) => return e.into_response(),
    }
    let lookup = if token.len() > MAX_TOKEN_LEN {
        Ok(InvitationLookup::Unknown)
    } else {
        state.store.lookup_invitation(&hash_token(&token)).await
    };
    let (campaign, respondent) = match lookup {
        Ok(InvitationLookup::Active { campaign, respondent, state: CampaignState::Open }) => (campaign, respondent),
        Ok(_) => {
            if let Err(e) = throttle::link_failed(&state.store, client, now).await {
                return e.into_response();
            }
            return WebError::NotFound.into_response();
        }
        Err(e) => return WebError::from(e).into_response(),
    };
    let opened = async {
        // A browser that held another session (another link, a lead's login) leaves it.
        session::close(&state, &headers).await?;
        session::open(&state, &SessionSubject::Respondent { campaign, respondent }).await
    };
    match opened.await {
        Ok(cookie) => (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, HeaderValue::from_static("/reponse")), (header::SET_COOKIE, cookie)],
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}
