//! `GET /reponse/accuse.pdf`: the receipt of the body's submitted answer, as a PDF the agent
//! files or passes on (issue 15). The answers are put in words here, as the read-only pages
//! show them (the same section views), and typeset by [`mutu_render::receipt_pdf`]. Before
//! the answer is submitted there is nothing to acknowledge: back to the overview.
//!
//! The same [`Receipt`] is mailed to the body's contact after the respondent's own submit
//! (form or API): [`mail_receipt`], whose text [`mutu_app::mail::receipt`] writes.

use super::views::{QuestionView, all_sections};
use super::{Sheet, own};
use crate::extract::Lang;
use crate::session::RespondentSession;
use crate::{AppState, WebError};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use mutu_app::mail::queue_receipt;
use mutu_render::{Receipt, ReceiptItem, ReceiptSection, receipt_pdf};
use mutu_storage::StoredResponse;

/// One question's answer in lines: a line per ticked option, per service deployed or
/// studied (with its pooling, types and actors), or the typed text.
fn answer_lines(state: &AppState, lang: &str, q: &QuestionView) -> Vec<String> {
    let t = |key: &str| state.templates.message(lang, key, &[]);
    if let Some(matrix) = &q.matrix {
        let ticked = |options: &[super::views::OptionView]| {
            options.iter().filter(|o| o.checked).map(|o| o.label.as_str()).collect::<Vec<_>>().join(", ")
        };
        return matrix
            .themes
            .iter()
            .flat_map(|theme| &theme.services)
            .filter(|s| s.status != "none")
            .map(|s| {
                let mut line = format!("{} : {}", s.label, t(&format!("resp-status-{}", s.status)));
                if s.mutualisation != "none" {
                    line.push_str(&format!(", {}", t(&format!("resp-mutualisation-{}", s.mutualisation))));
                }
                for (label, list) in
                    [(&matrix.types_label, ticked(&s.types)), (&matrix.actors_label, ticked(&s.actors))]
                {
                    if !list.is_empty() {
                        line.push_str(&format!(" — {label} : {list}"));
                    }
                }
                if !s.partners.is_empty() {
                    line.push_str(&format!(" ({})", s.partners));
                }
                line
            })
            .collect();
    }
    if !q.options.is_empty() {
        return q.options.iter().filter(|o| o.checked).map(|o| o.label.clone()).collect();
    }
    if q.value.trim().is_empty() { vec![] } else { vec![q.value.clone()] }
}

/// The receipt of a submitted sheet.
fn receipt(state: &AppState, sheet: &Sheet) -> Receipt {
    let stored = sheet.stored.as_ref();
    receipt_of(state, sheet, &sheet.raw(), stored.and_then(|s| s.response.submitted_at))
}

/// The receipt of `raw` answers of a sheet's body, submitted at `submitted_at`.
fn receipt_of(
    state: &AppState,
    sheet: &Sheet,
    raw: &serde_json::Map<String, serde_json::Value>,
    submitted_at: Option<time::OffsetDateTime>,
) -> Receipt {
    let sections = all_sections(&sheet.campaign.questionnaire, &sheet.campaign.catalogue, raw);
    Receipt {
        wave_code: sheet.campaign.code.to_string(),
        wave: sheet.campaign.name.clone(),
        body: sheet.target.name.clone(),
        body_code: sheet.target.code.clone(),
        submitted_at: submitted_at.map(|at| super::form::words_of(state, sheet.lang, at)).unwrap_or_default(),
        sections: sections
            .iter()
            .map(|s| ReceiptSection {
                title: s.title.clone(),
                items: s
                    .questions
                    .iter()
                    .filter(|q| q.shown)
                    .map(|q| ReceiptItem { question: q.label.clone(), answer: answer_lines(state, sheet.lang, q) })
                    .collect(),
            })
            .collect(),
    }
}

/// Queues the receipt of `submitted`, the sheet's answer just submitted by the respondent,
/// to the body's contact, if it has one. The submit is done whatever happens here: a mail
/// that cannot be queued is logged, not an error.
pub(super) async fn mail_receipt(state: &AppState, sheet: &Sheet, submitted: &StoredResponse) {
    let raw = super::answers_json(&submitted.response.answers);
    let receipt = receipt_of(state, sheet, &raw, submitted.response.submitted_at);
    let (code, respondent) = (&sheet.campaign.code, &sheet.target.code);
    if let Err(e) = queue_receipt(&state.store, code, respondent, &receipt, &state.config.public_url).await {
        tracing::warn!(%code, respondent, error = %e, "accusé de réception non mis en file");
    }
}

/// `GET /reponse/accuse.pdf`.
pub async fn download(State(state): State<AppState>, own: RespondentSession, lang: Lang) -> Result<Response, WebError> {
    let sheet = own::sheet(&state, &own, lang).await?;
    if !sheet.submitted() {
        return Ok(Redirect::to("/reponse").into_response());
    }
    let receipt = receipt(&state, &sheet);
    let pdf = tokio::task::spawn_blocking(move || {
        receipt_pdf(&receipt, time::OffsetDateTime::now_utc(), env!("CARGO_PKG_VERSION"))
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
    .map_err(|e| WebError::from(mutu_app::AppError::from(e)))?;
    let name = format!("attachment; filename=\"accuse-{}-{}.pdf\"", sheet.campaign.code, sheet.target.code);
    let disposition = HeaderValue::from_str(&name).map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        pdf,
    )
        .into_response())
}
