//! The mail worker against a real SMTP server on loopback: every queued mail delivered
//! exactly once (mails a second printed), a refused address failed alone and retried on
//! demand, a relay that is down tried again later, two workers on one database never
//! sending one mail twice, the pace held, a mail caught in flight sent again with its
//! `Message-ID`, and the reminders of a scheduled day.

use anyhow::Result;
use mutu_app::mail::{self, MailWorker, ReminderFilter, SmtpSettings, WorkerSettings};
use mutu_app::secrets::hash_token;
use mutu_domain::answers::{Answers, Response, ResponseStatus};
use mutu_domain::codes::CampaignCode;
use mutu_domain::lifecycle::CampaignState;
use mutu_domain::testing::{WaveBuilder, target};
use mutu_smtp_sink::Sink;
use mutu_storage::{Contact, InvitationLookup, MailStatus, RenderedMail, Store};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

const PUBLIC_URL: &str = "http://mutu.test";

/// An open wave of `n` targets `00000`… whose contacts are `dgs-N@epci.test`.
async fn wave(store: &Store, n: usize) -> Result<CampaignCode> {
    let targets = (0..n).map(|i| target(&format!("{i:05}"), &format!("EPCI {i}"), "59", 5_000)).collect();
    let c = WaveBuilder::new("courrier-2026").name("Enquête 2026").targets(targets).build();
    store.create_campaign(&c).await?;
    let contacts: Vec<Contact> = (0..n)
        .map(|i| Contact { respondent: format!("{i:05}"), email: format!("dgs-{i}@epci.test"), name: "DGS".into() })
        .collect();
    store.import_contacts(&c.code, &contacts).await?;
    store.set_campaign_state(&c.code, CampaignState::Open).await?;
    Ok(c.code)
}

/// A worker on `port`, unpaced unless `rate` says otherwise, retrying after `retry`.
fn worker(store: &Store, port: u16, rate: u32, retry: Duration) -> Result<MailWorker> {
    let smtp = SmtpSettings { host: "127.0.0.1".into(), port, from: "Observatoire <mutu@region.test>".into() };
    let settings =
        WorkerSettings { rate, batch: 100, first_retry: retry, idle: Duration::from_millis(50), ..Default::default() };
    Ok(MailWorker::new(store.clone(), &smtp, PUBLIC_URL, rate)?.with_settings(settings))
}

/// Runs rounds until nothing is left to send.
async fn drain(worker: &MailWorker, store: &Store, code: &CampaignCode) -> Result<()> {
    while store.mail_status(code).await?.queued > 0 {
        worker.run_once().await?;
    }
    Ok(())
}

fn status(queued: u64, sent: u64, failed: u64, resent: u64) -> MailStatus {
    MailStatus { queued, sent, failed, resent }
}

/// The token of the personal link in a body.
fn token(body: &str) -> String {
    let start = body.find("http://mutu.test/i/").expect("link in the body") + 19;
    body[start..start + 43].to_owned()
}

pub async fn two_thousand_invitations_are_delivered_once(store: &Store) -> Result<()> {
    const N: usize = 2_000;
    let code = wave(store, N).await?;
    let start = Instant::now();
    let queued = mail::queue_invitations(store, &code, false, "test").await?;
    println!("{N} invitations queued in {:.0} ms", start.elapsed().as_secs_f64() * 1000.0);
    assert_eq!((queued.queued, queued.state), (N as u64, CampaignState::Open));
    let (sink, port) = Sink::start();
    let worker = worker(store, port, 100_000, Duration::from_secs(60))?;
    let start = Instant::now();
    drain(&worker, store, &code).await?;
    let seconds = start.elapsed().as_secs_f64();
    println!("{N} mails delivered in {seconds:.1} s: {:.0} mails/s ({:?})", N as f64 / seconds, store.backend());
    let received = sink.received();
    assert_eq!(received.len(), N);
    let copies = sink.copies();
    assert_eq!(copies.len(), N, "one Message-ID per mail");
    assert!(copies.values().all(|n| *n == 1));
    let recipients: BTreeSet<String> = received.iter().map(|m| m.to.join(",")).collect();
    assert_eq!(recipients.len(), N);
    assert_eq!(store.mail_status(&code).await?, status(0, N as u64, 0, 0));
    let first = received.iter().find(|m| m.to == ["dgs-7@epci.test"]).expect("the mail of 00007");
    assert!(first.body().contains("EPCI 7") && first.body().contains("Enquête 2026"));
    let lookup = store.lookup_invitation(&hash_token(&token(&first.body()))).await?;
    assert!(matches!(lookup, InvitationLookup::Active { ref respondent, .. } if respondent == "00007"), "{lookup:?}");
    assert_eq!(store.mail_log(&code).await?.len(), N);
    // Every target holds a working link now.
    assert_eq!(mail::queue_invitations(store, &code, true, "test").await?.queued, 0, "nobody is missing one");
    Ok(())
}

