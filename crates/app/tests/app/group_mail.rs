//! Inviting a working group's members by mail (issue 16), through the outbox and a worker
//! against a real SMTP server on loopback: the members with a contact receive the group's
//! invitation, a member's survey link still works afterwards, pressing twice queues nothing
//! twice, another group for the same member is another mail, and a closed wave is refused.

use anyhow::Result;
use mutu_app::mail::{self, MailWorker, SmtpSettings, WorkerSettings};
use mutu_app::secrets::hash_token;
use mutu_domain::codes::CatalogueCode;
use mutu_domain::groups::{NewGroup, Subject};
use mutu_domain::lifecycle::CampaignState;
use mutu_domain::testing::{WaveBuilder, target};
use mutu_smtp_sink::Sink;
use mutu_storage::{Contact, InvitationLookup, MailKind, Store};
use std::time::Duration;

const PUBLIC_URL: &str = "http://mutu.test";
const LILLE: &str = "200093201";
const ARRAS: &str = "200033579";
const DOUAI: &str = "200041960";

/// An open wave of three EPCI; Lille and Arras have a contact, Douai none.
async fn wave(store: &Store) -> Result<mutu_domain::campaign::Campaign> {
    let targets = vec![
        target(LILLE, "Métropole Européenne de Lille", "59", 1_100_000),
        target(ARRAS, "CU d'Arras", "62", 108_000),
        target(DOUAI, "CA du Douaisis", "59", 150_000),
    ];
    let c = WaveBuilder::new("groupes-2026").name("Enquête 2026").targets(targets).build();
    store.create_campaign(&c).await?;
    let contact =
        |code: &str, email: &str| Contact { respondent: code.into(), email: email.into(), name: "DGS".into() };
    store.import_contacts(&c.code, &[contact(LILLE, "dgs@lille.test"), contact(ARRAS, "dgs@arras.test")]).await?;
    store.set_campaign_state(&c.code, CampaignState::Open).await?;
    Ok(c)
}

fn worker(store: &Store, port: u16) -> Result<MailWorker> {
    let smtp = SmtpSettings { host: "127.0.0.1".into(), port, from: "Observatoire <mutu@region.test>".into() };
    let settings = WorkerSettings { rate: 100_000, idle: Duration::from_millis(50), ..Default::default() };
    Ok(MailWorker::new(store.clone(), &smtp, PUBLIC_URL, 100_000)?.with_settings(settings))
}

/// Runs rounds until nothing is left to send.
async fn drain(worker: &MailWorker, store: &Store, code: &mutu_domain::codes::CampaignCode) -> Result<()> {
    while store.mail_status(code).await?.queued > 0 {
        worker.run_once().await?;
    }
    Ok(())
}

/// The token of the personal link in a body.
fn token(body: &str) -> String {
    let start = body.find("http://mutu.test/i/").expect("link in the body") + 19;
    body[start..start + 43].to_owned()
}

pub async fn a_group_invitation_reaches_its_members_and_leaves_their_links(store: &Store) -> Result<()> {
    let c = wave(store).await?;
    let (sink, port) = Sink::start();
    let worker = worker(store, port)?;
    // The survey invitations first: Lille holds a working link.
    mail::queue_invitations(store, &c.code, false, "test").await?;
    drain(&worker, store, &c.code).await?;
    let survey = sink.take().into_iter().find(|m| m.to == ["dgs@lille.test"]).expect("Lille's survey invitation");
    let lille_link = hash_token(&token(&survey.body()));
    let active = |lookup: InvitationLookup| matches!(lookup, InvitationLookup::Active { ref respondent, .. } if respondent == LILLE);
    assert!(active(store.lookup_invitation(&lille_link).await?));

    let service = Subject::Service(CatalogueCode::parse(&c.catalogue.services[0].code)?);
    let sig = store.create_group(&NewGroup::new(&c, "SIG mutualisé", service.clone(), &[LILLE, ARRAS, DOUAI])?).await?;
    let done = mail::queue_group_invitations(store, sig, PUBLIC_URL, "lead@region.test").await?;
    assert_eq!((done.queued, done.already_waiting, done.without_contact.clone()), (2, 0, vec![DOUAI.to_owned()]));
    assert_eq!(done.state, CampaignState::Open);
    let twice = mail::queue_group_invitations(store, sig, PUBLIC_URL, "lead@region.test").await?;
    assert_eq!((twice.queued, twice.already_waiting), (0, 2), "a double click queues nothing twice");
    let gru = store.create_group(&NewGroup::new(&c, "GRU partagée", service, &[LILLE, DOUAI])?).await?;
    let other = mail::queue_group_invitations(store, gru, PUBLIC_URL, "lead@region.test").await?;
    assert_eq!((other.queued, other.already_waiting, other.without_contact.len()), (1, 0, 1), "another group");

    drain(&worker, store, &c.code).await?;
    let received = sink.take();
    assert_eq!(received.len(), 3, "two members of the SIG group, one of the GRU group");
    let body = |m: &mutu_smtp_sink::Received| m.body().replace("\r\n", "\n");
    let to_lille: Vec<String> = received.iter().filter(|m| m.to == ["dgs@lille.test"]).map(body).collect();
    assert_eq!(to_lille.len(), 2);
    let about_sig = to_lille.iter().find(|b| b.contains("« SIG mutualisé »")).expect("Lille's SIG invitation");
    assert!(about_sig.contains("Votre structure, Métropole Européenne de Lille, est invitée"), "{about_sig}");
    assert!(about_sig.contains("- CA du Douaisis\n- CU d'Arras\n- Métropole Européenne de Lille\n"), "{about_sig}");
    assert!(about_sig.contains("http://mutu.test/reponse") && !about_sig.contains("/i/"), "{about_sig}");
    assert!(to_lille.iter().any(|b| b.contains("« GRU partagée »")));
    let to_arras = body(received.iter().find(|m| m.to == ["dgs@arras.test"]).expect("Arras's invitation"));
    assert!(
        to_arras.contains("« SIG mutualisé »") && to_arras.contains("Votre structure, CU d'Arras, est invitée"),
        "{to_arras}"
    );

    // The survey links are untouched: Lille's still opens its answers.
    assert!(active(store.lookup_invitation(&lille_link).await?), "the survey link still works");
    let log = store.mail_log(&c.code).await?;
    assert_eq!(log.iter().filter(|e| e.kind == MailKind::Group && e.ok).count(), 3);
    let audit = store.audit_entries(20).await?;
    let invites: Vec<&str> = audit.iter().filter(|e| e.action == "groups.invite").map(|e| e.subject.as_str()).collect();
    assert_eq!(invites, [gru.to_string(), sig.to_string(), sig.to_string()]);

    // Sent, the same invitation may be sent again on purpose; a closed wave is refused.
    assert_eq!(mail::queue_group_invitations(store, sig, PUBLIC_URL, "lead").await?.queued, 2);
    store.set_campaign_state(&c.code, CampaignState::Closed).await?;
    let refused = mail::queue_group_invitations(store, sig, PUBLIC_URL, "lead").await;
    assert!(matches!(refused, Err(mutu_app::AppError::State(_))), "{refused:?}");
    Ok(())
}
