//! Respondent side: invitation link, form, JSON API, isolation.

use crate::common::{self, Reply, TestApp};
use axum::http::StatusCode;
use mutu_domain::answers::{Response, ResponseStatus};
use mutu_domain::lifecycle::{CampaignState, Role};
use mutu_storage::Store;
use serde_json::{Value, json};

fn api(wave: &str, respondent: &str) -> String {
    format!("/api/v1/campaigns/{wave}/answers/{respondent}")
}

/// An open wave, one invited respondent, and that respondent's session cookie.
async fn entered() -> (TestApp, String, String) {
    let app = common::app().await;
    app.open_wave().await;
    let respondent = app.target_codes().await[0].clone();
    app.invite(&app.campaign, &respondent, "jeton-a").await;
    let cookie = app.enter("jeton-a").await;
    (app, respondent, cookie)
}

fn complete_answers() -> Value {
    json!({
        "themes": ["administration", "culture"],
        "services": {"sig": {"status": "deployed", "mutualisation": "implemented", "types": ["service_commun"],
                              "actors": ["epci", "autres"], "partners": "Centre de gestion 59"}},
        "obstacles": ["cout"],
        "expected_support": [],
    })
}

async fn stored_version(app: &TestApp, respondent: &str) -> Option<(i64, String)> {
    app.state
        .store
        .response(&app.campaign, respondent)
        .await
        .expect("read")
        .map(|s| (s.version, s.updated_at.to_string()))
}

#[tokio::test]
async fn the_api_contract_end_to_end() {
    let (app, me, cookie) = entered().await;
    let url = api("npdc-2014", &me);
    let c = Some(cookie.as_str());

    let fresh = app.json("GET", &url, c, None, None).await;
    assert_eq!(fresh.status, StatusCode::OK);
    assert_eq!(fresh.json(), json!({"respondent": me, "status": "partial", "version": 0, "answers": {}}));
    assert_eq!(fresh.header("etag"), Some("\"0\""));

    let draft = json!({"answers": {"themes": ["culture"]}});
    let no_if_match = app.json("PUT", &url, c, None, Some(draft.clone())).await;
    assert_eq!(no_if_match.status, StatusCode::PRECONDITION_REQUIRED);
    assert!(no_if_match.json()["error"].is_string());

    let first = app.json("PUT", &url, c, Some("\"0\""), Some(draft.clone())).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.json()["version"], 1);
    assert_eq!(first.json()["answers"], json!({"themes": ["culture"]}));
    assert_eq!(first.header("etag"), Some("\"1\""));

    let stale = app.json("PUT", &url, c, Some("\"0\""), Some(draft.clone())).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.json()["version"], 1, "the body names the current version");

    let bad = json!({"answers": {"services": {"sig": {"status": "studied", "mutualisation": "implemented"}}}});
    let refused = app.json("PUT", &url, c, Some("\"1\""), Some(bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["field"], "services.sig.mutualisation");
    assert!(refused.json()["error"].as_str().is_some_and(|e| !e.is_empty()));

    let as_form = app
        .send(
            axum::http::Request::put(&url)
                .header("cookie", &cookie)
                .header("if-match", "\"1\"")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(axum::body::Body::from("answers=x"))
                .expect("request"),
        )
        .await;
    assert_eq!(as_form.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "a write needs a JSON body");

    let incomplete = app.json("POST", &format!("{url}/submit"), c, None, Some(json!({}))).await;
    assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(incomplete.json()["field"], "obstacles", "themes is there, obstacles is the first missing");

    let whole = app.json("PUT", &url, c, Some("\"1\""), Some(json!({"answers": complete_answers()}))).await;
    assert_eq!(whole.status, StatusCode::OK, "{}", whole.body);
    assert_eq!(whole.json()["version"], 2);
    let missing_support = app.json("POST", &format!("{url}/submit"), c, None, Some(json!({}))).await;
    assert_eq!(missing_support.json()["field"], "expected_support");
    let mut answers = complete_answers();
    let support_codes = app.state.store.campaign(&app.campaign).await.expect("wave").catalogue.support;
    answers["expected_support"] = json!([support_codes[0].code]);
    let done = app.json("PUT", &url, c, Some("\"2\""), Some(json!({"answers": answers}))).await;
    assert_eq!(done.json()["version"], 3, "{}", done.body);

    let submitted = app.json("POST", &format!("{url}/submit"), c, None, Some(json!({}))).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    assert_eq!(submitted.json()["status"], "complete");
    assert_eq!(submitted.json()["version"], 4);
    let again = app.json("POST", &format!("{url}/submit"), c, None, Some(json!({}))).await;
    assert_eq!((again.status, &again.body), (StatusCode::OK, &submitted.body), "submitting twice changes nothing");
    assert_eq!(stored_version(&app, &me).await.map(|v| v.0), Some(4));

    let after = app.json("PUT", &url, c, Some("\"4\""), Some(json!({"answers": {}}))).await;
    assert_eq!(after.status, StatusCode::CONFLICT, "a submitted answer is no longer written");
    assert!(after.json()["error"].as_str().is_some_and(|e| e.contains("transmises")));
}

