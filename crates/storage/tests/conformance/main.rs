//! The storage conformance suite: every test runs against SQLite and PostgreSQL in the same
//! run. Each PostgreSQL test gets its own schema, dropped at the end (even on failure).
//!
//! PostgreSQL is found at `MUTU_TEST_POSTGRES_URL`, else `postgres://postgres@127.0.0.1:5432/test`.

use anyhow::Result;
use mutu_domain::answers::{Answer, Answers, Response, ResponseStatus};
use mutu_domain::campaign::{Campaign, TargetLevel, build_targets};
use mutu_domain::catalogue::Catalogue;
use mutu_domain::codes::{CampaignCode, CommuneCode, DepartementCode, EpciCode, RegionCode};
use mutu_domain::questionnaire::Questionnaire;
use mutu_domain::size_class::SizeClasses;
use mutu_domain::territory::{Commune, Departement, Epci, Nature, Region, Territory};
use mutu_storage::{Store, StoreError};

struct TestDb {
    store: Store,
    schema: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

fn postgres_url() -> String {
    std::env::var("MUTU_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// Runs one statement on a plain connection, outside any store (no migrations in `public`).
async fn admin(base: &str, statement: String) -> Result<()> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(base).await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(statement)).execute(&mut conn).await?;
    conn.close().await?;
    Ok(())
}

impl TestDb {
    async fn sqlite() -> Result<Self> {
        let dir = tempfile::tempdir()?;
        let url = format!("sqlite://{}", dir.path().join("mutu.db").display());
        Ok(TestDb { store: Store::open(&url).await?, schema: None, _dir: Some(dir) })
    }

    async fn postgres() -> Result<Self> {
        let base = postgres_url();
        let schema = format!("mutu_test_{}", uuid::Uuid::new_v4().simple());
        admin(&base, format!("CREATE SCHEMA {schema}")).await?;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-csearch_path%3D{schema}");
        Ok(TestDb { store: Store::open(&url).await?, schema: Some((base, schema)), _dir: None })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, schema)) = self.schema.take() {
            // Runs on its own thread and runtime: Drop cannot await, and the test's runtime may be gone.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                rt.block_on(admin(&base, format!("DROP SCHEMA {schema} CASCADE")))
            })
            .join();
        }
    }
}

macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() -> anyhow::Result<()> {
                let db = super::TestDb::sqlite().await?;
                super::$name(&db.store).await
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() -> anyhow::Result<()> {
                let db = super::TestDb::postgres().await?;
                super::$name(&db.store).await
            })*
        }
    };
}

conformance!(
    territory_round_trips,
    reimport_updates_and_keeps_others,
    campaign_round_trips_and_codes_are_unique,
    responses_import_replaces_and_is_all_or_nothing,
    drafts_are_versioned_and_submit_is_idempotent,
    concurrent_saves_from_one_version_let_exactly_one_win,
    users_are_unique_by_email_in_any_case,
    sessions_live_in_the_database,
    invitations_are_renewed_and_revoked,
    invitations_in_bulk_are_all_or_nothing,
    contacts_import_is_all_or_nothing,
    mail_templates_and_log_round_trip,
    campaign_state_dates_and_frozen_definition,
    target_statuses_follow_each_target,
    reopen_turns_a_submitted_answer_into_a_draft,
    save_draft_as_records_who_typed,
    audit_round_trips,
    contours_round_trip_and_unknown_communes_are_refused,
    wave_adjacency_is_kept_with_the_wave,
    adjacency_is_computed_on_first_use_and_kept,
    actors_and_interviews_round_trip,
    verbatims_are_attributed_without_names,
    erasure_removes_an_email_everywhere,
    purge_follows_the_retention_periods,
    organisations_are_renamed_and_removed_with_their_people,
    people_are_added_once_and_removed_from_interviews,
    an_interview_goes_with_its_verbatims,
    publication_is_set_kept_and_taken_back,
    a_backup_gives_back_every_table,
    a_backup_during_writes_is_one_snapshot,
    audit_pages_are_filtered_and_follow_a_cursor,
    bulk_reads_agree_with_plain_reads,
    target_pages_are_filtered_and_counted_by_the_database,
    wave_counts_agree_with_the_statuses,
    the_complete_version_moves_with_what_the_analysis_counts,
    throttles_count_over_a_window_and_forget,
    mail_is_queued_claimed_and_marked,
    a_lapsed_lease_is_taken_over_and_counted_resent,
    concurrent_claimers_never_share_a_mail,
    reminder_days_are_queued_once,
    a_group_mail_is_sent_as_written_and_leaves_the_link_alone,
    a_group_lives_from_proposal_to_a_pooled_service,
    group_members_round_trip_and_must_be_targets,
    the_offers_register_is_replaced_whole,
    a_pending_sign_in_is_taken_once,
    a_session_keeps_its_id_token_until_it_ends,
    each_write_of_a_shared_answer_records_its_agent,
    viewer_domains_are_kept_once_and_match_emails,
    a_commune_is_found_by_its_siren,
    a_reopened_answer_is_counted_as_submitted_until_submitted_again,
    submits_and_reopenings_race_by_versions,
    the_kept_copy_is_personal_data_too,
    lost_link_requests_are_recorded_closed_once_and_erased,
);

