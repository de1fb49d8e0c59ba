//! The authorisation matrix, generated from the route table (`mutu_web::route_table()`):
//! every route × anonymous / respondent A / respondent B / viewer / lead / administrator, with
//! the path's parameters filled with A's own objects, B's, the other wave's and unknown ones.
//! The expected answer comes from the route's declared [`Access`], never from a list of
//! statuses written here: allowed → neither 401, 403, 404 nor 5xx, nor the login page;
//! refused → the login redirect, the one 403 page, or the one 404 body (byte for byte, the
//! same as an unknown URL's; the API's JSON 404 for the API).
//!
//! The scenario is shared with the sweeps of `sweeps.rs`: two open waves (`npdc-2014`
//! unpublished, `npdc-2015` published with the seed's answers), respondents A and B of
//! `npdc-2014` with their invitation sessions and submitted answers, a live link of A's body in the other wave, a viewer, a lead and an
//! administrator (sessions opened directly), an interview and a spare account.

use crate::common::{Reply, TestApp, app};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use mutu_domain::codes::{CampaignCode, CatalogueCode};
use mutu_domain::groups::{NewGroup, Subject};
use mutu_domain::lifecycle::Role;
use mutu_domain::qualitative::{BodyType, Interview, Organisation, Person};
use mutu_web::routes::{Access, Forgery, RouteInfo};
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// Invitation tokens of the scenario (the store keeps their hashes).
pub const TOKEN_A: &str = "jeton-du-repondant-a-0123456789";
const TOKEN_B: &str = "jeton-du-repondant-b-0123456789";
const TOKEN_OTHER_WAVE: &str = "jeton-de-a-dans-l-autre-vague-01";

/// The id of the published wave's first figure, found in the first scenario built.
static FIGURE: OnceLock<String> = OnceLock::new();

/// The six kinds of visitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// No session.
    Anonymous,
    /// Respondent A's invitation session (wave `npdc-2014`).
    A,
    /// Respondent B's invitation session (same wave, another body).
    B,
    /// A read-only study-side user.
    Viewer,
    /// A study lead.
    Lead,
    /// An administrator.
    Admin,
}

/// Every kind of visitor, in the order the matrix runs them.
pub const EVERYONE: [Who; 6] = [Who::Anonymous, Who::A, Who::B, Who::Viewer, Who::Lead, Who::Admin];

/// What fills a path's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Objects {
    /// A's own: wave `npdc-2014`, A's body, A's link.
    OwnA,
    /// B's: same wave, B's body, B's link.
    OwnB,
    /// The other (published) wave, with A's body code and A's link there.
    OtherWave,
    /// Codes nobody has.
    Unknown,
}

const ALL_OBJECTS: [Objects; 4] = [Objects::OwnA, Objects::OwnB, Objects::OtherWave, Objects::Unknown];

/// A visitor: its cookie and the anti-forgery token of its session.
pub struct Identity {
    /// Which one.
    pub who: Who,
    /// `mutu_session=…`, when it has a session.
    pub cookie: Option<String>,
    /// Its session's anti-forgery token.
    pub csrf: Option<String>,
}

/// The shared scenario.
pub struct Scenario {
    /// The application.
    pub app: TestApp,
    /// `npdc-2015`, published.
    pub other_wave: CampaignCode,
    /// A's and B's body codes.
    pub targets: (String, String),
    /// A's and B's body names.
    names: (String, String),
    /// The six visitors, in [`EVERYONE`]'s order.
    pub identities: Vec<Identity>,
    section: String,
    figure: String,
    spare_user: i64,
    /// A working group of the unpublished wave with A's body and a third one (not B's).
    pub group: i64,
    /// A « lien perdu » request for A's body in each wave (unpublished, published).
    link_requests: (i64, i64),
}

async fn csrf_of(app: &TestApp, cookie: &str) -> String {
    let hash = mutu_app::secrets::hash_token(cookie.trim_start_matches("mutu_session="));
    app.state.store.session(&hash).await.expect("store").expect("session").csrf
}

