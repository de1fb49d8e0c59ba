//! Opportunities on the 3 × 3 grid of `geography::grid`, with known groups and levels.

use super::*;
use crate::answers::{Answers, ResponseStatus};
use crate::campaign::TargetLevel;
use crate::geography::{grid, wave_adjacency};

fn row(status: ServiceStatus, mutualisation: Mutualisation, partners: &str, types: &[&str]) -> ServiceAnswer {
    ServiceAnswer {
        status,
        mutualisation,
        types: types.iter().map(|t| (*t).to_owned()).collect(),
        actors: vec![],
        partners: partners.to_owned(),
    }
}

fn response(code: &str, status: ResponseStatus, rows: &[(&str, ServiceAnswer)]) -> Response {
    let mut answers = Answers::new();
    answers.insert("services".into(), Answer::Matrix(rows.iter().map(|(s, a)| ((*s).to_owned(), a.clone())).collect()));
    Response { respondent: code.into(), status, submitted_at: None, answers }
}

fn run(level: TargetLevel, responses: &[Response]) -> Opportunities {
    let campaign = grid::campaign(level);
    let adjacency = wave_adjacency(&campaign, &grid::territory(), &grid::contours());
    let costs = CostModel::default_model(&campaign.catalogue).unwrap();
    opportunities(&campaign, responses, &adjacency, &costs)
}

fn service<'a>(o: &'a Opportunities, code: &str) -> &'a ServiceOpportunity {
    o.services.iter().find(|s| s.service == code).unwrap()
}

/// West and middle columns in Nord (12 000 and 15 000 inhabitants), east in Pas-de-Calais
/// (18 000).
fn epci_answers() -> Vec<Response> {
    use Mutualisation::{Implemented, None as No, Planned};
    use ServiceStatus::{Deployed, Studied};
    let (w, m, e) = (grid::epci(0), grid::epci(1), grid::epci(2));
    vec![
        response(
            &w,
            ResponseStatus::Complete,
            &[("sig", row(Deployed, No, "", &[])), ("gru", row(Deployed, No, "", &[]))],
        ),
        response(
            &m,
            ResponseStatus::Complete,
            &[("sig", row(Studied, No, "", &[])), ("archivage", row(Studied, No, "", &[]))],
        ),
        response(
            &e,
            ResponseStatus::Complete,
            &[
                ("sig", row(Deployed, Implemented, "SM Somme numérique", &["syndicat"])),
                ("gru", row(Deployed, No, "", &[])),
                ("archivage", row(Studied, No, "", &[])),
                ("parapheur", row(Deployed, Planned, " CDG 62 ", &["service_commun", "syndicat"])),
            ],
        ),
    ]
}

#[test]
fn neighbours_needing_a_service_form_a_group_at_the_level_that_fits() {
    let o = run(TargetLevel::Epci, &epci_answers());
    let sig = service(&o, "sig");
    assert_eq!((sig.alone.clone(), sig.studying.clone()), (vec![grid::epci(0)], vec![grid::epci(1)]));
    assert_eq!(sig.pooled, vec![grid::epci(2)]);
    assert_eq!(sig.groups.len(), 1);
    let group = &sig.groups[0];
    assert_eq!(group.members, vec![grid::epci(0), grid::epci(1)]);
    assert_eq!((group.population, group.communes), (27_000, 6));
    assert_eq!(group.departements, vec!["59".to_owned()]);
    assert_eq!(group.level, Level::Departement, "both of Nord's two targets");
    assert_eq!(group.estimated_savings, 30_000.0 - 2.0 * 3_000.0);
    assert_eq!(sig.score, Some(27_000.0 / 45_000.0));
    assert_eq!(sig.existing.partners, vec![Cited { name: "SM Somme numérique".into(), mentions: 1 }]);

    let gru = service(&o, "gru");
    assert!(gru.groups.is_empty(), "west and east do not touch");
    assert_eq!(gru.score, Some(0.0));

    let archivage = service(&o, "archivage");
    assert_eq!(archivage.groups[0].departements, vec!["59".to_owned(), "62".to_owned()]);
    assert_eq!(archivage.groups[0].level, Level::Region);

    let parapheur = service(&o, "parapheur");
    let types: Vec<&str> = parapheur.existing.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(types, ["service_commun", "syndicat"], "ties by code");
    assert_eq!(parapheur.existing.partners[0].name, "CDG 62", "trimmed");

    assert_eq!(&o.ranking[..3], ["archivage", "sig", "actes"], "by score, then by code");
    assert_eq!(o.ranking.len(), 46);
}

