use super::*;
use mutu_domain::territory::Nature;

const HEADER: &str = "kind,code,name,region,departement,epci,population\n";
const BASE: &str = "region,32,Hauts-de-France,,,,\n\
departement,59,Nord,32,,,\n\
epci,200093201,Métropole Européenne de Lille,32,59,,\n\
commune,59350,Lille,32,59,200093201,236710\n";

fn read(body: &str) -> Result<Territory, ImportError> {
    read_territory_csv("territory.csv", format!("{HEADER}{body}").as_bytes())
}

/// Asserts the error's line and field, and that its message names them.
fn fails(body: &str, line: usize, field: Option<&str>) -> ImportError {
    let err = read(body).expect_err("the file must be refused");
    assert_eq!((err.line, err.field.as_deref()), (Some(line), field), "{err}");
    assert!(err.to_string().starts_with(&format!("territory.csv, ligne {line}")), "{err}");
    err
}

#[test]
fn reads_a_small_file_and_guesses_the_nature() {
    let t = read(BASE).unwrap();
    assert_eq!((t.regions.len(), t.departements.len(), t.epci.len(), t.communes.len()), (1, 1, 1, 1));
    assert_eq!(t.epci[0].nature, Some(Nature::Metro));
    assert_eq!(t.epci[0].population, None);
    assert_eq!(t.communes[0].population, 236_710);
    assert_eq!(t.population_year, None);
    assert_eq!(t.communes[0].siren, None, "no `siren` column, no SIREN");
}

/// The small file with a `siren` column, between `population` and `nature`.
fn with_siren(rows: &str) -> Result<Territory, ImportError> {
    let text = format!("kind;code;name;region;departement;epci;population;siren;nature\n{rows}");
    read_territory_csv("territory.csv", text.as_bytes())
}

const SIREN_BASE: &str = "region;32;Hauts-de-France;;;;;;\n\
departement;59;Nord;32;;;;;\n\
epci;200093201;Métropole Européenne de Lille;32;59;;;200093201;METRO\n\
commune;59350;Lille;32;59;200093201;236710; 215903501 ;\n\
commune;59009;Villeneuve-d'Ascq;32;59;200093201;62000;;\n";

#[test]
fn reads_the_optional_siren_of_communes() {
    let t = with_siren(SIREN_BASE).unwrap();
    let siren = |code: &str| {
        t.communes.iter().find(|c| c.code.as_str() == code).unwrap().siren.as_ref().map(|s| s.as_str().to_owned())
    };
    assert_eq!(siren("59350").as_deref(), Some("215903501"), "trimmed");
    assert_eq!(siren("59009"), None, "an empty cell: no SIREN");
    assert_eq!(t.epci[0].nature, Some(Nature::Metro));
    // The column in any place, the header in any case.
    let text = "SIREN,kind,code,name,region,departement,epci,population\n,region,32,HdF,,,,\n\
,departement,59,Nord,32,,,\n215903501,commune,59350,Lille,,59,,1\n";
    let t = read_territory_csv("t.csv", text.as_bytes()).unwrap();
    assert_eq!(t.communes[0].siren.as_ref().map(|s| s.as_str()), Some("215903501"));
}

#[test]
fn refuses_a_malformed_siren_naming_the_line_and_the_field() {
    for bad in ["21590350", "2159035010", "21590350x", "59350", "215 903 501"] {
        let rows = SIREN_BASE.replace("215903501", bad);
        let err = with_siren(&rows).expect_err(bad);
        assert_eq!((err.line, err.field.as_deref()), (Some(5), Some("siren")), "{err}");
        let text = err.to_string();
        assert!(text.starts_with("territory.csv, ligne 5, champ siren : SIREN « "), "{text}");
        assert!(text.contains(bad.trim()) && text.contains("9 chiffres"), "{text}");
    }
    // One SIREN for two communes: the second line is refused, naming the first.
    let rows = SIREN_BASE.replace("62000;;", "62000;215903501;");
    let err = with_siren(&rows).expect_err("a SIREN given twice");
    assert_eq!((err.line, err.field.as_deref()), (Some(6), Some("siren")), "{err}");
    assert!(err.message.contains("ligne 5"), "{err}");
    // An EPCI's SIREN is its code: another number is refused, the same accepted (above).
    let rows = SIREN_BASE.replace(";;;200093201;METRO", ";;;200093202;METRO");
    let err = with_siren(&rows).expect_err("an EPCI with another SIREN");
    assert_eq!((err.line, err.field.as_deref()), (Some(4), Some("siren")), "{err}");
}

#[test]
fn accepts_a_bom_semicolons_an_explicit_nature_and_parents_after_children() {
    let text = "\u{feff}kind;code;name;region;departement;epci;population;nature\r\n\
commune;59350;Lille;;59;200093201;236 710;\r\n\
epci;200093201;Lille;;59;;1200000;metro\r\n\
departement;59;Nord;32;;;;\r\n\
region;32;Hauts-de-France;;;;;\r\n";
    let t = read_territory_csv("t.csv", text.as_bytes()).unwrap();
    assert_eq!(t.epci[0].nature, Some(Nature::Metro));
    assert_eq!(t.epci[0].population, Some(1_200_000));
    assert_eq!(t.communes[0].population, 236_710);
}

#[test]
fn refuses_an_unknown_kind() {
    fails(&format!("{BASE}ville,59009,Villeneuve-d'Ascq,32,59,200093201,62000\n"), 6, Some("kind"));
}

