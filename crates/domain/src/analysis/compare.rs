//! Wave-to-wave comparison: per service, how deployment and pooling moved.
//!
//! Services are matched by code, or through the `previous` codes a catalogue keeps for a
//! renamed service, so a wave stays comparable with the one before. A figure touched by a
//! break of method between the two waves (a service added, a wording changed, another
//! territory…: [`super::comparability`], with the rules of [`super::series`]) keeps its two
//! values but has no `change`: it is flagged with its breaks, never shown as a change.

use super::comparability::Comparability;
use super::{Analysis, series};
use crate::campaign::Campaign;
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
    /// Kinds of the breaks of method touching the service (`service_added`…); when any,
    /// every `change` above is `null`.
    pub breaks: Vec<&'static str>,
}

/// `comparison` in the analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Code of the earlier wave.
    pub campaign: String,
    /// Respondents of the earlier wave and of this one.
    pub respondents: Change<i64>,
    /// Kinds of the breaks touching participation (another territory, other filters); when
    /// any, `respondents.change` is `null`.
    pub participation_breaks: Vec<&'static str>,
    /// Per service of this wave, in catalogue order.
    pub services: Vec<ServiceChange>,
    /// What the two waves share and every break of method between them.
    pub method: Comparability,
}

/// Before and after, with their difference only when the figure is `comparable`.
fn change_i(before: Option<i64>, after: i64, comparable: bool) -> Change<i64> {
    Change { before, after: Some(after), change: before.filter(|_| comparable).map(|b| after - b) }
}

/// As [`change_i`], for rates.
fn change_f(before: Option<f64>, after: Option<f64>, comparable: bool) -> Change<f64> {
    Change { before, after, change: before.zip(after).filter(|_| comparable).map(|(b, a)| a - b) }
}

/// Compares this wave's analysis with an earlier one's, analysed with the same filters.
pub fn compare(
    campaign: &Campaign,
    analysis: &Analysis,
    earlier_campaign: &Campaign,
    earlier: &Analysis,
) -> Comparison {
    let pair = series(&[(earlier_campaign, earlier), (campaign, analysis)]);
    let breaks_of = |code: &str| {
        pair.services
            .iter()
            .find_map(|s| s.points.last().filter(|p| p.service.as_deref() == Some(code)).map(|p| p.breaks.clone()))
            .unwrap_or_default()
    };
    let services = campaign
        .catalogue
        .services
        .iter()
        .filter_map(|service| {
            let now = analysis.services.iter().find(|s| s.service == service.code)?;
            let before = earlier
                .services
                .iter()
                .find(|s| s.service == service.code)
                .or_else(|| earlier.services.iter().find(|s| service.previous.contains(&s.service)));
            let pooled = |s: &super::ServiceFigures| (s.mutualised + s.planned) as i64;
            let breaks = breaks_of(&service.code);
            let unbroken = breaks.is_empty();
            Some(ServiceChange {
                service: service.code.clone(),
                earlier_service: before.map(|b| b.service.clone()),
                deployed: change_i(before.map(|b| b.deployed as i64), now.deployed as i64, unbroken),
                studied: change_i(before.map(|b| b.studied as i64), now.studied as i64, unbroken),
                pooled: change_i(before.map(pooled), pooled(now), unbroken),
                deployment_rate: change_f(before.and_then(|b| b.deployment_rate), now.deployment_rate, unbroken),
                breaks,
            })
        })
        .collect();
    let participation_breaks = pair.participation.last().map(|p| p.breaks.clone()).unwrap_or_default();
    Comparison {
        campaign: earlier.campaign.clone(),
        respondents: change_i(
            Some(earlier.participation.total.respondents as i64),
            analysis.participation.total.respondents as i64,
            participation_breaks.is_empty(),
        ),
        participation_breaks,
        services,
        method: pair.comparisons.into_iter().next().expect("two waves make one comparison"),
    }
}
