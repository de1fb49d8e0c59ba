//! One failing case per validation rule, and the accepted shapes.

use super::*;
use serde_json::json;

fn check(value: Json, status: ResponseStatus) -> Result<Answers, AnswerError> {
    let catalogue = Catalogue::default_catalogue();
    let questionnaire = Questionnaire::default_questionnaire(&catalogue).unwrap();
    validate(value.as_object().unwrap(), status, &questionnaire, &catalogue)
}

fn field_of(value: Json) -> String {
    check(value, ResponseStatus::Partial).unwrap_err().field
}

#[test]
fn a_full_answer_is_accepted() {
    let answers = check(
        json!({
            "themes": ["administration", "culture"],
            "services": {
                "marches_publics": {"status": "deployed", "mutualisation": "implemented",
                    "types": ["groupement_commandes"], "actors": ["departement", "autres"],
                    "partners": "Centre de gestion 59"},
                "sig": {"status": "studied", "mutualisation": "planned", "types": ["service_commun"]},
                "wifi_public": {"status": "none"}
            },
            "obstacles": ["competences", "autre"],
            "obstacles_other": "Le temps",
            "expected_support": ["assistance_technique"],
            "needs": "Un plan d'ensemble"
        }),
        ResponseStatus::Complete,
    )
    .unwrap();
    let Some(Answer::Matrix(m)) = answers.get("services") else { panic!() };
    assert_eq!(m.len(), 2, "a row with status none and nothing else is dropped");
    assert!(m["sig"].is_pooled());
}

#[test]
fn unknown_question_is_refused() {
    assert_eq!(field_of(json!({"weather": "fine"})), "weather");
}

#[test]
fn unknown_code_is_refused() {
    assert_eq!(field_of(json!({"themes": ["astronomie"]})), "themes");
    assert_eq!(field_of(json!({"services": {"teleportation": {"status": "deployed"}}})), "services.teleportation");
    assert_eq!(
        field_of(json!({"services": {"sig": {"status": "deployed", "mutualisation": "planned", "types": ["troc"]}}})),
        "services.sig.types"
    );
    assert_eq!(
        field_of(json!({"services": {"sig": {"status": "deployed", "mutualisation": "planned", "actors": ["onu"]}}})),
        "services.sig.actors"
    );
}

#[test]
fn wrong_types_are_refused() {
    assert_eq!(field_of(json!({"themes": "culture"})), "themes");
    assert_eq!(field_of(json!({"needs": 3})), "needs");
    assert_eq!(field_of(json!({"services": ["sig"]})), "services");
    assert_eq!(field_of(json!({"services": {"sig": {"status": "maybe"}}})), "services.sig.status");
    assert_eq!(field_of(json!({"services": {"sig": {"mutualisation": "none"}}})), "services.sig.status");
    assert_eq!(field_of(json!({"services": {"sig": {"status": "none", "colour": "red"}}})), "services.sig.colour");
}

#[test]
fn impossible_combinations_are_refused() {
    let implemented_studied = json!({"services": {"sig": {"status": "studied", "mutualisation": "implemented"}}});
    assert_eq!(field_of(implemented_studied), "services.sig.mutualisation");
    let planned_none = json!({"services": {"sig": {"status": "none", "mutualisation": "planned"}}});
    assert_eq!(field_of(planned_none), "services.sig.mutualisation");
    let types_on_none = json!({"services": {"sig": {"status": "deployed", "types": ["spl"]}}});
    assert_eq!(field_of(types_on_none), "services.sig.types");
    let actors_on_none = json!({"services": {"sig": {"status": "none", "actors": ["etat"]}}});
    assert_eq!(field_of(actors_on_none), "services.sig.actors");
    let partners_without_autres = json!({"services": {"sig": {"status": "deployed", "mutualisation": "implemented",
        "actors": ["etat"], "partners": "CAF"}}});
    assert_eq!(field_of(partners_without_autres), "services.sig.partners");
}

#[test]
fn an_answer_to_a_hidden_question_is_refused() {
    assert_eq!(field_of(json!({"obstacles": ["cout"], "obstacles_other": "x"})), "obstacles_other");
    assert_eq!(field_of(json!({"obstacles_other": "x"})), "obstacles_other");
}

#[test]
fn required_questions_bind_only_complete_answers() {
    assert!(check(json!({"themes": ["culture"]}), ResponseStatus::Partial).is_ok());
    let err = check(json!({"themes": ["culture"]}), ResponseStatus::Complete).unwrap_err();
    assert_eq!(err.field, "obstacles");
    assert_eq!(err.to_string(), "obstacles : réponse obligatoire");
}

#[test]
fn blank_values_count_as_unanswered() {
    let answers = check(json!({"needs": "  ", "themes": []}), ResponseStatus::Partial).unwrap();
    assert!(answers.is_empty());
}

#[test]
fn stored_answers_read_back_identical() {
    let answers = check(
        json!({
            "themes": ["administration", "culture"],
            "services": {"sig": {"status": "studied", "mutualisation": "planned", "types": ["service_commun"]}},
            "needs": "Un plan d'ensemble"
        }),
        ResponseStatus::Partial,
    )
    .unwrap();
    let text = serde_json::to_string(&answers).unwrap();
    assert_eq!(serde_json::from_str::<Answers>(&text).unwrap(), answers);
    let number: Answer = serde_json::from_str("12").unwrap();
    assert_eq!(number, Answer::Number(12.0));
    assert!(serde_json::from_str::<Answer>("true").is_err(), "a boolean is no answer");
}

/// The interface's example line (`interfaces.md`): complete, without `expected_support`.
fn interface_example() -> Json {
    json!({
        "themes": ["administration", "culture"],
        "services": {
            "marches_publics": {"status": "deployed", "mutualisation": "implemented",
                "types": ["groupement_commandes"], "actors": ["autres", "departement", "epci"],
                "partners": "Centre de gestion 59"},
            "sig": {"status": "studied", "mutualisation": "planned", "types": ["service_commun"]},
            "wifi_public": {"status": "none"}
        },
        "obstacles": ["competences", "cout"],
        "obstacles_other": "",
        "needs": "free text"
    })
}

#[test]
fn a_required_question_left_blank_is_refused_or_reported() {
    let catalogue = Catalogue::default_catalogue();
    let questionnaire = Questionnaire::default_questionnaire(&catalogue).unwrap();
    let raw = interface_example();
    let raw = raw.as_object().unwrap();
    let refused = validate(raw, ResponseStatus::Complete, &questionnaire, &catalogue).unwrap_err();
    assert_eq!((refused.field.as_str(), &refused.problem), ("expected_support", &AnswerProblem::Required));
    assert_eq!(refused.to_string(), "expected_support : réponse obligatoire");
    let taken = super::check(raw, ResponseStatus::Complete, &questionnaire, &catalogue, Required::Reported).unwrap();
    assert_eq!(taken.missing_required, ["expected_support"]);
    assert!(taken.answers.contains_key("services"));
    let draft = super::check(raw, ResponseStatus::Partial, &questionnaire, &catalogue, Required::Reported).unwrap();
    assert!(draft.missing_required.is_empty(), "a draft misses nothing yet");
}

#[test]
fn problems_have_codes_and_arguments_for_translations() {
    let problem = AnswerProblem::UnknownOption("astronomie".into());
    assert_eq!((problem.code(), problem.args()), ("unknown-option", vec![("code", "astronomie".to_owned())]));
    assert_eq!(problem.to_string(), "option « astronomie » inconnue");
}
