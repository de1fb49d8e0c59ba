//! Statistical secrecy for what anyone can read: counts under the open data's threshold
//! ([`mutu_render::DEFAULT_MIN_COUNT`], 3) are not published, nor the rates computed from
//! them, so a published figure never singles out one or two bodies.
//!
//! How: the rates of small counts are blanked in a copy of the analysis (a rate is `None`,
//! drawn and written `–`) before `mutu_render` draws the figures; then, in each figure, the
//! count cells of the table under the threshold read `< 3`, and the bars of count charts
//! under it are left out. Secondary suppression (a masked cell recomputed from a total and
//! the other cells) is not attempted, as in the open data.

use mutu_domain::analysis::{Analysis, Count, CountItem, Mention, Mentions};
use mutu_domain::campaign::Campaign;
use mutu_render::charts::Unit;
use mutu_render::{DEFAULT_MIN_COUNT, Figure};

/// The threshold: counts below it are suppressed.
pub(crate) const MIN_COUNT: u64 = DEFAULT_MIN_COUNT;

/// A rate kept only when the count it comes from reaches the threshold.
fn keep(count: u64, rate: Option<f64>) -> Option<f64> {
    rate.filter(|_| count >= MIN_COUNT)
}

fn mask_count(c: &mut Count) {
    c.rate = keep(c.respondents, c.rate);
}

fn mask_items(items: &mut [CountItem]) {
    for item in items {
        item.rate = keep(item.count, item.rate);
        for class in &mut item.by_size_class {
            class.rate = keep(class.count, class.rate);
        }
    }
}

fn mask_mentions(list: &mut [Mention]) {
    for m in list {
        m.share = keep(m.mentions, m.share);
    }
}

fn mask_all_mentions(mentions: &mut Mentions) {
    mask_mentions(&mut mentions.total);
    for class in &mut mentions.by_size_class {
        mask_mentions(&mut class.items);
    }
    for theme in mentions.by_theme.iter_mut().flatten() {
        mask_mentions(&mut theme.items);
    }
}

/// A copy of the analysis whose rates of small counts are blanked (the counts themselves
/// stay: [`figures`] hides them in the tables and charts).
pub(crate) fn mask_rates(analysis: &Analysis) -> Analysis {
    let mut a = analysis.clone();
    mask_count(&mut a.participation.total);
    a.participation.by_size_class.iter_mut().for_each(|c| mask_count(&mut c.count));
    a.participation.by_departement.iter_mut().for_each(|d| mask_count(&mut d.count));
    for covered in [&mut a.coverage.communes, &mut a.coverage.population] {
        covered.rate = keep(analysis.participation.total.respondents, covered.rate);
    }
    mask_items(&mut a.themes);
    mask_items(&mut a.obstacles);
    mask_items(&mut a.expected_support);
    for s in &mut a.services {
        s.deployment_rate = keep(s.deployed, s.deployment_rate);
        s.mutualisation_rate = keep(s.mutualised, s.mutualisation_rate);
    }
    mask_all_mentions(&mut a.mutualisation_types);
    mask_all_mentions(&mut a.actors);
    a
}

/// A table cell with its leading count hidden when under the threshold: `1`, `1 (50 %)`,
/// `1 sur 2 (50 %)` become `< 3`, `< 3 (–)`, `< 3 sur 2 (–)` (the rate was blanked before).
/// Cells that are not counts (`50 %`, labels) are left alone.
pub(crate) fn mask_cell(cell: &str) -> String {
    let digits_end = cell.find(|c: char| !(c.is_ascii_digit() || c == ' ')).unwrap_or(cell.len());
    let (number, rest) = cell.split_at(digits_end);
    let rest_with_space = &cell[number.trim_end().len()..];
    let is_count = rest.is_empty() || rest_with_space.starts_with(" sur ") || rest_with_space.starts_with(" (");
    let value: Option<u64> = number.replace(' ', "").parse().ok();
    match value {
        Some(v) if is_count && v < MIN_COUNT => format!("< {MIN_COUNT}{rest_with_space}"),
        _ => cell.to_owned(),
    }
}

/// Every figure of the seed with small counts suppressed, from the analysis as computed.
pub(crate) fn figures(analysis: &Analysis, campaign: &Campaign) -> Vec<Figure> {
    let masked = mask_rates(analysis);
    mutu_render::figures(&masked, campaign)
        .into_iter()
        .map(|mut figure| {
            for row in figure.table.rows.iter_mut().chain(figure.table.totals.iter_mut()) {
                row.cells = row.cells.iter().map(|c| mask_cell(c)).collect();
            }
            if figure.chart.unit == Unit::Count {
                for series in &mut figure.chart.series {
                    for value in &mut series.values {
                        *value = value.filter(|v| *v >= MIN_COUNT as f64);
                    }
                }
                figure.svg = figure.chart.svg(figure.id);
            }
            figure
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_hidden_and_other_cells_kept() {
        assert_eq!(mask_cell("1"), "< 3");
        assert_eq!(mask_cell("0 (–)"), "< 3 (–)");
        assert_eq!(mask_cell("2 sur 10 (–)"), "< 3 sur 10 (–)");
        assert_eq!(mask_cell("3 (30 %)"), "3 (30 %)");
        assert_eq!(mask_cell("1 155 sur 1 546 (75 %)"), "1 155 sur 1 546 (75 %)");
        assert_eq!(mask_cell("2 %"), "2 %", "a rate is not a count");
        assert_eq!(mask_cell("–"), "–");
        assert_eq!(mask_cell("Ensemble"), "Ensemble");
    }

    #[test]
    fn rates_of_small_counts_are_blanked() {
        assert_eq!(keep(2, Some(0.5)), None);
        assert_eq!(keep(3, Some(0.5)), Some(0.5));
    }
}