/// Builds the scenario on a fresh database.
pub async fn scenario() -> Scenario {
    let app = app().await;
    let store = &app.state.store;
    app.open_wave().await;
    let other_wave = app.add_wave("npdc-2015").await;
    store.set_campaign_state(&other_wave, mutu_domain::lifecycle::CampaignState::Open).await.expect("open");
    store.publish(&other_wave).await.expect("publish");
    // The published wave has the seed's answers, so that it has figures to embed.
    let definition = store.campaign(&other_wave).await.expect("campaign");
    let text = std::fs::read_to_string(crate::common::fixture("responses.jsonl")).expect("fixture");
    let answers =
        mutu_import::read_responses("responses.jsonl", &text, &definition, mutu_domain::answers::Required::Reported)
            .expect("answers")
            .responses;
    store.import_responses(&other_wave, &answers).await.expect("import");
    let codes = app.target_codes().await;
    let targets = (codes[0].clone(), codes[1].clone());
    app.invite(&app.campaign, &targets.0, TOKEN_A).await;
    app.invite(&app.campaign, &targets.1, TOKEN_B).await;
    app.invite(&other_wave, &targets.0, TOKEN_OTHER_WAVE).await;
    let pending = mutu_storage::LinkRequestState::Pending;
    let link_requests = (
        store.add_link_request(&app.campaign, &targets.0, "agent@a.test", pending).await.expect("request"),
        store.add_link_request(&other_wave, &targets.0, "agent@a.test", pending).await.expect("request"),
    );
    let organisation =
        Organisation { name: "Conseil régional".into(), in_territory: true, body_type: BodyType::Region };
    let person = Person {
        key: "region-1".into(),
        organisation: organisation.name.clone(),
        name: String::new(),
        role: "Chargée de mission".into(),
        email: None,
    };
    store.import_actors(&[organisation], &[person]).await.expect("actors");
    let interview = Interview {
        code: "E01".into(),
        organisation: "Conseil régional".into(),
        date: "2014-05-12".into(),
        duration_minutes: 60,
        participants: vec![],
        notes: "Notes de l'équipe".into(),
    };
    store.import_interviews(&[interview]).await.expect("interview");
    // A's and B's answers are submitted (a lead may reopen them), and so is A's body's in the
    // other wave.
    for (wave, target) in [(&app.campaign, &targets.0), (&app.campaign, &targets.1), (&other_wave, &targets.0)] {
        if store.response(wave, target).await.expect("read").is_none() {
            store.save_draft(wave, target, &Default::default(), 0).await.expect("draft");
        }
        store.submit(wave, target).await.expect("submit");
    }
    let spare_user = store.create_user("compte-de-rechange@mutu.test", Role::Viewer, "x").await.expect("user");
    let campaign = store.campaign(&app.campaign).await.expect("campaign");
    let subject = Subject::Service(CatalogueCode::parse("site_internet").expect("code"));
    let members = [targets.0.as_str(), codes[2].as_str()];
    let group = NewGroup::new(&campaign, "Groupe de A", subject, &members).expect("group");
    let group = store.create_group(&group).await.expect("create group");
    let mut identities = vec![Identity { who: Who::Anonymous, cookie: None, csrf: None }];
    for (who, token) in [(Who::A, TOKEN_A), (Who::B, TOKEN_B)] {
        let cookie = app.enter(token).await;
        identities.push(Identity { who, csrf: Some(csrf_of(&app, &cookie).await), cookie: Some(cookie) });
    }
    for (who, role) in [(Who::Viewer, Role::Viewer), (Who::Lead, Role::Lead), (Who::Admin, Role::Admin)] {
        let cookie = app.user_cookie(&format!("{}@mutu.test", role.code()), role).await;
        identities.push(Identity { who, csrf: Some(csrf_of(&app, &cookie).await), cookie: Some(cookie) });
    }
    // The first figure of the published wave (the same in every scenario: read once).
    let figure = match FIGURE.get() {
        Some(figure) => figure.clone(),
        None => {
            let public = app.get(&format!("/public/{other_wave}"), None).await;
            assert_eq!(public.status, StatusCode::OK, "the published wave's page");
            let start = public.body.find("href=\"#figure-").expect("an embeddable figure") + "href=\"#figure-".len();
            let id: String = public.body[start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            FIGURE.get_or_init(|| id).clone()
        }
    };
    let name = |code: &str| campaign.targets.iter().find(|t| t.code == code).expect("target").name.clone();
    let names = (name(&targets.0), name(&targets.1));
    let section = campaign.questionnaire.sections[0].id.clone();
    Scenario { app, other_wave, targets, names, identities, section, figure, spare_user, group, link_requests }
}

impl Scenario {
    /// `route`'s path with its parameters filled for `objects`.
    pub fn url(&self, route: &RouteInfo, objects: Objects) -> String {
        let unknown = objects == Objects::Unknown;
        let wave = match objects {
            Objects::OwnA | Objects::OwnB => self.app.campaign.to_string(),
            Objects::OtherWave => self.other_wave.to_string(),
            Objects::Unknown => "vague-inconnue".into(),
        };
        let path = route.path;
        let value = |name: &str| -> String {
            match name {
                "code" if path.starts_with("/qualitatif/entretiens/") => (if unknown { "E99" } else { "E01" }).into(),
                "code" => wave.clone(),
                "respondent" => match objects {
                    Objects::OwnB => self.targets.1.clone(),
                    Objects::Unknown => "999999999".into(),
                    _ => self.targets.0.clone(),
                },
                "token" => match objects {
                    Objects::OwnA => TOKEN_A.into(),
                    Objects::OwnB => TOKEN_B.into(),
                    Objects::OtherWave => TOKEN_OTHER_WAVE.into(),
                    Objects::Unknown => "jeton-inconnu-0000000000000000".into(),
                },
                "section" => (if unknown { "inconnue" } else { self.section.as_str() }).into(),
                "service" => (if unknown { "inconnu" } else { "site_internet" }).into(),
                "file" if path.contains("/graphiques/") => {
                    format!("{}.svg", if unknown { "inconnue" } else { self.figure.as_str() })
                }
                "file" => (if unknown { "inconnu.pdf" } else { "rapport.html" }).into(),
                "id" if path.starts_with("/groupes/") => (if unknown { 999_999 } else { self.group }).to_string(),
                "id" if path.contains("/liens-perdus/") => match objects {
                    Objects::OtherWave => self.link_requests.1.to_string(),
                    Objects::Unknown => "999999".into(),
                    _ => self.link_requests.0.to_string(),
                },
                "id" if path.starts_with("/utilisateurs/") => {
                    (if unknown { 999_999 } else { self.spare_user }).to_string()
                }
                "id" => (if unknown { "inconnue" } else { self.figure.as_str() }).into(),
                other => panic!("{path}: no value for the parameter {{{other}}}: teach the matrix"),
            }
        };
        let mut url = String::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').expect("closed parameter") + open;
            url.push_str(&rest[..open]);
            url.push_str(&value(&rest[open + 1..close]));
            rest = &rest[close + 1..];
        }
        url.push_str(rest);
        url
    }

    /// The distinct URLs of `route`, with the objects each stands for.
    pub fn urls(&self, route: &RouteInfo) -> Vec<(Objects, String)> {
        let mut seen = BTreeSet::new();
        ALL_OBJECTS.iter().map(|o| (*o, self.url(route, *o))).filter(|(_, url)| seen.insert(url.clone())).collect()
    }

    /// The request `who` sends to `url` through `route`, as a legitimate client of the route
    /// would (its session's token, a JSON body, the login form's cookie).
    pub fn request(&self, route: &RouteInfo, url: &str, who: Who) -> Request<Body> {
        let identity = &self.identities[EVERYONE.iter().position(|w| *w == who).expect("identity")];
        let mut cookies: Vec<String> = identity.cookie.iter().cloned().collect();
        let mut builder = Request::builder().method(route.method.clone()).uri(url);
        let body = match route.forgery {
            Forgery::ReadOnly => String::new(),
            Forgery::SessionToken => {
                let mut form = form_urlencoded::Serializer::new(String::new());
                form.append_pair("csrf", identity.csrf.as_deref().unwrap_or_default());
                form.extend_pairs(named_in_body(route.path)).finish()
            }
            Forgery::LoginCookie => {
                cookies.push("mutu_login=jeton-du-formulaire".into());
                // One unknown email per visitor: the login throttle counts failures per email.
                format!("csrf=jeton-du-formulaire&email=inconnu-{who:?}%40mutu.test&password=x")
            }
            Forgery::Harmless => "lang=fr".into(),
            Forgery::JsonBody => {
                builder = builder.header("content-type", "application/json").header("if-match", "\"0\"");
                r#"{"answers": {}}"#.into()
            }
        };
        if !matches!(route.forgery, Forgery::JsonBody | Forgery::ReadOnly) {
            builder = builder.header("content-type", "application/x-www-form-urlencoded");
        }
        if !cookies.is_empty() {
            builder = builder.header("cookie", cookies.join("; "));
        }
        builder.body(Body::from(body)).expect("request")
    }
}

