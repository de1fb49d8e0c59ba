//! Reopening a submitted answer while the wave is open, and the receipt by mail (issue 15).
//! The analysis counts the latest submitted version: a reopened answer's old values until
//! the body submits again; a closed wave reopens nothing. After the body's own submit, its
//! contact gets the receipt through the outbox and a real SMTP server, once per submit, with
//! no personal link in it.

use crate::common::{self, TestApp};
use crate::lead::{location, unescape, wave};
use axum::http::StatusCode;
use mutu_app::mail::MailWorker;
use mutu_domain::analysis::{Filters, analyse};
use mutu_domain::lifecycle::{CampaignState, Role};
use mutu_smtp_sink::Sink;
use mutu_storage::{Contact, InvitationLookup, MailKind};
use serde_json::{Value, json};

fn api(respondent: &str) -> String {
    format!("/api/v1/campaigns/npdc-2014/answers/{respondent}")
}

/// Complete answers citing `themes`.
fn complete(themes: &[&str]) -> Value {
    json!({"answers": {
        "themes": themes,
        "services": {"sig": {"status": "deployed", "mutualisation": "implemented", "types": ["service_commun"],
                              "actors": ["epci"], "partners": ""}},
        "obstacles": ["cout"],
        "expected_support": ["sensibilisation_elus"],
    }})
}

/// An open wave, one invited body, its session cookie.
async fn entered(app: &TestApp) -> (String, String) {
    app.open_wave().await;
    let respondent = app.target_codes().await[0].clone();
    app.invite(&app.campaign, &respondent, "jeton-rouvrir-0123456789abcdef").await;
    let cookie = app.enter("jeton-rouvrir-0123456789abcdef").await;
    (respondent, cookie)
}

/// How many bodies with a counted answer cite `theme`, and how many bodies answered, as the
/// analysis reads `store.responses`.
async fn figures(app: &TestApp, theme: &str) -> (u64, u64) {
    let campaign = app.state.store.campaign(&app.campaign).await.expect("campaign");
    let responses = app.state.store.responses(&app.campaign).await.expect("responses");
    let analysis = analyse(&campaign, &responses, &Filters::default());
    let cited = analysis.themes.iter().find(|t| t.code == theme).map_or(0, |t| t.count);
    (cited, analysis.participation.total.respondents)
}

