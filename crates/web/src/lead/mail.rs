//! The mail page of a wave: the two templates the lead edits, a preview for one target
//! (rendered on the server, escaped by the template), sending invitations and reminders, and
//! the log of what was sent. Without a configured relay the page says so and sends nothing.

use super::mailer::{self, PLACEHOLDERS};
use crate::extract::{Form, Posted, Query, Study, WavePath, format_in};
use crate::page::{Invalid, render, see_other, ser, translate};
use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::http::StatusCode;
use axum::response::Response;
use mutu_domain::codes::{CampaignCode, DepartementCode};
use mutu_domain::lifecycle::CampaignState;
use mutu_storage::{MailKind, MailTemplate};
use serde::Serialize;
use std::collections::BTreeSet;

/// A template as the page shows it.
#[derive(Debug, Serialize)]
struct TemplateView {
    kind: &'static str,
    subject: String,
    body: String,
    custom: bool,
}

/// A rendered preview.
#[derive(Debug, Serialize)]
struct Preview {
    kind: &'static str,
    target: String,
    subject: String,
    body: String,
}

/// What the page shows besides the stored data.
#[derive(Default)]
struct Extra<'a> {
    query: Form,
    typed: Option<&'a MailTemplate>,
    errors: &'a [Invalid],
}

async fn mail_page(
    state: &AppState,
    lang: &str,
    user: &UserSession,
    status: StatusCode,
    code: &CampaignCode,
    extra: Extra<'_>,
) -> Result<Response, WebError> {
    let meta = state.store.campaign_meta(code).await?;
    let campaign = state.store.campaign(code).await?;
    let mut templates = vec![];
    for kind in [MailKind::Invitation, MailKind::Reminder] {
        let stored = state.store.mail_template(code, kind).await?;
        let custom = stored.is_some();
        let shown = match extra.typed {
            Some(typed) if typed.kind == kind => typed.clone(),
            _ => stored.unwrap_or_else(|| mailer::default_template(kind)),
        };
        templates.push(TemplateView { kind: kind.code(), subject: shown.subject, body: shown.body, custom });
    }
    let preview_kind = extra.query.get("apercu").and_then(MailKind::parse);
    let preview_target = extra.query.get("cible").and_then(|c| campaign.targets.iter().find(|t| t.code == c));
    let preview = match (preview_kind, preview_target) {
        (Some(kind), Some(target)) => {
            let template =
                state.store.mail_template(code, kind).await?.unwrap_or_else(|| mailer::default_template(kind));
            let link = state.templates.message(lang, "lead-mail-preview-link", &[]);
            let values = mailer::values(&target.name, &link, &meta.name, meta.closes_on);
            Some(Preview {
                kind: kind.code(),
                target: target.code.clone(),
                subject: mailer::fill(&template.subject, &values),
                body: mailer::fill(&template.body, &values),
            })
        }
        _ => None,
    };
    let contacts = state.store.contacts(code).await?.len();
    let log: Vec<_> = state
        .store
        .mail_log(code)
        .await?
        .into_iter()
        .map(|e| minijinja::context! { at => format_in(lang).moment(e.sent_at), entry => ser(&e) })
        .collect();
    let names = state.store.departement_names().await?;
    let departements: Vec<(String, String)> = campaign
        .targets
        .iter()
        .map(|t| t.departement.to_string())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|d| {
            let label = names.get(&d).map_or_else(|| d.clone(), |n| format!("{n} ({d})"));
            (d, label)
        })
        .collect();
    let context = minijinja::context! {
        wave => ser(&meta),
        open => meta.state == CampaignState::Open,
        mail_ready => state.config.smtp.is_some(),
        templates => ser(&templates),
        placeholders => PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>(),
        targets => ser(&campaign.targets.iter().map(|t| (&t.code, &t.name)).collect::<Vec<_>>()),
        preview => ser(&preview),
        contacts => contacts,
        log => log,
        size_classes => ser(campaign.size_classes.classes()),
        departements => ser(&departements),
        sent => extra.query.get("envoyes"),
        failed => extra.query.get("echecs"),
        skipped => extra.query.get("ignores"),
        saved => extra.query.get("enregistre"),
        errors => ser(&translate(state, lang, extra.errors)),
    };
    render(state, lang, status, "lead/mail.html", Some(user), context)
}