/// The object a form names in its body rather than in its path (the qualitative actors).
fn named_in_body(path: &str) -> Vec<(&'static str, &'static str)> {
    match path {
        "/qualitatif/acteurs/organisation" => vec![("nom_actuel", "Conseil régional"), ("nom", "Conseil régional")],
        "/qualitatif/acteurs/organisation/supprimer" => vec![("nom", "Conseil régional")],
        "/qualitatif/acteurs/personnes" => vec![("organisation", "Conseil régional")],
        "/qualitatif/acteurs/personnes/supprimer" => vec![("cle", "region-1")],
        _ => vec![],
    }
}

/// What a visitor should get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// Served (or a redirect inside the product, a 4xx about the form's content, a 409…).
    Allowed,
    /// `303` to `/connexion`.
    Login,
    /// The one 403 page.
    Forbidden,
    /// The one 404 page.
    NotFound,
    /// A user who may act on such objects names one that does not exist: the one 404 page
    /// (a form's content may be refused first, 400 or 422, for a state change).
    Missing,
    /// The API's one JSON 404.
    ApiNotFound,
}

fn rank(who: Who) -> Option<u8> {
    match who {
        Who::Viewer => Some(0),
        Who::Lead => Some(1),
        Who::Admin => Some(2),
        Who::Anonymous | Who::A | Who::B => None,
    }
}

