//! Conformance of what the web layer stores: accounts, sessions, invitations, contacts,
//! mail, a wave's lifecycle, the follow-up of targets and the audit trail.

use super::{answers, campaign, code, territory};
use anyhow::Result;
use mutu_domain::answers::ResponseStatus;
use mutu_domain::campaign::{Campaign, TargetLevel, build_targets};
use mutu_domain::codes::{CampaignCode, CommuneCode, DepartementCode};
use mutu_domain::lifecycle::{CampaignState, Role};
use mutu_domain::territory::Commune;
use mutu_storage::{
    Contact, InvitationLookup, MailKind, MailLogEntry, MailTemplate, SessionSubject, Store, StoreError,
};
use std::time::Duration;
use time::macros::{date, datetime};

/// The two-EPCI wave `hdf-2026`, stored.
async fn wave(store: &Store) -> Result<Campaign> {
    let c = campaign(&territory(236_710), "hdf-2026");
    store.create_campaign(&c).await?;
    Ok(c)
}

/// Lets the clock move on, so timestamps taken before and after differ.
async fn tick() {
    tokio::time::sleep(Duration::from_millis(15)).await;
}

pub(super) async fn users_are_unique_by_email_in_any_case(store: &Store) -> Result<()> {
    let id = store.create_user(" Anne@Example.FR ", Role::Admin, "hash-1").await?;
    let dup = store.create_user("anne@example.fr", Role::Lead, "hash-2").await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
    let anne = store.user_by_email("ANNE@example.fr").await?.expect("found in any case");
    assert_eq!(
        (anne.id, anne.email.as_str(), anne.role, anne.password_hash.as_str()),
        (id, "anne@example.fr", Role::Admin, "hash-1")
    );
    assert_eq!(store.user(id).await?, Some(anne));
    assert_eq!(store.user(id + 1000).await?, None);
    assert_eq!(store.user_by_email("nobody@example.fr").await?, None);
    store.set_user_password("ANNE@example.fr", Role::Lead, "hash-3").await?;
    let anne = store.user(id).await?.expect("kept its id");
    assert_eq!((anne.role, anne.password_hash.as_str()), (Role::Lead, "hash-3"));
    store.set_user_password("bob@example.fr", Role::Viewer, "hash-4").await?;
    let all = store.users().await?;
    let emails: Vec<&str> = all.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(emails, ["anne@example.fr", "bob@example.fr"]);
    assert_eq!(all[1].role, Role::Viewer);
    assert_eq!((Role::parse("lead"), Role::Lead.code(), Role::parse("root")), (Some(Role::Lead), "lead", None));
    Ok(())
}

pub(super) async fn sessions_live_in_the_database(store: &Store) -> Result<()> {
    let c = wave(store).await?;
    let uid = store.create_user("anne@example.fr", Role::Lead, "h").await?;
    store.create_session("s1", &SessionSubject::User(uid), "csrf-1").await?;
    let s1 = store.session("s1").await?.expect("stored");
    assert_eq!((s1.id_hash.as_str(), &s1.subject, s1.csrf.as_str()), ("s1", &SessionSubject::User(uid), "csrf-1"));
    assert_eq!(s1.created_at, s1.last_seen_at);
    let respondent = SessionSubject::Respondent { campaign: c.code.clone(), respondent: "200033579".into() };
    tick().await;
    store.create_session("s2", &respondent, "csrf-2").await?;
    assert_eq!(store.session("s2").await?.map(|s| s.subject), Some(respondent.clone()));
    let stranger = SessionSubject::Respondent { campaign: c.code.clone(), respondent: "999999999".into() };
    assert!(matches!(store.create_session("s3", &stranger, "x").await, Err(StoreError::NotFound(_))));
    let ghost = SessionSubject::User(uid + 1000);
    assert!(matches!(store.create_session("s3", &ghost, "x").await, Err(StoreError::NotFound(_))));
    assert!(matches!(store.create_session("s1", &respondent, "x").await, Err(StoreError::Conflict(_))));

    tick().await;
    store.touch_session("s1").await?;
    let touched = store.session("s1").await?.expect("still there");
    assert!(touched.last_seen_at > s1.last_seen_at, "{} > {}", touched.last_seen_at, s1.last_seen_at);
    assert_eq!(touched.created_at, s1.created_at);
    // s2 was last seen before s1's touch: purging up to that instant takes s2 only.
    assert_eq!(store.delete_sessions_before(touched.last_seen_at).await?, 1);
    assert!(store.session("s2").await?.is_none());
    assert!(store.session("s1").await?.is_some());
    assert_eq!(store.delete_sessions_before(datetime!(2000-01-01 00:00:00 UTC)).await?, 0);

    store.delete_session("s1").await?;
    store.delete_session("s1").await?;
    assert!(store.session("s1").await?.is_none());
    store.touch_session("s1").await?;
    assert!(store.session("s1").await?.is_none(), "touching does not bring a session back");

    store.create_session("s4", &SessionSubject::User(uid), "csrf-4").await?;
    store.delete_user(uid).await?;
    assert!(store.session("s4").await?.is_none(), "a deleted user's sessions go with it");
    assert!(matches!(store.delete_user(uid).await, Err(StoreError::NotFound(_))));
    Ok(())
}

