//! Pooling opportunities: per service, who could pool it and with whom, at which level.
//!
//! Follows "Pooling opportunities" in `analysis.md` key by key. A group is a connected set
//! of neighbours (in the wave's adjacency graph) that need the service — they deploy it
//! alone or study it — and do not pool it yet: a group purchase or a shared service among
//! them is plausible. Like the analysis, only complete answers count. The register of
//! offers (`crate::offers`) can then say, per group, which structure already offers the
//! service to all of its members.

mod costs;
mod neighbours;

pub use costs::{CostError, CostModel, DEFAULT_COSTS_TOML, ServiceCost};
pub use neighbours::{PoolingNeighbours, pooling_neighbours};

use crate::answers::{Answer, Mutualisation, Response, ServiceAnswer, ServiceStatus};
use crate::campaign::{Campaign, Target};
use crate::catalogue::OptionList;
use crate::geography::Adjacency;
use crate::offers::{Offer, covering};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Every service's opportunities, in catalogue order, and the ranking by score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Opportunities {
    /// Code of the wave.
    pub campaign: String,
    /// Per service of the catalogue, in catalogue order.
    pub services: Vec<ServiceOpportunity>,
    /// Service codes by score descending, ties by code.
    pub ranking: Vec<String>,
}

/// Who could pool one service, and with whom.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceOpportunity {
    /// Service code.
    pub service: String,
    /// Respondents deploying it without pooling, by code.
    pub alone: Vec<String>,
    /// Respondents studying it without pooling, by code.
    pub studying: Vec<String>,
    /// Respondents pooling it (implemented or planned), by code.
    pub pooled: Vec<String>,
    /// Connected groups of two or more neighbours among `alone` ∪ `studying`.
    pub groups: Vec<Group>,
    /// Population of `alone` ∪ `studying` within a group over the respondents' population.
    pub score: Option<f64>,
    /// The pooling structures already cited for it by the `pooled` respondents.
    pub existing: Existing,
}

/// A connected group of neighbours who need a service and do not pool it yet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// Member codes, ascending.
    pub members: Vec<String>,
    /// Their population.
    pub population: u64,
    /// Their communes.
    pub communes: u64,
    /// Their main départements, ascending.
    pub departements: Vec<String>,
    /// The level that fits: `region`, `departement` or `inter_epci`.
    pub level: Level,
    /// Σ costs alone − cost pooled, euros a year (rounded to the euro), from the cost model.
    pub estimated_savings: f64,
    /// Offers of the register for the service that cover every member's département; empty
    /// until [`Opportunities::with_offers`] is called.
    pub offers: Vec<OfferRef>,
}

/// An offer of the register, as shown on a group it fits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferRef {
    /// Name of the structure making the offer.
    pub structure: String,
    /// Pooling type code of the legal vehicle.
    pub vehicle: String,
    /// The price model, in words.
    pub price_model: String,
}

/// The level a group's pooling fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The group spans more than one département.
    Region,
    /// It holds at least half of its département's targets.
    Departement,
    /// Otherwise: an agreement between a few neighbours.
    InterEpci,
}

/// Pooling structures cited by the respondents who pool a service.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Existing {
    /// Named partners (free text, trimmed), by mentions descending then name.
    pub partners: Vec<Cited>,
    /// Pooling type codes, by mentions descending then code.
    pub types: Vec<Cited>,
}

/// A name or code and how many pooled respondents cite it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cited {
    /// The partner's name or the type's code.
    pub name: String,
    /// Respondents citing it.
    pub mentions: u64,
}

impl Opportunities {
    /// Attaches to every group the offers of its service whose area covers all of its
    /// members' main départements (see [`crate::offers::covering`]), replacing any attached
    /// before. Without this call, groups carry no offer.
    pub fn with_offers(mut self, offers: &[Offer]) -> Opportunities {
        for service in &mut self.services {
            for group in &mut service.groups {
                group.offers = covering(offers, &service.service, &group.departements)
                    .into_iter()
                    .map(|o| OfferRef {
                        structure: o.structure.clone(),
                        vehicle: o.vehicle.to_string(),
                        price_model: o.price_model.clone(),
                    })
                    .collect();
            }
        }
        self
    }
}

