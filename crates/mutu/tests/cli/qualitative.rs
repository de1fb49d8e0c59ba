//! The qualitative material and personal data end to end: the seed's annex of actors,
//! interviews, a coding round trip of the answers' free texts, verbatims by theme, the
//! benchmark of structures, and the erasure of a respondent's email leaving every figure.

use super::harness::{Db, fixture_text};
use calamine::{Reader, Xlsx, open_workbook};
use serde_json::Value;

const EMAIL: &str = "contact-200012003@example.org";

pub fn verbatims_come_back_by_theme_without_names(db: &Db) {
    db.load_seed_wave();
    assert!(db.ok(&["actors", "import", "--example"]).contains("27 organisations et 48 personnes"));
    let annex = db.json(&["actors", "list", "--format", "json"]);
    assert_eq!(annex.as_array().map(Vec::len), Some(27));
    let interviews = db.write(
        "entretiens.csv",
        "code,organisation,date,duration_minutes,participants,notes\n\
         E01,Conseil régional,2014-09-10,90,region-1;region-2,Notes privées de l'équipe\n",
    );
    db.ok(&["interviews", "import", &interviews]);
    let sheet = db.ok(&["verbatims", "code", "--campaign", "npdc-2014"]);
    let first = sheet.lines().nth(1).expect("one free text at least");
    assert!(first.starts_with("reponse,,"), "{first}");
    let coded = format!(
        "{}\n{first}strategie;gouvernance\n\
         entretien,E01,,,« Il faut un plan d'ensemble. »,strategie\n",
        sheet.lines().next().unwrap_or_default()
    );
    let file = db.write("codes.csv", &coded);
    db.ok(&["verbatims", "import", "--campaign", "npdc-2014", &file]);
    let groups = db.json(&["verbatims", "list", "--campaign", "npdc-2014", "--format", "json"]);
    assert_eq!(groups[0]["code"], "strategie");
    assert_eq!(groups[0]["verbatims"].as_array().map(Vec::len), Some(2));
    assert_eq!(groups[0]["verbatims"][1]["attribution"], "Région");
    let respondent = first.split(',').nth(2).unwrap_or_default();
    let shown = groups.to_string();
    assert!(!shown.contains(respondent) && !shown.contains("Notes privées"), "{shown}");
    let text = db.ok(&["verbatims", "list", "--campaign", "npdc-2014"]);
    assert!(text.contains("Stratégie (2)") && text.contains("EPCI ("), "{text}");
    let error = db.fails(&[
        "verbatims",
        "import",
        "--campaign",
        "npdc-2014",
        &db.write("bad.csv", &coded.replace("strategie;", "x;")),
    ]);
    assert!(error.contains("bad.csv, ligne 2, champ themes"), "{error}");
}

pub fn the_benchmark_lists_six_structures_with_their_moof(db: &Db) {
    let list = db.json(&["structures", "list", "--format", "json"]);
    let list = list.as_array().expect("a list");
    assert_eq!(list.len(), 6);
    for s in list {
        for key in [
            "name",
            "legal_form",
            "strengths",
            "weaknesses",
            "opportunities",
            "threats",
            "creation_year",
            "territory",
            "members",
            "services",
            "governance",
            "economic_model",
            "sources",
        ] {
            assert!(!s[key].is_null(), "{key} missing in {s}");
        }
    }
    let table = db.ok(&["structures", "list"]);
    assert!(table.contains("GIP e-Bourgogne") && table.contains("Faiblesses"), "{table}");
}

/// Every export of the wave, as text (the XLSX read cell by cell).
fn exports(db: &Db) -> String {
    let mut all = String::new();
    for format in ["jsonl", "csv"] {
        for personal in [false, true] {
            let mut args = vec!["responses", "export", "--campaign", "npdc-2014", "--format", format];
            if personal {
                args.push("--include-personal");
            }
            all.push_str(&db.ok(&args));
        }
    }
    let path = db.path("réponses.xlsx").display().to_string();
    db.ok(&["responses", "export", "--campaign", "npdc-2014", "--format", "xlsx", "--include-personal", "-o", &path]);
    let mut book: Xlsx<_> = open_workbook(&path).expect("xlsx");
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        for row in range.rows() {
            all.extend(row.iter().map(|c| format!("{c}\t")));
        }
    }
    all
}

pub fn erasing_a_respondent_keeps_every_figure(db: &Db) {
    db.load_seed_wave();
    assert!(fixture_text("responses.jsonl").contains(EMAIL));
    let before = db.json(&["analyse", "--campaign", "npdc-2014", "--format", "json"]);
    assert!(exports(db).contains(EMAIL), "the personal export holds the email before erasure");
    let held = db.json(&["people", "export", EMAIL]);
    assert_eq!(held["answers"][0]["respondent"], "200012003");
    let printed = db.ok(&["people", "erase", &EMAIL.to_uppercase()]);
    assert!(printed.contains("1 réponse(s)") && !printed.contains("À revoir"), "{printed}");
    let after = db.json(&["analyse", "--campaign", "npdc-2014", "--format", "json"]);
    assert_eq!(before, after, "every figure of analyse is unchanged");
    assert!(!exports(db).contains(EMAIL), "the email is in no export");
    let held = db.json(&["people", "export", EMAIL]);
    for list in ["users", "contacts", "people_met", "answers", "mail_log", "audit"] {
        assert_eq!(held[list], Value::Array(vec![]), "{list}");
    }
    let register = db.ok(&["people", "register"]);
    assert!(register.contains("30 jours sans activité"), "{register}");
    assert!(db.ok(&["people", "purge", "--dry-run"]).starts_with("Seraient supprimés"));
}
