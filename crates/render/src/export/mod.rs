//! Exports of a wave's answers, for `mutu responses export`: JSON lines (the import format,
//! for round trips and backups), CSV for French Excel and an XLSX workbook.
//!
//! CSV and XLSX share one column layout (identity columns, then one column per question, the
//! service matrix spread over five columns per service), so a file opened in either shows the
//! same table.

mod csv;
mod xlsx;

pub use csv::{CsvExport, write_csv};
pub(crate) use xlsx::answers_sheet;
pub use xlsx::write_xlsx;

use crate::cell::Cell;
use crate::error::RenderError;
use mutu_domain::answers::{Answer, Mutualisation, Response, ServiceAnswer, ServiceStatus};
use mutu_domain::campaign::{Campaign, Target};
use mutu_domain::catalogue::OptionList;
use mutu_domain::questionnaire::{Question, QuestionType, Questionnaire};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;

/// What a CSV or XLSX export holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Whether answers to personal questions (`personal = true` in the questionnaire: the
    /// respondent's name, role and e-mail) are exported; left out by default.
    pub include_personal: bool,
}

/// Writes one response as a line of JSON, in the answers file format of the stable
/// interfaces (`mutu responses import` reads such lines back); an export writes one line per
/// response as it streams them from the database. Everything given is written, personal
/// answers included: pass the response through [`without_personal`] first for a file that
/// leaves the study team.
///
/// # Errors
///
/// [`RenderError::Io`] when `out` cannot be written to.
pub fn write_jsonl_line<W: Write>(response: &Response, mut out: W) -> Result<(), RenderError> {
    serde_json::to_writer(&mut out, response)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// A copy of a response without its answers to the questionnaire's personal questions.
pub fn without_personal(questionnaire: &Questionnaire, response: &Response) -> Response {
    let mut response = response.clone();
    response.answers.retain(|id, _| questionnaire.question(id).is_none_or(|q| !q.personal));
    response
}

/// A field of one service in the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ServiceField {
    Status,
    Mutualisation,
    Types,
    Actors,
    Partners,
}

impl ServiceField {
    const ALL: [ServiceField; 5] = [Self::Status, Self::Mutualisation, Self::Types, Self::Actors, Self::Partners];

    fn name(self) -> &'static str {
        match self {
            Self::Status => "status",
            Self::Mutualisation => "mutualisation",
            Self::Types => "types",
            Self::Actors => "actors",
            Self::Partners => "partners",
        }
    }

    /// What the field holds, in French, for the open data's Table Schema.
    fn description(self) -> &'static str {
        match self {
            Self::Status => "statut (deployed : mis en œuvre, studied : à l'étude, none : ni l'un ni l'autre)",
            Self::Mutualisation => {
                "mutualisation (implemented : déjà mutualisé, planned : le sera à court terme, none : non)"
            }
            Self::Types => "types de mutualisation (codes séparés par « | »)",
            Self::Actors => "acteurs participant à la mutualisation (codes séparés par « | »)",
            Self::Partners => "partenaires cités (texte libre)",
        }
    }
}

/// One column of the CSV and XLSX exports.
#[derive(Debug, Clone, Copy)]
enum Column<'a> {
    Respondent,
    Name,
    Departement,
    SizeClass,
    Status,
    SubmittedAt,
    /// A question other than the service matrix.
    Question(&'a Question),
    /// One field of one service of a matrix question.
    Service {
        question: &'a Question,
        service: &'a str,
        field: ServiceField,
    },
}

/// The columns of an export and how to fill them for one response.
pub(crate) struct Layout<'a> {
    campaign: &'a Campaign,
    targets: BTreeMap<&'a str, &'a Target>,
    columns: Vec<Column<'a>>,
}

impl<'a> Layout<'a> {
    /// `respondent`, `name`, `departement`, `size_class`, `status`, `submitted_at`, then one
    /// column per question in questionnaire order (personal ones only when asked), five per
    /// service for a service matrix (`services.<code>.status`, `.mutualisation`, `.types`,
    /// `.actors`, `.partners`).
    pub(crate) fn new(campaign: &'a Campaign, options: &ExportOptions) -> Self {
        let mut columns = vec![
            Column::Respondent,
            Column::Name,
            Column::Departement,
            Column::SizeClass,
            Column::Status,
            Column::SubmittedAt,
        ];
        let questionnaire = &campaign.questionnaire;
        for question in questionnaire.questions().filter(|q| options.include_personal || !q.personal) {
            if question.kind == QuestionType::ServiceMatrix {
                for service in questionnaire.option_codes(question, &campaign.catalogue) {
                    columns.extend(ServiceField::ALL.map(|field| Column::Service { question, service, field }));
                }
            } else {
                columns.push(Column::Question(question));
            }
        }
        Layout { campaign, targets: campaign.target_index(), columns }
    }

