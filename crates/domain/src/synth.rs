//! Fictitious answers for any wave, for the demo and the national benchmarks.
//!
//! A wave needs answers to show anything; real ones take months to collect. [`synthesise`]
//! fills a wave with plausible answers shaped like the seed's survey (larger bodies deploy
//! more, pooling types and actors in the seed's proportions), clearly labelled as fictitious
//! (`Répondant fictif`, `fictif-…@example.invalid`), and deterministic for a given seed.
//! It works with any questionnaire: questions are recognised by the catalogue list they draw
//! on, never by their ids, and every answer passes [`crate::answers::validate`].

mod draw;
mod tables;

use crate::answers::{Answer, Answers, Mutualisation, Response, ResponseStatus, ServiceAnswer, ServiceStatus};
use crate::campaign::{Campaign, Target};
use crate::catalogue::{Catalogue, OptionList};
use crate::questionnaire::{Options, Question, QuestionType, ShowIf};
use draw::{Weighted, draw_statuses, size_factor, submitted_at, survey_year};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;

/// Share of the targets given a complete answer when none is asked for.
pub const DEFAULT_COMPLETION: f64 = 0.7;

/// Share of the targets left without a complete answer that get a partial draft.
pub const PARTIAL_SHARE: f64 = 0.1;

/// The name of every fictitious respondent.
pub const FICTITIOUS_NAME: &str = "Répondant fictif";

/// The e-mail address of the fictitious respondent of a target: a reserved domain that can
/// never receive mail.
pub fn fictitious_email(target_code: &str) -> String {
    format!("fictif-{target_code}@example.invalid")
}

/// Fictitious answers for the wave's targets, in target order: `completion` (0 to 1) of the
/// targets get a complete answer, [`PARTIAL_SHARE`] of the others a partial draft, the rest
/// nothing. The same seed always gives the same answers.
pub fn synthesise(campaign: &Campaign, seed: u64, completion: f64) -> Vec<Response> {
    let plan = Plan::new(campaign);
    let mut rng = StdRng::seed_from_u64(seed);
    let statuses = draw_statuses(campaign.targets.len(), completion, &mut rng);
    let year = survey_year(campaign);
    campaign
        .targets
        .iter()
        .zip(statuses)
        .filter_map(|(target, status)| Some(plan.response(target, status?, year, &mut rng)))
        .collect()
}

/// A service with its odds, worked out once per wave.
struct ServicePlan<'a> {
    code: &'a str,
    theme: Option<usize>,
    deployed: f64,
    /// Odds of being studied when not deployed.
    studied: f64,
    pooled: f64,
}

/// Free texts, told apart by what the question asks.
#[derive(Clone, Copy)]
enum TextKind {
    Name,
    Email,
    Role,
    Precision,
    Needs,
    Other,
}

/// How a question gets filled.
enum Fill<'a> {
    Themes,
    Matrix,
    Choices { codes: Vec<&'a str>, weights: Weighted, max: usize, always: bool },
    Single(Vec<&'a str>),
    Number { lo: f64, hi: f64 },
    Text(TextKind),
}

/// Everything the generator looks up, computed once per wave.
struct Plan<'a> {
    services: Vec<ServicePlan<'a>>,
    themes: Vec<&'a str>,
    other_theme: Option<usize>,
    types: Vec<&'a str>,
    type_weights: Weighted,
    actors: Vec<&'a str>,
    actor_weights: Weighted,
    questions: Vec<(&'a Question, Fill<'a>)>,
}

impl<'a> Plan<'a> {
    fn new(campaign: &'a Campaign) -> Self {
        let catalogue = &campaign.catalogue;
        let themes = catalogue.codes(OptionList::Themes);
        let services = catalogue
            .services
            .iter()
            .map(|s| {
                let (deployed, studied, pooled) = tables::SERVICES
                    .iter()
                    .find(|(code, ..)| *code == s.code)
                    .map_or(tables::UNKNOWN_SERVICE, |&(_, d, st, p)| (d, st, p));
                ServicePlan {
                    code: &s.code,
                    theme: themes.iter().position(|t| *t == s.theme),
                    deployed,
                    studied: (studied / (1.0 - deployed).max(0.05)).min(0.8),
                    pooled,
                }
            })
            .collect();
        let types = catalogue.codes(OptionList::Types);
        let actors = catalogue.codes(OptionList::Actors);
        let questionnaire = &campaign.questionnaire;
        let questions = questionnaire.questions().map(|q| (q, fill_for(q, questionnaire, catalogue))).collect();
        Plan {
            services,
            other_theme: themes.iter().position(|t| *t == "autre"),
            themes,
            type_weights: Weighted::new(&types, tables::TYPES),
            types,
            actor_weights: Weighted::new(&actors, tables::ACTORS),
            actors,
            questions,
        }
    }

