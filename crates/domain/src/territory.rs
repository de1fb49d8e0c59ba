//! The territory referential: régions, départements, EPCI and communes, with populations.
//!
//! It is the frame every wave is drawn from: who the targets are, how many inhabitants and
//! communes each one stands for, and which département it is counted in.

use crate::codes::{CommuneCode, DepartementCode, EpciCode, RegionCode, Siren};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

/// A région, the top of the referential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// INSEE code.
    pub code: RegionCode,
    /// Official name.
    pub name: String,
}

/// A département and the région it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Departement {
    /// INSEE code.
    pub code: DepartementCode,
    /// Official name.
    pub name: String,
    /// Its région.
    pub region: RegionCode,
}

/// Legal nature of an EPCI à fiscalité propre; the study filters and compares by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Nature {
    /// Communauté de communes.
    #[serde(rename = "CC")]
    Cc,
    /// Communauté d'agglomération.
    #[serde(rename = "CA")]
    Ca,
    /// Communauté urbaine.
    #[serde(rename = "CU")]
    Cu,
    /// Métropole (including the Métropole de Lyon).
    #[serde(rename = "METRO")]
    Metro,
}

impl Nature {
    /// The code used in files, URLs and the CLI.
    pub fn code(self) -> &'static str {
        match self {
            Nature::Cc => "CC",
            Nature::Ca => "CA",
            Nature::Cu => "CU",
            Nature::Metro => "METRO",
        }
    }

    /// Guesses the nature from an official name ("CC du Sud-Artois", "Communauté
    /// d'agglomération de Cambrai"), for files that do not say it.
    pub fn from_name(name: &str) -> Option<Nature> {
        let lower = name.to_lowercase();
        let starts = |p: &str| lower.starts_with(p);
        if starts("cc ") || starts("communauté de communes") {
            Some(Nature::Cc)
        } else if starts("ca ") || starts("communauté d'agglomération") || starts("communauté d’agglomération") {
            Some(Nature::Ca)
        } else if starts("cu ") || starts("communauté urbaine") {
            Some(Nature::Cu)
        } else if starts("métropole") || starts("metropole") {
            Some(Nature::Metro)
        } else {
            None
        }
    }
}

impl fmt::Display for Nature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Nature {
    type Err = String;
    fn from_str(value: &str) -> Result<Self, String> {
        match value.trim().to_uppercase().as_str() {
            "CC" => Ok(Nature::Cc),
            "CA" => Ok(Nature::Ca),
            "CU" => Ok(Nature::Cu),
            "METRO" | "MET69" | "ME" => Ok(Nature::Metro),
            other => Err(format!("nature « {other} » inconnue (attendu : CC, CA, CU ou METRO)")),
        }
    }
}

/// An EPCI à fiscalité propre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Epci {
    /// SIREN.
    pub code: EpciCode,
    /// Official name.
    pub name: String,
    /// Legal nature, when known.
    pub nature: Option<Nature>,
    /// Main département (the seed counts an EPCI in one département only).
    pub departement: DepartementCode,
    /// Population given for the EPCI itself; `None` means the sum of its communes.
    pub population: Option<u64>,
}

/// A commune and its EPCI membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commune {
    /// INSEE code.
    pub code: CommuneCode,
    /// Official name.
    pub name: String,
    /// Its département.
    pub departement: DepartementCode,
    /// The EPCI it belongs to, if any (a few island communes belong to none).
    pub epci: Option<EpciCode>,
    /// Population of the reference year.
    pub population: u64,
    /// Its SIREN, when the referential gives it: what a ProConnect identity carries (the
    /// first nine digits of the agent's SIRET), and not the INSEE code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siren: Option<Siren>,
}

/// A whole referential, as imported or as held in the database.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Territory {
    /// Régions.
    pub regions: Vec<Region>,
    /// Départements.
    pub departements: Vec<Departement>,
    /// EPCI.
    pub epci: Vec<Epci>,
    /// Communes.
    pub communes: Vec<Commune>,
    /// Reference year of the populations, when known; a study never mixes years.
    pub population_year: Option<i32>,
}

/// A broken link inside a territory: a parent that is not there, or a code given twice.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TerritoryError {
    /// Two units of one kind share a code.
    #[error("code {code} en double ({kind})")]
    Duplicate {
        /// Kind of unit.
        kind: &'static str,
        /// The repeated code.
        code: String,
    },
    /// A unit names a parent that the territory does not hold.
    #[error("{kind} {code} : {parent_kind} {parent} inconnu")]
    UnknownParent {
        /// Kind of the unit at fault.
        kind: &'static str,
        /// Its code.
        code: String,
        /// Kind of the missing parent.
        parent_kind: &'static str,
        /// The missing parent's code.
        parent: String,
    },
}

/// Counts shown by `mutu territory summary`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerritorySummary {
    /// Number of régions.
    pub regions: u64,
    /// Number of départements.
    pub departements: u64,
    /// Number of EPCI.
    pub epci: u64,
    /// Number of communes.
    pub communes: u64,
    /// Total population of the communes.
    pub population: u64,
    /// Communes that belong to no EPCI.
    pub communes_without_epci: u64,
    /// Reference year of the populations, when known.
    pub population_year: Option<i32>,
}

