//! The bundled contours against the bundled referential: the Hauts-de-France check of the
//! pooling opportunities, and (ignored, for release builds) the national timings.

use mutu_domain::campaign::{Campaign, TargetLevel, build_targets};
use mutu_domain::catalogue::Catalogue;
use mutu_domain::codes::{CampaignCode, RegionCode};
use mutu_domain::geography::{Adjacency, TargetParts, wave_adjacency};
use mutu_domain::opportunities::{CostModel, opportunities};
use mutu_domain::questionnaire::Questionnaire;
use mutu_domain::size_class::SizeClasses;
use mutu_domain::synth::synthesise;
use mutu_domain::territory::Territory;
use mutu_import::{BUNDLED_REFERENTIAL, NationalOptions, bundled_contours, read_national_bundle};
use std::collections::BTreeSet;
use std::time::Instant;

fn wave(territory: &Territory, regions: &[RegionCode]) -> Campaign {
    let catalogue = Catalogue::default_catalogue();
    Campaign {
        code: CampaignCode::parse("hdf").unwrap(),
        name: "HdF".into(),
        level: TargetLevel::Epci,
        size_classes: SizeClasses::default(),
        questionnaire: Questionnaire::default_questionnaire(&catalogue).unwrap(),
        catalogue,
        targets: build_targets(territory, TargetLevel::Epci, regions, &[]).unwrap(),
        population_year: territory.population_year,
    }
}

/// Whether `members` are connected in `graph` restricted to them.
fn connected(members: &[String], graph: &Adjacency) -> bool {
    let set: BTreeSet<&str> = members.iter().map(String::as_str).collect();
    let neighbours = graph.neighbours();
    let mut seen = BTreeSet::from([members[0].as_str()]);
    let mut stack = vec![members[0].as_str()];
    while let Some(code) = stack.pop() {
        for &next in neighbours.get(code).into_iter().flatten() {
            if set.contains(next) && seen.insert(next) {
                stack.push(next);
            }
        }
    }
    seen.len() == set.len()
}

#[test]
fn hauts_de_france_groups_are_connected_neighbours_that_need_the_service() {
    let hdf = RegionCode::parse("32").unwrap();
    let options = NationalOptions { region: Some(hdf.clone()), include_com: false };
    let territory = read_national_bundle(BUNDLED_REFERENTIAL, &options).unwrap();
    let contours = bundled_contours().unwrap();
    let campaign = wave(&territory, &[hdf]);
    assert_eq!(campaign.targets.len(), 90, "EPCI by main département");

    let parts = TargetParts::collect(&campaign, &territory, &contours);
    assert_eq!(parts.parts.len(), 90, "every EPCI has contours");
    let outlines = parts.outlines();
    assert!(outlines.values().all(|o| !o.0.is_empty()));
    let graph = wave_adjacency(&campaign, &territory, &contours);
    let degree = graph.neighbours();
    assert_eq!(degree.len(), 90, "every EPCI touches another");
    // The Métropole Européenne de Lille touches, among others, Pévèle-Carembault.
    assert!(graph.contains("200093201", "200041960"));

    let responses = synthesise(&campaign, 7, 0.7);
    let costs = CostModel::default_model(&campaign.catalogue).unwrap();
    let result = opportunities(&campaign, &responses, &graph, &costs);
    assert_eq!(result.services.len(), 46);
    let mut groups = 0;
    for service in &result.services {
        let needing: BTreeSet<&String> = service.alone.iter().chain(&service.studying).collect();
        for group in &service.groups {
            groups += 1;
            assert!(group.members.len() >= 2);
            assert!(group.members.iter().all(|m| needing.contains(m)), "{}", service.service);
            assert!(group.members.windows(2).all(|w| w[0] < w[1]), "ascending");
            assert!(connected(&group.members, &graph), "{} {:?}", service.service, group.members);
        }
        // Groups are maximal: two members of different groups never touch.
        for (i, a) in service.groups.iter().enumerate() {
            for b in &service.groups[i + 1..] {
                assert!(a.members.iter().all(|x| b.members.iter().all(|y| !graph.contains(x, y))));
            }
        }
    }
    assert!(groups > 46, "synthetic answers leave many groups ({groups})");
}

/// `cargo test -p mutu-import --release --test geography -- --ignored --nocapture`
#[test]
#[ignore = "national timings, for release builds"]
fn national_timings() {
    let options = NationalOptions { region: None, include_com: false };
    let started = Instant::now();
    let territory = read_national_bundle(BUNDLED_REFERENTIAL, &options).unwrap();
    let contours = bundled_contours().unwrap();
    let read = started.elapsed();
    let campaign = wave(&territory, &[]);
    let started = Instant::now();
    let parts = TargetParts::collect(&campaign, &territory, &contours);
    let outlines = parts.outlines();
    let dissolve = started.elapsed();
    let started = Instant::now();
    let graph = wave_adjacency(&campaign, &territory, &contours);
    let adjacency = started.elapsed();
    let responses = synthesise(&campaign, 7, 0.7);
    let costs = CostModel::default_model(&campaign.catalogue).unwrap();
    let started = Instant::now();
    let result = opportunities(&campaign, &responses, &graph, &costs);
    let opportunities = started.elapsed();
    println!(
        "{} EPCI, {} communes without contour; read {read:?}, join + dissolve {dissolve:?} ({} outlines), \
         adjacency {adjacency:?} ({} pairs), opportunities of {} services {opportunities:?}",
        campaign.targets.len(),
        parts.missing.len(),
        outlines.len(),
        graph.len(),
        result.services.len()
    );
}