pub(super) async fn invitations_are_renewed_and_revoked(store: &Store) -> Result<()> {
    let c = wave(store).await?;
    store.set_invitation(&c.code, "200033579", "hash-1").await?;
    let active = |state| InvitationLookup::Active { campaign: c.code.clone(), respondent: "200033579".into(), state };
    assert_eq!(store.lookup_invitation("hash-1").await?, active(CampaignState::Draft));
    store.set_campaign_state(&c.code, CampaignState::Open).await?;
    assert_eq!(store.lookup_invitation("hash-1").await?, active(CampaignState::Open));

    store.set_invitation(&c.code, "200033579", "hash-2").await?;
    assert_eq!(store.lookup_invitation("hash-1").await?, InvitationLookup::Unknown, "the old link is dead");
    assert_eq!(store.lookup_invitation("hash-2").await?, active(CampaignState::Open));
    assert_eq!(store.lookup_invitation("never-made").await?, InvitationLookup::Unknown);
    let stranger = store.set_invitation(&c.code, "999999999", "hash-x").await;
    assert!(matches!(&stranger, Err(StoreError::NotFound(m)) if m.contains("999999999")), "{stranger:?}");
    let reused = store.set_invitation(&c.code, "200093201", "hash-2").await;
    assert!(matches!(reused, Err(StoreError::Conflict(_))), "{reused:?}");
    assert!(matches!(store.revoke_invitation(&c.code, "200093201").await, Err(StoreError::NotFound(_))));

    let subject = SessionSubject::Respondent { campaign: c.code.clone(), respondent: "200033579".into() };
    store.create_session("resp", &subject, "csrf").await?;
    store.revoke_invitation(&c.code, "200033579").await?;
    store.revoke_invitation(&c.code, "200033579").await?;
    assert_eq!(store.lookup_invitation("hash-2").await?, InvitationLookup::Revoked);
    assert!(store.session("resp").await?.is_none(), "revoking ends the respondent's sessions");
    let list = store.invitations(&c.code).await?;
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].respondent.as_str(), list[0].token_hash.as_str()), ("200033579", "hash-2"));
    assert!(list[0].revoked_at.is_some());

    store.set_invitation(&c.code, "200033579", "hash-3").await?;
    assert_eq!(store.invitations(&c.code).await?[0].revoked_at, None, "a renewed link is valid again");
    assert_eq!(store.lookup_invitation("hash-3").await?, active(CampaignState::Open));
    Ok(())
}

/// A commune-level wave of 604 targets: the territory's four communes and 600 more.
fn big_wave() -> Campaign {
    let mut t = territory(236_710);
    for n in 0..600 {
        t.communes.push(Commune {
            code: code(CommuneCode::parse, &format!("60{n:03}")),
            name: format!("Commune {n}"),
            departement: code(DepartementCode::parse, "59"),
            epci: None,
            population: 1_000,
            siren: None,
        });
    }
    let mut c = campaign(&t, "grande-vague");
    c.level = TargetLevel::Commune;
    c.targets = build_targets(&t, TargetLevel::Commune, &[], &[]).expect("targets");
    c
}

