//! Moments and days as the database holds them: text, RFC 3339 in UTC with six fixed
//! decimals of seconds (`2014-09-12T10:31:00.000000Z`) and `YYYY-MM-DD`, so that both engines
//! compare and sort them as text in time order (a varying number of decimals would not). Values leave the store typed ([`OffsetDateTime`], [`Date`]); a stored text that
//! does not read back is a corrupt database, named as such.

use crate::error::{Result, corrupt};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};

time::serde::format_description!(pub day_format, Date, "[year]-[month]-[day]");

/// Serialises a day as `YYYY-MM-DD` (for `#[serde(with = …)]`).
pub mod day {
    pub use super::day_format::*;
}

/// The current moment, in UTC.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// A moment as stored, to the microsecond.
pub(crate) fn stamp(at: OffsetDateTime) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");
    at.to_offset(UtcOffset::UTC).format(&format).unwrap_or_default()
}

/// A stored moment read back.
pub(crate) fn read_stamp(text: &str) -> Result<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).map_err(|_| corrupt(format!("horodatage « {text} »")))
}

/// An optional stored moment read back.
pub(crate) fn read_optional_stamp(text: Option<String>) -> Result<Option<OffsetDateTime>> {
    text.as_deref().map(read_stamp).transpose()
}

/// A day as stored.
pub(crate) fn day_text(day: Date) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    day.format(&format).unwrap_or_default()
}

/// A stored day read back.
pub(crate) fn read_day(text: Option<String>) -> Result<Option<Date>> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    text.map(|t| Date::parse(&t, &format).map_err(|_| corrupt(format!("date « {t} »")))).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn moments_are_stored_in_utc_with_fixed_decimals_and_read_back() {
        let at = datetime!(2014-09-12 12:31:00.5 +02:00);
        assert_eq!(stamp(at), "2014-09-12T10:31:00.500000Z");
        assert_eq!(read_stamp(&stamp(at)).unwrap(), at);
        assert!(stamp(datetime!(2014-09-12 10:31:00 UTC)) < stamp(datetime!(2014-09-12 10:31:00.1 UTC)));
        assert_eq!(read_stamp("2014-09-12T10:31:00Z").unwrap(), datetime!(2014-09-12 10:31:00 UTC));
        assert!(read_stamp("12/09/2014").is_err());
        assert_eq!(day_text(date!(2014 - 07 - 15)), "2014-07-15");
        assert_eq!(read_day(Some("2014-07-15".into())).unwrap(), Some(date!(2014 - 07 - 15)));
    }
}
