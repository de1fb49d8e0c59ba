//! The one way mutu writes a figure or a date for people, in French or English: the pages,
//! the charts, the reports, the text tables and the labels of the open data all call it, so
//! a rate reads the same everywhere (`29 %` in the page header, the chart, the HTML and PDF
//! report; `0.285` in the open data, which keeps fractions).
//!
//! - **Rounding**: a rate is shown as a whole percentage rounded half up (57 / 200 = 28.5 %
//!   reads `29 %`, never `28 %` as ties-to-even would), with a tiny epsilon so a fraction
//!   stored as 0.28499999… rounds as the exact fraction does. An undefined rate (a
//!   denominator of zero) reads `–`.
//! - **Spaces**: plain spaces, `1 546` and `75 %` in French (`1,546` and `75%` in English).
//!   HTML keeps them on one line with CSS (`white-space: nowrap`) rather than with no-break
//!   spaces a reader could not search for; the PDF adds French no-break spaces itself.
//! - **Secrecy**: a count goes through the output's [`Secrecy`]; a masked one reads `< 3`,
//!   and the rate drawn from it `–`.

use mutu_domain::analysis::{Disclosed, Estimate, Secrecy};
use time::{Date, OffsetDateTime};

/// The language a figure is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// French, the default of every output.
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// `en` is English; anything else is French.
    pub fn parse(code: &str) -> Lang {
        if code == "en" { Lang::En } else { Lang::Fr }
    }

    /// `fr` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

/// A rate as a whole percentage, rounded half up: the one rounding rule of mutu.
pub fn rounded_percent(rate: f64) -> i64 {
    (rate * 100.0 + 0.5 + 1e-9).floor() as i64
}

/// How one output writes its figures: its language and its secrecy rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Format {
    /// The language.
    pub lang: Lang,
    /// Which counts are published.
    pub secrecy: Secrecy,
}

impl Format {
    /// French, nothing masked: the study team's reports.
    pub const FR: Format = Format { lang: Lang::Fr, secrecy: Secrecy::NONE };

    /// `lang`, nothing masked.
    pub fn new(lang: Lang) -> Format {
        Format { lang, secrecy: Secrecy::NONE }
    }

    /// The same with a secrecy rule.
    pub fn with_secrecy(self, secrecy: Secrecy) -> Format {
        Format { secrecy, ..self }
    }

    /// `75 %` (`75%` in English); `–` when undefined.
    pub fn percent(&self, rate: Option<f64>) -> String {
        match (rate, self.lang) {
            (Some(rate), Lang::Fr) => format!("{} %", rounded_percent(rate)),
            (Some(rate), Lang::En) => format!("{}%", rounded_percent(rate)),
            (None, _) => "–".to_owned(),
        }
    }

