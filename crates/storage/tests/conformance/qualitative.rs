//! Conformance of the qualitative material (actors, interviews, themes, verbatims) and of the
//! personal-data operations (export, erasure in one transaction, purge by retention period).

use super::{answers, campaign, territory};
use anyhow::Result;
use mutu_domain::answers::{Answer, Response, ResponseStatus};
use mutu_domain::campaign::Campaign;
use mutu_domain::lifecycle::Role;
use mutu_domain::qualitative::{
    BodyType, Interview, Organisation, Person, Retention, Theme, Verbatim, VerbatimSource, default_themes,
};
use mutu_storage::{Contact, MailKind, MailLogEntry, SessionSubject, Store, StoreError};
use time::macros::datetime;

const EMAIL: &str = "contact-200033579@example.org";

async fn wave(store: &Store) -> Result<Campaign> {
    store.import_territory(&territory(236_710)).await?;
    let c = campaign(&territory(236_710), "hdf-2026");
    store.create_campaign(&c).await?;
    Ok(c)
}

fn organisation(name: &str, in_territory: bool, body_type: BodyType) -> Organisation {
    Organisation { name: name.into(), in_territory, body_type }
}

fn person(key: &str, organisation: &str, email: Option<&str>) -> Person {
    Person {
        key: key.into(),
        organisation: organisation.into(),
        name: String::new(),
        role: "DSI".into(),
        email: email.map(Into::into),
    }
}

async fn actors(store: &Store) -> Result<()> {
    let orgs =
        [organisation("Conseil régional", true, BodyType::Region), organisation("SICTIAM", false, BodyType::Syndicat)];
    store
        .import_actors(
            &orgs,
            &[person("region-1", "Conseil régional", Some(EMAIL)), person("sictiam-1", "SICTIAM", None)],
        )
        .await?;
    let interview = Interview {
        code: "E01".into(),
        organisation: "Conseil régional".into(),
        date: "2014-09-10".into(),
        duration_minutes: 90,
        participants: vec!["region-1".into()],
        notes: format!("Écrire à {EMAIL} pour la suite."),
    };
    store.import_interviews(&[interview]).await?;
    Ok(())
}

pub(super) async fn actors_and_interviews_round_trip(store: &Store) -> Result<()> {
    actors(store).await?;
    assert_eq!(store.organisations().await?.len(), 2);
    // A re-import updates by natural key.
    store
        .import_actors(
            &[organisation("SICTIAM", false, BodyType::Syndicat)],
            &[person("sictiam-1", "SICTIAM", Some("d@x.fr"))],
        )
        .await?;
    let people = store.people_met().await?;
    assert_eq!((people.len(), people[1].email.as_deref()), (2, Some("d@x.fr")));
    let interviews = store.interviews().await?;
    assert_eq!((interviews[0].participants.clone(), interviews[0].duration_minutes), (vec!["region-1".to_owned()], 90));
    // An unknown participant refuses the whole file.
    let mut bad = interviews[0].clone();
    bad.code = "E02".into();
    bad.participants = vec!["nobody".into()];
    let err = store.import_interviews(&[bad]).await.unwrap_err();
    assert!(matches!(&err, StoreError::NotFound(what) if what.contains("nobody")), "{err}");
    assert_eq!(store.interviews().await?.len(), 1, "nothing written");
    Ok(())
}

pub(super) async fn verbatims_are_attributed_without_names(store: &Store) -> Result<()> {
    let c = wave(store).await?;
    actors(store).await?;
    assert_eq!(store.verbatim_themes().await?, default_themes());
    let answer = VerbatimSource::Answer { respondent: "200033579".into(), question: "needs".into() };
    let verbatims = [
        Verbatim {
            source: VerbatimSource::Interview { code: "E01".into() },
            quote: "Un plan d'ensemble.".into(),
            themes: vec!["strategie".into()],
        },
        Verbatim {
            source: answer.clone(),
            quote: "Solidarité.".into(),
            themes: vec!["equite_territoriale".into(), "gouvernance".into()],
        },
    ];
    store.import_verbatims(&c.code, &verbatims).await?;
    let back = store.verbatims(&c.code).await?;
    assert_eq!(back.iter().map(|v| v.verbatim.clone()).collect::<Vec<_>>(), verbatims);
    assert_eq!((back[0].attribution.body_type, back[0].attribution.size_class.as_deref()), (BodyType::Region, None));
    assert_eq!(back[1].attribution.body_type, BodyType::Epci);
    assert_eq!(back[1].attribution.size_class.as_deref(), Some(c.size_classes.class_of(108_000).label.as_str()));
    // Re-importing a source replaces its verbatims; an unknown theme refuses everything.
    let recoded = Verbatim { source: answer, quote: "Solidarité.".into(), themes: vec!["strategie".into()] };
    store.import_verbatims(&c.code, &[recoded]).await?;
    assert_eq!(store.verbatims(&c.code).await?.len(), 2);
    let unknown = Verbatim { themes: vec!["inconnu".into()], ..verbatims[0].clone() };
    assert!(matches!(store.import_verbatims(&c.code, &[unknown]).await, Err(StoreError::Invalid(_))));
    // The theme list is editable.
    store.set_verbatim_themes(&[Theme { code: "autre".into(), label: "Autre".into() }]).await?;
    assert_eq!(store.verbatim_themes().await?.len(), 1);
    Ok(())
}

