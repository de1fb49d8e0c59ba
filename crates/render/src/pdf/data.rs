//! What the PDF template reads: the report's view ([`ReportView`]), the same variables as
//! the HTML template's, as `data.json`, every text with French spacing, and each drawing
//! (figures and maps) as a virtual SVG file named by its `image` key rather than inline.
//!
//! Texts are data for typst: the template shows them with `#value`, which never parses a
//! string as markup, so a quote reading `#panic("x")` is printed, not run.

use super::typography::french_spaces;
use crate::report::ReportView;
use serde_json::Value;

/// The variables of the template and the drawings it places, as `(file name, SVG)`.
pub(super) fn build(view: &ReportView) -> Result<(Value, Vec<(String, String)>), serde_json::Error> {
    let mut images: Vec<(String, String)> =
        view.figure_list.iter().map(|f| (f.image.clone(), drawing(&f.svg))).collect();
    let maps = view.maps.participation.iter().chain(&view.maps.services);
    let group_maps = view.opportunities.iter().flat_map(|o| o.services.iter().filter_map(|s| s.map.as_ref()));
    images.extend(maps.chain(group_maps).map(|m| (m.image.clone(), drawing(&m.svg))));
    let data = french(without_drawings(serde_json::to_value(view)?));
    Ok((data, images))
}

/// The drawing without its title line, which the caption already gives (the HTML report
/// hides it with CSS; its room at the top stays, as there).
fn drawing(svg: &str) -> String {
    svg.lines().filter(|line| !line.starts_with("<text class=\"titre\"")).collect::<Vec<_>>().join("\n")
}

/// The data without the inline drawings: the template reads them from their files.
fn without_drawings(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(without_drawings).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().filter(|(k, _)| k != "svg").map(|(k, v)| (k, without_drawings(v))).collect())
        }
        other => other,
    }
}

/// Every string of the data with French spacing; keys and other values as they are.
fn french(value: Value) -> Value {
    match value {
        Value::String(text) => Value::String(french_spaces(&text)),
        Value::Array(items) => Value::Array(items.into_iter().map(french).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, french(v))).collect()),
        other => other,
    }
}
