//! Geography of a wave: commune contours, target outlines, the adjacency graph and the
//! projections maps are drawn with.
//!
//! Pooling is a matter of neighbours: the opportunities join targets that touch, and the
//! maps show who answered and who could pool. Everything here is pure geometry on the `geo`
//! crate (re-exported, so renderers use the same types); contours come in as WGS84
//! (longitude, latitude) and are projected to metres only to measure or draw.

mod adjacency;
mod dissolve;
mod projection;

pub use adjacency::{Adjacency, AdjacencyRule, adjacency, sinusoidal};
pub use dissolve::{Contours, TargetParts, dissolve};
pub use geo;
pub use projection::Projection;

use crate::campaign::Campaign;
use crate::territory::Territory;

/// The adjacency graph of a wave's targets from commune contours, with the default rule
/// (lengths in metres after [`sinusoidal`]). Targets without any contour have no neighbour.
pub fn wave_adjacency(campaign: &Campaign, territory: &Territory, contours: &Contours) -> Adjacency {
    let parts = TargetParts::collect(campaign, territory, contours);
    let projected: Vec<(&str, geo::MultiPolygon)> = parts.labelled().map(|(code, s)| (code, sinusoidal(s))).collect();
    adjacency(projected.iter().map(|(code, s)| (*code, s)), &AdjacencyRule::default())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) mod grid;
