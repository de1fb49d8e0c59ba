//! The invitation link `GET /i/{token}`: the token is exchanged for a session cookie and the
//! browser sent to a clean URL, so the token never lingers in the address bar, the history or
//! a `Referer`. Every refusal (unknown, revoked, wave not open) is the same 404 page byte for
//! byte, so the link tells nothing about why; failed lookups are throttled per client.

use crate::session;
use crate::{AppState, WebError};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mutu_app::secrets::hash_token;
use mutu_domain::lifecycle::CampaignState;
use mutu_storage::{InvitationLookup, SessionSubject};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Longest token accepted for a lookup (ours are 43 characters).
const MAX_TOKEN_LEN: usize = 128;

/// Failed invitation lookups per client address, in memory, over a fixed window.
#[derive(Debug, Default)]
pub struct InvitationThrottle {
    buckets: Mutex<HashMap<Option<IpAddr>, (Instant, u32)>>,
}

impl InvitationThrottle {
    /// Failed lookups a client may make per [`Self::WINDOW`] before it gets `429`: N = 10 a
    /// minute.
    ///
    /// An invitation token holds 256 random bits, so the limit is not what keeps tokens
    /// secret; it keeps a scanner from hammering the database, while an agent who mistypes a
    /// link pasted from a mail is never blocked. Behind a reverse proxy every client shares
    /// the proxy's address (one bucket); in-process requests without a peer address share one
    /// global bucket too.
    pub const MAX_FAILURES: u32 = 10;
    /// The counting window of [`Self::MAX_FAILURES`].
    pub const WINDOW: Duration = Duration::from_secs(60);

    /// Whether `client` has used up its failed lookups for the current window.
    pub fn blocked(&self, client: Option<IpAddr>, now: Instant) -> bool {
        let buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        buckets
            .get(&client)
            .is_some_and(|(start, count)| now.duration_since(*start) < Self::WINDOW && *count >= Self::MAX_FAILURES)
    }

    /// Counts a failed lookup of `client`.
    pub fn record_failure(&self, client: Option<IpAddr>, now: Instant) {
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() > 10_000 {
            buckets.retain(|_, (start, _)| now.duration_since(*start) < Self::WINDOW);
        }
        let bucket = buckets.entry(client).or_insert((now, 0));
        if now.duration_since(bucket.0) >= Self::WINDOW {
            *bucket = (now, 0);
        }
        bucket.1 += 1;
    }
}

/// `GET /i/{token}`: opens a respondent session and answers `303` to `/reponse`.
pub async fn open(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    extensions: Extensions,
) -> Response {
    let client = extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let now = Instant::now();
    if state.invitation_throttle.blocked(client, now) {
        return WebError::TooManyRequests.into_response();
    }
    let lookup = if token.len() > MAX_TOKEN_LEN {
        Ok(InvitationLookup::Unknown)
    } else {
        state.store.lookup_invitation(&hash_token(&token)).await
    };
    let (campaign, respondent) = match lookup {
        Ok(InvitationLookup::Active { campaign, respondent, state: CampaignState::Open }) => (campaign, respondent),
        Ok(_) => {
            state.invitation_throttle.record_failure(client, now);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_throttle_counts_failures_per_client_and_window() {
        let throttle = InvitationThrottle::default();
        let (a, b) = (Some(IpAddr::from([127, 0, 0, 1])), Some(IpAddr::from([127, 0, 0, 2])));
        let start = Instant::now();
        for _ in 0..InvitationThrottle::MAX_FAILURES {
            assert!(!throttle.blocked(a, start));
            throttle.record_failure(a, start);
        }
        assert!(throttle.blocked(a, start));
        assert!(!throttle.blocked(b, start), "another client is not blocked");
        assert!(!throttle.blocked(None, start), "nor the global bucket");
        assert!(!throttle.blocked(a, start + InvitationThrottle::WINDOW), "a new window starts afresh");
    }
}
