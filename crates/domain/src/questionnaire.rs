//! The questionnaire: a versioned definition of questions, read from TOML.
//!
//! A study lead can replace the default (the seed's survey) with their own file; it is checked
//! against the catalogue before any wave uses it, so respondents never meet a broken form.

use crate::catalogue::{Catalogue, OptionList};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use toml::Spanned;

/// The default questionnaire shipped with mutu: the seed's survey.
pub const DEFAULT_QUESTIONNAIRE_TOML: &str = include_str!("../data/questionnaire.toml");

/// Kinds of question a respondent can meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// One option among several.
    SingleChoice,
    /// Any number of options.
    MultipleChoice,
    /// One line of text.
    Text,
    /// Several lines of text.
    LongText,
    /// A number.
    Number,
    /// Per service: status, pooling state, pooling types, actors, partners.
    ServiceMatrix,
}

/// A condition on an earlier answer for a question to be shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowIf {
    /// Id of the question the condition reads.
    pub question: String,
    /// Shown when that multiple-choice answer holds this code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub includes: Option<String>,
    /// Shown when that single-choice answer is this code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<String>,
}

/// Where a choice question takes its options from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Options {
    /// A list of the catalogue.
    Catalogue(OptionList),
    /// Options written in the questionnaire itself.
    Inline(Vec<InlineOption>),
}

/// An option written in the questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InlineOption {
    /// Stable code.
    pub code: String,
    /// Label shown to respondents.
    pub label: String,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id: the key of the answer.
    pub id: String,
    /// Its kind.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// Wording shown to the respondent.
    pub label: String,
    /// Help text under the wording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Options of choice questions and of the matrix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Options>,
    /// Whether a complete answer must hold it.
    #[serde(default)]
    pub required: bool,
    /// Whether the answer is personal data (left out of exports and open data).
    #[serde(default)]
    pub personal: bool,
    /// Condition for the question to be shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<ShowIf>,
    /// Bounds of a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Bounds of a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Matrix: wording of the pooling types sub-question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub types_label: Option<String>,
    /// Matrix: wording of the actors sub-question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actors_label: Option<String>,
    /// Matrix: wording of the partners sub-question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partners_label: Option<String>,
}

/// A group of questions shown together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id.
    pub id: String,
    /// Title shown to the respondent.
    pub title: String,
    /// Questions, in order.
    pub questions: Vec<Question>,
}

/// A whole questionnaire definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// Stable id of the definition.
    pub id: String,
    /// Version, raised at each edit.
    pub version: u32,
    /// Title.
    pub title: String,
    /// Sections, in order.
    pub sections: Vec<Section>,
}

/// A questionnaire file that cannot be used: the line and the reason.
///
/// Displayed on one line whatever the file holds: the reason often quotes the file (an id, a
/// condition's question), and its control characters are shown escaped (`\r`, `\u{1b}`), so
/// that a quoted `"a\rb"` neither splits nor overwrites the line the CLI prints (found by the
/// `questionnaire_toml` fuzz target, docs/fuzzing.md).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("questionnaire, ligne {line} : {}", one_line(.message))]
pub struct QuestionnaireError {
    /// Line of the file at fault (1-based).
    pub line: usize,
    /// What is wrong, as written (control characters unescaped).
    pub message: String,
}

/// `text` with its control characters and line separators escaped, for a one-line message.
fn one_line(text: &str) -> String {
    let escape = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    text.chars().map(|c| if escape(c) { c.escape_debug().to_string() } else { c.to_string() }).collect()
}

// Mirror of the file with spans on the ids, to point at the right line on semantic errors.
#[derive(Deserialize)]
struct RawQuestionnaire {
    sections: Vec<RawSection>,
}
#[derive(Deserialize)]
struct RawSection {
    questions: Vec<RawQuestion>,
}
#[derive(Deserialize)]
struct RawQuestion {
    id: Spanned<String>,
}

