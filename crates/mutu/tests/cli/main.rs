//! The `mutu` binary end to end: every scenario runs the real command line, once on SQLite
//! and once on PostgreSQL, and checks what a user or a script sees (stdout, stderr, exit
//! status) against the seed's figures and the promises of `interfaces.md`.

mod backup;
mod demo;
mod estimates;
mod faults;
mod groups;
mod groups_report;
mod harness;
mod http;
mod kill;
mod mail;
mod pipeline;
mod qualitative;
mod refusals;
mod report;
mod serve;

/// One `#[test]` per scenario and backend.
macro_rules! scenarios {
    ($($module:ident :: $name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                super::$module::$name(&super::harness::Db::sqlite());
            })*
        }
        mod postgres {
            $(#[test]
            fn $name() {
                super::$module::$name(&super::harness::Db::postgres());
            })*
        }
    };
}

scenarios!(
    pipeline::territory_summary_counts_the_seed,
    pipeline::the_seed_wave_gives_the_seed_figures,
    pipeline::an_unknown_wave_is_named,
    pipeline::an_empty_wave_analyses,
    pipeline::synth_fills_the_seed_wave,
    pipeline::waves_compare,
    estimates::the_weighted_block_and_profiles_match_an_independent_computation,
    estimates::a_series_marks_a_service_added_as_a_break,
    refusals::a_bad_territory_line_is_refused_and_changes_nothing,
    refusals::a_bad_answers_line_is_refused_and_changes_nothing,
    refusals::a_malformed_questionnaire_names_its_line,
    refusals::csv_exports_open_safely_in_excel,
    pipeline::the_interface_example_imports_and_strict_refuses_it,
    report::the_seed_report_holds_the_figures_of_analyse,
    report::open_data_is_written_with_its_package,
    report::a_lead_template_is_used_and_refusals_write_nothing,
    report::the_seed_report_holds_the_qualitative_material,
    report::the_web_download_is_the_cli_report,
    qualitative::verbatims_come_back_by_theme_without_names,
    qualitative::the_benchmark_lists_six_structures_with_their_moof,
    qualitative::erasing_a_respondent_keeps_every_figure,
    serve::an_acknowledged_save_survives_sigkill,
    kill::sigkill_under_load_loses_no_acknowledged_write,
    backup::a_backup_taken_while_serving_restores_the_same_figures,
    faults::a_read_only_database_refuses_writes_cleanly,
    mail::mail_commands_queue_and_say_what_will_happen,
    mail::a_killed_worker_loses_no_mail_and_resends_only_what_was_in_flight,
    groups::a_group_drawn_from_an_opportunity_is_listed_exported_and_followed,
    groups::an_offer_shows_on_exactly_the_groups_it_covers,
    groups::a_group_on_a_theme_is_created_listed_and_followed,
    groups_report::the_report_tells_what_the_wave_s_groups_became,
);

/// The bundled national referential (SQLite only: it is the slow one).
#[test]
fn the_national_referential_is_bundled() {
    let db = harness::Db::sqlite();
    db.ok(&["territory", "import", "--bundled"]);
    let s = db.json(&["territory", "summary", "--format", "json"]);
    let counts = [&s["regions"], &s["departements"], &s["epci"], &s["communes"], &s["population"]];
    assert_eq!(counts.map(|v| v.as_u64()), [18, 101, 1255, 34875, 68350798].map(Some), "{s:#}");
}

/// Issue 17 on the Hauts-de-France EPCI of the bundled referential (SQLite only: the
/// formulas do not depend on the backend, the seed's scenario runs on both).
#[test]
fn the_hauts_de_france_wave_matches_an_independent_computation() {
    estimates::the_hauts_de_france_wave_matches_an_independent_computation(&harness::Db::sqlite());
}

/// The comparison used against expected.json names the first difference by its JSON path.
#[test]
fn differences_are_named_by_their_path() {
    use serde_json::json;
    let expected = json!({"a": {"b": [1, 2.5]}, "c": null});
    let same = json!({"a": {"b": [1.0, 2.5 + 1e-12], "extra": 1}, "c": null});
    assert_eq!(harness::first_difference(&expected, &same, "$"), None);
    let off = json!({"a": {"b": [1, 2.6]}, "c": null});
    assert_eq!(harness::first_difference(&expected, &off, "$").as_deref(), Some("$.a.b[1] : attendu 2.5, obtenu 2.6"));
    let missing = json!({"a": {"b": [1, 2.5]}});
    assert_eq!(harness::first_difference(&expected, &missing, "$").as_deref(), Some("$.c : absent"));
}