impl Territory {
    /// Checks that codes are unique and every parent is present, so storage never has to
    /// refuse a half-written referential.
    pub fn check(&self) -> Result<(), TerritoryError> {
        let regions = unique("région", self.regions.iter().map(|r| r.code.as_str()))?;
        let departements = unique("département", self.departements.iter().map(|d| d.code.as_str()))?;
        let epci = unique("EPCI", self.epci.iter().map(|e| e.code.as_str()))?;
        unique("commune", self.communes.iter().map(|c| c.code.as_str()))?;
        unique("SIREN de commune", self.communes.iter().filter_map(|c| c.siren.as_ref().map(Siren::as_str)))?;
        let missing = |kind, code: &str, parent_kind, parent: &str| TerritoryError::UnknownParent {
            kind,
            code: code.to_owned(),
            parent_kind,
            parent: parent.to_owned(),
        };
        for d in &self.departements {
            if !regions.contains(d.region.as_str()) {
                return Err(missing("département", d.code.as_str(), "région", d.region.as_str()));
            }
        }
        for e in &self.epci {
            if !departements.contains(e.departement.as_str()) {
                return Err(missing("EPCI", e.code.as_str(), "département", e.departement.as_str()));
            }
        }
        for c in &self.communes {
            if !departements.contains(c.departement.as_str()) {
                return Err(missing("commune", c.code.as_str(), "département", c.departement.as_str()));
            }
            if let Some(parent) = &c.epci
                && !epci.contains(parent.as_str())
            {
                return Err(missing("commune", c.code.as_str(), "EPCI", parent.as_str()));
            }
        }
        Ok(())
    }

    /// The counts of the referential.
    pub fn summary(&self) -> TerritorySummary {
        TerritorySummary {
            regions: self.regions.len() as u64,
            departements: self.departements.len() as u64,
            epci: self.epci.len() as u64,
            communes: self.communes.len() as u64,
            population: self.communes.iter().map(|c| c.population).sum(),
            communes_without_epci: self.communes.iter().filter(|c| c.epci.is_none()).count() as u64,
            population_year: self.population_year,
        }
    }

    /// Member communes of each EPCI, by EPCI code.
    pub fn members(&self) -> BTreeMap<&EpciCode, Vec<&Commune>> {
        let mut members: BTreeMap<&EpciCode, Vec<&Commune>> = BTreeMap::new();
        for commune in &self.communes {
            if let Some(epci) = &commune.epci {
                members.entry(epci).or_default().push(commune);
            }
        }
        members
    }

    /// The région of each département.
    pub fn region_of(&self) -> BTreeMap<&DepartementCode, &RegionCode> {
        self.departements.iter().map(|d| (&d.code, &d.region)).collect()
    }
}

fn unique<'a>(kind: &'static str, codes: impl Iterator<Item = &'a str>) -> Result<BTreeSet<&'a str>, TerritoryError> {
    let mut seen = BTreeSet::new();
    for code in codes {
        if !seen.insert(code) {
            return Err(TerritoryError::Duplicate { kind, code: code.to_owned() });
        }
    }
    Ok(seen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Territory {
        Territory {
            regions: vec![Region { code: RegionCode::parse("32").unwrap(), name: "Hauts-de-France".into() }],
            departements: vec![Departement {
                code: DepartementCode::parse("59").unwrap(),
                name: "Nord".into(),
                region: RegionCode::parse("32").unwrap(),
            }],
            epci: vec![Epci {
                code: EpciCode::parse("200093201").unwrap(),
                name: "Métropole Européenne de Lille".into(),
                nature: Some(Nature::Metro),
                departement: DepartementCode::parse("59").unwrap(),
                population: None,
            }],
            communes: vec![Commune {
                code: CommuneCode::parse("59350").unwrap(),
                name: "Lille".into(),
                departement: DepartementCode::parse("59").unwrap(),
                epci: Some(EpciCode::parse("200093201").unwrap()),
                population: 236_710,
                siren: Some(Siren::parse("215903501").unwrap()),
            }],
            population_year: Some(2022),
        }
    }

    #[test]
    fn a_consistent_territory_passes_and_sums_up() {
        let t = small();
        t.check().unwrap();
        let s = t.summary();
        assert_eq!((s.regions, s.departements, s.epci, s.communes, s.population), (1, 1, 1, 1, 236_710));
    }

    #[test]
    fn duplicates_and_orphans_are_named() {
        let mut t = small();
        t.communes.push(t.communes[0].clone());
        assert_eq!(t.check().unwrap_err().to_string(), "code 59350 en double (commune)");
        let mut t = small();
        t.communes[0].epci = Some(EpciCode::parse("123456789").unwrap());
        assert_eq!(t.check().unwrap_err().to_string(), "commune 59350 : EPCI 123456789 inconnu");
        let mut t = small();
        let mut other = t.communes[0].clone();
        other.code = CommuneCode::parse("59009").unwrap();
        t.communes.push(other);
        assert_eq!(t.check().unwrap_err().to_string(), "code 215903501 en double (SIREN de commune)");
        t.communes[1].siren = None;
        t.check().unwrap();
    }

    #[test]
    fn nature_is_guessed_from_official_names() {
        assert_eq!(Nature::from_name("CC du Sud-Artois"), Some(Nature::Cc));
        assert_eq!(Nature::from_name("Communauté d'Agglomération de la Porte du Hainaut"), Some(Nature::Ca));
        assert_eq!(Nature::from_name("CU d'Arras"), Some(Nature::Cu));
        assert_eq!(Nature::from_name("Syndicat mixte"), None);
        assert_eq!("MET69".parse::<Nature>(), Ok(Nature::Metro));
    }
}