pub async fn a_refused_address_fails_alone_and_is_retried_on_demand(store: &Store) -> Result<()> {
    let code = wave(store, 20).await?;
    let (sink, port) = Sink::start();
    sink.refuse("dgs-3@epci.test");
    mail::queue_invitations(store, &code, false, "test").await?;
    let worker = worker(store, port, 100_000, Duration::from_secs(60))?;
    drain(&worker, store, &code).await?;
    assert_eq!(store.mail_status(&code).await?, status(0, 19, 1, 0));
    let failed = store.failed_mail(&code, 0, 50).await?;
    assert_eq!((failed.total, failed.items[0].respondent.as_str()), (1, "00003"));
    assert!(failed.items[0].error.contains("550"), "{}", failed.items[0].error);
    assert!(sink.received().iter().all(|m| m.to != ["dgs-3@epci.test"]));
    sink.accept_all();
    assert_eq!(store.retry_failed_mail(&code).await?, 1);
    drain(&worker, store, &code).await?;
    assert_eq!(store.mail_status(&code).await?, status(0, 20, 0, 0));
    assert_eq!(sink.count(), 20);
    Ok(())
}

pub async fn a_relay_down_is_tried_again_later(store: &Store) -> Result<()> {
    let code = wave(store, 30).await?;
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    drop(listener);
    mail::queue_invitations(store, &code, false, "test").await?;
    let worker = worker(store, port, 100_000, Duration::from_millis(300))?;
    let round = worker.run_once().await?;
    // Each of the 4 lanes tried one mail before stopping.
    assert!(round.relay_down && round.sent == 0 && (1..=4).contains(&round.retried), "{round:?}");
    assert_eq!(store.mail_status(&code).await?, status(30, 0, 0, 0), "nothing lost, nothing failed");
    let round = worker.run_once().await?;
    assert_eq!(round.claimed, 0, "the relay is given time: nothing is due yet");
    let sink = Sink::on(std::net::TcpListener::bind(("127.0.0.1", port))?);
    tokio::time::sleep(Duration::from_millis(400)).await;
    drain(&worker, store, &code).await?;
    assert_eq!(store.mail_status(&code).await?, status(0, 30, 0, 0));
    assert_eq!(sink.copies().len(), 30);
    Ok(())
}

/// Two workers, each with its own connections, on one database: every mail reaches the
/// sink once.
pub async fn two_workers_never_send_one_mail_twice(db: &crate::db::TestDb) -> Result<()> {
    const N: usize = 1_500;
    let store = &db.store;
    let code = wave(store, N).await?;
    mail::queue_invitations(store, &code, false, "test").await?;
    let (sink, port) = Sink::start();
    let other = Store::open(&db.url).await?;
    let (a, b) = (
        worker(store, port, 100_000, Duration::from_secs(60))?,
        worker(&other, port, 100_000, Duration::from_secs(60))?,
    );
    let start = Instant::now();
    let (ra, rb) = tokio::join!(drain(&a, store, &code), drain(&b, &other, &code));
    ra?;
    rb?;
    let seconds = start.elapsed().as_secs_f64();
    println!("two workers: {N} mails in {seconds:.1} s, {:.0} mails/s ({:?})", N as f64 / seconds, store.backend());
    let copies = sink.copies();
    assert_eq!((sink.count(), copies.len()), (N, N), "no mail twice");
    assert_eq!(store.mail_status(&code).await?, status(0, N as u64, 0, 0));
    Ok(())
}

