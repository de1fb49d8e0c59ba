//! The report downloads of the analysis page: `rapport.html`, `rapport.xlsx`, `rapport.pdf`
//! of the whole wave, made by `mutu_render` exactly as `mutu report` makes them, sent as
//! attachments, the HTML and XLSX with the study's qualitative material the store holds.
//! The PDF and XLSX are built on a blocking thread (typst and the workbook take CPU time a
//! request should not hold the runtime with).

use super::Wave;
use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use mutu_domain::analysis::{Filters, analyse};
use mutu_domain::qualitative::{default_structures, verbatims_by_theme};
use mutu_render::{ReportExtras, ReportMeta, ReportQualitative};

/// What `mutu_render` needs beside the analysis.
pub(crate) fn report_meta(wave: &Wave) -> ReportMeta {
    ReportMeta {
        generated_at: mutu_render::now_utc(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        opens_on: wave.meta.opens_on.clone(),
        closes_on: wave.meta.closes_on.clone(),
        departement_names: wave.departement_names.clone(),
    }
}

/// The formats offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Html,
    Xlsx,
    Pdf,
}

impl Format {
    fn of(file: &str) -> Option<Format> {
        match file {
            "rapport.html" => Some(Format::Html),
            "rapport.xlsx" => Some(Format::Xlsx),
            "rapport.pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Html => "text/html; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Pdf => "application/pdf",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
        }
    }
}

/// The study's material, as `mutu report` gives it: the wave's coded verbatims, the six
/// structures, the actors met (roles only).
async fn qualitative(state: &AppState, wave: &Wave) -> Result<ReportQualitative, WebError> {
    let store = &state.store;
    let themes = verbatims_by_theme(&store.verbatim_themes().await?, &store.verbatims(&wave.meta.code).await?);
    let (organisations, people) = (store.organisations().await?, store.people_met().await?);
    Ok(ReportQualitative::new(themes, default_structures(), &organisations, &people))
}

/// The XLSX report as bytes: `mutu_render` writes to a path, so through a temporary file.
fn xlsx_bytes(wave: &Wave, meta: &ReportMeta, q: Option<&ReportQualitative>) -> Result<Vec<u8>, WebError> {
    let analysis = analyse(&wave.campaign, &wave.responses, &Filters::default());
    let path = std::env::temp_dir().join(format!("mutu-{}.xlsx", crate::security::random_token()));
    let written =
        mutu_render::write_xlsx_report_with_qualitative(&analysis, &wave.campaign, &wave.responses, meta, q, &path)
            .map_err(|e| WebError::Internal(e.to_string()))
            .and_then(|()| std::fs::read(&path).map_err(|e| WebError::Internal(e.to_string())));
    let _ = std::fs::remove_file(&path);
    written
}

/// `GET /vagues/{code}/analyse/rapport.{html,xlsx,pdf}`.
pub(super) async fn download(
    State(state): State<AppState>,
    Path((code, file)): Path<(String, String)>,
    _user: UserSession,
) -> Result<Response, WebError> {
    let format = Format::of(&file).ok_or(WebError::NotFound)?;
    let wave = Wave::from_path(&state, &code).await?;
    let meta = report_meta(&wave);
    let code = wave.meta.code.to_string();
    let qualitative = match format {
        Format::Pdf => None,
        Format::Html | Format::Xlsx => Some(qualitative(&state, &wave).await?),
    };
    let body = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, WebError> {
        let internal = |e: mutu_render::RenderError| WebError::Internal(e.to_string());
        match format {
            Format::Html => {
                let analysis = analyse(&wave.campaign, &wave.responses, &Filters::default());
                let extras = ReportExtras { qualitative, ..ReportExtras::default() };
                let html = mutu_render::html_report_with_extras(&analysis, &wave.campaign, &meta, &extras, None);
                Ok(html.map_err(internal)?.into_bytes())
            }
            Format::Pdf => {
                let analysis = analyse(&wave.campaign, &wave.responses, &Filters::default());
                mutu_render::pdf_report(&analysis, &wave.campaign, &meta, None).map_err(internal)
            }
            Format::Xlsx => xlsx_bytes(&wave, &meta, qualitative.as_ref()),
        }
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))??;
    // The code is a validated wave code (letters, digits, dashes): safe in a header.
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"rapport-{code}.{}\"", format.extension()))
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(format.content_type())),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_three_reports_are_offered() {
        assert_eq!(Format::of("rapport.pdf"), Some(Format::Pdf));
        assert_eq!(Format::of("rapport.xlsx").map(Format::extension), Some("xlsx"));
        assert_eq!(Format::of("rapport.html").map(Format::content_type), Some("text/html; charset=utf-8"));
        assert_eq!(Format::of("../etc/passwd"), None);
    }
}
