//! Validated identifiers of the territory and of a study.
//!
//! Codes come from files typed by people and from URLs; parsing them once at the edge means
//! the rest of mutu never meets a malformed code.

/// Why a code was refused, phrased for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} « {value} » invalide : {expected}")]
pub struct CodeError {
    /// Which kind of code was being read.
    pub kind: &'static str,
    /// The value as given.
    pub value: String,
    /// What a valid one looks like.
    pub expected: &'static str,
}

macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $expected:literal, $check:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses a code typed by a person or read from a file, trimming spaces.
            pub fn parse(value: &str) -> Result<Self, $crate::codes::CodeError> {
                let value = value.trim();
                let check: fn(&str) -> bool = $check;
                if check(value) {
                    Ok(Self(value.to_owned()))
                } else {
                    Err($crate::codes::CodeError { kind: $kind, value: value.to_owned(), expected: $expected })
                }
            }

            /// The code as text, for storage and output.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::codes::CodeError;
            fn try_from(value: String) -> Result<Self, $crate::codes::CodeError> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(code: $name) -> String {
                code.0
            }
        }
    };
}

/// Other modules declare their own validated strings (a document link…) with the same macro.
pub(crate) use code_type;

fn digits(value: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit())
}

code_type!(
    /// INSEE code of a région (two digits, three for the collectivités d'outre-mer).
    RegionCode, "code de région", "2 ou 3 chiffres", |v| digits(v, 2, 3)
);
code_type!(
    /// INSEE code of a département: two digits, `2A`/`2B` for Corsica, three for overseas.
    DepartementCode, "code de département", "2 ou 3 caractères (01…95, 2A, 2B, 971…)",
    |v| digits(v, 2, 3) || v == "2A" || v == "2B"
);
code_type!(
    /// SIREN of an EPCI: nine digits.
    EpciCode, "SIREN d'EPCI", "9 chiffres", |v| digits(v, 9, 9)
);
code_type!(
    /// SIREN of a public body (a commune, an EPCI…): nine digits, the first nine of the SIRET
    /// of each of its establishments. A commune's SIREN is not its INSEE code.
    Siren, "SIREN", "9 chiffres (ex. 215903501)", |v| digits(v, 9, 9)
);
code_type!(
    /// INSEE code of a commune: five characters (digits, or `2A`/`2B` then three digits).
    CommuneCode, "code INSEE de commune", "5 caractères (ex. 59350, 2A004)",
    |v| v.len() == 5
        && (digits(v, 5, 5) || ((v.starts_with("2A") || v.starts_with("2B")) && digits(&v[2..], 3, 3)))
);
code_type!(
    /// Code of a survey wave, used in URLs and on the command line.
    CampaignCode, "code de vague", "1 à 64 caractères parmi a-z, 0-9, - et _",
    |v| !v.is_empty() && v.len() <= 64
        && v.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
);

code_type!(
    /// Code of a target of a wave: the SIREN of an EPCI or the INSEE code of a commune.
    TargetCode, "code de cible", "SIREN d'EPCI (9 chiffres) ou code INSEE de commune (5 caractères)",
    |v| EpciCode::parse(v).is_ok() || CommuneCode::parse(v).is_ok()
);
code_type!(
    /// Code of an entry of a catalogue: a theme, a service, a pooling type… (stable across waves).
    CatalogueCode, "code du catalogue", "lettres minuscules sans accent, chiffres et _ (ex. marches_publics)",
    |v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
);
code_type!(
    /// A calendar day, `AAAA-MM-JJ`: written so, days sort as text in time order.
    Day, "date", "une date AAAA-MM-JJ qui existe (ex. 2015-03-12)", calendar_day
);

/// Whether `value` is `AAAA-MM-JJ` and that day exists (29 February only in leap years).
fn calendar_day(value: &str) -> bool {
    let shape = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shape {
        return false;
    }
    let number = |range: std::ops::Range<usize>| value[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_codes() {
        assert!(CommuneCode::parse("59350").is_ok());
        assert!(CommuneCode::parse("2A004").is_ok());
        assert!(DepartementCode::parse("2B").is_ok());
        assert!(DepartementCode::parse("971").is_ok());
        assert!(EpciCode::parse(" 245900410 ").is_ok());
        assert!(CampaignCode::parse("npdc-2014").is_ok());
    }

    #[test]
    fn refuses_malformed_codes() {
        assert!(CommuneCode::parse("5935").is_err());
        assert!(CommuneCode::parse("2C004").is_err());
        assert!(EpciCode::parse("24590041").is_err());
        assert!(RegionCode::parse("3a").is_err());
        assert!(CampaignCode::parse("NPDC 2014").is_err());
        let err = EpciCode::parse("abc").unwrap_err();
        assert_eq!(err.to_string(), "SIREN d'EPCI « abc » invalide : 9 chiffres");
    }

    #[test]
    fn a_siren_is_nine_ascii_digits() {
        assert_eq!(Siren::parse(" 215903501 ").unwrap().as_str(), "215903501");
        for bad in ["", "21590350", "2159035010", "21590350a", "215 903 501", "２１５９０３５０１", "-15903501"]
        {
            assert!(Siren::parse(bad).is_err(), "{bad}");
        }
        let err = Siren::parse("59350").unwrap_err();
        assert_eq!(err.to_string(), "SIREN « 59350 » invalide : 9 chiffres (ex. 215903501)");
        let json: Result<Siren, _> = serde_json::from_str("\"12345\"");
        assert!(json.is_err(), "a SIREN read from JSON is checked too");
    }

    #[test]
    fn targets_catalogue_codes_and_days() {
        assert!(TargetCode::parse("245900410").is_ok());
        assert!(TargetCode::parse("2A004").is_ok());
        assert!(TargetCode::parse("2459004").is_err());
        assert!(CatalogueCode::parse("marches_publics").is_ok());
        assert!(CatalogueCode::parse("Marchés").is_err());
        assert!(CatalogueCode::parse("").is_err());
        for good in ["2015-03-12", "2024-02-29", "2000-02-29", "1999-12-31"] {
            assert!(Day::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "2015-3-12",
            "2023-02-29",
            "1900-02-29",
            "2015-04-31",
            "2015-13-01",
            "2015-00-10",
            "12/03/2015",
            "2015-03-1é",
        ] {
            assert!(Day::parse(bad).is_err(), "{bad}");
        }
        assert!(Day::parse("2014-09-24").unwrap() < Day::parse("2015-01-05").unwrap(), "days sort in time order");
    }
}
