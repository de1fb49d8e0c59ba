//! Who signed in, as mutu needs it, read from the verified ID token and userinfo.

use crate::error::{Check, OidcError};
use crate::login::Door;
use crate::siret::Siret;
use openidconnect::core::{CoreGenderClaim, CoreIdTokenClaims};
use openidconnect::{AdditionalClaims, UserInfoClaims};
use serde::{Deserialize, Serialize};
use std::fmt;
use time::OffsetDateTime;

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
pub(crate) struct ProConnectClaims {
    pub(crate) usual_name: Option<String>,
    pub(crate) siret: Option<String>,
}
impl AdditionalClaims for ProConnectClaims {}

pub(crate) fn identity(
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
