//! What a body gets back for its answer: for each service it needs (deploys alone or studies,
//! without pooling), the neighbours that already pool it — the ones to call first.

use super::Opportunities;
use crate::geography::Adjacency;
use serde::Serialize;

/// A service a body needs and its neighbours that pool it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolingNeighbours {
    /// Service code.
    pub service: String,
    /// Neighbours pooling it (implemented or planned), ascending codes.
    pub neighbours: Vec<String>,
}

/// For `code`, each service of `opportunities` (in their order) it deploys alone or studies
/// that at least one of its neighbours pools, with those neighbours. Empty for a body that
/// needs nothing, has no neighbour, or did not answer.
pub fn pooling_neighbours(opportunities: &Opportunities, adjacency: &Adjacency, code: &str) -> Vec<PoolingNeighbours> {
    opportunities
        .services
        .iter()
        .filter(|s| s.alone.iter().chain(&s.studying).any(|c| c == code))
        .filter_map(|s| {
            let mut neighbours: Vec<String> =
                s.pooled.iter().filter(|p| adjacency.contains(code, p)).cloned().collect();
            neighbours.sort();
            (!neighbours.is_empty()).then(|| PoolingNeighbours { service: s.service.clone(), neighbours })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opportunities::{Existing, ServiceOpportunity};

    fn service(code: &str, alone: &[&str], studying: &[&str], pooled: &[&str]) -> ServiceOpportunity {
        let list = |l: &[&str]| l.iter().map(|c| (*c).to_owned()).collect();
        ServiceOpportunity {
            service: code.to_owned(),
            alone: list(alone),
            studying: list(studying),
            pooled: list(pooled),
            groups: vec![],
            score: None,
            existing: Existing::default(),
        }
    }

    #[test]
    fn only_neighbours_pooling_what_the_body_needs_are_named() {
        let adjacency = Adjacency::from_pairs([("a", "b"), ("a", "c"), ("c", "d")].map(|(x, y)| (x.into(), y.into())));
        let opportunities = Opportunities {
            services: vec![
                service("sig", &["a"], &[], &["d", "c", "b"]),
                service("ged", &[], &["a"], &["d"]),
                service("paie", &[], &[], &["b"]),
                service("site", &[], &["a"], &["c"]),
            ],
            campaign: "essai".to_owned(),
            ranking: vec![],
        };
        let found = pooling_neighbours(&opportunities, &adjacency, "a");
        let codes: Vec<(&str, Vec<&str>)> =
            found.iter().map(|p| (p.service.as_str(), p.neighbours.iter().map(String::as_str).collect())).collect();
        assert_eq!(codes, vec![("sig", vec!["b", "c"]), ("site", vec!["c"])], "d is no neighbour; paie is not needed");
        assert!(pooling_neighbours(&opportunities, &adjacency, "z").is_empty());
    }
}
