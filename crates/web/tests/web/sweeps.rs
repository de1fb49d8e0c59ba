//! Sweeps generated from the route table: every state-changing route refuses a forged
//! request and changes nothing; no `GET` changes anything, whoever sends it; every response
//! carries the security headers; and no route escapes the table.
//!
//! "Changes nothing" is checked on a dump of every table of the SQLite database (every row,
//! every column), taken before and after. What a read legitimately writes is listed once,
//! in [`BOOKKEEPING`], and nowhere else (the invitation link apart: opening a session is
//! its purpose).

use crate::common::{Reply, TestApp};
use crate::matrix::{EVERYONE, Objects, Scenario, Who, scenario};
use axum::body::Body;
use axum::http::{Method, Request};
use mutu_web::routes::{Access, Forgery, RouteInfo};
use sqlx::Row;
use std::collections::BTreeMap;

/// Session bookkeeping a read may write: the last-seen time of a session (touched at most
/// once a minute), left out of every dump.
const BOOKKEEPING: &[(&str, &str)] = &[("sessions", "last_seen_at")];

/// Every row of every table, as text, sorted; `skip_tables` left out.
pub async fn dump(app: &TestApp, skip_tables: &[&str]) -> BTreeMap<String, Vec<String>> {
    let pool = sqlx::SqlitePool::connect(&app.database_url()).await.expect("second connection");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&pool)
    .await
    .expect("tables");
    let mut out = BTreeMap::new();
    for table in tables.into_iter().filter(|t| !skip_tables.contains(&t.as_str())) {
        let columns: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA table_info(\"{table}\")")))
            .fetch_all(&pool)
            .await
            .expect("columns")
            .iter()
            .map(|r| r.get::<String, _>(1))
            .filter(|c| !BOOKKEEPING.contains(&(table.as_str(), c.as_str())))
            .collect();
        let row = columns.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(" || '|' || ");
        let sql = format!("SELECT {row} FROM \"{table}\"");
        let mut rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(&pool).await.expect("rows");
        rows.sort();
        out.insert(table, rows);
    }
    pool.close().await;
    out
}

/// Asserts that `before` and `after` hold the same rows, naming the first table that differs.
fn assert_same(case: &str, before: &BTreeMap<String, Vec<String>>, after: &BTreeMap<String, Vec<String>>) {
    for (table, rows) in before {
        assert_eq!(Some(rows), after.get(table), "{case} changed the table {table}");
    }
    assert_eq!(before.len(), after.len(), "{case} created a table");
}

/// The security headers every response carries; only the embeddable charts of a published
/// wave may be framed.
pub fn check_headers(route: &RouteInfo, case: &str, reply: &Reply) {
    let csp = reply.header("content-security-policy").unwrap_or_else(|| panic!("{case}: no Content-Security-Policy"));
    let directive = |name: &str| csp.split(';').map(str::trim).find(|d| d.split(' ').next() == Some(name));
    let scripts = directive("script-src").or_else(|| directive("default-src")).expect("script sources");
    assert!(!scripts.contains("unsafe-inline") && !scripts.contains("unsafe-eval"), "{case}: {csp}");
    assert!(!scripts.contains('*') && !scripts.contains("data:"), "{case}: scripts from anywhere: {csp}");
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"), "{case}");
    assert_eq!(reply.header("referrer-policy"), Some("no-referrer"), "{case}");
    let embeddable =
        route.path.starts_with("/public/{code}/graphiques/") || route.path.starts_with("/public/{code}/integrer/");
    if embeddable && reply.status.is_success() {
        assert_eq!(directive("frame-ancestors"), Some("frame-ancestors *"), "{case}");
        assert_eq!(reply.header("x-frame-options"), None, "{case}");
    } else {
        assert_eq!(directive("frame-ancestors"), Some("frame-ancestors 'none'"), "{case}: {csp}");
        assert_eq!(reply.header("x-frame-options"), Some("DENY"), "{case}");
    }
}

/// No `GET` of the table, sent by any visitor on any objects, changes a row (bookkeeping
/// apart). The invitation link's purpose is to open a session, replacing the browser's
/// own, and a dead link counts against its client's throttle: for it the sessions and the
/// throttle's events are left out, and it runs last so that every other `GET` is sent with
/// live sessions.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_get_changes_anything_whoever_sends_it() {
    let s = scenario().await;
    let table = mutu_web::route_table();
    let mut gets: Vec<&RouteInfo> = table.infos().iter().filter(|r| r.method == Method::GET).collect();
    gets.sort_by_key(|r| r.access == Access::Invitation);
    let mut requests = 0;
    for route in &gets {
        let opens_sessions = route.access == Access::Invitation;
        let skip: &[&str] = if opens_sessions { &["sessions", "throttle_event"] } else { &[] };
        let before = dump(&s.app, skip).await;
        for (objects, url) in s.urls(route) {
            for who in EVERYONE {
                let reply = s.app.send(s.request(route, &url, who)).await;
                let case = format!("GET {url} as {who:?} [{objects:?}]");
                assert!(reply.status.as_u16() < 500, "{case}: {}", reply.body);
                check_headers(route, &case, &reply);
                requests += 1;
            }
        }
        assert_same(&format!("GET {}", route.path), &before, &dump(&s.app, skip).await);
    }
    println!("no state change on GET: {} routes, {requests} requests", gets.len());
}

