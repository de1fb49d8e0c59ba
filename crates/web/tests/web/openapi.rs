//! The OpenAPI description (`/api/v1/openapi.json`) held to the router: every operation it
//! describes reaches its real handler and answers one of its documented statuses with a body
//! of its documented schema, and every status it documents is one some request really gets;
//! the route table's `/api/` routes are exactly its operations, and the router serves no other
//! method on its paths. Schemathesis then fuzzes a live server against the same
//! document (`scripts/schemathesis.sh`); the handler bugs it found have their regression
//! tests here.

use crate::common::{self, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

fn document() -> Value {
    serde_json::from_str(mutu_web::openapi::DOCUMENT).expect("the description is JSON")
}

/// An open wave, one invited respondent, and that respondent's session cookie.
async fn entered() -> (TestApp, String, String) {
    let app = common::app().await;
    app.open_wave().await;
    let respondent = app.target_codes().await[0].clone();
    app.invite(&app.campaign, &respondent, "jeton-openapi").await;
    let cookie = app.enter("jeton-openapi").await;
    (app, respondent, cookie)
}

/// Follows a local `$ref` (`#/components/…`).
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(pointer) => {
            let target = doc.pointer(pointer.trim_start_matches('#')).unwrap_or_else(|| panic!("dangling {pointer}"));
            resolve(doc, target)
        }
        None => schema,
    }
}

/// Checks `value` against the subset of JSON Schema the description uses, and refuses any
/// keyword outside that subset (so a schema this check cannot read fails instead of passing).
fn conforms(doc: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    let schema = resolve(doc, schema);
    let Some(rules) = schema.as_object() else { return Err(format!("{at}: schema is not an object")) };
    if value.is_null() && rules.get("nullable") == Some(&json!(true)) {
        return Ok(());
    }
    for (keyword, rule) in rules {
        let ok = match keyword.as_str() {
            "description" | "example" | "format" | "nullable" | "properties" => true,
            "type" => match rule.as_str() {
                Some("object") => value.is_object(),
                Some("array") => value.is_array(),
                Some("string") => value.is_string(),
                Some("integer") => value.is_i64() || value.is_u64(),
                Some("number") => value.is_number(),
                other => return Err(format!("{at}: unsupported type {other:?}")),
            },
            "enum" => rule.as_array().is_some_and(|allowed| allowed.contains(value)),
            "minLength" => value.as_str().is_none_or(|s| s.chars().count() as u64 >= rule.as_u64().unwrap_or(0)),
            "minimum" => value.as_f64().is_none_or(|n| n >= rule.as_f64().unwrap_or(f64::MIN)),
            "required" => {
                rule.as_array().into_iter().flatten().all(|k| k.as_str().is_some_and(|k| value.get(k).is_some()))
            }
            "items" => {
                for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                    conforms(doc, rule, item, &format!("{at}[{i}]"))?;
                }
                true
            }
            "additionalProperties" => {
                let declared = rules.get("properties").and_then(Value::as_object);
                for (key, item) in value.as_object().into_iter().flatten() {
                    match declared.and_then(|d| d.get(key)) {
                        Some(property) => conforms(doc, property, item, &format!("{at}.{key}"))?,
                        None if rule == &json!(false) => return Err(format!("{at}.{key}: not in the schema")),
                        None if rule.is_object() => conforms(doc, rule, item, &format!("{at}.{key}"))?,
                        None => {}
                    }
                }
                true
            }
            "oneOf" => {
                let branches = rule.as_array().map(Vec::as_slice).unwrap_or_default();
                branches.iter().filter(|b| conforms(doc, b, value, at).is_ok()).count() == 1
            }
            other => return Err(format!("{at}: keyword {other} is not checked here")),
        };
        if !ok {
            return Err(format!("{at}: {value} breaks {keyword} {rule}"));
        }
    }
    if let (Some(properties), Some(object)) = (rules.get("properties").and_then(Value::as_object), value.as_object()) {
        for (key, property) in properties {
            if let Some(item) = object.get(key) {
                conforms(doc, property, item, &format!("{at}.{key}"))?;
            }
        }
    }
    Ok(())
}

/// The operations of the description: (path template, method, operation object).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            if method != "parameters" {
                out.push((path.clone(), method.to_uppercase(), operation.clone()));
            }
        }
    }
    out
}

#[tokio::test]
async fn the_description_is_served_publicly_as_json_with_the_security_headers() {
    let app = common::app().await;
    let reply = app.get(mutu_web::openapi::PATH, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.body, mutu_web::openapi::DOCUMENT, "the embedded document, byte for byte");
    for (name, value) in [("x-content-type-options", "nosniff"), ("cache-control", "no-store")] {
        assert_eq!(reply.header(name), Some(value), "{name}");
    }
    assert_eq!(reply.header("referrer-policy"), Some("no-referrer"));
    assert!(reply.header("content-security-policy").is_some_and(|csp| csp.contains("frame-ancestors 'none'")));
    let (_, _, cookie) = entered().await;
    let scheme = &reply.json()["components"]["securitySchemes"]["respondentSession"];
    assert_eq!(scheme["in"], "cookie");
    let name = scheme["name"].as_str().expect("cookie name");
    assert!(cookie.starts_with(&format!("{name}=")), "the scheme names the cookie the link sets: {cookie}");
}

