//! « J'ai perdu mon lien / mon collègue est parti »: the public form records a request without
//! telling what matched; the lead sees it on the follow-up page and sends a fresh link in one
//! click (the old one revoked, the mail sent by the worker through a real SMTP server on
//! loopback, the new link working); a registered domain gets its link at once; a forged post
//! is refused and the form is throttled.

use crate::common::{self, Login, Reply, TestApp};
use axum::http::StatusCode;
use mutu_app::mail::MailWorker;
use mutu_domain::lifecycle::Role;
use mutu_smtp_sink::{Received, Sink};
use mutu_storage::{LinkRequestState, MailStatus};

/// Lille's urban community, a target of `npdc-2014`.
const LILLE: &str = "245900410";
const OLD_TOKEN: &str = "ancien-lien-de-lille-0123456789abcdef";

/// The app with a relay on `port`, its wave open, Lille invited with [`OLD_TOKEN`].
async fn app_with_relay(port: u16) -> TestApp {
    let app = common::app().await.with_config(|c| {
        c.smtp = Some(mutu_web::SmtpConfig {
            host: "127.0.0.1".into(),
            port,
            from: "Observatoire <mutu@region.test>".into(),
        })
    });
    app.open_wave().await;
    app.invite(&app.campaign, LILLE, OLD_TOKEN).await;
    app
}

