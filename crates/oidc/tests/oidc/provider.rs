//! The test provider (`mutu-oidc-provider`: `tests/oidc-provider/provider.mjs`, stopped when
//! dropped) and this crate's client of it.

use mutu_oidc::{OidcClient, OidcConfig};
use url::Url;

pub use mutu_oidc_provider::SECRET;
/// mutu's public URL in these tests: the callback is never contacted, the browser stops there.
pub const PUBLIC_URL: &str = "http://127.0.0.1:9/";

/// A running provider (`mutu-oidc-provider`'s), with this crate's configuration of it.
pub struct Provider(mutu_oidc_provider::Provider);

impl Provider {
    /// Starts a provider with these `OP_*` variables; `None` (and a SKIPPED line) when node is
    /// not installed.
    pub async fn start(env: &[(&str, &str)]) -> Option<Provider> {
        mutu_oidc_provider::Provider::start(PUBLIC_URL.trim_end_matches('/'), env).await.map(Provider)
    }

    /// Its issuer, `http://127.0.0.1:PORT`.
    pub fn issuer(&self) -> &str {
        &self.0.issuer
    }

    /// mutu's configuration for this provider and `client_id` (`mutu`: signed userinfo;
    /// `mutu-json`: plain JSON userinfo).
    pub fn config(&self, client_id: &str) -> OidcConfig {
        let public_url = Url::parse(PUBLIC_URL).unwrap();
        OidcConfig::new(self.issuer(), client_id, SECRET.into(), &public_url).expect("configuration")
    }

    /// A discovered client of this provider for `mutu`.
    pub async fn client(&self) -> OidcClient {
        OidcClient::discover(self.config("mutu")).await.expect("discovery")
    }
}
