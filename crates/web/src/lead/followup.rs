//! Live follow-up of a wave: participation by size class and by département, as the analysis
//! core computes it (never recounted here), and where each target stands, with filters in the
//! query string. A lead can reopen a submitted answer from here.

use crate::WebError;
use crate::extract::{Form, Query, Study, TargetPath, WavePath, format_in};
use crate::page::{render, see_other, ser};
use axum::http::StatusCode;
use axum::response::Response;
use mutu_domain::analysis::{Count, Filters, analyse};
use mutu_domain::answers::ResponseStatus;
use mutu_domain::codes::DepartementCode;
use mutu_render::Format;
use mutu_storage::TargetStatus;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The follow-up's filter on where a target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Progress {
    /// Nothing saved yet.
    NotOpened,
    /// A draft.
    Draft,
    /// Submitted.
    Complete,
}

impl Progress {
    /// The code used in URLs and templates.
    pub fn code(self) -> &'static str {
        match self {
            Progress::NotOpened => "non_ouvert",
            Progress::Draft => "brouillon",
            Progress::Complete => "complet",
        }
    }

    fn parse(code: &str) -> Option<Self> {
        [Progress::NotOpened, Progress::Draft, Progress::Complete].into_iter().find(|p| p.code() == code)
    }

    /// Where a target stands.
    pub fn of(status: Option<ResponseStatus>) -> Self {
        match status {
            None => Progress::NotOpened,
            Some(ResponseStatus::Partial) => Progress::Draft,
            Some(ResponseStatus::Complete) => Progress::Complete,
        }
    }
}

/// The filters of the follow-up, read from the query string (unknown values are ignored).
#[derive(Debug, Default, Serialize)]
pub(super) struct Selection {
    statut: Option<&'static str>,
    departement: Option<String>,
    taille: Option<String>,
    #[serde(skip)]
    progress: Option<Progress>,
}

impl Selection {
    fn read(form: &Form, size_classes: &[String]) -> Self {
        let progress = form.get("statut").and_then(Progress::parse);
        Selection {
            statut: progress.map(Progress::code),
            progress,
            departement: form.get("departement").and_then(|d| DepartementCode::parse(d).ok()).map(|d| d.to_string()),
            taille: form.get("taille").filter(|t| size_classes.iter().any(|c| c == t)).map(str::to_owned),
        }
    }

    /// The analysis filters: département and size class (the status filter only sorts the list).
    fn filters(&self) -> Filters {
        Filters {
            departements: self.departement.iter().filter_map(|d| DepartementCode::parse(d).ok()).collect(),
            size_classes: self.taille.iter().cloned().collect(),
            natures: vec![],
        }
    }
}

/// A participation line as shown: `6/10` and its rate.
#[derive(Debug, Serialize)]
struct CountView {
    label: String,
    code: String,
    respondents: u64,
    targets: u64,
    rate: String,
}

fn count_view(code: &str, label: String, count: &Count, fmt: &Format) -> CountView {
    CountView {
        label,
        code: code.to_owned(),
        respondents: count.respondents,
        targets: count.targets,
        rate: fmt.percent(count.rate),
    }
}

/// A line of the list of targets.
#[derive(Debug, Serialize)]
struct TargetView {
    code: String,
    name: String,
    departement: String,
    size_class: String,
    progress: &'static str,
    updated_at: Option<String>,
    invited: bool,
    entered_by: Option<String>,
}