fn with_contact(respondent: &str, email: &str) -> Response {
    let mut a = answers(&["culture"]);
    a.insert("contact_name".into(), Answer::Text("Anne Exemple".into()));
    a.insert("contact_email".into(), Answer::Text(email.to_uppercase()));
    Response { respondent: respondent.into(), status: ResponseStatus::Complete, submitted_at: None, answers: a }
}

pub(super) async fn erasure_removes_an_email_everywhere(store: &Store) -> Result<()> {
    let c = wave(store).await?;
    actors(store).await?;
    store
        .import_responses(&c.code, &[with_contact("200033579", EMAIL), with_contact("200093201", "autre@example.org")])
        .await?;
    store
        .import_contacts(
            &c.code,
            &[Contact { respondent: "200033579".into(), email: EMAIL.into(), name: "Anne".into() }],
        )
        .await?;
    let entry = |error: Option<String>| MailLogEntry {
        respondent: "200033579".into(),
        email: EMAIL.into(),
        kind: MailKind::Invitation,
        subject: "Enquête".into(),
        sent_at: time::macros::datetime!(2014-07-15 10:00:00 UTC),
        ok: error.is_none(),
        error,
    };
    store.log_mail(&c.code, &entry(None)).await?;
    store.log_mail(&c.code, &entry(Some(format!("550 <{EMAIL}> inconnu")))).await?;
    let user = store.create_user(EMAIL, Role::Lead, "hash").await?;
    store.create_session("h1", &SessionSubject::User(user), "csrf").await?;
    store.audit(EMAIL, "campaign.open", "hdf-2026").await?;
    let before = store.stored_responses(&c.code).await?;

    let held = store.personal_data(&format!("  {}  ", EMAIL.to_uppercase())).await?;
    assert_eq!((held.users.len(), held.contacts.len(), held.answers.len()), (1, 1, 1));
    assert_eq!((held.mail_log.len(), held.audit.len(), held.people_met.len()), (2, 1, 1));
    assert!(held.people_met[0].interviews[0].notes.contains(EMAIL), "notes come with the access request");

    let done = store.erase_person(EMAIL).await?;
    assert_eq!(
        (done.users, done.contacts, done.answers, done.people_met, done.mail_log, done.audit),
        (1, 1, 1, 1, 2, 1)
    );
    let left: Vec<String> = done.leftovers.iter().map(|o| format!("{}.{}", o.table, o.column)).collect();
    assert_eq!(left, ["interview.notes"], "only the hand-typed note is left, and reported");
    let mut notes = store.interviews().await?;
    notes[0].notes = "Relancer plus tard.".into();
    store.import_interviews(&notes).await?;
    assert_eq!(store.find_text(EMAIL).await?, vec![], "the email is nowhere in the database");

    let after = store.stored_responses(&c.code).await?;
    assert_eq!(after[0].version, before[0].version + 1);
    let mut expected = before[0].response.answers.clone();
    expected.retain(|k, _| !k.starts_with("contact_"));
    assert_eq!(after[0].response.answers, expected, "every other answer is kept");
    assert_eq!(after[1], before[1], "another respondent is untouched");
    assert!(store.session("h1").await?.is_none(), "the account's sessions went with it");
    assert_eq!(store.people_met().await?[0].email, None);
    assert_eq!(store.personal_data(EMAIL).await?.contacts.len(), 0);
    Ok(())
}

pub(super) async fn purge_follows_the_retention_periods(store: &Store) -> Result<()> {
    let c = wave(store).await?;
    actors(store).await?;
    store.import_responses(&c.code, &[with_contact("200033579", EMAIL)]).await?;
    store
        .import_contacts(
            &c.code,
            &[Contact { respondent: "200033579".into(), email: EMAIL.into(), name: String::new() }],
        )
        .await?;
    store
        .set_campaign_dates(
            &c.code,
            Some(time::macros::date!(2014 - 07 - 15)),
            Some(time::macros::date!(2014 - 09 - 24)),
        )
        .await?;
    let retention = Retention::default();
    let soon = store.purge(&retention, datetime!(2015-06-01 00:00 UTC), false).await?;
    assert_eq!((soon.contacts, soon.answers, soon.interview_notes), (0, 0, 0), "within the periods");
    let later = datetime!(2020-01-01 00:00 UTC);
    let dry = store.purge(&retention, later, true).await?;
    assert_eq!((dry.contacts, dry.answers, dry.interview_notes), (1, 1, 1));
    assert_eq!(store.contacts(&c.code).await?.len(), 1, "a dry run removes nothing");
    assert_eq!(store.purge(&retention, later, false).await?, dry);
    assert!(store.contacts(&c.code).await?.is_empty());
    assert!(store.interviews().await?[0].notes.is_empty());
    assert!(!store.responses(&c.code).await?[0].answers.contains_key("contact_email"));
    Ok(())
}
