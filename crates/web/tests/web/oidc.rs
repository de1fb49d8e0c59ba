//! Study leads signing in through a real OpenID Connect provider (`tests/oidc-provider`, the
//! npm package `oidc-provider`, set up like ProConnect), with mutu served on a loopback port
//! and a headless browser (reqwest, redirects followed by hand): the door's redirect, a lead
//! signing in without a password and logging out at the provider, and the refusals — replayed
//! callback, missing state, an ID token signed by another key, an email without an account —
//! each opening nothing. Without a provider configured, the door does not exist.
//!
//! Each test starts its own provider (on a free port), so that they run in parallel; skipped,
//! with a message, only when `node` is not installed (under CI it must be).

use crate::common::{TestApp, app};
use axum::http::StatusCode;
use mutu_domain::lifecycle::Role;
use mutu_oidc::{OidcClient, OidcConfig};
use mutu_oidc_provider::{Provider, SECRET};
use mutu_web::{AppConfig, AppState};
use reqwest::redirect::Policy;
use std::sync::Arc;
use url::Url;

/// alice's email at the provider (signed in at `/interaction/UID?account=alice`).
const ALICE: &str = "alice.martin@region-exemple.fr";

/// mutu served on a loopback port with a provider configured, and a browser.
struct Site {
    app: TestApp,
    /// `http://127.0.0.1:PORT`, mutu's public URL.
    base: String,
    /// The browser: one cookie jar for mutu and the provider, redirects followed by hand.
    browser: reqwest::Client,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    _provider: Provider,
}

impl Drop for Site {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A plain client: no cookies but those given, no redirects followed.
fn bare() -> reqwest::Client {
    reqwest::Client::builder().redirect(Policy::none()).build().expect("client")
}

/// The value of the `name` cookie a response sets (`None` for a deletion).
fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find_map(|v| {
        let (pair, _) = v.split_once(';').unwrap_or((v, ""));
        let value = pair.strip_prefix(&format!("{name}="))?;
        (!value.is_empty()).then(|| value.to_owned())
    })
}

fn location(response: &reqwest::Response) -> String {
    let location = response.headers().get("location").unwrap_or_else(|| panic!("no redirect: {}", response.status()));
    location.to_str().expect("ascii").to_owned()
}

/// Follows the provider's redirects in `browser`, signing `account` in when asked, until it
/// sends the browser back outside itself (to mutu); returns that URL.
async fn provider_trip(browser: &reqwest::Client, start: &str, account: &str) -> Url {
    let mut url = Url::parse(start).expect("provider URL");
    for _ in 0..10 {
        let response = browser.get(url.clone()).send().await.expect("request to the provider");
        let status = response.status();
        let Some(next) = response.headers().get("location") else {
            panic!("{url} answered {status} without a redirect: {}", response.text().await.unwrap_or_default());
        };
        let mut next = url.join(next.to_str().unwrap()).unwrap();
        if next.origin() != url.origin() {
            return next;
        }
        if next.path().starts_with("/interaction/") {
            next.query_pairs_mut().append_pair("account", account);
        }
        url = next;
    }
    panic!("too many redirects at the provider");
}

impl Site {
    /// The wave's app, alice's email a lead account (written in another case: the match
    /// ignores it), served with a provider in `env`'s mode.
    async fn start(env: &[(&str, &str)]) -> Option<Site> {
        let app = app().await;
        app.state.store.create_user("Alice.Martin@Region-Exemple.fr", Role::Lead, "pas-de-mot-de-passe").await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let provider = Provider::start(&base, env).await?;
        let config =
            OidcConfig::new(&provider.issuer, "mutu", SECRET.into(), &Url::parse(&base).unwrap()).expect("config");
        let client = OidcClient::discover(config).await.expect("discovery");
        let state = AppState::new(app.state.store.clone(), AppConfig::new(&base))
            .expect("state")
            .with_oidc(Some(Arc::new(client)));
        let server = tokio::spawn(mutu_web::serve(state, listener));
        let browser = reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().expect("browser");
        Some(Site { app, base, browser, server, _provider: provider })
    }

    fn url(&self, path: &str) -> Url {
        Url::parse(&self.base).unwrap().join(path).unwrap()
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.browser.get(self.url(path)).send().await.expect("request to mutu")
    }

