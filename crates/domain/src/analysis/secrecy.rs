//! Statistical secrecy: what of a wave's figures may be published. A figure drawn from fewer
//! respondents (or mentions) than a threshold could single out one or two bodies, so it is
//! not published: its count is [`Disclosed::Masked`] and the rate computed from it is blanked.
//!
//! The decision is taken here, on the counts themselves, once for every published output
//! (the public pages, the embeddable charts, the public report and the open data); renderers
//! only write a masked count as they write any other value (`< 3`, an empty cell). Targets are
//! never masked: how many bodies a wave was sent to is public. Secondary suppression (a
//! masked cell recomputed from a total and the other cells) is not attempted.

use super::{Analysis, Count, CountItem, Mention, Mentions};
use serde::Serialize;

/// The threshold of every published figure: counts of 1 and 2 are masked.
pub const PUBLIC_MIN_COUNT: u64 = 3;

/// A count as it may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Disclosed {
    /// The count itself.
    Shown(u64),
    /// Under the threshold: not published.
    Masked,
}

impl Disclosed {
    /// The count when shown.
    pub fn shown(self) -> Option<u64> {
        match self {
            Disclosed::Shown(n) => Some(n),
            Disclosed::Masked => None,
        }
    }
}

/// The secrecy rule of an output: the smallest count it publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Secrecy {
    min_count: u64,
}

impl Secrecy {
    /// Nothing masked: the study team's own pages and reports.
    pub const NONE: Secrecy = Secrecy { min_count: 0 };
    /// What anyone may read: counts under [`PUBLIC_MIN_COUNT`] masked.
    pub const PUBLIC: Secrecy = Secrecy { min_count: PUBLIC_MIN_COUNT };

    /// Counts under `min_count` masked (0 masks nothing).
    pub fn with_min_count(min_count: u64) -> Self {
        Secrecy { min_count }
    }

    /// The threshold.
    pub fn min_count(self) -> u64 {
        self.min_count
    }

    /// Whether anything can be masked.
    pub fn is_active(self) -> bool {
        self.min_count > 0
    }

    /// A count as it may be shown.
    pub fn count(self, n: u64) -> Disclosed {
        if n < self.min_count { Disclosed::Masked } else { Disclosed::Shown(n) }
    }

    /// A rate kept only when the count it comes from is shown.
    pub fn rate(self, count: u64, rate: Option<f64>) -> Option<f64> {
        rate.filter(|_| count >= self.min_count)
    }

    /// A copy of the analysis whose rates drawn from masked counts are blanked, so a chart
    /// or a table built from it never shows them; the counts stay (a renderer passes each
    /// through [`Secrecy::count`]).
    pub fn mask_rates(self, analysis: &Analysis) -> Analysis {
        let mut a = analysis.clone();
        let count = |c: &mut Count| c.rate = self.rate(c.respondents, c.rate);
        count(&mut a.participation.total);
        a.participation.by_size_class.iter_mut().for_each(|c| count(&mut c.count));
        a.participation.by_departement.iter_mut().for_each(|d| count(&mut d.count));
        let respondents = analysis.participation.total.respondents;
        for covered in [&mut a.coverage.communes, &mut a.coverage.population] {
            covered.rate = self.rate(respondents, covered.rate);
        }
        for dep in &mut a.coverage.by_departement {
            let shown = analysis
                .participation
                .by_departement
                .iter()
                .find(|p| p.departement == dep.departement)
                .map_or(0, |p| p.count.respondents);
            dep.communes.rate = self.rate(shown, dep.communes.rate);
            dep.population.rate = self.rate(shown, dep.population.rate);
        }
        for items in [&mut a.themes, &mut a.obstacles, &mut a.expected_support] {
            self.items(items);
        }
        for s in &mut a.services {
            s.deployment_rate = self.rate(s.deployed, s.deployment_rate);
            s.mutualisation_rate = self.rate(s.mutualised, s.mutualisation_rate);
        }
        self.mentions(&mut a.mutualisation_types);
        self.mentions(&mut a.actors);
        a
    }

    fn items(self, items: &mut [CountItem]) {
        for item in items {
            item.rate = self.rate(item.count, item.rate);
            for class in &mut item.by_size_class {
                class.rate = self.rate(class.count, class.rate);
            }
        }
    }

    fn mention_list(self, list: &mut [Mention]) {
        for m in list {
            m.share = self.rate(m.mentions, m.share);
        }
    }

    fn mentions(self, mentions: &mut Mentions) {
        self.mention_list(&mut mentions.total);
        for class in &mut mentions.by_size_class {
            self.mention_list(&mut class.items);
        }
        for theme in mentions.by_theme.iter_mut().flatten() {
            self.mention_list(&mut theme.items);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_under_the_threshold_are_masked_with_their_rates() {
        let s = Secrecy::PUBLIC;
        assert_eq!(s.count(2), Disclosed::Masked);
        assert_eq!(s.count(3), Disclosed::Shown(3));
        assert_eq!(s.rate(2, Some(0.5)), None);
        assert_eq!(s.rate(3, Some(0.5)), Some(0.5));
        assert_eq!(Secrecy::NONE.count(0), Disclosed::Shown(0));
        assert!(!Secrecy::NONE.is_active() && Secrecy::PUBLIC.is_active());
        assert_eq!(Disclosed::Masked.shown(), None);
    }
}
