//! Verbatims: the free texts of complete answers, by question, anonymised.
//!
//! A quote is attributed to a kind of body (nature and size class), never to a name: the
//! seed quotes its interviews the same way.

use super::Respondent;
use crate::answers::Answer;
use crate::questionnaire::{QuestionType, Questionnaire};
use crate::size_class::SizeClasses;
use serde::Serialize;

/// One quote and who, anonymously, said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verbatim {
    /// The text as typed.
    pub text: String,
    /// Size class code of the respondent.
    pub size_class: String,
    /// Nature of the respondent (EPCI), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nature: Option<String>,
}

/// The quotes given to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerbatimGroup {
    /// Question id.
    pub question: String,
    /// Its wording.
    pub label: String,
    /// The quotes, in the order of the respondents' codes.
    pub items: Vec<Verbatim>,
}

/// Collects the non-personal free texts, skipping questions nobody answered.
pub(super) fn collect(
    questionnaire: &Questionnaire,
    classes: &SizeClasses,
    respondents: &[Respondent],
) -> Vec<VerbatimGroup> {
    questionnaire
        .questions()
        .filter(|q| matches!(q.kind, QuestionType::Text | QuestionType::LongText) && !q.personal)
        .filter_map(|q| {
            let items: Vec<Verbatim> = respondents
                .iter()
                .filter_map(|r| match r.answers.get(&q.id) {
                    Some(Answer::Text(text)) if !text.trim().is_empty() => Some(Verbatim {
                        text: text.trim().to_owned(),
                        size_class: classes.classes()[r.class].code.clone(),
                        nature: r.target.nature.map(|n| n.code().to_owned()),
                    }),
                    _ => None,
                })
                .collect();
            (!items.is_empty()).then(|| VerbatimGroup { question: q.id.clone(), label: q.label.clone(), items })
        })
        .collect()
}
