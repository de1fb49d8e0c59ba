//! Tests of the offers reader: the shipped example, the forms a spreadsheet saves, and
//! refusals that name the line and the column.
//!
//! The example holds offers of the four French structures of the benchmark
//! (`structures.md`), with only the facts recorded there: CSI-Piemonte and IMIO serve Italy
//! and Wallonia, which no French département code can describe.

use super::*;

const EXAMPLE: &str = include_str!("../../../../tests/fixtures/offers-example.csv");
const HEADER: &str = "structure,service,vehicle,price_model,departements\n";

fn read(body: &str) -> Result<Vec<Offer>, ImportError> {
    read_offers("offres.csv", format!("{HEADER}{body}").as_bytes(), &Catalogue::default_catalogue())
}

/// Asserts the error's line and field, and that its message names them.
fn fails(body: &str, line: usize, field: Option<&str>) -> ImportError {
    let err = read(body).expect_err("the file must be refused");
    assert_eq!((err.line, err.field.as_deref()), (Some(line), field), "{err}");
    let place = match field {
        Some(field) => format!("offres.csv, ligne {line}, champ {field} : "),
        None => format!("offres.csv, ligne {line} : "),
    };
    assert!(err.to_string().starts_with(&place), "{err}");
    err
}

#[test]
fn the_example_register_reads_whole() {
    let offers = read_offers("offers-example.csv", EXAMPLE.as_bytes(), &Catalogue::default_catalogue()).unwrap();
    assert_eq!(offers.len(), 9);
    let mut structures: Vec<&str> = offers.iter().map(|o| o.structure.as_str()).collect();
    structures.dedup();
    assert_eq!(structures, ["Mégalis Bretagne", "GIP e-bourgogne-franche-comté", "Manche Numérique", "SICTIAM"]);
    assert_eq!(offers[0].area.to_string(), "22|29|35|56");
    assert!(offers[0].price_model.contains("convention 2025-2029"));
    let sictiam = offers.last().unwrap();
    assert_eq!((sictiam.service.as_str(), sictiam.area.to_string()), ("actes", "05|06".to_owned()));
    assert!(offers.iter().any(|o| o.vehicle.as_str() == "centrale_achat"));
}

#[test]
fn accepts_a_bom_semicolons_crlf_columns_in_any_order_and_a_star() {
    let text = "\u{feff}Service;Structure;departements;vehicle;price_model\r\n\
                sig ; GIP national ; * ; gip ; Cotisation, selon la population\r\n\
                actes;Syndicat;59 | 62;syndicat;Forfait\r\n";
    let offers = read_offers("o.csv", text.as_bytes(), &Catalogue::default_catalogue()).unwrap();
    assert_eq!(offers[0].structure, "GIP national");
    assert_eq!(offers[0].area, Area::All);
    assert_eq!(offers[0].price_model, "Cotisation, selon la population");
    assert_eq!(offers[1].area.to_string(), "59|62");
}

#[test]
fn refusals_name_the_line_and_the_column() {
    let ok = "Syndicat,sig,syndicat,Forfait,59\n";
    fails(&format!("{ok}Syndicat,meteo,syndicat,Forfait,59\n"), 3, Some("service"));
    let err = fails(&format!("{ok}Syndicat,sig,adhesion,Forfait,59\n"), 3, Some("vehicle"));
    assert!(err.message.contains("« adhesion »"), "{err}");
    fails(&format!("{ok}Syndicat,sig,syndicat,Forfait,Nord\n"), 3, Some("departements"));
    fails(&format!("{ok}Syndicat,sig,syndicat,Forfait,\n"), 3, Some("departements"));
    fails(&format!("{ok} ,sig,syndicat,Forfait,59\n"), 3, Some("structure"));
    fails(&format!("{ok}Syndicat,sig,syndicat,,59\n"), 3, Some("price_model"));
    let err = fails(&format!("{ok}SYNDICAT,sig,syndicat,Autre tarif,62\n"), 3, Some("structure"));
    assert!(err.message.ends_with("ligne 2"), "a doubled offer names the first line: {err}");
    assert!(read(&format!("{ok}Syndicat,sig,prestation_services,Forfait,62\n")).is_ok(), "another vehicle");
    let err = fails(&format!("{ok}Syndicat,sig,syndicat\n"), 3, None);
    assert!(err.message.contains("3 champs au lieu de 5"), "{err}");
    fails(&format!("{ok}Syndicat,\"sig,syndicat,Forfait,59\nX,sig,gip,F,59\n"), 3, None);
    fails("", 1, None);

    let catalogue = Catalogue::default_catalogue();
    let err = read_offers("o.csv", b"structure,service,vehicle,price_model\n", &catalogue).unwrap_err();
    assert_eq!((err.line, err.field.as_deref()), (Some(1), Some("departements")), "{err}");
    let err =
        read_offers("o.csv", b"structure,service,vehicle,price_model,departements,prix\n", &catalogue).unwrap_err();
    assert_eq!((err.line, err.field.as_deref()), (Some(1), Some("prix")), "{err}");
    let mut latin1 = format!("{HEADER}{ok}").into_bytes();
    latin1.extend_from_slice(b"Syndicat de la Manche,sig,syndicat,Pay\xe9,50\n");
    let err = read_offers("o.csv", &latin1, &catalogue).unwrap_err();
    assert_eq!((err.line, err.field.as_deref()), (Some(3), None), "{err}");
}

#[test]
fn a_file_with_one_bad_line_gives_no_offer_at_all() {
    let body = "A,sig,syndicat,Forfait,59\nB,gru,gip,Cotisation,*\nC,sig,syndicat,Forfait,999999\nD,ent,gip,F,50\n";
    let err = read(body).expect_err("all or nothing");
    assert_eq!((err.line, err.field.as_deref()), (Some(4), Some("departements")), "{err}");
    let crlf = format!("{HEADER}{body}").replace('\n', "\r\n");
    let err = read_offers("offres.csv", crlf.as_bytes(), &Catalogue::default_catalogue()).unwrap_err();
    assert_eq!(err.line, Some(4), "right line on CRLF files: {err}");
}
