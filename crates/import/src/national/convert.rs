//! The one conversion from the records of `@etalab/decoupage-administratif` to a
//! [`Territory`], shared by the folder and the bundled readers.
//!
//! The package describes EPCI by their member lists and says nothing of their département;
//! mutu counts each EPCI in one département only, so the rule that picks it lives here,
//! beside the zone and région selections.

use super::{NationalOptions, POPULATION_YEAR};
use crate::error::ImportError;
use mutu_domain::codes::{CommuneCode, DepartementCode, EpciCode, RegionCode, Siren};
use mutu_domain::territory::{Commune, Departement, Epci, Nature, Region, Territory};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// A record of `regions.json`.
#[derive(Deserialize)]
pub(super) struct RawRegion {
    code: String,
    nom: String,
    zone: String,
}

/// A record of `departements.json`.
#[derive(Deserialize)]
pub(super) struct RawDepartement {
    code: String,
    region: String,
    nom: String,
    zone: String,
}

/// A record of `epci.json`; its population is not read (the sum of its communes is used).
#[derive(Deserialize)]
pub(super) struct RawEpci {
    code: String,
    nom: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    membres: Vec<RawMember>,
}

/// A member of an EPCI.
#[derive(Deserialize)]
pub(super) struct RawMember {
    code: String,
}

/// A record of `communes.json`; only `commune-actuelle` ones are read, so the other fields
/// are optional for the rest.
#[derive(Deserialize)]
pub(super) struct RawCommune {
    code: String,
    #[serde(default)]
    nom: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    departement: Option<String>,
    #[serde(default)]
    zone: Option<String>,
    #[serde(default)]
    population: Option<u64>,
    /// Absent from some collectivités d'outre-mer (Polynésie, Nouvelle-Calédonie…).
    #[serde(default)]
    siren: Option<String>,
}

/// The four lists, as read.
pub(super) struct Raw {
    pub regions: Vec<RawRegion>,
    pub departements: Vec<RawDepartement>,
    pub epci: Vec<RawEpci>,
    pub communes: Vec<RawCommune>,
}

/// Where each list was read, for error messages: the file, and the list's key inside it
/// (empty when the file is the list).
pub(super) struct Names<'a> {
    pub regions: (&'a str, &'a str),
    pub departements: (&'a str, &'a str),
    pub epci: (&'a str, &'a str),
    pub communes: (&'a str, &'a str),
}

/// An error on one field of the `index`-th record of a list: `communes[12].departement`.
fn fault(list: (&str, &str), index: usize, field: &str, message: impl Into<String>) -> ImportError {
    let (file, key) = list;
    ImportError::field(file, &format!("{key}[{index}].{field}"), message)
}

