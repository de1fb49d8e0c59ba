//! Why an answer is refused, as a value: the field at fault and the problem, which the
//! command line prints in French and the web translates into the page's language.

use std::fmt;

/// An answer the questionnaire refuses, naming the field (`services.sig.mutualisation`) and
/// the problem as a value: the command line prints it in French ([`fmt::Display`]); the web
/// translates [`AnswerProblem::code`] with its [`AnswerProblem::args`] into the page's
/// language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} : {problem}")]
pub struct AnswerError {
    /// Path of the field at fault.
    pub field: String,
    /// What is wrong.
    pub problem: AnswerProblem,
}

/// What is wrong with an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerProblem {
    /// The questionnaire has no such question.
    UnknownQuestion,
    /// A required question is unanswered in a complete answer.
    Required,
    /// The question is not asked with the answers given (its condition is not met).
    NotAsked,
    /// An option code the question does not offer.
    UnknownOption(String),
    /// A single option code was expected.
    CodeExpected,
    /// A list of option codes was expected.
    CodesExpected,
    /// A text over 20 000 characters.
    TextTooLong,
    /// A text was expected.
    TextExpected,
    /// A number was expected.
    NumberExpected,
    /// A number out of the question's bounds.
    OutOfBounds,
    /// The service matrix is not an object of services.
    ServicesExpected,
    /// A service the catalogue does not hold.
    UnknownService,
    /// A service's answer is not an object.
    ObjectExpected,
    /// A key a service's answer does not have.
    UnknownField,
    /// A value outside its list (`status`, `mutualisation`).
    ValueRefused {
        /// The value given, as JSON.
        value: String,
        /// The values allowed.
        allowed: String,
    },
    /// A service's answer without its status.
    StatusMissing,
    /// `implemented` without `deployed`.
    ImplementedNeedsDeployed,
    /// `planned` without `deployed` or `studied`.
    PlannedNeedsStatus,
    /// Types, actors or partners given without pooling.
    EmptyWithoutPooling,
    /// Partners named without the actor `autres`.
    PartnersNeedOthers,
}

impl AnswerProblem {
    /// A stable code (`required`, `unknown-option`…) for translations.
    pub fn code(&self) -> &'static str {
        match self {
            AnswerProblem::UnknownQuestion => "unknown-question",
            AnswerProblem::Required => "required",
            AnswerProblem::NotAsked => "not-asked",
            AnswerProblem::UnknownOption(_) => "unknown-option",
            AnswerProblem::CodeExpected => "code-expected",
            AnswerProblem::CodesExpected => "codes-expected",
            AnswerProblem::TextTooLong => "text-too-long",
            AnswerProblem::TextExpected => "text-expected",
            AnswerProblem::NumberExpected => "number-expected",
            AnswerProblem::OutOfBounds => "out-of-bounds",
            AnswerProblem::ServicesExpected => "services-expected",
            AnswerProblem::UnknownService => "unknown-service",
            AnswerProblem::ObjectExpected => "object-expected",
            AnswerProblem::UnknownField => "unknown-field",
            AnswerProblem::ValueRefused { .. } => "value-refused",
            AnswerProblem::StatusMissing => "status-missing",
            AnswerProblem::ImplementedNeedsDeployed => "implemented-needs-deployed",
            AnswerProblem::PlannedNeedsStatus => "planned-needs-status",
            AnswerProblem::EmptyWithoutPooling => "empty-without-pooling",
            AnswerProblem::PartnersNeedOthers => "partners-need-others",
        }
    }

    /// The values a message about it names.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            AnswerProblem::UnknownOption(code) => vec![("code", code.clone())],
            AnswerProblem::ValueRefused { value, allowed } => {
                vec![("value", value.clone()), ("allowed", allowed.clone())]
            }
            _ => vec![],
        }
    }
}

impl fmt::Display for AnswerProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerProblem::UnknownQuestion => f.write_str("question inconnue dans ce questionnaire"),
            AnswerProblem::Required => f.write_str("réponse obligatoire"),
            AnswerProblem::NotAsked => f.write_str("cette question n'est pas posée avec les réponses données"),
            AnswerProblem::UnknownOption(code) => write!(f, "option « {code} » inconnue"),
            AnswerProblem::CodeExpected => f.write_str("un code d'option est attendu"),
            AnswerProblem::CodesExpected => f.write_str("une liste de codes est attendue"),
            AnswerProblem::TextTooLong => f.write_str("texte trop long (20 000 caractères au plus)"),
            AnswerProblem::TextExpected => f.write_str("un texte est attendu"),
            AnswerProblem::NumberExpected => f.write_str("un nombre est attendu"),
            AnswerProblem::OutOfBounds => f.write_str("nombre hors des bornes permises"),
            AnswerProblem::ServicesExpected => f.write_str("un objet par service est attendu"),
            AnswerProblem::UnknownService => f.write_str("service inconnu du catalogue"),
            AnswerProblem::ObjectExpected => f.write_str("un objet est attendu"),
            AnswerProblem::UnknownField => f.write_str("champ inconnu"),
            AnswerProblem::ValueRefused { value, allowed } => write!(f, "valeur {value} refusée (attendu : {allowed})"),
            AnswerProblem::StatusMissing => f.write_str("statut manquant"),
            AnswerProblem::ImplementedNeedsDeployed => f.write_str("« implemented » demande le statut « deployed »"),
            AnswerProblem::PlannedNeedsStatus => {
                f.write_str("« planned » demande le statut « deployed » ou « studied »")
            }
            AnswerProblem::EmptyWithoutPooling => f.write_str("sans mutualisation, ce champ doit rester vide"),
            AnswerProblem::PartnersNeedOthers => f.write_str("les partenaires se précisent avec l'acteur « autres »"),
        }
    }
}
