//! What the templates read: each question with its options ticked or not, its typed value,
//! its error, its show-if condition; the progress count; the error summary's links.
//!
//! Views are built from raw answers (a JSON object keyed by question id), so the same code
//! shows what is stored and what was just typed and refused.

use super::matrix::{self, MatrixView};
use super::posted::shown;
use crate::templates::Templates;
use mutu_domain::answers::AnswerError;
use mutu_domain::catalogue::{Catalogue, OptionList};
use mutu_domain::questionnaire::{Options, Question, QuestionType, Questionnaire, Section, ShowIf};
use serde::Serialize;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// The element id of a field path: `services.sig.status` → `services-sig-status` (codes hold
/// only `a-z`, `0-9` and `_`, so the mapping is one to one).
pub(crate) fn dom_id(path: &str) -> String {
    path.replace('.', "-")
}

/// One option of a choice question.
#[derive(Debug, Serialize)]
pub(crate) struct OptionView {
    /// Code (the input's value).
    pub code: String,
    /// Label.
    pub label: String,
    /// Element id of the input.
    pub id: String,
    /// Whether it is ticked.
    pub checked: bool,
}

/// One question as a page shows it.
#[derive(Debug, Serialize)]
pub(crate) struct QuestionView {
    /// Question id (the field name).
    pub id: String,
    /// Kind (`multiple_choice`, `text`, `service_matrix`…).
    pub kind: QuestionType,
    /// Wording.
    pub label: String,
    /// Help text.
    pub help: Option<String>,
    /// Needed to submit.
    pub required: bool,
    /// The `autocomplete` purpose of a personal field (WCAG 1.3.5), read from its id.
    pub autocomplete: Option<&'static str>,
    /// Element id of the question (the input of a text, the container of a group).
    pub dom: String,
    /// Options of a choice question.
    pub options: Vec<OptionView>,
    /// Value of a text or number.
    pub value: String,
    /// Condition for the question to be shown.
    pub show_if: Option<ShowIf>,
    /// Whether the condition holds with the current answers.
    pub shown: bool,
    /// Whether it holds an answer.
    pub answered: bool,
    /// Error message, if refused.
    pub error: Option<String>,
    /// The matrix, for the service matrix.
    pub matrix: Option<MatrixView>,
}

/// One section as a page shows it.
#[derive(Debug, Serialize)]
pub(crate) struct SectionView {
    /// Section id (its page's path).
    pub id: String,
    /// Title.
    pub title: String,
    /// Its questions.
    pub questions: Vec<QuestionView>,
    /// Shown questions without an answer (the matrix aside: it is counted by service).
    pub unanswered: usize,
    /// Among them, those needed to submit.
    pub unanswered_required: usize,
}

/// The progress count of a whole answer.
#[derive(Debug, Serialize)]
pub(crate) struct Progress {
    /// Services deployed or studied.
    pub services_active: usize,
    /// Services in the matrix.
    pub services_total: usize,
    /// Shown questions without an answer.
    pub unanswered: usize,
    /// Among them, those needed to submit.
    pub unanswered_required: usize,
}

/// A link of the error summary to the field at fault.
#[derive(Debug, Serialize)]
pub(crate) struct ErrorLink {
    /// Where the field is (`#id`, or another section's page).
    pub href: String,
    /// What is wrong, naming the question.
    pub text: String,
}

fn option_label<'a>(question: &'a Question, catalogue: &'a Catalogue, code: &'a str) -> &'a str {
    match &question.options {
        Some(Options::Catalogue(list)) => catalogue.label(*list, code),
        Some(Options::Inline(options)) => options.iter().find(|o| o.code == code).map_or(code, |o| o.label.as_str()),
        None => code,
    }
}

fn is_blank(value: Option<&Json>) -> bool {
    match value {
        None | Some(Json::Null) => true,
        Some(Json::String(s)) => s.trim().is_empty(),
        Some(Json::Array(a)) => a.is_empty(),
        Some(Json::Object(o)) => o.is_empty(),
        Some(_) => false,
    }
}

/// What a personal text asks for, by the ending of its id (`contact_email`…), so browsers
/// can fill in the person's own details.
fn autocomplete(question: &Question) -> Option<&'static str> {
    let id = question.id.as_str();
    match () {
        _ if !question.personal => None,
        _ if id.ends_with("email") => Some("email"),
        _ if id.ends_with("name") || id.ends_with("nom") => Some("name"),
        _ if id.ends_with("role") || id.ends_with("fonction") => Some("organization-title"),
        _ if id.ends_with("phone") || id.ends_with("telephone") => Some("tel"),
        _ => None,
    }
}

