//! `/vagues/{code}/verbatims`: a wave's verbatims grouped by theme, as the domain's
//! [`verbatims_by_theme`] gives them — anonymised (a body type and a size class), never a
//! name, an interview code or a respondent code. Leads import coded verbatims pasted in a
//! textarea (the columns of `mutu verbatims code`), all or nothing.

use super::{Problems, import_refused, pasted, refused_by_store};
use crate::extract::{Posted, Query, Study, WavePath};
use crate::page::{render, see_other, ser};
use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::http::StatusCode;
use axum::response::Response;
use mutu_domain::codes::CampaignCode;
use mutu_domain::qualitative::verbatims_by_theme;
use mutu_import::qualitative::{VERBATIM_COLUMNS, read_verbatims};
use std::collections::HashSet;

/// What the page shows besides the verbatims: a refused import (its text and errors) or the
/// confirmation of one.
#[derive(Debug, Default)]
struct Extra<'a> {
    problems: Problems,
    text: &'a str,
    notice: Option<String>,
}

async fn verbatims_page(
    state: &AppState,
    lang: &str,
    user: &UserSession,
    code: &CampaignCode,
    status: StatusCode,
    extra: Extra<'_>,
) -> Result<Response, WebError> {
    let meta = state.store.campaign_meta(code).await?;
    let themes = state.store.verbatim_themes().await?;
    let verbatims = state.store.verbatims(code).await?;
    let groups = verbatims_by_theme(&themes, &verbatims);
    let context = minijinja::context! {
        wave => ser(&meta),
        groups => ser(&groups),
        total => verbatims.len(),
        themes => ser(&themes),
        columns => VERBATIM_COLUMNS.join(","),
        errors => ser(&extra.problems),
        text => extra.text,
        notice => extra.notice,
    };
    render(state, lang, status, "qualitative/verbatims.html", Some(user), context)
}

/// `GET /vagues/{code}/verbatims` (every logged-in user).
pub(super) async fn page(s: Study, wave: WavePath, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let (code, form) = (wave.code, query);
    let count = |name: &str| form.get(name).and_then(|n| n.parse::<u64>().ok());
    let notice = count("importes").map(|n| {
        let skipped = count("ignores").unwrap_or(0).to_string();
        state.templates.message(lang, "qual-verbatims-imported", &[("count", n.to_string()), ("skipped", skipped)])
    });
    verbatims_page(&state, lang, &user, &code, StatusCode::OK, Extra { notice, ..Extra::default() }).await
}

/// `POST /vagues/{code}/verbatims`: coded verbatims pasted in the textarea. Lines without a
/// theme are not coded yet: skipped and counted.
pub(super) async fn import(s: Study, wave: WavePath, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let code = wave.code;
    let campaign = state.store.campaign(&code).await?;
    let themes = state.store.verbatim_themes().await?;
    let interviews: HashSet<String> = state.store.interviews().await?.into_iter().map(|i| i.code).collect();
    let text = form.raw("verbatims");
    let refusal = match read_verbatims(&pasted(&state, lang), text, &campaign, &themes, &interviews) {
        Ok((list, _)) if list.is_empty() => state.templates.message(lang, "qual-error-empty", &[]),
        Ok((list, skipped)) => match state.store.import_verbatims(&code, &list).await {
            Ok(n) => {
                state.store.audit(&user.user.email, "verbatims.import", &format!("{code}/{n}")).await?;
                return Ok(see_other(&format!("/vagues/{code}/verbatims?importes={n}&ignores={skipped}")));
            }
            Err(e) => refused_by_store(&state, lang, e)?,
        },
        Err(e) => import_refused(&state, lang, &e),
    };
    let extra = Extra { problems: Problems::one("verbatims", refusal), text, notice: None };
    verbatims_page(&state, lang, &user, &code, StatusCode::UNPROCESSABLE_ENTITY, extra).await
}
