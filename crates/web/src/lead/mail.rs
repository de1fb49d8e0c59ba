//! The mail page of a wave: where its outbox stands (queued, sent, failed, sent twice after
//! a crash), the failures with a button to try them again, the scheduled reminder days, the
//! two templates the lead edits with a preview for one target typed by its code (rendered on
//! the server, escaped by the template), the buttons that queue invitations and reminders,
//! and the log, paged. Sending is the worker's ([`mutu_app::mail::worker`]): the page only
//! queues, so it answers at once whatever the number of recipients.

use crate::extract::{Form, Query, Study, WavePath, format_in};
use crate::page::{Invalid, departement_choices, render, ser, translate};
use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::http::StatusCode;
use axum::response::Response;
use mutu_app::mail::template::{PLACEHOLDERS, default_template, fill, values};
use mutu_domain::codes::CampaignCode;
use mutu_domain::lifecycle::CampaignState;
use mutu_storage::{MailKind, MailTemplate};
use serde::Serialize;

/// Failures and log lines shown on one page.
pub(super) const PAGE_SIZE: u64 = 50;

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
    name: String,
    subject: String,
    body: String,
}

/// What the page shows besides the stored data.
#[derive(Default)]
pub(super) struct Extra<'a> {
    /// The query string (preview, pages, what was just done).
    pub query: Form,
    /// A template typed and refused.
    pub typed: Option<&'a MailTemplate>,
    /// Why.
    pub errors: &'a [Invalid],
}

/// The page number `name` of the query (1 when absent or unreadable).
fn page_number(query: &Form, name: &str) -> u64 {
    query.get(name).and_then(|n| n.parse().ok()).filter(|n| *n >= 1).unwrap_or(1)
}

/// The number `name` of the query, if it reads as one.
fn number(query: &Form, name: &str) -> Option<u64> {
    query.get(name).and_then(|n| n.parse().ok())
}

/// A count for a message: the number (to choose the plural) and how people read it.
fn counted(fmt: &mutu_render::Format, n: u64) -> minijinja::Value {
    minijinja::context! { count => n, shown => fmt.thousands(n) }
}

/// Page `number` of `total` items, and the links to its neighbours.
fn pager(code: &CampaignCode, name: &str, number: u64, total: u64) -> minijinja::Value {
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let link = |n: u64| format!("/vagues/{code}/courriels?{name}={n}#{name}");
    minijinja::context! {
        number => number,
        pages => pages,
        previous => (number > 1).then(|| link(number - 1)),
        next => (number < pages).then(|| link(number + 1)),
    }
}

/// The templates of the wave as shown, the one typed and refused in place of its stored one.
async fn templates(
    state: &AppState,
    code: &CampaignCode,
    typed: Option<&MailTemplate>,
) -> Result<Vec<TemplateView>, WebError> {
    let mut views = vec![];
    for kind in [MailKind::Invitation, MailKind::Reminder] {
        let stored = state.store.mail_template(code, kind).await?;
        let custom = stored.is_some();
        let shown = match typed {
            Some(typed) if typed.kind == kind => typed.clone(),
            _ => stored.unwrap_or_else(|| default_template(kind)),
        };
        views.push(TemplateView { kind: kind.code(), subject: shown.subject, body: shown.body, custom });
    }
    Ok(views)
}