/// The expected answer, from the route's declared access only.
pub fn expected(route: &RouteInfo, objects: Objects, who: Who) -> Expected {
    let unknown = objects == Objects::Unknown;
    let found = |ok: bool| if ok { Expected::Allowed } else { Expected::NotFound };
    match route.access {
        // The ProConnect routes exist only where a provider is configured, and the scenario
        // has none (`tests/web/oidc.rs` drives them against a real provider).
        Access::Public if mutu_web::oidc::PATHS.contains(&route.path) => Expected::NotFound,
        Access::Public => Expected::Allowed,
        Access::Published => found(objects == Objects::OtherWave),
        Access::Invitation => found(!unknown),
        Access::Respondent => found(matches!(who, Who::A | Who::B) && !unknown),
        Access::OwnAnswers => match (who, objects) {
            (Who::A, Objects::OwnA) | (Who::B, Objects::OwnB) => Expected::Allowed,
            _ => Expected::ApiNotFound,
        },
        Access::Viewer | Access::Lead | Access::Admin => {
            let needed = match route.access {
                Access::Viewer => 0,
                Access::Lead => 1,
                _ => 2,
            };
            match rank(who) {
                None => Expected::Login,
                Some(r) if r < needed => Expected::Forbidden,
                Some(_) if unknown => Expected::Missing,
                Some(_) => Expected::Allowed,
            }
        }
    }
}

/// The one body of each refusal, learnt from the first and compared with every other.
#[derive(Default)]
pub struct Refusals {
    not_found: Option<String>,
    forbidden: Option<String>,
    api_not_found: Option<String>,
}

