//! Shared set-up of the web tests: a fresh database (SQLite in a temporary folder, or a
//! PostgreSQL schema of its own) holding the seed's 2014 territory and one open wave.

use mutu_domain::testing::WaveBuilder;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use mutu_domain::codes::CampaignCode;
use mutu_storage::Store;
use mutu_web::{AppConfig, AppState};
use std::path::PathBuf;
use tower::ServiceExt;

/// The fixture folder of the seed's territory and answers.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/npdc-2014").join(name)
}

/// A running application over its own database.
pub struct TestApp {
    /// Shared state (the store is reachable for set-up and checks).
    pub state: AppState,
    /// The router, driven in-process.
    pub router: Router,
    /// The wave `npdc-2014` over the 53 EPCI.
    pub campaign: CampaignCode,
    _dir: tempfile::TempDir,
}

/// A fresh application on SQLite with the fixture territory and the wave `npdc-2014`.
pub async fn app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("mutu.db").display());
    let store = Store::open(&url).await.expect("open store");
    let territory =
        mutu_import::read_territory_csv("territory.csv", &std::fs::read(fixture("territory.csv")).expect("fixture"))
            .expect("fixture territory");
    store.import_territory(&territory).await.expect("import territory");
    let campaign =
        WaveBuilder::new("npdc-2014").name("Enquête NPDC 2014").targets_from(&territory).population_year(2011).build();
    store.create_campaign(&campaign).await.expect("campaign");
    let state = AppState::new(store, AppConfig::new("http://mutu.test")).expect("state");
    TestApp { router: mutu_web::router(state.clone()), state, campaign: campaign.code, _dir: dir }
}

/// A response read whole.
pub struct Reply {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body as text.
    pub body: String,
}

impl TestApp {
    /// Sends one request through the router.
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.expect("infallible router");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    /// A GET with an optional cookie.
    pub async fn get(&self, uri: &str, cookie: Option<&str>) -> Reply {
        let mut builder = Request::get(uri);
        if let Some(cookie) = cookie {
            builder = builder.header("cookie", cookie);
        }
        self.send(builder.body(Body::empty()).expect("request")).await
    }

    /// A GET whose body is binary (a PDF, a workbook), answered `200`.
    pub async fn get_bytes(&self, uri: &str, cookie: Option<&str>) -> Vec<u8> {
        let mut builder = Request::get(uri);
        if let Some(cookie) = cookie {
            builder = builder.header("cookie", cookie);
        }
        let response =
            self.router.clone().oneshot(builder.body(Body::empty()).expect("request")).await.expect("router");
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        response.into_body().collect().await.expect("body").to_bytes().to_vec()
    }
}

/// The text of a PDF read back with poppler's `pdftotext`; `None` (said on stderr) when it
/// is not installed on a developer's machine, a failure under CI.
pub fn pdf_text(pdf: &[u8]) -> Option<String> {
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    let child = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        assert!(std::env::var_os("CI").is_none(), "pdftotext is missing under CI: install poppler-utils");
        eprintln!("SKIPPED reading the PDF back: pdftotext not found (Debian package poppler-utils)");
        return None;
    };
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), pdf).expect("pipe");
    let out = child.wait_with_output().expect("pdftotext");
    Some(String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" "))
}

impl Reply {
    /// The `name=value` of the session cookie this response sets, if any.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("mutu_session=") && !v.starts_with("mutu_session=;"))
            .map(|v| v.split(';').next().unwrap_or_default().to_owned())
    }
}

/// Respondent-side helpers: waves, invitations, sessions, JSON and form requests.
impl TestApp {
    /// The database URL of this app (to reopen the same SQLite file).
    pub fn database_url(&self) -> String {
        format!("sqlite://{}", self._dir.path().join("mutu.db").display())
    }

    /// Closes the app's pool and drops it, keeping its folder (and database) alive.
    pub async fn shut_down(self) -> tempfile::TempDir {
        self.state.store.close().await;
        self._dir
    }

    /// Opens the wave `npdc-2014` to respondents.
    pub async fn open_wave(&self) {
        self.state
            .store
            .set_campaign_state(&self.campaign, mutu_domain::lifecycle::CampaignState::Open)
            .await
            .expect("open");
    }

    /// The codes of the wave's targets.
    pub async fn target_codes(&self) -> Vec<String> {
        let campaign = self.state.store.campaign(&self.campaign).await.expect("campaign");
        campaign.targets.into_iter().map(|t| t.code).collect()
    }

    /// A second wave `code` with the same definition and targets as `npdc-2014`.
    pub async fn add_wave(&self, code: &str) -> CampaignCode {
        let mut campaign = self.state.store.campaign(&self.campaign).await.expect("campaign");
        campaign.code = CampaignCode::parse(code).expect("code");
        campaign.name = format!("Vague {code}");
        self.state.store.create_campaign(&campaign).await.expect("second wave");
        campaign.code
    }

