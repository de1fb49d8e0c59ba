//! The weighted estimates and profiles of the seed's wave (`tests/fixtures/npdc-2014/`) are,
//! to the last digit, those `scripts/check_weighted.py` computes on its own from the same
//! files: `weighted_expected.json` and `profiles_expected.json` there are that script's
//! output (`--part weighted`, `--part profiles`).
//!
//! The domain crate reads no files, so this test builds the wave itself from the fixture
//! with the least parsing that serves (the import crate, which does it properly, is not a
//! dependency of the domain): the 53 EPCI are the targets, with the default catalogue,
//! questionnaire and size classes.

use mutu_domain::testing::WaveBuilder;

use mutu_domain::analysis::{Filters, analyse, profiles, weighted};
use mutu_domain::answers::Response;
use mutu_domain::campaign::{Campaign, Target};
use mutu_domain::codes::{DepartementCode, RegionCode};
use std::collections::BTreeMap;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/npdc-2014/");

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURE}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The wave of the seed: every EPCI of the territory file, by code.
fn wave() -> Campaign {
    let text = read("territory.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<BTreeMap<String, String>> = reader.deserialize().map(Result::unwrap).collect();
    let mut communes: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for row in rows.iter().filter(|r| r["kind"] == "commune" && !r["epci"].is_empty()) {
        let entry = communes.entry(row["epci"].as_str()).or_default();
        entry.0 += 1;
        entry.1 += row["population"].parse::<u64>().unwrap();
    }
    let mut targets: Vec<Target> = rows
        .iter()
        .filter(|r| r["kind"] == "epci")
        .map(|r| {
            let (count, sum) = communes.get(r["code"].as_str()).copied().unwrap_or_default();
            Target {
                code: r["code"].clone(),
                name: r["name"].clone(),
                nature: None,
                departement: DepartementCode::parse(&r["departement"]).unwrap(),
                region: RegionCode::parse(&r["region"]).unwrap(),
                population: r["population"].parse().unwrap_or(sum),
                communes: count,
            }
        })
        .collect();
    targets.sort_by(|a, b| a.code.cmp(&b.code));
    WaveBuilder::new("npdc-2014").name("Nord-Pas-de-Calais 2014").targets(targets).population_year(2011).build()
}

fn responses() -> Vec<Response> {
    read("responses.jsonl").lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// A JSON text split into its skeleton (punctuation, keys and strings, without whitespace)
/// and its numbers, each read by the standard library's exact parser with whether it was
/// written as an integer. `serde_json` without its `float_roundtrip` feature may read a
/// number one unit in the last place off, so the texts are compared this way instead.
fn split_numbers(text: &str) -> (String, Vec<(f64, bool)>) {
    let (mut skeleton, mut numbers) = (String::new(), Vec::new());
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            skeleton.push(c);
            (in_string, escaped) = (escaped || c != '"', !escaped && c == '\\');
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                skeleton.push(c);
            }
            '-' | '0'..='9' => {
                let mut number = c.to_string();
                while let Some(&d) =
                    chars.peek().filter(|d| d.is_ascii_digit() || matches!(d, '.' | 'e' | 'E' | '+' | '-'))
                {
                    number.push(d);
                    chars.next();
                }
                let integer = !number.contains(['.', 'e', 'E']);
                numbers.push((number.parse().unwrap_or_else(|e| panic!("{number}: {e}")), integer));
                skeleton.push('#');
            }
            c if c.is_whitespace() => {}
            c => skeleton.push(c),
        }
    }
    (skeleton, numbers)
}

/// Same keys in the same order, same strings, and every number equal to the last digit.
fn assert_same(actual: serde_json::Value, expected_file: &str) {
    let (actual_skeleton, actual_numbers) = split_numbers(&actual.to_string());
    let (expected_skeleton, expected_numbers) = split_numbers(&read(expected_file));
    assert_eq!(actual_skeleton, expected_skeleton, "{expected_file}");
    assert_eq!(actual_numbers.len(), expected_numbers.len());
    for (i, (a, e)) in actual_numbers.iter().zip(&expected_numbers).enumerate() {
        assert_eq!(a, e, "{expected_file}: number {i}");
    }
    assert!(actual_numbers.iter().filter(|(_, integer)| !integer).count() > 100, "the floats were compared");
}

#[test]
fn the_wave_is_the_seed_one() {
    let a = analyse(&wave(), &responses(), &Filters::default());
    assert_eq!((a.participation.total.targets, a.participation.total.respondents), (53, 37));
    // The counts the estimates rest on are those of the fixture's expected analysis.
    let expected: serde_json::Value = serde_json::from_str(&read("expected.json")).unwrap();
    for (service, expected) in a.services.iter().zip(expected["services"].as_array().unwrap()) {
        assert_eq!(service.service, expected["service"].as_str().unwrap());
        let counts = [service.deployed, service.studied, service.mutualised, service.planned];
        let keys = ["deployed", "studied", "mutualised", "planned"];
        assert_eq!(counts.to_vec(), keys.map(|k| expected[k].as_u64().unwrap()).to_vec(), "{}", service.service);
    }
}

#[test]
fn weighted_estimates_match_the_independent_script() {
    assert_same(
        serde_json::to_value(weighted(&wave(), &responses(), &Filters::default())).unwrap(),
        "weighted_expected.json",
    );
}

#[test]
fn profiles_match_the_independent_script() {
    assert_same(serde_json::to_value(profiles(&wave(), &responses())).unwrap(), "profiles_expected.json");
}