    /// `1 546` (`1,546` in English).
    pub fn thousands(&self, n: u64) -> String {
        let digits = n.to_string();
        let separator = match self.lang {
            Lang::Fr => ' ',
            Lang::En => ',',
        };
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(ch);
        }
        out
    }

    /// A count as published: `12`, or `< 3` when the secrecy rule masks it.
    pub fn count(&self, n: u64) -> String {
        self.disclosed(self.secrecy.count(n))
    }

    /// A count already decided on.
    pub fn disclosed(&self, d: Disclosed) -> String {
        match d {
            Disclosed::Shown(n) => self.thousands(n),
            Disclosed::Masked => format!("< {}", self.secrecy.min_count()),
        }
    }

    /// A rate drawn from `count`, `–` when the count is masked.
    pub fn rate_of(&self, count: u64, rate: Option<f64>) -> String {
        self.percent(self.secrecy.rate(count, rate))
    }

    /// `1 155 sur 1 546 (75 %)` (`1,155 of 1,546 (75%)`): the seed's way of writing a
    /// participation or a coverage; the part is the count that may be masked.
    pub fn out_of(&self, part: u64, whole: u64, rate: Option<f64>) -> String {
        let of = match self.lang {
            Lang::Fr => "sur",
            Lang::En => "of",
        };
        format!("{} {of} {} ({})", self.count(part), self.thousands(whole), self.rate_of(part, rate))
    }

    /// `41 % [33 – 49]` (`41% [33–49]` in English): a weighted estimate of a share of the
    /// targets with its 95 % interval, each bound rounded as any rate; `–` without one.
    pub fn estimate(&self, e: Estimate) -> String {
        match (e.estimate, e.ci95, self.lang) {
            (Some(p), Some([low, high]), Lang::Fr) => {
                format!("{} [{} – {}]", self.percent(Some(p)), rounded_percent(low), rounded_percent(high))
            }
            (Some(p), Some([low, high]), Lang::En) => {
                format!("{} [{}–{}]", self.percent(Some(p)), rounded_percent(low), rounded_percent(high))
            }
            (p, _, _) => self.percent(p),
        }
    }

    /// `5 (83 %)`: a count and its rate in one table cell.
    pub fn count_rate(&self, count: u64, rate: Option<f64>) -> String {
        format!("{} ({})", self.count(count), self.rate_of(count, rate))
    }

    /// `15 juillet 2014` (`1er juillet 2014`; `15 July 2014` in English).
    pub fn long_date(&self, date: Date) -> String {
        const MOIS: [&str; 12] = [
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
        let month = usize::from(u8::from(date.month())) - 1;
        match self.lang {
            Lang::Fr => {
                let d = date.day();
                let day = if d == 1 { "1er".to_owned() } else { d.to_string() };
                format!("{day} {} {}", MOIS[month], date.year())
            }
            Lang::En => format!("{} {} {}", date.day(), date.month(), date.year()),
        }
    }

    /// `15/07/2014` in French, `2014-07-15` in English.
    pub fn short_date(&self, date: Date) -> String {
        match self.lang {
            Lang::Fr => format!("{:02}/{:02}/{}", date.day(), u8::from(date.month()), date.year()),
            Lang::En => format!("{}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day()),
        }
    }

    /// `12/09/2014 10:31 UTC`: a moment, to the minute, in UTC.
    pub fn moment(&self, at: OffsetDateTime) -> String {
        let at = at.to_offset(time::UtcOffset::UTC);
        format!("{} {:02}:{:02} UTC", self.short_date(at.date()), at.hour(), at.minute())
    }
}

/// `15 juillet 2014` from a text starting with `YYYY-MM-DD`; `None` when it does not. For
/// texts that come from outside (a template's date, a wave's announced day).
pub fn french_date(text: &str) -> Option<String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = Date::parse(text.get(..10)?, &format).ok()?;
    Some(Format::FR.long_date(date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn percentages_round_half_up() {
        let f = Format::FR;
        assert_eq!(f.percent(Some(6.0 / 10.0)), "60 %");
        assert_eq!(f.percent(Some(11.0 / 14.0)), "79 %");
        assert_eq!(f.percent(Some(1.0 / 8.0)), "13 %");
        assert_eq!(f.percent(Some(57.0 / 200.0)), "29 %", "half up, not to even");
        assert_eq!(f.percent(Some(0.0)), "0 %");
        assert_eq!(f.percent(Some(1.0)), "100 %");
        assert_eq!(f.percent(None), "–");
        assert_eq!(Format::new(Lang::En).percent(Some(57.0 / 200.0)), "29%");
    }

    #[test]
    fn an_estimate_reads_with_its_interval() {
        let e = Estimate { estimate: Some(0.405), ci95: Some([0.3349, 0.485]) };
        assert_eq!(Format::FR.estimate(e), "41 % [33 – 49]", "half up, each bound as a rate");
        assert_eq!(Format::new(Lang::En).estimate(e), "41% [33–49]");
        assert_eq!(Format::FR.estimate(Estimate::NONE), "–");
    }

    #[test]
    fn counts_read_as_in_the_seed() {
        let f = Format::FR;
        assert_eq!(f.out_of(6, 10, Some(0.6)), "6 sur 10 (60 %)");
        assert_eq!(f.out_of(1155, 1546, Some(1155.0 / 1546.0)), "1 155 sur 1 546 (75 %)");
        assert_eq!(f.count_rate(0, None), "0 (–)");
        assert_eq!(Format::new(Lang::En).out_of(1155, 1546, Some(0.747)), "1,155 of 1,546 (75%)");
    }

    #[test]
    fn masked_counts_read_under_the_threshold() {
        let f = Format::FR.with_secrecy(Secrecy::PUBLIC);
        assert_eq!(f.count(2), "< 3");
        assert_eq!(f.out_of(2, 10, Some(0.2)), "< 3 sur 10 (–)");
        assert_eq!(f.count_rate(1, Some(0.5)), "< 3 (–)");
        assert_eq!(f.count_rate(3, Some(0.5)), "3 (50 %)");
        assert_eq!(f.out_of(1155, 1546, Some(1155.0 / 1546.0)), "1 155 sur 1 546 (75 %)");
    }

    #[test]
    fn dates_read_in_each_language() {
        assert_eq!(Format::FR.long_date(date!(2014 - 07 - 15)), "15 juillet 2014");
        assert_eq!(Format::FR.long_date(date!(2025 - 03 - 01)), "1er mars 2025");
        assert_eq!(Format::new(Lang::En).long_date(date!(2014 - 07 - 15)), "15 July 2014");
        assert_eq!(Format::FR.short_date(date!(2014 - 07 - 15)), "15/07/2014");
        assert_eq!(Format::new(Lang::En).short_date(date!(2014 - 07 - 15)), "2014-07-15");
        assert_eq!(Format::FR.moment(datetime!(2014-09-12 10:31:00 UTC)), "12/09/2014 10:31 UTC");
        assert_eq!(french_date("2025-03-01T10:00:00Z").as_deref(), Some("1er mars 2025"));
        assert_eq!(french_date("15/07/2014"), None);
    }
}
