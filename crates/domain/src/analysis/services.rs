//! Figures of the service matrix: per service deployment and pooling, the seed's rankings,
//! and the pooling types and actors cited by pooled pairs.

use super::tally::{ClassMentions, Mentions, ThemeMentions, mentions};
use super::{Respondent, rate};
use crate::answers::{Mutualisation, ServiceStatus};
use crate::catalogue::{Catalogue, OptionList};
use crate::size_class::SizeClass;
use serde::Serialize;

/// `services[]` of `analysis.md`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceFigures {
    /// Service code.
    pub service: String,
    /// Its theme.
    pub theme: String,
    /// Respondents with status deployed.
    pub deployed: u64,
    /// Respondents with status studied.
    pub studied: u64,
    /// deployed / respondents.
    pub deployment_rate: Option<f64>,
    /// Respondents with status deployed and mutualisation implemented.
    pub mutualised: u64,
    /// Respondents with mutualisation planned.
    pub planned: u64,
    /// mutualised / deployed.
    pub mutualisation_rate: Option<f64>,
}

/// `rankings` of `analysis.md`: service codes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rankings {
    /// Deployment rate ≥ 1/3, by deployed descending.
    pub most_deployed: Vec<String>,
    /// 0 < deployment rate < 1/3, by deployed ascending.
    pub least_deployed: Vec<String>,
    /// Deployed by nobody, studied by someone, by studied descending.
    pub most_studied_not_deployed: Vec<String>,
    /// The 10 with the most mutualised + planned (at least 1), descending.
    pub most_mutualised: Vec<String>,
}

/// What the matrix yields.
pub(super) struct MatrixFigures {
    pub services: Vec<ServiceFigures>,
    pub rankings: Rankings,
    pub types: Mentions,
    pub actors: Mentions,
}

/// One scan over the respondents' matrices.
pub(super) fn analyse_matrix(
    catalogue: &Catalogue,
    classes: &[SizeClass],
    respondents: &[Respondent],
    matrix_id: Option<&str>,
) -> MatrixFigures {
    let service_codes = catalogue.codes(OptionList::Services);
    let type_codes = catalogue.codes(OptionList::Types);
    let actor_codes = catalogue.codes(OptionList::Actors);
    let theme_codes = catalogue.codes(OptionList::Themes);
    let theme_of: Vec<usize> =
        catalogue.services.iter().map(|s| theme_codes.iter().position(|t| *t == s.theme).unwrap_or(0)).collect();
    let n = service_codes.len();
    let (mut deployed, mut studied, mut mutualised, mut planned) =
        (vec![0u64; n], vec![0u64; n], vec![0u64; n], vec![0u64; n]);
    let mut types_by_class = vec![vec![0u64; type_codes.len()]; classes.len()];
    let mut types_by_theme = vec![vec![0u64; type_codes.len()]; theme_codes.len()];
    let mut actors_by_class = vec![vec![0u64; actor_codes.len()]; classes.len()];
    for r in respondents {
        let Some(matrix) = r.matrix(matrix_id) else { continue };
        for (code, answer) in matrix {
            let Some(s) = service_codes.iter().position(|c| c == code) else { continue };
            match answer.status {
                ServiceStatus::Deployed => deployed[s] += 1,
                ServiceStatus::Studied => studied[s] += 1,
                ServiceStatus::None => {}
            }
            match answer.mutualisation {
                Mutualisation::Implemented if answer.status == ServiceStatus::Deployed => mutualised[s] += 1,
                Mutualisation::Planned => planned[s] += 1,
                _ => {}
            }
            if !answer.is_pooled() {
                continue;
            }
            for t in &answer.types {
                if let Some(i) = type_codes.iter().position(|c| c == t) {
                    types_by_class[r.class][i] += 1;
                    types_by_theme[theme_of[s]][i] += 1;
                }
            }
            for a in &answer.actors {
                if let Some(i) = actor_codes.iter().position(|c| c == a) {
                    actors_by_class[r.class][i] += 1;
                }
            }
        }
    }
    let respondents_count = respondents.len() as u64;
    let services: Vec<ServiceFigures> = catalogue
        .services
        .iter()
        .enumerate()
        .map(|(s, service)| ServiceFigures {
            service: service.code.clone(),
            theme: service.theme.clone(),
            deployed: deployed[s],
            studied: studied[s],
            deployment_rate: rate(deployed[s], respondents_count),
            mutualised: mutualised[s],
            planned: planned[s],
            mutualisation_rate: rate(mutualised[s], deployed[s]),
        })
        .collect();
    MatrixFigures {
        rankings: rankings(&services, respondents_count),
        types: mention_lists(
            "type",
            "types",
            &type_codes,
            classes,
            &types_by_class,
            Some((&theme_codes, &types_by_theme)),
        ),
        actors: mention_lists("actor", "actors", &actor_codes, classes, &actors_by_class, None),
        services,
    }
}

fn mention_lists(
    key: &'static str,
    list_key: &'static str,
    codes: &[&str],
    classes: &[SizeClass],
    by_class: &[Vec<u64>],
    by_theme: Option<(&[&str], &[Vec<u64>])>,
) -> Mentions {
    let total: Vec<u64> = (0..codes.len()).map(|i| by_class.iter().map(|c| c[i]).sum()).collect();
    Mentions {
        total: mentions(key, codes, &total),
        by_size_class: classes
            .iter()
            .zip(by_class)
            .map(|(class, counts)| ClassMentions {
                key: list_key,
                size_class: class.code.clone(),
                items: mentions(key, codes, counts),
            })
            .collect(),
        by_theme: by_theme.map(|(themes, counts)| {
            themes
                .iter()
                .zip(counts)
                .map(|(theme, counts)| ThemeMentions {
                    key: list_key,
                    theme: (*theme).to_owned(),
                    items: mentions(key, codes, counts),
                })
                .collect()
        }),
    }
}

/// Service codes sorted by a key, ties by code ascending.
fn ranked<'a>(services: impl Iterator<Item = &'a ServiceFigures>, key: impl Fn(&ServiceFigures) -> i64) -> Vec<String> {
    let mut list: Vec<&ServiceFigures> = services.collect();
    list.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| a.service.cmp(&b.service)));
    list.into_iter().map(|s| s.service.clone()).collect()
}

fn rankings(services: &[ServiceFigures], respondents: u64) -> Rankings {
    // Rates against 1/3 are compared in integers: deployed / respondents ≥ 1/3 ⇔ 3·deployed ≥ respondents.
    let third = |s: &ServiceFigures| (3 * s.deployed).cmp(&respondents);
    let pooled = |s: &ServiceFigures| (s.mutualised + s.planned) as i64;
    let mut most_mutualised = ranked(services.iter().filter(|s| pooled(s) >= 1), |s| -pooled(s));
    most_mutualised.truncate(10);
    Rankings {
        most_deployed: ranked(services.iter().filter(|s| respondents > 0 && third(s).is_ge()), |s| {
            -(s.deployed as i64)
        }),
        least_deployed: ranked(services.iter().filter(|s| s.deployed > 0 && third(s).is_lt()), |s| s.deployed as i64),
        most_studied_not_deployed: ranked(services.iter().filter(|s| s.deployed == 0 && s.studied >= 1), |s| {
            -(s.studied as i64)
        }),
        most_mutualised,
    }
}
