//! Tests of the exports: formula-safe cells, the CSV dialect for French Excel, the XLSX read
//! back, personal questions, and JSON lines round trips.

use super::*;
use crate::fixtures;
use calamine::{Data, Reader, Xlsx, open_workbook};
use mutu_domain::answers::ResponseStatus;

const HOSTILE: [(&str, &str); 4] =
    [("needs", "=1+1"), ("obstacles_other", "@SUM(A1)"), ("contact_name", "-2"), ("contact_role", "\tcmd")];

/// The fixture's answers, the first one carrying hostile texts.
fn hostile_responses() -> Vec<Response> {
    let mut responses = fixtures::responses();
    let first = &mut responses[0];
    if let Some(Answer::Choices(obstacles)) = first.answers.get_mut("obstacles") {
        obstacles.push("autre".into());
    }
    for (question, text) in HOSTILE {
        first.answers.insert(question.into(), Answer::Text(text.into()));
    }
    if let Some(Answer::Matrix(matrix)) = first.answers.get_mut("services") {
        matrix.get_mut("marches_publics").unwrap().partners = "=HYPERLINK(\"http://x\")".into();
    }
    responses
}

fn csv_text(responses: &[Response], options: &ExportOptions) -> String {
    let mut out = Vec::new();
    write_csv(&fixtures::campaign(), responses, options, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The CSV parsed back: header, then rows.
fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let body = text.strip_prefix('\u{feff}').expect("a BOM first");
    let mut reader = ::csv::ReaderBuilder::new().delimiter(b';').from_reader(body.as_bytes());
    let header = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

fn cell<'a>(header: &[String], row: &'a [String], column: &str) -> &'a str {
    let i = header.iter().position(|h| h == column).unwrap_or_else(|| panic!("no column {column}"));
    &row[i]
}

#[test]
fn csv_is_for_french_excel() {
    let text = csv_text(&fixtures::responses(), &ExportOptions::default());
    assert!(text.starts_with("\u{feff}respondent;name;departement;size_class;status;submitted_at;themes;"));
    assert!(text.contains("\r\n"), "CRLF line ends");
    assert_eq!(text.matches("\r\n").count(), 1 + 5, "a header and one row per response");
    let (header, rows) = csv_rows(&text);
    let catalogue = mutu_domain::catalogue::Catalogue::default_catalogue();
    assert_eq!(header.len(), 6 + 1 + 5 * catalogue.services.len() + 4);
    assert_eq!(
        &header[7..12],
        [
            "services.site_internet.status",
            "services.site_internet.mutualisation",
            "services.site_internet.types",
            "services.site_internet.actors",
            "services.site_internet.partners"
        ]
    );
    let monts = &rows[0];
    assert_eq!(&monts[..6], ["200000001", "CC des Monts", "59", "lt10k", "complete", "2014-09-12T10:31:00Z"]);
    assert_eq!(cell(&header, monts, "themes"), "administration|culture");
    assert_eq!(cell(&header, monts, "services.site_internet.actors"), "epci|communes");
    assert_eq!(cell(&header, monts, "services.marches_publics.partners"), "Centre de gestion 59");
    assert_eq!(cell(&header, monts, "services.wifi_public.status"), "none", "absent service");
    assert_eq!(cell(&header, monts, "services.wifi_public.mutualisation"), "");
    assert_eq!(cell(&header, &rows[4], "status"), "partial");
    assert_eq!(cell(&header, &rows[4], "submitted_at"), "");
}

#[test]
fn csv_neutralises_formulas() {
    let options = ExportOptions { include_personal: true };
    let (header, rows) = csv_rows(&csv_text(&hostile_responses(), &options));
    let row = &rows[0];
    assert_eq!(cell(&header, row, "needs"), "'=1+1");
    assert_eq!(cell(&header, row, "obstacles_other"), "'@SUM(A1)");
    assert_eq!(cell(&header, row, "contact_name"), "'-2");
    assert_eq!(cell(&header, row, "contact_role"), "'\tcmd");
    assert_eq!(cell(&header, row, "services.marches_publics.partners"), "'=HYPERLINK(\"http://x\")");
    let dangerous = ['=', '+', '-', '@', '\t', '\r'];
    assert!(rows.iter().flatten().all(|c| !c.starts_with(dangerous)), "no cell left unsafe");
}

#[test]
fn personal_questions_are_left_out_unless_asked() {
    let personal = ["contact_name", "contact_role", "contact_email"];
    let (header, _) = csv_rows(&csv_text(&fixtures::responses(), &ExportOptions::default()));
    assert!(personal.iter().all(|p| !header.iter().any(|h| h == p)), "{header:?}");
    let text = csv_text(&fixtures::responses(), &ExportOptions::default());
    assert!(!text.contains("jeanne"), "no trace of the respondent's e-mail");
    let (header, rows) = csv_rows(&csv_text(&fixtures::responses(), &ExportOptions { include_personal: true }));
    assert!(personal.iter().all(|p| header.iter().any(|h| h == p)), "{header:?}");
    assert_eq!(cell(&header, &rows[0], "contact_email"), "jeanne.martin@example.org");
}

