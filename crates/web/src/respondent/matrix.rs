//! The service matrix: its view (services grouped by theme, each a fieldset of native radios
//! and checkboxes, so Tab and the arrow keys work without any script) and the reading of its
//! posted fields.
//!
//! A service left out of the answers counts as "ni l'un ni l'autre" (interfaces.md), and the
//! domain keeps no row for it; so the form shows that choice ticked for every service not
//! answered otherwise, and counts the services deployed or studied.

use super::posted::{Posted, codes_json};
use super::views::{OptionView, dom_id};
use mutu_domain::catalogue::{Catalogue, OptionList};
use mutu_domain::questionnaire::Question;
use serde::Serialize;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// The actor whose choice asks for named partners.
const OTHER_ACTORS: &str = "autres";

/// The matrix as a page shows it.
#[derive(Debug, Serialize)]
pub(crate) struct MatrixView {
    /// Themes holding at least one service, in catalogue order.
    pub themes: Vec<ThemeView>,
    /// Number of services.
    pub total: usize,
    /// Services deployed or studied.
    pub active: usize,
    /// Wording of the pooling types sub-question.
    pub types_label: String,
    /// Wording of the actors sub-question.
    pub actors_label: String,
    /// Wording of the partners sub-question.
    pub partners_label: String,
}

/// One theme of the matrix.
#[derive(Debug, Serialize)]
pub(crate) struct ThemeView {
    /// Theme code.
    pub code: String,
    /// Label.
    pub label: String,
    /// Its services.
    pub services: Vec<ServiceView>,
    /// Its services deployed or studied.
    pub active: usize,
}

/// One service of the matrix.
#[derive(Debug, Serialize)]
pub(crate) struct ServiceView {
    /// Service code.
    pub code: String,
    /// Label (the fieldset's legend).
    pub label: String,
    /// Prefix of the field names (`services.sig`).
    pub name: String,
    /// Prefix of the element ids (`services-sig`).
    pub id: String,
    /// Status code (`none` when not answered).
    pub status: String,
    /// Pooling state code (`none` when not answered).
    pub mutualisation: String,
    /// Pooling types, ticked or not.
    pub types: Vec<OptionView>,
    /// Actors, ticked or not.
    pub actors: Vec<OptionView>,
    /// Named partners.
    pub partners: String,
    /// Errors by sub-field (`status`, `mutualisation`, `types`, `actors`, `partners`).
    pub errors: BTreeMap<String, String>,
}

fn options(catalogue: &Catalogue, list: OptionList, id: &str, checked: &[String]) -> Vec<OptionView> {
    catalogue
        .codes(list)
        .into_iter()
        .map(|code| OptionView {
            code: code.to_owned(),
            label: catalogue.label(list, code).to_owned(),
            id: format!("{id}-{code}"),
            checked: checked.iter().any(|c| c == code),
        })
        .collect()
}

