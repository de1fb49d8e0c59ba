//! Weighted estimates (`analysis.md`, "Weighted estimates"): what share of the **targets**,
//! not of the respondents, deploy, study and pool each service, with a 95 % interval.
//!
//! The respondents of a wave are not a fair sample of its targets: large bodies answer more
//! often than small ones. Post-stratifying by size class gives each class the weight of its
//! targets, so a figure can speak of a whole Région or country. The formulas are the spec's,
//! applied in a fixed order so that `scripts/check_weighted.py` finds the same numbers to the
//! last digit:
//!
//! - per stratum `h`: `W_h = N_h / Σ N_k` (over the strata kept), `p_h = x_h / n_h`;
//! - `P = Σ W_h · p_h`, summed in ascending size order from 0;
//! - `V = Σ W_h · W_h · (1 − n_h / N_h) · p_h · (1 − p_h) / (n_h − 1)`, the same order, a
//!   stratum with `n_h = 1` adding 0;
//! - interval `[max(0, P − 1.96 · √V), min(1, P + 1.96 · √V)]`.
//!
//! When no stratum has a respondent there is nothing to estimate from: the estimate and its
//! interval are `null` rather than a made-up 0. Every estimate of one block rests on the same
//! strata, listed once in `by_stratum` with their weights, so a page can say which size
//! classes were used and which were left out for want of respondents.

use super::select::Selection;
use super::{Filters, Respondent};
use crate::answers::{Mutualisation, Response, ServiceStatus};
use crate::campaign::Campaign;
use serde::Serialize;

/// The `weighted` block of `analysis.md`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weighted {
    /// What the strata are: always `"size_class"`.
    pub strata: &'static str,
    /// Targets of the strata left out (no complete respondent).
    pub uncovered_targets: u64,
    /// Size-class codes of the strata used that hold one respondent (their variance is 0),
    /// ascending.
    pub thin_strata: Vec<String>,
    /// Every stratum, used or left out, by its smallest size class: what the estimates rest on.
    pub by_stratum: Vec<Stratum>,
    /// Per service, in catalogue order.
    pub services: Vec<WeightedService>,
    /// What statistical secrecy did, when it was applied ([`super::weighted_with_secrecy`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secrecy: Option<StrataSecrecy>,
}

/// One stratum: a size class, or several merged by statistical secrecy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stratum {
    /// Its size-class codes, ascending.
    pub size_classes: Vec<String>,
    /// `N_h`: targets.
    pub targets: u64,
    /// `n_h`: complete respondents.
    pub respondents: u64,
    /// `W_h`, or `None` (`null`) for a stratum left out.
    pub weight: Option<f64>,
}

/// Estimates for one service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightedService {
    /// Service code.
    pub service: String,
    /// Share of the targets that deploy it.
    pub deployed: Estimate,
    /// Share of the targets that study it.
    pub studied: Estimate,
    /// Share of the targets that deploy it and pool it (mutualisation `implemented`).
    pub mutualised: Estimate,
}

/// A share of the targets, between 0 and 1, with its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// `P`; `None` (`null`) when no stratum has a respondent, or when secrecy masks it.
    pub estimate: Option<f64>,
    /// `[low, high]`; `None` (`null`) with the estimate.
    pub ci95: Option<[f64; 2]>,
}

impl Estimate {
    /// No figure.
    pub const NONE: Estimate = Estimate { estimate: None, ci95: None };
}

/// What statistical secrecy did to a `weighted` block (the rule is in `strata.rs`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrataSecrecy {
    /// The threshold: a stratum used holds at least this many respondents.
    pub min_respondents: u64,
    /// Size classes that held at least one but fewer respondents than that, ascending; each
    /// was merged with a neighbour (see `by_stratum`) unless the block is masked.
    pub below_threshold: Vec<String>,
    /// Whether every estimate is masked: all the strata together hold fewer respondents than
    /// the threshold (`false` when there is no respondent at all: nothing to mask).
    pub masked: bool,
}

/// Counts per size class: what every estimate is computed from.
pub(super) struct ClassCounts {
    /// Size-class codes, ascending.
    pub codes: Vec<String>,
    /// `N_h` per class.
    pub targets: Vec<u64>,
    /// `n_h` per class.
    pub respondents: Vec<u64>,
    /// Service codes, in catalogue order.
    pub services: Vec<String>,
    /// Per service, per class: respondents that deploy, study, and deploy and pool it
    /// (indexed by [`DEPLOYED`], [`STUDIED`], [`MUTUALISED`]).
    pub having: Vec<Vec<[u64; 3]>>,
}

/// Indices of the properties in [`ClassCounts::having`].
const DEPLOYED: usize = 0;
const STUDIED: usize = 1;
const MUTUALISED: usize = 2;

impl ClassCounts {
    /// Counts the targets, respondents and service statuses of a wave, per size class.
    pub fn new(campaign: &Campaign, responses: &[Response], filters: &Filters) -> Self {
        let selection = Selection::new(campaign, responses, filters);
        let classes = campaign.size_classes.classes();
        let services: Vec<String> = campaign.catalogue.services.iter().map(|s| s.code.clone()).collect();
        let mut counts = ClassCounts {
            codes: classes.iter().map(|c| c.code.clone()).collect(),
            targets: vec![0; classes.len()],
            respondents: vec![0; classes.len()],
            having: vec![vec![[0; 3]; classes.len()]; services.len()],
            services,
        };
        for (_, class) in &selection.targets {
            counts.targets[*class] += 1;
        }
        for r in &selection.respondents {
            counts.add(&selection, r);
        }
        counts
    }

