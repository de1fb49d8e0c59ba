//! The happy paths: the seed's territory and wave give the seed's figures, empty and
//! synthetic waves analyse, waves compare.

use super::harness::{Db, first_difference, fixture_text};
use serde_json::{Value, json};

/// The counts of `territory summary --format json`.
fn summary(db: &Db) -> Value {
    let s = db.json(&["territory", "summary", "--format", "json"]);
    json!([s["regions"], s["departements"], s["epci"], s["communes"], s["population"]])
}

pub fn territory_summary_counts_the_seed(db: &Db) {
    db.load_territory();
    assert_eq!(summary(db), json!([2, 3, 53, 1546, 4042131]));
}

pub fn the_seed_wave_gives_the_seed_figures(db: &Db) {
    db.load_seed_wave();
    let expected: Value = serde_json::from_str(&fixture_text("expected.json")).expect("expected.json");
    let actual = db.json(&["analyse", "--campaign", "npdc-2014", "--format", "json"]);
    if let Some(difference) = first_difference(&expected, &actual, "$") {
        panic!("analyse differs from expected.json at {difference}");
    }
    let text = db.ok(&["analyse", "--campaign", "npdc-2014", "--format", "text"]);
    for figure in ["6/10 (60 %)", "11/14 (79 %)", "11/15 (73 %)", "9/14 (64 %)", "37/53 (70 %)", "14/20", "23/33"] {
        assert!(text.contains(figure), "missing {figure:?} in\n{text}");
    }
    let line = |start: &str| {
        text.lines().find(|l| l.starts_with(start)).unwrap_or_else(|| panic!("no line {start:?} in\n{text}"))
    };
    assert!(line("Communes couvertes").contains("(75 %)"), "{}", line("Communes couvertes"));
    assert!(line("Habitants couverts").contains("(70 %)"), "{}", line("Habitants couverts"));
}

pub fn an_unknown_wave_is_named(db: &Db) {
    db.load_territory();
    let error = db.fails(&["analyse", "--campaign", "nope"]);
    assert!(error.contains("nope"), "{error}");
}

pub fn an_empty_wave_analyses(db: &Db) {
    db.load_territory();
    db.ok(&["campaign", "create", "vide", "--targets", "epci"]);
    let analysis = db.json(&["analyse", "--campaign", "vide", "--format", "json"]);
    assert_eq!(analysis["participation"]["total"]["targets"], 53);
    assert_eq!(analysis["participation"]["total"]["respondents"], 0);
    assert_eq!(analysis["themes"][0]["rate"], Value::Null);
    db.ok(&["analyse", "--campaign", "vide", "--format", "text"]);
}

pub fn synth_fills_the_seed_wave(db: &Db) {
    db.load_territory();
    db.ok(&["campaign", "create", "npdc-2014", "--targets", "epci"]);
    let printed = db.ok(&["synth", "--campaign", "npdc-2014", "--seed", "1", "--completion", "0.7"]);
    assert!(printed.contains("fictives") && printed.contains("(37 complètes)"), "{printed}");
    let analysis = db.json(&["analyse", "--campaign", "npdc-2014", "--format", "json"]);
    let total = &analysis["participation"]["total"];
    assert_eq!((total["targets"].as_u64(), total["respondents"].as_u64()), (Some(53), Some(37)));
    assert_eq!(analysis["services"].as_array().map(Vec::len), Some(46));
    db.ok(&["analyse", "--campaign", "npdc-2014", "--format", "text"]);
    let export = db.ok(&["responses", "export", "--campaign", "npdc-2014", "--include-personal"]);
    assert!(export.lines().all(|l| !l.contains("\"complete\"") || l.contains("Répondant fictif")), "{export}");
    // The same seed gives the same answers.
    db.ok(&["synth", "--campaign", "npdc-2014", "--seed", "1", "--completion", "0.7"]);
    let again = db.json(&["analyse", "--campaign", "npdc-2014", "--format", "json"]);
    assert_eq!(first_difference(&analysis, &again, "$"), None);
    let refused = db.run(&["synth", "--campaign", "npdc-2014", "--completion", "1.5"]);
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && error.contains("« 1.5 »"), "{error}");
}

pub fn waves_compare(db: &Db) {
    db.load_seed_wave();
    db.ok(&["campaign", "create", "npdc-2015", "--targets", "epci"]);
    db.ok(&["synth", "--campaign", "npdc-2015", "--seed", "2015"]);
    let analysis = db.json(&["analyse", "--campaign", "npdc-2015", "--compare", "npdc-2014", "--format", "json"]);
    let comparison = &analysis["comparison"];
    assert_eq!(comparison["campaign"], "npdc-2014");
    assert_eq!(comparison["respondents"]["before"], 37);
    assert_eq!(comparison["services"].as_array().map(Vec::len), Some(46), "{comparison:#}");
}

/// The example line of `interfaces.md`, as the interface shows it: a complete answer without
/// `expected_support`, a required question of the default questionnaire. Answers collected
/// elsewhere are what import is for: it is taken, and the import says what it lacked;
/// `--strict` refuses it at its line, as a submit would.
pub fn the_interface_example_imports_and_strict_refuses_it(db: &Db) {
    db.load_seed_wave();
    let line = r#"{"respondent": "200012003", "status": "complete", "submitted_at": "2014-09-12T10:31:00Z", "answers": {"themes": ["administration", "culture"], "services": {"marches_publics": {"status": "deployed", "mutualisation": "implemented", "types": ["groupement_commandes"], "actors": ["autres", "departement", "epci"], "partners": "Centre de gestion 59"}, "sig": {"status": "studied", "mutualisation": "planned", "types": ["service_commun"]}, "wifi_public": {"status": "none"}}, "obstacles": ["competences", "cout"], "obstacles_other": "", "needs": "free text"}}"#;
    let file = db.write("exemple.jsonl", &format!("{line}\n"));
    let error = db.fails(&["responses", "import", "--campaign", "npdc-2014", "--strict", &file]);
    assert!(error.contains("ligne 1") && error.contains("expected_support"), "{error}");
    let printed = db.ok(&["responses", "import", "--campaign", "npdc-2014", &file]);
    assert!(printed.contains("1 réponses importées"), "{printed}");
    assert!(
        printed.contains("1 réponse(s) complète(s) sans la question obligatoire « expected_support »"),
        "{printed}"
    );
}