/// `GET /vagues/{code}/courriels` (`?apercu=invitation|reminder&cible=CODE` for a preview).
pub(super) async fn page(s: Study, wave: WavePath, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let extra = Extra { query, ..Extra::default() };
    mail_page(&state, lang, &user, StatusCode::OK, &wave.code, extra).await
}

/// `POST /vagues/{code}/courriels/modele`: saves one template (`kind`, `subject`, `body`).
pub(super) async fn save_template(s: Study, wave: WavePath, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let code = wave.code;
    let kind = form
        .get("kind")
        .and_then(MailKind::parse)
        .ok_or_else(|| WebError::BadRequest("Type de courriel inconnu.".into()))?;
    let template = MailTemplate {
        kind,
        subject: form.get("subject").unwrap_or_default().to_owned(),
        body: form.raw("body").replace("\r\n", "\n"),
    };
    let errors = mailer::check_template(&template);
    if !errors.is_empty() {
        let extra = Extra { typed: Some(&template), errors: &errors, ..Extra::default() };
        return mail_page(&state, lang, &user, StatusCode::UNPROCESSABLE_ENTITY, &code, extra).await;
    }
    state.store.set_mail_template(&code, &template).await?;
    state.store.audit(&user.user.email, &format!("mail.template.{}", kind.code()), code.as_str()).await?;
    Ok(see_other(&format!("/vagues/{code}/courriels?enregistre=1")))
}

/// Checks what every sending needs: a relay, an open wave.
fn ready_to_send(state: &AppState, wave: WavePath) -> Result<CampaignCode, WebError> {
    let (code, meta) = (wave.code, wave.meta);
    if state.config.smtp.is_none() {
        return Err(WebError::Conflict(mailer::NOT_CONFIGURED.into()));
    }
    if meta.state != CampaignState::Open {
        return Err(WebError::Conflict(format!(
            "La vague {code} est {} : ouvrez-la avant d'écrire aux répondants.",
            meta.state.label()
        )));
    }
    Ok(code)
}

fn after_sending(code: &CampaignCode, outcome: mailer::Outcome) -> Response {
    see_other(&format!(
        "/vagues/{code}/courriels?envoyes={}&echecs={}&ignores={}",
        outcome.sent, outcome.failed, outcome.skipped
    ))
}

/// `POST /vagues/{code}/courriels/invitations`: invitations to targets with a contact email
/// (`portee=missing`: only those without a working link), each with a fresh link.
pub(super) async fn send_invitations(s: Study, wave: WavePath, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    let code = ready_to_send(&state, wave)?;
    let only_missing = form.get("portee") == Some("missing");
    let statuses = state.store.target_statuses(&code).await?;
    let recipients = mailer::invitation_recipients(statuses, &state.store.contacts(&code).await?, only_missing);
    let outcome = mailer::send(&state, &code, MailKind::Invitation, recipients).await?;
    state.store.audit(&user.user.email, "mail.invitations", code.as_str()).await?;
    Ok(after_sending(&code, outcome))
}

/// `POST /vagues/{code}/courriels/relances`: reminders to targets without a complete answer
/// (optionally of one size class `taille` and one `departement`), each with a fresh link.
pub(super) async fn send_reminders(s: Study, wave: WavePath, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    let code = ready_to_send(&state, wave)?;
    let campaign = state.store.campaign(&code).await?;
    let size_class = form.get("taille");
    if size_class.is_some_and(|c| campaign.size_classes.get(c).is_none()) {
        return Err(WebError::BadRequest("Classe de taille inconnue.".into()));
    }
    let departement = form
        .get("departement")
        .map(|d| DepartementCode::parse(d).map_err(|e| WebError::BadRequest(e.to_string())))
        .transpose()?;
    let statuses = state.store.target_statuses(&code).await?;
    let contacts = state.store.contacts(&code).await?;
    let recipients =
        mailer::reminder_recipients(statuses, &contacts, &campaign.size_classes, size_class, departement.as_ref());
    let outcome = mailer::send(&state, &code, MailKind::Reminder, recipients).await?;
    let mut subject = code.to_string();
    for (name, value) in [("taille", size_class), ("departement", departement.as_ref().map(|d| d.as_str()))] {
        if let Some(value) = value {
            subject.push_str(&format!(" {name}={value}"));
        }
    }
    state.store.audit(&user.user.email, "mail.reminders", &subject).await?;
    Ok(after_sending(&code, outcome))
}