/// Renders the mail page of a wave.
pub(super) async fn mail_page(
    state: &AppState,
    lang: &str,
    user: &UserSession,
    status: StatusCode,
    code: &CampaignCode,
    extra: Extra<'_>,
) -> Result<Response, WebError> {
    let meta = state.store.campaign_meta(code).await?;
    let campaign = state.store.campaign(code).await?;
    let fmt = format_in(lang);
    let query = &extra.query;
    let preview_kind = query.get("apercu").and_then(MailKind::parse).filter(|k| k.carries_link());
    let asked = query.get("cible");
    let preview_target = asked.and_then(|c| campaign.targets.iter().find(|t| t.code == c));
    let preview = match (preview_kind, preview_target) {
        (Some(kind), Some(target)) => {
            let template = state.store.mail_template(code, kind).await?.unwrap_or_else(|| default_template(kind));
            let link = state.templates.message(lang, "lead-mail-preview-link", &[]);
            let values = values(&target.name, &link, &meta.name, meta.closes_on);
            Some(Preview {
                kind: kind.code(),
                target: target.code.clone(),
                name: target.name.clone(),
                subject: fill(&template.subject, &values),
                body: fill(&template.body, &values),
            })
        }
        _ => None,
    };
    let outbox = state.store.mail_status(code).await?;
    let failures_page = page_number(query, "echecs");
    let failures = state.store.failed_mail(code, (failures_page - 1) * PAGE_SIZE, PAGE_SIZE).await?;
    let failures_view: Vec<_> =
        failures.items.iter().map(|f| minijinja::context! { at => fmt.moment(f.at), mail => ser(f) }).collect();
    let log_page = page_number(query, "journal");
    let log = state.store.mail_log_page(code, (log_page - 1) * PAGE_SIZE, PAGE_SIZE).await?;
    let log_view: Vec<_> =
        log.items.iter().map(|e| minijinja::context! { at => fmt.moment(e.sent_at), entry => ser(e) }).collect();
    let reminder_days: Vec<_> = state
        .store
        .reminder_days(code)
        .await?
        .into_iter()
        .map(|r| {
            minijinja::context! {
                day => r.day.to_string(),
                label => fmt.long_date(r.day),
                done => r.done_at.map(|at| fmt.moment(at)),
                queued => r.queued.map(|n| fmt.thousands(n)),
            }
        })
        .collect();
    let names = state.store.departement_names().await?;
    let departements = departement_choices(&campaign, &names);
    let context = minijinja::context! {
        wave => ser(&meta),
        draft => meta.state == CampaignState::Draft,
        closed => meta.state == CampaignState::Closed,
        relay => state.config.smtp.is_some(),
        outbox => minijinja::context! {
            queued => fmt.thousands(outbox.queued),
            sent => fmt.thousands(outbox.sent),
            failed => fmt.thousands(outbox.failed),
            resent => fmt.thousands(outbox.resent),
            any_failed => outbox.failed > 0,
            any_resent => outbox.resent > 0,
        },
        failures => failures_view,
        failures_pager => pager(code, "echecs", failures_page, failures.total),
        reminder_days => reminder_days,
        templates => ser(&templates(state, code, extra.typed).await?),
        placeholders => PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>(),
        preview => ser(&preview),
        preview_kind => preview_kind.map(MailKind::code),
        preview_asked => asked,
        preview_unknown => asked.is_some() && preview_target.is_none(),
        contacts => fmt.thousands(state.store.contact_count(code).await?),
        log => log_view,
        log_total => counted(&fmt, log.total),
        log_pager => pager(code, "journal", log_page, log.total),
        size_classes => ser(campaign.size_classes.classes()),
        departements => ser(&departements),
        queued_now => number(query, "file").map(|n| counted(&fmt, n)),
        waiting_now => number(query, "deja").filter(|n| *n > 0).map(|n| fmt.thousands(n)),
        retried_now => number(query, "relances").map(|n| counted(&fmt, n)),
        saved => query.get("enregistre"),
        errors => ser(&translate(state, lang, extra.errors)),
    };
    render(state, lang, status, "lead/mail.html", Some(user), context)
}

/// `GET /vagues/{code}/courriels` (`?apercu=invitation|reminder&cible=CODE` for a preview,
/// `?echecs=N` and `?journal=N` for the pages of failures and of the log).
pub(super) async fn page(s: Study, wave: WavePath, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let extra = Extra { query, ..Extra::default() };
    mail_page(&state, lang, &user, StatusCode::OK, &wave.code, extra).await
}
