//! Outlines of targets: an EPCI is drawn as the union of its member communes' contours.
//!
//! The union is `geo`'s boolean operations (`unary_union`, on i_overlay); rings are first
//! oriented one way, which that function needs. With contours simplified with shared arcs,
//! neighbouring communes meet exactly, so the union leaves no inner slivers.

use crate::campaign::{Campaign, TargetLevel};
use crate::territory::Territory;
use geo::orient::{Direction, Orient};
use geo::{MultiPolygon, Polygon, unary_union};
use std::collections::BTreeMap;

/// Contours of communes, (lon, lat) WGS84, by INSEE code.
pub type Contours = BTreeMap<String, MultiPolygon>;

/// The union of shapes, as one multipolygon with counter-clockwise exteriors.
pub fn dissolve<'a>(shapes: impl IntoIterator<Item = &'a MultiPolygon>) -> MultiPolygon {
    let polygons: Vec<Polygon> = shapes.into_iter().flat_map(|s| s.orient(Direction::Default)).collect();
    unary_union(&polygons)
}

/// The commune contours of each target of a wave, and the communes that have none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetParts<'a> {
    /// Per target code, the contours of its communes (one for a commune target); a target
    /// with no contour at all is absent.
    pub parts: BTreeMap<String, Vec<(&'a str, &'a MultiPolygon)>>,
    /// Communes of the targets without a contour, by code (merged or created since the
    /// contours were made).
    pub missing: Vec<String>,
}

impl<'a> TargetParts<'a> {
    /// Collects the contours of the targets of `campaign`: an EPCI's member communes as held
    /// in `territory`, or the commune itself.
    pub fn collect(campaign: &Campaign, territory: &Territory, contours: &'a Contours) -> TargetParts<'a> {
        let mut out = TargetParts::default();
        let mut take = |target: &str, commune: &str| match contours.get_key_value(commune) {
            Some((code, shape)) => out.parts.entry(target.to_owned()).or_default().push((code.as_str(), shape)),
            None => out.missing.push(commune.to_owned()),
        };
        match campaign.level {
            TargetLevel::Epci => {
                let targets = campaign.target_index();
                for commune in &territory.communes {
                    if let Some(epci) = commune.epci.as_ref().filter(|e| targets.contains_key(e.as_str())) {
                        take(epci.as_str(), commune.code.as_str());
                    }
                }
            }
            TargetLevel::Commune => {
                for target in &campaign.targets {
                    take(&target.code, &target.code);
                }
            }
        }
        out.missing.sort();
        out
    }

    /// The outline of every target: its communes dissolved into one shape.
    pub fn outlines(&self) -> BTreeMap<String, MultiPolygon> {
        self.parts
            .iter()
            .map(|(code, parts)| {
                let outline = match parts.as_slice() {
                    [(_, only)] => (*only).clone(),
                    many => dissolve(many.iter().map(|(_, shape)| *shape)),
                };
                (code.clone(), outline)
            })
            .collect()
    }

    /// Every commune contour labelled with its target, for [`super::adjacency`].
    pub fn labelled(&self) -> impl Iterator<Item = (&str, &'a MultiPolygon)> {
        self.parts.iter().flat_map(|(code, parts)| parts.iter().map(move |(_, shape)| (code.as_str(), *shape)))
    }
}
