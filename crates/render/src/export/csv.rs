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

/// Writes the answers of a wave as CSV: a header row, then one row per response. Columns:
/// `respondent`, `name`, `departement`, `size_class`, `status`, `submitted_at`, then one per
/// question in questionnaire order (multiple choices as codes joined with `|`), and for the
/// service matrix five per service: `services.<code>.status`, `.mutualisation`, `.types`,
/// `.actors`, `.partners`. A service missing from an answered matrix has status `none` and
/// empty fields; a question left unanswered, an empty cell. Personal questions are left out
/// unless `options.include_personal`. For a wave too large to hold in memory, feed a
/// [`CsvExport`] one response at a time instead.
///
/// # Errors
///
/// [`RenderError::Io`] or [`RenderError::Csv`] when `out` cannot be written to.
pub fn write_csv<W: Write>(
    campaign: &Campaign,
    responses: &[Response],
    options: &ExportOptions,
    out: W,
) -> Result<(), RenderError> {
    let mut export = CsvExport::new(campaign, options, out)?;
    for response in responses {
        export.write(response)?;
    }
    export.finish()
}

/// A CSV export written as responses arrive, so that exporting a national wave streamed from
/// the database needs the memory of one response, not of the whole wave (the layout of
/// [`write_csv`]).
pub struct CsvExport<'a, W: Write> {
    writer: csv::Writer<W>,
    layout: Layout<'a>,
}

impl<'a, W: Write> CsvExport<'a, W> {
    /// Starts the file: byte order mark and header row.
    ///
    /// # Errors
    ///
    /// [`RenderError::Io`] or [`RenderError::Csv`] when `out` cannot be written to.
    pub fn new(campaign: &'a Campaign, options: &ExportOptions, mut out: W) -> Result<Self, RenderError> {
        out.write_all("\u{feff}".as_bytes())?;
        let mut writer = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(out);
        let layout = Layout::new(campaign, options);
        writer.write_record(layout.headers().map(|h| neutralise(&h).into_owned()))?;
        Ok(CsvExport { writer, layout })
    }

    /// Writes one response's row.
    ///
    /// # Errors
    ///
    /// [`RenderError::Csv`] when the row cannot be written.
    pub fn write(&mut self, response: &Response) -> Result<(), RenderError> {
        for cell in self.layout.row(response) {
            let text = match cell {
                Cell::Text(text) => neutralise_cow(text),
                Cell::Number(n) => Cow::Owned(n.to_string().replace('.', ",")),
            };
            self.writer.write_field(text.as_bytes())?;
        }
        // An empty record ends the row of the fields written above.
        self.writer.write_record(std::iter::empty::<&[u8]>())?;
        Ok(())
    }

    /// Flushes what is buffered; the file is complete once this returns.
    ///
    /// # Errors
    ///
    /// [`RenderError::Io`] when `out` cannot be written to.
    pub fn finish(mut self) -> Result<(), RenderError> {
        self.writer.flush()?;
        Ok(())
    }
}
