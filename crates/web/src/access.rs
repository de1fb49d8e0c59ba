//! The route table enforced: every request is checked against the access and the defence
//! against forgery its route declares ([`crate::routes`]) before its handler runs, so a
//! handler never checks a role or a token itself; it states what it needs in its signature
//! ([`crate::extract`]) and finds it there.
//!
//! - `Viewer`, `Lead`, `Admin`: a study-side session with the role (visitors are sent to the
//!   login page, a lower role gets `403`); the [`crate::session::UserSession`] is handed to the handler.
//! - `Respondent`: a respondent's session, else the uniform 404 page.
//! - `OwnAnswers`: a respondent's session whose wave and respondent are those of the path,
//!   else the uniform JSON 404, decided before anything else is read.
//! - `SessionToken`: the posted form must carry the session's anti-forgery token (`csrf`);
//!   the body is read once here and handed on untouched. `JsonBody`: the body must be
//!   declared as JSON.
//! - `Public`, `Published`, `Invitation`: the handler decides (a published wave, a live link).

use crate::extract::Form;
use crate::routes::{Access, Forgery, RouteInfo};
use crate::session;
use crate::{AppState, WebError};
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, MatchedPath, RawPathParams, Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mutu_domain::lifecycle::Role;
use std::collections::HashMap;

/// The largest form a page posts (a section of answers, a pasted file of contacts).
pub const MAX_FORM_BYTES: usize = 8 * 1024 * 1024;

/// The declared routes by method and path, for the guard.
#[derive(Debug, Default)]
pub struct RouteIndex(HashMap<(Method, &'static str), RouteInfo>);

impl RouteIndex {
    /// Indexes the declared routes.
    pub fn new(infos: &[RouteInfo]) -> Self {
        RouteIndex(infos.iter().map(|r| ((r.method.clone(), r.path), r.clone())).collect())
    }

    /// The declaration of a matched route (`HEAD` is answered by the `GET` route).
    fn get(&self, method: &Method, path: &str) -> Option<&RouteInfo> {
        let method = if method == Method::HEAD { &Method::GET } else { method };
        self.0.iter().find(|((m, p), _)| m == method && *p == path).map(|(_, info)| info)
    }
}

/// The role a study-side access needs.
fn role_of(access: Access) -> Option<Role> {
    match access {
        Access::Viewer => Some(Role::Viewer),
        Access::Lead => Some(Role::Lead),
        Access::Admin => Some(Role::Admin),
        _ => None,
    }
}

/// The middleware: checks the request against its route's declaration.
pub async fn enforce(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let matched = request.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());
    let Some(info) = matched.and_then(|path| state.routes.get(request.method(), &path).cloned()) else {
        // Only declared routes exist: anything else is the fallback's uniform 404.
        return next.run(request).await;
    };
    let api = info.access == Access::OwnAnswers;
    match checked(&state, &info, request).await {
        Ok(request) => next.run(request).await,
        Err(e) if api => e.into_api(),
        Err(e) => e.into_response(),
    }
}

async fn checked(state: &AppState, info: &RouteInfo, mut request: Request) -> Result<Request, WebError> {
    let csrf = match info.access {
        access if access.is_study_side() => {
            let user = session::user(state, request.headers()).await?.ok_or(WebError::LoginRequired)?;
            if let Some(role) = role_of(access)
                && !user.user.role.includes(role)
            {
                return Err(WebError::Forbidden);
            }
            let csrf = user.session.csrf.clone();
            request.extensions_mut().insert(user);
            Some(csrf)
        }
        Access::Respondent | Access::OwnAnswers => {
            let own = session::respondent(state, request.headers()).await?.ok_or(WebError::NotFound)?;
            if info.access == Access::OwnAnswers {
                let (mut parts, body) = request.into_parts();
                let params =
                    RawPathParams::from_request_parts(&mut parts, state).await.map_err(|_| WebError::NotFound)?;
                let named = |key: &str| params.iter().find(|(k, _)| *k == key).map(|(_, v)| v.to_owned());
                let owns = named("code").as_deref() == Some(own.campaign.as_str())
                    && named("respondent").as_deref() == Some(own.respondent.as_str());
                if !owns {
                    return Err(WebError::NotFound);
                }
                request = Request::from_parts(parts, body);
            }
            let csrf = own.session.csrf.clone();
            request.extensions_mut().insert(own);
            Some(csrf)
        }
        _ => None,
    };
    match info.forgery {
        Forgery::SessionToken => {
            let (parts, body) = request.into_parts();
            let bytes = to_bytes(body, MAX_FORM_BYTES).await.map_err(|_| WebError::TooLarge)?;
            let form = Form::parse(&bytes);
            let expected = csrf.ok_or(WebError::Csrf)?;
            session::check_csrf(&expected, form.get("csrf"))?;
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        Forgery::JsonBody => {
            let kind = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
            let essence = kind.split(';').next().unwrap_or("").trim();
            if essence.eq_ignore_ascii_case("application/json") {
                Ok(request)
            } else {
                Err(WebError::UnsupportedMediaType)
            }
        }
        Forgery::ReadOnly | Forgery::LoginCookie | Forgery::Harmless => Ok(request),
    }
}
