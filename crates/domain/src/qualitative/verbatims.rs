//! Verbatims: quotes from interviews and from the answers' free texts, coded with one or
//! more themes of an editable list, and shown by theme with an anonymised attribution
//! (body type and size class, never a name nor a respondent code).

use super::{BodyType, QualitativeError};
use crate::answers::{Answer, Response};
use crate::campaign::Campaign;
use crate::questionnaire::QuestionType;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The default theme list: the seed's themes of its verbatims, plus governance and support needs.
pub const DEFAULT_THEMES_CSV: &str = include_str!("../../../../data/qualitative/themes.csv");

/// A theme verbatims are coded with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    /// Stable code (`strategie`).
    pub code: String,
    /// French label.
    pub label: String,
}

/// Reads a theme list (`code,label`, header first); codes must be unique and non-empty.
pub fn read_themes(text: &str) -> Result<Vec<Theme>, QualitativeError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut themes: Vec<Theme> = Vec::new();
    for (index, row) in reader.deserialize::<Theme>().enumerate() {
        let line = index + 2;
        let theme = row.map_err(|e| QualitativeError(format!("thèmes, ligne {line} : {e}")))?;
        if theme.code.is_empty() || theme.label.is_empty() {
            return Err(QualitativeError(format!("thèmes, ligne {line} : code et libellé sont obligatoires")));
        }
        if themes.iter().any(|t| t.code == theme.code) {
            return Err(QualitativeError(format!("thèmes, ligne {line} : le code {} est en double", theme.code)));
        }
        themes.push(theme);
    }
    Ok(themes)
}

/// The default theme list.
pub fn default_themes() -> Vec<Theme> {
    read_themes(DEFAULT_THEMES_CSV).unwrap_or_default()
}

/// Where a verbatim comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VerbatimSource {
    /// An interview, by code.
    Interview {
        /// Code of the interview.
        code: String,
    },
    /// The free text of a respondent's answer.
    Answer {
        /// Code of the target.
        respondent: String,
        /// Id of the question.
        question: String,
    },
}

/// A quote as coded by the study team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verbatim {
    /// Where it comes from.
    pub source: VerbatimSource,
    /// The quote.
    pub quote: String,
    /// Codes of its themes, at least one.
    pub themes: Vec<String>,
}

/// Who a verbatim is attributed to in anything shown: a kind of body and a size class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// Kind of body.
    pub body_type: BodyType,
    /// Label of its size class, when it has one (targets of a wave).
    pub size_class: Option<String>,
}

impl fmt::Display for Attribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.body_type.label())?;
        match &self.size_class {
            Some(class) => write!(f, " ({class})"),
            None => Ok(()),
        }
    }
}

/// A verbatim with its attribution, as the store returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributedVerbatim {
    /// The coded quote (its source names an interview or a respondent: not for display).
    pub verbatim: Verbatim,
    /// What may be shown of its author.
    pub attribution: Attribution,
}

/// A verbatim as shown: the quote, its themes, its attribution, and no name or code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnonymousVerbatim {
    /// The quote.
    pub quote: String,
    /// `entretien` or `questionnaire`.
    pub source: &'static str,
    /// Its attribution, as text (`EPCI (10 000 à 24 999 habitants)`).
    pub attribution: String,
    /// Codes of all its themes.
    pub themes: Vec<String>,
}

/// The verbatims of one theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeVerbatims {
    /// Code of the theme.
    pub code: String,
    /// Label of the theme (the code itself for a code no longer in the list).
    pub label: String,
    /// Its verbatims, in the order given.
    pub verbatims: Vec<AnonymousVerbatim>,
}

