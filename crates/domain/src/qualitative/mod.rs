//! The study's qualitative material, beside the survey: the organisations and people met,
//! the interviews held with them, the verbatims coded by theme, and the benchmark of pooling
//! structures with its MOOF analysis.
//!
//! Half of the 2014 study is qualitative; keeping it here, as plain data checked by the
//! domain, lets the CLI, the pages and the report show it the same way. Personal data
//! (names, emails, interview notes) is held by these types but never reaches an anonymised
//! output: [`verbatims_by_theme`] only ever returns a body type and a size class.

mod privacy;
mod structures;
mod verbatims;

pub use privacy::{REGISTER, RegisterEntry, Retention};
pub use structures::{
    DEFAULT_STRUCTURES_TOML, MoofItem, PoolingStructure, SourceRef, default_structures, read_structures,
};
pub use verbatims::{
    AnonymousVerbatim, AttributedVerbatim, Attribution, DEFAULT_THEMES_CSV, FreeText, Theme, ThemeVerbatims, Verbatim,
    VerbatimSource, default_themes, free_texts, read_themes, verbatims_by_theme,
};

use serde::{Deserialize, Serialize};

/// Qualitative data the domain refuses, with what is at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct QualitativeError(pub String);

/// The kind of body an organisation is: what an anonymised verbatim is attributed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyType {
    /// A State service (préfecture, ministry, national agency).
    Etat,
    /// A région.
    Region,
    /// A département.
    Departement,
    /// An EPCI (communauté, métropole).
    Epci,
    /// A commune.
    Commune,
    /// A syndicat (intercommunal or mixte).
    Syndicat,
    /// A groupement d'intérêt public.
    Gip,
    /// A centre de gestion of the territorial civil service.
    CentreGestion,
    /// Another public body (agency, public establishment, Caisse des dépôts…).
    EtablissementPublic,
    /// An association or network.
    Association,
    /// A company or business cluster.
    Entreprise,
    /// A public administration abroad.
    AdministrationEtrangere,
}

/// Every body type, in display order.
pub const BODY_TYPES: [BodyType; 12] = [
    BodyType::Etat,
    BodyType::Region,
    BodyType::Departement,
    BodyType::Epci,
    BodyType::Commune,
    BodyType::Syndicat,
    BodyType::Gip,
    BodyType::CentreGestion,
    BodyType::EtablissementPublic,
    BodyType::Association,
    BodyType::Entreprise,
    BodyType::AdministrationEtrangere,
];

impl BodyType {
    /// The code used in files and in the database.
    pub fn code(self) -> &'static str {
        match self {
            BodyType::Etat => "etat",
            BodyType::Region => "region",
            BodyType::Departement => "departement",
            BodyType::Epci => "epci",
            BodyType::Commune => "commune",
            BodyType::Syndicat => "syndicat",
            BodyType::Gip => "gip",
            BodyType::CentreGestion => "centre_gestion",
            BodyType::EtablissementPublic => "etablissement_public",
            BodyType::Association => "association",
            BodyType::Entreprise => "entreprise",
            BodyType::AdministrationEtrangere => "administration_etrangere",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Option<Self> {
        BODY_TYPES.into_iter().find(|b| b.code() == code)
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            BodyType::Etat => "Service de l'État",
            BodyType::Region => "Région",
            BodyType::Departement => "Département",
            BodyType::Epci => "EPCI",
            BodyType::Commune => "Commune",
            BodyType::Syndicat => "Syndicat",
            BodyType::Gip => "Groupement d'intérêt public",
            BodyType::CentreGestion => "Centre de gestion",
            BodyType::EtablissementPublic => "Établissement public",
            BodyType::Association => "Association ou réseau",
            BodyType::Entreprise => "Entreprise",
            BodyType::AdministrationEtrangere => "Administration étrangère",
        }
    }
}

/// An organisation met during the study.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    /// Name, unique.
    pub name: String,
    /// Whether it lies in the study's territory (the seed's two annexes).
    pub in_territory: bool,
    /// Kind of body.
    pub body_type: BodyType,
}

/// A person met, with their role. Name and email are personal data (see `docs/personal-data.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Stable key chosen by the study team (`region-1`), used by interviews.
    pub key: String,
    /// Name of their organisation.
    pub organisation: String,
    /// Name (may be empty: the example data holds roles only).
    pub name: String,
    /// Role in the organisation.
    pub role: String,
    /// Email, when known.
    pub email: Option<String>,
}

/// An interview: when, how long, with whom. Its notes are private to the study team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interview {
    /// Stable code (`E01`).
    pub code: String,
    /// Name of the organisation met.
    pub organisation: String,
    /// Day, `AAAA-MM-JJ`.
    pub date: String,
    /// Length in minutes.
    pub duration_minutes: u32,
    /// Keys of the people met.
    pub participants: Vec<String>,
    /// Notes of the study team: never in exports, open data or the public report.
    pub notes: String,
}

/// Checks a calendar day written `AAAA-MM-JJ` (no I/O, no calendar crate: the form and ranges).
pub fn check_day(value: &str) -> Result<(), QualitativeError> {
    let bad = || QualitativeError(format!("« {value} » n'est pas une date AAAA-MM-JJ"));
    let parts: Vec<&str> = value.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return Err(bad()) };
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten()
    };
    match (number(y, 4), number(m, 2), number(d, 2)) {
        (Some(_), Some(1..=12), Some(1..=31)) => Ok(()),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_types_read_back_their_codes() {
        for b in BODY_TYPES {
            assert_eq!(BodyType::parse(b.code()), Some(b));
        }
        assert_eq!(BodyType::parse("Région"), None);
    }

    #[test]
    fn days_are_checked() {
        assert!(check_day("2014-09-24").is_ok());
        for bad in ["2014-13-01", "24/09/2014", "2014-9-24", ""] {
            assert!(check_day(bad).is_err(), "{bad}");
        }
    }
}