impl Questionnaire {
    /// Reads and checks a TOML definition against the catalogue it will run with.
    pub fn from_toml(text: &str, catalogue: &Catalogue) -> Result<Self, QuestionnaireError> {
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let parsed: Questionnaire = toml::from_str(text).map_err(|e| QuestionnaireError {
            line: e.span().map_or(1, |s| line_of(s.start)),
            message: e.message().trim().to_owned(),
        })?;
        let raw: RawQuestionnaire = toml::from_str(text).map_err(|e| QuestionnaireError {
            line: e.span().map_or(1, |s| line_of(s.start)),
            message: e.message().trim().to_owned(),
        })?;
        let lines: Vec<usize> =
            raw.sections.iter().flat_map(|s| s.questions.iter().map(|q| line_of(q.id.span().start))).collect();
        // A file without any question (`sections = []`) is refused at index 0 with no question
        // line to point at: the whole file is at fault, line 1 (this indexed `lines[0]` and
        // panicked: found while writing the questionnaire_toml fuzz target, docs/fuzzing.md).
        parsed
            .check(catalogue)
            .map_err(|(index, message)| QuestionnaireError { line: lines.get(index).copied().unwrap_or(1), message })?;
        Ok(parsed)
    }

    /// The default questionnaire (the seed's survey) over the given catalogue.
    pub fn default_questionnaire(catalogue: &Catalogue) -> Result<Self, QuestionnaireError> {
        Self::from_toml(DEFAULT_QUESTIONNAIRE_TOML, catalogue)
    }