#[tokio::test]
async fn a_session_reaches_its_own_respondent_only() {
    let (app, me, cookie) = entered().await;
    let targets = app.target_codes().await;
    let other = targets[1].clone();
    let other_wave = app.add_wave("autre-2015").await;
    app.state.store.set_campaign_state(&other_wave, CampaignState::Open).await.expect("open");
    let lead = app.user_cookie("lead@example.org", Role::Lead).await;
    let answers = Some(json!({"answers": {}}));
    let mut bodies = Vec::new();
    for (url, who) in [
        (api("npdc-2014", &other), Some(cookie.as_str())),
        (api("autre-2015", &me), Some(cookie.as_str())),
        (api("npdc-2014", "999999999"), Some(cookie.as_str())),
        (api("inconnue", &me), Some(cookie.as_str())),
        (api("npdc-2014", &me), Some(lead.as_str())),
        (api("npdc-2014", &me), None),
    ] {
        for reply in [
            app.json("GET", &url, who, None, None).await,
            app.json("PUT", &url, who, Some("\"0\""), answers.clone()).await,
            app.json("POST", &format!("{url}/submit"), who, None, Some(json!({}))).await,
        ] {
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{url}");
            assert_eq!(reply.header("content-type"), Some("application/json"));
            bodies.push(reply.body);
        }
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "one body for every refusal: {bodies:?}");
    assert!(app.state.store.response(&app.campaign, &other).await.expect("read").is_none());
    assert!(app.state.store.response(&other_wave, &me).await.expect("read").is_none());
    // The form pages are no more reachable with a lead's session than without a session.
    let page = app.get("/reponse", Some(&lead)).await;
    assert_eq!((page.status, page.body), (StatusCode::NOT_FOUND, app.get("/reponse", None).await.body));
}

#[tokio::test]
async fn refused_invitation_links_are_one_and_the_same_404() {
    let app = common::app().await;
    let targets = app.target_codes().await;
    let wave = app.campaign.clone();
    app.invite(&wave, &targets[0], "valide").await;
    app.invite(&wave, &targets[1], "retire").await;
    app.state.store.revoke_invitation(&wave, &targets[1]).await.expect("revoke");

    let mut refusals = vec![app.get("/i/valide", None).await]; // the wave is still a draft
    app.open_wave().await;
    refusals.push(app.get("/i/inconnu", None).await);
    refusals.push(app.get("/i/retire", None).await);
    refusals.push(app.get(&format!("/i/{}", "x".repeat(500)), None).await);
    let ok = app.get("/i/valide", None).await;
    app.state.store.set_campaign_state(&wave, CampaignState::Closed).await.expect("close");
    refusals.push(app.get("/i/valide", None).await);

    for reply in &refusals {
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_eq!(reply.body, refusals[0].body, "byte for byte");
        assert!(reply.session_cookie().is_none());
        assert_eq!(reply.header("referrer-policy"), Some("no-referrer"));
    }
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.header("location"), Some("/reponse"), "a clean URL, without the token");
    assert_eq!(ok.header("referrer-policy"), Some("no-referrer"));
    let set_cookie = ok.header("set-cookie").expect("cookie");
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");
}

#[tokio::test]
async fn failed_invitation_lookups_are_throttled() {
    let app = common::app().await;
    app.open_wave().await;
    let me = app.target_codes().await[0].clone();
    app.invite(&app.campaign, &me, "valide").await;
    for n in 0..mutu_web::throttle::MAX_LINK_FAILURES {
        assert_eq!(app.get(&format!("/i/faux-{n}"), None).await.status, StatusCode::NOT_FOUND);
    }
    let blocked = app.get("/i/valide", None).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS, "even a good link waits for the window");
}

