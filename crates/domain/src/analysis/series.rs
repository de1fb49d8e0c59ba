//! Series over several waves: per service and for participation, one point per wave, each
//! point after a break of method marked as such.
//!
//! A trend is drawn between two consecutive points only when the later one has no break:
//! otherwise the difference mixes a change on the ground with a change of method. Which
//! breaks (see [`super::comparability`]) touch which figure:
//!
//! - another territory (`level_changed`, `targets_changed`) or other filters
//!   (`filters_changed`): every figure;
//! - other size classes or population year (`size_classes_changed`,
//!   `population_year_changed`): participation by size class (the other figures of a series
//!   are not split by size);
//! - the service matrix question added, removed, reworded or retyped
//!   (`question_added`, `question_removed`, `question_label_changed`,
//!   `question_type_changed`): every service;
//! - `service_added`, `service_label_changed`: that service's point in the later wave;
//!   `service_removed`: its first point without a value (a point without a value carries no
//!   other break);
//! - the other breaks (a service moved to another theme, themes, other questions and their
//!   options): no figure of a series; they are listed in `comparisons`.
//!
//! # JSON
//!
//! `campaigns[]` (codes, oldest first); `comparisons[]`, one [`Comparability`] per pair of
//! consecutive waves; `participation[]`, one point per wave: `campaign`, `targets`,
//! `respondents`, `rate`, `breaks[]`; `participation_by_size_class[]`: `size_class` and its
//! `points[]` as above (`null` counts in a wave without that class); `services[]`: `service`
//! (its code in the latest wave holding it), `theme`, `points[]` of `campaign`, `service`
//! (its code in that wave, `null` when absent), `deployed`, `deployment_rate` (over the
//! respondents), `studied`, `study_rate` (over the respondents), `mutualised`,
//! `mutualisation_rate` (over deployed), `breaks[]` (kinds of the breaks touching the point,
//! empty when it compares with the one before). Services come in the latest wave's catalogue
//! order, then those it no longer holds, by first appearance.

use super::comparability::{Break, Comparability, comparability};
use super::{Analysis, rate};
use crate::campaign::Campaign;
use crate::catalogue::OptionList;
use serde::Serialize;

/// The series of several waves, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// Wave codes, oldest first.
    pub campaigns: Vec<String>,
    /// What each wave shares with the one before, and the breaks between them.
    pub comparisons: Vec<Comparability>,
    /// Overall participation, one point per wave.
    pub participation: Vec<CountPoint>,
    /// Participation per size class code.
    pub participation_by_size_class: Vec<ClassSeries>,
    /// Per service.
    pub services: Vec<ServiceSeries>,
}

/// Targets and respondents in one wave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountPoint {
    /// Wave code.
    pub campaign: String,
    /// Targets; `None` when the wave has no such class.
    pub targets: Option<u64>,
    /// Complete respondents; `None` as above.
    pub respondents: Option<u64>,
    /// respondents / targets.
    pub rate: Option<f64>,
    /// Kinds of the breaks touching the point; empty when it compares with the one before.
    pub breaks: Vec<&'static str>,
}

/// Participation of one size class, wave by wave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassSeries {
    /// Size class code.
    pub size_class: String,
    /// One point per wave, oldest first.
    pub points: Vec<CountPoint>,
}

/// One service, wave by wave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceSeries {
    /// Its code in the latest wave holding it.
    pub service: String,
    /// Its theme in that wave.
    pub theme: String,
    /// One point per wave, oldest first.
    pub points: Vec<ServicePoint>,
}

/// A service's figures in one wave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServicePoint {
    /// Wave code.
    pub campaign: String,
    /// The service's code in that wave; `None` when the wave's catalogue lacks it (and then
    /// every figure is `None`).
    pub service: Option<String>,
    /// Respondents that deploy it.
    pub deployed: Option<u64>,
    /// deployed / respondents.
    pub deployment_rate: Option<f64>,
    /// Respondents that study it.
    pub studied: Option<u64>,
    /// studied / respondents.
    pub study_rate: Option<f64>,
    /// Respondents that deploy it with mutualisation implemented.
    pub mutualised: Option<u64>,
    /// mutualised / deployed.
    pub mutualisation_rate: Option<f64>,
    /// Kinds of the breaks touching the point; empty when it compares with the one before.
    pub breaks: Vec<&'static str>,
}

