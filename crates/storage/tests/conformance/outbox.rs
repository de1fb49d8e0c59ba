//! Conformance of the outbox: queuing (in bulk, never twice for one waiting recipient),
//! claiming with a lease, handing over, marking sent (the link activated, the log written,
//! the body emptied) or failed (again later, or for good, then retried), a lapsed lease taken
//! over and counted as resent, concurrent claimers never sharing a mail, the scheduled
//! reminder days queued once, and the erasure of an address.

use anyhow::Result;
use mutu_domain::codes::CampaignCode;
use mutu_domain::testing::{WaveBuilder, target};
use mutu_storage::{InvitationLookup, MailKind, MailStatus, NewMail, RenderedMail, Store};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use time::macros::date;

const LEASE: Duration = Duration::from_secs(60);

/// A wave of `n` targets `00000`, `00001`… stored.
async fn wave(store: &Store, n: usize) -> Result<CampaignCode> {
    let targets = (0..n).map(|i| target(&format!("{i:05}"), &format!("EPCI {i}"), "59", 5_000)).collect();
    let c = WaveBuilder::new("courrier-2026").targets(targets).build();
    store.create_campaign(&c).await?;
    Ok(c.code)
}

fn mails(range: std::ops::Range<usize>) -> Vec<NewMail> {
    range
        .map(|i| NewMail {
            respondent: format!("{i:05}"),
            email: format!("dgs-{i}@epci.test"),
            name: "DGS".into(),
            message_id: format!("<{i}-{}@mutu.test>", uuid::Uuid::new_v4().simple()),
        })
        .collect()
}

fn rendered(n: usize) -> RenderedMail {
    RenderedMail {
        subject: format!("Invitation {n}"),
        body: format!("lien http://x/i/t{n}"),
        token_hash: Some(format!("h{n}")),
    }
}

fn status(queued: u64, sent: u64, failed: u64, resent: u64) -> MailStatus {
    MailStatus { queued, sent, failed, resent }
}

pub(super) async fn mail_is_queued_claimed_and_marked(store: &Store) -> Result<()> {
    let code = wave(store, 3).await?;
    assert_eq!(store.queue_mail(&code, MailKind::Invitation, &mails(0..2)).await?, 2);
    assert_eq!(
        store.queue_mail(&code, MailKind::Invitation, &mails(0..3)).await?,
        1,
        "waiting ones are not queued twice"
    );
    assert_eq!(store.queue_mail(&code, MailKind::Reminder, &mails(0..1)).await?, 1, "another kind is another mail");
    let stranger = NewMail { respondent: "99999".into(), ..mails(0..1).remove(0) };
    assert!(store.queue_mail(&code, MailKind::Reminder, &[stranger]).await.is_err(), "not a target");
    assert_eq!(store.mail_status(&code).await?, status(4, 0, 0, 0));

    let claimed = store.claim_mail("w1", 10, LEASE).await?;
    assert_eq!(claimed.len(), 4);
    assert!(claimed.iter().all(|m| m.rendered.is_none() && m.attempts == 0 && !m.caught_in_flight));
    assert_eq!((claimed[0].target_name.as_str(), claimed[0].campaign.as_str()), ("EPCI 0", "courrier-2026"));
    assert!(store.claim_mail("w2", 10, LEASE).await?.is_empty(), "a claimed mail is nobody else's");
    let first = &claimed[0];
    assert!(!store.hand_mail(first.id, "w2", &rendered(0)).await?, "only the claimant hands it over");
    assert!(store.hand_mail(first.id, "w1", &rendered(0)).await?);
    assert!(store.mark_mail_sent(first.id).await?);
    assert!(!store.mark_mail_sent(first.id).await?, "sent once");
    let lookup = store.lookup_invitation("h0").await?;
    assert!(matches!(lookup, InvitationLookup::Active { ref respondent, .. } if respondent == "00000"), "{lookup:?}");
    let log = store.mail_log(&code).await?;
    assert_eq!((log.len(), log[0].ok, log[0].subject.as_str()), (1, true, "Invitation 0"));

    // A transient failure queues it again for later, keeping what was handed over.
    let second = &claimed[1];
    assert!(store.hand_mail(second.id, "w1", &rendered(1)).await?);
    let past = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
    assert!(store.mark_mail_failed(second.id, "451 plus tard", Some(past)).await?);
    assert_eq!(store.release_mail("w1", time::OffsetDateTime::now_utc() + time::Duration::hours(1)).await?, 2);
    let again = store.claim_mail("w2", 10, LEASE).await?;
    assert_eq!(again.len(), 1, "the two released ones wait an hour");
    assert_eq!((again[0].id, again[0].attempts, again[0].rendered.clone()), (second.id, 1, Some(rendered(1))));
    // A permanent one fails for good and forgets its link.
    assert!(store.hand_mail(second.id, "w2", &rendered(1)).await?);
    assert!(store.mark_mail_failed(second.id, "550 inconnu", None).await?);
    assert_eq!(store.mail_status(&code).await?, status(2, 1, 1, 0));
    let failed = store.failed_mail(&code, 0, 50).await?;
    assert_eq!((failed.total, failed.items[0].error.as_str(), failed.items[0].attempts), (1, "550 inconnu", 2));
    assert_eq!(store.lookup_invitation("h1").await?, InvitationLookup::Unknown, "a failed mail's link never works");
    assert_eq!(store.mail_log_page(&code, 0, 2).await?.total, 3, "every attempt is logged");
    assert_eq!(store.retry_failed_mail(&code).await?, 1);
    assert_eq!(store.mail_status(&code).await?, status(3, 1, 0, 0));

    // The person may see it, and erasing the address takes it out of the outbox.
    let held = store.personal_data(" DGS-1@epci.test").await?.outbox;
    assert_eq!((held.len(), held[0].state.as_str(), held[0].kind), (1, "queued", MailKind::Invitation));
    let erased = store.erase_person("DGS-1@epci.test").await?;
    assert_eq!(erased.outbox, 1);
    assert!(erased.leftovers.iter().all(|o| o.table != "outbox"), "{:?}", erased.leftovers);
    Ok(())
}