pub async fn the_pace_is_held(store: &Store) -> Result<()> {
    let code = wave(store, 30).await?;
    mail::queue_invitations(store, &code, false, "test").await?;
    let (sink, port) = Sink::start();
    let worker = worker(store, port, 20, Duration::from_secs(60))?;
    let start = Instant::now();
    drain(&worker, store, &code).await?;
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(sink.count(), 30);
    assert!(seconds >= 1.4, "30 mails at 20 a second took {seconds:.2} s");
    Ok(())
}

pub async fn a_mail_caught_in_flight_is_sent_again_unchanged(store: &Store) -> Result<()> {
    let code = wave(store, 3).await?;
    mail::queue_invitations(store, &code, false, "test").await?;
    // A worker that claims, records one mail as handed over, and dies.
    let claimed = store.claim_mail("mort", 10, Duration::from_millis(1)).await?;
    let link = mutu_app::invitations::NewLink::make(PUBLIC_URL);
    let body = format!("Votre lien : {}", link.url);
    let handed = RenderedMail { subject: "Invitation".into(), body, token_hash: Some(link.token_hash.clone()) };
    assert!(store.hand_mail(claimed[0].id, "mort", &handed).await?);
    tokio::time::sleep(Duration::from_millis(20)).await;
    let (sink, port) = Sink::start();
    let worker = worker(store, port, 100_000, Duration::from_secs(60))?;
    let round = worker.run_once().await?;
    assert_eq!((round.sent, round.resent), (3, 1));
    assert_eq!(store.mail_status(&code).await?, status(0, 3, 0, 1));
    let again = sink.received().into_iter().find(|m| m.message_id() == claimed[0].message_id).expect("sent again");
    assert!(again.body().contains(&link.url), "the same link as the copy that may have left");
    let lookup = store.lookup_invitation(&link.token_hash).await?;
    assert!(matches!(lookup, InvitationLookup::Active { .. }));
    Ok(())
}

pub async fn scheduled_reminders_go_out_on_their_day(store: &Store) -> Result<()> {
    let code = wave(store, 10).await?;
    let complete = |n: usize| Response {
        respondent: format!("{n:05}"),
        status: ResponseStatus::Complete,
        submitted_at: None,
        answers: Answers::new(),
    };
    store.import_responses(&code, &[complete(0), complete(1), complete(2)]).await?;
    let today = time::OffsetDateTime::now_utc().date();
    store.add_reminder_day(&code, today).await?;
    store.add_reminder_day(&code, today.next_day().expect("tomorrow")).await?;
    let (sink, port) = Sink::start();
    let worker = worker(store, port, 100_000, Duration::from_secs(60))?;
    let round = worker.run_once().await?;
    assert_eq!((round.reminders, round.sent), (7, 7), "{round:?}");
    let to: BTreeSet<String> = sink.received().iter().map(|m| m.to.join(",")).collect();
    assert!(!to.contains("dgs-0@epci.test") && to.contains("dgs-9@epci.test"));
    assert!(sink.received().iter().all(|m| m.body().contains("pas encore été")), "the reminder's template");
    assert_eq!(worker.run_once().await?.reminders, 0, "a day goes out once");
    let days = store.reminder_days(&code).await?;
    assert_eq!((days[0].queued, days[1].queued), (Some(7), None));
    // Reminders asked by hand follow the filters; a closed wave gets none.
    let filter = ReminderFilter { size_class: Some("nope".into()), departement: None };
    assert!(mail::queue_reminders(store, &code, &filter, "test").await.is_err());
    store.set_campaign_state(&code, CampaignState::Closed).await?;
    let refused = mail::queue_reminders(store, &code, &ReminderFilter::default(), "test").await;
    assert!(matches!(refused, Err(mutu_app::AppError::State(_))), "{refused:?}");
    Ok(())
}
