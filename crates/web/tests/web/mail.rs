//! Study-side mail: invitations and reminders queued from the page and sent by the worker
//! through a real SMTP server on loopback, a relay that is down, refused addresses retried
//! from the page, scheduled reminder days, and the editable templates.

use crate::common::{self, Login};
use crate::lead::{import_fixture_answers, location, unescape, wave};
use axum::http::StatusCode;
use mutu_app::invitations::{self, InvitationScope};
use mutu_app::mail::{MailWorker, Round};
use mutu_app::secrets::hash_token;
use mutu_domain::answers::ResponseStatus;
use mutu_domain::lifecycle::Role;
use mutu_smtp_sink::{Received, Sink};
use mutu_storage::{Contact, InvitationLookup, MailKind, MailStatus};
use std::collections::BTreeMap;

/// The decoded subject of a message: RFC 2047 encoded words, with the plain words between
/// them.
fn subject(message: &Received) -> String {
    use base64::Engine;
    let text = String::from_utf8_lossy(&message.data).replace("\r\n ", " ");
    let line = text.lines().find_map(|l| l.strip_prefix("Subject: ")).expect("subject").to_owned();
    let (mut bytes, mut previous_encoded) = (Vec::new(), false);
    for word in line.split(' ') {
        let encoded = word.strip_prefix("=?utf-8?b?").and_then(|w| w.strip_suffix("?="));
        let adjacent_encoded = previous_encoded && encoded.is_some();
        if !bytes.is_empty() && !adjacent_encoded {
            bytes.push(b' ');
        }
        match encoded {
            Some(b64) => bytes.extend(base64::engine::general_purpose::STANDARD.decode(b64).expect("base64")),
            None => bytes.extend_from_slice(word.as_bytes()),
        }
        previous_encoded = encoded.is_some();
    }
    String::from_utf8(bytes).expect("utf-8")
}

/// The token of the personal link in a message's body.
fn token(message: &Received) -> String {
    let body = message.body();
    let start = body.find("http://mutu.test/i/").expect("link in the body") + 19;
    body[start..start + 43].to_owned()
}

/// The application with a relay on `port`, the 53 EPCI's contacts imported.
async fn app_with_relay(port: u16) -> common::TestApp {
    let app = common::app().await.with_config(|c| {
        c.smtp = Some(mutu_web::SmtpConfig {
            host: "127.0.0.1".into(),
            port,
            from: "Observatoire <mutu@region.test>".into(),
        })
    });
    let contacts: Vec<Contact> = app
        .target_codes()
        .await
        .iter()
        .map(|c| Contact { respondent: c.clone(), email: format!("dgs-{c}@epci.test"), name: "DGS".into() })
        .collect();
    app.state.store.import_contacts(&app.campaign, &contacts).await.expect("contacts");
    app
}

/// One round of the worker `mutu serve` runs beside the web.
async fn run_worker(app: &common::TestApp) -> Round {
    let smtp = app.state.config.smtp.clone().expect("a relay");
    let worker = MailWorker::new(app.state.store.clone(), &smtp, &app.state.config.public_url, 10_000).expect("worker");
    worker.run_once().await.expect("round")
}

async fn status(app: &common::TestApp) -> MailStatus {
    app.state.store.mail_status(&app.campaign).await.expect("status")
}