fn code<T>(parse: fn(&str) -> Result<T, mutu_domain::codes::CodeError>, value: &str) -> T {
    parse(value).expect("valid test code")
}

fn territory(population_of_lille: u64) -> Territory {
    let dep = |c: &str| code(DepartementCode::parse, c);
    let epci = |c: &str| Some(code(EpciCode::parse, c));
    let commune = |c: &str, name: &str, d: &str, e: Option<EpciCode>, population| Commune {
        code: code(CommuneCode::parse, c),
        name: name.into(),
        departement: dep(d),
        epci: e,
        population,
        siren: None,
    };
    Territory {
        regions: vec![Region { code: code(RegionCode::parse, "32"), name: "Hauts-de-France".into() }],
        departements: vec![
            Departement { code: dep("59"), name: "Nord".into(), region: code(RegionCode::parse, "32") },
            Departement { code: dep("62"), name: "Pas-de-Calais".into(), region: code(RegionCode::parse, "32") },
        ],
        epci: vec![
            Epci {
                code: code(EpciCode::parse, "200093201"),
                name: "Métropole Européenne de Lille".into(),
                nature: Some(Nature::Metro),
                departement: dep("59"),
                population: None,
            },
            Epci {
                code: code(EpciCode::parse, "200033579"),
                name: "CU d'Arras".into(),
                nature: Some(Nature::Cu),
                departement: dep("62"),
                population: Some(108_000),
            },
        ],
        communes: vec![
            commune("59350", "Lille", "59", epci("200093201"), population_of_lille),
            commune("59512", "Roubaix", "59", epci("200093201"), 98_000),
            commune("62041", "Arras", "62", epci("200033579"), 41_000),
            commune("62001", "Ablain-Saint-Nazaire", "62", None, 900),
        ],
        population_year: Some(2022),
    }
}

fn campaign(t: &Territory, code_: &str) -> Campaign {
    let catalogue = Catalogue::default_catalogue();
    Campaign {
        code: code(CampaignCode::parse, code_),
        name: format!("Vague {code_}"),
        level: TargetLevel::Epci,
        size_classes: SizeClasses::default(),
        questionnaire: Questionnaire::default_questionnaire(&catalogue).expect("default questionnaire"),
        catalogue,
        targets: build_targets(t, TargetLevel::Epci, &[], &[]).expect("targets"),
        population_year: t.population_year,
    }
}

fn answers(themes: &[&str]) -> Answers {
    let mut a = Answers::new();
    a.insert("themes".into(), Answer::Choices(themes.iter().map(|t| (*t).to_owned()).collect()));
    a.insert("needs".into(), Answer::Text("=1+1 <script>alert(1)</script>".into()));
    a
}

fn response(respondent: &str, status: ResponseStatus, themes: &[&str]) -> Response {
    Response { respondent: respondent.into(), status, submitted_at: None, answers: answers(themes) }
}

async fn territory_round_trips(store: &Store) -> Result<()> {
    let t = territory(236_710);
    store.import_territory(&t).await?;
    let mut back = store.territory().await?;
    let mut expected = t.clone();
    for list in [&mut back, &mut expected] {
        list.departements.sort_by(|a, b| a.code.cmp(&b.code));
        list.epci.sort_by(|a, b| a.code.cmp(&b.code));
        list.communes.sort_by(|a, b| a.code.cmp(&b.code));
    }
    assert_eq!(back, expected);
    let s = store.territory_summary().await?;
    assert_eq!((s.regions, s.departements, s.epci, s.communes), (1, 2, 2, 4));
    assert_eq!(s.population, 236_710 + 98_000 + 41_000 + 900);
    assert_eq!((s.communes_without_epci, s.population_year), (1, Some(2022)));
    Ok(())
}

async fn reimport_updates_and_keeps_others(store: &Store) -> Result<()> {
    store.import_territory(&territory(236_710)).await?;
    let mut smaller = territory(240_000);
    smaller.communes.retain(|c| c.code.as_str() == "59350");
    store.import_territory(&smaller).await?;
    let s = store.territory_summary().await?;
    assert_eq!(s.communes, 4, "units absent from the second file are kept");
    assert_eq!(s.population, 240_000 + 98_000 + 41_000 + 900, "Lille was updated");
    Ok(())
}

async fn campaign_round_trips_and_codes_are_unique(store: &Store) -> Result<()> {
    let t = territory(236_710);
    store.import_territory(&t).await?;
    let c = campaign(&t, "hdf-2026");
    store.create_campaign(&c).await?;
    assert_eq!(store.campaign(&c.code).await?, c);
    assert_eq!(store.campaign_definition(&c.code).await?, (c.questionnaire.clone(), c.catalogue.clone()));
    assert!(matches!(store.create_campaign(&c).await, Err(StoreError::Conflict(_))));
    let missing = code(CampaignCode::parse, "nope");
    let err = store.campaign(&missing).await.unwrap_err();
    assert_eq!(err.to_string(), "la vague nope introuvable");
    let list = store.campaigns().await?;
    assert_eq!((list.len(), list[0].targets), (1, 2));
    Ok(())
}