#[test]
fn refuses_a_missing_or_non_numeric_population() {
    let err = fails(&format!("{BASE}commune,59009,Villeneuve-d'Ascq,32,59,200093201,\n"), 6, Some("population"));
    assert!(err.message.contains("obligatoire"), "{err}");
    let err = fails(&format!("{BASE}commune,59009,Villeneuve-d'Ascq,32,59,200093201,abc\n"), 6, Some("population"));
    assert_eq!(err.to_string(), "territory.csv, ligne 6, champ population : « abc » n'est pas un nombre entier");
    fails(&format!("{BASE}commune,59009,Villeneuve-d'Ascq,32,59,200093201,-3\n"), 6, Some("population"));
    fails("epci,200093201,MEL,32,59,,12.5\n", 2, Some("population"));
}

#[test]
fn refuses_unknown_parents_at_the_childs_line() {
    let err = fails(&format!("{BASE}commune,59009,Villeneuve-d'Ascq,32,59,200000000,62000\n"), 6, Some("epci"));
    assert!(err.message.contains("200000000"), "{err}");
    fails(&format!("commune,62041,Arras,,62,,41000\n{BASE}"), 2, Some("departement"));
    fails(&format!("{BASE}departement,80,Somme,22,,,\n"), 6, Some("region"));
    fails(&format!("{BASE}epci,200069953,CU d'Arras,32,62,,\n"), 6, Some("departement"));
}

#[test]
fn refuses_a_region_that_contradicts_the_departement() {
    let err = fails(
        &format!("region,22,Picardie,,,,\n{BASE}commune,59009,Villeneuve-d'Ascq,22,59,200093201,1\n"),
        7,
        Some("region"),
    );
    assert!(err.message.contains("22"), "{err}");
}

#[test]
fn refuses_a_duplicate_code_naming_the_earlier_line() {
    let err = fails(&format!("{BASE}commune,59350,Lille bis,32,59,200093201,1\n"), 6, Some("code"));
    assert!(err.message.contains("ligne 5"), "{err}");
    // The same code for two kinds is no duplicate.
    read(&format!("{BASE}departement,32,Département fictif,32,,,\n")).unwrap();
}

#[test]
fn refuses_broken_lines() {
    let err = fails(&format!("{BASE}commune,59009,Villeneuve-d'Ascq,32,59\n"), 6, None);
    assert!(err.message.contains("5 champs au lieu de 7"), "{err}");
    fails(&format!("{BASE}commune,\"59009,Villeneuve,32,59,200093201,1\ncommune,59010,X,32,59,,1\n"), 6, None);
    let mut bytes = format!("{HEADER}{BASE}").into_bytes();
    bytes.extend_from_slice(b"commune,59011,Vill\xe9,32,59,200093201,1\n");
    let err = read_territory_csv("territory.csv", &bytes).unwrap_err();
    assert_eq!((err.line, err.field.as_deref()), (Some(6), None), "{err}");
}

#[test]
fn refuses_bad_codes_and_headers() {
    fails(&format!("{BASE}commune,5935,Lille,32,59,200093201,1\n"), 6, Some("code"));
    fails(&format!("{BASE}commune,59009,Villeneuve,32,59,2000,1\n"), 6, Some("epci"));
    fails(&format!("{BASE}epci,200069953,CU d'Arras,32,,,\n"), 6, Some("departement"));
    fails(&format!("{BASE}epci,200069953,CU d'Arras,32,59,,,\n").replace(HEADER, ""), 6, None);
    let err = read_territory_csv("t.csv", b"kind,code,name,region,departement,epci\n").unwrap_err();
    assert_eq!((err.line, err.field.as_deref()), (Some(1), Some("population")));
    let err = read_territory_csv("t.csv", b"kind,code,name,region,departement,epci,pop\n").unwrap_err();
    assert_eq!((err.line, err.field.as_deref()), (Some(1), Some("pop")));
    assert!(read_territory_csv("t.csv", b"").is_err());
}

#[test]
fn loads_the_npdc_2014_fixture() {
    let bytes =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/npdc-2014/territory.csv")).unwrap();
    let t = read_territory_csv("territory.csv", &bytes).unwrap();
    let s = t.summary();
    assert_eq!((s.regions, s.departements, s.epci, s.communes), (2, 3, 53, 1546));
    assert_eq!(s.communes_without_epci, 0);
    assert!(t.communes.iter().all(|c| c.siren.is_none()), "no `siren` column in this fixture");
    let members = t.members();
    assert_eq!(members.len(), 53, "every EPCI has communes");
    assert_eq!(members.values().map(Vec::len).sum::<usize>(), 1546);
    let by_departement = |d: &str| t.epci.iter().filter(|e| e.departement.as_str() == d).count();
    assert_eq!((by_departement("59"), by_departement("62")), (20, 33));
    assert!(t.communes.iter().any(|c| c.departement.as_str() == "80"));
    assert!(t.epci.iter().all(|e| e.nature.is_some()), "natures guessed from names");
    // Each EPCI's given population is the sum of its communes in this fixture.
    for e in &t.epci {
        let sum: u64 = members[&e.code].iter().map(|c| c.population).sum();
        assert_eq!(e.population, Some(sum), "EPCI {}", e.code);
    }
    println!("npdc-2014: {} inhabitants in {} communes", s.population, s.communes);
}

#[test]
fn crlf_files_name_the_right_line() {
    let body = format!("{HEADER}{BASE}commune,59009,Villeneuve-d'Ascq,32,59,200093201,abc\n").replace('\n', "\r\n");
    let err = read_territory_csv("territory.csv", body.as_bytes()).expect_err("refused");
    assert_eq!((err.line, err.field.as_deref()), (Some(6), Some("population")), "{err}");
    let short = format!("{HEADER}{BASE}commune,59009,Villeneuve-d'Ascq\n").replace('\n', "\r\n");
    let err = read_territory_csv("territory.csv", short.as_bytes()).expect_err("refused");
    assert_eq!(err.line, Some(6), "{err}");
}
