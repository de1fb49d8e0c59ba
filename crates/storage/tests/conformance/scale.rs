//! Conformance of the reads that keep a national wave's pages small — a filtered page of
//! targets, the wave's counts in one query, the version the analysis cache is keyed by —
//! and of the throttles every server shares.

use super::{answers, campaign, code, territory};
use anyhow::Result;
use mutu_domain::answers::ResponseStatus;
use mutu_domain::campaign::{TargetLevel, build_targets};
use mutu_domain::codes::{CommuneCode, DepartementCode};
use mutu_domain::territory::Commune;
use mutu_storage::{Contact, Standing, Store, StoreError, TargetQuery, WaveCounts};
use time::{Duration, OffsetDateTime};

/// A commune wave of 254: the test territory's four communes and 250 more, half in each
/// département, populations 100, 200… so size filters have something to cut.
async fn commune_wave(store: &Store) -> Result<mutu_domain::campaign::Campaign> {
    let mut t = territory(236_710);
    for n in 0..250u64 {
        let departement = if n % 2 == 0 { "59" } else { "62" };
        t.communes.push(Commune {
            code: code(CommuneCode::parse, &format!("{departement}{:03}", 600 + n)),
            name: format!("Commune {n}"),
            departement: code(DepartementCode::parse, departement),
            epci: None,
            population: 100 * (n + 1),
            siren: None,
        });
    }
    store.import_territory(&t).await?;
    let mut c = campaign(&t, "communes");
    c.level = TargetLevel::Commune;
    c.targets = build_targets(&t, TargetLevel::Commune, &[], &[]).expect("targets");
    store.create_campaign(&c).await?;
    Ok(c)
}

pub(super) async fn target_pages_are_filtered_and_counted_by_the_database(store: &Store) -> Result<()> {
    let c = commune_wave(store).await?;
    let all = TargetQuery { limit: 50, ..TargetQuery::default() };
    let first = store.target_page(&c.code, &all).await?;
    assert_eq!((first.rows.len(), first.total), (50, 254));
    let codes: Vec<&str> = first.rows.iter().map(|r| r.status.target.code.as_str()).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted, "by code");
    let last = store.target_page(&c.code, &TargetQuery { offset: 250, ..all.clone() }).await?;
    assert_eq!((last.rows.len(), last.total), (4, 254));
    let past = store.target_page(&c.code, &TargetQuery { offset: 1_000, ..all.clone() }).await?;
    assert_eq!((past.rows.len(), past.total), (0, 254), "past the end, the total is still known");

    let lille = store.target_page(&c.code, &TargetQuery { search: Some(" LILLE ".into()), ..all.clone() }).await?;
    assert_eq!(lille.rows.iter().map(|r| r.status.target.code.as_str()).collect::<Vec<_>>(), ["59350"]);
    let by_code = store.target_page(&c.code, &TargetQuery { search: Some("6260".into()), ..all.clone() }).await?;
    assert_eq!(by_code.total, 5, "62601, 62603, 62605, 62607 and 62609 start with 6260");
    let pas_de_calais = TargetQuery { departement: Some(code(DepartementCode::parse, "62")), ..all.clone() };
    assert_eq!(store.target_page(&c.code, &pas_de_calais).await?.total, 125 + 2);
    let small = TargetQuery { population: Some((0, Some(1_000))), ..all.clone() };
    assert_eq!(store.target_page(&c.code, &small).await?.total, 10 + 1, "ten generated and Ablain (900)");
    let big = TargetQuery { population: Some((50_000, None)), ..all.clone() };
    let big = store.target_page(&c.code, &big).await?;
    assert!(big.rows.iter().all(|r| r.status.target.population >= 50_000) && big.total > 0);

    store.save_draft(&c.code, "59600", &answers(&["culture"]), 0).await?;
    store.save_draft(&c.code, "62601", &answers(&["culture"]), 0).await?;
    store.submit(&c.code, "62601").await?;
    store.set_invitation(&c.code, "59602", "h-59602").await?;
    store.set_invitation(&c.code, "59604", "h-59604").await?;
    store.revoke_invitation(&c.code, "59604").await?;
    store
        .import_contacts(
            &c.code,
            &[Contact { respondent: "59602".into(), email: "mairie@x.fr".into(), name: "M. le maire".into() }],
        )
        .await?;

    let standing = |s| TargetQuery { standing: Some(s), ..all.clone() };
    let drafts = store.target_page(&c.code, &standing(Standing::Draft)).await?;
    assert_eq!(drafts.rows.iter().map(|r| r.status.target.code.as_str()).collect::<Vec<_>>(), ["59600"]);
    let complete = store.target_page(&c.code, &standing(Standing::Complete)).await?;
    assert_eq!(complete.rows.iter().map(|r| r.status.target.code.as_str()).collect::<Vec<_>>(), ["62601"]);
    assert_eq!(store.target_page(&c.code, &standing(Standing::NotOpened)).await?.total, 252);
    let linked = store.target_page(&c.code, &TargetQuery { without_link: Some(false), ..all.clone() }).await?;
    let row = &linked.rows[..];
    assert_eq!(row.len(), 1, "the revoked link does not count");
    assert_eq!((row[0].status.target.code.as_str(), row[0].email.as_deref()), ("59602", Some("mairie@x.fr")));
    assert!(row[0].status.invited && row[0].invited_at.is_some() && row[0].revoked_at.is_none());
    let unlinked = store.target_page(&c.code, &TargetQuery { without_link: Some(true), ..all.clone() }).await?;
    assert_eq!(unlinked.total, 253);
    let revoked: Vec<_> =
        unlinked.rows.iter().filter(|r| r.revoked_at.is_some()).map(|r| r.status.target.code.clone()).collect();
    assert_eq!(revoked, ["59604"], "on the first page, by code");

    let together = TargetQuery {
        departement: Some(code(DepartementCode::parse, "59")),
        standing: Some(Standing::NotOpened),
        search: Some("commune 1".into()),
        population: Some((1_000, Some(20_000))),
        ..all.clone()
    };
    let together = store.target_page(&c.code, &together).await?;
    assert!(together.total > 0);
    for r in &together.rows {
        let t = &r.status.target;
        assert!(t.departement.to_string() == "59" && t.name.to_lowercase().contains("commune 1"));
        assert!((1_000..=20_000).contains(&t.population) && r.status.status.is_none());
    }

    let unknown = code(mutu_domain::codes::CampaignCode::parse, "inconnue");
    assert!(matches!(store.target_page(&unknown, &all).await, Err(StoreError::NotFound(_))));
    Ok(())
}