/// Saves `body` as the draft (at the stored version) and submits it through the API.
async fn save_and_submit(app: &TestApp, respondent: &str, cookie: &str, body: Value) {
    let current = app.json("GET", &api(respondent), Some(cookie), None, None).await;
    let version = format!("\"{}\"", current.json()["version"]);
    let saved = app.json("PUT", &api(respondent), Some(cookie), Some(&version), Some(body)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let submitted = app.json("POST", &format!("{}/submit", api(respondent)), Some(cookie), None, Some(json!({}))).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    assert_eq!(submitted.json()["status"], "complete");
}

/// The anti-forgery token of the body's overview.
async fn csrf(app: &TestApp, cookie: &str) -> String {
    app.get("/reponse", Some(cookie)).await.input_value("csrf").expect("csrf")
}

#[tokio::test]
async fn a_reopened_answer_counts_its_submitted_values_until_it_is_submitted_again() {
    let app = common::app().await;
    let (me, cookie) = entered(&app).await;
    let c = Some(cookie.as_str());
    save_and_submit(&app, &me, &cookie, complete(&["culture"])).await;
    assert_eq!(figures(&app, "culture").await, (1, 1), "the submitted answer is counted");
    let key = app.state.store.complete_version(&app.campaign).await.expect("version");

    let overview = app.get("/reponse", c).await;
    assert!(unescape(&overview.body).contains("action=\"/reponse/reouvrir\""), "an open wave's answer reopens");
    let token = csrf(&app, &cookie).await;
    let reopened = app.post_form("/reponse/reouvrir", c, &[("csrf", &token)]).await;
    assert_eq!((reopened.status, location(&reopened)), (StatusCode::SEE_OTHER, "/reponse?rouvert=1"));
    let page = unescape(&app.get("/reponse?rouvert=1", c).await.body);
    assert!(page.contains("La réponse est rouverte"), "{page}");
    assert!(page.contains("reste comptée dans l'analyse"), "{page}");
    assert_eq!(figures(&app, "culture").await, (1, 1), "still counted, with its old values");
    assert!(app.state.store.complete_version(&app.campaign).await.expect("version") > key, "the cache's key moves");
    let twice = app.post_form("/reponse/reouvrir", c, &[("csrf", &token)]).await;
    assert_eq!((twice.status, location(&twice)), (StatusCode::SEE_OTHER, "/reponse"), "reopening twice: no change");

    // The lead's follow-up shows it reopened, and counted.
    let lead = app.login_as(Role::Lead).await;
    let followup = unescape(&app.get(&wave(""), Some(&lead.cookie)).await.body);
    assert!(followup.contains("Rouverte"), "{followup}");

    // A colleague's stale page saves nothing; the body edits, and nothing counted moves.
    let stale = app.json("PUT", &api(&me), c, Some("\"2\""), Some(complete(&["transports"]))).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let edited = app.json("PUT", &api(&me), c, Some("\"3\""), Some(complete(&["tourisme"]))).await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    assert_eq!(figures(&app, "culture").await, (1, 1));
    assert_eq!(figures(&app, "tourisme").await, (0, 1));

    // Submitted again: the new values are counted.
    let submitted = app.json("POST", &format!("{}/submit", api(&me)), c, None, Some(json!({}))).await;
    assert_eq!(submitted.json()["status"], "complete", "{}", submitted.body);
    assert_eq!(figures(&app, "culture").await, (0, 1));
    assert_eq!(figures(&app, "tourisme").await, (1, 1));

    // The lead reopens on the body's behalf from the entry pages, while the wave is open.
    let on_behalf = format!("/vagues/npdc-2014/saisie/{me}/reouvrir");
    let entry = app.get(&format!("/vagues/npdc-2014/saisie/{me}"), Some(&lead.cookie)).await;
    assert!(unescape(&entry.body).contains(&format!("action=\"{on_behalf}\"")), "{}", entry.body);
    let by_lead = app.post_form(&on_behalf, Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!(by_lead.status, StatusCode::SEE_OTHER, "{}", by_lead.body);
    assert_eq!(figures(&app, "tourisme").await, (1, 1));
    let resubmitted = app.json("POST", &format!("{}/submit", api(&me)), c, None, Some(json!({}))).await;
    assert_eq!(resubmitted.json()["status"], "complete", "{}", resubmitted.body);

    // A closed wave reopens nothing, and says why.
    app.state.store.set_campaign_state(&app.campaign, CampaignState::Closed).await.expect("close");
    let closed = app.get("/reponse", c).await;
    assert!(!unescape(&closed.body).contains("/reponse/reouvrir"));
    let refused = app.post_form("/reponse/reouvrir", c, &[("csrf", &token)]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("est close : une réponse transmise ne peut plus être rouverte"), "{}", refused.body);
    let refused = app.post_form(&on_behalf, Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(figures(&app, "tourisme").await, (1, 1));
}

#[tokio::test]
async fn the_contact_gets_the_receipt_by_mail_once_per_submit_without_a_link() {
    let (inbox, port) = Sink::start();
    let app = common::app().await.with_config(|c| {
        c.smtp = Some(mutu_web::SmtpConfig {
            host: "127.0.0.1".into(),
            port,
            from: "Observatoire <mutu@region.test>".into(),
        })
    });
    let (me, cookie) = entered(&app).await;
    let contact = Contact { respondent: me.clone(), email: "dgs@epci.test".into(), name: "DGS".into() };
    app.state.store.import_contacts(&app.campaign, &[contact]).await.expect("contact");
    save_and_submit(&app, &me, &cookie, complete(&["culture"])).await;
    let again = app.json("POST", &format!("{}/submit", api(&me)), Some(&cookie), None, Some(json!({}))).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(app.state.store.mail_status(&app.campaign).await.expect("status").queued, 1, "one mail per submit");

    let smtp = app.state.config.smtp.clone().expect("relay");
    let worker = MailWorker::new(app.state.store.clone(), &smtp, &app.state.config.public_url, 10_000).expect("worker");
    assert_eq!(worker.run_once().await.expect("round").sent, 1);
    let messages = inbox.take();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].to, ["dgs@epci.test"]);
    let body = messages[0].body();
    let campaign = app.state.store.campaign(&app.campaign).await.expect("campaign");
    let target = campaign.targets.iter().find(|t| t.code == me).expect("target");
    assert!(body.contains(&target.name) && body.contains(&me), "{body}");
    assert!(body.contains("La culture, le patrimoine"), "the answers in words: {body}");
    assert!(body.contains("http://mutu.test/reponse/accuse.pdf"), "{body}");
    assert!(body.contains("http://mutu.test/reponse/comparaison#profil"), "{body}");
    assert!(!body.contains("/i/") && !body.contains("jeton-rouvrir"), "no personal link: {body}");
    let log = app.state.store.mail_log(&app.campaign).await.expect("log");
    assert!(log.iter().any(|e| e.kind == MailKind::Receipt && e.ok), "{log:?}");
    let lead = app.login_as(Role::Lead).await;
    let mail_page = unescape(&app.get(&wave("/courriels"), Some(&lead.cookie)).await.body);
    assert!(mail_page.contains("Accusé de réception d"), "the lead's mail log names the receipt");
    let hash = mutu_app::secrets::hash_token("jeton-rouvrir-0123456789abcdef");
    assert!(
        matches!(app.state.store.lookup_invitation(&hash).await.expect("lookup"), InvitationLookup::Active { .. }),
        "the body's link is left alone"
    );

    // Reopened and submitted again through the form: a new receipt.
    let token = csrf(&app, &cookie).await;
    app.post_form("/reponse/reouvrir", Some(&cookie), &[("csrf", &token)]).await;
    let summary = app.get("/reponse/recapitulatif", Some(&cookie)).await;
    let version = summary.input_value("version").expect("version");
    let sent = app.post_form("/reponse/transmettre", Some(&cookie), &[("csrf", &token), ("version", &version)]).await;
    assert_eq!(location(&sent), "/reponse?transmis=1", "{}", sent.body);
    worker.run_once().await.expect("round");
    assert_eq!(inbox.take().len(), 1, "the new submit's receipt");
}