    fn add(&mut self, selection: &Selection, r: &Respondent) {
        self.respondents[r.class] += 1;
        let rows = selection.rows(r);
        for (s, code) in self.services.iter().enumerate() {
            let Some(row) = rows.get(code) else { continue };
            let having = &mut self.having[s][r.class];
            match row.status {
                ServiceStatus::Deployed => {
                    having[DEPLOYED] += 1;
                    if row.mutualisation == Mutualisation::Implemented {
                        having[MUTUALISED] += 1;
                    }
                }
                ServiceStatus::Studied => having[STUDIED] += 1,
                ServiceStatus::None => {}
            }
        }
    }
}

/// Post-stratified estimates of the share of targets deploying, studying and pooling each
/// service, by size class (`analysis.md`, "Weighted estimates"), over the targets that pass
/// the filters. Only complete answers count; where a respondent answered twice, the last
/// response in the slice wins.
pub fn weighted(campaign: &Campaign, responses: &[Response], filters: &Filters) -> Weighted {
    let counts = ClassCounts::new(campaign, responses, filters);
    let groups = (0..counts.codes.len()).filter(|&h| counts.respondents[h] > 0).map(|h| vec![h]).collect();
    assemble(&counts, groups, None)
}

/// Builds the block from per-class counts and the strata used (groups of class indices, in
/// ascending order; the classes in no group are left out). A masking `secrecy` nulls every
/// estimate.
pub(super) fn assemble(counts: &ClassCounts, groups: Vec<Vec<usize>>, secrecy: Option<StrataSecrecy>) -> Weighted {
    let sum = |classes: &[usize], of: &[u64]| classes.iter().map(|&h| of[h]).sum::<u64>();
    let kept_targets: u64 = groups.iter().map(|g| sum(g, &counts.targets)).sum();
    let left_out: Vec<usize> = (0..counts.codes.len()).filter(|h| !groups.iter().any(|g| g.contains(h))).collect();
    let mut by_stratum: Vec<(usize, Stratum)> = groups
        .iter()
        .map(|g| {
            let targets = sum(g, &counts.targets);
            (g[0], stratum(counts, g, targets, Some(targets as f64 / kept_targets as f64)))
        })
        .chain(left_out.iter().map(|&h| (h, stratum(counts, &[h], counts.targets[h], None))))
        .collect();
    by_stratum.sort_by_key(|(first, _)| *first);
    let masked = secrecy.as_ref().is_some_and(|s| s.masked);
    let services = counts
        .services
        .iter()
        .enumerate()
        .map(|(s, code)| {
            let of = |property: usize| {
                if masked {
                    return Estimate::NONE;
                }
                let strata: Vec<[u64; 3]> = groups
                    .iter()
                    .map(|g| {
                        [
                            sum(g, &counts.targets),
                            sum(g, &counts.respondents),
                            g.iter().map(|&h| counts.having[s][h][property]).sum(),
                        ]
                    })
                    .collect();
                estimate(&strata)
            };
            WeightedService {
                service: code.clone(),
                deployed: of(DEPLOYED),
                studied: of(STUDIED),
                mutualised: of(MUTUALISED),
            }
        })
        .collect();
    Weighted {
        strata: "size_class",
        uncovered_targets: left_out.iter().map(|&h| counts.targets[h]).sum(),
        thin_strata: groups
            .iter()
            .filter(|g| sum(g, &counts.respondents) == 1)
            .flat_map(|g| g.iter().map(|&h| counts.codes[h].clone()))
            .collect(),
        by_stratum: by_stratum.into_iter().map(|(_, s)| s).collect(),
        services,
        secrecy,
    }
}

fn stratum(counts: &ClassCounts, classes: &[usize], targets: u64, weight: Option<f64>) -> Stratum {
    Stratum {
        size_classes: classes.iter().map(|&h| counts.codes[h].clone()).collect(),
        targets,
        respondents: classes.iter().map(|&h| counts.respondents[h]).sum(),
        weight,
    }
}

/// The estimate and interval over strata given as `[N_h, n_h, x_h]` (targets, respondents,
/// respondents with the property), each with `n_h ≥ 1`, in ascending size order.
pub(super) fn estimate(strata: &[[u64; 3]]) -> Estimate {
    let total: u64 = strata.iter().map(|s| s[0]).sum();
    if strata.is_empty() || total == 0 {
        return Estimate::NONE;
    }
    let (mut p, mut v) = (0.0_f64, 0.0_f64);
    for &[big_n, n, x] in strata {
        let w = big_n as f64 / total as f64;
        let share = x as f64 / n as f64;
        p += w * share;
        if n > 1 {
            v += w * w * (1.0 - n as f64 / big_n as f64) * share * (1.0 - share) / (n - 1) as f64;
        }
    }
    let half = 1.96 * v.sqrt();
    Estimate { estimate: Some(p), ci95: Some([(p - half).max(0.0), (p + half).min(1.0)]) }
}

#[cfg(test)]
mod tests;
