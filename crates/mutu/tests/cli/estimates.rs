//! Issue 17 from the command line: the weighted estimates and profiles of the seed's wave are
//! those `scripts/check_weighted.py` computes on its own, to the last digit, and a series of
//! three waves marks a service added in the second as a break of method, never as a change.

use super::harness::{Db, fixture, fixture_text};
use serde_json::Value;
use std::process::Command;

/// `scripts/check_weighted.py` run now on the seed's files (`--part weighted|profiles`), or
/// the output it gave when the fixture was made where Python is missing (the domain's test
/// checks that output against the core).
fn independent(part: &str) -> Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/check_weighted.py");
    let ran = Command::new("python3")
        .arg(script)
        .arg(fixture("territory.csv"))
        .arg(fixture("responses.jsonl"))
        .args(["--part", part])
        .output();
    match ran {
        Ok(out) if out.status.success() => serde_json::from_slice(&out.stdout).expect("the script prints JSON"),
        _ => serde_json::from_str(&fixture_text(&format!("{part}_expected.json"))).expect("the fixture's JSON"),
    }
}

pub fn the_weighted_block_and_profiles_match_an_independent_computation(db: &Db) {
    db.load_seed_wave();
    let analysis =
        db.json(&["analyse", "--campaign", "npdc-2014", "--weights", "size_class", "--profiles", "--format", "json"]);
    // Value equality: every number the same f64 as Python's, not within a tolerance.
    assert_eq!(analysis["weighted"], independent("weighted"), "the weighted block");
    assert_eq!(analysis["profiles"], independent("profiles"), "the profiles");
    let plain = db.json(&["analyse", "--campaign", "npdc-2014", "--format", "json"]);
    assert!(plain.get("weighted").is_none() && plain.get("profiles").is_none(), "only when asked");
    let text = db.ok(&["analyse", "--campaign", "npdc-2014", "--weights", "size_class", "--format", "text"]);
    let weighted_part = text.split("Estimations pondérées par classe de taille").nth(1).expect("the weighted table");
    let site =
        weighted_part.lines().find(|l| l.starts_with("Site internet institutionnel")).expect("a line per service");
    let estimate = &analysis["weighted"]["services"][0]["deployed"];
    let percent = |x: &Value| (x.as_f64().unwrap() * 100.0 + 0.5 + 1e-9).floor() as i64;
    let shown = format!(
        "{} % [{} – {}]",
        percent(&estimate["estimate"]),
        percent(&estimate["ci95"][0]),
        percent(&estimate["ci95"][1])
    );
    assert_eq!(analysis["weighted"]["services"][0]["service"], "site_internet");
    assert!(site.contains(&shown), "{shown:?} not in {site:?}");
    let refused = db.run(&["analyse", "--campaign", "npdc-2014", "--weights", "departement"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && stderr.contains("size_class"), "{stderr}");
}

pub fn a_series_marks_a_service_added_as_a_break(db: &Db) {
    db.load_territory();
    let catalogue = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../domain/data/catalogue.csv"))
        .expect("the default catalogue");
    let added = "commerce_numerique";
    let without: String =
        catalogue.lines().filter(|l| !l.starts_with(&format!("service,{added},"))).map(|l| format!("{l}\n")).collect();
    assert_ne!(without.len(), catalogue.len(), "the default catalogue has {added}");
    let first = db.write("catalogue-2014.csv", &without);
    db.ok(&["campaign", "create", "s-2014", "--targets", "epci", "--catalogue", &first]);
    for code in ["s-2015", "s-2016"] {
        db.ok(&["campaign", "create", code, "--targets", "epci"]);
    }
    for (seed, code) in ["s-2014", "s-2015", "s-2016"].iter().enumerate() {
        db.ok(&["synth", "--campaign", code, "--seed", &seed.to_string(), "--completion", "0.7"]);
    }
    let series = db.json(&["analyse", "--series", "s-2014,s-2015,s-2016", "--format", "json"]);
    assert_eq!(series["campaigns"], serde_json::json!(["s-2014", "s-2015", "s-2016"]));
    let service = series["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"] == added)
        .unwrap_or_else(|| panic!("{added} in the series: {series:#}"));
    let breaks: Vec<&Value> = service["points"].as_array().unwrap().iter().map(|p| &p["breaks"]).collect();
    assert_eq!(breaks[1], &serde_json::json!(["service_added"]), "a break in the second wave: {service:#}");
    assert_eq!(breaks[2], &serde_json::json!([]), "comparable from then on");
    assert!(service["points"][0]["deployed"].is_null(), "no figure where the service was not asked");
    let other = series["services"].as_array().unwrap().iter().find(|s| s["service"] == "site_internet").unwrap();
    assert!(other["points"].as_array().unwrap().iter().all(|p| p["breaks"] == serde_json::json!([])), "{other:#}");
    let text = db.ok(&["analyse", "--series", "s-2014,s-2015,s-2016"]);
    assert!(text.contains("s-2014 → s-2015 : ruptures service_added"), "{text}");
    assert!(text.contains("s-2015 → s-2016 : comparables"), "{text}");
    let one = db.fails(&["analyse", "--series", "s-2014"]);
    assert!(one.contains("au moins deux"), "{one}");
}

/// Issue 17's "done when" on the Hauts-de-France EPCI wave of the bundled referential with
/// synthetic answers: the `weighted` block and the `profiles` are, to the last digit, those
/// `scripts/check_weighted.py` computes from the referential file and the exported answers.
pub fn the_hauts_de_france_wave_matches_an_independent_computation(db: &Db) {
    db.ok(&["territory", "import", "--bundled", "--region", "32"]);
    db.ok(&["campaign", "create", "hdf", "--name", "Hauts-de-France", "--targets", "epci", "--region", "32"]);
    db.ok(&["synth", "--campaign", "hdf", "--seed", "17", "--completion", "0.6"]);
    let answers = db.path("hdf.jsonl");
    db.ok(&["responses", "export", "--campaign", "hdf", "--format", "jsonl", "-o", answers.to_str().unwrap()]);
    let analysis =
        db.json(&["analyse", "--campaign", "hdf", "--weights", "size_class", "--profiles", "--format", "json"]);
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let out = Command::new("python3")
        .arg(format!("{root}/scripts/check_weighted.py"))
        .args(["--referential", &format!("{root}/data/referential/france.json.gz"), "--region", "32"])
        .arg(&answers)
        .output()
        .expect("python3 runs the independent computation");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let independent: Value = serde_json::from_slice(&out.stdout).expect("the script prints JSON");
    let strata = independent["weighted"]["by_stratum"].as_array().expect("strata");
    let targets: u64 = strata.iter().map(|s| s["targets"].as_u64().unwrap()).sum();
    let summary = db.json(&["territory", "summary", "--format", "json"]);
    assert!(targets > 80 && targets <= summary["epci"].as_u64().unwrap(), "the région's EPCI: {targets}");
    assert_eq!(analysis["weighted"], independent["weighted"], "the weighted block");
    assert_eq!(analysis["profiles"], independent["profiles"], "the profiles");
}