/// One request of the tour: which operation of the description it calls, and how.
struct Call<'a> {
    path: &'a str,
    method: &'a str,
    respondent: &'a str,
    if_match: Option<&'a str>,
    content_type: Option<&'a str>,
    body: &'a str,
    expected: StatusCode,
}

impl TestApp {
    /// Sends `call` with `cookie` and holds the reply to the description: the expected status
    /// is documented for the operation, the body has the documented type and schema, and a
    /// documented ETag equals the body's version. Returns the operation and status reached.
    async fn call_described(&self, doc: &Value, cookie: &str, call: Call<'_>) -> (String, u16) {
        let uri = call.path.replace("{code}", self.campaign.as_str()).replace("{respondent}", call.respondent);
        let mut builder = Request::builder().method(call.method).uri(&uri).header("cookie", cookie);
        for (name, value) in [("if-match", call.if_match), ("content-type", call.content_type)] {
            if let Some(value) = value {
                builder = builder.header(name, value);
            }
        }
        let reply = self.send(builder.body(Body::from(call.body.to_owned())).expect("request")).await;
        let label = format!("{} {}", call.method, call.path);
        assert_eq!(reply.status, call.expected, "{label} ({:?}): {}", call.if_match, reply.body);
        let operation = &doc["paths"][call.path][call.method.to_lowercase()];
        let status = reply.status.as_u16().to_string();
        let response = resolve(doc, &operation["responses"][&status]);
        assert!(response.is_object(), "{label} answered {status}, which the description does not list");
        let content = &response["content"]["application/json"];
        assert_eq!(reply.header("content-type"), Some("application/json"), "{label} {status}");
        conforms(doc, &content["schema"], &reply.json(), "body").unwrap_or_else(|e| panic!("{label} {status}: {e}"));
        if response["headers"].get("ETag").is_some() {
            let version = reply.json()["version"].as_i64().expect("version");
            assert_eq!(reply.header("etag"), Some(format!("\"{version}\"").as_str()), "{label}");
        }
        (label, reply.status.as_u16())
    }
}

