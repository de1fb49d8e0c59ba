//! The analysis pages of a wave for its study leads and viewers: every chart of the seed
//! with its data table, filters, the comparison with an earlier wave, the anonymised
//! verbatims, the weighted estimates, the report downloads; publishing the wave; each body's
//! own page (its answers and its profile next to the figures of its size class and
//! département); and the series of several waves.
//!
//! Every number shown comes from [`mutu_domain::analysis::analyse`] and every chart from
//! [`mutu_render::figures`]; this module only chooses what to analyse and lays it out.

mod body;
mod downloads;
pub(crate) mod estimates;
mod page;
mod profile;
mod publication;
mod series;
mod series_view;
mod view;

pub(crate) use view::{figure_views, verbatim_views};

use crate::extract::Form;
use crate::routes::{Access, RouteTable};
use mutu_domain::analysis::Filters;
use mutu_domain::campaign::Campaign;
use mutu_domain::codes::{CampaignCode, DepartementCode};
use mutu_domain::territory::Nature;
use serde::Serialize;

/// Templates of the analysis pages.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("analysis/_estimates.html", include_str!("../../templates/analysis/_estimates.html")),
    ("analysis/_figure.html", include_str!("../../templates/analysis/_figure.html")),
    ("analysis/_verbatims.html", include_str!("../../templates/analysis/_verbatims.html")),
    ("analysis/analysis.html", include_str!("../../templates/analysis/analysis.html")),
    ("analysis/body.html", include_str!("../../templates/analysis/body.html")),
    ("analysis/series.html", include_str!("../../templates/analysis/series.html")),
];

/// The stylesheet of the analysis and public pages: figures, comparison, print.
pub(crate) const CSS: &str = include_str!("../../templates/analysis/analyse.css");

/// Routes of the analysis pages (study side and the respondent's own comparison).
pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/static/analyse.css", Access::Public, || async {
            ([(axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS)
        })
        .get("/vagues/{code}/analyse", Access::Viewer, page::page)
        .get("/vagues/{code}/analyse/{file}", Access::Viewer, downloads::download)
        .post("/vagues/{code}/publier", Access::Lead, publication::publish)
        .post("/vagues/{code}/depublier", Access::Lead, publication::unpublish)
        .get("/vagues/{code}/cibles/{respondent}", Access::Viewer, body::lead_page)
        .get("/reponse/comparaison", Access::Respondent, body::respondent_page)
        .get("/series", Access::Viewer, series::page)
}

/// The filters of the analysis page, read from its query string; values the wave does not
/// know are ignored (the page then shows the unfiltered figures, and the form says so).
#[derive(Debug, Default, Serialize)]
pub(crate) struct Selection {
    /// Main département kept.
    pub departement: Option<String>,
    /// Size class kept.
    pub taille: Option<String>,
    /// Nature kept (`CC`, `CA`…).
    pub nature: Option<String>,
    /// Earlier wave to compare with.
    pub comparer: Option<String>,
}

/// The natures a filter may ask for, in the order of the form.
pub(crate) const NATURES: [Nature; 4] = [Nature::Cc, Nature::Ca, Nature::Cu, Nature::Metro];

impl Selection {
    /// Reads the query string against the wave's size classes.
    pub fn read(form: &Form, campaign: &Campaign) -> Selection {
        let classes = campaign.size_classes.classes();
        Selection {
            departement: form.get("departement").and_then(|d| DepartementCode::parse(d).ok()).map(|d| d.to_string()),
            taille: form.get("taille").filter(|t| classes.iter().any(|c| c.code == *t)).map(str::to_owned),
            nature: form.get("nature").filter(|n| NATURES.iter().any(|x| x.code() == *n)).map(str::to_owned),
            comparer: form.get("comparer").and_then(|c| CampaignCode::parse(c).ok()).map(|c| c.to_string()),
        }
    }

    /// The analysis filters.
    pub fn filters(&self) -> Filters {
        Filters {
            departements: self.departement.iter().filter_map(|d| DepartementCode::parse(d).ok()).collect(),
            size_classes: self.taille.iter().cloned().collect(),
            natures: NATURES.into_iter().filter(|n| self.nature.as_deref() == Some(n.code())).collect(),
        }
    }
}

/// `Communauté de communes`… for a nature code, in French (the reports' wording).
pub(crate) fn nature_label(code: &str) -> &str {
    match code {
        "CC" => "Communauté de communes",
        "CA" => "Communauté d'agglomération",
        "CU" => "Communauté urbaine",
        "METRO" => "Métropole",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use mutu_domain::testing::WaveBuilder;

    fn campaign() -> Campaign {
        WaveBuilder::new("npdc-2014").name("NPDC").build()
    }

    #[test]
    fn filters_keep_known_values_only() {
        let c = campaign();
        let class = c.size_classes.classes()[0].code.clone();
        let query = format!("departement=59&taille={class}&nature=CA&comparer=npdc-2013");
        let s = Selection::read(&Form::parse(query.as_bytes()), &c);
        let f = s.filters();
        assert_eq!(f.departements, vec![DepartementCode::parse("59").unwrap()]);
        assert_eq!((f.size_classes, f.natures), (vec![class], vec![Nature::Ca]));
        assert_eq!(s.comparer.as_deref(), Some("npdc-2013"));
        let s = Selection::read(&Form::parse(b"departement=%3Cscript%3E&taille=xxl&nature=SIVU&comparer=..%2F"), &c);
        assert!(s.filters().is_empty());
        assert_eq!(s.comparer, None);
    }
}