impl Refusals {
    /// Starts with the 404 of a URL that matches no route: every 404 must be that one.
    pub async fn new(app: &TestApp) -> Self {
        let unknown = app.get("/nulle-part", None).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        Refusals { not_found: Some(unknown.body), ..Refusals::default() }
    }

    /// Checks `reply` against `expected`; the message names the case.
    pub fn check(&mut self, case: &str, expected: Expected, reply: &Reply, reads: bool) {
        let same = |slot: &mut Option<String>, body: &str| {
            let first = slot.get_or_insert_with(|| body.to_owned());
            assert_eq!(first.as_str(), body, "{case}: the refusal must be the same byte for byte");
        };
        let status = reply.status.as_u16();
        match expected {
            Expected::Allowed => {
                assert!(
                    !matches!(status, 401 | 403 | 404) && status < 500,
                    "{case}: allowed, got {status}: {}",
                    reply.body
                );
                assert_ne!(reply.header("location"), Some("/connexion"), "{case}: allowed, sent to the login page");
            }
            Expected::Login => {
                assert_eq!(status, 303, "{case}: login expected: {}", reply.body);
                assert_eq!(reply.header("location"), Some("/connexion"), "{case}");
            }
            Expected::Forbidden => {
                assert_eq!(status, 403, "{case}: 403 expected: {}", reply.body);
                same(&mut self.forbidden, &reply.body);
            }
            Expected::Missing if !reads && matches!(status, 400 | 422) => {}
            Expected::NotFound | Expected::Missing => {
                assert_eq!(status, 404, "{case}: 404 expected: {}", reply.body);
                same(&mut self.not_found, &reply.body);
            }
            Expected::ApiNotFound => {
                assert_eq!(status, 404, "{case}: JSON 404 expected: {}", reply.body);
                assert!(reply.header("content-type").is_some_and(|c| c.starts_with("application/json")), "{case}");
                same(&mut self.api_not_found, &reply.body);
            }
        }
    }
}

/// Every route × every visitor × every set of objects; a state-changing route that a visitor
/// may use runs on a fresh scenario of its own, so one visitor's change (a deletion, a
/// logout) never decides another's answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_each_visitor_as_its_access_declares() {
    let table = mutu_web::route_table();
    let routes = table.infos();
    let mut visited = BTreeSet::new();
    let mut cases = 0;
    let mut own_names_seen = 0;
    let mut refusals = Refusals::new(&scenario().await.app).await;
    for route in routes {
        let shared = scenario().await;
        for (objects, url) in shared.urls(route) {
            for who in EVERYONE {
                let expected = expected(route, objects, who);
                let changes = route.method != axum::http::Method::GET && expected == Expected::Allowed;
                let own;
                let s = if changes {
                    own = scenario().await;
                    &own
                } else {
                    &shared
                };
                let reply = s.app.send(s.request(route, &url, who)).await;
                let case = format!("{} {url} ({}) as {who:?} [{objects:?}]", route.method, route.path);
                refusals.check(&case, expected, &reply, route.method == axum::http::Method::GET);
                crate::sweeps::check_headers(route, &case, &reply);
                if matches!(route.access, Access::Respondent | Access::OwnAnswers) && matches!(who, Who::A | Who::B) {
                    // A respondent's pages never show the other body.
                    let (own, other) = if who == Who::A { (&s.names.0, &s.names.1) } else { (&s.names.1, &s.names.0) };
                    assert!(!reply.body.contains(other.as_str()), "{case}: shows {other}");
                    own_names_seen += usize::from(reply.body.contains(own.as_str()));
                }
                cases += 1;
            }
        }
        visited.insert((route.method.clone(), route.path));
    }
    assert_eq!(visited.len(), routes.len(), "every declared route visited, each once");
    assert!(own_names_seen > 0, "the respondents' pages show their own body (so the check above can fail)");
    println!("authorisation matrix: {} routes, {cases} route × visitor × object cases", routes.len());
}
