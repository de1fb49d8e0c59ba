//! The questionnaire pages, whoever types (the respondent, or a lead on their behalf): an
//! overview with the progress count (and, once submitted, the receipt with the answers kept
//! readable), one page per section, the summary and the submission.
//!
//! One page per section rather than one long page: the service matrix alone holds some
//! 1 100 inputs, a save without JavaScript sends and checks one section at a time, a stale
//! save only asks to merge the section the person typed, and a section nav with counts shows
//! what remains. Every page works without JavaScript; the script only adds autosave and
//! hides the questions whose conditions do not hold.

use super::posted::{Posted, merge_section, section_values, validate_all};
use super::views::{self, ErrorLink, SectionView};
use super::{Author, Sheet, prefill, receipt};
use crate::extract::format_in;
use crate::{AppState, WebError};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::value::Serde;
use minijinja::{Value, context};
use mutu_domain::answers::{AnswerError, ResponseStatus, validate};
use mutu_domain::lifecycle::CampaignState;
use mutu_domain::questionnaire::Section;
use mutu_storage::StoreError;
use serde_json::{Map, Value as Json};

/// What a section page shows beside the questions.
#[derive(Default)]
struct Flags {
    saved: bool,
    stale: bool,
}

impl Sheet {
    fn section(&self, id: &str) -> Result<(usize, &Section), WebError> {
        self.campaign.questionnaire.sections.iter().enumerate().find(|(_, s)| s.id == id).ok_or(WebError::NotFound)
    }

    /// The autosave endpoint and the browser's local key, for the respondent only (the
    /// API answers respondent sessions alone; a lead saves with the buttons).
    fn autosave(&self) -> Option<Value> {
        (self.author == Author::Respondent).then(|| {
            let (code, respondent) = (&self.campaign.code, &self.target.code);
            context! {
                url => format!("/api/v1/campaigns/{code}/answers/{respondent}"),
                key => format!("mutu:{code}:{respondent}"),
            }
        })
    }

    /// When the answer was submitted, in words of the page's language; `None` before.
    pub(crate) fn submitted_words(&self, state: &AppState) -> Option<String> {
        self.stored.as_ref().and_then(|s| s.response.submitted_at).map(|at| words_of(state, self.lang, at))
    }

    /// When a reopened answer's submitted copy, still counted, was submitted, in words.
    pub(crate) fn reopened_words(&self, state: &AppState) -> Option<String> {
        self.stored.as_ref().and_then(|s| s.reopened_from).map(|at| words_of(state, self.lang, at))
    }

    /// What every page of the sheet shows: the wave, the body, the nav, who types.
    fn context(&self, state: &AppState, server_answers: &Map<String, Json>, version: i64) -> Value {
        let sections = views::all_sections(&self.campaign.questionnaire, &self.campaign.catalogue, server_answers);
        let submitted_at = self.submitted_words(state);
        let nav: Vec<Value> = sections
            .iter()
            .map(|s| {
                let matrices = || s.questions.iter().filter_map(|q| q.matrix.as_ref());
                context! {
                    id => s.id.clone(), title => s.title.clone(), unanswered => s.unanswered,
                    services_active => matrices().map(|m| m.active).sum::<usize>(),
                    services_total => matrices().map(|m| m.total).sum::<usize>(),
                }
            })
            .collect();
        context! {
            wave => context! {
                code => self.campaign.code.to_string(), name => self.meta.name.clone(), state => self.meta.state.code(),
                closes_on => self.meta.closes_on.map(|d| format_in(self.lang).long_date(d)),
            },
            target => context! { code => self.target.code.clone(), name => self.target.name.clone() },
            base => self.base.clone(),
            csrf => self.csrf.clone(),
            lead => self.entered_by(),
            autosave => self.autosave(),
            version => version,
            answers => Value::from(Serde(server_answers)),
            nav => nav,
            progress => Value::from(Serde(views::progress(&sections))),
            submitted => self.submitted(),
            submitted_at => submitted_at,
            reopened_at => self.reopened_words(state),
            can_reopen => self.submitted() && self.meta.state == CampaignState::Open,
            refusal => self.refusal(state),
            sections => Value::from(Serde(&sections)),
        }
    }

    fn render(&self, state: &AppState, name: &str, status: StatusCode, page: Value) -> Result<Response, WebError> {
        let html = state.templates.render(name, self.lang, page)?;
        Ok((status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html.0).into_response())
    }
}

/// A moment in words of the page's language (« le 12 mars 2026 à 10:04 »).
pub(crate) fn words_of(state: &AppState, lang: &str, at: time::OffsetDateTime) -> String {
    let date = format_in(lang).short_date(at.date());
    let hour = format!("{:02}:{:02}", at.hour(), at.minute());
    state.templates.message(lang, "resp-receipt-at", &[("date", date), ("time", hour)])
}