#[tokio::test]
async fn invitations_and_reminders_are_queued_then_sent_through_a_real_smtp_server() {
    let (inbox, port) = Sink::start();
    let app = app_with_relay(port).await;
    let lead: Login = app.login_as(Role::Lead).await;

    let preview = app.get(&wave("/courriels?apercu=reminder&cible=245900410"), Some(&lead.cookie)).await;
    assert_eq!(preview.status, StatusCode::OK);
    let shown = unescape(&preview.body);
    assert!(
        shown.contains("Relance : enquête « Enquête NPDC 2014 »") && shown.contains("[lien personnel, créé à l'envoi]")
    );
    assert!(!shown.contains("<select id=\"apercu-cible\""), "the target is typed, not picked among every target");
    let unknown = app.get(&wave("/courriels?apercu=reminder&cible=999"), Some(&lead.cookie)).await;
    assert!(unescape(&unknown.body).contains("Aucune cible de code « 999 »"));

    // A wave in preparation: the mail is queued, and the page says when its links will work.
    let queued = app
        .post_form(&wave("/courriels/invitations"), Some(&lead.cookie), &[("csrf", &lead.csrf), ("portee", "all")])
        .await;
    assert_eq!(
        (queued.status, location(&queued)),
        (StatusCode::SEE_OTHER, "/vagues/npdc-2014/courriels?file=53&deja=0")
    );
    let page = unescape(&app.get(location(&queued), Some(&lead.cookie)).await.body);
    assert!(page.contains("53 courriels mis en file"), "{page}");
    assert!(page.contains("fonctionneront dès l'ouverture de la vague"));
    assert_eq!(inbox.take().len(), 0, "queuing sends nothing");
    assert_eq!(status(&app).await, MailStatus { queued: 53, sent: 0, failed: 0, resent: 0 });

    app.open_wave().await;
    assert_eq!(run_worker(&app).await.sent, 53);
    let messages = inbox.take();
    assert_eq!(messages.len(), 53);
    let lille = messages.iter().find(|m| m.to == ["dgs-245900410@epci.test"]).expect("Lille's invitation");
    assert_eq!(subject(lille), "Enquête « Enquête NPDC 2014 » : votre lien personnel");
    let lookup = app.state.store.lookup_invitation(&hash_token(&token(lille))).await.expect("lookup");
    assert!(
        matches!(lookup, InvitationLookup::Active { ref respondent, .. } if respondent == "245900410"),
        "{lookup:?}"
    );
    let invited: BTreeMap<String, String> = messages.iter().map(|m| (m.to[0].clone(), token(m))).collect();

    import_fixture_answers(&app).await;
    let reminded = app.post_form(&wave("/courriels/relances"), Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!(location(&reminded), "/vagues/npdc-2014/courriels?file=16&deja=0");
    run_worker(&app).await;
    let reminders = inbox.take();
    let complete: Vec<String> = app
        .state
        .store
        .target_statuses(&app.campaign)
        .await
        .expect("statuses")
        .into_iter()
        .filter(|s| s.status == Some(ResponseStatus::Complete))
        .map(|s| format!("dgs-{}@epci.test", s.target.code))
        .collect();
    assert_eq!(complete.len(), 37);
    assert_eq!(reminders.len(), 16);
    for m in &reminders {
        assert!(!complete.contains(&m.to[0]), "{} already answered", m.to[0]);
        assert!(subject(m).starts_with("Relance : enquête"));
        let old = app.state.store.lookup_invitation(&hash_token(&invited[&m.to[0]])).await.expect("lookup");
        assert_eq!(old, InvitationLookup::Unknown, "a reminder renews the link");
        let new = app.state.store.lookup_invitation(&hash_token(&token(m))).await.expect("lookup");
        assert!(matches!(new, InvitationLookup::Active { .. }));
    }
    let kept = app.state.store.lookup_invitation(&hash_token(&invited[&complete[0]])).await.expect("lookup");
    assert!(matches!(kept, InvitationLookup::Active { .. }), "those who answered keep their link");

    let small = [("csrf", lead.csrf.as_str()), ("taille", "lt10k"), ("departement", "")];
    let reminded = app.post_form(&wave("/courriels/relances"), Some(&lead.cookie), &small).await;
    assert_eq!(location(&reminded), "/vagues/npdc-2014/courriels?file=4&deja=0", "6 of the 10 small EPCI answered");
    let twice = app.post_form(&wave("/courriels/relances"), Some(&lead.cookie), &small).await;
    assert_eq!(location(&twice), "/vagues/npdc-2014/courriels?file=0&deja=4", "not queued twice");
    run_worker(&app).await;
    let last = inbox.take();
    assert_eq!(last.len(), 4);

    let log = app.state.store.mail_log(&app.campaign).await.expect("log");
    assert_eq!(log.len(), 53 + 16 + 4);
    assert!(log.iter().all(|e| e.ok));
    assert_eq!(log.iter().filter(|e| e.kind == MailKind::Reminder).count(), 20);
    assert_eq!(status(&app).await, MailStatus { queued: 0, sent: 73, failed: 0, resent: 0 });
    let page = app.get(&wave("/courriels"), Some(&lead.cookie)).await;
    assert!(page.body.contains(&last[0].to[0]) && page.body.contains(">73</td>"), "the progress and the log");
    assert!(page.body.contains("Page 1 sur 2"), "the log is paged, 50 a page");
    let second = app.get(&wave("/courriels?journal=2"), Some(&lead.cookie)).await;
    assert!(second.body.contains("Page 2 sur 2"));
}

#[tokio::test]
async fn a_relay_down_keeps_the_mail_queued_and_the_old_links() {
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port();
    let app = app_with_relay(closed_port).await;
    let links =
        invitations::issue(&app.state.store, &app.state.config.public_url, &app.campaign, InvitationScope::All, "test")
            .await
            .expect("links")
            .links;
    app.open_wave().await;
    let lead = app.login_as(Role::Lead).await;
    let fields = [("csrf", lead.csrf.as_str()), ("portee", "all")];
    let reply = app.post_form(&wave("/courriels/invitations"), Some(&lead.cookie), &fields).await;
    assert_eq!(location(&reply), "/vagues/npdc-2014/courriels?file=53&deja=0");
    let round = run_worker(&app).await;
    assert!(round.relay_down && round.sent == 0, "{round:?}");
    assert_eq!(status(&app).await, MailStatus { queued: 53, sent: 0, failed: 0, resent: 0 }, "nothing lost");
    let log = app.state.store.mail_log(&app.campaign).await.expect("log");
    assert!(!log.is_empty() && log.iter().all(|e| !e.ok && e.error.is_some()), "{log:?}");
    for link in &links {
        let token = link.url.rsplit('/').next().expect("token");
        let lookup = app.state.store.lookup_invitation(&hash_token(token)).await.expect("lookup");
        assert!(matches!(lookup, InvitationLookup::Active { .. }), "{} keeps its link", link.respondent);
    }
    let page = app.get(&wave("/courriels"), Some(&lead.cookie)).await;
    assert!(
        page.body.contains(">53</td>") && unescape(&page.body).contains("Échec : "),
        "queued, and the log says why"
    );
}

#[tokio::test]
async fn refused_addresses_are_listed_and_retried_from_the_page() {
    let (inbox, port) = Sink::start();
    inbox.refuse("dgs-245900410@epci.test");
    let app = app_with_relay(port).await;
    app.open_wave().await;
    let lead = app.login_as(Role::Lead).await;
    let fields = [("csrf", lead.csrf.as_str()), ("portee", "all")];
    app.post_form(&wave("/courriels/invitations"), Some(&lead.cookie), &fields).await;
    run_worker(&app).await;
    assert_eq!(status(&app).await, MailStatus { queued: 0, sent: 52, failed: 1, resent: 0 });
    let page = unescape(&app.get(&wave("/courriels"), Some(&lead.cookie)).await.body);
    assert!(page.contains("Courriels en échec, par cible (1)") && page.contains("550"), "{page}");
    inbox.accept_all();
    let retried = app.post_form(&wave("/courriels/echecs/relancer"), Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!(location(&retried), "/vagues/npdc-2014/courriels?relances=1");
    assert!(unescape(&app.get(location(&retried), Some(&lead.cookie)).await.body).contains("Un échec remis en file."));
    run_worker(&app).await;
    assert_eq!(status(&app).await, MailStatus { queued: 0, sent: 53, failed: 0, resent: 0 });
    assert!(inbox.take().iter().any(|m| m.to == ["dgs-245900410@epci.test"]));
}

#[tokio::test]
async fn reminder_days_are_scheduled_on_the_page() {
    let app = common::app().await;
    let lead = app.login_as(Role::Lead).await;
    let add = |day: &'static str| [("csrf", lead.csrf.clone()), ("jour", day.to_owned())];
    let fields = add("2014-09-15");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let added = app.post_form(&wave("/courriels/jours"), Some(&lead.cookie), &fields).await;
    assert_eq!(
        (added.status, location(&added)),
        (StatusCode::SEE_OTHER, "/vagues/npdc-2014/courriels#relances-programmees")
    );
    let page = unescape(&app.get(&wave("/courriels"), Some(&lead.cookie)).await.body);
    assert!(page.contains("15 septembre 2014 : à venir"), "{page}");
    let bad = [("csrf", lead.csrf.as_str()), ("jour", "15/09/2014")];
    assert_eq!(
        app.post_form(&wave("/courriels/jours"), Some(&lead.cookie), &bad).await.status,
        StatusCode::BAD_REQUEST
    );
    let removed = app.post_form(&wave("/courriels/jours/supprimer"), Some(&lead.cookie), &fields).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(app.state.store.reminder_days(&app.campaign).await.expect("days").is_empty());
}

#[tokio::test]
async fn templates_are_edited_and_a_missing_relay_is_said() {
    let app = common::app().await;
    let lead = app.login_as(Role::Lead).await;
    let page = app.get(&wave("/courriels"), Some(&lead.cookie)).await;
    assert!(unescape(&page.body).contains("Ce serveur n'envoie pas lui-même les courriels"));
    // Without a relay here, mail is still queued: a worker may run elsewhere.
    app.open_wave().await;
    let queued = app.post_form(&wave("/courriels/relances"), Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!(location(&queued), "/vagues/npdc-2014/courriels?file=0&deja=0", "no contact, no mail");
    app.state
        .store
        .set_campaign_state(&app.campaign, mutu_domain::lifecycle::CampaignState::Closed)
        .await
        .expect("close");
    let refused = app.post_form(&wave("/courriels/relances"), Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "a closed wave gets no mail");

    let no_link =
        [("csrf", lead.csrf.as_str()), ("kind", "reminder"), ("subject", "Relance"), ("body", "Bonjour {nom}")];
    let refused = app.post_form(&wave("/courriels/modele"), Some(&lead.cookie), &no_link).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"corps-reminder-erreur\""));
    let good = [
        ("csrf", lead.csrf.as_str()),
        ("kind", "reminder"),
        ("subject", "Rappel {vague}"),
        ("body", "{nom} : {lien} <b>"),
    ];
    assert_eq!(
        app.post_form(&wave("/courriels/modele"), Some(&lead.cookie), &good).await.status,
        StatusCode::SEE_OTHER
    );
    let stored =
        app.state.store.mail_template(&app.campaign, MailKind::Reminder).await.expect("store").expect("template");
    assert_eq!(stored.subject, "Rappel {vague}");
    let preview = app.get(&wave("/courriels?apercu=reminder&cible=245900410"), Some(&lead.cookie)).await;
    assert!(preview.body.contains("Rappel Enquête NPDC 2014"));
    assert!(preview.body.contains("&lt;b&gt;") && !preview.body.contains("<b>"), "the preview is escaped");
}
