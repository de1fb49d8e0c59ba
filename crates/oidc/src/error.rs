//! One error type for every way a sign-in can fail.
//!
//! Policy: messages are plain English for the logs; the web layer shows the person a French
//! message chosen from [`OidcError::code`], never the detail (which may quote what the
//! provider said). Every refusal of a token says which check failed ([`Check`]), so that
//! the tests, and whoever reads the logs, know which defence held.

/// Which verification of a token refused it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// The signature: missing, not made by one of the provider's keys, or an algorithm
    /// that is not allowed.
    Signature,
    /// The issuer (`iss`) is not the configured issuer.
    Issuer,
    /// The audience (`aud`) is not, or not only, mutu's client id.
    Audience,
    /// The token has expired (`exp`).
    Expiry,
    /// The `nonce` is missing or not the one sent with this login.
    Nonce,
    /// The subject (`sub`) of the userinfo is not the ID token's.
    Subject,
    /// The `at_hash` of the ID token does not match the access token.
    AccessTokenHash,
    /// Anything else the library refused (malformed token, unsupported header…).
    Other,
}

/// Why a sign-in (or setting the client up) failed.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// The configuration is unusable (bad URL, empty client id or secret…).
    #[error("OpenID Connect configuration: {0}")]
    Config(String),
    /// The issuer's discovery document or keys could not be fetched or read.
    #[error("discovery of the OpenID Connect provider failed: {0}")]
    Discovery(String),
    /// The provider does not offer what mutu needs (e.g. `client_secret_post`).
    #[error("the OpenID Connect provider does not support {0}")]
    Unsupported(&'static str),
    /// The callback carries no `state`.
    #[error("the callback has no state parameter")]
    StateMissing,
    /// The callback's `state` is not the pending login's: forged, replayed or crossed.
    #[error("the callback's state does not match the pending login")]
    StateMismatch,
    /// The pending login is older than [`crate::PENDING_LOGIN_LIFETIME`].
    #[error("the pending login has expired")]
    PendingExpired,
    /// The provider answered the callback with an error (the person cancelled, for example).
    #[error("the provider refused the sign-in: {error} ({description})")]
    ProviderError {
        /// The OAuth error code, e.g. `access_denied`.
        error: String,
        /// The provider's description, possibly empty.
        description: String,
    },
    /// The callback's `iss` parameter (RFC 9207) names another issuer.
    #[error("the callback comes from another issuer: {0}")]
    CallbackIssuer(String),
    /// The callback carries no authorization code.
    #[error("the callback has no authorization code")]
    CodeMissing,
    /// The token endpoint refused the code (reused, expired, wrong PKCE verifier…) or failed.
    #[error("the token endpoint refused the authorization code: {0}")]
    TokenExchange(String),
    /// The token endpoint's answer has no ID token.
    #[error("the token response has no ID token")]
    IdTokenMissing,
    /// The ID token failed a check.
    #[error("the ID token was refused ({check:?}): {detail}")]
    IdTokenRefused {
        /// Which check failed.
        check: Check,
        /// What the library said.
        detail: String,
    },
    /// The userinfo answer failed a check (signature, issuer, audience, subject).
    #[error("the userinfo answer was refused ({check:?}): {detail}")]
    UserinfoRefused {
        /// Which check failed.
        check: Check,
        /// What the library said.
        detail: String,
    },
    /// The userinfo endpoint could not be reached or answered an error.
    #[error("the userinfo request failed: {0}")]
    Userinfo(String),
    /// A claim mutu needs is missing from the userinfo.
    #[error("the identity has no {0} claim")]
    MissingClaim(&'static str),
    /// The `siret` claim is not 14 digits.
    #[error("the siret claim is not 14 digits: {0:?}")]
    InvalidSiret(String),
}

impl OidcError {
    /// A stable short code for each kind of failure, for the web layer's translations.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Config(_) => "config",
            Self::Discovery(_) => "discovery",
            Self::Unsupported(_) => "unsupported",
            Self::StateMissing | Self::StateMismatch => "state",
            Self::PendingExpired => "expired-login",
            Self::ProviderError { .. } => "provider-error",
            Self::CallbackIssuer(_) => "issuer",
            Self::CodeMissing | Self::TokenExchange(_) => "code",
            Self::IdTokenMissing | Self::IdTokenRefused { .. } => "id-token",
            Self::UserinfoRefused { .. } | Self::Userinfo(_) => "userinfo",
            Self::MissingClaim(_) | Self::InvalidSiret(_) => "claims",
        }
    }
}

impl From<&openidconnect::ClaimsVerificationError> for Check {
    fn from(error: &openidconnect::ClaimsVerificationError) -> Self {
        use openidconnect::ClaimsVerificationError as E;
        match error {
            E::Expired(_) => Check::Expiry,
            E::InvalidAudience(_) => Check::Audience,
            E::InvalidIssuer(_) => Check::Issuer,
            E::InvalidNonce(_) => Check::Nonce,
            E::InvalidSubject(_) => Check::Subject,
            E::SignatureVerification(_) => Check::Signature,
            _ => Check::Other,
        }
    }
}

/// The error and its causes on one line: the library's errors keep the useful part in their
/// sources (`Request failed` → `connection refused`).
pub(crate) fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