fn strings(value: Option<&Json>) -> Vec<String> {
    value
        .and_then(Json::as_array)
        .map_or_else(Vec::new, |a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
}

/// The matrix view of raw answers (stored or typed), with the errors by field path.
pub(crate) fn view(
    question: &Question,
    catalogue: &Catalogue,
    value: Option<&Json>,
    errors: &BTreeMap<String, String>,
) -> MatrixView {
    let rows = value.and_then(Json::as_object);
    let mut themes = Vec::new();
    for theme in &catalogue.themes {
        let mut services = Vec::new();
        for service in catalogue.services.iter().filter(|s| s.theme == theme.code) {
            let name = format!("{}.{}", question.id, service.code);
            let id = dom_id(&name);
            let row = rows.and_then(|r| r.get(&service.code)).and_then(Json::as_object);
            let text = |key: &str, default: &str| {
                row.and_then(|r| r.get(key)).and_then(Json::as_str).unwrap_or(default).to_owned()
            };
            let row_errors = ["status", "mutualisation", "types", "actors", "partners"]
                .into_iter()
                .filter_map(|f| errors.get(&format!("{name}.{f}")).map(|m| (f.to_owned(), m.clone())))
                .chain(errors.get(&name).map(|m| ("status".to_owned(), m.clone())))
                .collect();
            services.push(ServiceView {
                code: service.code.clone(),
                label: service.label.clone(),
                status: text("status", "none"),
                mutualisation: text("mutualisation", "none"),
                types: options(
                    catalogue,
                    OptionList::Types,
                    &format!("{id}-types"),
                    &strings(row.and_then(|r| r.get("types"))),
                ),
                actors: options(
                    catalogue,
                    OptionList::Actors,
                    &format!("{id}-actors"),
                    &strings(row.and_then(|r| r.get("actors"))),
                ),
                partners: text("partners", ""),
                errors: row_errors,
                name,
                id,
            });
        }
        if services.is_empty() {
            continue;
        }
        let active = services.iter().filter(|s| s.status != "none").count();
        themes.push(ThemeView { code: theme.code.clone(), label: theme.label.clone(), services, active });
    }
    MatrixView {
        total: themes.iter().map(|t| t.services.len()).sum(),
        active: themes.iter().map(|t| t.active).sum(),
        themes,
        types_label: question.types_label.clone().unwrap_or_default(),
        actors_label: question.actors_label.clone().unwrap_or_default(),
        partners_label: question.partners_label.clone().unwrap_or_default(),
    }
}

/// The matrix fields of a posted form as raw answers, forgiving about what the form's
/// conditions hide: the pooling state of a service neither deployed nor studied, the types
/// and actors of one not pooled, the partners without the actor « autres ».
pub(crate) fn posted(question: &Question, catalogue: &Catalogue, posted: &Posted) -> Json {
    let mut rows = Map::new();
    for service in &catalogue.services {
        let name = format!("{}.{}", question.id, service.code);
        let field = |f: &str| format!("{name}.{f}");
        let Some(status) = posted.one(&field("status")) else { continue };
        let mut row = Map::new();
        row.insert("status".into(), status.into());
        let mutualisation = posted.one(&field("mutualisation")).filter(|_| matches!(status, "deployed" | "studied"));
        if let Some(mutualisation) = mutualisation {
            row.insert("mutualisation".into(), mutualisation.into());
            if matches!(mutualisation, "implemented" | "planned") {
                let types = posted.all(&field("types"));
                let actors = posted.all(&field("actors"));
                let partners = posted.one(&field("partners")).map(str::trim).unwrap_or_default();
                if actors.contains(&OTHER_ACTORS) && !partners.is_empty() {
                    row.insert("partners".into(), partners.into());
                }
                if !types.is_empty() {
                    row.insert("types".into(), codes_json(types));
                }
                if !actors.is_empty() {
                    row.insert("actors".into(), codes_json(actors));
                }
            }
        }
        rows.insert(service.code.clone(), Json::Object(row));
    }
    Json::Object(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mutu_domain::questionnaire::Questionnaire;
    use serde_json::json;

    #[test]
    fn hidden_details_are_dropped_and_contradictions_kept_for_the_validation() {
        let catalogue = Catalogue::default_catalogue();
        let questionnaire = Questionnaire::default_questionnaire(&catalogue).expect("default");
        let question = questionnaire.question("services").expect("matrix");
        let body = "services.sig.status=none&services.sig.mutualisation=implemented&services.sig.types=syndicat\
            &services.ads.status=deployed&services.ads.mutualisation=none&services.ads.actors=epci\
            &services.actes.status=studied&services.actes.mutualisation=implemented\
            &services.ent.status=deployed&services.ent.mutualisation=planned&services.ent.actors=epci\
            &services.ent.partners=CAF";
        let raw = posted(question, &catalogue, &Posted::parse(body.as_bytes()));
        assert_eq!(
            raw,
            json!({
                "sig": {"status": "none"},
                "ads": {"status": "deployed", "mutualisation": "none"},
                "actes": {"status": "studied", "mutualisation": "implemented"},
                "ent": {"status": "deployed", "mutualisation": "planned", "actors": ["epci"]}
            })
        );
        let view = view(question, &catalogue, Some(&raw), &BTreeMap::new());
        assert_eq!((view.total, view.active), (46, 3));
        assert_eq!(view.themes.len(), 10, "the theme « autre » holds no service");
    }
}
