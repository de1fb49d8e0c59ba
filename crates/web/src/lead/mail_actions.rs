//! What a lead does on the mail page: save a template, queue invitations or reminders (the
//! request returns at once, a worker sends them), queue the failures again, add or remove a
//! reminder day. Each goes through [`mutu_app::mail`], as `mutu mail` does.

use super::mail::{Extra, mail_page};
use crate::extract::{Posted, Study, WavePath};
use crate::page::{Invalid, see_other};
use crate::{AppState, WebError};
use axum::response::Response;
use mutu_app::mail::template::{Part, check_template};
use mutu_app::mail::{self, Queued, ReminderFilter};
use mutu_domain::codes::{CampaignCode, DepartementCode};
use mutu_storage::{MailKind, MailTemplate};

/// The error of a template's problem, on its field (`sujet-invitation`, `corps-reminder`…).
fn invalid(kind: MailKind, part: Part, problem: &mail::template::Problem) -> Invalid {
    let field = match (kind, part) {
        (MailKind::Invitation, Part::Subject) => "sujet-invitation",
        (MailKind::Invitation, Part::Body) => "corps-invitation",
        (MailKind::Reminder, Part::Subject) => "sujet-reminder",
        (MailKind::Reminder, Part::Body) => "corps-reminder",
        (MailKind::Group | MailKind::Receipt, Part::Subject) => "sujet-group",
        (MailKind::Group | MailKind::Receipt, Part::Body) => "corps-group",
    };
    match problem {
        mail::template::Problem::Required => Invalid::new(field, "lead-error-required"),
        mail::template::Problem::SubjectLine => Invalid::new(field, "lead-error-subject-line"),
        mail::template::Problem::BodyLink => Invalid::new(field, "lead-error-body-link"),
        mail::template::Problem::Placeholder(name) => {
            Invalid::new(field, "lead-error-placeholder").arg("name", name.clone())
        }
    }
}

/// `POST /vagues/{code}/courriels/modele`: saves one template (`kind`, `subject`, `body`).
pub(super) async fn save_template(s: Study, wave: WavePath, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let code = wave.code;
    let kind = form
        .get("kind")
        .and_then(MailKind::parse)
        // A group's invitation is written from the group, not from a template of the wave.
        .filter(|k| k.carries_link())
        .ok_or_else(|| WebError::BadRequest("Type de courriel inconnu.".into()))?;
    let template = MailTemplate {
        kind,
        subject: form.get("subject").unwrap_or_default().to_owned(),
        body: form.raw("body").replace("\r\n", "\n"),
    };
    let errors: Vec<Invalid> = check_template(&template).iter().map(|(part, p)| invalid(kind, *part, p)).collect();
    if !errors.is_empty() {
        let extra = Extra { typed: Some(&template), errors: &errors, ..Extra::default() };
        return mail_page(&state, lang, &user, axum::http::StatusCode::UNPROCESSABLE_ENTITY, &code, extra).await;
    }
    state.store.set_mail_template(&code, &template).await?;
    state.store.audit(&user.user.email, &format!("mail.template.{}", kind.code()), code.as_str()).await?;
    Ok(see_other(&format!("/vagues/{code}/courriels?enregistre=1")))
}

/// Back to the page, which says how many were queued (and, for a wave in preparation, that
/// the links work once it is opened).
fn after_queuing(code: &CampaignCode, queued: Queued) -> Response {
    see_other(&format!("/vagues/{code}/courriels?file={}&deja={}", queued.queued, queued.already_waiting))
}

/// `POST /vagues/{code}/courriels/invitations`: queues an invitation to each target with a
/// contact email (`portee=missing`: only those without a working link).
pub(super) async fn queue_invitations(s: Study, wave: WavePath, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    let only_missing = form.get("portee") == Some("missing");
    let queued = mail::queue_invitations(&state.store, &wave.code, only_missing, &user.user.email).await?;
    Ok(after_queuing(&wave.code, queued))
}

/// `POST /vagues/{code}/courriels/relances`: queues a reminder to each target without a
/// complete answer (optionally of one size class `taille` and one `departement`).
pub(super) async fn queue_reminders(s: Study, wave: WavePath, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    let departement = form
        .get("departement")
        .map(|d| DepartementCode::parse(d).map_err(|e| WebError::BadRequest(e.to_string())))
        .transpose()?;
    let filter = ReminderFilter { size_class: form.get("taille").map(str::to_owned), departement };
    let queued = match mail::queue_reminders(&state.store, &wave.code, &filter, &user.user.email).await {
        Err(mutu_app::AppError::NotFound(_)) if filter.size_class.is_some() => {
            return Err(WebError::BadRequest("Classe de taille inconnue.".into()));
        }
        other => other?,
    };
    Ok(after_queuing(&wave.code, queued))
}

/// `POST /vagues/{code}/courriels/echecs/relancer`: queues every failed mail again.
pub(super) async fn retry_failures(s: Study, wave: WavePath) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    let code = wave.code;
    let count = state.store.retry_failed_mail(&code).await?;
    state.store.audit(&user.user.email, "mail.retry", code.as_str()).await?;
    Ok(see_other(&format!("/vagues/{code}/courriels?relances={count}")))
}

/// The reminder day of the form's `jour` (`AAAA-MM-JJ`).
fn day_of(form: &crate::extract::Form) -> Result<time::Date, WebError> {
    let text = form.get("jour").ok_or_else(|| WebError::BadRequest("Jour de relance manquant.".into()))?;
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format)
        .map_err(|_| WebError::BadRequest(format!("Jour « {text} » invalide : format attendu AAAA-MM-JJ.")))
}

async fn change_day(
    state: &AppState,
    wave: &WavePath,
    actor: &str,
    add: bool,
    form: &crate::extract::Form,
) -> Result<Response, WebError> {
    let day = day_of(form)?;
    let code = &wave.code;
    // Removing a day the wave does not have changes nothing, like adding one twice.
    if add {
        state.store.add_reminder_day(code, day).await?;
    } else {
        state.store.remove_reminder_day(code, day).await?;
    }
    let action = if add { "mail.schedule.add" } else { "mail.schedule.remove" };
    state.store.audit(actor, action, &format!("{code} {day}")).await?;
    Ok(see_other(&format!("/vagues/{code}/courriels#relances-programmees")))
}

/// `POST /vagues/{code}/courriels/jours`: adds a reminder day (`jour`).
pub(super) async fn add_day(s: Study, wave: WavePath, Posted(form): Posted) -> Result<Response, WebError> {
    change_day(&s.state, &wave, &s.user.user.email, true, &form).await
}

/// `POST /vagues/{code}/courriels/jours/supprimer`: removes a reminder day (`jour`).
pub(super) async fn remove_day(s: Study, wave: WavePath, Posted(form): Posted) -> Result<Response, WebError> {
    change_day(&s.state, &wave, &s.user.user.email, false, &form).await
}
