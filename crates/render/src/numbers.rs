//! French number formatting shared by every renderer (text, charts, HTML, open data labels),
//! so a figure reads the same in the terminal, the report and the charts: `75 %`, `1 546`,
//! `6 sur 10 (60 %)`.
//!
//! Spaces are plain spaces, as in the text report: the HTML keeps them on one line with CSS
//! (`white-space: nowrap`) rather than with no-break spaces a reader could not search for.

use mutu_domain::size_class::thousands;

/// A rate as a whole percentage, rounded half up, written `N %`; `–` when the rate is
/// undefined (a denominator of zero).
pub(crate) fn percent(rate: Option<f64>) -> String {
    match rate {
        // The rates are fractions of integers: the tiny epsilon keeps 0.285 (stored as
        // 0.28499999…) rounding up to 29 as the exact fraction does.
        Some(rate) => format!("{} %", (rate * 100.0 + 0.5 + 1e-9).floor() as i64),
        None => "–".to_owned(),
    }
}

/// `1 155 sur 1 546 (75 %)`, from (part, whole, rate): the seed's way of writing a
/// participation or a coverage.
pub(crate) fn out_of((part, whole, rate): (u64, u64, Option<f64>)) -> String {
    format!("{} sur {} ({})", thousands(part), thousands(whole), percent(rate))
}

/// `5 (83 %)`: a count and its rate in one table cell.
pub(crate) fn count_rate(count: u64, rate: Option<f64>) -> String {
    format!("{} ({})", thousands(count), percent(rate))
}

/// `15 juillet 2014` (`1er juillet 2014`) from a text starting with `YYYY-MM-DD`; `None`
/// when it does not. One spelling of dates for the report and the web's mail templates.
pub fn french_date(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let day = text.get(..10)?;
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(day, &format).ok()?;
    let d = date.day();
    let ordinal = if d == 1 { "1er".to_owned() } else { d.to_string() };
    Some(format!("{ordinal} {} {}", MONTHS[usize::from(u8::from(date.month())) - 1], date.year()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(percent(Some(6.0 / 10.0)), "60 %");
        assert_eq!(percent(Some(11.0 / 14.0)), "79 %");
        assert_eq!(percent(Some(1.0 / 8.0)), "13 %");
        assert_eq!(percent(Some(57.0 / 200.0)), "29 %");
        assert_eq!(percent(Some(0.0)), "0 %");
        assert_eq!(percent(Some(1.0)), "100 %");
        assert_eq!(percent(None), "–");
    }

    #[test]
    fn counts_read_as_in_the_seed() {
        assert_eq!(out_of((6, 10, Some(0.6))), "6 sur 10 (60 %)");
        assert_eq!(out_of((1155, 1546, Some(1155.0 / 1546.0))), "1 155 sur 1 546 (75 %)");
        assert_eq!(count_rate(0, None), "0 (–)");
    }
}