#[tokio::test]
async fn several_agents_share_one_link_and_no_get_changes_state() {
    let (app, me, first) = entered().await;
    let second = app.enter("jeton-a").await;
    assert_ne!(first, second, "each agent gets a session of their own");
    let url = api("npdc-2014", &me);
    let saved =
        app.json("PUT", &url, Some(&first), Some("\"0\""), Some(json!({"answers": {"themes": ["culture"]}}))).await;
    assert_eq!(saved.status, StatusCode::OK);
    let before = stored_version(&app, &me).await;
    let campaign = app.state.store.campaign(&app.campaign).await.expect("wave");
    let mut pages = vec!["/reponse".to_owned(), "/reponse/recapitulatif".to_owned(), url.clone()];
    pages.extend(campaign.questionnaire.sections.iter().map(|s| format!("/reponse/section/{}", s.id)));
    for page in &pages {
        let reply = app.get(page, Some(&second)).await;
        assert_eq!(reply.status, StatusCode::OK, "{page}");
    }
    assert_eq!(stored_version(&app, &me).await, before, "reading changed nothing");
    let theirs = app.json("GET", &url, Some(&second), None, None).await;
    assert_eq!(theirs.json()["answers"], json!({"themes": ["culture"]}));

    // Typed text never becomes markup, not even inside the page's JSON block.
    let evil = "</script><script>alert(1)</script>";
    let body = json!({"answers": {"themes": ["culture"], "needs": evil}});
    assert_eq!(app.json("PUT", &url, Some(&first), Some("\"1\""), Some(body)).await.status, StatusCode::OK);
    let page = app.get("/reponse/section/aides", Some(&second)).await;
    assert!(!page.body.contains("<script>alert"), "escaped everywhere");
    assert!(page.body.contains("&lt;&#x2f;script&gt;") || page.body.contains("&lt;/script&gt;"), "shown as text");
}

