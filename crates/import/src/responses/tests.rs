use super::*;
use crate::read_territory_csv;
use mutu_domain::answers::Answer;
use mutu_domain::testing::WaveBuilder;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/npdc-2014/");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}{name}")).expect("fixture present")
}

fn campaign() -> Campaign {
    let territory = read_territory_csv("territory.csv", fixture("territory.csv").as_bytes()).unwrap();
    WaveBuilder::new("npdc-2014").name("Nord-Pas-de-Calais 2014").targets_from(&territory).build()
}

/// The fixture with its line `n` (1-based) replaced.
fn with_line(n: usize, replace: impl Fn(&str) -> String) -> String {
    let text = fixture("responses.jsonl");
    let lines: Vec<String> =
        text.lines().enumerate().map(|(i, l)| if i + 1 == n { replace(l) } else { l.to_owned() }).collect();
    lines.join("\n")
}

fn fails(text: &str, line: usize, field: Option<&str>) -> ImportError {
    let err =
        read_responses("responses.jsonl", text, &campaign(), Required::Reported).expect_err("the file must be refused");
    assert_eq!((err.line, err.field.as_deref()), (Some(line), field), "{err}");
    assert!(err.to_string().starts_with(&format!("responses.jsonl, ligne {line}")), "{err}");
    err
}

#[test]
fn reads_the_fixture_and_the_last_line_wins() {
    let read = read_responses("responses.jsonl", &fixture("responses.jsonl"), &campaign(), Required::Reported).unwrap();
    let responses = read.responses;
    assert_eq!(responses.len(), 41, "one response per respondent");
    let complete = responses.iter().filter(|r| r.status == ResponseStatus::Complete).count();
    assert_eq!(complete, 37);
    let first = &responses[0];
    assert_eq!(first.respondent, "200012003", "in order of first appearance");
    assert_eq!(first.status, ResponseStatus::Complete);
    assert_eq!(first.submitted_at, Some(time::macros::datetime!(2014-07-16 10:00:00 UTC)));
    assert!(matches!(&first.answers["themes"], Answer::Choices(c) if c.len() == 6));
}

#[test]
fn a_corrupted_line_is_named_with_the_answer_field() {
    let text = with_line(7, |l| l.replacen(r#""mutualisation": "planned""#, r#""mutualisation": "implemented""#, 1));
    let err = fails(&text, 7, Some("services.marches_publics.mutualisation"));
    assert!(err.message.contains("deployed"), "{err}");
    let text = with_line(9, |l| l.replacen(r#""themes": ["#, r#""themes": ["pas_un_theme", "#, 1));
    fails(&text, 9, Some("themes"));
    let text = with_line(10, |l| l.replacen(r#""answers": {"#, r#""answers": {"question_inconnue": 1, "#, 1));
    fails(&text, 10, Some("question_inconnue"));
}

#[test]
fn malformed_json_names_the_line() {
    let text = with_line(12, |l| l[..l.len() / 2].to_owned());
    let err = fails(&text, 12, None);
    assert!(err.message.contains("JSON invalide"), "{err}");
    fails(&with_line(3, |_| "[1, 2]".into()), 3, None);
}

#[test]
fn unknown_respondent_status_or_key_is_refused() {
    fails(&with_line(5, |l| l.replacen(r#""respondent": ""#, r#""respondent": "9"#, 1)), 5, Some("respondent"));
    fails(&with_line(5, |l| l.replacen(r#""status": "complete""#, r#""status": "done""#, 1)), 5, Some("status"));
    fails(&with_line(5, |l| l.replacen('{', r#"{"comment": "x", "#, 1)), 5, Some("comment"));
    fails(&with_line(5, |l| l.replacen(r#""status": "complete", "#, "", 1)), 5, Some("status"));
}

#[test]
fn blank_lines_are_skipped_but_counted() {
    let text = format!("\n   \n{}", with_line(2, |l| l.replacen(r#""status": "complete""#, r#""status": 1"#, 1)));
    fails(&text, 4, Some("status"));
    let read = read_responses("r.jsonl", "\u{feff}\n\n", &campaign(), Required::Reported).unwrap();
    assert!(read.responses.is_empty());
}

#[test]
fn a_partial_line_after_a_complete_one_replaces_it() {
    let text = fixture("responses.jsonl");
    let partial = r#"{"respondent": "200012003", "status": "partial", "answers": {}}"#;
    let responses =
        read_responses("r.jsonl", &format!("{text}\n{partial}\n"), &campaign(), Required::Reported).unwrap().responses;
    assert_eq!(responses[0].status, ResponseStatus::Partial);
    assert!(responses[0].answers.is_empty());
}

/// The example line of `interfaces.md`, as the interface shows it: complete, without
/// `expected_support` (a required question of the default questionnaire).
const INTERFACE_EXAMPLE: &str = r#"{"respondent": "200012003", "status": "complete", "submitted_at": "2014-09-12T10:31:00Z", "answers": {"themes": ["administration", "culture"], "services": {"marches_publics": {"status": "deployed", "mutualisation": "implemented", "types": ["groupement_commandes"], "actors": ["autres", "departement", "epci"], "partners": "Centre de gestion 59"}, "sig": {"status": "studied", "mutualisation": "planned", "types": ["service_commun"]}, "wifi_public": {"status": "none"}}, "obstacles": ["competences", "cout"], "obstacles_other": "", "needs": "free text"}}"#;

#[test]
fn the_interface_example_imports_and_its_blank_required_question_is_counted() {
    let read = read_responses("r.jsonl", INTERFACE_EXAMPLE, &campaign(), Required::Reported).unwrap();
    assert_eq!(read.responses.len(), 1);
    assert_eq!(read.missing_required, BTreeMap::from([("expected_support".to_owned(), 1)]));
    let err = read_responses("r.jsonl", INTERFACE_EXAMPLE, &campaign(), Required::Enforced).unwrap_err();
    assert_eq!((err.line, err.field.as_deref()), (Some(1), Some("expected_support")), "{err}");
    assert!(err.to_string().contains("réponse obligatoire"), "{err}");
}