async fn responses_import_replaces_and_is_all_or_nothing(store: &Store) -> Result<()> {
    let t = territory(236_710);
    store.import_territory(&t).await?;
    let c = campaign(&t, "hdf-2026");
    store.create_campaign(&c).await?;
    store.import_responses(&c.code, &[response("200093201", ResponseStatus::Partial, &["culture"])]).await?;
    store.import_responses(&c.code, &[response("200093201", ResponseStatus::Complete, &["tourisme"])]).await?;
    let stored = store.stored_responses(&c.code).await?;
    assert_eq!(stored.len(), 1);
    assert_eq!((stored[0].version, stored[0].response.status), (2, ResponseStatus::Complete));
    assert_eq!(stored[0].response.answers, answers(&["tourisme"]), "hostile text is stored as typed");
    // 600 answers where one respondent is unknown: nothing at all is written.
    let mut many: Vec<Response> =
        (0..600).map(|_| response("200033579", ResponseStatus::Complete, &["culture"])).collect();
    many[550].respondent = "999999999".into();
    assert!(store.import_responses(&c.code, &many).await.is_err());
    assert_eq!(store.responses(&c.code).await?.len(), 1, "the failed import left nothing behind");
    Ok(())
}

async fn drafts_are_versioned_and_submit_is_idempotent(store: &Store) -> Result<()> {
    let t = territory(236_710);
    store.import_territory(&t).await?;
    let c = campaign(&t, "hdf-2026");
    store.create_campaign(&c).await?;
    let v1 = store.save_draft(&c.code, "200033579", &answers(&["culture"]), 0).await?;
    assert_eq!(v1, 1);
    let v2 = store.save_draft(&c.code, "200033579", &answers(&["tourisme"]), v1).await?;
    assert_eq!(v2, 2);
    let stale = store.save_draft(&c.code, "200033579", &answers(&["education"]), v1).await;
    assert!(matches!(stale, Err(StoreError::StaleVersion { current: 2 })));
    let first = store.submit(&c.code, "200033579").await?;
    let second = store.submit(&c.code, "200033579").await?;
    assert_eq!(first.response.status, ResponseStatus::Complete);
    assert_eq!(first, second, "a second submit changes nothing");
    assert!(store.save_draft(&c.code, "200033579", &answers(&["culture"]), first.version).await.is_err());
    let other = store.response(&c.code, "200093201").await?;
    assert!(other.is_none(), "one body never sees another's answers");
    Ok(())
}

async fn concurrent_saves_from_one_version_let_exactly_one_win(store: &Store) -> Result<()> {
    let t = territory(236_710);
    store.import_territory(&t).await?;
    let c = campaign(&t, "hdf-2026");
    store.create_campaign(&c).await?;
    let base = store.save_draft(&c.code, "200033579", &answers(&["culture"]), 0).await?;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let (store, code) = (store.clone(), c.code.clone());
        let theme = if i % 2 == 0 { "tourisme" } else { "education" };
        tasks.push(tokio::spawn(async move { store.save_draft(&code, "200033579", &answers(&[theme]), base).await }));
    }
    let mut wins = 0;
    for task in tasks {
        match task.await? {
            Ok(_) => wins += 1,
            Err(StoreError::StaleVersion { .. }) => {}
            Err(other) => return Err(other.into()),
        }
    }
    assert_eq!(wins, 1, "exactly one save from the same version is acknowledged");
    assert_eq!(store.response(&c.code, "200033579").await?.map(|r| r.version), Some(base + 1));
    Ok(())
}

mod web;
use web::*;

mod backup;
use backup::*;

mod publication;
use publication::*;

mod qualitative;
use qualitative::*;

mod qualitative_edit;
use qualitative_edit::*;

mod geography;
use geography::*;

mod reads;
use reads::*;

mod audit;
use audit::*;

mod outbox;
use outbox::*;

mod group_mail;
use group_mail::*;

mod groups;
use groups::*;

mod oidc;
use oidc::*;

mod link_requests;
use link_requests::*;

mod agents;
use agents::*;

mod commune_siren;
use commune_siren::*;

mod reopen;
use reopen::*;

#[tokio::test]
async fn a_bad_url_says_which_and_why() {
    let err = Store::open("mysql://x").await.unwrap_err();
    assert!(err.to_string().contains("mysql://x"), "{err}");
    let err = Store::open("postgres://nobody:pw@127.0.0.1:1/none").await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("127.0.0.1:1") && !text.contains("pw"), "{text}");
    let err = Store::open("sqlite:///nonexistent-dir/x/mutu.db").await.unwrap_err();
    assert!(err.to_string().contains("/nonexistent-dir/x/mutu.db"), "{err}");
}

mod scale;
use scale::*;
