//! Live follow-up of a wave: participation by size class and by département, as the analysis
//! core computes it (never recounted here), then where each target stands, fifty at a time,
//! searched and filtered by the database. A lead can reopen a submitted answer from here.
//!
//! The summary comes from the server's cache of the wave ([`mutu_app::cache`]), so a
//! national wave's follow-up does not decode its answers on every visit; the list reads
//! one page of statuses, never the answers.

use super::targets::{TargetFilter, standing_code, standing_of};
use crate::WebError;
use crate::extract::{Query, Study, TargetPath, WavePath, format_in};
use crate::page::{departement_choices, departement_label, render, see_other, ser};
use crate::paging::Pager;
use axum::http::StatusCode;
use axum::response::Response;
use mutu_domain::analysis::Count;
use mutu_render::Format;
use serde::Serialize;

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
    /// The agent who made the last save through ProConnect, when one did.
    agent: Option<String>,
}

/// `GET /vagues/{code}`.
pub(super) async fn page(s: Study, wave: WavePath, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let (code, meta) = (wave.code, wave.meta);
    let fmt = format_in(lang);
    let snapshot = state.waves.wave(&state.store, &code).await?;
    let campaign = &snapshot.campaign;
    let filter = TargetFilter::read(&query, &campaign.size_classes);
    let query = filter.query(&campaign.size_classes);
    let (names, page) = tokio::try_join!(state.store.departement_names(), state.store.target_page(&code, &query))?;
    let analysis = snapshot.analysis(&filter.filters()).await;
    let participation = &analysis.participation;
    let classes = campaign.size_classes.classes();
    let label_of =
        |code: &str| classes.iter().find(|c| c.code == code).map_or_else(|| code.to_owned(), |c| c.label.clone());
    let by_size: Vec<CountView> = participation
        .by_size_class
        .iter()
        .map(|c| count_view(&c.size_class, label_of(&c.size_class), &c.count, &fmt))
        .collect();
    let by_departement: Vec<CountView> = participation
        .by_departement
        .iter()
        .map(|d| count_view(d.departement.as_str(), departement_label(&names, d.departement.as_str()), &d.count, &fmt))
        .collect();
    let codes: Vec<String> = page.rows.iter().map(|r| r.status.target.code.clone()).collect();
    let mut agents = state.store.last_agents(&code, &codes).await?;
    let targets: Vec<TargetView> = page
        .rows
        .into_iter()
        .map(|row| {
            let s = row.status;
            TargetView {
                agent: agents.remove(&s.target.code),
                departement: departement_label(&names, s.target.departement.as_str()),
                size_class: campaign.size_classes.class_of(s.target.population).label.clone(),
                // A reopened answer counts as answered (its submitted copy is), shown apart.
                progress: if s.reopened { "rouverte" } else { standing_code(standing_of(s.status)) },
                updated_at: s.updated_at.map(|t| fmt.moment(t)),
                invited: s.invited,
                entered_by: s.entered_by,
                code: s.target.code,
                name: s.target.name,
            }
        })
        .collect();
    // The lost-link requests hold e-mails: for the leads only.
    let lost = if user.user.role.includes(mutu_domain::lifecycle::Role::Lead) {
        Some(crate::lost_link::followup(&state, &code, &fmt).await?)
    } else {
        None
    };
    let departements = departement_choices(campaign, &names);
    let pager = Pager::new(&format!("/vagues/{code}"), &filter.kept(), filter.page, page.total, "#cibles");
    let context = minijinja::context! {
        wave => ser(&meta),
        opens_on => meta.opens_on.map(|d| fmt.short_date(d)),
        closes_on => meta.closes_on.map(|d| fmt.short_date(d)),
        total => ser(&count_view("total", String::new(), &participation.total, &fmt)),
        filtered => !analysis.filters.is_empty(),
        by_size => ser(&by_size),
        by_departement => ser(&by_departement),
        targets => ser(&targets),
        pager => ser(&pager),
        selection => ser(&filter),
        size_classes => ser(classes),
        departements => ser(&departements),
        mail_ready => state.config.smtp.is_some(),
        lost => lost,
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
