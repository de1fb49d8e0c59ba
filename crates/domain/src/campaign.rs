//! A survey wave: who it was sent to, with which questionnaire and catalogue.
//!
//! A wave snapshots its targets (names, populations, communes) when it is created: a later
//! re-import of the territory never changes the figures of a wave already run.

use crate::answers::{Answers, Response, ResponseStatus};
use crate::catalogue::Catalogue;
use crate::codes::{CampaignCode, DepartementCode, RegionCode};
use crate::questionnaire::Questionnaire;
use crate::size_class::SizeClasses;
use crate::territory::{Nature, Territory};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Level of the units a wave is sent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetLevel {
    /// EPCI à fiscalité propre (the seed's survey).
    Epci,
    /// Communes.
    Commune,
}

impl TargetLevel {
    /// The code used on the command line and in storage.
    pub fn code(self) -> &'static str {
        match self {
            TargetLevel::Epci => "epci",
            TargetLevel::Commune => "commune",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "epci" => Some(TargetLevel::Epci),
            "commune" => Some(TargetLevel::Commune),
            _ => None,
        }
    }
}

/// One unit the wave was sent to, as it was when the wave was created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// SIREN of the EPCI or INSEE code of the commune.
    pub code: String,
    /// Official name.
    pub name: String,
    /// Nature, for EPCI.
    pub nature: Option<Nature>,
    /// Main département (where the figures count it).
    pub departement: DepartementCode,
    /// Région of the main département.
    pub region: RegionCode,
    /// Population used for size classes and coverage.
    pub population: u64,
    /// Communes it stands for (its members, or 1 for a commune).
    pub communes: u64,
}

/// A wave as held in storage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Campaign {
    /// Stable code.
    pub code: CampaignCode,
    /// Name shown to people.
    pub name: String,
    /// Level of the targets.
    pub level: TargetLevel,
    /// Size classes of the wave.
    pub size_classes: SizeClasses,
    /// The catalogue the wave runs with.
    pub catalogue: Catalogue,
    /// The questionnaire the wave runs with.
    pub questionnaire: Questionnaire,
    /// The targets, by code ascending.
    pub targets: Vec<Target>,
    /// Reference year of the targets' populations.
    pub population_year: Option<i32>,
}

/// Why a wave cannot be drawn from the territory.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CampaignError {
    /// An area filter names a unit the territory does not hold.
    #[error("{kind} {code} absent du territoire")]
    UnknownArea {
        /// Région or département.
        kind: &'static str,
        /// The code given.
        code: String,
    },
    /// The selection is empty.
    #[error("aucune cible : le territoire ne contient aucun(e) {0} dans la zone choisie")]
    NoTarget(&'static str),
}

/// Draws the targets of a wave: every unit of the level whose (main) département lies in
/// the given régions or départements, or in the whole territory when none is given.
pub fn build_targets(
    territory: &Territory,
    level: TargetLevel,
    regions: &[RegionCode],
    departements: &[DepartementCode],
) -> Result<Vec<Target>, CampaignError> {
    let region_of = territory.region_of();
    for r in regions {
        if !territory.regions.iter().any(|x| &x.code == r) {
            return Err(CampaignError::UnknownArea { kind: "région", code: r.to_string() });
        }
    }
    for d in departements {
        if !region_of.contains_key(d) {
            return Err(CampaignError::UnknownArea { kind: "département", code: d.to_string() });
        }
    }
    let in_area = |d: &DepartementCode| {
        (regions.is_empty() && departements.is_empty())
            || departements.contains(d)
            || region_of.get(d).is_some_and(|r| regions.contains(r))
    };
    let region = |d: &DepartementCode| (*region_of.get(d).expect("checked territory")).clone();
    let mut targets: Vec<Target> = match level {
        TargetLevel::Epci => {
            let members = territory.members();
            territory
                .epci
                .iter()
                .filter(|e| in_area(&e.departement))
                .map(|e| {
                    let communes = members.get(&e.code).map_or(&[][..], |m| m.as_slice());
                    Target {
                        code: e.code.to_string(),
                        name: e.name.clone(),
                        nature: e.nature,
                        departement: e.departement.clone(),
                        region: region(&e.departement),
                        population: e.population.unwrap_or_else(|| communes.iter().map(|c| c.population).sum()),
                        communes: communes.len() as u64,
                    }
                })
                .collect()
        }
        TargetLevel::Commune => territory
            .communes
            .iter()
            .filter(|c| in_area(&c.departement))
            .map(|c| Target {
                code: c.code.to_string(),
                name: c.name.clone(),
                nature: None,
                departement: c.departement.clone(),
                region: region(&c.departement),
                population: c.population,
                communes: 1,
            })
            .collect(),
    };
    if targets.is_empty() {
        return Err(CampaignError::NoTarget(level.code()));
    }
    targets.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(targets)
}

impl Campaign {
    /// The targets by code, for lookups.
    pub fn target_index(&self) -> BTreeMap<&str, &Target> {
        self.targets.iter().map(|t| (t.code.as_str(), t)).collect()
    }

    /// The respondents: the targets whose answer is complete, in target order, each with its
    /// answers. Where a target answered more than once, the last response in the slice wins
    /// (as in the analysis); answers of units that are not targets are ignored.
    pub fn respondents<'a>(&'a self, responses: &'a [Response]) -> Vec<(&'a Target, &'a Answers)> {
        let mut latest: HashMap<&str, &Response> = HashMap::with_capacity(responses.len());
        for response in responses {
            latest.insert(response.respondent.as_str(), response);
        }
        self.targets
            .iter()
            .filter_map(|target| {
                let response = latest.get(target.code.as_str())?;
                (response.status == ResponseStatus::Complete).then_some((target, &response.answers))
            })
            .collect()
    }
}
