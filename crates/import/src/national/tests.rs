use super::*;
use mutu_domain::codes::DepartementCode;
use mutu_domain::territory::{Commune, Nature};
use std::time::Instant;

fn hauts_de_france() -> NationalOptions {
    NationalOptions { region: Some(RegionCode::parse("32").unwrap()), include_com: false }
}

#[test]
fn the_bundle_holds_metropolitan_and_overseas_france() {
    let start = Instant::now();
    let t = read_national_bundle(BUNDLED_REFERENTIAL, &NationalOptions::default()).unwrap();
    let elapsed = start.elapsed();
    let s = t.summary();
    println!(
        "bundle: {} régions, {} départements, {} EPCI, {} communes, {} habitants, {} communes sans EPCI, lu en {elapsed:?}",
        s.regions, s.departements, s.epci, s.communes, s.population, s.communes_without_epci
    );
    assert_eq!((s.regions, s.departements, s.epci, s.communes), (18, 101, 1255, 34_875));
    assert!(s.population > 60_000_000);
    assert_eq!(s.population_year, Some(POPULATION_YEAR));
    assert!(t.epci.iter().all(|e| e.population.is_none() && e.nature.is_some()));
    let lyon = t.epci.iter().find(|e| e.code.as_str() == "200046977").expect("Métropole de Lyon");
    assert_eq!((lyon.nature, lyon.departement.as_str()), (Some(Nature::Metro), "69"));
}

#[test]
fn every_commune_of_the_bundle_has_its_siren() {
    let t = read_national_bundle(BUNDLED_REFERENTIAL, &NationalOptions::default()).unwrap();
    assert!(t.communes.iter().all(|c| c.siren.is_some()), "metropolitan and overseas départements: all of them");
    let lille = t.communes.iter().find(|c| c.code.as_str() == "59350").expect("Lille");
    assert_eq!(lille.siren.as_ref().map(|s| s.as_str()), Some("215903501"), "not its INSEE code");
    // Some collectivités d'outre-mer have none in the package.
    let options = NationalOptions { region: None, include_com: true };
    let t = read_national_bundle(BUNDLED_REFERENTIAL, &options).unwrap();
    let noumea = t.communes.iter().find(|c| c.code.as_str() == "98818").expect("Nouméa");
    assert_eq!(noumea.siren, None);
}

#[test]
fn the_collectivites_d_outre_mer_come_on_demand() {
    let options = NationalOptions { region: None, include_com: true };
    let t = read_national_bundle(BUNDLED_REFERENTIAL, &options).unwrap();
    let s = t.summary();
    assert!(s.regions > 18 && s.departements > 101 && s.communes > 34_875, "{s:?}");
    assert_eq!(s.epci, 1255);
    assert!(t.communes.iter().any(|c| c.code.as_str() == "98901" && c.population == 0));
}

#[test]
fn a_region_keeps_its_epci_whole_and_what_they_need() {
    let national = read_national_bundle(BUNDLED_REFERENTIAL, &NationalOptions::default()).unwrap();
    let t = read_national_bundle(BUNDLED_REFERENTIAL, &hauts_de_france()).unwrap();
    let region_of = t.region_of();
    let inside = |d: &DepartementCode| region_of.get(d).is_some_and(|r| r.as_str() == "32");
    let seated = t.epci.iter().filter(|e| inside(&e.departement)).count();
    println!(
        "région 32 : {seated} EPCI dont le département principal est dans la région, {} EPCI en tout, {} communes, {} départements, {} régions",
        t.epci.len(),
        t.communes.len(),
        t.departements.len(),
        t.regions.len()
    );
    assert!((85..=95).contains(&seated), "{seated}");
    let national_seated =
        national.epci.iter().filter(|e| ["02", "59", "60", "62", "80"].contains(&e.departement.as_str())).count();
    assert_eq!(seated, national_seated);
    // Every commune of the five départements is kept, with its own EPCI.
    let in_region = |c: &&Commune| ["02", "59", "60", "62", "80"].contains(&c.departement.as_str());
    assert_eq!(t.communes.iter().filter(in_region).count(), national.communes.iter().filter(in_region).count());
    // Each EPCI kept has all its members.
    let members = t.members();
    let national_members = national.members();
    for e in &t.epci {
        assert_eq!(members[&e.code].len(), national_members[&e.code].len(), "EPCI {}", e.code);
    }
    t.check().unwrap();
}

