//! `/qualitatif/structures`: the benchmark of pooling structures outside the study's
//! territory — a side-by-side comparison table (one column per structure), then each
//! structure's MOOF (menaces, opportunités, forces, faiblesses) in four lists, every item
//! citing its sources and the study team's judgements marked as such.

use crate::WebError;
use crate::extract::Study;
use crate::page::{render, ser};
use axum::http::StatusCode;
use axum::response::Response;
use mutu_domain::catalogue::Catalogue;
use mutu_domain::qualitative::{PoolingStructure, default_structures};
use serde::Serialize;

/// A row of the comparison table: the message key of its heading, one cell per structure.
#[derive(Debug, PartialEq, Serialize)]
struct Row {
    label: &'static str,
    cells: Vec<String>,
}

/// What a structure shows in a row of the comparison table.
type Cell = fn(&PoolingStructure, &Catalogue) -> String;

/// The comparison table: one row per fact, one column per structure. Services and pooling
/// types are the catalogue's labels.
fn comparison(structures: &[PoolingStructure], catalogue: &Catalogue) -> Vec<Row> {
    let rows: [(&'static str, Cell); 8] = [
        ("qual-structures-legal-form", |s, _| s.legal_form.clone()),
        ("qual-structures-type", |s, c| {
            c.types
                .iter()
                .find(|t| t.code == s.pooling_type)
                .map_or_else(|| s.pooling_type.clone(), |t| t.label.clone())
        }),
        ("qual-structures-created", |s, _| s.creation_year.to_string()),
        ("qual-structures-territory", |s, _| s.territory.clone()),
        ("qual-structures-members", |s, _| s.members.clone()),
        ("qual-structures-services", |s, c| {
            let label = |code: &String| {
                c.services.iter().find(|x| &x.code == code).map_or_else(|| code.clone(), |x| x.label.clone())
            };
            s.services.iter().map(label).collect::<Vec<_>>().join(", ")
        }),
        ("qual-structures-governance", |s, _| s.governance.clone()),
        ("qual-structures-economic-model", |s, _| s.economic_model.clone()),
    ];
    rows.into_iter()
        .map(|(label, cell)| Row { label, cells: structures.iter().map(|s| cell(s, catalogue)).collect() })
        .collect()
}

/// The four MOOF lists, in the acronym's order: the field of [`PoolingStructure`] and the
/// message key of its heading.
const MOOF: [(&str, &str); 4] = [
    ("threats", "qual-moof-threats"),
    ("opportunities", "qual-moof-opportunities"),
    ("strengths", "qual-moof-strengths"),
    ("weaknesses", "qual-moof-weaknesses"),
];

/// `GET /qualitatif/structures` (every logged-in user).
pub(super) async fn page(s: Study) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let structures = default_structures();
    let context = minijinja::context! {
        rows => ser(&comparison(&structures, &Catalogue::default_catalogue())),
        structures => ser(&structures),
        moof => ser(&MOOF),
        current => "structures",
    };
    render(&state, lang, StatusCode::OK, "qualitative/structures.html", Some(&user), context)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_a_cell_per_structure_with_catalogue_labels() {
        let structures = default_structures();
        let catalogue = Catalogue::default_catalogue();
        let rows = comparison(&structures, &catalogue);
        assert!(rows.iter().all(|r| r.cells.len() == 6 && r.cells.iter().all(|c| !c.is_empty())), "{rows:?}");
        let services = rows.iter().find(|r| r.label == "qual-structures-services").expect("services row");
        let first = &catalogue.services.iter().find(|s| s.code == structures[0].services[0]).expect("service").label;
        assert!(services.cells[0].contains(first.as_str()), "{}", services.cells[0]);
    }
}
