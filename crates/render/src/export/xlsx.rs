//! The XLSX export: the answers sheet ("Réponses", the same columns as the CSV) and two
//! sheets to read it by ("Questionnaire": question ids and wordings; "Codes": the labels of
//! the codes found in the cells).
//!
//! Strings are always written with `write_string`, never as formulas, so a text such as
//! `=1+1` stays the literal text a respondent typed, without the CSV's apostrophe.

use super::{ExportOptions, Layout};
use crate::cell::Cell;
use crate::error::RenderError;
use mutu_domain::answers::Response;
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::OptionList;
use mutu_domain::questionnaire::{Options, QuestionType};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// Writes the answers of a wave as an XLSX workbook at `path`: a sheet "Réponses" with the
/// columns of [`write_csv`](super::write_csv) (bold header, first row frozen, autofilter),
/// written row by row through a temporary file, then the sheets "Questionnaire" and
/// "Codes". Personal questions are left out unless `options.include_personal`.
///
/// # Errors
///
/// [`RenderError::Xlsx`], naming `path`, when the temporary file or the workbook cannot be
/// written, or when the wave has more responses or columns than a sheet holds.
pub fn write_xlsx(
    campaign: &Campaign,
    responses: &[Response],
    options: &ExportOptions,
    path: &Path,
) -> Result<(), RenderError> {
    build(campaign, responses, options, path).map_err(|source| RenderError::Xlsx { path: path.to_owned(), source })
}

fn build(campaign: &Campaign, responses: &[Response], options: &ExportOptions, path: &Path) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    answers_sheet(&mut workbook, campaign, responses, options, &bold)?;
    questionnaire_sheet(workbook.add_worksheet(), campaign, options, &bold)?;
    codes_sheet(workbook.add_worksheet(), campaign, &bold)?;
    workbook.save(path)
}

/// Adds the sheet "Réponses" to `workbook`: the columns of [`write_csv`](super::write_csv),
/// bold header, first row frozen, autofilter, written row by row through a temporary file.
/// The report's workbook ends with the same sheet.
pub(crate) fn answers_sheet(
    workbook: &mut Workbook,
    campaign: &Campaign,
    responses: &[Response],
    options: &ExportOptions,
    bold: &Format,
) -> Result<(), XlsxError> {
    let layout = Layout::new(campaign, options);
    let headers: Vec<_> = layout.headers().collect();
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name("Réponses")?;
    sheet.set_column_width(1, 40)?;
    let last_row = u32::try_from(responses.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
    let last_col = u16::try_from(headers.len().saturating_sub(1)).map_err(|_| XlsxError::RowColumnLimitError)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    for (col, header) in (0..).zip(&headers) {
        sheet.write_string_with_format(0, col, header.as_ref(), bold)?;
    }
    for (row, response) in (1..).zip(responses) {
        for (col, cell) in (0..).zip(layout.row(response)) {
            match cell {
                Cell::Text(text) if text.is_empty() => {}
                Cell::Text(text) => {
                    sheet.write_string(row, col, text.as_ref())?;
                }
                Cell::Number(n) => {
                    sheet.write_number(row, col, n)?;
                }
            }
        }
    }
    Ok(())
}

/// Writes a header row in bold and freezes it.
fn header(sheet: &mut Worksheet, cells: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (col, cell) in (0..).zip(cells) {
        sheet.write_string_with_format(0, col, *cell, bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Question ids, kinds and wordings; under a service matrix, one row per service.
fn questionnaire_sheet(
    sheet: &mut Worksheet,
    campaign: &Campaign,
    options: &ExportOptions,
    bold: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Questionnaire")?;
    header(sheet, &["id", "type", "libellé", "données personnelles", "exportée"], bold)?;
    sheet.set_column_width(0, 30)?;
    sheet.set_column_width(2, 90)?;
    let questionnaire = &campaign.questionnaire;
    let mut row = 1;
    for question in questionnaire.questions() {
        let exported = options.include_personal || !question.personal;
        let cells = [
            question.id.as_str(),
            kind(question.kind),
            question.label.as_str(),
            if question.personal { "oui" } else { "non" },
            if exported { "oui" } else { "non" },
        ];
        for (col, cell) in (0..).zip(cells) {
            sheet.write_string(row, col, cell)?;
        }
        row += 1;
        if question.kind != QuestionType::ServiceMatrix {
            continue;
        }
        for service in questionnaire.option_codes(question, &campaign.catalogue) {
            let id = format!("{}.{service}", question.id);
            let label = campaign.catalogue.label(OptionList::Services, service);
            for (col, cell) in (0..).zip([id.as_str(), "service", label]) {
                sheet.write_string(row, col, cell)?;
            }
            row += 1;
        }
    }
    Ok(())
}

/// The codes of a service's status and pooling state, with the wording of `questionnaire.md`.
const MATRIX_CODES: [(&str, &str, &str); 6] = [
    ("status", "deployed", "Mis en œuvre"),
    ("status", "studied", "À l'étude"),
    ("status", "none", "Ni l'un ni l'autre"),
    ("mutualisation", "implemented", "Déjà mutualisé"),
    ("mutualisation", "planned", "Le sera à court terme"),
    ("mutualisation", "none", "Non mutualisé"),
];

/// Every code of the catalogue's lists and of the questions' own options, with its label.
fn codes_sheet(sheet: &mut Worksheet, campaign: &Campaign, bold: &Format) -> Result<(), XlsxError> {
    sheet.set_name("Codes")?;
    header(sheet, &["liste", "code", "libellé"], bold)?;
    sheet.set_column_width(1, 30)?;
    sheet.set_column_width(2, 90)?;
    let catalogue = &campaign.catalogue;
    let lists = [
        ("themes", OptionList::Themes),
        ("services", OptionList::Services),
        ("types", OptionList::Types),
        ("actors", OptionList::Actors),
        ("obstacles", OptionList::Obstacles),
        ("support", OptionList::Support),
    ];
    let mut rows: Vec<[&str; 3]> = Vec::new();
    for (name, list) in lists {
        rows.extend(catalogue.codes(list).into_iter().map(|code| [name, code, catalogue.label(list, code)]));
    }
    let mut matrix_fields: Vec<[String; 3]> = Vec::new();
    for question in campaign.questionnaire.questions() {
        match (&question.options, question.kind) {
            (Some(Options::Inline(options)), _) => {
                rows.extend(options.iter().map(|o| [question.id.as_str(), o.code.as_str(), o.label.as_str()]));
            }
            (_, QuestionType::ServiceMatrix) => {
                for (field, code, label) in MATRIX_CODES {
                    matrix_fields.push([format!("{}.*.{field}", question.id), code.to_owned(), label.to_owned()]);
                }
            }
            _ => {}
        }
    }
    rows.extend(matrix_fields.iter().map(|[a, b, c]| [a.as_str(), b.as_str(), c.as_str()]));
    for (row, cells) in (1..).zip(rows) {
        for (col, cell) in (0..).zip(cells) {
            sheet.write_string(row, col, cell)?;
        }
    }
    Ok(())
}

/// The questionnaire file's name of a question kind.
fn kind(kind: QuestionType) -> &'static str {
    match kind {
        QuestionType::SingleChoice => "single_choice",
        QuestionType::MultipleChoice => "multiple_choice",
        QuestionType::Text => "text",
        QuestionType::LongText => "long_text",
        QuestionType::Number => "number",
        QuestionType::ServiceMatrix => "service_matrix",
    }
}
