//! A body's profile (`analysis.md`, "A body's profile"): per theme, what it deploys and
//! pools, beside the median of the bodies of its size.
//!
//! A body reads its own answers against its peers', not against the largest ones: the
//! comparison is the median share of the theme's services deployed over the complete
//! respondents of its size class (itself included). Profiles are listed by respondent code;
//! no ranking of bodies is ever computed.

use super::Filters;
use super::select::Selection;
use crate::answers::{Mutualisation, Response, ServiceStatus};
use crate::campaign::Campaign;
use serde::Serialize;

/// `profiles[]` of `analysis.md`: one complete respondent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// Code of the respondent.
    pub respondent: String,
    /// Its size class code.
    pub size_class: String,
    /// Per theme that has services in the catalogue, in catalogue order.
    pub themes: Vec<ThemeProfile>,
}

/// One theme of a profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeProfile {
    /// Theme code.
    pub theme: String,
    /// Services of the theme the respondent deploys.
    pub deployed: u64,
    /// Of those, the ones with mutualisation `implemented`.
    pub mutualised: u64,
    /// Services of the theme in the catalogue (at least 1).
    pub services: u64,
    /// Median of `deployed / services` over the complete respondents of its size class (the
    /// mean of the two middle values when their number is even), between 0 and 1.
    pub peer_median: f64,
}

/// The profile of every complete respondent of the wave, by respondent code ascending. Where
/// a respondent answered twice, the last response in the slice wins.
pub fn profiles(campaign: &Campaign, responses: &[Response]) -> Vec<Profile> {
    let selection = Selection::new(campaign, responses, &Filters::default());
    let catalogue = &campaign.catalogue;
    // Themes with services, in catalogue order, and the theme index of each service.
    let themes: Vec<(&str, u64)> = catalogue
        .themes
        .iter()
        .map(|t| (t.code.as_str(), catalogue.services.iter().filter(|s| s.theme == t.code).count() as u64))
        .filter(|(_, services)| *services > 0)
        .collect();
    let theme_of: Vec<Option<usize>> =
        catalogue.services.iter().map(|s| themes.iter().position(|(t, _)| *t == s.theme)).collect();
    // Per respondent, per theme: (deployed, mutualised).
    let counts: Vec<Vec<(u64, u64)>> = selection
        .respondents
        .iter()
        .map(|r| {
            let rows = selection.rows(r);
            let mut per_theme = vec![(0, 0); themes.len()];
            for (service, theme) in catalogue.services.iter().zip(&theme_of) {
                let (Some(row), Some(theme)) = (rows.get(&service.code), theme) else { continue };
                if row.status == ServiceStatus::Deployed {
                    per_theme[*theme].0 += 1;
                    if row.mutualisation == Mutualisation::Implemented {
                        per_theme[*theme].1 += 1;
                    }
                }
            }
            per_theme
        })
        .collect();
    // Per size class, per theme: the peer median.
    let classes = campaign.size_classes.classes();
    let medians: Vec<Vec<f64>> = (0..classes.len())
        .map(|class| {
            themes
                .iter()
                .enumerate()
                .map(|(t, (_, services))| {
                    let deployed = selection
                        .respondents
                        .iter()
                        .zip(&counts)
                        .filter(|(r, _)| r.class == class)
                        .map(|(_, c)| c[t].0)
                        .collect();
                    median_share(deployed, *services)
                })
                .collect()
        })
        .collect();
    let mut profiles: Vec<Profile> = selection
        .respondents
        .iter()
        .zip(&counts)
        .map(|(r, per_theme)| Profile {
            respondent: r.target.code.clone(),
            size_class: classes[r.class].code.clone(),
            themes: themes
                .iter()
                .zip(per_theme)
                .enumerate()
                .map(|(t, ((theme, services), &(deployed, mutualised)))| ThemeProfile {
                    theme: (*theme).to_owned(),
                    deployed,
                    mutualised,
                    services: *services,
                    peer_median: medians[r.class][t],
                })
                .collect(),
        })
        .collect();
    // Targets are kept by code already; sorting makes the order a promise, not a coincidence.
    profiles.sort_by(|a, b| a.respondent.cmp(&b.respondent));
    profiles
}

/// The median of `deployed / services` over the values given: the middle value, or the mean
/// of the two middle ones, computed from the integers in one division (`(a + b) / 2s`) so it
/// is the nearest number to the exact median. 0 when no value is given (a class without
/// respondents has no profile to show it to).
fn median_share(mut deployed: Vec<u64>, services: u64) -> f64 {
    if deployed.is_empty() {
        return 0.0;
    }
    deployed.sort_unstable();
    let n = deployed.len();
    let (low, high) = (deployed[(n - 1) / 2], deployed[n / 2]);
    (low + high) as f64 / (2 * services) as f64
}

#[cfg(test)]
mod tests;
