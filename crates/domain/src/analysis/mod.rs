//! The analysis of a wave: every figure of `analysis.md`, computed once, here.
//!
//! Pure functions from (wave, answers) to figures. The CLI, the web pages, the report and the
//! benchmarks all call [`analyse`] and the functions beside it ([`weighted`], [`profiles`],
//! [`series`]); nothing else computes a figure.

mod comparability;
mod compare;
mod filter;
mod participation;
mod profiles;
mod secrecy;
mod select;
mod series;
mod services;
mod strata;
mod tally;
#[cfg(test)]
mod test_waves;
mod verbatims;
mod weighted;

pub use comparability::{Break, Comparability, ServiceLink, Shared, comparability};
pub use compare::{Comparison, ServiceChange, compare};
pub use filter::Filters;
pub use participation::{
    ClassParticipation, Count, Coverage, Covered, DepartementCoverage, DepartementParticipation, Participation,
};
pub use profiles::{Profile, ThemeProfile, profiles};
pub use secrecy::{Disclosed, PUBLIC_MIN_COUNT, Secrecy};
pub use series::{ClassSeries, CountPoint, Series, ServicePoint, ServiceSeries, series};
pub use services::{Rankings, ServiceFigures};
pub use strata::{Merge, merge_strata, weighted_with_secrecy};
pub use tally::{ClassCount, ClassMentions, CountItem, Mention, Mentions, ThemeMentions};
pub use verbatims::{Verbatim, VerbatimGroup};
pub use weighted::{Estimate, StrataSecrecy, Stratum, Weighted, WeightedService, weighted};

use crate::answers::{Answer, Answers, Response, ResponseStatus, ServiceAnswer};
use crate::campaign::{Campaign, Target};
use crate::catalogue::OptionList;
use crate::size_class::SizeClass;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The whole analysis of a wave, in the key order of `analysis.md`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// Code of the wave.
    pub campaign: String,
    /// Size classes used, ascending.
    pub size_classes: Vec<SizeClass>,
    /// Who answered.
    pub participation: Participation,
    /// Communes and inhabitants the respondents stand for.
    pub coverage: Coverage,
    /// Themes with at least one service deployed.
    pub themes: Vec<CountItem>,
    /// Per service, in catalogue order.
    pub services: Vec<ServiceFigures>,
    /// The seed's rankings of services.
    pub rankings: Rankings,
    /// Pooling types cited by pooled pairs.
    pub mutualisation_types: Mentions,
    /// Actors cited by pooled pairs.
    pub actors: Mentions,
    /// Obstacles.
    pub obstacles: Vec<CountItem>,
    /// Expected support.
    pub expected_support: Vec<CountItem>,
    /// Free texts of the respondents, by question, anonymised.
    pub verbatims: Vec<VerbatimGroup>,
    /// The filters applied, when any.
    #[serde(skip_serializing_if = "Filters::is_empty")]
    pub filters: Filters,
    /// Comparison with an earlier wave, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
}

/// A complete respondent, ready for counting.
pub(crate) struct Respondent<'a> {
    pub target: &'a Target,
    pub class: usize,
    pub answers: &'a Answers,
}

impl Respondent<'_> {
    /// The codes of the first multiple-choice question drawing on `id`'s list.
    pub fn choices(&self, id: Option<&str>) -> &[String] {
        match id.and_then(|id| self.answers.get(id)) {
            Some(Answer::Choices(codes)) => codes,
            _ => &[],
        }
    }

    /// The service matrix.
    pub fn matrix(&self, id: Option<&str>) -> Option<&BTreeMap<String, ServiceAnswer>> {
        match id.and_then(|id| self.answers.get(id)) {
            Some(Answer::Matrix(m)) => Some(m),
            _ => None,
        }
    }
}

/// A fraction, or `None` (JSON `null`) when the denominator is zero.
pub fn rate(numerator: u64, denominator: u64) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

/// Computes every figure of the wave over the targets that pass the filters. Only complete
/// answers count; where a respondent answered twice, the last response in the slice wins.
pub fn analyse(campaign: &Campaign, responses: &[Response], filters: &Filters) -> Analysis {
    let classes = &campaign.size_classes;
    let targets: Vec<(&Target, usize)> = campaign
        .targets
        .iter()
        .map(|t| (t, classes.index_of(t.population)))
        .filter(|(t, class)| filters.admits(t, &classes.classes()[*class].code))
        .collect();
    let mut latest: HashMap<&str, &Response> = HashMap::with_capacity(responses.len());
    for response in responses {
        latest.insert(response.respondent.as_str(), response);
    }
    let respondents: Vec<Respondent> = targets
        .iter()
        .filter_map(|&(target, class)| {
            let response = latest.get(target.code.as_str())?;
            (response.status == ResponseStatus::Complete).then_some(Respondent {
                target,
                class,
                answers: &response.answers,
            })
        })
        .collect();

    let catalogue = &campaign.catalogue;
    let questionnaire = &campaign.questionnaire;
    let id_of = |list| questionnaire.question_for(list).map(|q| q.id.as_str());
    let class_count = classes.classes().len();
    let per_class = tally::respondents_per_class(&respondents, class_count);
    let choice_counts = |list: OptionList, key: &'static str| {
        tally::count_choices(
            key,
            &catalogue.codes(list),
            respondents.iter().map(|r| (r.class, r.choices(id_of(list)))),
            classes.classes(),
            &per_class,
        )
    };
    let themes = choice_counts(OptionList::Themes, "theme");
    let obstacles = choice_counts(OptionList::Obstacles, "obstacle");
    let expected_support = choice_counts(OptionList::Support, "support");
    let matrix = services::analyse_matrix(catalogue, classes.classes(), &respondents, id_of(OptionList::Services));

    Analysis {
        campaign: campaign.code.to_string(),
        size_classes: classes.classes().to_vec(),
        participation: participation::participation(classes, &targets, &respondents),
        coverage: participation::coverage(&targets, &respondents),
        themes,
        services: matrix.services,
        rankings: matrix.rankings,
        mutualisation_types: matrix.types,
        actors: matrix.actors,
        obstacles,
        expected_support,
        verbatims: verbatims::collect(questionnaire, classes, &respondents),
        filters: filters.clone(),
        comparison: None,
    }
}

#[cfg(test)]
mod tests;
