//! mutu's web layer: the study lead's pages, the respondent's form and JSON API, accounts
//! and sessions, over the same storage and analysis core as the CLI.
//!
//! Pages are rendered on the server in French (English available) and work without
//! JavaScript; a little vendored script adds autosave. Every response carries strict
//! security headers ([`security`]); sessions live in the database ([`session`]).

pub mod access;
pub mod analysis;
pub mod assets;
pub mod error;
pub mod extract;
pub mod groups;
pub mod health;
pub mod i18n;
pub mod lead;
pub mod lost_link;
pub(crate) mod maps;
pub mod offers;
pub mod oidc;
pub mod openapi;
pub mod opportunities;
pub(crate) mod page;
pub(crate) mod paging;
pub mod public;
pub mod qualitative;
pub mod respondent;
pub mod routes;
pub mod security;
pub mod session;
pub mod templates;
pub mod throttle;

use axum::Router;
use mutu_storage::Store;
use routes::RouteTable;
use std::sync::Arc;
use std::time::Duration;

pub use error::WebError;

/// Settings of a running server.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Base URL people reach the server at (invitation links are built from it, never from
    /// the request's Host header), without trailing slash.
    pub public_url: String,
    /// A study-side session ends after this long without activity.
    pub user_idle: Duration,
    /// A study-side session ends this long after login, whatever the activity.
    pub user_absolute: Duration,
    /// A respondent's session ends after this long without activity (the link opens a new one).
    pub respondent_idle: Duration,
    /// A respondent's session ends this long after the link was opened.
    pub respondent_absolute: Duration,
    /// SMTP relay of the mail worker running beside the web, when there is one (mail is
    /// queued either way: a `mutu worker` elsewhere may send it).
    pub smtp: Option<SmtpConfig>,
    /// Reverse proxies whose `X-Forwarded-For` is believed, so throttles see the client
    /// rather than the proxy; none by default (the header is then ignored).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Whether study-side users may sign in with a password; `false` (`mutu serve
    /// --no-password-login`) leaves the OpenID Connect provider as the only way in.
    pub password_login: bool,
}

/// Where and as whom mail is sent: the relay of the worker that `mutu serve` runs beside
/// the web. The web itself only queues mail; the page says whether this server sends it.
pub type SmtpConfig = mutu_app::mail::SmtpSettings;

impl AppConfig {
    /// Defaults for a server reachable at `public_url`.
    pub fn new(public_url: &str) -> Self {
        AppConfig {
            public_url: public_url.trim_end_matches('/').to_owned(),
            user_idle: Duration::from_secs(2 * 3600),
            user_absolute: Duration::from_secs(12 * 3600),
            respondent_idle: Duration::from_secs(24 * 3600),
            respondent_absolute: Duration::from_secs(14 * 24 * 3600),
            smtp: None,
            trusted_proxies: Vec::new(),
            password_login: true,
        }
    }

    /// Whether cookies get the `Secure` flag (the server is reached over TLS).
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// Waves a server keeps in memory: the few a study works on at once (a national wave's
/// answers take a few hundred megabytes).
const WAVES_IN_MEMORY: usize = 3;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Settings.
    pub config: Arc<AppConfig>,
    /// Page templates and translations.
    pub templates: Arc<templates::Templates>,
    /// The declared routes, which the guard enforces.
    pub routes: Arc<access::RouteIndex>,
    /// The waves this server holds in memory, each at the version of its answers.
    pub waves: Arc<mutu_app::cache::WaveCache>,
    /// The OpenID Connect provider (ProConnect) study leads may sign in with, discovered at
    /// start; `None` when `mutu serve` has no `--oidc-issuer` ([`oidc`]).
    pub oidc: Option<Arc<oidc::OidcClient>>,
}

impl AppState {
    /// Builds the state, loading the embedded templates and translations.
    pub fn new(store: Store, config: AppConfig) -> Result<Self, WebError> {
        Ok(AppState {
            store,
            config: Arc::new(config),
            templates: Arc::new(templates::Templates::load()?),
            routes: Arc::new(access::RouteIndex::new(route_table().infos())),
            waves: Arc::new(mutu_app::cache::WaveCache::new(WAVES_IN_MEMORY)),
            oidc: None,
        })
    }

    /// The same state, signing study leads in through `provider` too (or not, with `None`).
    pub fn with_oidc(mut self, provider: Option<Arc<oidc::OidcClient>>) -> Self {
        self.oidc = provider;
        self
    }
}

/// Every route of the application with who may use it ([`routes::Access`]). The router is
/// built from this table only, and the security tests walk it: register a new route in its
/// module's `routes()` (or here), never with `Router::route`.
pub fn route_table() -> RouteTable {
    RouteTable::new()
        .merge(assets::routes())
        .merge(health::routes())
        .merge(lead::routes())
        .merge(analysis::routes())
        .merge(public::routes())
        .merge(opportunities::routes())
        .merge(groups::routes())
        .merge(offers::routes())
        .merge(qualitative::routes())
        .merge(respondent::routes())
        .merge(openapi::routes())
        .merge(oidc::routes())
        .merge(lost_link::routes())
}

/// The whole application: every route of [`route_table`], each checked against its declared
/// access and defence against forgery ([`access::enforce`]) before its handler runs, with the
/// security headers on every response.
pub fn router(state: AppState) -> Router {
    route_table()
        .into_router()
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), access::enforce))
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), error::localize))
        .layer(axum::middleware::from_fn(security::headers))
        .with_state(state)
}

/// Serves the application on `listener` until the process is asked to stop (SIGTERM, as
/// systemd and container runtimes do, or Ctrl-C): requests under way are then finished and
/// no new one is taken.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    // The newest waves are read and computed beside the first requests (which wait for the
    // same computation rather than repeat it); `/sante` says ready once they are.
    state.waves.start_warming();
    let (waves, store) = (Arc::clone(&state.waves), state.store.clone());
    tokio::spawn(async move { waves.warm(&store).await });
    // The peer address reaches handlers (the invitation link's throttling counts per client).
    axum::serve(listener, router(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(stop_asked())
        .await
}

/// Resolves when the process receives SIGTERM or SIGINT.
async fn stop_asked() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(e) => {
                tracing::warn!(error = %e, "SIGTERM ne peut pas être écouté : seul Ctrl-C arrête proprement");
                let _ = interrupt.await;
                return;
            }
        };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
    tracing::info!("arrêt demandé : les requêtes en cours se terminent");
}