/// Computes the opportunities of a wave from its complete answers (the last response of a
/// respondent wins), the adjacency graph of its targets and a cost model.
pub fn opportunities(
    campaign: &Campaign,
    responses: &[Response],
    adjacency: &Adjacency,
    costs: &CostModel,
) -> Opportunities {
    let targets = campaign.target_index();
    let respondents = campaign.respondents(responses);
    let respondent_population: u64 = respondents.iter().map(|(t, _)| t.population).sum();
    let mut per_departement: BTreeMap<&str, u64> = BTreeMap::new();
    for target in &campaign.targets {
        *per_departement.entry(target.departement.as_str()).or_default() += 1;
    }
    let neighbours = adjacency.neighbours();
    let matrix_id = campaign.questionnaire.question_for(OptionList::Services).map(|q| q.id.as_str());
    let context = Context { targets: &targets, neighbours: &neighbours, per_departement: &per_departement };

    let services: Vec<ServiceOpportunity> = campaign
        .catalogue
        .services
        .iter()
        .map(|service| {
            let answers: Vec<(&Target, &ServiceAnswer)> = respondents
                .iter()
                .filter_map(|(target, answers)| match matrix_id.and_then(|id| answers.get(id)) {
                    Some(Answer::Matrix(m)) => Some((*target, m.get(&service.code)?)),
                    _ => None,
                })
                .collect();
            let codes = |keep: &dyn Fn(&ServiceAnswer) -> bool| -> Vec<String> {
                answers.iter().filter(|(_, a)| keep(a)).map(|(t, _)| t.code.clone()).collect()
            };
            let alone = codes(&|a| a.status == ServiceStatus::Deployed && a.mutualisation == Mutualisation::None);
            let studying = codes(&|a| a.status == ServiceStatus::Studied && a.mutualisation == Mutualisation::None);
            let pooled = codes(&|a| a.is_pooled());
            let groups = context.groups(&alone, &studying, costs.cost(&service.code));
            let grouped: u64 = groups.iter().map(|g| g.population).sum();
            let score = crate::analysis::rate(grouped, respondent_population);
            let existing = existing(answers.iter().map(|(_, a)| *a).filter(|a| a.is_pooled()));
            ServiceOpportunity { service: service.code.clone(), alone, studying, pooled, groups, score, existing }
        })
        .collect();
    let mut ranking: Vec<(&str, Option<f64>)> = services.iter().map(|s| (s.service.as_str(), s.score)).collect();
    ranking.sort_by(|a, b| b.1.unwrap_or(-1.0).total_cmp(&a.1.unwrap_or(-1.0)).then_with(|| a.0.cmp(b.0)));
    Opportunities {
        campaign: campaign.code.to_string(),
        ranking: ranking.into_iter().map(|(code, _)| code.to_owned()).collect(),
        services,
    }
}

/// What the grouping of every service needs from the wave.
struct Context<'a> {
    targets: &'a BTreeMap<&'a str, &'a Target>,
    neighbours: &'a BTreeMap<&'a str, Vec<&'a str>>,
    per_departement: &'a BTreeMap<&'a str, u64>,
}

impl Context<'_> {
    /// Connected components of two or more of `alone` ∪ `studying` in the graph restricted
    /// to them, ordered by their smallest member.
    fn groups(&self, alone: &[String], studying: &[String], cost: &ServiceCost) -> Vec<Group> {
        let needing: BTreeSet<&str> = alone.iter().chain(studying).map(String::as_str).collect();
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut groups = Vec::new();
        for &start in &needing {
            if !seen.insert(start) {
                continue;
            }
            let mut members = vec![start];
            let mut stack = vec![start];
            while let Some(code) = stack.pop() {
                for &next in self.neighbours.get(code).map_or(&[][..], Vec::as_slice) {
                    if needing.contains(next) && seen.insert(next) {
                        members.push(next);
                        stack.push(next);
                    }
                }
            }
            if members.len() >= 2 {
                members.sort_unstable();
                groups.push(self.group(&members, cost));
            }
        }
        groups
    }

    fn group(&self, members: &[&str], cost: &ServiceCost) -> Group {
        let targets: Vec<&Target> = members.iter().filter_map(|m| self.targets.get(m).copied()).collect();
        let departements: BTreeSet<&str> = targets.iter().map(|t| t.departement.as_str()).collect();
        let level = match departements.iter().next() {
            Some(only) if departements.len() == 1 => {
                let all = self.per_departement.get(only).copied().unwrap_or(0);
                if 2 * members.len() as u64 >= all { Level::Departement } else { Level::InterEpci }
            }
            _ => Level::Region,
        };
        let populations: Vec<u64> = targets.iter().map(|t| t.population).collect();
        Group {
            members: members.iter().map(|m| (*m).to_owned()).collect(),
            population: populations.iter().sum(),
            communes: targets.iter().map(|t| t.communes).sum(),
            departements: departements.into_iter().map(str::to_owned).collect(),
            level,
            estimated_savings: cost.savings(&populations).round(),
            offers: vec![],
        }
    }
}

/// The partners and pooling types cited by pooled answers.
fn existing<'a>(pooled: impl Iterator<Item = &'a ServiceAnswer>) -> Existing {
    let mut partners: BTreeMap<String, u64> = BTreeMap::new();
    let mut types: BTreeMap<String, u64> = BTreeMap::new();
    for answer in pooled {
        let partner = answer.partners.trim();
        if !partner.is_empty() {
            *partners.entry(partner.to_owned()).or_default() += 1;
        }
        let cited: BTreeSet<&String> = answer.types.iter().collect();
        for t in cited {
            *types.entry(t.clone()).or_default() += 1;
        }
    }
    let sorted = |counts: BTreeMap<String, u64>| {
        let mut list: Vec<Cited> = counts.into_iter().map(|(name, mentions)| Cited { name, mentions }).collect();
        list.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.name.cmp(&b.name)));
        list
    };
    Existing { partners: sorted(partners), types: sorted(types) }
}

#[cfg(test)]
mod tests;