#[test]
fn an_unknown_region_is_refused() {
    let options = NationalOptions { region: Some(RegionCode::parse("99").unwrap()), include_com: false };
    let err = read_national_bundle(BUNDLED_REFERENTIAL, &options).unwrap_err();
    assert!(err.message.contains("99"), "{err}");
}

#[test]
fn the_bundle_names_its_source() {
    let source = bundled_source().unwrap();
    assert!(source.package.starts_with("@etalab/decoupage-administratif"), "{source:?}");
    assert!(source.licence.contains("Licence Ouverte"), "{source:?}");
    let text = source.attribution();
    assert!(text.contains("INSEE") && text.contains("2022"), "{text}");
}

#[test]
fn a_broken_bundle_is_refused() {
    let err = read_national_bundle(b"not gzip", &NationalOptions::default()).unwrap_err();
    assert_eq!(err.file, BUNDLE_NAME);
}

/// A small folder in the package's shape, with fields mutu does not read.
fn write_folder(dir: &Path, communes: &str) {
    let files = [
        (
            "regions.json",
            r#"[{"code": "32", "nom": "Hauts-de-France", "zone": "metro", "chefLieu": "59350"},
            {"code": "28", "nom": "Normandie", "zone": "metro"},
            {"code": "975", "nom": "Saint-Pierre-et-Miquelon", "zone": "com"}]"#,
        ),
        (
            "departements.json",
            r#"[{"code": "80", "region": "32", "nom": "Somme", "zone": "metro"},
            {"code": "60", "region": "32", "nom": "Oise", "zone": "metro"},
            {"code": "76", "region": "28", "nom": "Seine-Maritime", "zone": "metro"},
            {"code": "975", "region": "975", "nom": "Saint-Pierre-et-Miquelon", "zone": "com"}]"#,
        ),
        (
            "epci.json",
            r#"[
            {"code": "200000001", "nom": "CC Tie", "type": "CC", "populationMunicipale": 999,
             "membres": [{"code": "80001", "siren": "218000018"}, {"code": "60001"}]},
            {"code": "200000002", "nom": "CA Mostly Oise", "type": "CA",
             "membres": [{"code": "80002"}, {"code": "60002"}, {"code": "60003"}]},
            {"code": "200000003", "nom": "Métropole Rouen", "type": "MET69",
             "membres": [{"code": "76001"}, {"code": "80003"}]}]"#,
        ),
        ("communes.json", communes),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

const COMMUNES: &str = r#"[
    {"code": "80001", "nom": "A", "type": "commune-actuelle", "departement": "80", "region": "32", "zone": "metro", "population": 500, "codesPostaux": ["80000"], "siren": "218000018"},
    {"code": "60001", "nom": "B", "type": "commune-actuelle", "departement": "60", "region": "32", "zone": "metro", "population": 500, "siren": "216000015"},
    {"code": "80002", "nom": "C", "type": "commune-actuelle", "departement": "80", "region": "32", "zone": "metro", "population": 900},
    {"code": "60002", "nom": "D", "type": "commune-actuelle", "departement": "60", "region": "32", "zone": "metro", "population": 600},
    {"code": "60003", "nom": "E", "type": "commune-actuelle", "departement": "60", "region": "32", "zone": "metro", "population": 600},
    {"code": "76001", "nom": "F", "type": "commune-actuelle", "departement": "76", "region": "28", "zone": "metro", "population": 10000},
    {"code": "80003", "nom": "G", "type": "commune-actuelle", "departement": "80", "region": "32", "zone": "metro", "population": 10},
    {"code": "80004", "nom": "H", "type": "commune-actuelle", "departement": "80", "region": "32", "zone": "metro", "population": 42},
    {"code": "80005", "nom": "Ancienne", "type": "commune-deleguee", "chefLieu": "80001", "departement": "80", "region": "32"},
    {"code": "75101", "nom": "Paris 1er", "type": "arrondissement-municipal", "commune": "75056"},
    {"code": "97501", "nom": "Miquelon", "type": "commune-actuelle", "departement": "975", "region": "975", "zone": "com"}
]"#;

