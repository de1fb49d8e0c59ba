//! Issue 16's chapter « Suites données » through `mutu report`, on the Hauts-de-France EPCI
//! wave: absent while no group concerns the wave; once groups are drawn from it, the HTML,
//! the PDF and the workbook name them with their status, members and last decision; a second
//! wave's report follows them up.

use crate::groups::{hdf_wave, service_with_groups};
use crate::harness::Db;
use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::json;

/// The text of a PDF, every run of spaces made one space; `None` without `pdftotext` (a
/// failure under CI).
fn pdf_text(path: &std::path::Path) -> Option<String> {
    let Ok(out) = std::process::Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(path).arg("-").output() else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "pdftotext is missing under CI: install poppler-utils");
        eprintln!("SKIPPED: pdftotext not found (install the Debian package poppler-utils)");
        return None;
    };
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8(out.stdout).expect("UTF-8").split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A text as the HTML report escapes it.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

/// The HTML report of `wave`.
fn html(db: &Db, wave: &str) -> String {
    let file = format!("{wave}.html");
    db.ok(&["report", "--campaign", wave, "--format", "html", "-o", &file]);
    std::fs::read_to_string(db.path(&file)).expect("the report")
}

/// The HTML chapter « Suites données », from its section to the next one.
fn chapter(html: &str) -> &str {
    let start = html.find("<section id=\"section-suites\">").expect("the chapter « Suites données »");
    let end = html[start..].find("</section>").expect("closed") + start;
    &html[start..end]
}

/// The name of each member, from the group's starting file (`code;nom;…`).
fn member_names(db: &Db, id: &str) -> Vec<String> {
    let file = db.path(&format!("groupe-{id}.csv"));
    db.ok(&["groups", "export", id, "-o", file.to_str().expect("UTF-8 path")]);
    let csv = std::fs::read_to_string(&file).expect("the export");
    csv.lines().skip(1).map(|l| l.split(';').nth(1).expect("a name").trim_matches('"').to_owned()).collect()
}

pub fn the_report_tells_what_the_wave_s_groups_became(db: &Db) {
    hdf_wave(db);
    let before = html(db, "hdf");
    assert!(!before.contains("section-suites") && !before.contains("Suites données"), "no group, no chapter");

    let (service, groups) = service_with_groups(&db.json(&["opportunities", "--campaign", "hdf", "--format", "json"]));
    let spec = format!("{service}:1");
    let args = ["groups", "create", "--campaign", "hdf", "--service", &service, "--from-opportunity", &spec];
    let id = db.ok(&[&args[..], &["--name", "Groupe des voisins"]].concat()).trim().to_owned();
    db.ok(&["groups", "status", &id, "formed"]);
    db.ok(&["groups", "note", &id, "--date", "2026-03-12", "--decision", "Cahier des charges commun"]);
    let names = member_names(db, &id);
    assert_eq!(names.len(), groups[0]["members"].as_array().map(Vec::len).expect("members"));

    let report = html(db, "hdf");
    let suites = chapter(&report);
    assert!(report.contains("href=\"#section-suites\""), "in the table of contents");
    for expected in [
        "Groupes de travail tirés de cette vague",
        "Groupe des voisins",
        "<dt>Statut</dt><dd>constituée</dd>",
        "12 mars 2026 : Cahier des charges commun",
    ] {
        assert!(suites.contains(expected), "{expected:?} missing in {suites}");
    }
    for name in &names {
        assert!(suites.contains(&escaped(name)), "member {name} not named");
    }
    assert!(!suites.contains("Suivi des groupes d'autres vagues"), "nothing to follow in its own wave");

    db.ok(&["report", "--campaign", "hdf", "--format", "pdf", "-o", "hdf.pdf"]);
    if let Some(text) = pdf_text(&db.path("hdf.pdf")) {
        let body = &text[text.rfind("Suites données").expect("the chapter in the PDF")..];
        assert!(body.contains("Groupe des voisins") && body.contains("constituée"), "{body}");
        assert!(body.contains("Cahier des charges commun"), "{body}");
    }

    db.ok(&["report", "--campaign", "hdf", "--format", "xlsx", "-o", "hdf.xlsx"]);
    let mut book: Xlsx<_> = open_workbook(db.path("hdf.xlsx")).expect("xlsx");
    let sheet = book.worksheet_range("Suites données").expect("the sheet « Suites données »");
    let row: Vec<String> = sheet.rows().nth(1).expect("the group").iter().map(Data::to_string).collect();
    assert_eq!(row[..3], ["Groupe de la vague".to_owned(), id.clone(), "Groupe des voisins".to_owned()], "{row:?}");
    assert_eq!(row[7], "constituée");

    // A second wave: its report follows the group; the first member pools, the second
    // deploys alone, the others did not answer.
    let list = db.json(&["groups", "list", "--campaign", "hdf", "--format", "json"]);
    let members: Vec<String> =
        list[0]["members"].as_array().expect("members").iter().map(|m| m.as_str().expect("code").to_owned()).collect();
    db.ok(&["campaign", "create", "hdf-2", "--name", "Vague suivante", "--targets", "epci", "--region", "32"]);
    let line = |code: &str, mutualisation: &str| {
        json!({"respondent": code, "status": "complete",
               "answers": {"services": {&service: {"status": "deployed", "mutualisation": mutualisation}}}})
        .to_string()
    };
    let answers = [line(&members[0], "implemented"), line(&members[1], "none")].join("\n");
    db.ok(&["responses", "import", "--campaign", "hdf-2", &db.write("suite.jsonl", &answers)]);
    let next = html(db, "hdf-2");
    let suites = chapter(&next);
    assert!(!suites.contains("Groupes de travail tirés de cette vague"), "hdf-2 has no group of its own");
    assert!(suites.contains("Suivi des groupes d'autres vagues"), "{suites}");
    assert!(suites.contains("Groupe de la vague hdf") && suites.contains("constituée"), "{suites}");
    let pooling =
        format!("<th scope=\"row\">Mutualisent</th><td class=\"nombre\">1</td><td>{}</td>", escaped(&names[0]));
    assert!(suites.contains(&pooling), "{pooling} missing in {suites}");
    let silent = names.len() - 2;
    assert!(
        suites.contains(&format!("<th scope=\"row\">Sans réponse complète</th><td class=\"nombre\">{silent}</td>"))
    );
}