    /// The service matrix of one body, and which themes its deployments cover.
    fn matrix(&self, population: u64, rng: &mut StdRng, themes: &mut [bool]) -> BTreeMap<String, ServiceAnswer> {
        let factor = size_factor(population);
        let mut rows = BTreeMap::new();
        for s in &self.services {
            let deploy = (s.deployed * factor).min(0.97);
            let u = rng.random::<f64>();
            let status = if u < deploy {
                ServiceStatus::Deployed
            } else if u < deploy + (1.0 - deploy) * s.studied {
                ServiceStatus::Studied
            } else {
                continue;
            };
            let v = rng.random::<f64>();
            let mutualisation = match status {
                ServiceStatus::Deployed if v < s.pooled => Mutualisation::Implemented,
                ServiceStatus::Deployed if v < s.pooled + 0.06 => Mutualisation::Planned,
                ServiceStatus::Studied if v < 0.25 => Mutualisation::Planned,
                _ => Mutualisation::None,
            };
            if status == ServiceStatus::Deployed
                && let Some(theme) = s.theme
            {
                themes[theme] = true;
            }
            let mut row = ServiceAnswer { status, mutualisation, ..ServiceAnswer::default() };
            if mutualisation != Mutualisation::None {
                row.types = self.type_weights.pick(&self.types, 1 + usize::from(rng.random::<f64>() < 0.35), rng);
                let k = match rng.random::<f64>() {
                    x if x < 0.45 => 1,
                    x if x < 0.8 => 2,
                    _ => 3,
                };
                row.actors = self.actor_weights.pick(&self.actors, k, rng);
                if row.actors.iter().any(|a| a == "autres") {
                    row.partners = tables::PARTNERS[rng.random_range(0..tables::PARTNERS.len())].to_owned();
                }
            }
            rows.insert(s.code.to_owned(), row);
        }
        rows
    }

    fn response(&self, target: &Target, status: ResponseStatus, year: i32, rng: &mut StdRng) -> Response {
        let complete = status == ResponseStatus::Complete;
        let mut themes = vec![false; self.themes.len()];
        let mut rows = self.matrix(target.population, rng, &mut themes);
        if let Some(other) = self.other_theme
            && rng.random::<f64>() < 0.1
        {
            themes[other] = true;
        }
        // A draft stops somewhere: it holds the questions before a cut, so conditions hold.
        let cut = if complete { self.questions.len() } else { rng.random_range(1..=self.questions.len().max(1)) };
        let mut answers = Answers::new();
        for (question, fill) in self.questions.iter().take(cut) {
            if !shown(question.show_if.as_ref(), &answers) {
                continue;
            }
            let must = complete && question.required;
            let likely = |rng: &mut StdRng, p: f64| must || rng.random::<f64>() < p;
            let answer = match fill {
                Fill::Themes => {
                    let mut cited: Vec<String> =
                        self.themes.iter().zip(&themes).filter(|(_, on)| **on).map(|(t, _)| (*t).to_owned()).collect();
                    if cited.is_empty() && must {
                        cited.push(self.themes[rng.random_range(0..self.themes.len())].to_owned());
                    }
                    (!cited.is_empty()).then_some(Answer::Choices(cited))
                }
                Fill::Matrix => {
                    let mut matrix = std::mem::take(&mut rows);
                    if matrix.is_empty() && must && !self.services.is_empty() {
                        let s = &self.services[rng.random_range(0..self.services.len())];
                        let row = ServiceAnswer { status: ServiceStatus::Studied, ..ServiceAnswer::default() };
                        matrix.insert(s.code.to_owned(), row);
                    }
                    (!matrix.is_empty()).then_some(Answer::Matrix(matrix))
                }
                Fill::Choices { codes, weights, max, always } => likely(rng, if *always { 1.0 } else { 0.5 })
                    .then(|| Answer::Choices(weights.pick(codes, rng.random_range(1..=*max), rng))),
                Fill::Single(codes) => {
                    likely(rng, 0.7).then(|| Answer::Text(codes[rng.random_range(0..codes.len())].to_owned()))
                }
                Fill::Number { lo, hi } => likely(rng, 0.5).then(|| {
                    let x = lo + rng.random::<f64>() * (hi - lo);
                    let rounded = x.round();
                    Answer::Number(if (*lo..=*hi).contains(&rounded) { rounded } else { x.clamp(*lo, hi.max(*lo)) })
                }),
                Fill::Text(kind) => {
                    let p = match kind {
                        TextKind::Name | TextKind::Email | TextKind::Role | TextKind::Precision => 1.0,
                        TextKind::Needs => 0.35,
                        TextKind::Other => 0.3,
                    };
                    likely(rng, p).then(|| Answer::Text(text(*kind, target, rng)))
                }
            };
            if let Some(answer) = answer {
                answers.insert(question.id.clone(), answer);
            }
        }
        Response {
            respondent: target.code.clone(),
            status,
            submitted_at: complete.then(|| submitted_at(year, rng)),
            answers,
        }
    }
}