/// The overview: progress and sections, the prefill offer, or the receipt once submitted.
pub(crate) async fn overview(state: &AppState, sheet: &Sheet, notice: Option<&str>) -> Result<Response, WebError> {
    let raw = sheet.raw();
    let earlier = if sheet.stored.is_none() && sheet.refusal(state).is_none() {
        prefill::earlier(state, sheet)
            .await?
            .map(|(info, _)| context! { code => info.code.to_string(), name => info.name })
    } else {
        None
    };
    // The working groups of this body only: the sheet is the session's own target.
    let groups = crate::groups::of_body(&state.store, &sheet.campaign, &sheet.target.code).await?;
    let page = context! {
        notice => notice,
        earlier => earlier,
        groups => crate::page::ser(&groups),
        ..sheet.context(state, &raw, sheet.version())
    };
    sheet.render(state, "respondent/overview.html", StatusCode::OK, page)
}

/// A section's page with what is stored.
pub(crate) fn section(state: &AppState, sheet: &Sheet, id: &str, saved: bool) -> Result<Response, WebError> {
    let (index, section) = sheet.section(id)?;
    if sheet.refusal(state).is_some() {
        return Ok(Redirect::to(&sheet.base).into_response());
    }
    let raw = sheet.raw();
    render_section(state, sheet, index, section, &raw, &[], Flags { saved, stale: false })
}

/// A section's page showing `shown` (stored or typed answers); its status says why it is
/// shown again: `409` for a stale save, `422` for refused values.
fn render_section(
    state: &AppState,
    sheet: &Sheet,
    index: usize,
    section: &Section,
    shown: &Map<String, Json>,
    errors: &[AnswerError],
    flags: Flags,
) -> Result<Response, WebError> {
    let status = match (flags.stale, errors.is_empty()) {
        (true, _) => StatusCode::CONFLICT,
        (false, false) => StatusCode::UNPROCESSABLE_ENTITY,
        (false, true) => StatusCode::OK,
    };
    let (questionnaire, catalogue) = (&sheet.campaign.questionnaire, &sheet.campaign.catalogue);
    let messages = views::error_messages(errors, &state.templates, sheet.lang);
    let links = views::error_links(&messages, errors, questionnaire, catalogue, &state.templates, sheet.lang, None);
    let view: SectionView = views::section_view(section, questionnaire, catalogue, shown, &messages);
    let next = questionnaire.sections.get(index + 1).map(|s| s.id.clone());
    let server = sheet.raw();
    let page = context! {
        section => Value::from(Serde(&view)),
        errors => Value::from(Serde(&links)),
        saved => flags.saved,
        stale => flags.stale,
        next => next,
        ..sheet.context(state, &server, sheet.version())
    };
    sheet.render(state, "respondent/section.html", status, page)
}

/// Saves one section from a form post: the typed values over what is stored, or the page
/// again with the errors tied to their fields, or the stale-save page offering to merge.
pub(crate) async fn save_section(
    state: &AppState,
    mut sheet: Sheet,
    id: &str,
    body: &[u8],
) -> Result<Response, WebError> {
    let posted = Posted::parse(body);
    let (index, section) = sheet.section(id).map(|(i, s)| (i, s.clone()))?;
    let section = &section;
    if let Some(refusal) = sheet.refusal(state) {
        return Err(WebError::Conflict(refusal));
    }
    let (questionnaire, catalogue) = (&sheet.campaign.questionnaire, &sheet.campaign.catalogue);
    let typed = section_values(section, catalogue, &posted);
    let started_from = posted.version();
    let merged = merge_section(&sheet.raw(), section, typed.clone(), questionnaire);
    if started_from != sheet.version() {
        return render_section(state, &sheet, index, section, &merged, &[], stale());
    }
    let answers = match validate_all(&merged, questionnaire, catalogue) {
        Ok(answers) => answers,
        Err(errors) => return render_section(state, &sheet, index, section, &merged, &errors, Flags::default()),
    };
    let (code, respondent) = (sheet.campaign.code.clone(), sheet.target.code.clone());
    match state.store.save_draft_as(&code, &respondent, &answers, started_from, sheet.entered_by()).await {
        Ok(version) => sheet.record_agent(state, version).await?,
        Err(StoreError::StaleVersion { .. }) => {
            // Another agent saved between our read and our write: show the latest.
            sheet.stored = state.store.response(&code, &respondent).await?;
            let merged = merge_section(&sheet.raw(), section, typed, &sheet.campaign.questionnaire);
            return render_section(state, &sheet, index, section, &merged, &[], stale());
        }
        Err(e) => return Err(e.into()),
    }
    if let Some(email) = sheet.entered_by() {
        state.store.audit(email, "response.entered_on_behalf", &format!("{code}/{respondent}")).await?;
    }
    let base = &sheet.base;
    let to = match (posted.one("action"), sheet.campaign.questionnaire.sections.get(index + 1)) {
        (Some("next"), Some(next)) => format!("{base}/section/{}", next.id),
        (Some("next"), None) => format!("{base}/recapitulatif"),
        _ => format!("{base}/section/{id}?enregistre=1"),
    };
    Ok(Redirect::to(&to).into_response())
}

fn stale() -> Flags {
    Flags { saved: false, stale: true }
}