/// The CSRF token and version of a section's page.
async fn section_form(app: &TestApp, cookie: &str, section: &str) -> (Reply, String, String) {
    let page = app.get(&format!("/reponse/section/{section}"), Some(cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = page.input_value("csrf").expect("csrf field");
    let version = page.input_value("version").expect("version field");
    (page, csrf, version)
}

#[tokio::test]
async fn the_form_works_without_javascript_from_first_save_to_receipt() {
    let (app, me, cookie) = entered().await;
    let c = Some(cookie.as_str());
    let (page, csrf, version) = section_form(&app, &cookie, "thematiques").await;
    assert_eq!(version, "0");
    assert!(page.body.contains("<fieldset") && page.body.contains("<legend>"));
    let no_csrf = app.post_form("/reponse/section/thematiques", c, &[("version", "0"), ("themes", "culture")]).await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);

    let saved = app
        .post_form(
            "/reponse/section/thematiques",
            c,
            &[("csrf", &csrf), ("version", "0"), ("themes", "culture"), ("themes", "transports"), ("action", "save")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.header("location"), Some("/reponse/section/thematiques?enregistre=1"));
    let again = app.get("/reponse/section/thematiques?enregistre=1", c).await;
    assert!(again.body.contains(r#"id="themes-culture" name="themes" value="culture" checked"#), "{}", again.body);
    assert_eq!(again.input_value("version").as_deref(), Some("1"));

    // A contradiction in the matrix: the page again, the error tied to its field.
    let (_, csrf, _) = section_form(&app, &cookie, "services").await;
    let mut fields = vec![("csrf", csrf.as_str()), ("version", "1"), ("action", "next")];
    fields.extend([("services.sig.status", "studied"), ("services.sig.mutualisation", "implemented")]);
    let refused = app.post_form("/reponse/section/services", c, &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains(r##"href="#services-sig-mutualisation-implemented""##), "error summary link");
    assert!(refused.body.contains(r#"aria-describedby="services-sig-mutualisation-erreur""#));
    assert!(refused.body.contains(r#"value="studied" checked"#), "the typed values are kept");

    let mut fields = vec![("csrf", csrf.as_str()), ("version", "1"), ("action", "next")];
    fields.extend([
        ("services.sig.status", "deployed"),
        ("services.sig.mutualisation", "implemented"),
        ("services.sig.types", "service_commun"),
        ("services.sig.actors", "autres"),
        ("services.sig.partners", "Centre de gestion 59"),
        // Hidden by its status: ignored, not refused.
        ("services.ads.status", "none"),
        ("services.ads.mutualisation", "planned"),
    ]);
    let next = app.post_form("/reponse/section/services", c, &fields).await;
    assert_eq!(next.status, StatusCode::SEE_OTHER, "{}", next.body);
    assert_eq!(next.header("location"), Some("/reponse/section/freins"));

    let (_, csrf, version) = section_form(&app, &cookie, "freins").await;
    let freins = [("csrf", csrf.as_str()), ("version", &version), ("obstacles", "cout"), ("obstacles_other", "hidden")];
    assert_eq!(app.post_form("/reponse/section/freins", c, &freins).await.status, StatusCode::SEE_OTHER);
    let support = app.state.store.campaign(&app.campaign).await.expect("wave").catalogue.support[0].code.clone();
    let (_, csrf, version) = section_form(&app, &cookie, "aides").await;
    let aides = [("csrf", csrf.as_str()), ("version", &version), ("expected_support", &support), ("action", "next")];
    assert_eq!(app.post_form("/reponse/section/aides", c, &aides).await.status, StatusCode::SEE_OTHER);

    let stored = app.state.store.response(&app.campaign, &me).await.expect("read").expect("stored");
    let answers = serde_json::to_value(&stored.response.answers).expect("json");
    assert_eq!(answers["obstacles"], json!(["cout"]));
    assert!(answers.get("obstacles_other").is_none(), "hidden by its condition: dropped");
    assert_eq!(
        answers["services"],
        json!({"sig": {"status": "deployed", "mutualisation": "implemented",
        "types": ["service_commun"], "actors": ["autres"], "partners": "Centre de gestion 59"}})
    );

    let summary = app.get("/reponse/recapitulatif", c).await;
    assert!(summary.body.contains("Centre de gestion 59"));
    let csrf = summary.input_value("csrf").expect("csrf");
    let version = summary.input_value("version").expect("version");
    let submitted = app.post_form("/reponse/transmettre", c, &[("csrf", &csrf), ("version", &version)]).await;
    assert_eq!(submitted.header("location"), Some("/reponse?transmis=1"), "{}", submitted.body);
    let receipt = app.get("/reponse?transmis=1", c).await;
    assert!(receipt.body.contains("Accusé de réception") && receipt.body.contains("Enquête NPDC 2014"));
    assert!(receipt.body.contains("Centre de gestion 59"), "the answers stay readable");
    assert!(!receipt.body.contains("<form method=\"post\" action=\"/reponse/section"), "read only");

    let twice = app.post_form("/reponse/transmettre", c, &[("csrf", &csrf), ("version", &version)]).await;
    assert_eq!(twice.status, StatusCode::SEE_OTHER);
    let after = app.state.store.response(&app.campaign, &me).await.expect("read").expect("stored");
    assert_eq!((after.version, after.response.status), (stored.version + 1, ResponseStatus::Complete));
    let write = app.post_form("/reponse/section/freins", c, &[("csrf", &csrf), ("version", "5")]).await;
    assert_eq!(write.status, StatusCode::CONFLICT);
    assert!(write.body.contains("transmises"), "a clear refusal: {}", write.body);
    assert_eq!(app.get("/reponse/section/freins", c).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_stale_form_post_is_never_saved_silently_and_offers_to_merge() {
    let (app, me, mine) = entered().await;
    let colleague = app.enter("jeton-a").await;
    let (_, my_csrf, my_version) = section_form(&app, &mine, "freins").await;
    let (_, csrf, _) = section_form(&app, &colleague, "thematiques").await;
    let theirs = [("csrf", csrf.as_str()), ("version", "0"), ("themes", "culture")];
    assert_eq!(
        app.post_form("/reponse/section/thematiques", Some(&colleague), &theirs).await.status,
        StatusCode::SEE_OTHER
    );

    let typed = [("csrf", my_csrf.as_str()), ("version", my_version.as_str()), ("obstacles", "temps")];
    let stale = app.post_form("/reponse/section/freins", Some(&mine), &typed).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("Fusionner"));
    assert!(stale.body.contains(r#"value="temps" checked"#), "the typed values are shown");
    assert_eq!(stale.input_value("version").as_deref(), Some("1"), "merging starts from the latest version");
    let stored = app.state.store.response(&app.campaign, &me).await.expect("read").expect("stored");
    assert_eq!(stored.version, 1, "nothing overwritten");

    let merge = [("csrf", my_csrf.as_str()), ("version", "1"), ("obstacles", "temps")];
    assert_eq!(app.post_form("/reponse/section/freins", Some(&mine), &merge).await.status, StatusCode::SEE_OTHER);
    let merged = app.state.store.response(&app.campaign, &me).await.expect("read").expect("stored");
    let answers = serde_json::to_value(&merged.response.answers).expect("json");
    assert_eq!(answers, json!({"themes": ["culture"], "obstacles": ["temps"]}), "both agents' sections kept");
}

#[tokio::test]
async fn writes_are_refused_once_the_wave_is_closed() {
    let (app, me, cookie) = entered().await;
    let (_, csrf, _) = section_form(&app, &cookie, "thematiques").await;
    app.state.store.set_campaign_state(&app.campaign, CampaignState::Closed).await.expect("close");
    let put = app.json("PUT", &api("npdc-2014", &me), Some(&cookie), Some("\"0\""), Some(json!({"answers": {}}))).await;
    assert_eq!(put.status, StatusCode::CONFLICT);
    assert!(put.json()["error"].as_str().is_some_and(|e| e.contains("close")));
    let post = app.post_form("/reponse/section/thematiques", Some(&cookie), &[("csrf", &csrf), ("version", "0")]).await;
    assert_eq!(post.status, StatusCode::CONFLICT);
    let overview = app.get("/reponse", Some(&cookie)).await;
    assert!(overview.body.contains("est close"), "{}", overview.body);
}

#[tokio::test]
async fn an_acknowledged_save_survives_the_app() {
    let (app, me, cookie) = entered().await;
    let url = api("npdc-2014", &me);
    let saved = app.json("PUT", &url, Some(&cookie), Some("\"0\""), Some(json!({"answers": complete_answers()}))).await;
    assert_eq!(saved.status, StatusCode::OK);
    let (wave, database) = (app.campaign.clone(), app.database_url());
    let dir = app.shut_down().await;
    let store = Store::open(&database).await.expect("reopen");
    let stored = store.response(&wave, &me).await.expect("read").expect("on disk");
    assert_eq!(stored.version, saved.json()["version"].as_i64().expect("version"));
    assert_eq!(serde_json::to_value(&stored.response.answers).expect("json"), saved.json()["answers"]);
    store.close().await;
    drop(dir);
}

#[tokio::test]
async fn a_new_wave_can_start_from_the_previous_answers() {
    let app = common::app().await;
    let me = app.target_codes().await[0].clone();
    let earlier: Response = serde_json::from_value(json!({
        "respondent": me, "status": "complete", "submitted_at": "2014-09-12T10:31:00Z",
        "answers": {"themes": ["culture"], "obstacles": ["cout"], "contact_name": "Mme Martin"}
    }))
    .expect("response");
    app.state.store.import_responses(&app.campaign, &[earlier]).await.expect("import");
    let wave = app.add_wave("npdc-2016").await;
    app.state.store.set_campaign_state(&wave, CampaignState::Open).await.expect("open");
    app.invite(&wave, &me, "jeton-2016").await;
    let cookie = app.enter("jeton-2016").await;
    let overview = app.get("/reponse", Some(&cookie)).await;
    assert!(
        overview.body.contains("Enquête NPDC 2014") && overview.body.contains("reponse/reprise\""),
        "{}",
        overview.body
    );
    let csrf = overview.input_value("csrf").expect("csrf");
    let taken = app.post_form("/reponse/reprise", Some(&cookie), &[("csrf", &csrf)]).await;
    assert_eq!(taken.header("location"), Some("/reponse?repris=1"));
    let stored = app.state.store.response(&wave, &me).await.expect("read").expect("prefilled");
    let answers = serde_json::to_value(&stored.response.answers).expect("json");
    assert_eq!(answers, json!({"themes": ["culture"], "obstacles": ["cout"]}), "personal data left blank");
    let later = app.get("/reponse", Some(&cookie)).await;
    assert!(!later.body.contains("reponse/reprise\""), "offered only while nothing is saved");
}

#[tokio::test]
async fn a_lead_enters_a_paper_questionnaire_on_behalf_of_a_respondent() {
    let app = common::app().await;
    app.open_wave().await;
    let me = app.target_codes().await[0].clone();
    let lead = app.user_cookie("lead@example.org", Role::Lead).await;
    let viewer = app.user_cookie("viewer@example.org", Role::Viewer).await;
    let base = format!("/vagues/npdc-2014/saisie/{me}");
    assert_eq!(app.get(&base, Some(&viewer)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/vagues/npdc-2014/saisie/000000000", Some(&lead)).await.status, StatusCode::NOT_FOUND);

    let page = app.get(&format!("{base}/section/thematiques"), Some(&lead)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("questionnaire papier") && !page.body.contains("data-api="), "no autosave for a lead");
    let csrf = page.input_value("csrf").expect("csrf");
    let support = app.state.store.campaign(&app.campaign).await.expect("wave").catalogue.support[0].code.clone();
    for (section, field, value) in [("thematiques", "themes", "culture"), ("freins", "obstacles", "cout")] {
        let version = app.state.store.response(&app.campaign, &me).await.expect("read").map_or(0, |s| s.version);
        let fields = [("csrf", csrf.as_str()), ("version", &version.to_string()), (field, value)];
        let saved = app.post_form(&format!("{base}/section/{section}"), Some(&lead), &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    }
    let fields = [("csrf", csrf.as_str()), ("version", "2"), ("expected_support", support.as_str())];
    assert_eq!(
        app.post_form(&format!("{base}/section/aides"), Some(&lead), &fields).await.status,
        StatusCode::SEE_OTHER
    );
    let submitted =
        app.post_form(&format!("{base}/transmettre"), Some(&lead), &[("csrf", &csrf), ("version", "3")]).await;
    assert_eq!(submitted.header("location"), Some(format!("{base}?transmis=1").as_str()), "{}", submitted.body);

    let statuses = app.state.store.target_statuses(&app.campaign).await.expect("follow-up");
    let row = statuses.iter().find(|s| s.target.code == me).expect("target");
    assert_eq!(row.status, Some(ResponseStatus::Complete));
    assert_eq!(row.entered_by.as_deref(), Some("lead@example.org"), "recorded as typed by the lead");
    let audit = app.state.store.audit_entries(20).await.expect("audit");
    assert!(audit.iter().any(|a| a.action == "response.submitted_on_behalf" && a.actor == "lead@example.org"));
}

#[tokio::test]
async fn a_real_server_takes_the_invitation_link_and_the_api() {
    let app = common::app().await;
    app.open_wave().await;
    let me = app.target_codes().await[0].clone();
    app.invite(&app.campaign, &me, "jeton-reel").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(mutu_web::serve(app.state.clone(), listener));
    let client = reqwest::Client::builder().cookie_store(true).build().expect("client");
    let root = format!("http://{addr}");

    let unknown = client.get(format!("{root}/i/inconnu")).send().await.expect("get");
    assert_eq!(unknown.status(), reqwest::StatusCode::NOT_FOUND);
    let landed = client.get(format!("{root}/i/jeton-reel")).send().await.expect("get");
    assert_eq!(landed.status(), reqwest::StatusCode::OK);
    assert_eq!(landed.url().path(), "/reponse", "redirected to the clean URL");
    let url = format!("{root}{}", api("npdc-2014", &me));
    let fresh: Value = client.get(&url).send().await.expect("get").json().await.expect("json");
    assert_eq!(fresh["version"], 0);
    let saved = client
        .put(&url)
        .header("if-match", "\"0\"")
        .json(&json!({"answers": {"themes": ["culture"]}}))
        .send()
        .await
        .expect("put");
    assert_eq!(saved.status(), reqwest::StatusCode::OK);
    assert_eq!(saved.headers().get("etag").and_then(|v| v.to_str().ok()), Some("\"1\""));
    let stale = client.put(&url).header("if-match", "\"0\"").json(&json!({"answers": {}})).send().await.expect("put");
    assert_eq!(stale.status(), reqwest::StatusCode::PRECONDITION_FAILED);
    let submit = client.post(format!("{url}/submit")).json(&json!({})).send().await.expect("post");
    assert_eq!(submit.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    server.abort();
}

#[tokio::test]
async fn the_form_speaks_english_when_asked() {
    let (app, _, cookie) = entered().await;
    let request = |uri: &str| {
        axum::http::Request::get(uri)
            .header("cookie", format!("{cookie}; lang=en"))
            .body(axum::body::Body::empty())
            .expect("request")
    };
    let overview = app.send(request("/reponse")).await;
    assert!(overview.body.contains("<html lang=\"en\">") && overview.body.contains("Your answer"));
    let matrix = app.send(request("/reponse/section/services")).await;
    assert!(matrix.body.contains("Being studied") && matrix.body.contains("Already pooled"));
}
