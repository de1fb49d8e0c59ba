//! The client of one provider: discovered once at start (endpoints, keys, what it supports),
//! then asked for authorize and logout URLs and used to finish logins.

use crate::config::OidcConfig;
use crate::error::{OidcError, chain};
use crate::login::{Begin, Door, PendingLogin};
use openidconnect::core::{
    CoreAuthDisplay, CoreClaimName, CoreClaimType, CoreClient, CoreClientAuthMethod, CoreGrantType, CoreIdToken,
    CoreJsonWebKey, CoreJsonWebKeySet, CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm,
    CoreJwsSigningAlgorithm, CoreResponseMode, CoreResponseType, CoreSubjectIdentifierType,
};
use openidconnect::{
    AdditionalProviderMetadata, AuthType, AuthenticationFlow, ClientId, ClientSecret, CsrfToken, EndSessionUrl,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, JsonWebKeySet, JwsSigningAlgorithm, LogoutRequest, Nonce,
    PkceCodeChallenge, PostLogoutRedirectUrl, ProviderMetadata, RedirectUrl, Scope,
};
use serde::{Deserialize, Serialize};
use std::sync::RwLock;
use std::time::Duration;
use url::Url;

/// What mutu reads from the discovery document beyond OpenID Connect Core's fields.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub(crate) struct ExtraMetadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    end_session_endpoint: Option<EndSessionUrl>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code_challenge_methods_supported: Option<Vec<String>>,
}
impl AdditionalProviderMetadata for ExtraMetadata {}

type Metadata = ProviderMetadata<
    ExtraMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// The library's client once discovery has set the authorize, token and userinfo endpoints.
pub(crate) type Client =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

/// A discovered provider, ready for logins. Cheap to share behind an `Arc`.
pub struct OidcClient {
    pub(crate) config: OidcConfig,
    metadata: Metadata,
    /// The provider's keys: replaced when an ID token names a key mutu has not seen (rotation).
    keys: RwLock<CoreJsonWebKeySet>,
    /// Asymmetric algorithms the provider advertises for ID tokens (never `none` nor HMAC).
    pub(crate) id_token_algs: Vec<CoreJwsSigningAlgorithm>,
    pkce: bool,
    pub(crate) http: reqwest::Client,
}

