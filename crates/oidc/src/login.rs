//! What is kept between the start of a login and its callback, and where the login started.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;
use time::OffsetDateTime;
use url::Url;

/// How long a pending login stays usable: signing in at ProConnect may include creating an
/// account there, so it is generous; the code itself lives 30 seconds at ProConnect.
pub const PENDING_LOGIN_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// Which of mutu's two sign-in doors a login started from; both share one callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Door {
    /// `/connexion/oidc`: a study lead, administrator or viewer.
    StudyLead,
    /// `/reponse/oidc`: a respondent answering for their authority.
    Respondent,
}

/// What the caller keeps server-side (in a session row) between `begin` and the callback.
/// Serialisable for that; its secrets never go to the browser, and `Debug` hides them.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLogin {
    pub(crate) state: String,
    pub(crate) nonce: String,
    pub(crate) pkce_verifier: Option<String>,
    pub(crate) door: Door,
    /// Unix time of `begin`, in seconds.
    pub(crate) started_at: i64,
}

impl PendingLogin {
    pub(crate) fn new(state: String, nonce: String, pkce_verifier: Option<String>, door: Door) -> Self {
        let started_at = OffsetDateTime::now_utc().unix_timestamp();
        PendingLogin { state, nonce, pkce_verifier, door, started_at }
    }

    /// The `state` sent to the provider (at least 32 characters), to find this login again.
    pub fn state(&self) -> &str {
        &self.state
    }

    /// The door the login started from.
    pub fn door(&self) -> Door {
        self.door
    }

    pub(crate) fn expired(&self) -> bool {
        let age = OffsetDateTime::now_utc().unix_timestamp() - self.started_at;
        u64::try_from(age).map_or(true, |age| age > PENDING_LOGIN_LIFETIME.as_secs())
    }
}

impl fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingLogin")
            .field("door", &self.door)
            .field("started_at", &self.started_at)
            .finish_non_exhaustive()
    }
}

/// The start of a login.
#[derive(Debug)]
pub struct Begin {
    /// Where to redirect the browser: the provider's authorize endpoint with `response_type`,
    /// `client_id`, `redirect_uri`, `scope`, `state`, `nonce` and, when advertised, PKCE.
    pub authorize_url: Url,
    /// What to keep until the callback.
    pub pending: PendingLogin,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_login_expires_and_keeps_its_secrets() {
        let mut pending = PendingLogin::new("s".repeat(43), "n".repeat(43), Some("v".repeat(43)), Door::Respondent);
        assert!(!pending.expired());
        assert!(!format!("{pending:?}").contains("sss"));
        pending.started_at -= i64::try_from(PENDING_LOGIN_LIFETIME.as_secs()).unwrap() + 1;
        assert!(pending.expired());
        pending.started_at += 10_000;
        assert!(pending.expired(), "a login from the future is refused too");
    }
}