    /// Every question, in order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    /// Finds a question by id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().find(|q| q.id == id)
    }

    /// The first question drawing its options from a catalogue list: how the analysis finds
    /// the themes, obstacles, support and matrix questions whatever their ids.
    pub fn question_for(&self, list: OptionList) -> Option<&Question> {
        self.questions().find(|q| q.options == Some(Options::Catalogue(list)))
    }

    /// The codes a choice question accepts.
    pub fn option_codes<'a>(&'a self, question: &'a Question, catalogue: &'a Catalogue) -> Vec<&'a str> {
        match &question.options {
            Some(Options::Catalogue(list)) => catalogue.codes(*list),
            Some(Options::Inline(options)) => options.iter().map(|o| o.code.as_str()).collect(),
            None => vec![],
        }
    }

    /// Semantic checks; the error carries the index of the question at fault.
    fn check(&self, catalogue: &Catalogue) -> Result<(), (usize, String)> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (index, q) in self.questions().enumerate() {
            let fail = |message: String| Err((index, message));
            if q.id.is_empty() || !q.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
                return fail(format!("identifiant « {} » invalide (a-z, 0-9, _)", q.id));
            }
            if seen.insert(&q.id, index).is_some() {
                return fail(format!("question « {} » en double", q.id));
            }
            let choice = matches!(q.kind, QuestionType::SingleChoice | QuestionType::MultipleChoice);
            match (&q.options, q.kind) {
                (None, _) if choice => return fail(format!("la question « {} » n'a pas d'options", q.id)),
                (Some(_), _) if !choice && q.kind != QuestionType::ServiceMatrix => {
                    return fail(format!("la question « {} » ({:?}) ne prend pas d'options", q.id, q.kind));
                }
                (Some(Options::Catalogue(OptionList::Services)), QuestionType::ServiceMatrix) => {}
                (_, QuestionType::ServiceMatrix) => {
                    return fail(format!("la matrice « {} » doit avoir options = \"services\"", q.id));
                }
                _ => {}
            }
            let codes = self.option_codes(q, catalogue);
            if choice && codes.is_empty() {
                return fail(format!("la question « {} » n'a aucune option dans le catalogue", q.id));
            }
            if let Some(cond) = &q.show_if {
                let Some(&target_index) = seen.get(cond.question.as_str()).filter(|&&i| i != index) else {
                    return fail(format!(
                        "condition sur « {} » : la question doit exister et venir avant « {} »",
                        cond.question, q.id
                    ));
                };
                let target = self.questions().nth(target_index).expect("indexed above");
                let (code, expected_kind) = match (&cond.includes, &cond.equals) {
                    (Some(code), None) => (code, QuestionType::MultipleChoice),
                    (None, Some(code)) => (code, QuestionType::SingleChoice),
                    _ => return fail("une condition a « includes » ou « equals », un seul".into()),
                };
                if target.kind != expected_kind {
                    return fail(format!("condition sur « {} » : type de question incompatible", cond.question));
                }
                if !self.option_codes(target, catalogue).contains(&code.as_str()) {
                    return fail(format!("condition sur « {} » : option « {code} » inconnue", cond.question));
                }
            }
        }
        if seen.is_empty() {
            return Err((0, "aucune question".into()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::default_catalogue()
    }

    #[test]
    fn the_default_questionnaire_is_the_seed_one() {
        let q = Questionnaire::default_questionnaire(&catalogue()).unwrap();
        let ids: Vec<_> = q.questions().map(|q| q.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "themes",
                "services",
                "obstacles",
                "obstacles_other",
                "expected_support",
                "needs",
                "contact_name",
                "contact_role",
                "contact_email"
            ]
        );
        assert_eq!(q.question_for(OptionList::Support).unwrap().id, "expected_support");
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err = Questionnaire::from_toml("id = \"x\"\nversion = 1\ntitle = \n", &catalogue()).unwrap_err();
        assert_eq!(err.line, 3, "{err}");
    }

    #[test]
    fn semantic_errors_name_the_question_line() {
        let text = r#"id = "x"
version = 1
title = "T"
[[sections]]
id = "s"
title = "S"
[[sections.questions]]
id = "a"
type = "multiple_choice"
label = "A"
options = "obstacles"
[[sections.questions]]
id = "b"
type = "text"
label = "B"
show_if = { question = "a", includes = "nope" }
"#;
        let err = Questionnaire::from_toml(text, &catalogue()).unwrap_err();
        assert_eq!(err.line, 13, "{err}");
        assert!(err.message.contains("nope"));
        let unknown = text.replace("options = \"obstacles\"", "options = \"weather\"");
        assert_eq!(Questionnaire::from_toml(&unknown, &catalogue()).unwrap_err().line, 11);
        let duplicate = text.replace("id = \"b\"", "id = \"a\"");
        assert!(Questionnaire::from_toml(&duplicate, &catalogue()).unwrap_err().message.contains("double"));
    }

    #[test]
    fn errors_quoting_the_file_stay_on_one_line() {
        // The fuzz target's input: a condition on a question id holding ESC and CR.
        let text = "id = \"x\"\nversion = 1\ntitle = \"T\"\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n\
                    [[sections.questions]]\nid = \"a\"\ntype = \"text\"\nlabel = \"A\"\n\
                    show_if = { question = \"act\\u001b\\\\\\res\" }\n";
        let err = Questionnaire::from_toml(text, &catalogue()).unwrap_err();
        assert!(err.message.contains("act\u{1b}\\\res"), "{:?}", err.message);
        assert_eq!(
            err.to_string(),
            r"questionnaire, ligne 8 : condition sur « act\u{1b}\\res » : la question doit exister et venir avant « a »"
        );
    }

    #[test]
    fn a_questionnaire_without_questions_is_refused_at_line_1() {
        let head = "id = \"x\"\nversion = 1\ntitle = \"T\"\n";
        for rest in ["sections = []\n", "[[sections]]\nid = \"s\"\ntitle = \"S\"\nquestions = []\n"] {
            let err = Questionnaire::from_toml(&format!("{head}{rest}"), &catalogue()).unwrap_err();
            assert_eq!((err.line, err.message.as_str()), (1, "aucune question"), "{rest}");
        }
    }
}