/// Posts the public form as a browser does: its page first (for the cookie and the token).
async fn ask(app: &TestApp, body: &str, email: &str) -> Reply {
    let page = app.get("/lien-perdu", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let token = page.input_value("csrf").expect("form token");
    let cookie = format!("mutu_login={token}");
    app.post_form("/lien-perdu", Some(&cookie), &[("csrf", &token), ("organisme", body), ("email", email)]).await
}

/// The token of the personal link in a message's body.
fn token(message: &Received) -> String {
    let body = message.body();
    let start = body.find("http://mutu.test/i/").expect("link in the body") + 19;
    body[start..start + 43].to_owned()
}

async fn run_worker(app: &TestApp) -> u64 {
    let smtp = app.state.config.smtp.clone().expect("a relay");
    let worker = MailWorker::new(app.state.store.clone(), &smtp, &app.state.config.public_url, 10_000).expect("worker");
    worker.run_once().await.expect("round").sent
}

fn text(reply: &Reply) -> String {
    crate::lead::unescape(&reply.body)
}

#[tokio::test]
async fn a_request_reaches_the_lead_who_sends_a_fresh_link_in_one_click() {
    let (inbox, port) = Sink::start();
    let app = app_with_relay(port).await;
    let home = app.get("/", None).await;
    assert!(home.body.contains("href=\"/lien-perdu\""), "the public entry links to the form");

    // The same answer whether the body exists or not: nothing to enumerate.
    let unknown = ask(&app, "Commune imaginaire", "quelqu-un@ailleurs.fr").await;
    let known = ask(&app, LILLE, "Nouvelle.Agente@Lillemetropole.fr").await;
    assert_eq!((unknown.status, known.status), (StatusCode::OK, StatusCode::OK));
    assert_eq!(unknown.body, known.body);
    assert!(text(&known).contains("Votre demande est transmise"), "{}", known.body);
    let requests = app.state.store.pending_link_requests(&app.campaign).await.expect("requests");
    assert_eq!(requests.len(), 1, "only the body of an open wave is recorded");
    let request = &requests[0];
    assert_eq!((request.respondent.as_str(), request.email.as_str()), (LILLE, "nouvelle.agente@lillemetropole.fr"));

    // A malformed e-mail is refused on its field, nothing recorded.
    let bad = ask(&app, LILLE, "pas-une-adresse").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"email-erreur\""));

    // The lead sees it on the follow-up page; a viewer neither sees it nor may send.
    let lead: Login = app.login_as(Role::Lead).await;
    let followup = app.get("/vagues/npdc-2014", Some(&lead.cookie)).await;
    assert!(followup.body.contains("nouvelle.agente@lillemetropole.fr"), "the lead sees the request");
    let send = format!("/vagues/npdc-2014/liens-perdus/{}/envoyer", request.id);
    assert!(followup.body.contains(&send));
    let viewer: Login = app.login_as(Role::Viewer).await;
    let seen = app.get("/vagues/npdc-2014", Some(&viewer.cookie)).await;
    assert!(!seen.body.contains("nouvelle.agente@lillemetropole.fr"), "a viewer does not see e-mails");
    let refused = app.post_form(&send, Some(&viewer.cookie), &[("csrf", &viewer.csrf)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // One click: the old link is revoked at once, one mail queued to the requester.
    assert_eq!(app.get(&format!("/i/{OLD_TOKEN}"), None).await.status, StatusCode::SEE_OTHER, "the old link works");
    let sent = app.post_form(&send, Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let not_found = app.get("/nulle-part", None).await.body;
    let old = app.get(&format!("/i/{OLD_TOKEN}"), None).await;
    assert_eq!((old.status, old.body), (StatusCode::NOT_FOUND, not_found), "the old link is the uniform 404");
    let status = app.state.store.mail_status(&app.campaign).await.expect("status");
    assert_eq!(status, MailStatus { queued: 1, sent: 0, failed: 0, resent: 0 });
    let contacts = app.state.store.contacts(&app.campaign).await.expect("contacts");
    assert!(contacts.iter().any(|c| c.respondent == LILLE && c.email == "nouvelle.agente@lillemetropole.fr"));
    assert!(app.state.store.pending_link_requests(&app.campaign).await.expect("requests").is_empty());
    assert_eq!(
        app.state.store.link_request(&app.campaign, request.id).await.expect("request").state,
        LinkRequestState::Sent
    );

    // A second click (another lead, a double click) sends nothing more.
    let again = app.post_form(&send, Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // The worker sends it, and its new link opens Lille's answer.
    assert_eq!(run_worker(&app).await, 1);
    let messages = inbox.take();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].to, ["nouvelle.agente@lillemetropole.fr"]);
    let fresh = token(&messages[0]);
    let opened = app.get(&format!("/i/{fresh}"), None).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    let cookie = opened.session_cookie().expect("session");
    let answer = app.get("/reponse", Some(&cookie)).await;
    assert_eq!(answer.status, StatusCode::OK);

    let audit = app.state.store.audit_entries(100).await.expect("audit");
    assert!(audit.iter().any(|e| e.action == "link_request.new" && e.subject == format!("npdc-2014/{LILLE}")));
    assert!(audit.iter().any(|e| e.action == "link_request.send" && e.actor == "lead@mutu.test"));
}

#[tokio::test]
async fn a_request_can_be_dismissed() {
    let app = app_with_relay(1).await;
    ask(&app, LILLE, "quelqu-un@exemple.fr").await;
    let id = app.state.store.pending_link_requests(&app.campaign).await.expect("requests")[0].id;
    let lead = app.login_as(Role::Lead).await;
    let url = format!("/vagues/npdc-2014/liens-perdus/{id}/ignorer");
    let done = app.post_form(&url, Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.state.store.link_request(&app.campaign, id).await.expect("request").state,
        LinkRequestState::Dismissed
    );
    assert_eq!(app.get(&format!("/i/{OLD_TOKEN}"), None).await.status, StatusCode::SEE_OTHER, "the link still works");
    let status = app.state.store.mail_status(&app.campaign).await.expect("status");
    assert_eq!(status.queued, 0);
    // A request of another wave, or none, is the uniform 404.
    let missing = app
        .post_form("/vagues/npdc-2014/liens-perdus/999999/ignorer", Some(&lead.cookie), &[("csrf", &lead.csrf)])
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_registered_domain_gets_its_link_at_once() {
    let (inbox, port) = Sink::start();
    let app = app_with_relay(port).await;
    let lead = app.login_as(Role::Lead).await;
    let add = app
        .post_form(
            "/vagues/npdc-2014/liens-perdus/domaines",
            Some(&lead.cookie),
            &[("csrf", &lead.csrf), ("cible", LILLE), ("domaine", "@LilleMetropole.fr")],
        )
        .await;
    assert_eq!(add.status, StatusCode::SEE_OTHER, "{}", add.body);
    let page = app.get("/vagues/npdc-2014", Some(&lead.cookie)).await;
    assert!(page.body.contains("lillemetropole.fr"));

    // Another domain waits for the lead; the registered one goes at once.
    let waiting = ask(&app, LILLE, "agent@gmail.example").await;
    assert!(text(&waiting).contains("Votre demande est transmise"));
    assert_eq!(app.state.store.mail_status(&app.campaign).await.expect("status").queued, 0);
    let at_once = ask(&app, LILLE, "dgs@lillemetropole.fr").await;
    assert!(text(&at_once).contains("un nouveau lien personnel vous est envoyé par courriel"), "{}", at_once.body);
    assert_eq!(app.get(&format!("/i/{OLD_TOKEN}"), None).await.status, StatusCode::NOT_FOUND, "old link revoked");
    assert_eq!(app.state.store.mail_status(&app.campaign).await.expect("status").queued, 1);
    assert_eq!(app.state.store.pending_link_requests(&app.campaign).await.expect("requests").len(), 1);
    assert_eq!(run_worker(&app).await, 1);
    let messages = inbox.take();
    assert_eq!(messages[0].to, ["dgs@lillemetropole.fr"]);
    assert_eq!(app.get(&format!("/i/{}", token(&messages[0])), None).await.status, StatusCode::SEE_OTHER);

    // Withdrawn, the domain waits for the lead again.
    let removed = app
        .post_form(
            "/vagues/npdc-2014/liens-perdus/domaines/supprimer",
            Some(&lead.cookie),
            &[("csrf", &lead.csrf), ("cible", LILLE), ("domaine", "lillemetropole.fr")],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(app.state.store.link_domains(&app.campaign).await.expect("domains").is_empty());
}

#[tokio::test]
async fn a_forged_request_is_refused_and_the_form_is_throttled() {
    let app = app_with_relay(1).await;
    // Without the form's cookie, or with another token: 403, nothing recorded.
    let forged = app.post_form("/lien-perdu", None, &[("csrf", "x"), ("organisme", LILLE), ("email", "a@b.fr")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let mismatched = app
        .post_form(
            "/lien-perdu",
            Some("mutu_login=un-jeton"),
            &[("csrf", "un-autre"), ("organisme", LILLE), ("email", "a@b.fr")],
        )
        .await;
    assert_eq!(mismatched.status, StatusCode::FORBIDDEN);
    assert!(app.state.store.pending_link_requests(&app.campaign).await.expect("requests").is_empty());

    // Five requests per client in the window, then 429.
    for i in 0..mutu_web::lost_link::MAX_PER_CLIENT {
        let reply = ask(&app, LILLE, &format!("agent{i}@exemple.fr")).await;
        assert_eq!(reply.status, StatusCode::OK);
    }
    let blocked = ask(&app, LILLE, "encore@exemple.fr").await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    let recorded = app.state.store.pending_link_requests(&app.campaign).await.expect("requests");
    assert_eq!(recorded.len() as u64, mutu_web::lost_link::MAX_PER_CLIENT);
}
