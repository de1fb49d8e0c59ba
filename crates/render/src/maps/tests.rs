//! The three maps on a hand-made 3 × 3 grid of square EPCI (snapshots), and the
//! participation map of the 90 EPCI of Hauts-de-France from the bundled data.

use super::*;
use crate::fixtures;
use crate::fixtures::grid::{code, grid_adjacency, grid_campaign, grid_outlines, grid_responses};
use mutu_domain::opportunities::{CostModel, opportunities};

fn snapshot(map: &MapOutput) -> String {
    format!("{}\n\n{}\n", map.svg, map.table.html())
}

fn paths(svg: &str) -> usize {
    svg.matches("<path class=\"cible").count()
}

#[test]
fn participation_map_of_the_grid() {
    let map = render_map(&MapSpec::participation(&grid_campaign(), &grid_responses(), &grid_outlines()));
    assert_eq!(paths(&map.svg), 9);
    assert_eq!(map.svg.matches("cat-repondu").count(), 6);
    assert!(
        map.svg.contains(r#"data-code="200000005""#) && map.svg.contains("<title>CC n° 5 : Réponse partielle</title>")
    );
    assert_eq!(map.table.rows.len(), 9);
    insta::assert_snapshot!("participation", snapshot(&map));
}

#[test]
fn a_restricted_map_draws_and_lists_only_what_it_keeps() {
    let (campaign, responses, outlines) = (grid_campaign(), grid_responses(), grid_outlines());
    let full = MapSpec::participation(&campaign, &responses, &outlines);
    let statuses: std::collections::HashMap<&str, _> =
        responses.iter().map(|r| (r.respondent.as_str(), r.status)).collect();
    assert_eq!(MapSpec::participation_of(&campaign, &statuses, &outlines), full, "statuses alone draw the same map");
    let kept = ["200000001", "200000005"];
    let map = render_map(&full.restricted_to(|code| kept.contains(&code)));
    assert_eq!((paths(&map.svg), map.table.rows.len()), (2, 2));
    assert!(map.svg.contains(r#"data-code="200000005""#) && !map.svg.contains(r#"data-code="200000002""#));
}

#[test]
fn service_map_of_the_grid() {
    let map = render_map(&MapSpec::service(&grid_campaign(), &grid_responses(), "site_internet", &grid_outlines()));
    let class_of = |n: &str| {
        let at = map.svg.find(&format!("data-code=\"{n}\"")).unwrap();
        let start = map.svg[..at].rfind("cat-").unwrap();
        map.svg[start..at].trim().trim_end_matches('"').to_owned()
    };
    assert_eq!(class_of("200000001"), "cat-mutualise");
    assert_eq!(class_of("200000003"), "cat-seul");
    assert_eq!(class_of("200000004"), "cat-etudie");
    assert_eq!(class_of("200000008"), "cat-aucun");
    assert_eq!(class_of("200000005"), "cat-silencieux", "a draft is no complete answer");
    insta::assert_snapshot!("service", snapshot(&map));
}

#[test]
fn groups_map_of_the_grid_numbers_the_groups() {
    let campaign = grid_campaign();
    let responses = grid_responses();
    let costs = CostModel::default_model(&campaign.catalogue).unwrap();
    let result = opportunities(&campaign, &responses, &grid_adjacency(), &costs);
    let site = result.services.iter().find(|s| s.service == "site_internet").unwrap();
    assert_eq!(site.groups.len(), 2);
    let map = render_map(&MapSpec::groups(&campaign, &responses, site, &grid_outlines()));
    assert_eq!(paths(&map.svg), 9);
    assert_eq!(map.svg.matches("cat-groupe-1").count(), 2);
    assert_eq!(map.svg.matches("cat-groupe-2").count(), 2);
    assert_eq!(map.svg.matches("cat-mutualise").count(), 1);
    assert!(map.svg.contains(">Groupe 1 (2)</tspan>"), "{}", map.svg);
    insta::assert_snapshot!("groups", snapshot(&map));
}

#[test]
fn maps_are_accessible_without_inline_styles_and_escape_names() {
    let mut campaign = grid_campaign();
    campaign.targets[0].name = "<script>alert(1)</script>".into();
    let mut outlines = grid_outlines();
    outlines.remove(&code(2, 2));
    let map = render_map(&MapSpec::participation(&campaign, &grid_responses(), &outlines));
    assert!(map.svg.contains(r#"role="img""#) && map.svg.contains("<desc id=\"carte-participation-desc\">"));
    assert!(!map.svg.contains("style=") && !map.svg.contains("<script"), "{}", map.svg);
    assert_eq!(paths(&map.svg), 8, "the target without contour is not drawn");
    assert_eq!(map.table.rows.len(), 9, "but it is listed");
    assert!(map.svg.contains("1 sans contour"));
    assert!(map.svg.contains(" km</text>"), "a scale bar");
}

#[test]
fn a_map_without_any_contour_says_so() {
    let map = render_map(&MapSpec::participation(&grid_campaign(), &[], &Outlines::new()));
    assert_eq!(paths(&map.svg), 0);
    assert!(map.svg.contains("Aucun contour"));
    assert_eq!(map.table.rows.len(), 9);
}

#[test]
fn hauts_de_france_participation_map_draws_the_90_epci() {
    use mutu_domain::campaign::{TargetLevel, build_targets};
    use mutu_domain::codes::RegionCode;
    use mutu_domain::geography::TargetParts;
    use mutu_import::{BUNDLED_REFERENTIAL, NationalOptions, bundled_contours, read_national_bundle};
    let hdf = RegionCode::parse("32").unwrap();
    let options = NationalOptions { region: Some(hdf.clone()), include_com: false };
    let territory = read_national_bundle(BUNDLED_REFERENTIAL, &options).unwrap();
    let contours = bundled_contours().unwrap();
    let mut campaign = fixtures::campaign();
    campaign.level = TargetLevel::Epci;
    campaign.targets = build_targets(&territory, TargetLevel::Epci, &[hdf], &[]).unwrap();
    let outlines = TargetParts::collect(&campaign, &territory, &contours).outlines();
    let responses = mutu_domain::synth::synthesise(&campaign, 7, 0.7);
    let map = render_map(&MapSpec::participation(&campaign, &responses, &outlines));
    assert_eq!(paths(&map.svg), 90);
    assert_eq!(map.table.rows.len(), 90);
    assert!(map.svg.len() < 400_000, "{} bytes", map.svg.len());
}

#[test]
fn a_working_group_map_shows_where_each_member_stands() {
    use mutu_domain::groups::{NewGroup, Subject, WorkingGroup, follow_up};
    let campaign = grid_campaign();
    let responses = grid_responses();
    let members = [code(0, 0), code(0, 2), code(1, 1), code(2, 2)];
    let subject = Subject::Service(mutu_domain::codes::CatalogueCode::parse("site_internet").unwrap());
    let group = WorkingGroup { id: 7, group: NewGroup::new(&campaign, "Sites", subject, &members).unwrap() };
    let stand = follow_up(std::slice::from_ref(&group), &campaign, &responses).groups.remove(0);
    let map = render_map(&MapSpec::working_group(&campaign, "Sites", &stand, &grid_outlines()));
    assert_eq!(paths(&map.svg), 9);
    let in_category = |key: &str| map.svg.matches(&format!("cible cat-{key}\"")).count();
    assert_eq!(
        [in_category("mutualise"), in_category("seul"), in_category("sans-besoin"), in_category("silencieux")],
        [stand.pooling.len(), stand.alone.len(), stand.not_needed.len(), stand.silent.len()]
    );
    assert_eq!(in_category("hors-groupe"), 5);
    assert!(map.svg.contains("carte-groupe-7"), "the map's id names the group");
}
