//! Conformance of a working group's invitations in the outbox (issue 16): queued with their
//! text, never twice for the same waiting mail but once per group, claimed already rendered
//! and without link, marked sent or failed without touching the target's personal link, and
//! read back as `group` by the mail log, the failures and the person's right of access.

use anyhow::Result;
use mutu_domain::codes::CampaignCode;
use mutu_domain::testing::{WaveBuilder, target};
use mutu_storage::{InvitationLookup, MailKind, MailStatus, NewMail, PreparedMail, RenderedMail, Store, StoreError};
use std::time::Duration;

const LEASE: Duration = Duration::from_secs(60);

/// A wave of two targets `00000`, `00001`, whose first holds a working link `lien-0`.
async fn wave(store: &Store) -> Result<CampaignCode> {
    let targets = (0..2).map(|i| target(&format!("{i:05}"), &format!("EPCI {i}"), "59", 5_000)).collect();
    let c = WaveBuilder::new("groupes-2026").targets(targets).build();
    store.create_campaign(&c).await?;
    store.set_invitation(&c.code, "00000", "lien-0").await?;
    Ok(c.code)
}

fn new_mail(i: usize) -> NewMail {
    NewMail {
        respondent: format!("{i:05}"),
        email: format!("dgs-{i}@epci.test"),
        name: "DGS".into(),
        message_id: format!("<{i}-{}@mutu.test>", uuid::Uuid::new_v4().simple()),
    }
}

/// The invitation of target `i` to the group `group`.
fn invitation(i: usize, group: &str) -> PreparedMail {
    PreparedMail {
        mail: new_mail(i),
        subject: format!("Invitation au groupe de travail « {group} »"),
        body: format!("Bonjour,\nEPCI {i} est invité au groupe « {group} ».\n"),
    }
}

/// What a group mail holds: its text, no link.
fn written(p: &PreparedMail) -> RenderedMail {
    RenderedMail { subject: p.subject.clone(), body: p.body.clone(), token_hash: None }
}

fn linked(lookup: &InvitationLookup, respondent: &str) -> bool {
    matches!(lookup, InvitationLookup::Active { respondent: r, .. } if r == respondent)
}

pub(super) async fn a_group_mail_is_sent_as_written_and_leaves_the_link_alone(store: &Store) -> Result<()> {
    let code = wave(store).await?;
    let sig = [invitation(0, "SIG"), invitation(1, "SIG")];
    assert_eq!(store.queue_group_mail(&code, &sig).await?, 2);
    assert_eq!(
        store.queue_group_mail(&code, &[invitation(0, "SIG"), invitation(1, "SIG")]).await?,
        0,
        "the same invitation waiting is not queued twice"
    );
    assert_eq!(store.queue_group_mail(&code, &[invitation(0, "GRU")]).await?, 1, "another group is another mail");
    assert_eq!(store.queue_mail(&code, MailKind::Invitation, &[new_mail(1)]).await?, 1, "a survey invitation too");
    assert!(
        matches!(store.queue_mail(&code, MailKind::Group, &[new_mail(0)]).await, Err(StoreError::Invalid(_))),
        "a group mail is queued with its text"
    );
    let stranger = PreparedMail { mail: NewMail { respondent: "99999".into(), ..new_mail(0) }, ..invitation(0, "X") };
    assert!(matches!(store.queue_group_mail(&code, &[stranger]).await, Err(StoreError::NotFound(_))), "not a target");
    assert_eq!(store.mail_status(&code).await?, MailStatus { queued: 4, sent: 0, failed: 0, resent: 0 });

    // Claimed as written, without link; the survey invitation is rendered by the worker.
    let claimed = store.claim_mail("w1", 10, LEASE).await?;
    assert_eq!(
        claimed.iter().map(|m| m.kind).collect::<Vec<_>>(),
        [MailKind::Group, MailKind::Group, MailKind::Group, MailKind::Invitation]
    );
    let first = &claimed[0];
    assert_eq!((first.respondent.as_str(), first.rendered.clone()), ("00000", Some(written(&sig[0]))));
    assert_eq!(claimed[3].rendered, None);

    // Even handed over with a hash, a group mail stores none, and sending it leaves the link.
    let forged = RenderedMail { token_hash: Some("intrus".into()), ..written(&sig[0]) };
    assert!(store.hand_mail(first.id, "w1", &forged).await?);
    assert!(store.mark_mail_sent(first.id).await?);
    assert!(linked(&store.lookup_invitation("lien-0").await?, "00000"), "the target's link still works");
    assert_eq!(store.lookup_invitation("intrus").await?, InvitationLookup::Unknown);
    let log = store.mail_log(&code).await?;
    assert_eq!((log.len(), log[0].kind, log[0].subject.as_str()), (1, MailKind::Group, sig[0].subject.as_str()));
    assert!(log[0].ok);

    // Failed for good, it keeps its text (it holds no link), and goes as written once retried.
    let gru = &claimed[2];
    assert!(store.hand_mail(gru.id, "w1", gru.rendered.as_ref().expect("written")).await?);
    assert!(store.mark_mail_failed(gru.id, "550 inconnu", None).await?);
    assert!(linked(&store.lookup_invitation("lien-0").await?, "00000"), "a failure leaves the link too");
    let failed = store.failed_mail(&code, 0, 10).await?;
    assert_eq!((failed.total, failed.items[0].kind), (1, MailKind::Group));
    assert_eq!(store.release_mail("w1", time::OffsetDateTime::now_utc()).await?, 2);
    assert_eq!(store.retry_failed_mail(&code).await?, 1);
    let again = store.claim_mail("w2", 10, LEASE).await?;
    let retried = again.iter().find(|m| m.id == gru.id).expect("queued again");
    assert_eq!(retried.rendered, Some(written(&invitation(0, "GRU"))));
    assert!(store.mark_mail_sent(retried.id).await?);
    assert!(linked(&store.lookup_invitation("lien-0").await?, "00000"));

    // The survey invitation still becomes the target's link when it is sent.
    let survey = again.iter().find(|m| m.kind == MailKind::Invitation).expect("the survey invitation");
    let link = RenderedMail { subject: "Enquête".into(), body: "lien".into(), token_hash: Some("lien-1".into()) };
    assert!(store.hand_mail(survey.id, "w2", &link).await?);
    assert!(store.mark_mail_sent(survey.id).await?);
    assert!(linked(&store.lookup_invitation("lien-1").await?, "00001"));

    // The person's right of access reads the group mails back.
    let held = store.personal_data("dgs-0@epci.test").await?;
    assert!(held.outbox.iter().all(|m| m.kind == MailKind::Group) && held.outbox.len() == 2, "{:?}", held.outbox);
    assert!(held.mail_log.iter().any(|m| m.entry.kind == MailKind::Group));
    assert_eq!(store.erase_person("dgs-0@epci.test").await?.outbox, 2);
    Ok(())
}
