//! The route table: every route of mutu is declared here with who may use it, and the router
//! is built from that declaration only.
//!
//! Each module's `routes()` returns a [`RouteTable`]: `RouteTable::new().get(path, access,
//! handler)…`. The same table gives the axum router ([`RouteTable::into_router`]) and the
//! list of [`RouteInfo`] that the security tests iterate (every route × every kind of
//! visitor), so a route cannot exist without a declared [`Access`], and a test that walks
//! the table cannot miss a route. The declaration is also what is enforced: the guard of
//! [`crate::access`] checks every request against its route's access and forgery defence
//! before the handler runs, and the authorisation matrix test (`tests/web/matrix.rs`) proves
//! it from the outside.

use crate::AppState;
use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, MethodRouter};
use std::collections::BTreeMap;

/// Who may use a route, as the handler checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// Anyone, with or without a session: static files, the home page, the login form.
    Public,
    /// Anyone, once the wave named by `{code}` is published; the uniform 404 otherwise (for
    /// study-side users too: these are the public pages, not a preview).
    Published,
    /// Anyone holding a live invitation token `{token}` of an open wave; the uniform 404
    /// for unknown, revoked or expired tokens.
    Invitation,
    /// A respondent's invitation session, on its own answers (the session names the wave and
    /// the respondent, the path does not); the uniform 404 for every other visitor.
    Respondent,
    /// The respondent's JSON API: only the session of the `{code}` and `{respondent}` named
    /// in the path; the uniform JSON 404 for everyone else, study-side users included.
    OwnAnswers,
    /// Every logged-in study-side user (viewer, lead, administrator); others are sent to
    /// the login page.
    Viewer,
    /// Study leads and administrators; a viewer gets 403, others the login page.
    Lead,
    /// Administrators only; leads and viewers get 403, others the login page.
    Admin,
}

impl Access {
    /// Whether the access needs a study-side account (and sends visitors to `/connexion`).
    pub fn is_study_side(self) -> bool {
        matches!(self, Access::Viewer | Access::Lead | Access::Admin)
    }
}

/// How a route resists cross-site request forgery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Forgery {
    /// A `GET`: it changes nothing, so there is nothing to forge.
    ReadOnly,
    /// The form carries the session's anti-forgery token in its `csrf` field.
    SessionToken,
    /// The body must be declared as JSON (`Content-Type: application/json`), which no
    /// cross-site HTML form can send.
    JsonBody,
    /// The login form: no session exists yet, so its token is doubled in a
    /// `SameSite=Strict` cookie.
    LoginCookie,
    /// Nothing stored changes: the language preference is a cookie of the browser only.
    Harmless,
}

/// One declared route: what the security tests iterate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    /// `GET`, `POST` or `PUT`.
    pub method: Method,
    /// The axum path, with its `{parameters}`.
    pub path: &'static str,
    /// Who may use it.
    pub access: Access,
    /// How a state change through it resists forgery.
    pub forgery: Forgery,
}

/// Routes under construction: the router and its declaration, built together.
#[derive(Default)]
pub struct RouteTable {
    infos: Vec<RouteInfo>,
    methods: BTreeMap<&'static str, MethodRouter<AppState>>,
}

impl RouteTable {
    /// An empty table.
    pub fn new() -> Self {
        RouteTable::default()
    }

    fn add<H, T>(mut self, method: Method, path: &'static str, access: Access, forgery: Forgery, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
        // Two handlers for one (method, path) make axum panic here: a declaration cannot be
        // silently shadowed.
        let routed = match self.methods.remove(path) {
            Some(existing) => existing.on(filter, handler),
            None => axum::routing::on(filter, handler),
        };
        self.methods.insert(path, routed);
        self.infos.push(RouteInfo { method, path, access, forgery });
        self
    }

    /// A `GET` route: it must change nothing (sessions' last-seen time and the invitation
    /// link's session apart).
    pub fn get<H, T>(self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::GET, path, access, Forgery::ReadOnly, handler)
    }

    /// A `POST` route of a session: a form with the session's token, or the JSON API.
    ///
    /// # Panics
    /// When `access` needs no session: a public state change says how it resists forgery
    /// through [`RouteTable::post_public`].
    pub fn post<H, T>(self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let forgery = session_forgery(path, access);
        self.add(Method::POST, path, access, forgery, handler)
    }

    /// A `PUT` route of a session (the JSON API).
    ///
    /// # Panics
    /// When `access` needs no session, as for [`RouteTable::post`].
    pub fn put<H, T>(self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let forgery = session_forgery(path, access);
        self.add(Method::PUT, path, access, forgery, handler)
    }

    /// A `POST` anyone may send (login, language), with the way it resists forgery.
    ///
    /// # Panics
    /// When `forgery` is one that needs a session or is [`Forgery::ReadOnly`].
    pub fn post_public<H, T>(self, path: &'static str, forgery: Forgery, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        assert!(
            matches!(forgery, Forgery::LoginCookie | Forgery::Harmless),
            "POST {path}: a public route cannot rely on a session's token"
        );
        self.add(Method::POST, path, Access::Public, forgery, handler)
    }

    /// Adds every route of `other`.
    ///
    /// # Panics
    /// When both tables declare the same method on the same path.
    pub fn merge(mut self, other: RouteTable) -> Self {
        for (path, routed) in other.methods {
            let merged = match self.methods.remove(path) {
                Some(existing) => existing.merge(routed),
                None => routed,
            };
            self.methods.insert(path, merged);
        }
        self.infos.extend(other.infos);
        self
    }

    /// The declared routes, in declaration order.
    pub fn infos(&self) -> &[RouteInfo] {
        &self.infos
    }

    /// The router of every declared route (the caller adds the fallback and the layers).
    pub fn into_router(self) -> Router<AppState> {
        self.methods.into_iter().fold(Router::new(), |router, (path, routed)| router.route(path, routed))
    }
}

/// The forgery defence of a session's state change, from its access.
fn session_forgery(path: &str, access: Access) -> Forgery {
    match access {
        Access::OwnAnswers => Forgery::JsonBody,
        Access::Respondent | Access::Viewer | Access::Lead | Access::Admin => Forgery::SessionToken,
        Access::Public | Access::Published | Access::Invitation => {
            panic!("{path}: a state change needs a session (or post_public with its defence)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn ok() -> &'static str {
        "ok"
    }

    #[test]
    fn a_path_gathers_its_methods_and_keeps_each_declaration() {
        let table = RouteTable::new().get("/a", Access::Viewer, ok).post("/a", Access::Lead, ok);
        let table = table.merge(RouteTable::new().put("/b/{code}", Access::OwnAnswers, ok));
        let methods: Vec<_> = table.infos().iter().map(|r| (r.method.as_str(), r.path, r.forgery)).collect();
        assert_eq!(
            methods,
            [
                ("GET", "/a", Forgery::ReadOnly),
                ("POST", "/a", Forgery::SessionToken),
                ("PUT", "/b/{code}", Forgery::JsonBody)
            ]
        );
        let _router: Router<AppState> = table.into_router();
    }

    #[test]
    #[should_panic(expected = "needs a session")]
    fn a_public_post_must_say_how_it_resists_forgery() {
        let _ = RouteTable::new().post("/x", Access::Public, ok);
    }

    #[test]
    #[should_panic]
    fn one_method_on_one_path_is_declared_once() {
        let _ = RouteTable::new().get("/a", Access::Public, ok).get("/a", Access::Admin, ok);
    }
}
