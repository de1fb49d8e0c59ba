//! One login, from `begin` to the identity: what is kept between the two (the pending login),
//! what comes back on the callback, and every check made before mutu believes who signed in.

use crate::client::OidcClient;
use crate::error::{Check, OidcError, chain};
use crate::siret::Siret;
use openidconnect::core::{CoreErrorResponseType, CoreGenderClaim, CoreIdTokenClaims, CoreIdTokenVerifier};
use openidconnect::{
    AccessTokenHash, AdditionalClaims, AuthorizationCode, ClaimsVerificationError, Nonce, OAuth2TokenResponse,
    PkceCodeVerifier, RequestTokenError, SignatureVerificationError, StandardErrorResponse, TokenResponse,
    UserInfoClaims, UserInfoError,
};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;
use subtle::ConstantTimeEq;
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
    state: String,
    nonce: String,
    pkce_verifier: Option<String>,
    door: Door,
    /// Unix time of `begin`, in seconds.
    started_at: i64,
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

    fn expired(&self) -> bool {
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

/// The query parameters of the callback (`PUBLIC_URL/oidc/retour?code=…&state=…`).
#[derive(Clone, Default, Deserialize)]
pub struct Callback {
    /// The authorization code.
    pub code: Option<String>,
    /// The `state` sent at `begin`, echoed.
    pub state: Option<String>,
    /// The issuer, when the provider tells it (RFC 9207).
    pub iss: Option<String>,
    /// An OAuth error code instead of a code (`access_denied`…).
    pub error: Option<String>,
    /// The provider's description of that error.
    pub error_description: Option<String>,
}

impl Callback {
    /// Reads the callback's query string (without the `?`).
    pub fn from_query(query: &str) -> Callback {
        let mut callback = Callback::default();
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            let slot = match name.as_ref() {
                "code" => &mut callback.code,
                "state" => &mut callback.state,
                "iss" => &mut callback.iss,
                "error" => &mut callback.error,
                "error_description" => &mut callback.error_description,
                _ => continue,
            };
            *slot = Some(value.into_owned());
        }
        callback
    }
}

impl fmt::Debug for Callback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Callback")
            .field("code", &self.code.as_ref().map(|_| "[redacted]"))
            .field("iss", &self.iss)
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

/// Who signed in, once every check passed.
#[derive(Clone)]
pub struct Identity {
    /// The provider's identifier of the person (at ProConnect: per service and identity
    /// provider, so not for matching people across services; the email is).
    pub sub: String,
    /// Professional email.
    pub email: String,
    /// Given names.
    pub given_name: Option<String>,
    /// Usual family name (`usual_name`, or `family_name` from providers without it).
    pub usual_name: Option<String>,
    /// The establishment's SIRET, when the provider gives one.
    pub siret: Option<Siret>,
    /// The ID token, kept for the logout's `id_token_hint`.
    pub id_token: String,
    /// When the ID token expires.
    pub expires_at: OffsetDateTime,
    /// The door the login started from.
    pub door: Door,
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Identity")
            .field("sub", &self.sub)
            .field("email", &self.email)
            .field("siret", &self.siret)
            .field("door", &self.door)
            .finish_non_exhaustive()
    }
}

/// The claims beyond OpenID Connect's standard ones that ProConnect gives.
#[derive(Clone, Debug, Deserialize, Serialize)]
struct ProConnectClaims {
    usual_name: Option<String>,
    siret: Option<String>,
}
impl AdditionalClaims for ProConnectClaims {}

impl OidcClient {
    /// Finishes the login `pending` with the provider's `callback`: checks the state (in
    /// constant time), exchanges the code (`client_secret_post`, PKCE verifier if one was
    /// sent), verifies the ID token (signature with the provider's keys, issuer, audience,
    /// expiry, nonce, `at_hash` when present), fetches the userinfo (a JWT verified with the
    /// provider's keys, or plain JSON) and checks it is about the same `sub`.
    ///
    /// `pending` is consumed: the caller must delete it, so that a callback cannot be replayed.
    pub async fn finish(&self, pending: PendingLogin, callback: &Callback) -> Result<Identity, OidcError> {
        let state = callback.state.as_deref().ok_or(OidcError::StateMissing)?;
        if !bool::from(state.as_bytes().ct_eq(pending.state.as_bytes())) {
            return Err(OidcError::StateMismatch);
        }
        if pending.expired() {
            return Err(OidcError::PendingExpired);
        }
        if let Some(error) = &callback.error {
            let description = callback.error_description.clone().unwrap_or_default();
            return Err(OidcError::ProviderError { error: error.clone(), description });
        }
        if let Some(iss) = callback.iss.as_deref().filter(|iss| *iss != self.config.issuer) {
            return Err(OidcError::CallbackIssuer(iss.to_owned()));
        }
        let code = callback.code.as_deref().filter(|c| !c.is_empty()).ok_or(OidcError::CodeMissing)?;

        let mut client = self.client();
        let mut exchange = (client.exchange_code(AuthorizationCode::new(code.to_owned())))
            .map_err(|e| OidcError::Config(e.to_string()))?;
        if let Some(verifier) = pending.pkce_verifier.clone() {
            exchange = exchange.set_pkce_verifier(PkceCodeVerifier::new(verifier));
        }
        let tokens = exchange.request_async(&self.http).await.map_err(token_error)?;
        let id_token = tokens.id_token().ok_or(OidcError::IdTokenMissing)?;
        let nonce = Nonce::new(pending.nonce.clone());

        let mut verified = self.verify_id_token(&client, id_token, &nonce, tokens.access_token());
        if matches!(verified, Err(VerifyError::UnknownKey)) {
            // The provider may have rotated its keys since discovery: fetch them once more.
            self.refresh_keys().await?;
            client = self.client();
            verified = self.verify_id_token(&client, id_token, &nonce, tokens.access_token());
        }
        let claims = verified.map_err(VerifyError::into_error)?;

        let userinfo: UserInfoClaims<ProConnectClaims, CoreGenderClaim> = (client
            .user_info(tokens.access_token().clone(), Some(claims.subject().clone())))
        .map_err(|_| OidcError::Unsupported("a userinfo endpoint"))?
        .request_async(&self.http)
        .await
        .map_err(userinfo_error)?;
        if userinfo.subject() != claims.subject() {
            return Err(OidcError::UserinfoRefused {
                check: Check::Subject,
                detail: "userinfo is about another sub".into(),
            });
        }
        identity(&claims, &userinfo, id_token.to_string(), pending.door)
    }