#[test]
fn number_answers_use_a_decimal_comma() {
    let mut campaign = fixtures::campaign();
    let text = "id = \"q\"\nversion = 1\ntitle = \"Q\"\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n\
        [[sections.questions]]\nid = \"budget\"\ntype = \"number\"\nlabel = \"Budget\"\n";
    campaign.questionnaire = Questionnaire::from_toml(text, &campaign.catalogue).unwrap();
    let mut response = fixtures::responses().remove(0);
    response.answers = [("budget".to_owned(), Answer::Number(-1.5))].into();
    let mut out = Vec::new();
    write_csv(&campaign, &[response], &ExportOptions::default(), &mut out).unwrap();
    let (header, rows) = csv_rows(std::str::from_utf8(&out).unwrap());
    assert_eq!(cell(&header, &rows[0], "budget"), "-1,5", "a number is no text: left as it is");
}

#[test]
fn write_errors_are_reported() {
    struct Broken;
    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disque plein"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let campaign = fixtures::campaign();
    let err = write_csv(&campaign, &fixtures::responses(), &ExportOptions::default(), Broken).unwrap_err();
    assert!(err.to_string().contains("disque plein"), "{err}");
    assert!(write_jsonl_line(&fixtures::responses()[0], Broken).is_err());
}

#[test]
fn jsonl_round_trips() {
    let responses = hostile_responses();
    let mut out = Vec::new();
    for response in &responses {
        write_jsonl_line(response, &mut out).unwrap();
    }
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), responses.len());
    let back: Vec<Response> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(back, responses);
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["answers"]["services"]["sig"]["status"], "studied");
    assert_eq!(first["answers"]["needs"], "=1+1", "JSON keeps texts as typed");
}

#[test]
fn without_personal_drops_personal_answers_only() {
    let campaign = fixtures::campaign();
    let response = &hostile_responses()[0];
    let kept = without_personal(&campaign.questionnaire, response);
    assert!(["contact_name", "contact_role"].iter().all(|p| !kept.answers.contains_key(*p)));
    assert_eq!(kept.answers.len(), response.answers.len() - 3, "name, role and e-mail dropped");
    assert_eq!(kept.answers["needs"], response.answers["needs"]);
}

fn xlsx(options: &ExportOptions) -> (tempfile::TempDir, Xlsx<std::io::BufReader<std::fs::File>>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("réponses.xlsx");
    write_xlsx(&fixtures::campaign(), &hostile_responses(), options, &path).unwrap();
    let workbook = open_workbook(&path).unwrap();
    (dir, workbook)
}

#[test]
fn xlsx_keeps_hostile_texts_as_strings() {
    let (_dir, mut workbook) = xlsx(&ExportOptions { include_personal: true });
    assert_eq!(workbook.sheet_names(), ["Réponses", "Questionnaire", "Codes"]);
    let range = workbook.worksheet_range("Réponses").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let header: Vec<String> = rows[0].iter().map(|d| d.to_string()).collect();
    assert_eq!(header.len(), 6 + 1 + 5 * 46 + 4 + 3);
    assert_eq!(rows.len(), 1 + 5);
    let at = |column: &str| rows[1][header.iter().position(|h| h == column).unwrap()].clone();
    assert_eq!(at("needs"), Data::String("=1+1".into()), "the literal text, no apostrophe");
    assert_eq!(at("obstacles_other"), Data::String("@SUM(A1)".into()));
    assert_eq!(at("contact_name"), Data::String("-2".into()), "a text, not the number −2");
    assert_eq!(at("contact_role"), Data::String("\tcmd".into()));
    assert_eq!(at("respondent"), Data::String("200000001".into()), "codes stay text");
    assert_eq!(at("services.sig.status"), Data::String("studied".into()));
    let formulas = workbook.worksheet_formula("Réponses").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula anywhere");
}

#[test]
fn xlsx_leaves_personal_columns_out_by_default_and_documents_them() {
    let (_dir, mut workbook) = xlsx(&ExportOptions::default());
    let range = workbook.worksheet_range("Réponses").unwrap();
    let header: Vec<String> = range.rows().next().unwrap().iter().map(|d| d.to_string()).collect();
    assert!(!header.iter().any(|h| h.starts_with("contact_")), "{header:?}");
    let questionnaire = workbook.worksheet_range("Questionnaire").unwrap();
    let rows: Vec<Vec<String>> = questionnaire.rows().map(|r| r.iter().map(|d| d.to_string()).collect()).collect();
    assert_eq!(rows[0], ["id", "type", "libellé", "données personnelles", "exportée"]);
    let email = rows.iter().find(|r| r[0] == "contact_email").unwrap();
    assert_eq!(&email[1..], ["text", "Courriel", "oui", "non"]);
    assert!(rows.iter().any(|r| r[0] == "services.sig" && r[2].starts_with("Système d'information géographique")));
    let codes = workbook.worksheet_range("Codes").unwrap();
    assert!(codes.rows().any(|r| r[1] == Data::String("groupement_commandes".into())));
}

#[test]
fn a_missing_matrix_leaves_service_cells_empty() {
    let mut responses = fixtures::responses();
    responses[4].answers.remove("services");
    responses[4].status = ResponseStatus::Partial;
    let (header, rows) = csv_rows(&csv_text(&responses, &ExportOptions::default()));
    assert_eq!(cell(&header, &rows[4], "services.site_internet.status"), "");
}
