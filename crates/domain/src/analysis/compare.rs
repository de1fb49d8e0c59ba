//! Wave-to-wave comparison: per service, how deployment and pooling moved.
//!
//! Services are matched by code, or through the `previous` codes a catalogue keeps for a
//! renamed service, so a wave stays comparable with the one before.

use super::Analysis;
use crate::catalogue::Catalogue;
use serde::Serialize;

/// A figure before and after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change<T> {
    /// In the earlier wave.
    pub before: Option<T>,
    /// In this wave.
    pub after: Option<T>,
    /// after − before, when both exist.
    pub change: Option<T>,
}

/// How one service moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceChange {
    /// Service code in this wave.
    pub service: String,
    /// Its code in the earlier wave, when it had one.
    pub earlier_service: Option<String>,
    /// Respondents with it deployed.
    pub deployed: Change<i64>,
    /// Respondents studying it.
    pub studied: Change<i64>,
    /// Respondents pooling it (implemented or planned).
    pub pooled: Change<i64>,
    /// Deployment rate.
    pub deployment_rate: Change<f64>,
}

/// `comparison` in the analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Code of the earlier wave.
    pub campaign: String,
    /// Respondents of the earlier wave and of this one.
    pub respondents: Change<i64>,
    /// Per service of this wave, in catalogue order.
    pub services: Vec<ServiceChange>,
}

fn change_i(before: Option<i64>, after: i64) -> Change<i64> {
    Change { before, after: Some(after), change: before.map(|b| after - b) }
}

fn change_f(before: Option<f64>, after: Option<f64>) -> Change<f64> {
    Change { before, after, change: before.zip(after).map(|(b, a)| a - b) }
}

/// Compares this wave's analysis with an earlier one's.
pub fn compare(current: &Analysis, catalogue: &Catalogue, earlier: &Analysis) -> Comparison {
    let services = catalogue
        .services
        .iter()
        .filter_map(|service| {
            let now = current.services.iter().find(|s| s.service == service.code)?;
            let before = earlier
                .services
                .iter()
                .find(|s| s.service == service.code)
                .or_else(|| earlier.services.iter().find(|s| service.previous.contains(&s.service)));
            let pooled = |s: &super::ServiceFigures| (s.mutualised + s.planned) as i64;
            Some(ServiceChange {
                service: service.code.clone(),
                earlier_service: before.map(|b| b.service.clone()),
                deployed: change_i(before.map(|b| b.deployed as i64), now.deployed as i64),
                studied: change_i(before.map(|b| b.studied as i64), now.studied as i64),
                pooled: change_i(before.map(pooled), pooled(now)),
                deployment_rate: change_f(before.and_then(|b| b.deployment_rate), now.deployment_rate),
            })
        })
        .collect();
    Comparison {
        campaign: earlier.campaign.clone(),
        respondents: change_i(
            Some(earlier.participation.total.respondents as i64),
            current.participation.total.respondents as i64,
        ),
        services,
    }
}