pub(super) async fn invitations_in_bulk_are_all_or_nothing(store: &Store) -> Result<()> {
    let c = big_wave();
    store.create_campaign(&c).await?;
    let hashes: Vec<(String, String)> = (0..600).map(|n| (format!("60{n:03}"), format!("h-{n}"))).collect();
    store.set_invitations(&c.code, &hashes).await?;
    let list = store.invitations(&c.code).await?;
    assert_eq!(list.len(), 600);
    assert!(
        matches!(store.lookup_invitation("h-599").await?, InvitationLookup::Active { respondent, .. } if respondent == "60599")
    );
    let mut renewed: Vec<(String, String)> = (0..600).map(|n| (format!("60{n:03}"), format!("new-{n}"))).collect();
    renewed[550].0 = "99999".into();
    let err = store.set_invitations(&c.code, &renewed).await.unwrap_err();
    assert!(matches!(&err, StoreError::NotFound(m) if m.contains("99999")), "{err}");
    assert_eq!(store.invitations(&c.code).await?, list, "the failed renewal left nothing behind");
    assert_eq!(store.lookup_invitation("new-0").await?, InvitationLookup::Unknown);
    let twice = [("60000".to_owned(), "a".to_owned()), ("60000".to_owned(), "b".to_owned())];
    store.set_invitations(&c.code, &twice).await?;
    assert_eq!(
        store.lookup_invitation("b").await?,
        InvitationLookup::Active { campaign: c.code.clone(), respondent: "60000".into(), state: CampaignState::Draft },
        "the last hash given for a respondent wins"
    );
    Ok(())
}

pub(super) async fn contacts_import_is_all_or_nothing(store: &Store) -> Result<()> {
    let c = wave(store).await?;
    let contact =
        |r: &str, email: &str| Contact { respondent: r.into(), email: email.into(), name: format!("DGS {r}") };
    let n = store
        .import_contacts(&c.code, &[contact("200093201", "dgs@mel.fr"), contact("200033579", "dgs@arras.fr")])
        .await?;
    assert_eq!(n, 2);
    store.import_contacts(&c.code, &[contact("200093201", "numerique@mel.fr")]).await?;
    let expected = vec![contact("200033579", "dgs@arras.fr"), contact("200093201", "numerique@mel.fr")];
    assert_eq!(store.contacts(&c.code).await?, expected);
    let err = store
        .import_contacts(&c.code, &[contact("200033579", "autre@arras.fr"), contact("999999999", "x@y.fr")])
        .await
        .unwrap_err();
    assert!(matches!(&err, StoreError::NotFound(m) if m.contains("999999999")), "{err}");
    assert_eq!(store.contacts(&c.code).await?, expected, "nothing was written");
    Ok(())
}

pub(super) async fn mail_templates_and_log_round_trip(store: &Store) -> Result<()> {
    let c = wave(store).await?;
    assert_eq!(store.mail_template(&c.code, MailKind::Invitation).await?, None);
    let mut t = MailTemplate { kind: MailKind::Invitation, subject: "Enquête".into(), body: "Bonjour {nom}".into() };
    store.set_mail_template(&c.code, &t).await?;
    t.body = "Bonjour {nom}, voici votre lien : {lien}".into();
    store.set_mail_template(&c.code, &t).await?;
    assert_eq!(store.mail_template(&c.code, MailKind::Invitation).await?, Some(t));
    assert_eq!(store.mail_template(&c.code, MailKind::Reminder).await?, None);

    let entry = |sent_at: time::OffsetDateTime, kind, ok: bool| MailLogEntry {
        respondent: "200033579".into(),
        email: "dgs@arras.fr".into(),
        kind,
        subject: "Enquête".into(),
        sent_at,
        ok,
        error: (!ok).then(|| "550 boîte inconnue".to_owned()),
    };
    let first = entry(datetime!(2026-03-01 08:00:00 UTC), MailKind::Invitation, false);
    let second = entry(datetime!(2026-03-08 08:00:00 UTC), MailKind::Reminder, true);
    store.log_mail(&c.code, &first).await?;
    store.log_mail(&c.code, &second).await?;
    assert_eq!(store.mail_log(&c.code).await?, vec![second, first], "newest first");
    assert_eq!((MailKind::parse("reminder"), MailKind::Invitation.code()), (Some(MailKind::Reminder), "invitation"));
    Ok(())
}