/// `GET /vagues/{code}`.
pub(super) async fn page(s: Study, wave: WavePath, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let (code, meta) = (wave.code, wave.meta);
    let fmt = format_in(lang);
    let campaign = state.store.campaign(&code).await?;
    let responses = state.store.responses(&code).await?;
    let statuses: Vec<TargetStatus> = state.store.target_statuses(&code).await?;
    let names: BTreeMap<String, String> = state.store.departement_names().await?;
    let classes = campaign.size_classes.classes();
    let selection = Selection::read(&query, &classes.iter().map(|c| c.code.clone()).collect::<Vec<_>>());
    let filters = selection.filters();
    let analysis = analyse(&campaign, &responses, &filters);
    let participation = &analysis.participation;
    let label_of =
        |code: &str| classes.iter().find(|c| c.code == code).map_or_else(|| code.to_owned(), |c| c.label.clone());
    let dep_name = |d: &str| names.get(d).map_or_else(|| d.to_owned(), |n| format!("{n} ({d})"));
    let by_size: Vec<CountView> = participation
        .by_size_class
        .iter()
        .map(|c| count_view(&c.size_class, label_of(&c.size_class), &c.count, &fmt))
        .collect();
    let by_departement: Vec<CountView> = participation
        .by_departement
        .iter()
        .map(|d| count_view(d.departement.as_str(), dep_name(d.departement.as_str()), &d.count, &fmt))
        .collect();
    let targets: Vec<TargetView> = statuses
        .into_iter()
        .filter_map(|s| {
            let class = campaign.size_classes.class_of(s.target.population);
            let progress = Progress::of(s.status);
            let kept = filters.admits(&s.target, &class.code) && selection.progress.is_none_or(|p| p == progress);
            kept.then(|| TargetView {
                departement: dep_name(s.target.departement.as_str()),
                size_class: class.label.clone(),
                progress: progress.code(),
                updated_at: s.updated_at.map(|t| fmt.moment(t)),
                invited: s.invited,
                entered_by: s.entered_by,
                code: s.target.code,
                name: s.target.name,
            })
        })
        .collect();
    let departements: Vec<(String, String)> = campaign
        .targets
        .iter()
        .map(|t| t.departement.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|d| (d.to_owned(), dep_name(d)))
        .collect();
    let context = minijinja::context! {
        wave => ser(&meta),
        opens_on => meta.opens_on.map(|d| fmt.short_date(d)),
        closes_on => meta.closes_on.map(|d| fmt.short_date(d)),
        total => ser(&count_view("total", String::new(), &participation.total, &fmt)),
        by_size => ser(&by_size),
        by_departement => ser(&by_departement),
        targets => ser(&targets),
        selection => ser(&selection),
        size_classes => ser(classes),
        departements => ser(&departements),
        mail_ready => state.config.smtp.is_some(),
    };
    render(&state, lang, StatusCode::OK, "lead/followup.html", Some(&user), context)
}

/// `POST /vagues/{code}/cibles/{respondent}/rouvrir`: a submitted answer becomes a draft again.
pub(super) async fn reopen(s: Study, wave: WavePath, TargetPath(respondent): TargetPath) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    let code = wave.code;
    state.store.reopen_response(&code, &respondent).await?;
    state.store.audit(&user.user.email, "response.reopen", &format!("{code}/{respondent}")).await?;
    Ok(see_other(&format!("/vagues/{code}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_ignore_unknown_values() {
        let classes = vec!["lt10k".to_owned(), "ge90k".to_owned()];
        let s = Selection::read(&Form::parse(b"statut=complet&departement=59&taille=lt10k"), &classes);
        assert_eq!(s.progress, Some(Progress::Complete));
        assert_eq!(s.filters().departements, vec![DepartementCode::parse("59").unwrap()]);
        assert_eq!(s.filters().size_classes, ["lt10k"]);
        let s = Selection::read(&Form::parse(b"statut=perdu&departement=%3Cscript%3E&taille=xxl"), &classes);
        assert_eq!((s.progress, s.departement.as_deref(), s.taille.as_deref()), (None, None, None));
        assert!(s.filters().is_empty());
    }

    #[test]
    fn progress_follows_the_stored_status() {
        assert_eq!(Progress::of(None), Progress::NotOpened);
        assert_eq!(Progress::of(Some(ResponseStatus::Partial)), Progress::Draft);
        assert_eq!(Progress::of(Some(ResponseStatus::Complete)).code(), "complet");
    }
}