/// A forged version of the request a legitimate client sends: without the session's token,
/// with another session's token, without the login form's cookie, or the API's write as a
/// form (what a cross-site page can send) and without session.
fn forgeries(s: &Scenario, route: &RouteInfo, url: &str, who: Who) -> Vec<(&'static str, Request<Body>)> {
    let identity = &s.identities[EVERYONE.iter().position(|w| *w == who).expect("identity")];
    let cookie = identity.cookie.clone().unwrap_or_default();
    let other_token = s.identities.iter().rev().find(|i| i.who != who && i.csrf.is_some()).and_then(|i| i.csrf.clone());
    let form = |cookie: &str, body: String| {
        Request::builder()
            .method(route.method.clone())
            .uri(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", cookie)
            .body(Body::from(body))
            .expect("request")
    };
    match route.forgery {
        Forgery::SessionToken => vec![
            ("no token", form(&cookie, String::new())),
            ("another session's token", form(&cookie, format!("csrf={}", other_token.unwrap_or_default()))),
        ],
        Forgery::LoginCookie => {
            vec![("no login cookie", form(&cookie, "csrf=x&email=admin%40mutu.test&password=x".into()))]
        }
        Forgery::JsonBody => vec![
            ("a form, not JSON", form(&cookie, "answers=x".into())),
            (
                "no session",
                Request::builder()
                    .method(route.method.clone())
                    .uri(url)
                    .header("content-type", "application/json")
                    .header("if-match", "\"0\"")
                    .body(Body::from(r#"{"answers": {}}"#))
                    .expect("request"),
            ),
        ],
        Forgery::Harmless => vec![("language only", form(&cookie, "lang=en".into()))],
        Forgery::ReadOnly => vec![],
    }
}

/// Every POST and PUT of the table, forged, by every visitor, on the visitor's own objects:
/// refused (403 for a missing or foreign token, 415 for a form sent to the API, the login
/// page or the uniform 404 for those without the right session) and nothing changes in the
/// database. The language switch is the one public POST without a token: it changes no row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_forged_state_change_is_refused_and_changes_nothing() {
    let s = scenario().await;
    let table = mutu_web::route_table();
    let writes: Vec<&RouteInfo> = table.infos().iter().filter(|r| r.method != Method::GET).collect();
    let mut requests = 0;
    for route in &writes {
        let before = dump(&s.app, &[]).await;
        for who in EVERYONE {
            let objects = if who == Who::B { Objects::OwnB } else { Objects::OwnA };
            let url = s.url(route, objects);
            for (forgery, request) in forgeries(&s, route, &url, who) {
                let reply = s.app.send(request).await;
                let case = format!("{} {url} as {who:?}, {forgery}", route.method);
                check_headers(route, &case, &reply);
                let status = reply.status.as_u16();
                let login = status == 303 && reply.header("location") == Some("/connexion");
                match route.forgery {
                    Forgery::Harmless => assert_eq!(status, 303, "{case}"),
                    _ => assert!(login || (400..500).contains(&status), "{case}: refused expected, got {status}"),
                }
                let is_user = matches!(who, Who::Viewer | Who::Lead | Who::Admin);
                let holder = match route.access {
                    Access::Respondent | Access::OwnAnswers => matches!(who, Who::A | Who::B),
                    Access::Viewer => is_user,
                    Access::Lead => matches!(who, Who::Lead | Who::Admin),
                    Access::Admin => who == Who::Admin,
                    _ => false,
                };
                // The visitor who may use the route is refused for the forgery itself.
                if holder {
                    let want = if forgery == "a form, not JSON" {
                        415
                    } else if forgery == "no session" {
                        404
                    } else {
                        403
                    };
                    assert_eq!(status, want, "{case}: {}", reply.body);
                }
                if route.forgery == Forgery::LoginCookie {
                    assert_eq!(status, 403, "{case}");
                }
                requests += 1;
            }
        }
        assert_same(&format!("{} {}", route.method, route.path), &before, &dump(&s.app, &[]).await);
    }
    println!("forgery sweep: {} state-changing routes, {requests} forged requests, nothing changed", writes.len());
}

/// The router is built from the table only: no module registers a route behind its back.
#[test]
fn no_route_is_registered_outside_the_table() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    let mut files = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("routes.rs") {
                let text = std::fs::read_to_string(&path).expect("source");
                for forbidden in [".route(", ".route_service(", ".nest(", ".nest_service(", "Router::new()"] {
                    assert!(!text.contains(forbidden), "{}: `{forbidden}` bypasses the route table", path.display());
                }
                files += 1;
            }
        }
    }
    assert!(files > 20, "the sources were read ({files} files)");
}
