//! Unit and property tests of the analysis on hand-made waves.

use super::*;
use crate::answers::{Mutualisation, ServiceStatus};
use crate::campaign::TargetLevel;
use crate::catalogue::Catalogue;
use crate::codes::{CampaignCode, DepartementCode, RegionCode};
use crate::questionnaire::Questionnaire;
use crate::size_class::SizeClasses;
use proptest::prelude::*;

fn target(code: &str, dep: &str, population: u64) -> Target {
    Target {
        code: code.into(),
        name: format!("EPCI {code}"),
        nature: Some(crate::territory::Nature::Cc),
        departement: DepartementCode::parse(dep).unwrap(),
        region: RegionCode::parse("32").unwrap(),
        population,
        communes: 10,
    }
}

fn campaign(targets: Vec<Target>) -> Campaign {
    let catalogue = Catalogue::default_catalogue();
    Campaign {
        code: CampaignCode::parse("test").unwrap(),
        name: "Test".into(),
        level: TargetLevel::Epci,
        size_classes: SizeClasses::default(),
        questionnaire: Questionnaire::default_questionnaire(&catalogue).unwrap(),
        catalogue,
        targets,
        population_year: None,
    }
}

fn service(status: ServiceStatus, mutualisation: Mutualisation, types: &[&str]) -> ServiceAnswer {
    ServiceAnswer {
        status,
        mutualisation,
        types: types.iter().map(|t| (*t).to_owned()).collect(),
        actors: if types.is_empty() { vec![] } else { vec!["epci".into()] },
        partners: String::new(),
    }
}

fn response(code: &str, status: ResponseStatus, services: &[(&str, ServiceAnswer)]) -> Response {
    let mut answers = Answers::new();
    answers.insert("themes".into(), Answer::Choices(vec!["culture".into()]));
    answers.insert(
        "services".into(),
        Answer::Matrix(services.iter().map(|(c, a)| ((*c).to_owned(), a.clone())).collect()),
    );
    answers.insert("needs".into(), Answer::Text("Un plan d'ensemble".into()));
    Response { respondent: code.into(), status, submitted_at: None, answers }
}

#[test]
fn an_empty_wave_has_zero_counts_and_null_rates() {
    let c = campaign(vec![target("200000001", "59", 5_000)]);
    let a = analyse(&c, &[], &Filters::default());
    assert_eq!(a.participation.total.respondents, 0);
    assert_eq!(a.participation.total.rate, Some(0.0));
    assert_eq!(a.themes[0].rate, None);
    assert!(a.services.iter().all(|s| s.deployment_rate.is_none() && s.mutualisation_rate.is_none()));
    assert!(a.mutualisation_types.total.iter().all(|m| m.share.is_none()));
    assert!(a.rankings.most_deployed.is_empty());
    let json = serde_json::to_value(&a).unwrap();
    assert!(json["themes"][0]["rate"].is_null());
    assert_eq!(json["mutualisation_types"]["total"].as_array().unwrap().len(), 12, "every code is listed");
}

#[test]
fn partial_answers_and_strangers_count_nowhere() {
    let c = campaign(vec![target("200000001", "59", 5_000), target("200000002", "62", 50_000)]);
    let deployed = service(ServiceStatus::Deployed, Mutualisation::Implemented, &["spl"]);
    let responses = vec![
        response("200000001", ResponseStatus::Complete, &[("sig", deployed.clone())]),
        response("200000002", ResponseStatus::Partial, &[("sig", deployed.clone())]),
        response("999999999", ResponseStatus::Complete, &[("sig", deployed)]),
    ];
    let a = analyse(&c, &responses, &Filters::default());
    assert_eq!(a.participation.total.respondents, 1);
    let sig = a.services.iter().find(|s| s.service == "sig").unwrap();
    assert_eq!((sig.deployed, sig.mutualised, sig.mutualisation_rate), (1, 1, Some(1.0)));
    assert_eq!(a.mutualisation_types.total[0].code, "spl");
    assert_eq!(a.verbatims[0].items.len(), 1);
    assert_eq!(a.verbatims[0].items[0].size_class, "lt10k");
}

#[test]
fn the_last_response_of_a_respondent_wins() {
    let c = campaign(vec![target("200000001", "59", 5_000)]);
    let responses =
        vec![response("200000001", ResponseStatus::Complete, &[]), response("200000001", ResponseStatus::Partial, &[])];
    assert_eq!(analyse(&c, &responses, &Filters::default()).participation.total.respondents, 0);
}

#[test]
fn filters_restrict_targets() {
    let c = campaign(vec![target("200000001", "59", 5_000), target("200000002", "62", 50_000)]);
    let responses = vec![
        response("200000001", ResponseStatus::Complete, &[]),
        response("200000002", ResponseStatus::Complete, &[]),
    ];
    let filters = Filters { departements: vec![DepartementCode::parse("62").unwrap()], ..Filters::default() };
    let a = analyse(&c, &responses, &filters);
    assert_eq!((a.participation.total.targets, a.participation.total.respondents), (1, 1));
    assert_eq!(a.participation.by_departement.len(), 1);
    let by_class = Filters { size_classes: vec!["lt10k".into()], ..Filters::default() };
    assert_eq!(analyse(&c, &responses, &by_class).coverage.population.total, 5_000);
}

