//! The study's qualitative material on the study side: the organisations and people met,
//! the interviews, a wave's verbatims by theme and the benchmark of pooling structures.
//!
//! Who sees what: every logged-in user reads the organisations met with the *roles* of the
//! people met, the verbatims (anonymised: a body type and a size class, never a name or a
//! code) and the benchmark. Names and emails of people met are personal data: only leads
//! and administrators see them. Interviews carry notes private to the study team: their pages
//! are for leads and administrators only (a viewer gets `403`, like every lead-only page), and
//! no other page reads them. Every change is a `POST` checked for role and anti-forgery token;
//! imports are all or nothing and a refusal names the line at fault.

mod actors;
mod interviews;
mod structures;
mod verbatims;

use crate::routes::{Access, RouteTable};
use crate::{AppState, WebError};
use mutu_import::ImportError;
use mutu_storage::StoreError;
use serde::Serialize;
use std::collections::BTreeMap;

/// Templates of the qualitative pages.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("qualitative/nav.html", include_str!("../../templates/qualitative/nav.html")),
    ("qualitative/actors.html", include_str!("../../templates/qualitative/actors.html")),
    ("qualitative/interviews.html", include_str!("../../templates/qualitative/interviews.html")),
    ("qualitative/interview.html", include_str!("../../templates/qualitative/interview.html")),
    ("qualitative/interview_fields.html", include_str!("../../templates/qualitative/interview_fields.html")),
    ("qualitative/verbatims.html", include_str!("../../templates/qualitative/verbatims.html")),
    ("qualitative/structures.html", include_str!("../../templates/qualitative/structures.html")),
];

/// Routes of the qualitative pages.
pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/qualitatif/acteurs", Access::Viewer, actors::page)
        .post("/qualitatif/acteurs/import", Access::Lead, actors::import)
        .post("/qualitatif/acteurs/exemple", Access::Lead, actors::example)
        .post("/qualitatif/acteurs/organisation", Access::Lead, actors::update_organisation)
        .post("/qualitatif/acteurs/organisation/supprimer", Access::Lead, actors::delete_organisation)
        .post("/qualitatif/acteurs/personnes", Access::Lead, actors::add_person)
        .post("/qualitatif/acteurs/personnes/supprimer", Access::Lead, actors::delete_person)
        .get("/qualitatif/entretiens", Access::Lead, interviews::page)
        .post("/qualitatif/entretiens", Access::Lead, interviews::add)
        .post("/qualitatif/entretiens/import", Access::Lead, interviews::import)
        .get("/qualitatif/entretiens/{code}", Access::Lead, interviews::edit_page)
        .post("/qualitatif/entretiens/{code}", Access::Lead, interviews::update)
        .post("/qualitatif/entretiens/{code}/supprimer", Access::Lead, interviews::delete)
        .get("/qualitatif/structures", Access::Viewer, structures::page)
        .get("/vagues/{code}/verbatims", Access::Viewer, verbatims::page)
        .post("/vagues/{code}/verbatims", Access::Lead, verbatims::import)
}

/// Errors of a form, shaped as the study side's templates read them: `list` for the summary
/// at the top (each links to its field), `by_field` for the message under each input. Field
/// ids are built at run time here (`o3-nom`: the fourth organisation's name).
#[derive(Debug, Default, Serialize)]
pub(crate) struct Problems {
    list: Vec<Problem>,
    by_field: BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
struct Problem {
    field: String,
    message: String,
}

impl Problems {
    /// No error.
    fn none() -> Self {
        Problems::default()
    }

    /// One error, on `field`.
    fn one(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut problems = Problems::default();
        problems.add(field, message);
        problems
    }

    /// Adds an error on `field` (the first one of a field shows under it).
    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        let (field, message) = (field.into(), message.into());
        self.by_field.entry(field.clone()).or_insert_with(|| message.clone());
        self.list.push(Problem { field, message });
    }

    /// Whether there is none.
    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// A pasted file refused by its reader: the message names the line and the field.
fn import_refused(state: &AppState, lang: &str, error: &ImportError) -> String {
    state.templates.message(lang, "qual-error-import", &[("detail", error.to_string())])
}

/// A write the store refuses because of what the person asked (an unknown or duplicate name,
/// a removal that must wait): its message for the form. Anything else stays an error.
fn refused_by_store(state: &AppState, lang: &str, error: StoreError) -> Result<String, WebError> {
    match error {
        StoreError::NotFound(_) | StoreError::Conflict(_) | StoreError::Invalid(_) => {
            Ok(state.templates.message(lang, "qual-error-store", &[("detail", error.to_string())]))
        }
        other => Err(other.into()),
    }
}

/// The name an import error gives to pasted text, in `lang`.
fn pasted(state: &AppState, lang: &str) -> String {
    state.templates.message(lang, "qual-pasted", &[])
}
