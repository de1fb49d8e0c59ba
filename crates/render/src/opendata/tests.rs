//! Tests of the open data package on the hand-made wave of `fixtures` (the Frictionless
//! validation itself runs in `tests/render.rs`, on the seed's wave).

use super::*;
use crate::fixtures;
use mutu_domain::analysis::{Filters, analyse};

fn package(campaign: &Campaign, responses: &[Response], min_count: u64) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let options = OpenDataOptions {
        secrecy: mutu_domain::analysis::Secrecy::with_min_count(min_count),
        generated_at: time::macros::datetime!(2025-03-01 10:00:00 UTC),
        departement_names: fixtures::names(),
        offers: Vec::new(),
    };
    let analysis = analyse(campaign, responses, &Filters::default());
    let files = write_opendata(&analysis, campaign, responses, &options, &dir.path().join("od")).unwrap();
    (dir, files)
}

/// A CSV file of the package: header, then rows.
fn read(dir: &tempfile::TempDir, name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(dir.path().join("od").join(name)).unwrap();
    assert!(!text.starts_with('\u{feff}'), "no BOM in open data");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

fn descriptor(dir: &tempfile::TempDir) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.path().join("od/datapackage.json")).unwrap()).unwrap()
}

#[test]
fn every_file_is_described_by_its_schema() {
    let (dir, files) = package(&fixtures::campaign(), &fixtures::responses(), 3);
    let names: Vec<String> = files.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(
        names,
        [
            "reponses.csv",
            "participation.csv",
            "couverture.csv",
            "thematiques.csv",
            "services.csv",
            "types_mutualisation.csv",
            "acteurs.csv",
            "freins.csv",
            "aides_attendues.csv",
            "estimations_ponderees.csv",
            "offres.csv",
            "datapackage.json"
        ]
    );
    let package = descriptor(&dir);
    assert_eq!(package["name"], "mutu-essai-2014");
    assert_eq!(package["created"], "2025-03-01T10:00:00Z");
    assert_eq!(package["licenses"][0]["name"], "etalab-2.0");
    assert_eq!(package["licenses"][0]["path"], "https://www.etalab.gouv.fr/licence-ouverte-open-licence");
    for resource in package["resources"].as_array().unwrap() {
        let path = resource["path"].as_str().unwrap();
        let (header, rows) = read(&dir, path);
        let fields: Vec<&str> =
            resource["schema"]["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(header, fields, "{path}");
        assert!(rows.iter().all(|r| r.len() == fields.len()), "{path}");
        assert!(resource["schema"]["fields"].as_array().unwrap().iter().all(|f| f["description"].is_string()));
    }
}

#[test]
fn small_counts_are_masked_with_their_rates() {
    let (dir, _) = package(&fixtures::campaign(), &fixtures::responses(), 3);
    let (header, rows) = read(&dir, "participation.csv");
    assert_eq!(header, ["perimetre", "code", "libelle", "cibles", "repondants", "taux_participation", "masque"]);
    assert_eq!(rows[0], ["classe_taille", "lt10k", "< 10 000", "2", "", "", "true"]);
    assert_eq!(rows.last().unwrap(), &["ensemble", "ensemble", "Ensemble", "6", "4", "0.6666666666666666", "false"]);
    let (_, services) = read(&dir, "services.csv");
    let site =
        |indicator: &str| services.iter().find(|r| r[0] == "site_internet" && r[3] == indicator).unwrap().clone();
    assert_eq!(site("deploye")[4..], ["4", "1", "false"]);
    assert_eq!(site("mutualise")[4..], ["", "", "true"], "2 pooled: under 3");
    let (_, coverage) = read(&dir, "couverture.csv");
    let nord = coverage.iter().find(|r| r[1] == "59" && r[3] == "communes").unwrap();
    assert_eq!(nord[4..], ["115", "115", "1", "false"], "3 respondents in Nord: published");
    let pdc = coverage.iter().find(|r| r[1] == "62" && r[3] == "habitants").unwrap();
    assert_eq!(pdc[4..], ["", "158000", "", "true"], "1 respondent: masked, the total stays");
}

#[test]
fn weighted_estimates_are_unrounded_fractions_under_secrecy() {
    let (campaign, responses) = (fixtures::campaign(), fixtures::responses());
    let (dir, _) = package(&campaign, &responses, 3);
    let (header, rows) = read(&dir, "estimations_ponderees.csv");
    assert_eq!(header, ["service", "libelle", "mesure", "repondants", "estimation", "ic95_bas", "ic95_haut", "statut"]);
    assert_eq!(rows.len(), 3 * campaign.catalogue.services.len(), "three measures per service");
    // Four classes of one respondent are merged into one stratum (six targets, four answers).
    let w = mutu_domain::analysis::weighted_with_secrecy(&campaign, &responses, &Filters::default(), 3);
    let deployed = &w.services[0].deployed;
    let [low, high] = deployed.ci95.unwrap();
    let row = |measure: &str| rows.iter().find(|r| r[0] == "site_internet" && r[2] == measure).unwrap().clone();
    let expected = [deployed.estimate.unwrap(), low, high].map(|x| x.to_string());
    assert_eq!(row("deploye")[3..], ["4", expected[0].as_str(), &expected[1], &expected[2], "estimee"]);
    assert_eq!(row("deploye")[4], "1", "4 of the 4 respondents, the one stratum");
    // 2 pool it: under 3, and 2 of 4 in one stratum would give it back.
    assert_eq!(row("mutualise")[3..], ["", "", "", "", "masquee"]);
    let described = descriptor(&dir);
    let resource = described["resources"].as_array().unwrap().iter().find(|r| r["name"] == "estimations_ponderees");
    let description = resource.unwrap()["description"].as_str().unwrap();
    assert!(description.starts_with(crate::WEIGHTED_NOTE), "{description}");
    assert!(
        description
            .contains("< 10 000 + 10 000 – 24 999 + 25 000 – 89 999 + ≥ 90 000 (6 cibles, 4 répondants, poids 1)"),
        "{description}"
    );

    // Five: every estimate masked, never a number.
    let (dir, _) = package(&campaign, &responses, 5);
    let (_, rows) = read(&dir, "estimations_ponderees.csv");
    assert!(rows.iter().all(|r| r[4..] == ["", "", "", "masquee"]), "{rows:?}");
    // No answer at all: nothing to estimate from.
    let (dir, _) = package(&campaign, &[], 3);
    let (_, rows) = read(&dir, "estimations_ponderees.csv");
    assert!(rows.iter().all(|r| r[4..] == ["", "", "", "sans_repondant"]), "{rows:?}");
}

#[test]
fn a_min_count_of_zero_masks_nothing() {
    let (dir, _) = package(&fixtures::campaign(), &fixtures::responses(), 0);
    for file in ["participation.csv", "thematiques.csv", "services.csv", "acteurs.csv"] {
        let (_, rows) = read(&dir, file);
        assert!(rows.iter().all(|r| r.last().unwrap() == "false"), "{file}");
    }
    let (_, themes) = read(&dir, "thematiques.csv");
    assert_eq!(themes[1][2..], ["lt10k", "< 10 000", "1", "1", "false"]);
}

#[test]
fn answers_are_complete_public_and_formula_safe() {
    let (campaign, responses) = fixtures::hostile();
    let (dir, _) = package(&campaign, &responses, 3);
    let (header, rows) = read(&dir, "reponses.csv");
    assert!(!header.iter().any(|h| h.starts_with("contact_")), "{header:?}");
    assert_eq!(rows.len(), 4, "the complete answers only");
    assert!(rows.iter().all(|r| r[4] == "complete"));
    let at = |column: &str| rows[0][header.iter().position(|h| h == column).unwrap()].clone();
    assert_eq!(at("respondent"), "200000001");
    assert_eq!(at("obstacles_other"), "'=1+1");
    assert_eq!(at("services.marches_publics.partners"), "'=HYPERLINK(\"http://x\")");
    assert_eq!(at("needs"), "<script>alert(1)</script>", "CSV is not markup: kept as typed");
    let text = std::fs::read_to_string(dir.path().join("od/reponses.csv")).unwrap();
    assert!(!text.contains("Jeanne") && !text.contains("example.org"), "no contact data");
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let (_, themes) = read(&dir, "thematiques.csv");
    assert_eq!(themes[0][1], "<script>alert('thème')</script>");
}