/// The summary: every answer, the questions still needed, and the button that submits.
pub(crate) fn summary(state: &AppState, sheet: &Sheet) -> Result<Response, WebError> {
    if sheet.refusal(state).is_some() {
        // Submitted or not open: the overview shows the answers read only.
        return Ok(Redirect::to(&sheet.base).into_response());
    }
    render_summary(state, sheet, None, false, StatusCode::OK)
}

fn render_summary(
    state: &AppState,
    sheet: &Sheet,
    error: Option<AnswerError>,
    stale: bool,
    status: StatusCode,
) -> Result<Response, WebError> {
    let (questionnaire, catalogue) = (&sheet.campaign.questionnaire, &sheet.campaign.catalogue);
    let raw = sheet.raw();
    let errors: Vec<AnswerError> = error.into_iter().collect();
    let messages = views::error_messages(&errors, &state.templates, sheet.lang);
    let page_of = |section: &str| format!("{}/section/{section}", sheet.base);
    let links: Vec<ErrorLink> =
        views::error_links(&messages, &errors, questionnaire, catalogue, &state.templates, sheet.lang, Some(&page_of));
    let missing: Vec<Value> = views::all_sections(questionnaire, catalogue, &raw)
        .iter()
        .flat_map(|s| {
            s.questions
                .iter()
                .filter(|q| q.required && q.shown && !q.answered)
                .map(
                    |q| context! { label => q.label.clone(), href => format!("{}#{}", page_of(&s.id), first_input(q)) },
                )
                .collect::<Vec<_>>()
        })
        .collect();
    let page = context! {
        errors => Value::from(Serde(&links)),
        missing => missing,
        stale => stale,
        ..sheet.context(state, &raw, sheet.version())
    };
    sheet.render(state, "respondent/summary.html", status, page)
}

fn first_input(q: &views::QuestionView) -> String {
    q.options.first().map_or_else(|| q.dom.clone(), |o| o.id.clone())
}

/// Submits from the summary's form: checks the answers are complete, then marks them so.
pub(crate) async fn submit(state: &AppState, sheet: &Sheet, body: &[u8]) -> Result<Response, WebError> {
    let posted = Posted::parse(body);
    if sheet.submitted() {
        return Ok(Redirect::to(&sheet.base).into_response());
    }
    if let Some(refusal) = sheet.refusal(state) {
        return Err(WebError::Conflict(refusal));
    }
    if posted.version() != sheet.version() {
        return render_summary(state, sheet, None, true, StatusCode::CONFLICT);
    }
    let (questionnaire, catalogue) = (&sheet.campaign.questionnaire, &sheet.campaign.catalogue);
    if let Err(e) = validate(&sheet.raw(), ResponseStatus::Complete, questionnaire, catalogue) {
        return render_summary(state, sheet, Some(e), false, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (code, respondent) = (&sheet.campaign.code, &sheet.target.code);
    if sheet.stored.is_none() {
        // A questionnaire without required questions can be submitted empty.
        state.store.save_draft_as(code, respondent, &Default::default(), 0, sheet.entered_by()).await?;
    }
    let (submitted, now) = state.store.submit_once(code, respondent).await?;
    if now && sheet.author == Author::Respondent {
        receipt::mail_receipt(state, sheet, &submitted).await;
    }
    sheet.record_agent(state, submitted.version).await?;
    // Who submitted: the lead's email, the agent's through ProConnect, or the invitation
    // link's holder (no personal data).
    match sheet.entered_by() {
        Some(email) => {
            state.store.audit(email, "response.submitted_on_behalf", &format!("{code}/{respondent}")).await?
        }
        None => {
            let actor = sheet.agent.as_deref().unwrap_or("respondent");
            state.store.audit(actor, "response.submit", &format!("{code}/{respondent}")).await?
        }
    }
    Ok(Redirect::to(&format!("{}?transmis=1", sheet.base)).into_response())
}

/// Reopens the sheet's submitted answer to correct it while the wave is open: the draft is
/// edited and submitted again, and meanwhile the analysis counts the submitted version. An
/// answer not submitted (reopened already, by a colleague or a second click) stays as it
/// is; a wave that is not open refuses, saying why.
pub(crate) async fn reopen(state: &AppState, sheet: &Sheet) -> Result<Response, WebError> {
    if !sheet.submitted() {
        return Ok(Redirect::to(&sheet.base).into_response());
    }
    if sheet.meta.state != CampaignState::Open {
        return Err(WebError::Conflict(state.templates.message(sheet.lang, "resp-refused-reopen-closed", &[])));
    }
    let (code, respondent) = (&sheet.campaign.code, &sheet.target.code);
    state.store.reopen_response(code, respondent).await?;
    let subject = format!("{code}/{respondent}");
    match sheet.entered_by() {
        Some(email) => state.store.audit(email, "response.reopen", &subject).await?,
        None => state.store.audit("respondent", "response.reopen", &subject).await?,
    }
    Ok(Redirect::to(&format!("{}?rouvert=1", sheet.base)).into_response())
}
