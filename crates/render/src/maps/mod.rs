//! Maps of a wave as SVG written by hand: participation, the deployment and pooling of one
//! service, and the pooling opportunity groups of one service.
//!
//! Pooling is a matter of neighbours, so the answers read best on a map. Like the charts,
//! maps are drawn here rather than by a library so the output is small, has no script, is
//! the same byte for byte from one run to the next (snapshot tests, coordinates with one
//! fixed decimal) and carries what accessibility asks: `role="img"`, a `<title>`, a `<desc>`
//! counting every category, categories told apart by grey levels and fill patterns (readable
//! in black and white), a `<title>` on every target (its name and value, shown on hover),
//! and the [`Table`] listing every target with its value beside the drawing.
//!
//! A [`MapSpec`] is the model (categories, targets with their outlines in WGS84); its
//! constructors ([`MapSpec::participation`], [`MapSpec::service`], [`MapSpec::groups`])
//! build the three kinds from a wave, and [`render_map`] draws any of them, projected with
//! the wave's [`Projection`](mutu_domain::geography::Projection).

mod kinds;
mod svg;

pub use kinds::{Outlines, outlines_of};

#[cfg(test)]
mod tests;

use crate::charts::Table;
use mutu_domain::geography::geo::MultiPolygon;

/// How the targets of a category are filled: a grey level or a pattern, never colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Solid dark ink.
    Dark,
    /// Solid medium grey-blue.
    Medium,
    /// Solid light grey-blue.
    Light,
    /// White.
    Blank,
    /// Dark diagonal hatching on white.
    Hatched,
    /// Dark dots on white.
    Dotted,
    /// Dark cross-hatching on white.
    CrossHatched,
    /// Dark horizontal stripes on white.
    Striped,
    /// Light grey diagonal hatching: the targets that did not answer.
    Silent,
}

/// A category of the map: its CSS class, its legend and its fill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// Suffix of the class of its targets' paths (`cat-{key}`); letters, digits and `-`.
    pub key: String,
    /// Its name in the legend and the table.
    pub label: String,
    /// How its targets are filled.
    pub fill: Fill,
}

/// One target of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapTarget {
    /// SIREN of the EPCI or INSEE code of the commune (`data-code` of its path).
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its outline, WGS84 (longitude, latitude); `None` when no contour is known (it is
    /// listed in the table, not drawn).
    pub shape: Option<MultiPolygon>,
    /// Index of its category in [`MapSpec::categories`].
    pub category: usize,
    /// A short text drawn on it (a group number), if any.
    pub mark: Option<String>,
}

/// A map to draw: what [`render_map`] takes.
#[derive(Debug, Clone, PartialEq)]
pub struct MapSpec {
    /// Prefix of every id inside the SVG, so several maps can share one page.
    pub id: String,
    /// Title, drawn above the map and in its `<title>`.
    pub title: String,
    /// Source line drawn under the map.
    pub source: String,
    /// Header of the table's first column (`EPCI`, `Commune`).
    pub target_header: String,
    /// Header of the table's value column.
    pub value_header: String,
    /// The categories, in legend order.
    pub categories: Vec<Category>,
    /// The targets, in table order.
    pub targets: Vec<MapTarget>,
    /// When set, each target's path is a link to this prefix followed by its code (in the
    /// web pages: a click or Enter on a body opens its own page).
    pub link_prefix: Option<String>,
}

/// A drawn map and its text alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapOutput {
    /// The map as a standalone SVG element (it can also sit inline in HTML).
    pub svg: String,
    /// Every target with its value, for screen readers and black-and-white print.
    pub table: Table,
}

/// Draws a map: one `<path>` per target with a contour, the legend, a scale bar in
/// kilometres, and the table of every target. Pure: the same spec gives the same bytes.
pub fn render_map(spec: &MapSpec) -> MapOutput {
    MapOutput { svg: svg::render(spec), table: table(spec) }
}

impl MapSpec {
    /// The map of the targets `keep` admits only, framed on them: a national wave's page
    /// draws the part it shows (a département, the members of the groups listed), not the
    /// country's 35 000 outlines.
    #[must_use]
    pub fn restricted_to(mut self, keep: impl Fn(&str) -> bool) -> MapSpec {
        self.targets.retain(|t| keep(&t.code));
        self
    }

    /// The label of a target's category (`–` for an index out of range).
    fn value_of(&self, target: &MapTarget) -> &str {
        self.categories.get(target.category).map_or("–", |c| c.label.as_str())
    }

    /// How many targets fall in each category, in legend order.
    fn counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.categories.len()];
        for target in &self.targets {
            if let Some(count) = counts.get_mut(target.category) {
                *count += 1;
            }
        }
        counts
    }
}

/// The table: one row per target, `Name (code)` then its category.
fn table(spec: &MapSpec) -> Table {
    let mut table = Table::new(spec.title.clone(), vec![spec.target_header.clone(), spec.value_header.clone()]);
    for target in &spec.targets {
        table.row(format!("{} ({})", target.name, target.code), vec![spec.value_of(target).to_owned()]);
    }
    table
}