#[test]
fn comparison_maps_services_by_code() {
    let c = campaign(vec![target("200000001", "59", 5_000)]);
    let before = analyse(&c, &[response("200000001", ResponseStatus::Complete, &[])], &Filters::default());
    let deployed = service(ServiceStatus::Deployed, Mutualisation::Planned, &["spl"]);
    let after =
        analyse(&c, &[response("200000001", ResponseStatus::Complete, &[("sig", deployed)])], &Filters::default());
    let cmp = compare(&c, &after, &c, &before);
    let sig = cmp.services.iter().find(|s| s.service == "sig").unwrap();
    assert_eq!((sig.deployed.change, sig.pooled.change), (Some(1), Some(1)));
    assert_eq!(sig.deployment_rate.change, Some(1.0));
    assert!(cmp.method.comparable && sig.breaks.is_empty() && cmp.participation_breaks.is_empty());
}

#[test]
fn a_service_added_since_the_earlier_wave_is_a_break_not_a_change() {
    let later = campaign(vec![target("200000001", "59", 5_000), target("200000002", "62", 12_000)]);
    let mut earlier_wave = later.clone();
    earlier_wave.catalogue.services.retain(|s| s.code != "sig");
    let deployed = service(ServiceStatus::Deployed, Mutualisation::Planned, &["spl"]);
    let answers = [response("200000001", ResponseStatus::Complete, &[("sig", deployed)])];
    let before = analyse(&earlier_wave, &[response("200000001", ResponseStatus::Complete, &[])], &Filters::default());
    let after = analyse(&later, &answers, &Filters::default());
    let cmp = compare(&later, &after, &earlier_wave, &before);
    let sig = cmp.services.iter().find(|s| s.service == "sig").unwrap();
    assert_eq!(sig.breaks, vec!["service_added"]);
    assert_eq!((sig.deployed.after, sig.deployed.change, sig.pooled.change), (Some(1), None, None));
    assert!(!cmp.method.comparable);
    let unbroken = cmp.services.iter().find(|s| s.service != "sig").unwrap();
    assert!(unbroken.breaks.is_empty() && unbroken.deployed.change == Some(0), "{unbroken:?}");
    assert_eq!(cmp.respondents.change, Some(0), "participation is not touched by a service added");

    let mut elsewhere = later.clone();
    elsewhere.targets.truncate(1);
    let before = analyse(&elsewhere, &[response("200000001", ResponseStatus::Complete, &[])], &Filters::default());
    let cmp = compare(&later, &after, &elsewhere, &before);
    assert_eq!(cmp.participation_breaks, vec!["targets_changed"]);
    assert_eq!(cmp.respondents.change, None, "another territory: no change is drawn");
}

/// The pooling type codes, read once (building a catalogue per generated case is slow).
static TYPES: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| Catalogue::default_catalogue().types.into_iter().map(|t| t.code).collect());

fn arb_service() -> impl Strategy<Value = ServiceAnswer> {
    (0..3u8, 0..3u8, proptest::collection::vec(0..12usize, 0..3)).prop_map(|(s, m, types)| {
        let status = [ServiceStatus::Deployed, ServiceStatus::Studied, ServiceStatus::None][s as usize];
        let mutualisation = match (status, m) {
            (ServiceStatus::Deployed, 0) => Mutualisation::Implemented,
            (ServiceStatus::Deployed | ServiceStatus::Studied, 1) => Mutualisation::Planned,
            _ => Mutualisation::None,
        };
        let codes: Vec<&str> = if mutualisation == Mutualisation::None {
            vec![]
        } else {
            types.iter().map(|&i| TYPES[i].as_str()).collect()
        };
        let mut codes: Vec<String> = codes.into_iter().map(str::to_owned).collect();
        codes.dedup();
        service(status, mutualisation, &codes.iter().map(String::as_str).collect::<Vec<_>>())
    })
}

proptest! {
    #[test]
    fn counts_never_exceed_respondents_and_shares_sum_to_one(
        populations in proptest::collection::vec(0u64..2_000_000, 1..30),
        answers in proptest::collection::vec((any::<bool>(), proptest::collection::vec((0..46usize, arb_service()), 0..10)), 0..30),
    ) {
        let targets: Vec<Target> = populations.iter().enumerate()
            .map(|(i, p)| target(&format!("2{:08}", i), if i % 2 == 0 { "59" } else { "62" }, *p)).collect();
        let c = campaign(targets);
        let codes = c.catalogue.codes(OptionList::Services);
        let responses: Vec<Response> = answers.iter().enumerate().map(|(i, (complete, services))| {
            let rows: Vec<(&str, ServiceAnswer)> = services.iter().map(|(s, a)| (codes[*s], a.clone())).collect();
            let status = if *complete { ResponseStatus::Complete } else { ResponseStatus::Partial };
            response(&format!("2{:08}", i), status, &rows)
        }).collect();
        let a = analyse(&c, &responses, &Filters::default());
        let n = a.participation.total.respondents;
        let complete = answers.iter().take(populations.len()).filter(|(c, _)| *c).count() as u64;
        prop_assert_eq!(n, complete, "partial answers never count");
        prop_assert!(n <= a.participation.total.targets);
        let class_sum: u64 = a.participation.by_size_class.iter().map(|c| c.count.respondents).sum();
        prop_assert_eq!(class_sum, n);
        for s in &a.services {
            prop_assert!(s.deployed + s.studied <= n);
            prop_assert!(s.mutualised <= s.deployed);
        }
        for t in &a.themes {
            prop_assert!(t.count <= n);
        }
        for list in [&a.mutualisation_types.total, &a.actors.total] {
            let total: u64 = list.iter().map(|m| m.mentions).sum();
            let shares: f64 = list.iter().filter_map(|m| m.share).sum();
            if total > 0 {
                prop_assert!((shares - 1.0).abs() < 1e-9);
            } else {
                prop_assert!(list.iter().all(|m| m.share.is_none()));
            }
        }
        prop_assert!(a.coverage.population.covered <= a.coverage.population.total);
    }
}
