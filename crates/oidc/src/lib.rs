//! Signing in as public agents do: OpenID Connect, as ProConnect (the French State's
//! federation of professional identities) or a Région's own provider (a Keycloak…) speaks it.
//!
//! Why a crate of its own: the web layer needs a handful of calls (start a login, finish it,
//! log out) while every security check of the protocol belongs in one place that is tested
//! against a real provider (`tests/oidc-provider`). All the cryptography and JWT handling is
//! the `openidconnect` crate's; this crate chooses the checks and ProConnect's rules:
//!
//! - authorization code flow, one callback `PUBLIC_URL/oidc/retour` for both doors;
//! - `state` and `nonce` of 32 random bytes (43 characters), the state compared in constant
//!   time; PKCE (S256) only when the provider advertises it, since ProConnect's authorize
//!   endpoint refuses any parameter it does not document;
//! - `client_secret_post` at the token endpoint;
//! - ID token signature (asymmetric algorithms the provider advertises, keys fetched again
//!   once if a token names an unknown key), issuer, audience, expiry, nonce, `at_hash`;
//! - userinfo as a JWT verified with the provider's keys (ProConnect's `application/jwt`;
//!   the library verifies RS256 only), or plain JSON, about the same `sub`;
//! - logout through `end_session_endpoint` with `id_token_hint`, `state` and
//!   `post_logout_redirect_uri`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), mutu_oidc::OidcError> {
//! use mutu_oidc::{Callback, Door, OidcClient, OidcConfig, client_secret_from_env};
//! let public_url = url::Url::parse("https://mutu.example.fr").unwrap();
//! let config = OidcConfig::new("https://proconnect.example/api/v2", "client-id", client_secret_from_env()?, &public_url)?;
//! let client = OidcClient::discover(config).await?;
//! let begin = client.begin(Door::StudyLead);
//! // keep begin.pending in the session row, redirect to begin.authorize_url; on the callback:
//! let identity = client.finish(begin.pending, &Callback::from_query("code=…&state=…")).await?;
//! # Ok(()) }
//! ```

mod callback;
mod client;
mod config;
mod error;
mod finish;
mod identity;
mod login;
mod siret;

pub use callback::Callback;
pub use client::{OidcClient, http_client, random_state};
pub use config::{
    CALLBACK_PATH, OidcConfig, POST_LOGOUT_PATH, PROCONNECT_SCOPES, SECRET_ENV, SECRET_FILE_ENV, client_secret_from,
    client_secret_from_env,
};
pub use error::{Check, OidcError};
pub use identity::Identity;
pub use login::{Begin, Door, PENDING_LOGIN_LIFETIME, PendingLogin};
pub use siret::Siret;
