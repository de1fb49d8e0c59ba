//! The report's chapter on pooling opportunities, the study's main finding: the services
//! ranked by how much population could pool them with neighbours, then, for the best-ranked
//! services, their groups of neighbours (members, the level that fits, population, communes,
//! estimated savings) with a map of the groups.

use super::maps::ServiceMap;
use super::view::{MapView, map};
use crate::charts::Table;
use crate::format::Format;
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::OptionList;
use mutu_domain::opportunities::{Level, Opportunities, ServiceOpportunity};
use serde::Serialize;

/// How many of the best-ranked services with groups the chapter details.
pub(crate) const DETAILED_SERVICES: usize = 10;
/// How many groups of one service its table lists; the rest are counted.
pub(crate) const LISTED_GROUPS: usize = 15;

/// The chapter.
#[derive(Debug, Clone, Serialize)]
pub struct OpportunitiesView {
    /// Every service by score: needing it, pooling it, groups, savings.
    pub ranking: Table,
    /// How many services have at least one group.
    pub services_with_groups: usize,
    /// The best-ranked services with groups, detailed.
    pub services: Vec<OpportunityView>,
}

/// One service's groups.
#[derive(Debug, Clone, Serialize)]
pub struct OpportunityView {
    /// Service code.
    pub code: String,
    /// Its label.
    pub label: String,
    /// HTML anchor.
    pub anchor: String,
    /// Its groups (the first [`LISTED_GROUPS`]), numbered as in `mutu opportunities`.
    pub groups: Table,
    /// Groups not listed, when there are more.
    pub more_groups: usize,
    /// Pooling structures the respondents who pool it already cite.
    pub partners: Vec<String>,
    /// The map of its groups, when contours are known.
    pub map: Option<MapView>,
}

/// `régional`, `départemental`, `inter-EPCI`: the level a group's pooling fits.
pub fn level_label(level: Level) -> &'static str {
    match level {
        Level::Region => "régional",
        Level::Departement => "départemental",
        Level::InterEpci => "inter-EPCI",
    }
}

fn euros(fmt: &Format, amount: f64) -> String {
    format!("{} €", fmt.thousands(amount.max(0.0).round() as u64))
}

fn savings(s: &ServiceOpportunity) -> f64 {
    s.groups.iter().map(|g| g.estimated_savings.max(0.0)).sum()
}

/// The ranking of every service.
fn ranking(o: &Opportunities, campaign: &Campaign, fmt: &Format) -> Table {
    let columns =
        ["Service", "Score", "Déployé seul", "À l'étude", "Mutualisé", "Groupes", "Économie estimée (par an)"];
    let mut table = Table::new(
        "Services classés par score : part de la population des répondants qui pourrait le mutualiser avec des voisins",
        columns.map(str::to_owned).to_vec(),
    );
    for s in o.ranking.iter().filter_map(|code| o.services.iter().find(|s| &s.service == code)) {
        table.row(
            campaign.catalogue.label(OptionList::Services, &s.service),
            vec![
                fmt.percent(s.score),
                fmt.thousands(s.alone.len() as u64),
                fmt.thousands(s.studying.len() as u64),
                fmt.thousands(s.pooled.len() as u64),
                fmt.thousands(s.groups.len() as u64),
                euros(fmt, savings(s)),
            ],
        );
    }
    table
}

/// The groups of one service.
fn groups(s: &ServiceOpportunity, label: &str, campaign: &Campaign, fmt: &Format) -> Table {
    let names = campaign.target_index();
    let columns = ["Groupe", "Membres", "Niveau", "Habitants", "Communes", "Économie estimée (par an)"];
    let mut table = Table::new(format!("{label} : groupes de voisins"), columns.map(str::to_owned).to_vec());
    for (i, g) in s.groups.iter().enumerate().take(LISTED_GROUPS) {
        let members: Vec<&str> =
            g.members.iter().map(|m| names.get(m.as_str()).map_or(m.as_str(), |t| t.name.as_str())).collect();
        table.row(
            format!("Groupe {}", i + 1),
            vec![
                members.join(", "),
                level_label(g.level).to_owned(),
                fmt.thousands(g.population),
                fmt.thousands(g.communes),
                euros(fmt, g.estimated_savings),
            ],
        );
    }
    table
}

/// The chapter; `next` numbers the maps' drawings.
pub(super) fn view(
    o: &Opportunities,
    campaign: &Campaign,
    maps: &[ServiceMap],
    next: &mut impl FnMut() -> usize,
) -> OpportunitiesView {
    let fmt = Format::FR;
    let with_groups: Vec<&ServiceOpportunity> = o
        .ranking
        .iter()
        .filter_map(|code| o.services.iter().find(|s| &s.service == code))
        .filter(|s| !s.groups.is_empty())
        .collect();
    OpportunitiesView {
        ranking: ranking(o, campaign, &fmt),
        services_with_groups: with_groups.len(),
        services: with_groups
            .iter()
            .take(DETAILED_SERVICES)
            .map(|s| {
                let label = campaign.catalogue.label(OptionList::Services, &s.service).to_owned();
                let drawn = maps.iter().find(|m| m.service == s.service);
                OpportunityView {
                    code: s.service.clone(),
                    anchor: format!("opportunite-{}", s.service),
                    groups: groups(s, &label, campaign, &fmt),
                    more_groups: s.groups.len().saturating_sub(LISTED_GROUPS),
                    partners: s.existing.partners.iter().map(|p| p.name.clone()).collect(),
                    map: drawn.map(|m| map(&m.map, format!("carte-groupes-{}", s.service), next())),
                    label,
                }
            })
            .collect(),
    }
}
