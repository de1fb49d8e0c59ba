//! What a handler states it needs, in its signature: the language, the posted form, the
//! query, the wave of the path. The route table's guard ([`crate::access`]) has already
//! checked the role and the anti-forgery token; these extractors only read.

use crate::access::MAX_FORM_BYTES;
use crate::session::UserSession;
use crate::{AppState, WebError, i18n};
use axum::body::to_bytes;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::request::Parts;
use mutu_domain::codes::CampaignCode;
use mutu_render::{Format, Lang as FormatLang};
use mutu_storage::CampaignMeta;

/// A form body or a query string, keys in order, repeated keys kept.
#[derive(Debug, Default, Clone)]
pub struct Form(Vec<(String, String)>);

impl Form {
    /// Reads `application/x-www-form-urlencoded` bytes.
    pub fn parse(body: &[u8]) -> Self {
        Form(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `name`, trimmed; `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// The first value of `name` untouched (passwords, texts whose spaces matter), `""` when absent.
    pub fn raw(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    /// Every non-blank value of `name` (a multi-select), trimmed.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).collect()
    }

    /// Every pair, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }
}

/// The language of the request's pages (`fr` or `en`, from the `lang` cookie).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lang(pub &'static str);

/// How figures and dates are written in the language `lang` (`fr` or `en`).
pub fn format_in(lang: &str) -> Format {
    Format::new(FormatLang::parse(lang))
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang(i18n::negotiate(&parts.headers)))
    }
}

/// The query string as a form (empty without one).
#[derive(Debug, Default, Clone)]
pub struct Query(pub Form);

impl<S: Send + Sync> FromRequestParts<S> for Query {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Query(Form::parse(parts.uri.query().unwrap_or_default().as_bytes())))
    }
}

/// A posted form; on a route that declares the session's token, the guard checked it.
#[derive(Debug, Default, Clone)]
pub struct Posted(pub Form);

impl<S: Send + Sync> FromRequest<S> for Posted {
    type Rejection = WebError;

    async fn from_request(request: Request, _: &S) -> Result<Self, WebError> {
        let bytes = to_bytes(request.into_body(), MAX_FORM_BYTES).await.map_err(|_| WebError::TooLarge)?;
        Ok(Posted(Form::parse(&bytes)))
    }
}

/// What every study-side handler works with: the state, the user the route table let in
/// with the role the route declares, the language of the pages.
#[derive(Clone)]
pub struct Study {
    /// Store, settings, templates.
    pub state: AppState,
    /// The logged-in user.
    pub user: UserSession,
    /// The language of the pages.
    pub lang: &'static str,
}

impl FromRequestParts<AppState> for Study {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let user = UserSession::from_request_parts(parts, state).await?;
        Ok(Study { state: state.clone(), user, lang: i18n::negotiate(&parts.headers) })
    }
}

/// A named segment of the matched path.
pub(crate) async fn path_param(parts: &mut Parts, name: &str) -> Result<String, WebError> {
    let params = RawPathParams::from_request_parts(parts, &()).await.map_err(|_| WebError::NotFound)?;
    params.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_owned()).ok_or(WebError::NotFound)
}

/// The wave named by the path's `{code}`, with its name, state and dates; a malformed or
/// unknown code is the uniform 404.
#[derive(Debug, Clone)]
pub struct WavePath {
    /// Its code.
    pub code: CampaignCode,
    /// Its name, state and dates.
    pub meta: CampaignMeta,
}

impl FromRequestParts<AppState> for WavePath {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let code = wave_code(&path_param(parts, "code").await?)?;
        let meta = state.store.campaign_meta(&code).await?;
        Ok(WavePath { code, meta })
    }
}

/// The path's `{respondent}` (a target's code), as given: the store says whether the wave
/// holds it.
#[derive(Debug, Clone)]
pub struct TargetPath(pub String);

impl<S: Send + Sync> FromRequestParts<S> for TargetPath {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, WebError> {
        Ok(TargetPath(path_param(parts, "respondent").await?))
    }
}

/// The path's `{service}` (a service code of the catalogue), as given: the page says
/// whether the wave's catalogue holds it.
#[derive(Debug, Clone)]
pub struct ServicePath(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ServicePath {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, WebError> {
        Ok(ServicePath(path_param(parts, "service").await?))
    }
}

/// A wave code from a URL: a malformed one is the same 404 as an unknown one.
pub fn wave_code(raw: &str) -> Result<CampaignCode, WebError> {
    CampaignCode::parse(raw).map_err(|_| WebError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_keep_repeated_keys_and_trim() {
        let form = Form::parse(b"departement=59&departement=62&nom=+Vague+&vide=+&mdp=+a+");
        assert_eq!(form.all("departement"), ["59", "62"]);
        assert_eq!(form.get("nom"), Some("Vague"));
        assert_eq!(form.get("vide"), None);
        assert_eq!(form.get("absent"), None);
        assert_eq!(form.raw("mdp"), " a ");
    }
}