/// One question's view.
pub(crate) fn question_view(
    question: &Question,
    questionnaire: &Questionnaire,
    catalogue: &Catalogue,
    raw: &Map<String, Json>,
    errors: &BTreeMap<String, String>,
) -> QuestionView {
    let id = question.id.as_str();
    let value = raw.get(id);
    let ticked: Vec<&str> = match value {
        Some(Json::Array(items)) => items.iter().filter_map(Json::as_str).collect(),
        Some(Json::String(code)) => vec![code.as_str()],
        _ => vec![],
    };
    let options = match question.kind {
        QuestionType::MultipleChoice | QuestionType::SingleChoice => questionnaire
            .option_codes(question, catalogue)
            .into_iter()
            .map(|code| OptionView {
                code: code.to_owned(),
                label: option_label(question, catalogue, code).to_owned(),
                id: format!("{}-{code}", dom_id(id)),
                checked: ticked.contains(&code),
            })
            .collect(),
        _ => vec![],
    };
    let text = match value {
        Some(Json::String(s)) => s.clone(),
        Some(Json::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    QuestionView {
        id: id.to_owned(),
        kind: question.kind,
        label: question.label.clone(),
        help: question.help.clone(),
        required: question.required,
        autocomplete: autocomplete(question),
        dom: dom_id(id),
        options,
        value: if matches!(question.kind, QuestionType::Text | QuestionType::LongText | QuestionType::Number) {
            text
        } else {
            String::new()
        },
        show_if: question.show_if.clone(),
        shown: shown(question, raw),
        answered: !is_blank(value),
        error: errors.get(id).cloned(),
        matrix: (question.kind == QuestionType::ServiceMatrix)
            .then(|| matrix::view(question, catalogue, value, errors)),
    }
}

/// One section's view.
pub(crate) fn section_view(
    section: &Section,
    questionnaire: &Questionnaire,
    catalogue: &Catalogue,
    raw: &Map<String, Json>,
    errors: &BTreeMap<String, String>,
) -> SectionView {
    let questions: Vec<QuestionView> =
        section.questions.iter().map(|q| question_view(q, questionnaire, catalogue, raw, errors)).collect();
    let open = || questions.iter().filter(|q| q.shown && !q.answered && q.kind != QuestionType::ServiceMatrix);
    SectionView {
        id: section.id.clone(),
        title: section.title.clone(),
        unanswered: open().count(),
        unanswered_required: open().filter(|q| q.required).count(),
        questions,
    }
}

/// Every section's view.
pub(crate) fn all_sections(
    questionnaire: &Questionnaire,
    catalogue: &Catalogue,
    raw: &Map<String, Json>,
) -> Vec<SectionView> {
    let none = BTreeMap::new();
    questionnaire.sections.iter().map(|s| section_view(s, questionnaire, catalogue, raw, &none)).collect()
}

/// The progress count of the whole answer.
pub(crate) fn progress(sections: &[SectionView]) -> Progress {
    let matrices = || sections.iter().flat_map(|s| &s.questions).filter_map(|q| q.matrix.as_ref());
    Progress {
        services_active: matrices().map(|m| m.active).sum(),
        services_total: matrices().map(|m| m.total).sum(),
        unanswered: sections.iter().map(|s| s.unanswered).sum(),
        unanswered_required: sections.iter().map(|s| s.unanswered_required).sum(),
    }
}

/// A refused answer's problem in `lang`: the domain gives it as a code with its values,
/// translated here (`resp-problem-{code}`); where the domain speaks of codes the form does
/// not show (the pooling state that contradicts the status), a plainer message.
pub(crate) fn problem_message(e: &AnswerError, templates: &Templates, lang: &str) -> String {
    if e.field.ends_with(".mutualisation") {
        return templates.message(lang, "resp-error-mutualisation", &[]);
    }
    let key = format!("resp-problem-{}", e.problem.code());
    templates.message(lang, &key, &e.problem.args())
}

/// The message shown for each refused field.
pub(crate) fn error_messages(errors: &[AnswerError], templates: &Templates, lang: &str) -> BTreeMap<String, String> {
    errors.iter().map(|e| (e.field.clone(), problem_message(e, templates, lang))).collect()
}

/// The links of the error summary. `page` gives the URL of a section's page, for errors
/// shown on another page than the current one (`None`: the current page).
pub(crate) fn error_links(
    messages: &BTreeMap<String, String>,
    order: &[AnswerError],
    questionnaire: &Questionnaire,
    catalogue: &Catalogue,
    templates: &Templates,
    lang: &str,
    page: Option<&dyn Fn(&str) -> String>,
) -> Vec<ErrorLink> {
    order
        .iter()
        .filter_map(|e| {
            let message = messages.get(&e.field)?;
            let mut parts = e.field.splitn(3, '.');
            let question = questionnaire.question(parts.next()?)?;
            let section = questionnaire.sections.iter().find(|s| s.questions.iter().any(|q| q.id == question.id))?;
            let (target, label) = match (parts.next(), parts.next()) {
                (Some(service), sub) => {
                    let sub = sub.unwrap_or("status");
                    let first = match sub {
                        "status" => Some("deployed"),
                        "mutualisation" => Some("implemented"),
                        "types" => catalogue.codes(OptionList::Types).first().copied(),
                        "actors" => catalogue.codes(OptionList::Actors).first().copied(),
                        _ => None,
                    };
                    let base = dom_id(&format!("{}.{service}.{sub}", question.id));
                    let sub_label = templates.message(lang, &format!("resp-matrix-field-{sub}"), &[]);
                    let label = format!("{} — {sub_label}", catalogue.label(OptionList::Services, service));
                    (first.map_or(base.clone(), |c| format!("{base}-{c}")), label)
                }
                (None, _) => {
                    let first = match question.kind {
                        QuestionType::MultipleChoice | QuestionType::SingleChoice => questionnaire
                            .option_codes(question, catalogue)
                            .first()
                            .map(|c| format!("{}-{c}", question.id)),
                        _ => None,
                    };
                    (first.unwrap_or_else(|| dom_id(&question.id)), question.label.clone())
                }
            };
            let anchor = format!("#{target}");
            Some(ErrorLink {
                href: page.map_or(anchor.clone(), |page| format!("{}{anchor}", page(&section.id))),
                text: format!("{} : {message}", label.trim_end_matches(['.', ' ', '?'])),
            })
        })
        .collect()
}
