//! The SIRET of the person's establishment, as ProConnect gives it: 14 digits, no spaces.
//! Its first nine digits are the SIREN of the organisation (a commune, an EPCI, a Région…),
//! which is how mutu ties a signed-in agent to a local authority.

use std::fmt;

/// A SIRET: exactly 14 ASCII digits (no check digit verification: La Poste's SIRETs do not
/// follow the Luhn rule, and ProConnect already vouches for the value).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Siret(String);

impl Siret {
    /// Accepts exactly 14 ASCII digits.
    pub fn parse(value: &str) -> Option<Siret> {
        (value.len() == 14 && value.bytes().all(|b| b.is_ascii_digit())).then(|| Siret(value.to_owned()))
    }

    /// The SIREN: the first nine digits, identifying the organisation.
    pub fn siren(&self) -> &str {
        &self.0[..9]
    }

    /// The 14 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Siret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Siret;

    #[test]
    fn fourteen_digits_and_their_siren() {
        let siret = Siret::parse("21590350100017").unwrap();
        assert_eq!(siret.siren(), "215903501");
        assert_eq!(siret.to_string(), "21590350100017");
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "",
            "1234",
            "2159035010001",
            "215903501000170",
            "21590350 00017",
            "2159035010001a",
            "２１５９０３５０１０００１７",
        ] {
            assert_eq!(Siret::parse(bad), None, "{bad:?}");
        }
    }
}
