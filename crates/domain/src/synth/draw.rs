//! The random draws under the generator: who answers, when, how big a body is for its
//! odds, and weighted picks of distinct codes.
//!
//! Kept apart from the filling of questions so each stays small; everything here takes the
//! seeded generator, so the same seed gives the same draws.

use super::{PARTIAL_SHARE, tables};
use crate::answers::ResponseStatus;
use crate::campaign::Campaign;
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// Which targets answer: exactly `round(completion × n)` complete, then a tenth of the rest
/// partial, drawn at random.
pub(super) fn draw_statuses(n: usize, completion: f64, rng: &mut StdRng) -> Vec<Option<ResponseStatus>> {
    let completion = if completion.is_nan() { 0.0 } else { completion.clamp(0.0, 1.0) };
    let complete = ((n as f64) * completion).round() as usize;
    let partial = (((n - complete) as f64) * PARTIAL_SHARE).round() as usize;
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    let mut statuses = vec![None; n];
    for (rank, &index) in order.iter().enumerate().take(complete + partial) {
        statuses[index] = Some(if rank < complete { ResponseStatus::Complete } else { ResponseStatus::Partial });
    }
    statuses
}

/// The year the answers are dated: a year written in the wave's code (`npdc-2015`), else
/// three years after the populations used, else 2025.
pub(super) fn survey_year(campaign: &Campaign) -> i32 {
    let code = campaign.code.as_str().as_bytes();
    let from_code = code
        .windows(4)
        .enumerate()
        .filter(|(i, w)| {
            w.iter().all(u8::is_ascii_digit)
                && (*i == 0 || !code[i - 1].is_ascii_digit())
                && code.get(i + 4).is_none_or(|b| !b.is_ascii_digit())
        })
        .filter_map(|(_, w)| std::str::from_utf8(w).ok()?.parse::<i32>().ok())
        .rfind(|y| (1990..=2100).contains(y));
    from_code.or(campaign.population_year.map(|y| y + 3)).unwrap_or(2025)
}

/// How much more a body deploys than the seed's median EPCI (≈ 40 000 inhabitants): grows
/// with the log of the population, from 0.25 (100 inhabitants or fewer) to 1.5.
pub(super) fn size_factor(population: u64) -> f64 {
    let p = population.max(1) as f64;
    (0.25 + 0.75 * (p / 100.0).ln() / 400f64.ln()).clamp(0.25, 1.5)
}

/// A plausible submission time: a weekday-agnostic day between 15 June and 30 September of
/// `year`, during office hours.
pub(super) fn submitted_at(year: i32, rng: &mut StdRng) -> time::OffsetDateTime {
    const MONTHS: [(u32, u32); 4] = [(6, 30), (7, 31), (8, 31), (9, 30)];
    let mut day: u32 = 15 + rng.random_range(0..108);
    let mut month = 6;
    for (m, length) in MONTHS {
        month = m;
        if day <= length {
            break;
        }
        day -= length;
    }
    let hour: u8 = rng.random_range(8..19);
    let minute: u8 = rng.random_range(0..60);
    let month = time::Month::try_from(month as u8).unwrap_or(time::Month::June);
    let date = time::Date::from_calendar_date(year, month, day as u8).unwrap_or(time::Date::MIN);
    date.with_hms(hour, minute, 0).unwrap_or(date.midnight()).assume_utc()
}

/// Weighted draws over a list of codes, by index.
pub(super) struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    /// Weights from a table keyed by code; codes the table does not know get its mean weight
    /// (so a wholly custom list is drawn uniformly).
    pub(super) fn new(codes: &[&str], table: &[(&str, f64)]) -> Self {
        let known: Vec<f64> = codes.iter().filter_map(|c| tables::weight(table, c)).collect();
        let fallback = if known.is_empty() { 1.0 } else { known.iter().sum::<f64>() / known.len() as f64 };
        let mut total = 0.0;
        let cumulative = codes
            .iter()
            .map(|c| {
                total += tables::weight(table, c).unwrap_or(fallback).max(1e-3);
                total
            })
            .collect();
        Weighted { cumulative }
    }

    fn len(&self) -> usize {
        self.cumulative.len()
    }

    fn sample(&self, rng: &mut StdRng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = rng.random::<f64>() * total;
        self.cumulative.partition_point(|&c| c <= x).min(self.len().saturating_sub(1))
    }

    /// Up to `k` (at most 3) distinct indices, ascending; returns how many were drawn.
    fn distinct(&self, k: usize, rng: &mut StdRng, out: &mut [usize; 3]) -> usize {
        let k = k.min(self.len()).min(3);
        let mut n = 0;
        for _ in 0..64 {
            if n == k {
                break;
            }
            let i = self.sample(rng);
            if !out[..n].contains(&i) {
                out[n] = i;
                n += 1;
            }
        }
        out[..n].sort_unstable();
        n
    }

    /// Up to `k` distinct codes among `codes`, in list order.
    pub(super) fn pick(&self, codes: &[&str], k: usize, rng: &mut StdRng) -> Vec<String> {
        let mut picked = [0; 3];
        let n = self.distinct(k, rng, &mut picked);
        picked[..n].iter().map(|&i| codes[i].to_owned()).collect()
    }
}
