//! What a browser form posts, turned into the raw answers (a JSON object keyed by question
//! id) that the domain's one validation reads, and the merges around a section's save.
//!
//! The browser form is forgiving where the JSON API is strict: a value its show-if
//! conditions hide (a detail of a service left at "ni l'un ni l'autre", the "other
//! obstacles" text once "autre" is unticked) is dropped instead of refused, because the
//! person never saw it. Everything else goes through `answers::validate` unchanged.

use super::matrix;
use mutu_domain::answers::{AnswerError, Answers, ResponseStatus, validate};
use mutu_domain::catalogue::Catalogue;
use mutu_domain::questionnaire::{Question, QuestionType, Questionnaire, Section};
use serde_json::{Map, Value as Json};

/// The fields of an `application/x-www-form-urlencoded` body, in order (checkboxes repeat).
pub(crate) struct Posted {
    pairs: Vec<(String, String)>,
}

impl Posted {
    /// Reads a form body.
    pub fn parse(body: &[u8]) -> Self {
        Posted { pairs: form_urlencoded::parse(body).into_owned().collect() }
    }

    /// The first value of a field.
    pub fn one(&self, name: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every value of a field.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    /// The version the form started from (0 when absent or unreadable: nothing stored).
    pub fn version(&self) -> i64 {
        self.one("version").and_then(|v| v.trim().parse().ok()).unwrap_or(0)
    }
}

/// A list of codes as JSON.
pub(crate) fn codes_json(codes: Vec<&str>) -> Json {
    Json::Array(codes.into_iter().map(|c| Json::String(c.to_owned())).collect())
}

/// The values typed in one section, as raw answers; blank fields are left out.
pub(crate) fn section_values(section: &Section, catalogue: &Catalogue, posted: &Posted) -> Map<String, Json> {
    let mut out = Map::new();
    for q in &section.questions {
        let id = q.id.as_str();
        let value = match q.kind {
            QuestionType::MultipleChoice => Some(codes_json(posted.all(id))).filter(|v| v != &Json::Array(vec![])),
            QuestionType::SingleChoice | QuestionType::Text | QuestionType::LongText => {
                posted.one(id).filter(|v| !v.trim().is_empty()).map(|v| Json::String(v.to_owned()))
            }
            QuestionType::Number => posted.one(id).map(str::trim).filter(|v| !v.is_empty()).map(|v| {
                v.replace(',', ".")
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map_or_else(|| Json::String(v.to_owned()), Json::Number)
            }),
            QuestionType::ServiceMatrix => Some(matrix::posted(q, catalogue, posted)),
        };
        if let Some(value) = value {
            out.insert(id.to_owned(), value);
        }
    }
    out
}

/// The stored answers with one section's questions replaced by the typed ones, less the
/// answers that the conditions now hide.
pub(crate) fn merge_section(
    stored: &Map<String, Json>,
    section: &Section,
    typed: Map<String, Json>,
    questionnaire: &Questionnaire,
) -> Map<String, Json> {
    let mut out = stored.clone();
    for q in &section.questions {
        out.remove(&q.id);
    }
    out.extend(typed);
    prune_hidden(questionnaire, &mut out);
    out
}

/// Whether a question is shown given the raw answers (its show-if condition, if any).
pub(crate) fn shown(question: &Question, raw: &Map<String, Json>) -> bool {
    question.show_if.as_ref().is_none_or(|cond| match raw.get(&cond.question) {
        Some(Json::Array(codes)) => cond.includes.as_ref().is_some_and(|c| codes.iter().any(|x| x.as_str() == Some(c))),
        Some(Json::String(code)) => cond.equals.as_ref() == Some(code),
        _ => false,
    })
}

/// Drops the answers to hidden questions, in questionnaire order (a chain of conditions
/// falls with its first link).
pub(crate) fn prune_hidden(questionnaire: &Questionnaire, raw: &mut Map<String, Json>) {
    for q in questionnaire.questions() {
        if !shown(q, raw) {
            raw.remove(&q.id);
        }
    }
}

/// Validates a draft and reports every refused field, not only the first: each refused
/// field is set aside and the rest validated again.
pub(crate) fn validate_all(
    raw: &Map<String, Json>,
    questionnaire: &Questionnaire,
    catalogue: &Catalogue,
) -> Result<Answers, Vec<AnswerError>> {
    let (answers, errors) = validate_dropping(raw, questionnaire, catalogue);
    if errors.is_empty() { Ok(answers) } else { Err(errors) }
}

/// What validates of raw answers as a draft, dropping each refused field.
pub(crate) fn salvage(raw: &Map<String, Json>, questionnaire: &Questionnaire, catalogue: &Catalogue) -> Answers {
    validate_dropping(raw, questionnaire, catalogue).0
}

fn validate_dropping(
    raw: &Map<String, Json>,
    questionnaire: &Questionnaire,
    catalogue: &Catalogue,
) -> (Answers, Vec<AnswerError>) {
    let mut raw = raw.clone();
    let mut errors = Vec::new();
    loop {
        match validate(&raw, ResponseStatus::Partial, questionnaire, catalogue) {
            Ok(answers) => return (answers, errors),
            Err(e) => {
                let removed = remove_path(&mut raw, &e.field);
                errors.push(e);
                // A draft's errors always name a value that is there; should one not, stop
                // rather than loop (each round removes something, so this ends).
                if !removed {
                    return (Answers::new(), errors);
                }
            }
        }
    }
}

/// Removes the value at `question[.service[.field]]`; falls back to the whole question.
fn remove_path(raw: &mut Map<String, Json>, path: &str) -> bool {
    let mut parts = path.splitn(3, '.');
    let question = parts.next().unwrap_or_default();
    let (service, field) = (parts.next(), parts.next());
    let nested = service.and_then(|service| {
        let rows = raw.get_mut(question)?.as_object_mut()?;
        match field {
            None => rows.remove(service).map(|_| ()),
            Some(field) => {
                let row = rows.get_mut(service)?.as_object_mut()?;
                row.remove(field)?;
                if row.is_empty() {
                    rows.remove(service);
                }
                Some(())
            }
        }
    });
    nested.is_some() || raw.remove(question).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn setup() -> (Questionnaire, Catalogue) {
        let catalogue = Catalogue::default_catalogue();
        (Questionnaire::default_questionnaire(&catalogue).expect("default"), catalogue)
    }

    fn map(value: Json) -> Map<String, Json> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn every_refused_field_is_reported_and_the_rest_kept() {
        let (q, c) = setup();
        let raw = map(json!({
            "themes": ["culture", "nope"],
            "services": {"sig": {"status": "studied", "mutualisation": "implemented"}, "ads": {"status": "deployed"}},
            "needs": "ok"
        }));
        let errors = validate_all(&raw, &q, &c).expect_err("two errors");
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["themes", "services.sig.mutualisation"]);
        let kept = salvage(&raw, &q, &c);
        assert!(kept.contains_key("needs") && !kept.contains_key("themes"));
        let services = serde_json::to_value(&kept["services"]).expect("json");
        assert_eq!(services, json!({"ads": {"status": "deployed"}, "sig": {"status": "studied"}}));
    }

    #[test]
    fn hidden_answers_fall_with_their_condition() {
        let (q, _) = setup();
        let stored = map(json!({"obstacles": ["autre"], "obstacles_other": "la fibre", "needs": "x"}));
        let section = q.sections.iter().find(|s| s.id == "freins").expect("section");
        let merged = merge_section(&stored, section, map(json!({"obstacles": ["cout"]})), &q);
        assert_eq!(Json::Object(merged), json!({"obstacles": ["cout"], "needs": "x"}));
    }

    #[test]
    fn form_fields_become_raw_answers() {
        let (q, c) = setup();
        let posted = Posted::parse(b"obstacles=cout&obstacles=autre&obstacles_other=+&csrf=x&version=3");
        let section = q.sections.iter().find(|s| s.id == "freins").expect("section");
        assert_eq!(Json::Object(section_values(section, &c, &posted)), json!({"obstacles": ["cout", "autre"]}));
        assert_eq!(posted.version(), 3);
    }
}