pub(super) async fn campaign_state_dates_and_frozen_definition(store: &Store) -> Result<()> {
    let c = wave(store).await?;
    let meta = store.campaign_meta(&c.code).await?;
    assert_eq!(
        (meta.name.as_str(), meta.state, &meta.opens_on, &meta.closes_on),
        ("Vague hdf-2026", CampaignState::Draft, &None, &None)
    );
    assert!(meta.created_at.year() >= 2026, "{}", meta.created_at);

    store.set_campaign_dates(&c.code, Some(date!(2026 - 03 - 01)), Some(date!(2026 - 04 - 30))).await?;
    let meta = store.campaign_meta(&c.code).await?;
    assert_eq!((meta.opens_on, meta.closes_on), (Some(date!(2026 - 03 - 01)), Some(date!(2026 - 04 - 30))));
    let reversed = store.set_campaign_dates(&c.code, Some(date!(2026 - 04 - 30)), Some(date!(2026 - 03 - 01))).await;
    assert!(matches!(reversed, Err(StoreError::Invalid(_))), "{reversed:?}");
    store.set_campaign_dates(&c.code, None, Some(date!(2026 - 05 - 31))).await?;
    let meta = store.campaign_meta(&c.code).await?;
    assert_eq!((meta.opens_on, meta.closes_on), (None, Some(date!(2026 - 05 - 31))));

    let mut questionnaire = c.questionnaire.clone();
    questionnaire.title = "Titre revu avant l'ouverture".into();
    questionnaire.version += 1;
    let mut catalogue = c.catalogue.clone();
    catalogue.themes.truncate(3);
    store.update_campaign_definition(&c.code, &catalogue, &questionnaire).await?;
    let back = store.campaign(&c.code).await?;
    assert_eq!((&back.questionnaire, &back.catalogue), (&questionnaire, &catalogue));

    store.set_campaign_state(&c.code, CampaignState::Open).await?;
    assert_eq!(store.campaign_meta(&c.code).await?.state, CampaignState::Open);
    let frozen = store.update_campaign_definition(&c.code, &c.catalogue, &c.questionnaire).await;
    assert!(matches!(&frozen, Err(StoreError::Conflict(m)) if m.contains("ouverte")), "{frozen:?}");
    assert_eq!(store.campaign(&c.code).await?.questionnaire, questionnaire, "nothing changed");
    store.set_campaign_state(&c.code, CampaignState::Closed).await?;
    assert_eq!(store.campaign_meta(&c.code).await?.state, CampaignState::Closed);

    let missing = code(CampaignCode::parse, "nope");
    assert!(matches!(store.campaign_meta(&missing).await, Err(StoreError::NotFound(_))));
    assert!(matches!(store.set_campaign_state(&missing, CampaignState::Open).await, Err(StoreError::NotFound(_))));
    assert!(matches!(store.set_campaign_dates(&missing, None, None).await, Err(StoreError::NotFound(_))));
    let unknown = store.update_campaign_definition(&missing, &c.catalogue, &c.questionnaire).await;
    assert!(matches!(unknown, Err(StoreError::NotFound(_))));
    assert_eq!(CampaignState::parse("closed"), Some(CampaignState::Closed));
    Ok(())
}

