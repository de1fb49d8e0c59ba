//! Which targets touch: the adjacency graph that pooling groups are drawn from.
//!
//! Two units are adjacent when they share a stretch of border, not merely a point. The rule
//! is applied to boundaries in plane metres and is robust to simplified data:
//!
//! - every boundary segment is cut into pieces of at most [`AdjacencyRule::max_piece`];
//! - a piece of A's boundary counts towards B when its midpoint lies within
//!   [`AdjacencyRule::tolerance`] of B's boundary (so a sliver gap or overlap narrower than
//!   the tolerance neither breaks nor creates a border);
//! - A and B are adjacent when the counted length reaches [`AdjacencyRule::min_shared`] both
//!   from A towards B and from B towards A. A corner touch counts at most 4 × tolerance on
//!   each side, so `min_shared` above that keeps point contacts out.
//!
//! With the bundled contours, simplified with shared arcs, neighbours have identical borders
//! and the rule is exact. Lengths are measured after a sinusoidal projection (true to scale
//! along every parallel, within 1 % over metropolitan France), which needs no choice of area.

use geo::{Coord, Distance, Euclidean, Line, MapCoords, MultiPolygon, Point};
use rstar::RTree;
use rstar::primitives::GeomWithData;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Mean radius of the Earth, metres.
const EARTH_RADIUS: f64 = 6_371_008.8;

/// The thresholds of the adjacency rule, in the units of the shapes given (metres for real
/// contours).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdjacencyRule {
    /// How far apart two borders may lie and still count as one.
    pub tolerance: f64,
    /// Shared length from which two units are neighbours.
    pub min_shared: f64,
    /// Longest piece a boundary segment is measured in.
    pub max_piece: f64,
}

impl Default for AdjacencyRule {
    /// For contours in metres: 20 m of tolerance, 100 m of shared border, 200 m pieces.
    fn default() -> Self {
        AdjacencyRule { tolerance: 20.0, min_shared: 100.0, max_piece: 200.0 }
    }
}

/// An undirected graph over unit codes, each pair held once with the smaller code first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Adjacency {
    pairs: BTreeSet<(String, String)>,
}

impl Adjacency {
    /// A graph from pairs in any order; self-pairs are dropped.
    pub fn from_pairs<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Adjacency {
        let pairs =
            pairs.into_iter().filter(|(a, b)| a != b).map(|(a, b)| if a < b { (a, b) } else { (b, a) }).collect();
        Adjacency { pairs }
    }

    /// The pairs, smaller code first, ascending.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(a, b)| (a.as_str(), b.as_str()))
    }

    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether the graph has no edge.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Whether `a` and `b` are neighbours.
    pub fn contains(&self, a: &str, b: &str) -> bool {
        let key = if a < b { (a.to_owned(), b.to_owned()) } else { (b.to_owned(), a.to_owned()) };
        self.pairs.contains(&key)
    }

    /// Neighbours of every unit, for walks over the graph.
    pub fn neighbours(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (a, b) in self.pairs() {
            out.entry(a).or_default().push(b);
            out.entry(b).or_default().push(a);
        }
        out
    }
}

/// Sinusoidal projection of (lon, lat) degrees to metres, for measuring lengths.
pub fn sinusoidal(shape: &MultiPolygon) -> MultiPolygon {
    shape.map_coords(|c| {
        let phi = c.y.to_radians();
        Coord { x: EARTH_RADIUS * c.x.to_radians() * phi.cos(), y: EARTH_RADIUS * phi }
    })
}

/// The adjacency graph of labelled shapes in plane units: a unit may be given as several
/// shapes (an EPCI as its communes); borders between shapes of one unit are ignored.
pub fn adjacency<'a, I>(shapes: I, rule: &AdjacencyRule) -> Adjacency
where
    I: IntoIterator<Item = (&'a str, &'a MultiPolygon)>,
{
    let mut labels: Vec<&str> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut pieces: Vec<GeomWithData<Line, usize>> = Vec::new();
    for (label, shape) in shapes {
        let id = *index.entry(label).or_insert_with(|| {
            labels.push(label);
            labels.len() - 1
        });
        for polygon in shape {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                for line in ring.lines() {
                    split(line, rule.max_piece, |piece| pieces.push(GeomWithData::new(piece, id)));
                }
            }
        }
    }
    let tree = RTree::bulk_load(pieces);
    let mut shared: HashMap<(usize, usize), f64> = HashMap::new();
    let radius2 = rule.tolerance * rule.tolerance;
    for piece in tree.iter() {
        let line = piece.geom();
        let length = Euclidean.distance(line.start, line.end);
        let mid = Point::from((line.start + line.end) / 2.0);
        let mut near: Vec<usize> = tree
            .locate_within_distance(mid, radius2)
            .map(|other| other.data)
            .filter(|&other| other != piece.data)
            .collect();
        near.sort_unstable();
        near.dedup();
        for other in near {
            *shared.entry((piece.data, other)).or_default() += length;
        }
    }
    Adjacency::from_pairs(shared.iter().filter_map(|(&(a, b), &length)| {
        let back = shared.get(&(b, a)).copied().unwrap_or(0.0);
        (a < b && length >= rule.min_shared && back >= rule.min_shared)
            .then(|| (labels[a].to_owned(), labels[b].to_owned()))
    }))
}

/// Cuts a segment into equal pieces of at most `max` long.
fn split(line: Line, max: f64, mut push: impl FnMut(Line)) {
    let length = Euclidean.distance(line.start, line.end);
    if length == 0.0 {
        return;
    }
    let count = (length / max).ceil().max(1.0) as usize;
    let step = (line.end - line.start) / count as f64;
    for i in 0..count {
        let start = line.start + step * i as f64;
        push(Line::new(start, start + step));
    }
}