/// What a break can touch.
enum Figure<'a> {
    Participation,
    ClassParticipation,
    /// A service, by its code in the later wave and in the earlier one.
    Service {
        now: Option<&'a str>,
        before: Option<&'a str>,
        matrix: [Option<&'a str>; 2],
    },
}

fn touches(b: &Break, figure: &Figure) -> bool {
    match (b, figure) {
        (
            Break::LevelChanged { .. } | Break::TargetsChanged { .. } | Break::FiltersChanged { .. },
            Figure::Service { now: None, .. },
        ) => false,
        (Break::LevelChanged { .. } | Break::TargetsChanged { .. } | Break::FiltersChanged { .. }, _) => true,
        (Break::SizeClassesChanged { .. } | Break::PopulationYearChanged { .. }, Figure::ClassParticipation) => true,
        (
            Break::QuestionAdded { question }
            | Break::QuestionRemoved { question }
            | Break::QuestionLabelChanged { question, .. }
            | Break::QuestionTypeChanged { question, .. },
            Figure::Service { matrix, now: Some(_), .. },
        ) => matrix.contains(&Some(question.as_str())),
        (
            Break::ServiceAdded { service } | Break::ServiceLabelChanged { service, .. },
            Figure::Service { now: Some(now), .. },
        ) => service == now,
        (Break::ServiceRemoved { service }, Figure::Service { now: None, before: Some(before), .. }) => {
            service == before
        }
        _ => false,
    }
}

/// The kinds of the breaks of `comparison` (none for the first wave) touching `figure`.
fn breaks_of(comparison: Option<&Comparability>, figure: &Figure) -> Vec<&'static str> {
    comparison.map_or_else(Vec::new, |c| c.breaks.iter().filter(|b| touches(b, figure)).map(Break::kind).collect())
}

/// The series of several waves, given oldest first with each wave's analysis. Works for any
/// number of waves (a single one gives points without breaks).
pub fn series(waves: &[(&Campaign, &Analysis)]) -> Series {
    let comparisons: Vec<Comparability> = waves
        .windows(2)
        .map(|pair| {
            let (earlier, later) = (pair[0], pair[1]);
            let mut c = comparability(earlier.0, later.0);
            if earlier.1.filters != later.1.filters {
                c.breaks
                    .push(Break::FiltersChanged { before: earlier.1.filters.clone(), after: later.1.filters.clone() });
                c.comparable = false;
            }
            c
        })
        .collect();
    let participation = waves
        .iter()
        .enumerate()
        .map(|(i, (campaign, analysis))| {
            let total = &analysis.participation.total;
            CountPoint {
                campaign: campaign.code.to_string(),
                targets: Some(total.targets),
                respondents: Some(total.respondents),
                rate: total.rate,
                breaks: breaks_of(before(&comparisons, i), &Figure::Participation),
            }
        })
        .collect();
    Series {
        campaigns: waves.iter().map(|(c, _)| c.code.to_string()).collect(),
        participation,
        participation_by_size_class: class_series(waves, &comparisons),
        services: service_series(waves, &comparisons),
        comparisons,
    }
}

/// Codes seen in the waves: the latest wave's first, in its order, then the others by
/// first appearance.
fn union_latest_first<'a>(lists: &[Vec<&'a str>]) -> Vec<&'a str> {
    let mut codes: Vec<&str> = lists.last().cloned().unwrap_or_default();
    for list in lists {
        for code in list {
            if !codes.contains(code) {
                codes.push(code);
            }
        }
    }
    codes
}

/// The comparison of wave `i` with the one before; none for the first wave.
fn before(comparisons: &[Comparability], i: usize) -> Option<&Comparability> {
    i.checked_sub(1).map(|j| &comparisons[j])
}