#[tokio::test]
async fn every_documented_status_is_reached_and_every_reply_conforms() {
    let (app, me, cookie) = entered().await;
    let other = app.target_codes().await[1].clone();
    let doc = document();
    let answers = "/api/v1/campaigns/{code}/answers/{respondent}";
    let submit = "/api/v1/campaigns/{code}/answers/{respondent}/submit";
    let json = Some("application/json");
    let call = |method, path, respondent, if_match, content_type, body, expected| Call {
        path,
        method,
        respondent,
        if_match,
        content_type,
        body,
        expected,
    };
    let mut support = app.state.store.campaign(&app.campaign).await.expect("wave").catalogue.support;
    let complete = json!({"answers": {
        "themes": ["culture"], "obstacles": ["cout"], "expected_support": [support.remove(0).code],
        "services": {"sig": {"status": "deployed", "mutualisation": "planned", "types": ["service_commun"]}},
    }})
    .to_string();
    // The description's example is a save the default questionnaire accepts.
    let example = doc["paths"][answers]["put"]["requestBody"]["content"]["application/json"]["example"].to_string();
    let open = [
        call("GET", mutu_web::openapi::PATH, "", None, None, "", StatusCode::OK),
        call("GET", answers, &me, None, None, "", StatusCode::OK),
        call("GET", answers, &other, None, None, "", StatusCode::NOT_FOUND),
        call("PUT", answers, &other, Some("\"0\""), json, r#"{"answers":{}}"#, StatusCode::NOT_FOUND),
        call("PUT", answers, &me, None, json, r#"{"answers":{}}"#, StatusCode::PRECONDITION_REQUIRED),
        call("PUT", answers, &me, Some("\"v1\""), json, r#"{"answers":{}}"#, StatusCode::BAD_REQUEST),
        call("PUT", answers, &me, Some("\"0\""), json, r#"{"answers":"#, StatusCode::BAD_REQUEST),
        call("PUT", answers, &me, Some("\"0\""), Some("text/plain"), "{}", StatusCode::UNSUPPORTED_MEDIA_TYPE),
        call("PUT", answers, &me, Some("\"0\""), json, r#"{"answers":{"x":1}}"#, StatusCode::UNPROCESSABLE_ENTITY),
        call("PUT", answers, &me, Some("\"0\""), json, &example, StatusCode::OK),
        call("PUT", answers, &me, Some("\"0\""), json, r#"{"answers":{}}"#, StatusCode::PRECONDITION_FAILED),
        call("GET", answers, &me, None, None, "", StatusCode::OK),
        call("POST", submit, &other, None, json, "{}", StatusCode::NOT_FOUND),
        call("POST", submit, &me, Some("*"), json, "{}", StatusCode::BAD_REQUEST),
        call("POST", submit, &me, None, None, "", StatusCode::UNSUPPORTED_MEDIA_TYPE),
        call("POST", submit, &me, Some("\"0\""), json, "{}", StatusCode::PRECONDITION_FAILED),
        call("POST", submit, &me, Some("\"1\""), json, "{}", StatusCode::UNPROCESSABLE_ENTITY),
    ];
    let mut reached = BTreeSet::new();
    for c in open {
        reached.insert(app.call_described(&doc, &cookie, c).await);
    }
    app.state
        .store
        .set_campaign_state(&app.campaign, mutu_domain::lifecycle::CampaignState::Closed)
        .await
        .expect("close");
    let closed = [
        call("PUT", answers, &me, Some("\"1\""), json, r#"{"answers":{}}"#, StatusCode::CONFLICT),
        call("POST", submit, &me, None, json, "{}", StatusCode::CONFLICT),
    ];
    for c in closed {
        reached.insert(app.call_described(&doc, &cookie, c).await);
    }
    app.open_wave().await;
    let done = [
        call("PUT", answers, &me, Some("\"1\""), json, &complete, StatusCode::OK),
        call("POST", submit, &me, Some("\"2\""), json, "{}", StatusCode::OK),
        call("POST", submit, &me, None, json, "{}", StatusCode::OK),
        call("GET", answers, &me, None, None, "", StatusCode::OK),
    ];
    for c in done {
        reached.insert(app.call_described(&doc, &cookie, c).await);
    }
    let mut documented = BTreeSet::new();
    for (path, method, operation) in operations(&doc) {
        for status in operation["responses"].as_object().expect("responses").keys() {
            let status = status.parse::<u16>().expect("numeric status");
            // 503 (read-only database) and 507 (full disk) need a broken database: the CLI
            // suite's faults tests give them through `mutu serve` (crates/mutu/tests/cli/faults.rs).
            if status < 500 {
                documented.insert((format!("{method} {path}"), status));
            }
        }
    }
    assert_eq!(reached, documented, "every status the description lists is one the API really gives");
}

#[tokio::test]
async fn every_api_path_is_described_with_exactly_the_methods_the_router_serves() {
    let (app, me, cookie) = entered().await;
    let doc = document();
    let paths: Map<String, Value> = doc["paths"].as_object().expect("paths").clone();
    let table = mutu_web::route_table();
    let declared: BTreeSet<(String, String)> = table
        .infos()
        .iter()
        .filter(|r| r.path.starts_with("/api/"))
        .map(|r| (r.method.as_str().to_owned(), r.path.to_owned()))
        .collect();
    let described: BTreeSet<(String, String)> = operations(&doc).into_iter().map(|(p, m, _)| (m, p)).collect();
    assert_eq!(declared, described, "the route table's /api/ routes are the description's operations");
    for (path, item) in &paths {
        let uri = path.replace("{code}", app.campaign.as_str()).replace("{respondent}", &me);
        for method in ["GET", "PUT", "POST", "DELETE", "PATCH"] {
            let request = Request::builder().method(method).uri(&uri).header("cookie", &cookie);
            let reply = app.send(request.body(Body::empty()).expect("request")).await;
            if item.get(method.to_lowercase()).is_some() {
                assert_ne!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path} is described");
                assert_eq!(reply.header("content-type"), Some("application/json"), "{method} {path}: a handler");
            } else {
                assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path} is served, not described");
            }
        }
    }
}

/// Regression: If-Match is `"<digits>"` as described. `"+0"` was read as version 0 (Rust's
/// integer parsing takes a sign) and saved; a version of 20 digits was "unreadable" (400)
/// although it is only stale.
#[tokio::test]
async fn if_match_is_digits_and_a_huge_version_is_stale() {
    let (app, me, cookie) = entered().await;
    let url = format!("/api/v1/campaigns/{}/answers/{me}", app.campaign);
    let body = Some(json!({"answers": {"themes": ["culture"]}}));
    for signed in ["\"+0\"", "+0", "\"-0\"", "\"0x0\"", "\"\""] {
        let reply = app.json("PUT", &url, Some(&cookie), Some(signed), body.clone()).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "If-Match {signed}: {}", reply.body);
    }
    assert!(app.state.store.response(&app.campaign, &me).await.expect("read").is_none(), "nothing saved");
    let huge = "\"99999999999999999999\"";
    let put = app.json("PUT", &url, Some(&cookie), Some(huge), body.clone()).await;
    assert_eq!(
        (put.status, put.json()["version"].as_i64()),
        (StatusCode::PRECONDITION_FAILED, Some(0)),
        "{}",
        put.body
    );
    let submit = app.json("POST", &format!("{url}/submit"), Some(&cookie), Some(huge), Some(json!({}))).await;
    assert_eq!(submit.status, StatusCode::PRECONDITION_FAILED, "{}", submit.body);
    let saved = app.json("PUT", &url, Some(&cookie), Some("W/\"0\""), body).await;
    assert_eq!(saved.status, StatusCode::OK, "the weak form of a current version is read: {}", saved.body);
}
