//! Validated identifiers of the territory and of a study.
//!
//! Codes come from files typed by people and from URLs; parsing them once at the edge means
//! the rest of mutu never meets a malformed code.

use serde::{Deserialize, Serialize};
use std::fmt;

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
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses a code typed by a person or read from a file, trimming spaces.
            pub fn parse(value: &str) -> Result<Self, CodeError> {
                let value = value.trim();
                let check: fn(&str) -> bool = $check;
                if check(value) {
                    Ok(Self(value.to_owned()))
                } else {
                    Err(CodeError { kind: $kind, value: value.to_owned(), expected: $expected })
                }
            }

            /// The code as text, for storage and output.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = CodeError;
            fn try_from(value: String) -> Result<Self, CodeError> {
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
}