fn class_series(waves: &[(&Campaign, &Analysis)], comparisons: &[Comparability]) -> Vec<ClassSeries> {
    let lists: Vec<Vec<&str>> =
        waves.iter().map(|(c, _)| c.size_classes.classes().iter().map(|k| k.code.as_str()).collect()).collect();
    union_latest_first(&lists)
        .into_iter()
        .map(|code| ClassSeries {
            size_class: code.to_owned(),
            points: waves
                .iter()
                .enumerate()
                .map(|(i, (campaign, analysis))| {
                    let count = analysis.participation.by_size_class.iter().find(|c| c.size_class == code);
                    CountPoint {
                        campaign: campaign.code.to_string(),
                        targets: count.map(|c| c.count.targets),
                        respondents: count.map(|c| c.count.respondents),
                        rate: count.and_then(|c| c.count.rate),
                        breaks: if count.is_some() {
                            breaks_of(before(comparisons, i), &Figure::ClassParticipation)
                        } else {
                            vec![]
                        },
                    }
                })
                .collect(),
        })
        .collect()
}

fn service_series(waves: &[(&Campaign, &Analysis)], comparisons: &[Comparability]) -> Vec<ServiceSeries> {
    // Lineages: a service's code in each wave, following renames through `previous`.
    let mut lineages: Vec<Vec<Option<&str>>> = Vec::new();
    for (i, (campaign, _)) in waves.iter().enumerate() {
        for service in &campaign.catalogue.services {
            let continued = lineages.iter().position(|codes| {
                codes.len() == i
                    && codes
                        .iter()
                        .rev()
                        .find_map(|c| *c)
                        .is_some_and(|last| last == service.code || service.previous.iter().any(|p| p == last))
            });
            match continued {
                Some(l) => lineages[l].push(Some(&service.code)),
                None => {
                    let mut codes = vec![None; i];
                    codes.push(Some(service.code.as_str()));
                    lineages.push(codes);
                }
            }
        }
        for codes in &mut lineages {
            if codes.len() == i {
                codes.push(None);
            }
        }
    }
    let latest = waves.last().map(|(c, _)| c.catalogue.codes(OptionList::Services)).unwrap_or_default();
    let order = |codes: &Vec<Option<&str>>| {
        codes.last().copied().flatten().and_then(|c| latest.iter().position(|l| *l == c)).unwrap_or(usize::MAX)
    };
    let mut indexed: Vec<(usize, &Vec<Option<&str>>)> = lineages.iter().enumerate().collect();
    indexed.sort_by_key(|(i, codes)| (order(codes), *i));
    indexed
        .into_iter()
        .map(|(_, codes)| {
            let (last_wave, last_code) =
                codes.iter().enumerate().rev().find_map(|(i, c)| c.map(|c| (i, c))).expect("a lineage holds a code");
            let theme =
                waves[last_wave].0.catalogue.services.iter().find(|s| s.code == last_code).map(|s| s.theme.clone());
            ServiceSeries {
                service: last_code.to_owned(),
                theme: theme.unwrap_or_default(),
                points: waves
                    .iter()
                    .enumerate()
                    .map(|(i, wave)| point(waves, i, wave, codes, before(comparisons, i)))
                    .collect(),
            }
        })
        .collect()
}

/// Id of a wave's service matrix question.
fn matrix_id(campaign: &Campaign) -> Option<&str> {
    campaign.questionnaire.question_for(OptionList::Services).map(|q| q.id.as_str())
}

fn point(
    waves: &[(&Campaign, &Analysis)],
    i: usize,
    (campaign, analysis): &(&Campaign, &Analysis),
    codes: &[Option<&str>],
    comparison: Option<&Comparability>,
) -> ServicePoint {
    let now = codes[i];
    let figure = Figure::Service {
        now,
        before: i.checked_sub(1).and_then(|j| codes[j]),
        matrix: [i.checked_sub(1).and_then(|j| matrix_id(waves[j].0)), matrix_id(campaign)],
    };
    let figures = now.and_then(|code| analysis.services.iter().find(|s| s.service == code));
    let respondents = analysis.participation.total.respondents;
    ServicePoint {
        campaign: campaign.code.to_string(),
        service: now.map(str::to_owned),
        deployed: figures.map(|f| f.deployed),
        deployment_rate: figures.and_then(|f| f.deployment_rate),
        studied: figures.map(|f| f.studied),
        study_rate: figures.and_then(|f| rate(f.studied, respondents)),
        mutualised: figures.map(|f| f.mutualised),
        mutualisation_rate: figures.and_then(|f| f.mutualisation_rate),
        breaks: breaks_of(comparison, &figure),
    }
}

#[cfg(test)]
mod tests;
