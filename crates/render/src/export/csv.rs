//! The CSV export, made for French Excel: a UTF-8 byte order mark so accents read right,
//! `;` between cells, CRLF line ends (what Excel writes and RFC 4180 asks for), numbers with
//! a decimal comma, and every text cell passed through [`neutralise`] so no answer runs as a
//! formula.

use super::{ExportOptions, Layout};
use crate::cell::{Cell, neutralise, neutralise_cow};
use crate::error::RenderError;
use mutu_domain::answers::Response;
use mutu_domain::campaign::Campaign;
use std::borrow::Cow;
use std::io::Write;

/// Writes the answers of a wave as CSV: a header row, then one row per response, written
/// as it goes (the file is never held whole in memory). Columns: `respondent`, `name`,
/// `departement`, `size_class`, `status`, `submitted_at`, then one per question in
/// questionnaire order (multiple choices as codes joined with `|`), and for the service
/// matrix five per service: `services.<code>.status`, `.mutualisation`, `.types`, `.actors`,
/// `.partners`. A service missing from an answered matrix has status `none` and empty
/// fields; a question left unanswered, an empty cell. Personal questions are left out
/// unless `options.include_personal`.
///
/// # Errors
///
/// [`RenderError::Io`] or [`RenderError::Csv`] when `out` cannot be written to.
pub fn write_csv<W: Write>(
    campaign: &Campaign,
    responses: &[Response],
    options: &ExportOptions,
    mut out: W,
) -> Result<(), RenderError> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(out);
    let layout = Layout::new(campaign, options);
    writer.write_record(layout.headers().map(|h| neutralise(&h).into_owned()))?;
    let mut record: Vec<Cow<str>> = Vec::new();
    for response in responses {
        record.clear();
        record.extend(layout.row(response).map(|cell| match cell {
            Cell::Text(text) => neutralise_cow(text),
            Cell::Number(n) => Cow::Owned(n.to_string().replace('.', ",")),
        }));
        writer.write_record(record.iter().map(|c| c.as_bytes()))?;
    }
    writer.flush()?;
    Ok(())
}
