//! Bad input is refused with one line naming the file, line and field, and leaves the
//! database as it was; exports are safe to open in Excel.

use super::harness::{Db, fixture, fixture_text};

/// `s` with line `n` (1-based) replaced by `f(line)`, line endings kept as they are (the
/// territory fixture has CRLF ones).
fn replace_line(s: &str, n: usize, f: impl Fn(&str) -> String) -> String {
    s.split_inclusive('\n')
        .enumerate()
        .map(|(i, line)| {
            if i + 1 != n {
                return line.to_owned();
            }
            let content = line.trim_end_matches(['\r', '\n']);
            f(content) + &line[content.len()..]
        })
        .collect()
}

pub fn a_bad_territory_line_is_refused_and_changes_nothing(db: &Db) {
    db.load_territory();
    let before = db.ok(&["territory", "summary", "--format", "json"]);
    let corrupt = replace_line(&fixture_text("territory.csv"), 700, |line| {
        let (head, _population) = line.rsplit_once(',').expect("a CSV line");
        format!("{head},sept-cents")
    });
    let file = db.write("territoire-corrompu.csv", &corrupt);
    let error = db.fails(&["territory", "import", &file]);
    for part in ["territoire-corrompu.csv", "ligne 700", "population"] {
        assert!(error.contains(part), "{part:?} missing from {error:?}");
    }
    assert_eq!(db.ok(&["territory", "summary", "--format", "json"]), before);
}

pub fn a_bad_answers_line_is_refused_and_changes_nothing(db: &Db) {
    db.load_seed_wave();
    let export = ["responses", "export", "--campaign", "npdc-2014", "--format", "jsonl"];
    let before = db.ok(&export);
    let corrupt = replace_line(&fixture_text("responses.jsonl"), 30, |line| {
        let mut doc: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        doc["answers"]["services"]["teleportation"] = serde_json::json!({"status": "deployed"});
        doc.to_string()
    });
    let file = db.write("reponses-corrompues.jsonl", &corrupt);
    let error = db.fails(&["responses", "import", "--campaign", "npdc-2014", &file]);
    for part in ["reponses-corrompues.jsonl", "ligne 30", "teleportation"] {
        assert!(error.contains(part), "{part:?} missing from {error:?}");
    }
    assert_eq!(db.ok(&export), before);
}

pub fn a_malformed_questionnaire_names_its_line(db: &Db) {
    db.load_territory();
    let toml = "id = \"x\"\nversion = 1\ntitle = \"Test\"\n\n[[sections]]\nid = \"s\"\ntitle = \n";
    let file = db.write("bad.toml", toml);
    let error = db.fails(&["campaign", "create", "x", "--questionnaire", &file]);
    assert!(error.contains("bad.toml") && error.contains("ligne 7"), "{error}");
    let list = db.json(&["campaign", "list", "--format", "json"]);
    assert_eq!(list, serde_json::json!([]));
}

pub fn csv_exports_open_safely_in_excel(db: &Db) {
    db.load_territory();
    db.ok(&["campaign", "create", "npdc-2014", "--targets", "epci"]);
    let line = fixture_text("responses.jsonl").lines().nth(1).expect("a complete line").to_owned();
    let mut doc: serde_json::Value = serde_json::from_str(&line).expect("JSON");
    doc["answers"]["needs"] = "=1+1".into();
    let file = db.write("hostile.jsonl", &format!("{doc}\n"));
    db.ok(&["responses", "import", "--campaign", "npdc-2014", &file]);
    let csv = db.ok(&["responses", "export", "--campaign", "npdc-2014", "--format", "csv"]);
    assert!(csv.starts_with('\u{feff}'), "no BOM");
    let header = csv.trim_start_matches('\u{feff}').lines().next().expect("a header");
    assert!(header.starts_with("respondent;"), "{header}");
    assert!(!header.contains("contact_"), "personal columns exported: {header}");
    assert!(csv.contains("'=1+1") && !csv.contains(";=1+1"), "{csv}");
    let personal = db.ok(&["responses", "export", "--campaign", "npdc-2014", "--format", "csv", "--include-personal"]);
    let header = personal.lines().next().expect("a header");
    assert!(header.contains("contact_name") && header.contains("contact_email"), "{header}");
    assert!(fixture("responses.jsonl").exists());
}