    /// Follows the provider's redirects, signing `account` in when asked, until it sends the
    /// browser back outside itself (to mutu); returns that URL.
    async fn at_provider(&self, start: &str, account: &str) -> Url {
        provider_trip(&self.browser, start, account).await
    }

    /// Starts at mutu's door, signs `account` in at the provider; returns the callback URL
    /// (not yet visited) and the pending login's cookie.
    async fn sign_in_at_provider(&self, account: &str) -> (Url, String) {
        let door = self.get("/connexion/oidc").await;
        assert_eq!(door.status(), StatusCode::SEE_OTHER);
        let pending = set_cookie(&door, "mutu_oidc").expect("the pending login's cookie");
        let callback = self.at_provider(&location(&door), account).await;
        assert_eq!(callback.as_str().split('?').next(), Some(format!("{}/oidc/retour", self.base).as_str()));
        (callback, pending)
    }

    /// Study-side sessions in the database.
    async fn sessions(&self) -> i64 {
        let pool = sqlx::SqlitePool::connect(&self.app.database_url()).await.expect("connection");
        let n = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL")
            .fetch_one(&pool)
            .await
            .expect("count");
        pool.close().await;
        n
    }

    /// Visits `callback` and expects a refusal with `status` saying `says`, opening nothing.
    async fn refused(&self, callback: &Url, cookie: Option<&str>, status: StatusCode, says: &str) {
        let before = self.sessions().await;
        let mut request = bare().get(callback.clone());
        if let Some(cookie) = cookie {
            request = request.header("cookie", format!("mutu_oidc={cookie}"));
        }
        let response = request.send().await.expect("callback");
        assert_eq!(response.status(), status);
        assert_eq!(set_cookie(&response, "mutu_session"), None, "no session opened");
        let page = response.text().await.unwrap();
        assert!(page.contains(says), "{says:?} expected in {page}");
        assert!(page.contains("action=\"/connexion\""), "the login page, to try again or use a password");
        assert_eq!(self.sessions().await, before, "no session stored");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_door_sends_the_browser_to_the_provider_with_what_proconnect_requires() {
    let Some(site) = Site::start(&[]).await else { return };
    let page = site.get("/connexion").await.text().await.unwrap();
    assert!(page.contains("href=\"/connexion/oidc\"") && page.contains("Se connecter avec ProConnect"), "{page}");

    let door = site.get("/connexion/oidc").await;
    assert_eq!(door.status(), StatusCode::SEE_OTHER);
    let cookie = door.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(cookie.starts_with("mutu_oidc=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    assert!(cookie.contains("Path=/oidc") && !cookie.contains("Secure"), "plain http here: {cookie}");
    let authorize = Url::parse(&location(&door)).unwrap();
    assert!(authorize.origin() != site.url("/").origin() && authorize.path() == "/authorize", "{authorize}");
    let param = |name: &str| authorize.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
    assert_eq!(param("response_type").as_deref(), Some("code"));
    assert_eq!(param("client_id").as_deref(), Some("mutu"));
    assert_eq!(param("redirect_uri"), Some(format!("{}/oidc/retour", site.base)));
    assert!(param("state").is_some_and(|s| s.len() >= 32), "{authorize}");
    assert!(param("nonce").is_some_and(|n| n.len() >= 32), "{authorize}");
    assert_eq!(param("code_challenge_method").as_deref(), Some("S256"), "the provider advertises S256");
    assert!(param("code_challenge").is_some_and(|c| c.len() >= 43));
    let scope = param("scope").unwrap_or_default();
    assert!(scope.split(' ').any(|s| s == "openid") && scope.split(' ').any(|s| s == "email"), "{scope}");
    // Nothing of the pending login goes to the browser but the random cookie.
    assert!(!cookie.contains(&param("state").unwrap()) && !cookie.contains(&param("nonce").unwrap()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lead_signs_in_without_a_password_and_logs_out_at_the_provider() {
    let Some(site) = Site::start(&[]).await else { return };
    let (callback, _) = site.sign_in_at_provider("alice").await;
    let back = site.browser.get(callback).send().await.unwrap();
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&back), "/");
    let session = set_cookie(&back, "mutu_session").expect("a session opened");
    let home = site.get("/").await;
    assert_eq!(home.status(), StatusCode::OK);
    let home = home.text().await.unwrap();
    assert!(home.contains("<h1>Vagues d&#x27;enquête</h1>") && home.contains("Enquête NPDC 2014"), "{home}");
    assert!(home.contains(ALICE), "signed in as alice: {home}");
    // Already signed in: the door leads home.
    assert_eq!(location(&site.get("/connexion/oidc").await), "/");

    // Logging out ends mutu's session, then the provider's, and comes back with the state.
    let id_hash = mutu_app::secrets::hash_token(&session);
    let csrf = site.app.state.store.session(&id_hash).await.unwrap().expect("session").csrf;
    let out = site.browser.post(site.url("/deconnexion")).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert!(site.app.state.store.session(&id_hash).await.unwrap().is_none(), "mutu's session is closed");
    let end_session = Url::parse(&location(&out)).unwrap();
    let param = |name: &str| end_session.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
    assert!(param("id_token_hint").is_some_and(|t| t.split('.').count() == 3), "{end_session}");
    assert_eq!(param("post_logout_redirect_uri"), Some(format!("{}/oidc/deconnexion", site.base)));
    let state = param("state").expect("a logout state");
    assert!(state.len() >= 32);
    // A forged return is refused (and spends the kept state); the real one goes to the login page.
    let forged = site.browser.get(site.url("/oidc/deconnexion?state=forge")).send().await.unwrap();
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);

    // Sign in and out again, this time confirming the provider's logout page.
    let (callback, _) = site.sign_in_at_provider("alice").await;
    let back = site.browser.get(callback).send().await.unwrap();
    let session = set_cookie(&back, "mutu_session").expect("a session opened");
    let csrf = site.app.state.store.session(&mutu_app::secrets::hash_token(&session)).await.unwrap().unwrap().csrf;
    let out = site.browser.post(site.url("/deconnexion")).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    let end_session = Url::parse(&location(&out)).unwrap();
    let confirm = site.browser.get(end_session.clone()).send().await.unwrap();
    assert_eq!(confirm.status(), StatusCode::OK, "the provider's logout page");
    let page = confirm.text().await.unwrap();
    let start = page.find("name=\"xsrf\" value=\"").expect("the provider's form") + 19;
    let xsrf = &page[start..start + page[start..].find('"').unwrap()];
    let form = [("xsrf", xsrf), ("logout", "yes")];
    let done = site.browser.post(end_session.join("/session/end/confirm").unwrap()).form(&form).send().await.unwrap();
    let returned = end_session.join(&location(&done)).unwrap();
    assert!(returned.as_str().starts_with(&format!("{}/oidc/deconnexion?", site.base)), "{returned}");
    let landed = site.browser.get(returned).send().await.unwrap();
    assert_eq!(landed.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&landed), "/connexion");
    assert_eq!(site.sessions().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_callback_or_a_missing_state_opens_nothing() {
    let Some(site) = Site::start(&[]).await else { return };
    let (callback, pending) = site.sign_in_at_provider("alice").await;
    let first = bare().get(callback.clone()).header("cookie", format!("mutu_oidc={pending}")).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::SEE_OTHER, "the first use signs in");
    assert_eq!(site.sessions().await, 1);
    // The same code and state again, with the same cookie: the pending login was taken.
    site.refused(&callback, Some(&pending), StatusCode::BAD_REQUEST, "a expiré ou a déjà servi").await;
    site.refused(&callback, None, StatusCode::BAD_REQUEST, "a expiré ou a déjà servi").await;

    // A callback without its state is refused, and spends the pending login.
    let (callback, pending) = site.sign_in_at_provider("alice").await;
    let mut stateless = callback.clone();
    let kept: Vec<(String, String)> =
        callback.query_pairs().filter(|(k, _)| k != "state").map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    stateless.query_pairs_mut().clear().extend_pairs(kept);
    site.refused(&stateless, Some(&pending), StatusCode::BAD_REQUEST, "pas pu être vérifiée").await;
    site.refused(&callback, Some(&pending), StatusCode::BAD_REQUEST, "a expiré ou a déjà servi").await;

    // Another browser's callback (its own pending login, another state) is refused too.
    let (mine, _) = site.sign_in_at_provider("alice").await;
    let (_, theirs) = site.sign_in_at_provider("alice").await;
    site.refused(&mine, Some(&theirs), StatusCode::BAD_REQUEST, "pas pu être vérifiée").await;
    assert_eq!(site.sessions().await, 1, "only the first sign-in opened a session");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_id_token_signed_by_another_key_opens_nothing() {
    let Some(site) = Site::start(&[("OP_ATTACK", "id-token-foreign-key")]).await else { return };
    let (callback, pending) = site.sign_in_at_provider("alice").await;
    site.refused(&callback, Some(&pending), StatusCode::BAD_REQUEST, "refusée par les vérifications de sécurité").await;
    assert_eq!(site.sessions().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tampered_token_opens_nothing_at_either_door() {
    // One provider per kind of tampering (`tests/oidc-provider`'s `OP_ATTACK` modes), and an
    // ID token that expires while the code is exchanged: a lead and an agent are refused, the
    // refusal comes from mutu-oidc's checks, and no session of any kind is stored.
    let attacks: [&[(&str, &str)]; 7] = [
        &[("OP_ATTACK", "id-token-other-issuer")],
        &[("OP_ATTACK", "id-token-other-audience")],
        &[("OP_ATTACK", "id-token-extra-audience")],
        &[("OP_ATTACK", "id-token-unsigned")],
        &[("OP_ATTACK", "userinfo-foreign-key")],
        &[("OP_ATTACK", "userinfo-other-subject")],
        &[("OP_ID_TOKEN_TTL", "1"), ("OP_TOKEN_DELAY_MS", "2100")],
    ];
    for env in attacks {
        let Some(site) = Site::start(env).await else { return };
        site.app.open_wave().await;
        let (callback, pending) = site.sign_in_at_provider("alice").await;
        site.refused(&callback, Some(&pending), StatusCode::BAD_REQUEST, "refusée par les vérifications de sécurité")
            .await;
        let agent = respondent_door(&site, &another_browser(), "dave").await;
        assert_eq!(agent.status(), StatusCode::BAD_REQUEST, "{env:?}");
        assert_eq!(set_cookie(&agent, "mutu_session"), None, "{env:?}: nothing opened for the agent");
        let pool = sqlx::SqlitePool::connect(&site.app.database_url()).await.expect("connection");
        let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions").fetch_one(&pool).await.expect("count");
        pool.close().await;
        assert_eq!(sessions, 0, "{env:?}: no session of any kind");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_identity_without_an_account_is_told_to_ask_an_administrator() {
    let Some(site) = Site::start(&[]).await else { return };
    let (callback, pending) = site.sign_in_at_provider("bob").await;
    let says = "Aucun compte mutu pour bob.durand@exemple.fr : demandez à un administrateur";
    site.refused(&callback, Some(&pending), StatusCode::FORBIDDEN, says).await;
    assert_eq!(site.sessions().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_provider_there_is_no_door() {
    let app = app().await;
    for path in mutu_web::oidc::PATHS {
        let reply = app.get(path, None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
    }
    let page = app.get("/connexion", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("/connexion/oidc") && !page.body.contains("ProConnect"), "{}", page.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passwords_can_be_switched_off() {
    let app = app().await.with_config(|config| config.password_login = false);
    let hash = mutu_app::passwords::hash_password("mot de passe de test").expect("hash");
    app.state.store.create_user("lead@mutu.test", Role::Lead, &hash).await.expect("user");
    let page = app.get("/connexion", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("type=\"password\""), "no password field: {}", page.body);
    let token = "jeton-du-formulaire";
    let form = [("csrf", token), ("email", "lead@mutu.test"), ("password", "mot de passe de test")];
    let refused = app.post_form("/connexion", Some(&format!("mutu_login={token}")), &form).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("désactivée"), "{}", refused.body);
    assert_eq!(refused.session_cookie(), None, "the right password opens nothing");
}

/// A fresh browser of its own (another agent's), redirects followed by hand.
fn another_browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().expect("browser")
}

/// `account` goes through the respondents' door in `browser`; returns mutu's answer to the
/// provider's callback.
async fn respondent_door(site: &Site, browser: &reqwest::Client, account: &str) -> reqwest::Response {
    let door = browser.get(site.url("/reponse/oidc")).send().await.expect("door");
    assert_eq!(door.status(), StatusCode::SEE_OTHER);
    let callback = provider_trip(browser, &location(&door), account).await;
    assert_eq!(callback.path(), "/oidc/retour");
    browser.get(callback).send().await.expect("callback")
}

/// EPCI 200043396 of the test wave, whose agents dave and erin are at the provider.
const MAUBEUGE: &str = "200043396";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_agents_of_one_body_reach_its_answer_without_an_invitation_link() {
    let Some(site) = Site::start(&[]).await else { return };
    site.app.open_wave().await;
    let welcome = site.get("/").await.text().await.unwrap();
    assert!(welcome.contains("href=\"/reponse/oidc\""), "the public entry offers the respondents' door");

    let dave = another_browser();
    let landed = respondent_door(&site, &dave, "dave").await;
    assert_eq!(landed.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&landed), "/reponse");
    let session = format!("mutu_session={}", set_cookie(&landed, "mutu_session").expect("a respondent session"));
    let own = dave.get(site.url("/reponse")).send().await.unwrap().text().await.unwrap();
    assert!(own.contains("CA Maubeuge Val de Sambre"), "dave lands on his body's answer: {own}");
    // Dave saves through the answers' API, as the form's script does.
    let url = format!("/api/v1/campaigns/npdc-2014/answers/{MAUBEUGE}");
    let draft = serde_json::json!({"answers": {"themes": ["culture"]}});
    let saved = site.app.json("PUT", &url, Some(&session), Some("\"0\""), Some(draft.clone())).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.json()["version"], 1);

    // Erin, another agent of the same EPCI, reaches the same answer; a save from a stale
    // version is refused (no lost update), from the current one accepted.
    let erin = another_browser();
    let landed = respondent_door(&site, &erin, "erin").await;
    let session = format!("mutu_session={}", set_cookie(&landed, "mutu_session").expect("erin's session"));
    let stale = site.app.json("PUT", &url, Some(&session), Some("\"0\""), Some(draft.clone())).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let current = site.app.json("PUT", &url, Some(&session), Some("\"1\""), Some(draft)).await;
    assert_eq!(current.status, StatusCode::OK, "{}", current.body);
    assert_eq!(current.json()["version"], 2);
    // Her session is her body's only: another EPCI's answers stay the uniform 404.
    let other = site.app.target_codes().await.into_iter().find(|c| c != MAUBEUGE).expect("another EPCI");
    let forged =
        site.app.json("GET", &format!("/api/v1/campaigns/npdc-2014/answers/{other}"), Some(&session), None, None).await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_whose_body_no_open_wave_holds_gets_a_clear_page_and_the_lead_sees_it() {
    let Some(site) = Site::start(&[]).await else { return };
    site.app.open_wave().await;
    // alice's SIREN (215903501) is no target of the EPCI wave; bob's identity has no SIRET.
    let refused = respondent_door(&site, &another_browser(), "alice").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "a page that says why, not the uniform 404");
    assert_eq!(set_cookie(&refused, "mutu_session"), None, "nothing opened");
    let page = refused.text().await.unwrap();
    assert!(page.contains("SIREN 215903501"), "{page}");
    let bob = respondent_door(&site, &another_browser(), "bob").await;
    assert_eq!(bob.status(), StatusCode::FORBIDDEN);
    assert_eq!(set_cookie(&bob, "mutu_session"), None);
    assert!(bob.text().await.unwrap().contains("ne porte pas de numéro SIRET"));

    let lead = site.app.user_cookie("responsable@mutu.test", Role::Lead).await;
    let home = site.app.get("/", Some(&lead)).await;
    assert!(home.body.contains("Connexions ProConnect sans enquête ouverte"), "{}", home.body);
    assert!(home.body.contains(ALICE) && home.body.contains("SIREN 215903501"));
    assert!(home.body.contains("bob.durand@exemple.fr"));
}

/// In headless Chromium, `account` picks itself on the test provider's sign-in form (the
/// provider's page without `?account=`: a select and a button), as a person would.
async fn sign_in_at_the_provider_in_chromium(client: &fantoccini::Client, account: &str) {
    use fantoccini::Locator;
    let select = client.wait().for_element(Locator::Css("select[name=account]")).await.expect("the provider's form");
    select.select_by_label(account).await.expect("choose the account");
    client.find(Locator::Css("form button")).await.expect("button").click().await.expect("sign in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_chromium_agents_and_a_lead_sign_in_through_the_provider() {
    use fantoccini::Locator;
    if !crate::chromium::chromium_or_skip("ProConnect in Chromium") {
        return;
    }
    let Some(site) = Site::start(&[]).await else { return };
    site.app.open_wave().await;
    let driver = crate::chromium::Driver::start();

    // Two agents of EPCI 200043396, each in a browser of their own, from the public entry page
    // to the body's answer, the same one; an agent of a body no open wave holds gets the page
    // that says so, and no session.
    for (account, lands) in [("dave", true), ("erin", true), ("alice", false)] {
        let profile = tempfile::tempdir().expect("profile");
        let client = driver.session(profile.path()).await;
        client.goto(&format!("{}/", site.base)).await.expect("goto");
        let door = client.find(Locator::Id("proconnect-reponse")).await.expect("the respondents' door");
        door.click().await.expect("click");
        sign_in_at_the_provider_in_chromium(&client, account).await;
        if lands {
            client.wait().for_url(&site.url("/reponse")).await.expect("back on the body's answer");
            let page = client.source().await.expect("page");
            assert!(page.contains("CA Maubeuge Val de Sambre"), "{account}: {page}");
        } else {
            let page = client.wait().for_element(Locator::Css("p.notice.warn")).await.expect("the page that says why");
            assert!(page.text().await.expect("text").contains("SIREN 215903501"), "{account}");
            assert!(client.get_named_cookie("mutu_session").await.is_err(), "{account}: no session");
        }
        client.close().await.expect("close");
    }

    // A lead, from the login page to the waves, without a password (another browser: the
    // provider remembers alice the agent in hers).
    let profile = tempfile::tempdir().expect("profile");
    let client = driver.session(profile.path()).await;
    client.goto(&format!("{}/connexion", site.base)).await.expect("goto");
    client.find(Locator::Id("proconnect")).await.expect("the leads' door").click().await.expect("click");
    sign_in_at_the_provider_in_chromium(&client, "alice").await;
    client.wait().for_url(&site.url("/")).await.expect("back on the home page");
    let home = client.source().await.expect("page");
    assert!(home.contains(ALICE) && home.contains("Enquête NPDC 2014"), "{home}");
    client.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_of_a_commune_reaches_its_answer_by_the_communes_siren() {
    // gina's SIRET (21620041000017) begins with the SIREN of Arras, 216200410, whose target in
    // a commune wave is its INSEE code, 62041: the referential leads from one to the other.
    use mutu_domain::codes::Siren;
    let Some(site) = Site::start(&[]).await else { return };
    site.app.open_wave().await;
    let store = &site.app.state.store;
    let csv = std::fs::read(crate::common::fixture("territory.csv")).expect("fixture");
    let mut territory = mutu_import::read_territory_csv("territory.csv", &csv).expect("fixture territory");
    let communes = mutu_domain::testing::WaveBuilder::new("communes-2025")
        .name("Enquête communes 2025")
        .level(mutu_domain::campaign::TargetLevel::Commune)
        .targets_from(&territory)
        .build();
    store.create_campaign(&communes).await.expect("commune wave");
    store.set_campaign_state(&communes.code, mutu_domain::lifecycle::CampaignState::Open).await.expect("open");

    // While the referential does not give Arras's SIREN, gina's body is found nowhere.
    let refused = respondent_door(&site, &another_browser(), "gina").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(set_cookie(&refused, "mutu_session"), None, "nothing opened");
    assert!(refused.text().await.unwrap().contains("SIREN 216200410"));

    // The referential gives it (as the bundled one does, or a territory CSV's `siren` column).
    let arras = territory.communes.iter_mut().find(|c| c.code.as_str() == "62041").expect("Arras in the fixture");
    arras.siren = Some(Siren::parse("216200410").expect("SIREN"));
    store.import_territory(&territory).await.expect("import with the SIREN");
    assert_eq!(store.commune_by_siren("216200410").await.unwrap().map(String::from).as_deref(), Some("62041"));

    let gina = another_browser();
    let landed = respondent_door(&site, &gina, "gina").await;
    assert_eq!(landed.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&landed), "/reponse");
    let session = format!("mutu_session={}", set_cookie(&landed, "mutu_session").expect("a respondent session"));
    let own = gina.get(site.url("/reponse")).send().await.unwrap().text().await.unwrap();
    assert!(own.contains("Arras") && own.contains("Enquête communes 2025"), "gina lands on Arras's answer: {own}");
    let url = "/api/v1/campaigns/communes-2025/answers/62041";
    let draft = serde_json::json!({"answers": {"themes": ["culture"]}});
    let saved = site.app.json("PUT", url, Some(&session), Some("\"0\""), Some(draft)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    // Her session is her commune's only: the EPCI of Arras in the other wave, or another
    // commune, stays the uniform 404.
    for other in ["/api/v1/campaigns/npdc-2014/answers/200033579", "/api/v1/campaigns/communes-2025/answers/59350"] {
        assert_eq!(
            site.app.json("GET", other, Some(&session), None, None).await.status,
            StatusCode::NOT_FOUND,
            "{other}"
        );
    }

    // An EPCI's agent still lands on the EPCI's answer, though a newer wave is open.
    let dave = another_browser();
    let landed = respondent_door(&site, &dave, "dave").await;
    assert_eq!(landed.status(), StatusCode::SEE_OTHER);
    let own = dave.get(site.url("/reponse")).send().await.unwrap().text().await.unwrap();
    assert!(own.contains("CA Maubeuge Val de Sambre") && own.contains("Enquête NPDC 2014"), "{own}");
}

/// The anti-forgery token of the session whose cookie is `cookie` (`mutu_session=…` or the bare value).
async fn csrf_of(site: &Site, cookie: &str) -> String {
    let token = cookie.strip_prefix("mutu_session=").unwrap_or(cookie);
    let session = site.app.state.store.session(&mutu_app::secrets::hash_token(token)).await.unwrap();
    session.expect("a live session").csrf
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_save_of_a_shared_answer_records_the_agent_who_made_it() {
    let Some(site) = Site::start(&[]).await else { return };
    site.app.open_wave().await;
    let store = &site.app.state.store;
    let code = site.app.campaign.clone();
    const DAVE: &str = "dave.leroy@agglo-maubeuge.fr";
    const ERIN: &str = "erin.roux@agglo-maubeuge.fr";

    // Dave saves a section through the form.
    let dave = another_browser();
    let landed = respondent_door(&site, &dave, "dave").await;
    let cookie = set_cookie(&landed, "mutu_session").expect("dave's session");
    let session = store.session(&mutu_app::secrets::hash_token(&cookie)).await.unwrap().expect("stored");
    assert_eq!(session.agent_email.as_deref(), Some(DAVE), "the session knows the agent");
    let section = store.campaign(&code).await.unwrap().questionnaire.sections[0].id.clone();
    let csrf = csrf_of(&site, &cookie).await;
    let form = [("csrf", csrf.as_str()), ("version", "0")];
    let saved = dave.post(site.url(&format!("/reponse/section/{section}"))).form(&form).send().await.unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER, "{}", saved.text().await.unwrap());
    assert_eq!(store.last_agent(&code, MAUBEUGE).await.unwrap().as_deref(), Some(DAVE), "dave's save names him");

    // Erin saves after him, through the answers' API: the last save names her.
    let landed = respondent_door(&site, &another_browser(), "erin").await;
    let erin = format!("mutu_session={}", set_cookie(&landed, "mutu_session").expect("erin's session"));
    let url = format!("/api/v1/campaigns/{code}/answers/{MAUBEUGE}");
    let draft = serde_json::json!({"answers": {"themes": ["culture"]}});
    let put = site.app.json("PUT", &url, Some(&erin), Some("\"1\""), Some(draft.clone())).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    assert_eq!(store.last_agent(&code, MAUBEUGE).await.unwrap().as_deref(), Some(ERIN), "erin's save names her");
    // A stale save of dave's is refused and leaves erin's name.
    let stale =
        site.app.json("PUT", &url, Some(&format!("mutu_session={cookie}")), Some("\"1\""), Some(draft.clone())).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(store.last_agent(&code, MAUBEUGE).await.unwrap().as_deref(), Some(ERIN));

    // The lead sees who made the last save on the follow-up page.
    let lead = site.app.user_cookie("responsable@mutu.test", Role::Lead).await;
    let followup = site.app.get(&format!("/vagues/{code}?q={MAUBEUGE}"), Some(&lead)).await;
    assert_eq!(followup.status, StatusCode::OK);
    assert!(followup.body.contains(&format!("{ERIN} (agent, ProConnect)")), "{}", followup.body);

    // A save through an invitation link names nobody.
    site.app.invite(&code, MAUBEUGE, "lien-de-maubeuge").await;
    let link = site.app.enter("lien-de-maubeuge").await;
    let put = site.app.json("PUT", &url, Some(&link), Some("\"2\""), Some(draft)).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    assert_eq!(store.last_agent(&code, MAUBEUGE).await.unwrap(), None);
    let link_session = store.session(&mutu_app::secrets::hash_token(link.trim_start_matches("mutu_session="))).await;
    assert_eq!(link_session.unwrap().expect("link session").agent_email, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_lets_a_whole_email_domain_in_as_viewers() {
    let Some(site) = Site::start(&[]).await else { return };
    let store = &site.app.state.store;
    // Without the domain registered, bob has no account.
    let (callback, pending) = site.sign_in_at_provider("bob").await;
    site.refused(&callback, Some(&pending), StatusCode::FORBIDDEN, "Aucun compte mutu pour bob.durand@exemple.fr")
        .await;

    // An administrator registers the domain on the accounts page.
    let admin = site.app.user_cookie("admin@mutu.test", Role::Admin).await;
    let csrf = csrf_of(&site, &admin).await;
    let bad =
        site.app.post_form("/utilisateurs/domaines", Some(&admin), &[("csrf", &csrf), ("domain", "exemple")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("n&#x27;est pas un nom de domaine") || bad.body.contains("n'est pas un nom de domaine"));
    let added =
        site.app.post_form("/utilisateurs/domaines", Some(&admin), &[("csrf", &csrf), ("domain", "Exemple.fr")]).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = site.app.get("/utilisateurs", Some(&admin)).await;
    assert!(page.body.contains("<th scope=\"row\">exemple.fr</th>"), "{}", page.body);
    // A lead cannot.
    let lead = site.app.user_cookie("responsable@mutu.test", Role::Lead).await;
    let lead_csrf = csrf_of(&site, &lead).await;
    let forbidden = site
        .app
        .post_form("/utilisateurs/domaines", Some(&lead), &[("csrf", &lead_csrf), ("domain", "autre.fr")])
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

    // Bob signs in and is a viewer, made on the spot, who cannot sign in with a password.
    let (callback, _) = site.sign_in_at_provider("bob").await;
    let back = site.browser.get(callback).send().await.unwrap();
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&back), "/");
    let bob = set_cookie(&back, "mutu_session").expect("bob's session");
    let account = store.user_by_email("bob.durand@exemple.fr").await.unwrap().expect("an account made");
    assert_eq!(account.role, Role::Viewer);
    assert!(!mutu_app::passwords::verify_password("", &account.password_hash), "no password opens it");
    let home = site.get("/").await;
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.unwrap().contains("bob.durand@exemple.fr"));
    let bob_csrf = csrf_of(&site, &bob).await;
    let lead_post = site.browser.post(site.url("/vagues/npdc-2014/ouvrir")).form(&[("csrf", bob_csrf.as_str())]);
    assert_eq!(lead_post.send().await.unwrap().status(), StatusCode::FORBIDDEN, "a viewer, not a lead");
    let audit = store.audit_entries(50).await.unwrap();
    for action in ["user.domain.add", "user.add.viewer.domain"] {
        assert!(audit.iter().any(|e| e.action == action), "{action} in {audit:?}");
    }

    // Removed, the domain lets nobody in any more (bob's account stays, removable by hand:
    // once it is removed, bob is refused again).
    let removed = site
        .app
        .post_form("/utilisateurs/domaines/supprimer", Some(&admin), &[("csrf", &csrf), ("domain", "exemple.fr")])
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(store.audit_entries(50).await.unwrap().iter().any(|e| e.action == "user.domain.remove"));
    assert!(store.viewer_domains().await.unwrap().is_empty());
    let other = reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap();
    let door = other.get(site.url("/connexion/oidc")).send().await.unwrap();
    store.delete_user(account.id).await.unwrap();
    let callback = provider_trip(&other, &location(&door), "bob").await;
    let refused = other.get(callback).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "no account, no domain");
    assert_eq!(set_cookie(&refused, "mutu_session"), None);
}