pub(super) async fn a_lapsed_lease_is_taken_over_and_counted_resent(store: &Store) -> Result<()> {
    let code = wave(store, 2).await?;
    store.queue_mail(&code, MailKind::Invitation, &mails(0..2)).await?;
    let claimed = store.claim_mail("mort", 10, Duration::from_millis(1)).await?;
    assert!(store.hand_mail(claimed[0].id, "mort", &rendered(0)).await?, "caught in flight");
    tokio::time::sleep(Duration::from_millis(20)).await;
    let taken = store.claim_mail("vivant", 10, LEASE).await?;
    assert_eq!(taken.len(), 2, "both lapsed");
    assert!(taken[0].caught_in_flight && taken[0].rendered == Some(rendered(0)), "{:?}", taken[0]);
    assert!(!taken[1].caught_in_flight && taken[1].rendered.is_none(), "never handed over: not a copy");
    assert_eq!(taken[0].message_id, claimed[0].message_id);
    assert!(!store.hand_mail(claimed[0].id, "mort", &rendered(0)).await?, "the dead worker lost it");
    assert!(store.hand_mail(taken[0].id, "vivant", &rendered(0)).await?);
    assert!(store.mark_mail_sent(taken[0].id).await?);
    assert_eq!(store.mail_status(&code).await?, status(1, 1, 0, 1));
    assert!(store.renew_mail_lease("vivant", LEASE).await? == 1);
    Ok(())
}

/// Four claimers on one database, each taking small batches until nothing is left: every
/// mail is claimed exactly once. Queuing 3 000 mails is one transaction.
pub(super) async fn concurrent_claimers_never_share_a_mail(store: &Store) -> Result<()> {
    const N: usize = 3_000;
    let code = wave(store, N).await?;
    let start = Instant::now();
    assert_eq!(store.queue_mail(&code, MailKind::Invitation, &mails(0..N)).await?, N as u64);
    println!("{N} mails queued in {:.0} ms", start.elapsed().as_secs_f64() * 1000.0);
    let mut tasks = vec![];
    for w in 0..4 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut got = vec![];
            loop {
                let batch = store.claim_mail(&format!("w{w}"), 7, LEASE).await?;
                if batch.is_empty() {
                    return anyhow::Ok(got);
                }
                got.extend(batch.into_iter().map(|m| m.id));
            }
        }));
    }
    let mut all = vec![];
    let mut per_worker = vec![];
    for task in tasks {
        let got = task.await??;
        per_worker.push(got.len());
        all.extend(got);
    }
    let distinct: BTreeSet<i64> = all.iter().copied().collect();
    assert_eq!((all.len(), distinct.len()), (N, N), "claims per worker {per_worker:?}");
    Ok(())
}

pub(super) async fn reminder_days_are_queued_once(store: &Store) -> Result<()> {
    let code = wave(store, 3).await?;
    for day in [date!(2026 - 03 - 10), date!(2026 - 03 - 20), date!(2026 - 03 - 10)] {
        store.add_reminder_day(&code, day).await?;
    }
    assert_eq!(store.reminder_days(&code).await?.len(), 2);
    assert_eq!(store.due_reminder_days(date!(2026 - 03 - 09)).await?, vec![]);
    assert_eq!(store.due_reminder_days(date!(2026 - 03 - 15)).await?, vec![(code.clone(), date!(2026 - 03 - 10))]);
    let (first, second) = (mails(0..3), mails(0..3));
    let (a, b) = tokio::join!(
        store.queue_reminder_day(&code, date!(2026 - 03 - 10), &first),
        store.queue_reminder_day(&code, date!(2026 - 03 - 10), &second),
    );
    let mut outcomes = [a?, b?];
    outcomes.sort();
    assert_eq!(outcomes, [None, Some(3)], "one of two workers queues the day");
    assert_eq!(store.mail_status(&code).await?.queued, 3);
    assert_eq!(store.due_reminder_days(date!(2026 - 03 - 15)).await?, vec![]);
    let days = store.reminder_days(&code).await?;
    assert_eq!((days[0].queued, days[0].done_at.is_some(), days[1].queued), (Some(3), true, None));
    assert!(store.remove_reminder_day(&code, date!(2026 - 03 - 20)).await?);
    assert!(!store.remove_reminder_day(&code, date!(2026 - 03 - 20)).await?);
    assert_eq!(store.reminder_days(&code).await?.len(), 1);
    Ok(())
}