#[test]
fn a_few_communes_of_a_departement_pool_between_themselves() {
    use Mutualisation::None as No;
    let rows = [("sig", row(ServiceStatus::Deployed, No, "", &[]))];
    let answers = [
        response(&grid::commune(0, 0), ResponseStatus::Complete, &rows),
        response(&grid::commune(0, 1), ResponseStatus::Complete, &rows),
        // Diagonal to the first, and partial: neither joins.
        response(&grid::commune(1, 1), ResponseStatus::Partial, &rows),
    ];
    let o = run(TargetLevel::Commune, &answers);
    let sig = service(&o, "sig");
    assert_eq!(sig.groups.len(), 1);
    assert_eq!(sig.groups[0].members, vec![grid::commune(0, 0), grid::commune(0, 1)]);
    assert_eq!(sig.groups[0].level, Level::InterEpci, "2 of Nord's 6 communes");
}

#[test]
fn without_respondents_scores_are_null_and_the_ranking_is_by_code() {
    let o = run(TargetLevel::Epci, &[]);
    assert!(o.services.iter().all(|s| s.score.is_none() && s.groups.is_empty()));
    let mut sorted = o.ranking.clone();
    sorted.sort();
    assert_eq!(o.ranking, sorted);
}

#[test]
fn the_json_follows_the_contract_key_by_key() {
    let o = run(TargetLevel::Epci, &epci_answers());
    let json = serde_json::to_value(&o).unwrap();
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&json), ["campaign", "services", "ranking"]);
    let services = json["services"].as_array().unwrap();
    let order: Vec<&str> = services.iter().map(|s| s["service"].as_str().unwrap()).collect();
    let catalogue = grid::campaign(TargetLevel::Epci).catalogue;
    let codes: Vec<&str> = catalogue.services.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(order, codes, "catalogue order");
    let sig = services.iter().find(|s| s["service"] == "sig").unwrap();
    assert_eq!(keys(sig), ["service", "alone", "studying", "pooled", "groups", "score", "existing"]);
    assert_eq!(
        keys(&sig["groups"][0]),
        ["members", "population", "communes", "departements", "level", "estimated_savings", "offers"]
    );
    assert_eq!(sig["groups"][0]["offers"], serde_json::json!([]), "always present, empty without a register");
    assert_eq!(sig["groups"][0]["level"], "departement");
    assert_eq!(service(&o, "gru").alone, vec![grid::epci(0), grid::epci(2)], "by code");
}

#[test]
fn a_group_lists_the_offers_of_its_service_that_cover_all_its_members() {
    use crate::offers::{Area, Offer};
    let catalogue = grid::campaign(TargetLevel::Epci).catalogue;
    let offer = |structure: &str, service: &str, area: &str| {
        Offer::new(structure, service, "syndicat", "Cotisation", Area::parse(area).unwrap(), &catalogue).unwrap()
    };
    let offers = [
        offer("Syndicat du Nord", "sig", "59"),
        offer("Syndicat du Nord", "archivage", "59"),
        offer("GIP régional", "archivage", "59|62"),
        offer("GIP régional", "gru", "*"),
    ];
    let o = run(TargetLevel::Epci, &epci_answers()).with_offers(&offers);
    let refs = |code: &str| -> Vec<(String, String)> {
        service(&o, code).groups[0].offers.iter().map(|r| (r.structure.clone(), r.vehicle.clone())).collect()
    };
    assert_eq!(refs("sig"), [("Syndicat du Nord".to_owned(), "syndicat".to_owned())], "both members in Nord");
    assert_eq!(
        refs("archivage"),
        [("GIP régional".to_owned(), "syndicat".to_owned())],
        "the Nord's syndicat leaves out the member in Pas-de-Calais"
    );
    let json = serde_json::to_value(&o).unwrap();
    let sig = json["services"].as_array().unwrap().iter().find(|s| s["service"] == "sig").unwrap();
    assert_eq!(
        sig["groups"][0]["offers"],
        serde_json::json!([{"structure": "Syndicat du Nord", "vehicle": "syndicat", "price_model": "Cotisation"}])
    );
    let o = o.with_offers(&[]);
    assert!(o.services.iter().flat_map(|s| &s.groups).all(|g| g.offers.is_empty()), "replaced, not added");
}

#[test]
fn cost_files_are_checked_against_the_catalogue() {
    let catalogue = grid::campaign(TargetLevel::Epci).catalogue;
    let unknown = "[default]\nfixed = 1\nper_inhabitant = 0\noverhead = 0\n[services.nope]\nfixed = 1\nper_inhabitant = 0\noverhead = 0\n";
    assert_eq!(CostModel::from_toml(unknown, &catalogue), Err(CostError::UnknownService("nope".into())));
    let negative = "[default]\nfixed = -1\nper_inhabitant = 0\noverhead = 0\n";
    assert_eq!(CostModel::from_toml(negative, &catalogue), Err(CostError::Invalid("default.fixed".into())));
    let model = CostModel::default_model(&catalogue).unwrap();
    assert_eq!(model.cost("sig").savings(&[10_000, 20_000, 30_000]), 2.0 * 30_000.0 - 3.0 * 3_000.0);
}
