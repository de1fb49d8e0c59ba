//! Answers of one respondent, validated against the wave's questionnaire.
//!
//! Every way in (file import, web form, API) goes through [`validate`], so an answer stored
//! by mutu is always one the questionnaire accepts.

mod problem;

pub use problem::{AnswerError, AnswerProblem};

use crate::catalogue::{Catalogue, OptionList};
use crate::questionnaire::{QuestionType, Questionnaire};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// Whether the respondent has submitted; only complete answers count in the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseStatus {
    /// Submitted.
    Complete,
    /// A draft.
    Partial,
}

impl ResponseStatus {
    /// The code stored and exchanged.
    pub fn code(self) -> &'static str {
        match self {
            ResponseStatus::Complete => "complete",
            ResponseStatus::Partial => "partial",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "complete" => Some(ResponseStatus::Complete),
            "partial" => Some(ResponseStatus::Partial),
            _ => None,
        }
    }
}

/// Status of a service on the respondent's territory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceStatus {
    /// Mis en œuvre.
    Deployed,
    /// À l'étude.
    Studied,
    /// Ni l'un ni l'autre.
    #[default]
    None,
}

/// Pooling state of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mutualisation {
    /// Déjà mutualisé.
    Implemented,
    /// Le sera à court terme.
    Planned,
    /// Non.
    #[default]
    None,
}

/// One row of the service matrix.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceAnswer {
    /// Deployed, studied or none.
    pub status: ServiceStatus,
    /// Pooling state, when deployed or studied.
    #[serde(default, skip_serializing_if = "is_none_mutualisation")]
    pub mutualisation: Mutualisation,
    /// Pooling type codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// Actor codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    /// Named partners (free text), when actors holds `autres`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub partners: String,
}

fn is_none_mutualisation(m: &Mutualisation) -> bool {
    *m == Mutualisation::None
}

impl ServiceAnswer {
    /// Whether this (respondent, service) is a pooled pair: implemented or planned.
    pub fn is_pooled(&self) -> bool {
        matches!(self.mutualisation, Mutualisation::Implemented | Mutualisation::Planned)
    }
}

/// A validated answer to one question. Stored as plain JSON (a list, an object, a number or a
/// string); read back by looking at the JSON type once (see the `Deserialize` impl below).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    /// A multiple choice.
    Choices(Vec<String>),
    /// The service matrix, by service code.
    Matrix(BTreeMap<String, ServiceAnswer>),
    /// A number.
    Number(f64),
    /// A single choice or a text.
    Text(String),
}