/// Groups verbatims by theme, in the order of `themes` (every theme, even without verbatim),
/// then any code no longer in the list; a verbatim with several themes shows under each.
/// Only the anonymised form comes out: this is what pages and the report call.
pub fn verbatims_by_theme(themes: &[Theme], verbatims: &[AttributedVerbatim]) -> Vec<ThemeVerbatims> {
    let mut groups: Vec<ThemeVerbatims> = themes
        .iter()
        .map(|t| ThemeVerbatims { code: t.code.clone(), label: t.label.clone(), verbatims: vec![] })
        .collect();
    for v in verbatims {
        let shown = AnonymousVerbatim {
            quote: v.verbatim.quote.clone(),
            source: match v.verbatim.source {
                VerbatimSource::Interview { .. } => "entretien",
                VerbatimSource::Answer { .. } => "questionnaire",
            },
            attribution: v.attribution.to_string(),
            themes: v.verbatim.themes.clone(),
        };
        for code in &v.verbatim.themes {
            let index = match groups.iter().position(|g| &g.code == code) {
                Some(i) => i,
                None => {
                    groups.push(ThemeVerbatims { code: code.clone(), label: code.clone(), verbatims: vec![] });
                    groups.len() - 1
                }
            };
            groups[index].verbatims.push(shown.clone());
        }
    }
    groups
}

/// A free text of an answer, to be coded by the study team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FreeText {
    /// Code of the target.
    pub respondent: String,
    /// Id of the question.
    pub question: String,
    /// The text as typed.
    pub text: String,
}

/// Every non-empty free text (text and long-text questions that are not personal data) of
/// the responses, in response then questionnaire order.
pub fn free_texts(campaign: &Campaign, responses: &[Response]) -> Vec<FreeText> {
    let questions: Vec<&str> = campaign
        .questionnaire
        .questions()
        .filter(|q| matches!(q.kind, QuestionType::Text | QuestionType::LongText) && !q.personal)
        .map(|q| q.id.as_str())
        .collect();
    let mut out = Vec::new();
    for response in responses {
        for question in &questions {
            if let Some(Answer::Text(text)) = response.answers.get(*question)
                && !text.trim().is_empty()
            {
                out.push(FreeText {
                    respondent: response.respondent.clone(),
                    question: (*question).to_owned(),
                    text: text.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributed(quote: &str, themes: &[&str], source: VerbatimSource) -> AttributedVerbatim {
        AttributedVerbatim {
            verbatim: Verbatim { source, quote: quote.into(), themes: themes.iter().map(|t| (*t).into()).collect() },
            attribution: Attribution {
                body_type: BodyType::Epci,
                size_class: Some("moins de 10 000 habitants".into()),
            },
        }
    }

    #[test]
    fn the_default_list_is_the_seeds() {
        let codes: Vec<String> = default_themes().into_iter().map(|t| t.code).collect();
        let expected = [
            "strategie",
            "competences",
            "sensibilisation_formation",
            "equite_territoriale",
            "gouvernance",
            "besoins_accompagnement",
        ];
        assert_eq!(codes, expected);
    }

    #[test]
    fn a_theme_list_refuses_duplicates_and_blanks() {
        assert!(read_themes("code,label\na,A\na,B\n").unwrap_err().0.contains("ligne 3"));
        assert!(read_themes("code,label\n,A\n").is_err());
    }

    #[test]
    fn verbatims_group_by_theme_without_names_or_codes() {
        let themes = default_themes();
        let answer = VerbatimSource::Answer { respondent: "200012003".into(), question: "needs".into() };
        let interview = VerbatimSource::Interview { code: "E01".into() };
        let list = [
            attributed("Il faut un plan d'ensemble.", &["strategie", "gouvernance"], interview),
            attributed("Solidarité entre collectivités.", &["equite_territoriale", "ancien"], answer),
        ];
        let groups = verbatims_by_theme(&themes, &list);
        assert_eq!(groups.len(), 7, "six themes and the code no longer listed");
        assert_eq!(groups[0].verbatims.len(), 1);
        assert_eq!(groups[4].verbatims[0].quote, "Il faut un plan d'ensemble.");
        assert_eq!(groups[6].label, "ancien");
        let json = serde_json::to_string(&groups).unwrap();
        assert!(!json.contains("200012003") && !json.contains("E01"), "{json}");
        assert!(json.contains("EPCI (moins de 10 000 habitants)"), "{json}");
    }
}