#[test]
fn a_folder_places_each_epci_in_its_main_departement() {
    let dir = tempfile::tempdir().unwrap();
    write_folder(dir.path(), COMMUNES);
    let t = read_national_dir(dir.path(), &NationalOptions::default()).unwrap();
    let main = |code: &str| t.epci.iter().find(|e| e.code.as_str() == code).unwrap().departement.as_str();
    assert_eq!(main("200000001"), "60", "a tie goes to the smallest code");
    assert_eq!(main("200000002"), "60", "1 200 inhabitants in Oise against 900 in Somme");
    assert_eq!(main("200000003"), "76");
    let nature = |code: &str| t.epci.iter().find(|e| e.code.as_str() == code).unwrap().nature;
    assert_eq!(nature("200000003"), Some(Nature::Metro));
    let codes: Vec<&str> = t.communes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["80001", "60001", "80002", "60002", "60003", "76001", "80003", "80004"]);
    assert_eq!(t.communes.iter().find(|c| c.code.as_str() == "80004").unwrap().epci, None);
    assert_eq!(t.epci[0].population, None, "the sum of the communes, not the file's figure");
    assert_eq!((t.regions.len(), t.departements.len()), (2, 3));
    let siren = |code: &str| t.communes.iter().find(|c| c.code.as_str() == code).unwrap().siren.clone();
    assert_eq!(siren("80001").map(String::from).as_deref(), Some("218000018"));
    assert_eq!(siren("60001").map(String::from).as_deref(), Some("216000015"));
    assert_eq!(siren("80002"), None, "a commune without `siren` has none");

    let options = NationalOptions { region: None, include_com: true };
    let t = read_national_dir(dir.path(), &options).unwrap();
    assert_eq!(t.communes.last().map(|c| (c.code.as_str(), c.population)), Some(("97501", 0)));
}

#[test]
fn a_region_of_a_folder_brings_the_epci_of_its_communes() {
    let dir = tempfile::tempdir().unwrap();
    write_folder(dir.path(), COMMUNES);
    let normandie = NationalOptions { region: Some(RegionCode::parse("28").unwrap()), include_com: false };
    let t = read_national_dir(dir.path(), &normandie).unwrap();
    let codes: Vec<&str> = t.communes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["76001", "80003"], "the Métropole whole, with its commune of Somme");
    assert_eq!((t.regions.len(), t.departements.len(), t.epci.len()), (2, 2, 1));
    let t = read_national_dir(dir.path(), &hauts_de_france()).unwrap();
    assert_eq!(t.communes.len(), 8, "80003 brings its Métropole and 76001");
    assert_eq!(t.epci.len(), 3);
}

#[test]
fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    write_folder(dir.path(), COMMUNES);
    std::fs::remove_file(dir.path().join("epci.json")).unwrap();
    let err = read_national_dir(dir.path(), &NationalOptions::default()).unwrap_err();
    assert!(err.file.ends_with("epci.json"), "{err}");
    assert!(err.to_string().contains("introuvable"), "{err}");
}

#[test]
fn bad_records_are_named_by_position_and_field() {
    let dir = tempfile::tempdir().unwrap();
    write_folder(dir.path(), &COMMUNES.replacen(r#""departement": "60""#, r#""departement": "6x""#, 1));
    let err = read_national_dir(dir.path(), &NationalOptions::default()).unwrap_err();
    assert!(err.file.ends_with("communes.json"), "{err}");
    assert_eq!(err.field.as_deref(), Some("[1].departement"), "{err}");

    write_folder(dir.path(), &COMMUNES.replacen(r#", "population": 500, "siren""#, r#", "siren""#, 1));
    let err = read_national_dir(dir.path(), &NationalOptions::default()).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("[1].population"), "{err}");

    write_folder(dir.path(), &COMMUNES.replacen(r#"{"code": "60003""#, r#"{"code": "60004""#, 1));
    let err = read_national_dir(dir.path(), &NationalOptions::default()).unwrap_err();
    assert!(err.file.ends_with("epci.json"), "{err}");
    assert_eq!(err.field.as_deref(), Some("[1].membres[2].code"), "{err}");

    write_folder(dir.path(), &COMMUNES.replacen("216000015", "21600001", 1));
    let err = read_national_dir(dir.path(), &NationalOptions::default()).unwrap_err();
    assert!(err.file.ends_with("communes.json"), "{err}");
    assert_eq!(err.field.as_deref(), Some("[1].siren"), "{err}");
    assert!(err.message.contains("21600001"), "{err}");

    write_folder(dir.path(), &COMMUNES.replacen("216000015", "218000018", 1));
    let err = read_national_dir(dir.path(), &NationalOptions::default()).unwrap_err();
    assert!(err.to_string().contains("218000018 en double"), "{err}");

    write_folder(dir.path(), "[{\"code\": \"80001\",");
    let err = read_national_dir(dir.path(), &NationalOptions::default()).unwrap_err();
    assert!(err.file.ends_with("communes.json") && err.line == Some(1), "{err}");
}