pub(super) async fn wave_counts_agree_with_the_statuses(store: &Store) -> Result<()> {
    let c = commune_wave(store).await?;
    assert_eq!(store.wave_counts(&c.code).await?, WaveCounts { targets: 254, ..WaveCounts::default() });
    for (n, respondent) in ["59600", "59602", "59604"].iter().enumerate() {
        store.save_draft(&c.code, respondent, &answers(&["culture"]), 0).await?;
        if n > 0 {
            store.submit(&c.code, respondent).await?;
        }
    }
    store.set_invitation(&c.code, "59600", "h1").await?;
    store.set_invitation(&c.code, "59602", "h2").await?;
    store.revoke_invitation(&c.code, "59602").await?;
    let contact = |r: &str| Contact { respondent: r.into(), email: format!("{r}@x.fr"), name: String::new() };
    store.import_contacts(&c.code, &[contact("59600"), contact("62601")]).await?;
    let counts = store.wave_counts(&c.code).await?;
    assert_eq!(counts, WaveCounts { targets: 254, complete: 2, drafts: 1, invited: 1, with_email: 2 });
    let statuses = store.target_statuses(&c.code).await?;
    assert_eq!(statuses.iter().filter(|s| s.invited).count() as u64, counts.invited);
    let drafts = store.draft_respondents(&c.code).await?;
    let expected: Vec<String> =
        statuses.iter().filter(|s| s.status == Some(ResponseStatus::Partial)).map(|s| s.target.code.clone()).collect();
    assert_eq!(drafts, expected, "the drafts alone, by respondent");
    assert_eq!(drafts, vec!["59600".to_owned()]);
    Ok(())
}

pub(super) async fn the_complete_version_moves_with_what_the_analysis_counts(store: &Store) -> Result<()> {
    let c = commune_wave(store).await?;
    let version = || store.complete_version(&c.code);
    let v0 = version().await?;
    store.save_draft(&c.code, "59600", &answers(&["culture"]), 0).await?;
    assert_eq!(version().await?, v0, "a draft counts nowhere");
    store.submit(&c.code, "59600").await?;
    let v1 = version().await?;
    assert!(v1 > v0, "a submit changes the analysis");
    store.submit(&c.code, "59600").await?;
    assert_eq!(version().await?, v1, "a submit twice changes nothing");
    store.reopen_response(&c.code, "59600").await?;
    let v2 = version().await?;
    assert!(v2 > v1);
    let mut imported = super::response("59602", ResponseStatus::Complete, &["culture"]);
    imported.answers = answers(&["tourisme"]);
    store.import_responses(&c.code, &[imported]).await?;
    let v3 = version().await?;
    assert!(v3 > v2, "an import changes the analysis");
    store.update_campaign_definition(&c.code, &c.catalogue, &c.questionnaire).await?;
    assert!(version().await? > v3, "so does an edit of the questionnaire");
    let unknown = code(mutu_domain::codes::CampaignCode::parse, "inconnue");
    assert!(matches!(store.complete_version(&unknown).await, Err(StoreError::NotFound(_))));
    Ok(())
}

pub(super) async fn throttles_count_over_a_window_and_forget(store: &Store) -> Result<()> {
    let t0 = OffsetDateTime::now_utc();
    let forget = t0 - Duration::hours(1);
    for i in 0..3 {
        store.record_throttle(&["login:anne@x.fr", "login:*"], t0 + Duration::seconds(i), forget).await?;
    }
    store.record_throttle(&["login:bob@x.fr", "login:*"], t0, forget).await?;
    assert_eq!(store.throttle_count("login:anne@x.fr", t0 - Duration::minutes(5)).await?, 3);
    assert_eq!(store.throttle_count("login:*", t0 - Duration::minutes(5)).await?, 4);
    assert_eq!(store.throttle_count("login:anne@x.fr", t0 + Duration::milliseconds(500)).await?, 2, "a sliding window");
    assert_eq!(store.throttle_count("login:anne@x.fr", t0 + Duration::seconds(2)).await?, 0, "a window's edge is out");
    store.clear_throttle("login:anne@x.fr").await?;
    assert_eq!(store.throttle_count("login:anne@x.fr", forget).await?, 0);
    assert_eq!(store.throttle_count("login:*", forget).await?, 4, "other buckets stay");
    store.record_throttle(&["invitation:1.2.3.4"], t0 + Duration::hours(2), t0 + Duration::minutes(30)).await?;
    assert_eq!(store.throttle_count("login:*", forget).await?, 0, "old attempts are forgotten");
    assert_eq!(store.throttle_count("invitation:1.2.3.4", forget).await?, 1);
    Ok(())
}