/// The HTTP client mutu uses to talk to providers: rustls with the system's roots, no
/// redirects followed (the library's advice: a redirect could lead a request to another
/// host), a timeout so that a stalled provider cannot hold a login forever.
pub fn http_client() -> Result<reqwest::Client, OidcError> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(15))
        .user_agent(concat!("mutu/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| OidcError::Config(format!("HTTP client: {}", chain(&e))))
}

impl OidcClient {
    /// Reads the issuer's discovery document and keys, and checks that the provider offers
    /// what mutu needs: a token endpoint with `client_secret_post`, a userinfo endpoint and an
    /// asymmetric ID token signature.
    pub async fn discover(config: OidcConfig) -> Result<OidcClient, OidcError> {
        Self::discover_with(config, http_client()?).await
    }

    /// [`OidcClient::discover`] with a given HTTP client, which must not follow redirects.
    pub async fn discover_with(config: OidcConfig, http: reqwest::Client) -> Result<OidcClient, OidcError> {
        let issuer = IssuerUrl::new(config.issuer.clone()).map_err(|e| OidcError::Config(e.to_string()))?;
        let metadata = Metadata::discover_async(issuer, &http).await.map_err(|e| OidcError::Discovery(chain(&e)))?;
        if metadata.token_endpoint().is_none() {
            return Err(OidcError::Unsupported("a token endpoint"));
        }
        if metadata.userinfo_endpoint().is_none() {
            return Err(OidcError::Unsupported("a userinfo endpoint"));
        }
        if let Some(methods) = metadata.token_endpoint_auth_methods_supported()
            && !methods.contains(&CoreClientAuthMethod::ClientSecretPost)
        {
            return Err(OidcError::Unsupported("client_secret_post at the token endpoint"));
        }
        let id_token_algs: Vec<_> = (metadata.id_token_signing_alg_values_supported().iter())
            .filter(|alg| !alg.uses_shared_secret() && **alg != CoreJwsSigningAlgorithm::None)
            .cloned()
            .collect();
        if id_token_algs.is_empty() {
            return Err(OidcError::Unsupported("an asymmetric signature of ID tokens"));
        }
        let pkce = (metadata.additional_metadata().code_challenge_methods_supported.as_ref())
            .is_some_and(|methods| methods.iter().any(|m| m == "S256"));
        let keys = RwLock::new(metadata.jwks().clone());
        Ok(OidcClient { config, metadata, keys, id_token_algs, pkce, http })
    }

    /// Whether logins use PKCE: only when the provider advertises S256 (ProConnect's
    /// authorize endpoint refuses any parameter it does not document).
    pub fn uses_pkce(&self) -> bool {
        self.pkce
    }

    /// The issuer, as configured and as its discovery document spells it.
    pub fn issuer(&self) -> &str {
        &self.config.issuer
    }

    /// Starts a login through `door`: the URL to send the browser to, and what to keep
    /// server-side (never in the browser) until the callback.
    pub fn begin(&self, door: Door) -> Begin {
        let client = self.client();
        let mut request = client.authorize_url(
            AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
            || CsrfToken::new_random_len(32),
            || Nonce::new_random_len(32),
        );
        for scope in self.config.scopes.iter().filter(|s| s.as_str() != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let mut pkce_verifier = None;
        if self.pkce {
            let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
            request = request.set_pkce_challenge(challenge);
            pkce_verifier = Some(verifier.into_secret());
        }
        let (authorize_url, state, nonce) = request.url();
        Begin {
            authorize_url,
            pending: PendingLogin::new(state.into_secret(), nonce.into_secret(), pkce_verifier, door),
        }
    }

    /// The provider's logout URL for the session whose ID token is `id_token`, carrying
    /// `id_token_hint`, `state` and `post_logout_redirect_uri`, as ProConnect requires. `None`
    /// when the provider has no `end_session_endpoint` or `id_token` is not a JWT: then only
    /// mutu's own session can be closed.
    pub fn logout_url(&self, id_token: &str, state: &str) -> Option<Url> {
        let endpoint = self.metadata.additional_metadata().end_session_endpoint.clone()?;
        let id_token: CoreIdToken = id_token.parse().ok()?;
        let request = LogoutRequest::from(endpoint)
            .set_id_token_hint(&id_token)
            .set_state(CsrfToken::new(state.to_owned()))
            .set_post_logout_redirect_uri(PostLogoutRedirectUrl::from_url(
                self.config.post_logout_redirect_uri.clone(),
            ));
        Some(request.http_get_url())
    }

    /// The library's client with the keys known now.
    pub(crate) fn client(&self) -> Client {
        let keys = self.keys.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone();
        CoreClient::from_provider_metadata(
            self.metadata.clone().set_jwks(keys),
            ClientId::new(self.config.client_id.clone()),
            Some(ClientSecret::new(self.config.client_secret.clone())),
        )
        .set_redirect_uri(RedirectUrl::from_url(self.config.redirect_uri.clone()))
        .set_auth_type(AuthType::RequestBody)
    }

    /// Fetches the provider's keys again (an ID token named a key not seen at discovery).
    pub(crate) async fn refresh_keys(&self) -> Result<(), OidcError> {
        let keys = JsonWebKeySet::fetch_async(self.metadata.jwks_uri(), &self.http)
            .await
            .map_err(|e| OidcError::Discovery(chain(&e)))?;
        *self.keys.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = keys;
        Ok(())
    }
}

/// A fresh random value for the `state` of a logout (32 random bytes, 43 characters).
pub fn random_state() -> String {
    CsrfToken::new_random_len(32).into_secret()
}
