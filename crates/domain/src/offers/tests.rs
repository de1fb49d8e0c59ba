//! Offers checked against the default catalogue, their areas, and which ones cover a group.

use super::*;

fn catalogue() -> Catalogue {
    Catalogue::default_catalogue()
}

fn offer(structure: &str, service: &str, area: &str) -> Offer {
    Offer::new(structure, service, "syndicat", "Cotisation annuelle", Area::parse(area).unwrap(), &catalogue()).unwrap()
}

#[test]
fn areas_read_the_file_form_and_write_it_back() {
    assert_eq!(Area::parse(" * ").unwrap(), Area::All);
    let area = Area::parse("35| 22 |29||22").unwrap();
    assert_eq!(area.to_string(), "22|29|35", "ascending, once each");
    assert!(area.covers("29") && !area.covers("50"));
    assert!(Area::All.covers("2A"));
    assert_eq!(
        Area::parse(" | ").unwrap_err().to_string(),
        "departements : vide : codes de départements séparés par | (ex. 22|29), ou * pour tous"
    );
    let err = Area::parse("22|Finistère").unwrap_err();
    assert_eq!(err.field, "departements");
    assert!(err.message.contains("« Finistère »"), "{err}");
}

#[test]
fn offers_are_checked_against_the_catalogue() {
    let c = catalogue();
    let all = || Area::All;
    let o = Offer::new(" Mégalis Bretagne ", "actes", "syndicat", " Contribution forfaitaire ", all(), &c).unwrap();
    assert_eq!((o.structure.as_str(), o.price_model.as_str()), ("Mégalis Bretagne", "Contribution forfaitaire"));
    let refused = |s: &str, service: &str, vehicle: &str, price: &str| {
        Offer::new(s, service, vehicle, price, all(), &c).unwrap_err().to_string()
    };
    assert_eq!(refused(" ", "actes", "syndicat", "x"), "structure : obligatoire");
    assert_eq!(refused("S", "actes", "syndicat", ""), "price_model : obligatoire");
    assert_eq!(refused("S", "meteo", "syndicat", "x"), "service : service « meteo » absent du catalogue");
    assert!(refused("S", "Actes", "syndicat", "x").starts_with("service : code du catalogue « Actes » invalide"));
    let vehicle = refused("S", "actes", "adhesion_opsn", "x");
    assert!(vehicle.starts_with("vehicle : type de mutualisation « adhesion_opsn » absent du catalogue (attendu : groupement_commandes, centrale_achat,"), "{vehicle}");
    assert_eq!(refused(&"x".repeat(501), "actes", "syndicat", "x"), "structure : trop long (500 caractères au plus)");
    let empty = Offer { area: Area::Departements(BTreeSet::new()), ..o };
    assert_eq!(empty.check(&c).unwrap_err().field, "departements");
}

#[test]
fn an_offer_covers_a_group_only_when_every_member_lies_in_its_area() {
    let offers = [
        offer("Syndicat Nord", "sig", "59"),
        offer("Syndicat régional", "sig", "59|62"),
        offer("GIP national", "sig", "*"),
        offer("GIP national", "gru", "*"),
    ];
    let names = |found: Vec<&Offer>| found.into_iter().map(|o| o.structure.clone()).collect::<Vec<_>>();
    assert_eq!(names(covering(&offers, "sig", &["59"])), ["GIP national", "Syndicat Nord", "Syndicat régional"]);
    assert_eq!(
        names(covering(&offers, "sig", &["59", "62"])),
        ["GIP national", "Syndicat régional"],
        "one member in the Pas-de-Calais: the Nord's syndicat does not cover the group"
    );
    assert_eq!(names(covering(&offers, "sig", &["59", "80"])), ["GIP national"]);
    assert!(covering(&offers, "archivage", &["59"]).is_empty(), "no offer of the service");
}

#[test]
fn the_json_says_star_or_lists_the_departements() {
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    let regional = serde_json::to_value(offer("Mégalis Bretagne", "actes", "35|22|29|56")).unwrap();
    assert_eq!(keys(&regional), ["structure", "service", "vehicle", "price_model", "departements"]);
    assert_eq!(regional["departements"], serde_json::json!(["22", "29", "35", "56"]));
    let everywhere = serde_json::to_value(offer("GIP", "actes", "*")).unwrap();
    assert_eq!(everywhere["departements"], "*");
    for json in [regional, everywhere] {
        let back: Offer = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(serde_json::to_value(back).unwrap(), json);
    }
    let mut bad = serde_json::to_value(offer("GIP", "actes", "*")).unwrap();
    for area in [serde_json::json!("tous"), serde_json::json!([]), serde_json::json!(["Bretagne"])] {
        bad["departements"] = area.clone();
        assert!(serde_json::from_value::<Offer>(bad.clone()).is_err(), "{area}");
    }
}