/// Whether a question is shown given the answers so far (the rule of `validate`).
fn shown(condition: Option<&ShowIf>, answers: &Answers) -> bool {
    condition.is_none_or(|c| match answers.get(&c.question) {
        Some(Answer::Choices(codes)) => c.includes.as_ref().is_some_and(|code| codes.contains(code)),
        Some(Answer::Text(code)) => c.equals.as_ref() == Some(code),
        _ => false,
    })
}

/// Decides once how a question is filled, from its kind and the list it draws on.
fn fill_for<'a>(
    q: &'a Question,
    questionnaire: &'a crate::questionnaire::Questionnaire,
    catalogue: &'a Catalogue,
) -> Fill<'a> {
    let list = match &q.options {
        Some(Options::Catalogue(list)) => Some(*list),
        _ => None,
    };
    match q.kind {
        QuestionType::ServiceMatrix => Fill::Matrix,
        QuestionType::MultipleChoice if list == Some(OptionList::Themes) => Fill::Themes,
        QuestionType::MultipleChoice => {
            let codes = questionnaire.option_codes(q, catalogue);
            let (table, max, always): (&[(&str, f64)], usize, bool) = match list {
                Some(OptionList::Obstacles) => (tables::OBSTACLES, 3, true),
                Some(OptionList::Support) => (tables::SUPPORT, 3, true),
                Some(OptionList::Types) => (tables::TYPES, 2, false),
                Some(OptionList::Actors) => (tables::ACTORS, 2, false),
                _ => (&[], 2, false),
            };
            Fill::Choices { weights: Weighted::new(&codes, table), codes, max, always }
        }
        QuestionType::SingleChoice => Fill::Single(questionnaire.option_codes(q, catalogue)),
        QuestionType::Number => {
            let lo = q.min.unwrap_or(0.0);
            Fill::Number { lo, hi: q.max.unwrap_or(lo + 100.0).max(lo) }
        }
        QuestionType::Text | QuestionType::LongText => {
            let words: Vec<&str> = q.id.split('_').collect();
            let has = |options: &[&str]| words.iter().any(|w| options.contains(w));
            Fill::Text(if has(&["email", "courriel", "mail"]) {
                TextKind::Email
            } else if has(&["name", "nom"]) {
                TextKind::Name
            } else if q.personal {
                TextKind::Role
            } else if q.show_if.is_some() {
                TextKind::Precision
            } else if q.kind == QuestionType::LongText {
                TextKind::Needs
            } else {
                TextKind::Other
            })
        }
    }
}

/// The text of a free-text answer.
fn text(kind: TextKind, target: &Target, rng: &mut StdRng) -> String {
    let one = |list: &[&str], rng: &mut StdRng| list[rng.random_range(0..list.len())].to_owned();
    match kind {
        TextKind::Name => FICTITIOUS_NAME.to_owned(),
        TextKind::Email => fictitious_email(&target.code),
        TextKind::Role => "Chargé·e de mission numérique (fictif)".to_owned(),
        TextKind::Precision => one(tables::OTHER_PRECISIONS, rng),
        TextKind::Needs => one(tables::NEEDS, rng),
        TextKind::Other => "Réponse fictive.".to_owned(),
    }
}

#[cfg(test)]
mod tests;
