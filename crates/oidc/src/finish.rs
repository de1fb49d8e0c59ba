//! Finishing a login: every check made before mutu believes who signed in.

use crate::callback::Callback;
use crate::client::{Client, OidcClient};
use crate::error::{Check, OidcError, chain};
use crate::identity::{Identity, ProConnectClaims, identity};
use crate::login::PendingLogin;
use openidconnect::core::{
    CoreErrorResponseType, CoreGenderClaim, CoreIdToken, CoreIdTokenClaims, CoreIdTokenVerifier,
};
use openidconnect::{
    AccessToken, AccessTokenHash, AuthorizationCode, ClaimsVerificationError, Nonce, OAuth2TokenResponse,
    PkceCodeVerifier, RequestTokenError, SignatureVerificationError, StandardErrorResponse, TokenResponse,
    UserInfoClaims, UserInfoError,
};
use subtle::ConstantTimeEq;

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
        client: &Client,
        id_token: &CoreIdToken,
        nonce: &Nonce,
        access_token: &AccessToken,
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
