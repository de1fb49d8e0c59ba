//! The audit journal: the actions that change answers, wave states and accounts are recorded
//! with who did them, and administrators (only) read them at `/admin/journal`, newest first,
//! filtered, a hundred a page.

use crate::common::app;
use crate::matrix::{TOKEN_A, scenario};
use axum::http::StatusCode;
use mutu_domain::lifecycle::Role;
use serde_json::json;

/// The respondent's own submit (form and API), a wave's opening and closing, a reopened
/// answer, an account added and removed: each is one entry naming its actor.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_changed_what_is_recorded() {
    let app = app().await;
    let lead = app.login_as(Role::Lead).await;
    let admin = app.login_as(Role::Admin).await;
    let code = app.campaign.to_string();
    let wave = |action: &str| format!("/vagues/{code}/{action}");
    assert_eq!(
        app.post_form(&wave("ouvrir"), Some(&lead.cookie), &[("csrf", &lead.csrf)]).await.status,
        StatusCode::SEE_OTHER
    );

    // A respondent submits through the API (an empty answer is refused, so answer first).
    let targets = app.target_codes().await;
    let (first, second) = (&targets[0], &targets[1]);
    app.invite(&app.campaign, first, TOKEN_A).await;
    let cookie = app.enter(TOKEN_A).await;
    let url = format!("/api/v1/campaigns/{code}/answers/{first}");
    let answers = json!({
        "themes": ["administration"],
        "services": {"sig": {"status": "deployed", "mutualisation": "implemented", "types": ["service_commun"],
                              "actors": ["epci", "autres"], "partners": "Centre de gestion 59"}},
        "obstacles": ["cout"],
        "expected_support": ["sensibilisation_elus"],
    });
    let saved = app.json("PUT", &url, Some(&cookie), Some("\"0\""), Some(json!({ "answers": answers }))).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let submitted = app.json("POST", &format!("{url}/submit"), Some(&cookie), None, Some(json!({}))).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);

    // Another respondent submits through the form of the summary page.
    app.invite(&app.campaign, second, "jeton-de-b").await;
    let b = app.enter("jeton-de-b").await;
    let b_url = format!("/api/v1/campaigns/{code}/answers/{second}");
    let saved = app.json("PUT", &b_url, Some(&b), Some("\"0\""), Some(json!({ "answers": answers }))).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let summary = app.get("/reponse/recapitulatif", Some(&b)).await;
    let (csrf, version) =
        (summary.input_value("csrf").expect("csrf"), summary.input_value("version").expect("version"));
    let sent = app.post_form("/reponse/transmettre", Some(&b), &[("csrf", &csrf), ("version", &version)]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    let reopen = format!("/vagues/{code}/cibles/{first}/rouvrir");
    assert_eq!(app.post_form(&reopen, Some(&lead.cookie), &[("csrf", &lead.csrf)]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.post_form(&wave("fermer"), Some(&lead.cookie), &[("csrf", &lead.csrf)]).await.status,
        StatusCode::SEE_OTHER
    );
    let fields = [
        ("csrf", admin.csrf.as_str()),
        ("email", "nouvelle@mutu.test"),
        ("role", "viewer"),
        ("password", "un mot de passe assez long"),
    ];
    assert_eq!(app.post_form("/utilisateurs", Some(&admin.cookie), &fields).await.status, StatusCode::SEE_OTHER);
    let id = app.state.store.user_by_email("nouvelle@mutu.test").await.expect("store").expect("user").id;
    let delete = format!("/utilisateurs/{id}/supprimer");
    assert_eq!(
        app.post_form(&delete, Some(&admin.cookie), &[("csrf", &admin.csrf)]).await.status,
        StatusCode::SEE_OTHER
    );

    let log = app.state.store.audit_entries(50).await.expect("audit");
    let got: Vec<(&str, &str, &str)> =
        log.iter().rev().map(|e| (e.actor.as_str(), e.action.as_str(), e.subject.as_str())).collect();
    let (subject, other) = (format!("{code}/{first}"), format!("{code}/{second}"));
    let expected = [
        ("lead@mutu.test", "campaign.open", code.as_str()),
        ("respondent", "response.submit", subject.as_str()),
        ("respondent", "response.submit", other.as_str()),
        ("lead@mutu.test", "response.reopen", subject.as_str()),
        ("lead@mutu.test", "campaign.closed", code.as_str()),
        ("admin@mutu.test", "user.add.viewer", "nouvelle@mutu.test"),
        ("admin@mutu.test", "user.delete", "nouvelle@mutu.test"),
    ];
    assert_eq!(got, expected);
}

/// Only administrators read the journal; it is a real table, newest first, filtered by actor
/// and action prefix, with a « Plus anciens » link past a hundred entries that keeps the
/// filters; the administrator's navigation links to it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_read_the_journal_page_by_page() {
    let s = scenario().await;
    let store = &s.app.state.store;
    for i in 0..120 {
        store.audit("lead@mutu.test", &format!("campaign.step{i:03}"), &format!("vague-{i:03}")).await.expect("audit");
    }
    store.audit("cli", "user.add", "<script>alert(1)</script>").await.expect("audit");
    let cookie = |i: usize| s.identities[i].cookie.clone();
    for (i, status) in [(3, StatusCode::FORBIDDEN), (4, StatusCode::FORBIDDEN)] {
        assert_eq!(s.app.get("/admin/journal", cookie(i).as_deref()).await.status, status);
    }
    let admin = cookie(5);
    let home = s.app.get("/", admin.as_deref()).await;
    assert!(home.body.contains("<a href=\"/admin/journal\">Journal d"), "{}", home.body);
    let lead_home = s.app.get("/", cookie(4).as_deref()).await;
    assert!(!lead_home.body.contains("/admin/journal"), "not offered to leads");

    let first = s.app.get("/admin/journal", admin.as_deref()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let page = &first.body;
    assert!(page.contains("<h1>Journal d") && page.contains("<caption>"), "{page}");
    assert!(page.contains("<th scope=\"col\">Auteur</th>") && page.contains("<th scope=\"row\">"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)") && !page.contains("<script>alert"), "escaped");
    let newest = page.find("vague-119").expect("newest shown");
    assert!(newest < page.find("vague-118").expect("next"), "newest first");
    assert_eq!(page.matches("<tr>").count() - 1, 100, "a hundred rows and the header row");
    assert!(!page.contains("vague-020"), "older entries are on the next page");
    // The link's address is escaped by the template (`&#x2f;`, `&amp;`).
    let end = page.find("\" rel=\"next\">Plus anciens</a>").expect("« Plus anciens » link");
    let start = page[..end].rfind("href=\"").expect("its address") + 6;
    let link = page[start..end].replace("&#x2f;", "/").replace("&amp;", "&");
    assert!(link.starts_with("/admin/journal?avant="), "{link}");
    let older = s.app.get(&link, admin.as_deref()).await;
    assert!(older.body.contains("vague-020") && older.body.contains("vague-000") && !older.body.contains("vague-021"));
    assert!(!older.body.contains("Plus anciens"), "the last page");

    let filtered = s.app.get("/admin/journal?acteur=cli&action=user.", admin.as_deref()).await;
    assert!(filtered.body.contains("user.add") && !filtered.body.contains("campaign.step"), "{}", filtered.body);
    let by_prefix = s.app.get("/admin/journal?action=campaign.step11", admin.as_deref()).await;
    assert_eq!(by_prefix.body.matches("<tr>").count() - 1, 10, "step110 to step119");
    let bad = s.app.get("/admin/journal?avant=x", admin.as_deref()).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}