/// Reads an answer by the type of its JSON value. `#[serde(untagged)]` would buffer every
/// value and try each variant in turn, building and dropping an error per failed try: that
/// was most of the time of loading a national wave (docs/performance.md).
impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnswerVisitor;
        impl<'de> serde::de::Visitor<'de> for AnswerVisitor {
            type Value = Answer;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of codes, a service matrix, a number or a text")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Answer, A::Error> {
                let mut codes = Vec::with_capacity(seq.size_hint().unwrap_or(4));
                while let Some(code) = seq.next_element::<String>()? {
                    codes.push(code);
                }
                Ok(Answer::Choices(codes))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Answer, A::Error> {
                let mut rows = BTreeMap::new();
                while let Some((code, row)) = map.next_entry::<String, ServiceAnswer>()? {
                    rows.insert(code, row);
                }
                Ok(Answer::Matrix(rows))
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Answer, E> {
                Ok(Answer::Text(text.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Answer, E> {
                Ok(Answer::Text(text))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Answer, E> {
                Ok(Answer::Number(n))
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Answer, E> {
                Ok(Answer::Number(n as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Answer, E> {
                Ok(Answer::Number(n as f64))
            }
        }
        deserializer.deserialize_any(AnswerVisitor)
    }
}

/// All the answers of one respondent, by question id.
pub type Answers = BTreeMap<String, Answer>;

/// A respondent's answers as stored: status, submission time, answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// Code of the target (EPCI SIREN or commune INSEE code).
    pub respondent: String,
    /// Complete or partial.
    pub status: ResponseStatus,
    /// When it was submitted, for complete answers (RFC 3339 in JSON).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<time::OffsetDateTime>,
    /// The answers.
    pub answers: Answers,
}

fn err<T>(field: impl Into<String>, problem: AnswerProblem) -> Result<T, AnswerError> {
    Err(AnswerError { field: field.into(), problem })
}

/// Whether a complete answer must hold every required question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// Refused without them: a respondent (or an agent on their behalf) submitting.
    Enforced,
    /// Taken, the questions left unanswered listed: answers collected elsewhere (paper,
    /// another tool, an earlier year) imported as they are.
    Reported,
}

/// Answers that passed [`check`], and the required questions a complete answer left blank
/// (always empty under [`Required::Enforced`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The answers.
    pub answers: Answers,
    /// Ids of the required questions shown but unanswered, in questionnaire order.
    pub missing_required: Vec<String>,
}

/// Checks raw answers (a JSON object keyed by question id) against the questionnaire and
/// catalogue. A complete answer must also hold every required question that is shown.
pub fn validate(
    raw: &Map<String, Json>,
    status: ResponseStatus,
    questionnaire: &Questionnaire,
    catalogue: &Catalogue,
) -> Result<Answers, AnswerError> {
    check(raw, status, questionnaire, catalogue, Required::Enforced).map(|c| c.answers)
}

/// [`validate`] with the rule on required questions chosen: every value is checked the same
/// way, only a required question left blank is either refused or reported.
pub fn check(
    raw: &Map<String, Json>,
    status: ResponseStatus,
    questionnaire: &Questionnaire,
    catalogue: &Catalogue,
    required: Required,
) -> Result<Checked, AnswerError> {
    for key in raw.keys() {
        if questionnaire.question(key).is_none() {
            return err(key, AnswerProblem::UnknownQuestion);
        }
    }
    let mut answers = Answers::new();
    let mut missing_required = Vec::new();
    for question in questionnaire.questions() {
        let id = question.id.as_str();
        let shown = question.show_if.as_ref().is_none_or(|cond| match answers.get(&cond.question) {
            Some(Answer::Choices(codes)) => cond.includes.as_ref().is_some_and(|c| codes.contains(c)),
            Some(Answer::Text(code)) => cond.equals.as_ref() == Some(code),
            _ => false,
        });
        let value = raw.get(id).filter(|v| !is_blank(v));
        let Some(value) = value else {
            if shown && question.required && status == ResponseStatus::Complete {
                match required {
                    Required::Enforced => return err(id, AnswerProblem::Required),
                    Required::Reported => missing_required.push(id.to_owned()),
                }
            }
            continue;
        };
        if !shown {
            return err(id, AnswerProblem::NotAsked);
        }
        let codes = questionnaire.option_codes(question, catalogue);
        let answer = match question.kind {
            QuestionType::MultipleChoice => Answer::Choices(choices(id, value, &codes)?),
            QuestionType::SingleChoice => match value.as_str() {
                Some(code) if codes.contains(&code) => Answer::Text(code.to_owned()),
                Some(code) => return err(id, AnswerProblem::UnknownOption(code.to_owned())),
                None => return err(id, AnswerProblem::CodeExpected),
            },
            QuestionType::Text | QuestionType::LongText => match value.as_str() {
                Some(text) if text.chars().count() <= 20_000 => Answer::Text(text.to_owned()),
                Some(_) => return err(id, AnswerProblem::TextTooLong),
                None => return err(id, AnswerProblem::TextExpected),
            },
            QuestionType::Number => {
                let Some(n) = value.as_f64() else { return err(id, AnswerProblem::NumberExpected) };
                if question.min.is_some_and(|min| n < min) || question.max.is_some_and(|max| n > max) {
                    return err(id, AnswerProblem::OutOfBounds);
                }
                Answer::Number(n)
            }
            QuestionType::ServiceMatrix => Answer::Matrix(matrix(id, value, &codes, catalogue)?),
        };
        answers.insert(id.to_owned(), answer);
    }
    Ok(Checked { answers, missing_required })
}

fn is_blank(value: &Json) -> bool {
    match value {
        Json::Null => true,
        Json::String(s) => s.trim().is_empty(),
        Json::Array(a) => a.is_empty(),
        Json::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn choices(field: &str, value: &Json, allowed: &[&str]) -> Result<Vec<String>, AnswerError> {
    let Some(items) = value.as_array() else { return err(field, AnswerProblem::CodesExpected) };
    let mut codes = Vec::with_capacity(items.len());
    for item in items {
        match item.as_str() {
            Some(code) if allowed.contains(&code) => {
                if !codes.iter().any(|c| c == code) {
                    codes.push(code.to_owned());
                }
            }
            Some(code) => return err(field, AnswerProblem::UnknownOption(code.to_owned())),
            None => return err(field, AnswerProblem::CodesExpected),
        }
    }
    Ok(codes)
}

fn matrix(
    field: &str,
    value: &Json,
    services: &[&str],
    catalogue: &Catalogue,
) -> Result<BTreeMap<String, ServiceAnswer>, AnswerError> {
    let Some(rows) = value.as_object() else { return err(field, AnswerProblem::ServicesExpected) };
    let types = catalogue.codes(OptionList::Types);
    let actors = catalogue.codes(OptionList::Actors);
    let mut out = BTreeMap::new();
    for (code, row) in rows {
        let path = format!("{field}.{code}");
        if !services.contains(&code.as_str()) {
            return err(path, AnswerProblem::UnknownService);
        }
        let Some(obj) = row.as_object() else { return err(path, AnswerProblem::ObjectExpected) };
        for key in obj.keys() {
            if !["status", "mutualisation", "types", "actors", "partners"].contains(&key.as_str()) {
                return err(format!("{path}.{key}"), AnswerProblem::UnknownField);
            }
        }
        let enum_field = |key: &str, allowed: &[&str]| -> Result<Option<String>, AnswerError> {
            match obj.get(key) {
                None | Some(Json::Null) => Ok(None),
                Some(Json::String(s)) if allowed.contains(&s.as_str()) => Ok(Some(s.clone())),
                Some(other) => err(
                    format!("{path}.{key}"),
                    AnswerProblem::ValueRefused { value: other.to_string(), allowed: allowed.join(", ") },
                ),
            }
        };
        let status = match enum_field("status", &["deployed", "studied", "none"])?.as_deref() {
            Some("deployed") => ServiceStatus::Deployed,
            Some("studied") => ServiceStatus::Studied,
            Some(_) => ServiceStatus::None,
            None => return err(format!("{path}.status"), AnswerProblem::StatusMissing),
        };
        let mutualisation = match enum_field("mutualisation", &["implemented", "planned", "none"])?.as_deref() {
            Some("implemented") => Mutualisation::Implemented,
            Some("planned") => Mutualisation::Planned,
            _ => Mutualisation::None,
        };
        match (status, mutualisation) {
            (ServiceStatus::Deployed, _) | (_, Mutualisation::None) => {}
            (ServiceStatus::Studied, Mutualisation::Planned) => {}
            (_, Mutualisation::Implemented) => {
                return err(format!("{path}.mutualisation"), AnswerProblem::ImplementedNeedsDeployed);
            }
            (_, Mutualisation::Planned) => {
                return err(format!("{path}.mutualisation"), AnswerProblem::PlannedNeedsStatus);
            }
        }
        let list = |key: &str, allowed: &[&str]| -> Result<Vec<String>, AnswerError> {
            match obj.get(key) {
                None | Some(Json::Null) => Ok(vec![]),
                Some(value) => choices(&format!("{path}.{key}"), value, allowed),
            }
        };
        let answer = ServiceAnswer {
            status,
            mutualisation,
            types: list("types", &types)?,
            actors: list("actors", &actors)?,
            partners: match obj.get("partners") {
                None | Some(Json::Null) => String::new(),
                Some(Json::String(s)) => s.trim().to_owned(),
                Some(_) => return err(format!("{path}.partners"), AnswerProblem::TextExpected),
            },
        };
        if mutualisation == Mutualisation::None {
            for (key, empty) in [
                ("types", answer.types.is_empty()),
                ("actors", answer.actors.is_empty()),
                ("partners", answer.partners.is_empty()),
            ] {
                if !empty {
                    return err(format!("{path}.{key}"), AnswerProblem::EmptyWithoutPooling);
                }
            }
        }
        if !answer.partners.is_empty() && !answer.actors.iter().any(|a| a == "autres") {
            return err(format!("{path}.partners"), AnswerProblem::PartnersNeedOthers);
        }
        if status != ServiceStatus::None || answer != ServiceAnswer::default() {
            out.insert(code.clone(), answer);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