/// Converts the records, keeping the zones and région asked for; see
/// [`read_national_dir`](super::read_national_dir) for the rules.
pub(super) fn convert(raw: Raw, names: &Names, options: &NationalOptions) -> Result<Territory, ImportError> {
    let keep_zone = |list, index, zone: &str| match zone {
        "metro" | "drom" => Ok(true),
        "com" => Ok(options.include_com),
        other => Err(fault(list, index, "zone", format!("zone « {other} » inconnue (attendu : metro, drom ou com)"))),
    };
    let duplicate = |list, index, code: &str| fault(list, index, "code", format!("code {code} en double"));

    let list = names.regions;
    let mut regions = Vec::new();
    let mut region_codes = HashSet::new();
    for (i, r) in raw.regions.into_iter().enumerate() {
        if !keep_zone(list, i, &r.zone)? {
            continue;
        }
        let code = RegionCode::parse(&r.code).map_err(|e| fault(list, i, "code", e.to_string()))?;
        if !region_codes.insert(code.clone()) {
            return Err(duplicate(list, i, code.as_str()));
        }
        regions.push(Region { code, name: r.nom });
    }

    let list = names.departements;
    let mut departements = Vec::new();
    let mut departement_codes = HashSet::new();
    for (i, d) in raw.departements.into_iter().enumerate() {
        if !keep_zone(list, i, &d.zone)? {
            continue;
        }
        let code = DepartementCode::parse(&d.code).map_err(|e| fault(list, i, "code", e.to_string()))?;
        let region = RegionCode::parse(&d.region).map_err(|e| fault(list, i, "region", e.to_string()))?;
        if !region_codes.contains(&region) {
            let message = format!("région {region} absente de {} (ou d'une zone écartée)", names.regions.0);
            return Err(fault(list, i, "region", message));
        }
        if !departement_codes.insert(code.clone()) {
            return Err(duplicate(list, i, code.as_str()));
        }
        departements.push(Departement { code, name: d.nom, region });
    }

    let list = names.communes;
    let mut communes: Vec<Commune> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    let mut left_out: HashSet<String> = HashSet::new();
    for (i, c) in raw.communes.into_iter().enumerate() {
        if c.kind != "commune-actuelle" {
            continue;
        }
        let zone = c.zone.as_deref().ok_or_else(|| fault(list, i, "zone", "zone manquante"))?;
        if !keep_zone(list, i, zone)? {
            left_out.insert(c.code);
            continue;
        }
        let code = CommuneCode::parse(&c.code).map_err(|e| fault(list, i, "code", e.to_string()))?;
        let departement =
            c.departement.as_deref().ok_or_else(|| fault(list, i, "departement", "département manquant"))?;
        let departement =
            DepartementCode::parse(departement).map_err(|e| fault(list, i, "departement", e.to_string()))?;
        if !departement_codes.contains(&departement) {
            let message = format!("département {departement} absent de {}", names.departements.0);
            return Err(fault(list, i, "departement", message));
        }
        let population = match c.population {
            Some(population) => population,
            // Some uninhabited collectivités d'outre-mer (TAAF, Clipperton) have none.
            None if zone == "com" => 0,
            None => {
                return Err(fault(list, i, "population", format!("population manquante pour la commune {code}")));
            }
        };
        if position.insert(code.as_str().to_owned(), communes.len()).is_some() {
            return Err(duplicate(list, i, code.as_str()));
        }
        let siren =
            c.siren.as_deref().map(Siren::parse).transpose().map_err(|e| fault(list, i, "siren", e.to_string()))?;
        communes.push(Commune { code, name: c.nom, departement, epci: None, population, siren });
    }

    let list = names.epci;
    let mut epci = Vec::new();
    let mut epci_codes = HashSet::new();
    let mut members: Vec<usize> = Vec::new();
    for (i, e) in raw.epci.into_iter().enumerate() {
        let code = EpciCode::parse(&e.code).map_err(|err| fault(list, i, "code", err.to_string()))?;
        let nature: Nature = e.kind.parse().map_err(|m| fault(list, i, "type", m))?;
        if e.membres.is_empty() {
            return Err(fault(list, i, "membres", format!("l'EPCI {code} n'a aucune commune membre")));
        }
        members.clear();
        for (j, member) in e.membres.iter().enumerate() {
            let field = || format!("membres[{j}].code");
            match position.get(member.code.trim()) {
                Some(&k) => match &communes[k].epci {
                    Some(other) => {
                        let message = format!("commune {} déjà membre de l'EPCI {other}", member.code);
                        return Err(fault(list, i, &field(), message));
                    }
                    None => members.push(k),
                },
                None if left_out.contains(member.code.trim()) => {}
                None => {
                    let message = format!("commune {} absente de {}", member.code, names.communes.0);
                    return Err(fault(list, i, &field(), message));
                }
            }
        }
        // An EPCI of a zone left out.
        let Some(departement) = main_departement(members.iter().map(|&k| &communes[k])) else {
            continue;
        };
        if !epci_codes.insert(code.clone()) {
            return Err(duplicate(list, i, code.as_str()));
        }
        for &k in &members {
            communes[k].epci = Some(code.clone());
        }
        epci.push(Epci { code, name: e.nom, nature: Some(nature), departement, population: None });
    }

    let mut territory = Territory { regions, departements, epci, communes, population_year: Some(POPULATION_YEAR) };
    if let Some(region) = &options.region {
        territory = keep_region(territory, region).ok_or_else(|| {
            ImportError::file(
                names.regions.0,
                format!("région {region} absente du référentiel (ou d'une zone écartée)"),
            )
        })?;
    }
    territory.check().map_err(|e| ImportError::file(names.communes.0, format!("référentiel incohérent : {e}")))?;
    Ok(territory)
}

/// The main département of an EPCI: the département holding the largest population among
/// its member communes, the smallest code on a tie. `None` when it has no member.
///
/// It is where the figures count the EPCI (its size class, its département's participation),
/// and decides which EPCI a région keeps.
pub fn main_departement<'a>(members: impl Iterator<Item = &'a Commune>) -> Option<DepartementCode> {
    let mut population: HashMap<&DepartementCode, u64> = HashMap::new();
    for commune in members {
        *population.entry(&commune.departement).or_default() += commune.population;
    }
    population
        .into_iter()
        .max_by(|(code_a, pop_a), (code_b, pop_b)| pop_a.cmp(pop_b).then_with(|| code_b.cmp(code_a)))
        .map(|(code, _)| code.clone())
}

/// Keeps a région: its départements and communes; the EPCI whose main département lies in
/// it and the EPCI its communes belong to, each with all its member communes; and the
/// départements and régions of those. `None` when the région is not in the territory.
fn keep_region(territory: Territory, region: &RegionCode) -> Option<Territory> {
    territory.regions.iter().find(|r| &r.code == region)?;
    let inside: HashSet<DepartementCode> =
        territory.departements.iter().filter(|d| &d.region == region).map(|d| d.code.clone()).collect();
    let mut epci: HashSet<EpciCode> =
        territory.epci.iter().filter(|e| inside.contains(&e.departement)).map(|e| e.code.clone()).collect();
    epci.extend(territory.communes.iter().filter(|c| inside.contains(&c.departement)).filter_map(|c| c.epci.clone()));
    let communes: Vec<Commune> = territory
        .communes
        .into_iter()
        .filter(|c| inside.contains(&c.departement) || c.epci.as_ref().is_some_and(|e| epci.contains(e)))
        .collect();
    let needed: HashSet<&DepartementCode> = communes.iter().map(|c| &c.departement).chain(&inside).collect();
    let departements: Vec<Departement> =
        territory.departements.into_iter().filter(|d| needed.contains(&d.code)).collect();
    let regions: HashSet<&RegionCode> = departements.iter().map(|d| &d.region).chain([region]).collect();
    Some(Territory {
        regions: territory.regions.into_iter().filter(|r| regions.contains(&r.code)).collect(),
        epci: territory.epci.into_iter().filter(|e| epci.contains(&e.code)).collect(),
        departements,
        communes,
        population_year: territory.population_year,
    })
}
