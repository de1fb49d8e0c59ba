//! Statistical secrecy for weighted estimates: no published estimate rests on a stratum of
//! one or two bodies.
//!
//! A share computed over a size class of two respondents tells what each of them does; once
//! weighted and published with its strata, it can be read back. mutu publishes a weighted
//! figure only when every stratum it rests on holds at least `min_respondents` complete
//! respondents (3 for published figures, as for counts).
//!
//! # The rule
//!
//! 1. Strata without respondents are left out, as in [`super::weighted`]: their targets are
//!    `uncovered_targets`. StrataSecrecy changes nothing else when every remaining stratum holds at
//!    least `min_respondents` respondents.
//! 2. Otherwise, the first stratum (in ascending size order) holding fewer than
//!    `min_respondents` respondents is merged with its neighbour among the remaining strata
//!    (the next smaller or the next larger one): the neighbour with fewer respondents, the
//!    smaller one on a tie. A merged stratum is one stratum: its targets, its respondents and
//!    its respondents with the property are summed, and the estimate and interval are
//!    computed over the merged strata by the usual formulas. Step 2 repeats until every
//!    stratum holds at least `min_respondents` respondents or a single stratum remains.
//! 3. When that single stratum still holds fewer than `min_respondents` respondents, merging
//!    is impossible: every estimate and interval of the block is masked (`null`), and
//!    `secrecy.masked` says so.
//!
//! The rule looks at respondents per stratum only, never at the answers, so it merges the
//! same strata for every service of a wave; `by_stratum` lists them and `secrecy` names the
//! size classes that were under the threshold.

use super::Filters;
use super::weighted::{ClassCounts, StrataSecrecy, Weighted, assemble};
use crate::answers::Response;
use crate::campaign::Campaign;

/// The strata statistical secrecy keeps, from the respondents of each size class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    /// Strata used: groups of size-class indices, each ascending, groups in ascending order.
    /// Classes without respondents are in none.
    pub groups: Vec<Vec<usize>>,
    /// Classes holding at least one but fewer than the threshold respondents, ascending.
    pub below_threshold: Vec<usize>,
    /// Whether all the respondents together are fewer than the threshold (every figure is
    /// then masked); `false` when there is no respondent at all.
    pub masked: bool,
}

/// Applies the rule of this module to the respondents of each size class (ascending): which
/// classes are under `min_respondents`, how they merge, or whether the figure is masked.
pub fn merge_strata(respondents: &[u64], min_respondents: u64) -> Merge {
    let below_threshold = (0..respondents.len()).filter(|&h| (1..min_respondents).contains(&respondents[h])).collect();
    let mut groups: Vec<Vec<usize>> = (0..respondents.len()).filter(|&h| respondents[h] > 0).map(|h| vec![h]).collect();
    let size = |g: &[usize]| g.iter().map(|&h| respondents[h]).sum::<u64>();
    while groups.len() > 1 {
        let Some(thin) = groups.iter().position(|g| size(g) < min_respondents) else { break };
        let neighbour = match (thin.checked_sub(1), groups.get(thin + 1)) {
            (Some(below), Some(above)) if size(above) < size(&groups[below]) => thin + 1,
            (Some(below), _) => below,
            (None, _) => thin + 1,
        };
        let (first, second) = (thin.min(neighbour), thin.max(neighbour));
        let merged = groups.remove(second);
        groups[first].extend(merged);
    }
    // With no respondent at all there is no figure to mask: the estimates are null anyway.
    let masked = !groups.is_empty() && groups.iter().all(|g| size(g) < min_respondents);
    Merge { groups, below_threshold, masked }
}

/// [`super::weighted`] as it may be published: strata with fewer than `min_respondents`
/// complete respondents are merged with a neighbour, or every estimate masked, by the rule of
/// this module; `secrecy` in the result says what was done.
pub fn weighted_with_secrecy(
    campaign: &Campaign,
    responses: &[Response],
    filters: &Filters,
    min_respondents: u64,
) -> Weighted {
    let counts = ClassCounts::new(campaign, responses, filters);
    let merge = merge_strata(&counts.respondents, min_respondents);
    let secrecy = StrataSecrecy {
        min_respondents,
        below_threshold: merge.below_threshold.iter().map(|&h| counts.codes[h].clone()).collect(),
        masked: merge.masked,
    };
    assemble(&counts, merge.groups, Some(secrecy))
}
