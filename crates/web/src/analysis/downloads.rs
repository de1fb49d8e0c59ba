//! The report downloads of the analysis page: `rapport.html`, `rapport.xlsx`, `rapport.pdf`
//! of the whole wave, assembled by [`mutu_app::report`] exactly as `mutu report` assembles
//! them (the HTML is the same file, but for the moment it was made), sent as attachments.
//! The PDF and XLSX are built on a blocking thread (typst and the workbook take CPU time a
//! request should not hold the runtime with).

use crate::extract::WavePath;
use crate::{AppState, WebError};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use mutu_app::report::{self, Assembled};
use mutu_render::Audience;

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

/// The XLSX report as bytes: the workbook is written to a path, so through a temporary file.
fn xlsx_bytes(assembled: &Assembled) -> Result<Vec<u8>, mutu_render::RenderError> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("rapport.xlsx");
    assembled.report.write_xlsx(&assembled.responses, &path)?;
    Ok(std::fs::read(&path)?)
}

/// `GET /vagues/{code}/analyse/rapport.{html,xlsx,pdf}`.
pub(super) async fn download(
    State(state): State<AppState>,
    wave: WavePath,
    Path((_, file)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let format = Format::of(&file).ok_or(WebError::NotFound)?;
    let assembled = report::assemble(&state.store, &wave.code, Audience::Study).await?;
    let body = report::render(move || match format {
        Format::Html => assembled.report.html(None).map(String::into_bytes),
        Format::Pdf => assembled.report.pdf(None),
        Format::Xlsx => xlsx_bytes(&assembled),
    })
    .await?;
    // The code is a validated wave code (letters, digits, dashes): safe in a header.
    let disposition =
        HeaderValue::from_str(&format!("attachment; filename=\"rapport-{}.{}\"", wave.code, format.extension()))
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