    /// The header row.
    pub(crate) fn headers(&self) -> impl Iterator<Item = Cow<'a, str>> + '_ {
        self.columns.iter().map(|column| match column {
            Column::Respondent => "respondent".into(),
            Column::Name => "name".into(),
            Column::Departement => "departement".into(),
            Column::SizeClass => "size_class".into(),
            Column::Status => "status".into(),
            Column::SubmittedAt => "submitted_at".into(),
            Column::Question(q) => Cow::Borrowed(q.id.as_str()),
            Column::Service { question, service, field } => {
                format!("{}.{service}.{}", question.id, field.name()).into()
            }
        })
    }

    /// What each column holds, in French, and whether it holds numbers (answers to a number
    /// question): the Table Schema of the open data's answers file.
    pub(crate) fn descriptions(&self) -> impl Iterator<Item = (String, bool)> + '_ {
        let catalogue = &self.campaign.catalogue;
        self.columns.iter().map(move |column| match *column {
            Column::Respondent => {
                ("Code de la collectivité répondante (SIREN de l'EPCI ou code INSEE de la commune)".into(), false)
            }
            Column::Name => ("Nom officiel de la collectivité".into(), false),
            Column::Departement => ("Code de son département principal".into(), false),
            Column::SizeClass => ("Code de sa classe de taille (selon sa population)".into(), false),
            Column::Status => ("État de la réponse : complete (soumise) ou partial (brouillon)".into(), false),
            Column::SubmittedAt => ("Date et heure de soumission (RFC 3339)".into(), false),
            Column::Question(q) => match q.kind {
                QuestionType::MultipleChoice => (format!("{} (codes séparés par « | »)", q.label), false),
                QuestionType::Number => (q.label.clone(), true),
                _ => (q.label.clone(), false),
            },
            Column::Service { service, field, .. } => {
                (format!("{} : {}", catalogue.label(OptionList::Services, service), field.description()), false)
            }
        })
    }

    /// The row of one response, unneutralised (each writer makes its cells safe).
    pub(crate) fn row<'r>(&'r self, response: &'r Response) -> impl Iterator<Item = Cell<'r>> + 'r {
        let target = self.targets.get(response.respondent.as_str()).copied();
        self.columns.iter().map(move |column| match *column {
            Column::Respondent => text(&response.respondent),
            Column::Name => target.map_or_else(Cell::empty, |t| text(&t.name)),
            Column::Departement => target.map_or_else(Cell::empty, |t| text(t.departement.as_str())),
            Column::SizeClass => {
                target.map_or_else(Cell::empty, |t| text(&self.campaign.size_classes.class_of(t.population).code))
            }
            Column::Status => text(response.status.code()),
            Column::SubmittedAt => {
                response.submitted_at.map_or_else(Cell::empty, |at| Cell::Text(crate::rfc3339(at).into()))
            }
            Column::Question(q) => response.answers.get(&q.id).map_or_else(Cell::empty, answer_cell),
            Column::Service { question, service, field } => match response.answers.get(&question.id) {
                Some(Answer::Matrix(matrix)) => service_cell(matrix.get(service), field),
                _ => Cell::empty(),
            },
        })
    }
}

fn text(value: &str) -> Cell<'_> {
    Cell::Text(Cow::Borrowed(value))
}

/// A whole answer in one cell: codes joined with `|`, a text or a number as is.
fn answer_cell(answer: &Answer) -> Cell<'_> {
    match answer {
        Answer::Choices(codes) => Cell::Text(codes.join("|").into()),
        Answer::Text(value) => text(value),
        Answer::Number(n) => Cell::Number(*n),
        // A matrix under a question that is not one cannot come from a validated answer;
        // it is kept whole rather than lost.
        Answer::Matrix(matrix) => Cell::Text(serde_json::to_string(matrix).unwrap_or_default().into()),
    }
}

/// One field of a service; a service missing from an answered matrix is `none` with empty
/// fields, as the answers file format reads it.
fn service_cell(answer: Option<&ServiceAnswer>, field: ServiceField) -> Cell<'_> {
    let Some(answer) = answer else {
        return if field == ServiceField::Status { text("none") } else { Cell::empty() };
    };
    match field {
        ServiceField::Status => text(match answer.status {
            ServiceStatus::Deployed => "deployed",
            ServiceStatus::Studied => "studied",
            ServiceStatus::None => "none",
        }),
        ServiceField::Mutualisation => text(match answer.mutualisation {
            Mutualisation::Implemented => "implemented",
            Mutualisation::Planned => "planned",
            Mutualisation::None => "none",
        }),
        ServiceField::Types => Cell::Text(answer.types.join("|").into()),
        ServiceField::Actors => Cell::Text(answer.actors.join("|").into()),
        ServiceField::Partners => text(&answer.partners),
    }
}

#[cfg(test)]
mod tests;