pub(super) async fn target_statuses_follow_each_target(store: &Store) -> Result<()> {
    let c = wave(store).await?;
    let fresh = store.target_statuses(&c.code).await?;
    let codes: Vec<&str> = fresh.iter().map(|s| s.target.code.as_str()).collect();
    assert_eq!(codes, ["200033579", "200093201"]);
    assert_eq!(fresh[0].target, c.targets[0]);
    assert!(fresh.iter().all(|s| s.status.is_none() && s.updated_at.is_none() && !s.invited && s.entered_by.is_none()));

    store.set_invitation(&c.code, "200093201", "h-mel").await?;
    store.set_invitation(&c.code, "200033579", "h-arras").await?;
    store.revoke_invitation(&c.code, "200033579").await?;
    store.save_draft_as(&c.code, "200033579", &answers(&["culture"]), 0, Some("lead@example.fr")).await?;
    store.save_draft(&c.code, "200093201", &answers(&["tourisme"]), 0).await?;
    store.submit(&c.code, "200093201").await?;
    let now = store.target_statuses(&c.code).await?;
    let arras = &now[0];
    assert_eq!(
        (arras.status, arras.invited, arras.entered_by.as_deref()),
        (Some(ResponseStatus::Partial), false, Some("lead@example.fr"))
    );
    let mel = &now[1];
    assert_eq!((mel.status, mel.invited, mel.entered_by.as_deref()), (Some(ResponseStatus::Complete), true, None));
    assert!(mel.updated_at.is_some());

    let empty = code(CampaignCode::parse, "nope");
    assert!(matches!(store.target_statuses(&empty).await, Err(StoreError::NotFound(_))));
    Ok(())
}

pub(super) async fn reopen_turns_a_submitted_answer_into_a_draft(store: &Store) -> Result<()> {
    let c = wave(store).await?;
    assert!(matches!(store.reopen_response(&c.code, "200033579").await, Err(StoreError::NotFound(_))));
    store.save_draft(&c.code, "200033579", &answers(&["culture"]), 0).await?;
    let submitted = store.submit(&c.code, "200033579").await?;
    assert!(submitted.response.submitted_at.is_some());
    store.reopen_response(&c.code, "200033579").await?;
    let reopened = store.response(&c.code, "200033579").await?.expect("still there");
    assert_eq!(reopened.response.status, ResponseStatus::Partial);
    assert_eq!(reopened.version, submitted.version + 1);
    assert_eq!(reopened.response.submitted_at, None);
    assert_eq!(reopened.response.answers, submitted.response.answers);
    store.reopen_response(&c.code, "200033579").await?;
    assert_eq!(store.response(&c.code, "200033579").await?, Some(reopened.clone()), "a draft stays as it is");
    let v = store.save_draft(&c.code, "200033579", &answers(&["tourisme"]), reopened.version).await?;
    assert_eq!(v, reopened.version + 1, "the answer can be corrected again");
    Ok(())
}

pub(super) async fn save_draft_as_records_who_typed(store: &Store) -> Result<()> {
    let c = wave(store).await?;
    let entered = |statuses: &[mutu_storage::TargetStatus]| statuses[0].entered_by.clone();
    let v1 = store.save_draft_as(&c.code, "200033579", &answers(&["culture"]), 0, Some("lead@example.fr")).await?;
    assert_eq!(entered(&store.target_statuses(&c.code).await?).as_deref(), Some("lead@example.fr"));
    let stale = store.save_draft_as(&c.code, "200033579", &answers(&["culture"]), 0, Some("other@example.fr")).await;
    assert!(matches!(stale, Err(StoreError::StaleVersion { current: 1 })), "{stale:?}");
    let v2 = store.save_draft(&c.code, "200033579", &answers(&["tourisme"]), v1).await?;
    assert_eq!(v2, 2);
    assert_eq!(entered(&store.target_statuses(&c.code).await?), None, "the respondent saved last");
    Ok(())
}

pub(super) async fn audit_round_trips(store: &Store) -> Result<()> {
    store.audit("anne@example.fr", "campaign.open", "hdf-2026").await?;
    store.audit("cli", "user.add", "bob@example.fr").await?;
    let log = store.audit_entries(10).await?;
    let got: Vec<(&str, &str, &str)> =
        log.iter().map(|e| (e.actor.as_str(), e.action.as_str(), e.subject.as_str())).collect();
    assert_eq!(got, [("cli", "user.add", "bob@example.fr"), ("anne@example.fr", "campaign.open", "hdf-2026")]);
    assert_eq!(store.audit_entries(1).await?.len(), 1);
    Ok(())
}