    /// Gives `respondent` of `wave` the invitation link with `token`.
    pub async fn invite(&self, wave: &CampaignCode, respondent: &str, token: &str) {
        let hash = mutu_app::secrets::hash_token(token);
        self.state.store.set_invitation(wave, respondent, &hash).await.expect("invitation");
    }

    /// Opens the invitation link `token` and returns the session cookie it sets.
    pub async fn enter(&self, token: &str) -> String {
        let reply = self.get(&format!("/i/{token}"), None).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        reply.session_cookie().expect("session cookie")
    }

    /// A session cookie for a new study-side user with `role`.
    pub async fn user_cookie(&self, email: &str, role: mutu_domain::lifecycle::Role) -> String {
        let id = self.state.store.create_user(email, role, "not-a-password-hash").await.expect("user");
        let cookie =
            mutu_web::session::open(&self.state, &mutu_storage::SessionSubject::User(id)).await.expect("session");
        cookie.to_str().expect("ascii").split(';').next().unwrap_or_default().to_owned()
    }

    /// A JSON request (`body` sent with `Content-Type: application/json` when given).
    pub async fn json(
        &self,
        method: &str,
        uri: &str,
        cookie: Option<&str>,
        if_match: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> Reply {
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(cookie) = cookie {
            builder = builder.header("cookie", cookie);
        }
        if let Some(version) = if_match {
            builder = builder.header("if-match", version);
        }
        let body = match body {
            Some(value) => {
                builder = builder.header("content-type", "application/json");
                Body::from(value.to_string())
            }
            None => Body::empty(),
        };
        self.send(builder.body(body).expect("request")).await
    }

    /// A form post (`application/x-www-form-urlencoded`).
    pub async fn post_form(&self, uri: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> Reply {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let mut builder = Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            builder = builder.header("cookie", cookie);
        }
        self.send(builder.body(Body::from(body)).expect("request")).await
    }
}

impl Reply {
    /// The value of the first `<input … name="{name}" value="…">` of an HTML page.
    pub fn input_value(&self, name: &str) -> Option<String> {
        let start = self.body.find(&format!("name=\"{name}\" value=\""))? + name.len() + 15;
        let end = self.body[start..].find('"')? + start;
        Some(self.body[start..end].to_owned())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("JSON expected ({e}): {}", self.body))
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A study-side user logged in through the login form.
pub struct Login {
    /// `mutu_session=…`, to send as the `cookie` header.
    pub cookie: String,
    /// The anti-forgery token of the session's forms.
    pub csrf: String,
}

/// Study-side helpers: logging in through the form, changing the settings.
impl TestApp {
    /// The same app (same database) with its settings changed, e.g. an SMTP relay.
    pub fn with_config(self, configure: impl FnOnce(&mut mutu_web::AppConfig)) -> TestApp {
        let mut config = (*self.state.config).clone();
        configure(&mut config);
        let state = AppState::new(self.state.store.clone(), config).expect("state");
        TestApp { router: mutu_web::router(state.clone()), state, ..self }
    }

    /// Posts the login form as a browser would: the form's page first (for its anti-forgery
    /// cookie and field), then the email and password.
    pub async fn login(&self, email: &str, password: &str) -> Reply {
        let page = self.get("/connexion", None).await;
        let token = page.input_value("csrf").expect("login form token");
        let cookie = format!("mutu_login={token}");
        self.post_form("/connexion", Some(&cookie), &[("csrf", &token), ("email", email), ("password", password)]).await
    }

    /// A new account `{role}@mutu.test` with a real argon2id hash, logged in through the form.
    pub async fn login_as(&self, role: mutu_domain::lifecycle::Role) -> Login {
        let (email, password) = (format!("{}@mutu.test", role.code()), "mot de passe de test");
        let hash = mutu_app::passwords::hash_password(password).expect("hash");
        self.state.store.create_user(&email, role, &hash).await.expect("user");
        let reply = self.login(&email, password).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let cookie = reply.session_cookie().expect("session cookie");
        let token = cookie.trim_start_matches("mutu_session=");
        let session = self.state.store.session(&mutu_app::secrets::hash_token(token)).await.expect("store");
        Login { csrf: session.expect("session").csrf, cookie }
    }
}

/// Posts `fields` as `user`, with the anti-forgery token of its session, as its browser would.
pub async fn post(app: &TestApp, uri: &str, user: &Login, fields: &[(&str, &str)]) -> Reply {
    let mut all = vec![("csrf", user.csrf.as_str())];
    all.extend_from_slice(fields);
    app.post_form(uri, Some(&user.cookie), &all).await
}
