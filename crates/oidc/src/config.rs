//! What mutu declares to its provider and reads from its command line: the issuer, the client
//! id and secret, the two addresses the provider sends the browser back to, and the scopes.

use crate::OidcError;
use std::fmt;
use url::Url;

/// Path, under `PUBLIC_URL`, of the one callback of both doors (study leads and respondents).
pub const CALLBACK_PATH: &str = "oidc/retour";
/// Path, under `PUBLIC_URL`, where the provider sends the browser back after logging out.
pub const POST_LOGOUT_PATH: &str = "oidc/deconnexion";
/// The scopes to ask ProConnect for: the identity mutu needs and nothing more.
pub const PROCONNECT_SCOPES: [&str; 5] = ["openid", "email", "given_name", "usual_name", "siret"];
/// Environment variable holding the client secret.
pub const SECRET_ENV: &str = "MUTU_OIDC_CLIENT_SECRET";
/// Environment variable naming a file that holds the client secret (e.g. a container secret).
pub const SECRET_FILE_ENV: &str = "MUTU_OIDC_CLIENT_SECRET_FILE";

/// How mutu is known to its OpenID Connect provider.
#[derive(Clone)]
pub struct OidcConfig {
    /// The issuer exactly as the provider spells it in its discovery document (kept as text:
    /// a parsed URL would gain a trailing `/` and no longer match `iss`).
    pub issuer: String,
    /// The client id the provider gave mutu.
    pub client_id: String,
    /// The client secret, sent to the token endpoint in the request body (`client_secret_post`).
    pub client_secret: String,
    /// `PUBLIC_URL/oidc/retour`, as declared to the provider.
    pub redirect_uri: Url,
    /// `PUBLIC_URL/oidc/deconnexion`, as declared to the provider.
    pub post_logout_redirect_uri: Url,
    /// Scopes asked for; `openid` is always sent, once.
    pub scopes: Vec<String>,
}

impl fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("redirect_uri", &self.redirect_uri.as_str())
            .field("post_logout_redirect_uri", &self.post_logout_redirect_uri.as_str())
            .field("scopes", &self.scopes)
            .finish()
    }
}

impl OidcConfig {
    /// The configuration of a mutu served at `public_url`, asking for ProConnect's scopes.
    ///
    /// The issuer must use `https`, except on a loopback address (tests, a local provider).
    pub fn new(issuer: &str, client_id: &str, client_secret: String, public_url: &Url) -> Result<Self, OidcError> {
        check_issuer(issuer)?;
        if client_id.trim().is_empty() {
            return Err(OidcError::Config("the client id is empty".into()));
        }
        if client_secret.trim().is_empty() {
            return Err(OidcError::Config("the client secret is empty".into()));
        }
        let under = |path: &str| {
            let mut base = public_url.clone();
            if !base.path().ends_with('/') {
                base.set_path(&format!("{}/", base.path()));
            }
            base.join(path).map_err(|e| OidcError::Config(format!("public URL {public_url}: {e}")))
        };
        Ok(OidcConfig {
            issuer: issuer.to_owned(),
            client_id: client_id.to_owned(),
            client_secret,
            redirect_uri: under(CALLBACK_PATH)?,
            post_logout_redirect_uri: under(POST_LOGOUT_PATH)?,
            scopes: PROCONNECT_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
        })
    }

    /// Replaces the scopes (e.g. `openid email profile` for a provider that is not ProConnect).
    pub fn with_scopes<I: IntoIterator<Item = S>, S: Into<String>>(mut self, scopes: I) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }
}

fn check_issuer(issuer: &str) -> Result<(), OidcError> {
    let url = Url::parse(issuer).map_err(|e| OidcError::Config(format!("issuer {issuer:?}: {e}")))?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(OidcError::Config(format!("issuer {issuer:?} has a query or a fragment")));
    }
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name == "localhost",
        None => false,
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(OidcError::Config(format!("issuer {issuer:?} must use https"))),
    }
}

/// The client secret from [`SECRET_ENV`], or else from the file named by [`SECRET_FILE_ENV`]
/// (trailing line breaks removed), through `lookup` (the process environment in
/// [`client_secret_from_env`]).
pub fn client_secret_from(lookup: impl Fn(&str) -> Option<String>) -> Result<String, OidcError> {
    let secret = match (lookup(SECRET_ENV).filter(|s| !s.is_empty()), lookup(SECRET_FILE_ENV).filter(|s| !s.is_empty()))
    {
        (Some(_), Some(_)) => {
            return Err(OidcError::Config(format!("set {SECRET_ENV} or {SECRET_FILE_ENV}, not both")));
        }
        (Some(secret), None) => secret,
        (None, Some(path)) => std::fs::read_to_string(&path)
            .map_err(|e| OidcError::Config(format!("{SECRET_FILE_ENV}={path}: {e}")))?
            .trim_end_matches(['\r', '\n'])
            .to_owned(),
        (None, None) => {
            return Err(OidcError::Config(format!(
                "the client secret is missing: set {SECRET_ENV} or {SECRET_FILE_ENV}"
            )));
        }
    };
    if secret.trim().is_empty() {
        return Err(OidcError::Config("the client secret is empty".into()));
    }
    Ok(secret)
}

/// [`client_secret_from`] the process environment.
pub fn client_secret_from_env() -> Result<String, OidcError> {
    client_secret_from(|name| std::env::var(name).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public() -> Url {
        Url::parse("https://mutu.region.fr/observatoire").unwrap()
    }

    #[test]
    fn addresses_are_under_the_public_url() {
        let config = OidcConfig::new("https://auth.example.gouv.fr/api/v2", "mutu", "s".into(), &public()).unwrap();
        assert_eq!(config.redirect_uri.as_str(), "https://mutu.region.fr/observatoire/oidc/retour");
        assert_eq!(config.post_logout_redirect_uri.as_str(), "https://mutu.region.fr/observatoire/oidc/deconnexion");
        assert_eq!(config.scopes, ["openid", "email", "given_name", "usual_name", "siret"]);
        assert_eq!(config.issuer, "https://auth.example.gouv.fr/api/v2");
        assert!(!format!("{config:?}").contains("\"s\""));
    }

    #[test]
    fn the_issuer_must_be_https_except_on_loopback() {
        let new = |issuer: &str| OidcConfig::new(issuer, "mutu", "s".into(), &public());
        assert!(new("http://127.0.0.1:3000").is_ok());
        assert!(new("http://localhost:3000").is_ok());
        assert!(new("http://auth.example.fr").is_err());
        assert!(new("https://auth.example.fr?x=1").is_err());
        assert!(new("pas une url").is_err());
        assert!(OidcConfig::new("https://auth.example.fr", " ", "s".into(), &public()).is_err());
        assert!(OidcConfig::new("https://auth.example.fr", "mutu", String::new(), &public()).is_err());
    }

    #[test]
    fn the_secret_comes_from_the_environment_or_a_file() {
        let dir = std::env::temp_dir().join(format!("mutu-oidc-secret-{}", std::process::id()));
        std::fs::write(&dir, "du-fichier\n").unwrap();
        let path = dir.to_string_lossy().into_owned();
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
        };
        assert_eq!(client_secret_from(env(&[(SECRET_ENV, "direct")])).unwrap(), "direct");
        assert_eq!(
            client_secret_from(|name: &str| (name == SECRET_FILE_ENV).then(|| path.clone())).unwrap(),
            "du-fichier"
        );
        assert!(client_secret_from(env(&[])).is_err());
        assert!(client_secret_from(|_: &str| Some(path.clone())).is_err(), "both set");
        std::fs::remove_file(dir).unwrap();
    }
}
