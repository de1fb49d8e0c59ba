//! The seed's wave end to end: its territory and answers read from the fixture files, the
//! analysis computed by the domain, compared with `expected.json`.
//!
//! It guards the whole chain from the files people hand over to the figures mutu prints:
//! a change in a reader or in the analysis that moves a figure of the seed shows up here.

use mutu_domain::analysis::{Filters, analyse};
use mutu_domain::campaign::{Campaign, TargetLevel, build_targets};
use mutu_domain::catalogue::Catalogue;
use mutu_domain::codes::CampaignCode;
use mutu_domain::questionnaire::Questionnaire;
use mutu_domain::size_class::SizeClasses;
use mutu_import::{read_responses, read_territory_csv};
use serde_json::Value as Json;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/npdc-2014/");

fn fixture(name: &str) -> String {
    let path = format!("{FIXTURES}{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path} : {e}"))
}

/// The first place where `actual` does not hold what `expected` says, as a JSON path with
/// both values. Keys absent from `expected` are ignored; numbers agree within 1e-9.
fn first_difference(path: &str, expected: &Json, actual: &Json) -> Option<String> {
    let differ = || Some(format!("{path} : attendu {expected}, obtenu {actual}"));
    match (expected, actual) {
        (Json::Object(expected), Json::Object(actual)) => expected.iter().find_map(|(key, value)| {
            let path = format!("{path}.{key}");
            match actual.get(key) {
                Some(found) => first_difference(&path, value, found),
                None => Some(format!("{path} : absent (attendu {value})")),
            }
        }),
        (Json::Array(expected), Json::Array(actual)) => {
            if expected.len() != actual.len() {
                return Some(format!("{path} : {} éléments attendus, {} obtenus", expected.len(), actual.len()));
            }
            expected
                .iter()
                .zip(actual)
                .enumerate()
                .find_map(|(i, (e, a))| first_difference(&format!("{path}[{i}]"), e, a))
        }
        (Json::Number(e), Json::Number(a)) => match (e.as_f64(), a.as_f64()) {
            (Some(e), Some(a)) if (e - a).abs() <= 1e-9 => None,
            _ => differ(),
        },
        _ if expected == actual => None,
        _ => differ(),
    }
}

#[test]
fn the_seed_wave_gives_the_expected_analysis() {
    let territory =
        read_territory_csv("territory.csv", fixture("territory.csv").as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let catalogue = Catalogue::default_catalogue();
    let questionnaire = Questionnaire::default_questionnaire(&catalogue).expect("default questionnaire");
    let targets = build_targets(&territory, TargetLevel::Epci, &[], &[]).expect("targets");
    assert_eq!(targets.len(), 53);
    let campaign = Campaign {
        code: CampaignCode::parse("npdc-2014").expect("campaign code"),
        name: "Nord-Pas-de-Calais 2014".into(),
        level: TargetLevel::Epci,
        size_classes: SizeClasses::default(),
        catalogue,
        questionnaire,
        targets,
        population_year: territory.population_year,
    };
    let responses = read_responses(
        "responses.jsonl",
        &fixture("responses.jsonl"),
        &campaign,
        mutu_domain::answers::Required::Reported,
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .responses;

    let analysis = analyse(&campaign, &responses, &Filters::default());
    let actual = serde_json::to_value(&analysis).expect("the analysis serialises");
    let expected: Json = serde_json::from_str(&fixture("expected.json")).expect("expected.json is JSON");
    if let Some(difference) = first_difference("$", &expected, &actual) {
        panic!("l'analyse diffère de expected.json : {difference}");
    }
}

#[test]
fn the_comparison_reports_the_first_difference() {
    let expected: Json = serde_json::json!({"a": {"b": [1, 2.5]}, "c": "x"});
    let actual: Json = serde_json::json!({"a": {"b": [1, 2.5000000000001], "extra": 1}, "c": "x"});
    assert_eq!(first_difference("$", &expected, &actual), None);
    let actual: Json = serde_json::json!({"a": {"b": [1, 2.6]}, "c": "x"});
    assert_eq!(first_difference("$", &expected, &actual).as_deref(), Some("$.a.b[1] : attendu 2.5, obtenu 2.6"));
    let actual: Json = serde_json::json!({"a": {"b": [1, 2.5]}});
    assert_eq!(first_difference("$", &expected, &actual).as_deref(), Some("$.c : absent (attendu \"x\")"));
}
