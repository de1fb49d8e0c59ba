//! The PDF report of a wave (`mutu report --format pdf`): the HTML report's content, in
//! the same order, typeset in-process by typst used as a library, on A4 pages in French;
//! and, with the same machinery, the receipt of a body's answer ([`receipt_pdf`]).
//!
//! The layout is a typst template, [`PDF_TEMPLATE`], that a study lead can copy, edit and
//! pass back like the HTML one. The template never receives markup: it reads its variables
//! from a virtual `data.json` (built by `data`) and places the charts from virtual
//! `fig-N.svg` files, so a quote reading `#panic("x")` or `<script>` is printed as text.
//! Fonts are compiled in and nothing is read from the disk or the network (see `world`).

mod data;
mod receipt;
mod typography;
mod world;

pub use receipt::{Receipt, ReceiptItem, ReceiptSection, receipt_pdf};

#[cfg(test)]
mod tests;

use crate::error::RenderError;
use crate::report::{ReportMeta, ReportView};
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::syntax::DiagSpan;
use typst_layout::PagedDocument;
use world::ReportWorld;

/// The default template of the PDF report; its first comment lists the variables it gets.
pub const PDF_TEMPLATE: &str = include_str!("../../templates/report.typ");

/// How many compilations a memoised result of typst outlives unused: enough to reuse the
/// library's and the fonts' work from one report to the next, little enough that a server
/// making reports all day does not keep them all in memory.
const CACHE_AGE: usize = 10;

/// Renders the PDF of a report's view with the default template, or with `template` (the
/// text of a copy of [`PDF_TEMPLATE`] a study lead edited): A4, in French, with a table of
/// contents, the numbered figures and maps each followed by its data table.
///
/// # Errors
///
/// [`RenderError::Pdf`] when the template does not compile or the PDF cannot be written;
/// the message gives typst's diagnostics with their place (`report.typ:12:3`).
pub(crate) fn pdf_report(
    view: &ReportView,
    code: &str,
    meta: &ReportMeta,
    template: Option<&str>,
) -> Result<Vec<u8>, RenderError> {
    compile(view, code, meta, template).map(|(pdf, _warnings)| pdf)
}

/// The PDF and typst's warnings (a font the template names but mutu does not bundle…).
fn compile(
    view: &ReportView,
    code: &str,
    meta: &ReportMeta,
    template: Option<&str>,
) -> Result<(Vec<u8>, Vec<String>), RenderError> {
    let (variables, images) = data::build(view)?;
    let mut files = vec![("data.json".to_owned(), serde_json::to_vec(&variables)?)];
    files.extend(images.into_iter().map(|(name, svg)| (name, svg.into_bytes())));
    let today = report_date(meta.generated_at);
    let world = ReportWorld::new(template.unwrap_or(PDF_TEMPLATE), files, today).map_err(RenderError::Pdf)?;
    typeset(&world, &format!("mutu-{code}"), &meta.version, today)
}

/// Compiles a world into a PDF identified by `ident`: the PDF and typst's warnings.
fn typeset(
    world: &ReportWorld,
    ident: &str,
    version: &str,
    today: Option<Datetime>,
) -> Result<(Vec<u8>, Vec<String>), RenderError> {
    let compiled = typst::compile::<PagedDocument>(world);
    let warnings: Vec<String> = compiled.warnings.iter().map(|d| diagnostic(world, d)).collect();
    let result = compiled.output.map_err(|errors| failure(world, &errors, &warnings)).and_then(|document| {
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(ident.to_owned()),
            creator: Smart::Custom(Some(format!("mutu {version}"))),
            timestamp: today.map(typst_pdf::Timestamp::new_utc),
            ..Default::default()
        };
        typst_pdf::pdf(&document, &options).map_err(|errors| failure(world, &errors, &[]))
    });
    typst::comemo::evict(CACHE_AGE);
    Ok((result?, warnings))
}

/// The day of the report at midnight: what the template's `datetime.today()` gives and the
/// PDF's creation date.
fn report_date(generated_at: time::OffsetDateTime) -> Option<Datetime> {
    let day = generated_at.to_offset(time::UtcOffset::UTC).date();
    Datetime::from_ymd_hms(day.year(), u8::from(day.month()), day.day(), 0, 0, 0)
}

/// Every error, then the warnings, on one line (what the command line prints).
fn failure(world: &ReportWorld, errors: &[SourceDiagnostic], warnings: &[String]) -> RenderError {
    let mut all: Vec<String> = errors.iter().map(|d| diagnostic(world, d)).collect();
    all.extend(warnings.iter().cloned());
    RenderError::Pdf(all.join(" ; ").replace('\n', " "))
}

/// `report.typ:12:3 : erreur : unknown variable: wafe (indice : …)`.
fn diagnostic(world: &ReportWorld, d: &SourceDiagnostic) -> String {
    let severity = match d.severity {
        Severity::Error => "erreur",
        Severity::Warning => "avertissement",
    };
    let mut out = match place(world, d.span) {
        Some(place) => format!("{place} : {severity} : {}", d.message),
        None => format!("{severity} : {}", d.message),
    };
    for hint in &d.hints {
        out.push_str(&format!(" (indice : {})", hint.v));
    }
    out
}

/// `report.typ:12:3`: the file, line and column a span points at (from 1).
fn place(world: &ReportWorld, span: DiagSpan) -> Option<String> {
    let id = span.id()?;
    let name = id.vpath().get_with_slash().trim_start_matches('/').to_owned();
    let start = world.range(span).map(|r| r.start);
    let text = world.text(id);
    let (Some(start), Some(text)) = (start, text) else {
        return Some(name);
    };
    let before = text.get(..start).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some(format!("{name}:{line}:{column}"))
}
