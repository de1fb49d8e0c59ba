//! The administrators' audit journal (« Journal d'audit »): who changed what — answers, wave
//! states, invitations, accounts, qualitative material — newest first, a hundred entries a
//! page with a link to older ones, filtered by actor and by action prefix.
//!
//! Reading it changes nothing; it is for administrators only because actors and some
//! subjects are email addresses.

use crate::WebError;
use crate::extract::{Form, Query, Study, format_in};
use crate::page::{render, ser};
use axum::http::StatusCode;
use axum::response::Response;
use mutu_storage::AuditFilter;
use serde::Serialize;

/// Entries shown on one page.
pub const PAGE_SIZE: u32 = 100;

/// Where the journal is served.
pub const PATH: &str = "/admin/journal";

/// A line of the journal's table.
#[derive(Debug, Serialize)]
struct Line {
    /// RFC 3339, for `<time datetime>`.
    stamp: String,
    /// As people read it.
    at: String,
    actor: String,
    action: String,
    subject: String,
}

/// The query of the page: `acteur`, `action` (a prefix) and `avant` (the page's cursor).
fn read_filter(form: &Form) -> Result<AuditFilter, WebError> {
    let before = form
        .get("avant")
        .map(|v| v.parse::<i64>().map_err(|_| WebError::BadRequest("Position dans le journal illisible.".into())))
        .transpose()?;
    Ok(AuditFilter {
        actor: form.get("acteur").map(str::to_owned),
        action_prefix: form.get("action").map(str::to_owned),
        before,
        limit: PAGE_SIZE,
    })
}

/// The link to the page older than `cursor`, keeping the filters.
fn older_link(filter: &AuditFilter, cursor: i64) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if let Some(actor) = &filter.actor {
        query.append_pair("acteur", actor);
    }
    if let Some(action) = &filter.action_prefix {
        query.append_pair("action", action);
    }
    query.append_pair("avant", &cursor.to_string());
    format!("{PATH}?{}", query.finish())
}

/// `GET /admin/journal`.
pub(super) async fn page(s: Study, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let filter = read_filter(&query)?;
    let fmt = format_in(lang);
    let page = state.store.audit_page(&filter).await?;
    let lines: Vec<Line> = page
        .entries
        .into_iter()
        .map(|e| Line {
            at: fmt.moment(e.at),
            stamp: mutu_render::rfc3339(e.at),
            actor: e.actor,
            action: e.action,
            subject: e.subject,
        })
        .collect();
    let context = minijinja::context! {
        lines => ser(&lines),
        actors => state.store.audit_actors().await?,
        actor => filter.actor.clone().unwrap_or_default(),
        action => filter.action_prefix.clone().unwrap_or_default(),
        older => page.older.map(|cursor| older_link(&filter, cursor)),
        paged => filter.before.is_some(),
        path => PATH,
    };
    render(&state, lang, StatusCode::OK, "lead/audit.html", Some(&user), context)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_older_link_keeps_the_filters_encoded() {
        let filter = read_filter(&Form::parse(b"acteur=anne%40x.fr&action=campaign.&avant=42")).expect("filter");
        assert_eq!(filter.actor.as_deref(), Some("anne@x.fr"));
        assert_eq!(filter.before, Some(42));
        assert_eq!(older_link(&filter, 7), "/admin/journal?acteur=anne%40x.fr&action=campaign.&avant=7");
        assert!(read_filter(&Form::parse(b"avant=x")).is_err());
        assert_eq!(read_filter(&Form::parse(b"acteur=&action=")).expect("empty").actor, None);
    }
}