    fn verify_id_token(
        &self,
        client: &crate::client::Client,
        id_token: &openidconnect::core::CoreIdToken,
        nonce: &Nonce,
        access_token: &openidconnect::AccessToken,
    ) -> Result<CoreIdTokenClaims, VerifyError> {
        let verifier: CoreIdTokenVerifier<'_> = client.id_token_verifier().set_allowed_algs(self.id_token_algs.clone());
        let claims = id_token.claims(&verifier, nonce).map_err(VerifyError::from)?.clone();
        if let Some(expected) = claims.access_token_hash() {
            let refused = |detail: String| VerifyError::Refused(Check::AccessTokenHash, detail);
            let alg = id_token.signing_alg().map_err(|e| refused(e.to_string()))?;
            let key = id_token.signing_key(&verifier).map_err(|e| refused(e.to_string()))?;
            let actual = AccessTokenHash::from_token(access_token, alg, key).map_err(|e| refused(e.to_string()))?;
            if actual != *expected {
                return Err(refused("at_hash does not match the access token".into()));
            }
        }
        Ok(claims)
    }
}

/// Why an ID token did not verify; an unknown key is told apart, to fetch the keys again.
enum VerifyError {
    UnknownKey,
    Refused(Check, String),
}

impl From<ClaimsVerificationError> for VerifyError {
    fn from(error: ClaimsVerificationError) -> Self {
        match error {
            ClaimsVerificationError::SignatureVerification(SignatureVerificationError::NoMatchingKey) => {
                VerifyError::UnknownKey
            }
            error => VerifyError::Refused(Check::from(&error), chain(&error)),
        }
    }
}

impl VerifyError {
    fn into_error(self) -> OidcError {
        match self {
            VerifyError::UnknownKey => OidcError::IdTokenRefused {
                check: Check::Signature,
                detail: "signed by none of the provider's keys".into(),
            },
            VerifyError::Refused(check, detail) => OidcError::IdTokenRefused { check, detail },
        }
    }
}

type TokenError<E> = RequestTokenError<E, StandardErrorResponse<CoreErrorResponseType>>;

fn token_error<E: std::error::Error + 'static>(error: TokenError<E>) -> OidcError {
    OidcError::TokenExchange(match &error {
        RequestTokenError::ServerResponse(response) => {
            let description = response.error_description().map(|d| format!(" ({d})")).unwrap_or_default();
            format!("{}{description}", response.error())
        }
        other => chain(other),
    })
}

fn userinfo_error<E: std::error::Error + 'static>(error: UserInfoError<E>) -> OidcError {
    match &error {
        UserInfoError::ClaimsVerification(e) => OidcError::UserinfoRefused { check: Check::from(e), detail: chain(e) },
        UserInfoError::Parse(_) => OidcError::UserinfoRefused { check: Check::Other, detail: chain(&error) },
        _ => OidcError::Userinfo(chain(&error)),
    }
}

fn identity(
    claims: &CoreIdTokenClaims,
    userinfo: &UserInfoClaims<ProConnectClaims, CoreGenderClaim>,
    id_token: String,
    door: Door,
) -> Result<Identity, OidcError> {
    let email = userinfo.email().map(|e| e.as_str().to_owned()).ok_or(OidcError::MissingClaim("email"))?;
    let extra = userinfo.additional_claims();
    let family_name = || userinfo.family_name().and_then(|n| n.get(None)).map(|n| n.as_str().to_owned());
    let siret = match extra.siret.as_deref() {
        None => None,
        Some(value) => Some(Siret::parse(value).ok_or_else(|| OidcError::InvalidSiret(value.to_owned()))?),
    };
    let expires_at = OffsetDateTime::from_unix_timestamp(claims.expiration().timestamp())
        .map_err(|e| OidcError::IdTokenRefused { check: Check::Expiry, detail: e.to_string() })?;
    Ok(Identity {
        sub: claims.subject().as_str().to_owned(),
        email,
        given_name: userinfo.given_name().and_then(|n| n.get(None)).map(|n| n.as_str().to_owned()),
        usual_name: extra.usual_name.clone().or_else(family_name),
        siret,
        id_token,
        expires_at,
        door,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_callback_query_is_read_and_its_code_not_shown() {
        let callback = Callback::from_query("code=abc&state=s%20t&iss=https%3A%2F%2Fop&other=1");
        assert_eq!(callback.code.as_deref(), Some("abc"));
        assert_eq!(callback.state.as_deref(), Some("s t"));
        assert_eq!(callback.iss.as_deref(), Some("https://op"));
        assert!(!format!("{callback:?}").contains("abc"));
        let refused = Callback::from_query("error=access_denied&error_description=non&state=x");
        assert_eq!(refused.error.as_deref(), Some("access_denied"));
        assert_eq!(refused.code, None);
    }

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
