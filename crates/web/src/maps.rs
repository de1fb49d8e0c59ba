//! Maps on the pages: drawn by [`mutu_render::maps`] (plain SVG inline, its table beside
//! it), each body linking to its own page. A page draws the targets it is about: the whole
//! wave when it is small enough for one drawing to be read, otherwise the part the page
//! shows (a département, the members of the groups listed), so a national wave's page does
//! not carry the country's 35 000 outlines.

use minijinja::Value;
use mutu_domain::codes::CampaignCode;
use mutu_render::maps::{MapSpec, render_map};

/// Up to this many targets, a map shows the whole wave (the 1 255 EPCI of France fit; the
/// 35 000 communes do not, and are drawn a département or a page at a time).
pub(crate) const WHOLE_WAVE_MAP: usize = 2_000;

/// Up to this many targets, a page draws several maps of them (the analysis: who answered,
/// then its most deployed services). A département of communes (up to 900) gets the
/// participation map alone, so that the page stays under 1 MiB (each outline with its row in
/// the table behind the map weighs about 450 bytes).
pub(crate) const SEVERAL_MAPS: usize = 400;

/// At most this many members of groups on one groups map: a page of fifty groups of
/// communes can hold 4 000 of them; the map then shows the page's first groups only.
pub(crate) const GROUP_MAP_MEMBERS: usize = 600;

/// The map for a template (`svg`, `table`), each body linking to its page in wave `code`.
pub(crate) fn drawn(mut spec: MapSpec, code: &CampaignCode) -> Value {
    spec.link_prefix = Some(format!("/vagues/{code}/cibles/"));
    let map = render_map(&spec);
    minijinja::context! {
        svg => Value::from_safe_string(map.svg),
        table => Value::from_safe_string(map.table.html()),
    }
}
