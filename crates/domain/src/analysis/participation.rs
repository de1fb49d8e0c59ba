//! Participation and coverage: how many targets answered, and what share of the communes and
//! inhabitants they stand for.

use super::{Respondent, rate};
use crate::campaign::Target;
use crate::codes::DepartementCode;
use crate::size_class::SizeClasses;
use serde::Serialize;
use std::collections::BTreeMap;

/// Targets, respondents and their ratio.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Count {
    /// Units the wave was sent to.
    pub targets: u64,
    /// Of those, the ones with a complete answer.
    pub respondents: u64,
    /// respondents / targets.
    pub rate: Option<f64>,
}

/// Participation within one size class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassParticipation {
    /// Size class code.
    pub size_class: String,
    /// Its counts.
    #[serde(flatten)]
    pub count: Count,
}

/// Participation within one main département.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartementParticipation {
    /// Département code.
    pub departement: DepartementCode,
    /// Its counts.
    #[serde(flatten)]
    pub count: Count,
}

/// `participation` of `analysis.md`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Participation {
    /// Over all targets.
    pub total: Count,
    /// By size class, ascending.
    pub by_size_class: Vec<ClassParticipation>,
    /// By main département, by code.
    pub by_departement: Vec<DepartementParticipation>,
}

/// Covered over total.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Covered {
    /// Over the respondents.
    pub covered: u64,
    /// Over the targets.
    pub total: u64,
    /// covered / total.
    pub rate: Option<f64>,
}

/// Coverage within one main département.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartementCoverage {
    /// Département code.
    pub departement: DepartementCode,
    /// Communes.
    pub communes: Covered,
    /// Inhabitants.
    pub population: Covered,
}

/// `coverage` of `analysis.md`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// Communes.
    pub communes: Covered,
    /// Inhabitants.
    pub population: Covered,
    /// By main département, by code.
    pub by_departement: Vec<DepartementCoverage>,
}

fn count(targets: u64, respondents: u64) -> Count {
    Count { targets, respondents, rate: rate(respondents, targets) }
}

fn covered(covered: u64, total: u64) -> Covered {
    Covered { covered, total, rate: rate(covered, total) }
}

/// Participation overall, by size class and by département.
pub(super) fn participation(
    classes: &SizeClasses,
    targets: &[(&Target, usize)],
    respondents: &[Respondent],
) -> Participation {
    let n = classes.classes().len();
    let (mut class_targets, mut class_respondents) = (vec![0u64; n], vec![0u64; n]);
    let mut by_dep: BTreeMap<&DepartementCode, (u64, u64)> = BTreeMap::new();
    for (target, class) in targets {
        class_targets[*class] += 1;
        by_dep.entry(&target.departement).or_default().0 += 1;
    }
    for r in respondents {
        class_respondents[r.class] += 1;
        by_dep.entry(&r.target.departement).or_default().1 += 1;
    }
    Participation {
        total: count(targets.len() as u64, respondents.len() as u64),
        by_size_class: classes
            .classes()
            .iter()
            .enumerate()
            .map(|(i, c)| ClassParticipation {
                size_class: c.code.clone(),
                count: count(class_targets[i], class_respondents[i]),
            })
            .collect(),
        by_departement: by_dep
            .into_iter()
            .map(|(d, (t, r))| DepartementParticipation { departement: d.clone(), count: count(t, r) })
            .collect(),
    }
}

/// Communes and population covered, overall and by main département.
pub(super) fn coverage(targets: &[(&Target, usize)], respondents: &[Respondent]) -> Coverage {
    #[derive(Default)]
    struct Sums {
        communes: (u64, u64),
        population: (u64, u64),
    }
    let mut total = Sums::default();
    let mut by_dep: BTreeMap<&DepartementCode, Sums> = BTreeMap::new();
    for (target, _) in targets {
        for sums in [&mut total, by_dep.entry(&target.departement).or_default()] {
            sums.communes.1 += target.communes;
            sums.population.1 += target.population;
        }
    }
    for r in respondents {
        for sums in [&mut total, by_dep.entry(&r.target.departement).or_default()] {
            sums.communes.0 += r.target.communes;
            sums.population.0 += r.target.population;
        }
    }
    Coverage {
        communes: covered(total.communes.0, total.communes.1),
        population: covered(total.population.0, total.population.1),
        by_departement: by_dep
            .into_iter()
            .map(|(d, s)| DepartementCoverage {
                departement: d.clone(),
                communes: covered(s.communes.0, s.communes.1),
                population: covered(s.population.0, s.population.1),
            })
            .collect(),
    }
}
