//! Reopening a submitted answer (issue 15): the draft is edited apart while the analysis,
//! the exports, the follow-up counts and the wave's version read the submitted copy, until
//! the next submit; the copy is personal data like the draft.

use super::*;
use mutu_storage::{Standing, TargetQuery};

const BODY: &str = "200033579";

async fn wave(store: &Store) -> Result<Campaign> {
    let c = campaign(&territory(236_710), "hdf-2026");
    store.create_campaign(&c).await?;
    Ok(c)
}

/// The answers the analysis reads for `BODY`.
async fn counted(store: &Store, code: &CampaignCode) -> Result<Option<Response>> {
    Ok(store.responses(code).await?.into_iter().find(|r| r.respondent == BODY))
}

pub(super) async fn a_reopened_answer_is_counted_as_submitted_until_submitted_again(store: &Store) -> Result<()> {
    let c = wave(store).await?;
    let v = store.save_draft(&c.code, BODY, &answers(&["culture"]), 0).await?;
    let (submitted, now) = store.submit_once(&c.code, BODY).await?;
    assert!(now);
    assert_eq!(submitted.reopened_from, None);
    let key = store.complete_version(&c.code).await?;

    store.reopen_response(&c.code, BODY).await?;
    let draft = store.response(&c.code, BODY).await?.expect("the draft");
    assert_eq!((draft.response.status, draft.version), (ResponseStatus::Partial, v + 2));
    assert_eq!(draft.reopened_from, submitted.response.submitted_at, "when the counted copy was submitted");
    let copy = counted(store, &c.code).await?.expect("still counted");
    assert_eq!(copy.status, ResponseStatus::Complete);
    assert_eq!(copy.submitted_at, submitted.response.submitted_at);
    assert_eq!(copy.answers, answers(&["culture"]));
    assert_eq!(store.complete_responses(&c.code).await?, vec![copy.clone()]);
    let streamed = store.stored_responses(&c.code).await?;
    assert_eq!(streamed.iter().map(|s| &s.response).collect::<Vec<_>>(), vec![&copy]);
    let reopened_key = store.complete_version(&c.code).await?;
    assert!(reopened_key > key, "the wave cache's key changes on reopening");

    // The follow-up: answered, shown as reopened, never a draft to remind.
    let counts = store.wave_counts(&c.code).await?;
    assert_eq!((counts.complete, counts.drafts), (1, 0));
    assert!(store.draft_respondents(&c.code).await?.is_empty());
    let status = store.target_statuses(&c.code).await?.into_iter().find(|s| s.target.code == BODY).expect("target");
    assert!(status.reopened);
    let page = |standing| TargetQuery { standing: Some(standing), limit: 50, ..TargetQuery::default() };
    assert_eq!(store.target_page(&c.code, &page(Standing::Complete)).await?.total, 1);
    assert_eq!(store.target_page(&c.code, &page(Standing::Draft)).await?.total, 0);
    assert!(store.target_page(&c.code, &page(Standing::Complete)).await?.rows[0].status.reopened);

    // Editing the draft leaves the counted copy alone.
    let edited = store.save_draft(&c.code, BODY, &answers(&["tourisme"]), draft.version).await?;
    assert_eq!(counted(store, &c.code).await?.expect("counted").answers, answers(&["culture"]));
    assert_eq!(store.complete_version(&c.code).await?, reopened_key, "a draft's save changes nothing counted");

    // Submitting again: the new answers are counted, the copy goes.
    let (again, now) = store.submit_once(&c.code, BODY).await?;
    assert!(now);
    assert_eq!((again.version, again.reopened_from), (edited + 1, None));
    let copy = counted(store, &c.code).await?.expect("counted");
    assert_eq!((copy.status, copy.answers), (ResponseStatus::Complete, answers(&["tourisme"])));
    assert!(copy.submitted_at >= submitted.response.submitted_at);
    assert!(store.complete_version(&c.code).await? > reopened_key);
    assert!(!store.target_statuses(&c.code).await?.iter().any(|s| s.reopened));
    Ok(())
}

pub(super) async fn submits_and_reopenings_race_by_versions(store: &Store) -> Result<()> {
    let c = wave(store).await?;
    let v = store.save_draft(&c.code, BODY, &answers(&["culture"]), 0).await?;
    let (a, b) = tokio::join!(store.submit_once(&c.code, BODY), store.submit_once(&c.code, BODY));
    let (a, b) = (a?, b?);
    assert_eq!([a.1, b.1].iter().filter(|now| **now).count(), 1, "one submit of two submits");
    assert_eq!((a.0.version, b.0.version), (v + 1, v + 1));
    // A save from before the submit is stale, not a reopening.
    assert!(matches!(
        store.save_draft(&c.code, BODY, &answers(&["tourisme"]), v).await,
        Err(StoreError::StaleVersion { .. })
    ));
    let (x, y) = tokio::join!(store.reopen_response(&c.code, BODY), store.reopen_response(&c.code, BODY));
    x?;
    y?;
    let draft = store.response(&c.code, BODY).await?.expect("draft");
    assert_eq!(draft.version, v + 2, "two reopenings reopen once");
    // A colleague's page still at the submitted version saves nothing over the draft.
    assert!(matches!(
        store.save_draft(&c.code, BODY, &answers(&["tourisme"]), v + 1).await,
        Err(StoreError::StaleVersion { current }) if current == v + 2
    ));
    // An import replaces the whole answer, copy included.
    store.import_responses(&c.code, &[response(BODY, ResponseStatus::Partial, &["sport"])]).await?;
    assert!(counted(store, &c.code).await?.is_some_and(|r| r.status == ResponseStatus::Partial));
    assert_eq!(store.response(&c.code, BODY).await?.expect("answer").reopened_from, None);
    Ok(())
}

pub(super) async fn the_kept_copy_is_personal_data_too(store: &Store) -> Result<()> {
    let c = wave(store).await?;
    let with_email = |email: &str| {
        let mut a = answers(&["culture"]);
        a.insert("contact_email".into(), Answer::Text(email.into()));
        a
    };
    let v = store.save_draft(&c.code, BODY, &with_email("anne@epci.test"), 0).await?;
    store.submit(&c.code, BODY).await?;
    store.reopen_response(&c.code, BODY).await?;
    store.save_draft(&c.code, BODY, &with_email("bob@epci.test"), v + 2).await?;

    let held = store.personal_data("anne@epci.test").await?.answers;
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(held[0].fields.get("contact_email"), Some(&Answer::Text("anne@epci.test".into())));
    let erased = store.erase_person("anne@epci.test").await?;
    assert_eq!(erased.answers, 1);
    let copy = counted(store, &c.code).await?.expect("still counted");
    assert_eq!(copy.answers.get("contact_email"), None, "gone from the copy the analysis reads");
    assert_eq!(copy.answers.get("themes"), answers(&["culture"]).get("themes"), "the figures stay");
    let draft = store.response(&c.code, BODY).await?.expect("draft");
    assert_eq!(draft.response.answers.get("contact_email"), Some(&Answer::Text("bob@epci.test".into())));
    assert!(store.personal_data("anne@epci.test").await?.answers.is_empty());
    Ok(())
}
