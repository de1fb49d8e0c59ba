//! Profiles on a small wave: medians over an even and an odd number of peers.

use super::*;
use crate::analysis::test_waves::{answer, targets, wave};

fn theme<'a>(profile: &'a Profile, code: &str) -> &'a ThemeProfile {
    profile.themes.iter().find(|t| t.theme == code).unwrap()
}

#[test]
fn a_profile_sits_beside_the_median_of_its_size_class() {
    let mut all = targets("2000001", 5, 5_000);
    all.extend(targets("2000004", 3, 100_000));
    let mut partial = answer("200000105", &[("site_touristique", "d"), ("sig_tourisme", "d")]);
    partial.status = crate::answers::ResponseStatus::Partial;
    // Given out of order: profiles come by code all the same.
    let responses = vec![
        answer("200000104", &[("site_touristique", "dm"), ("sig_tourisme", "dm"), ("billetterie", "d")]),
        answer("200000101", &[]),
        answer("200000102", &[("site_touristique", "d"), ("mediatheques", "s")]),
        answer(
            "200000103",
            &[
                ("site_touristique", "dm"),
                ("sig_tourisme", "d"),
                ("mediatheques", "d"),
                ("patrimoine_numerise", "dp"),
                ("billetterie", "dm"),
            ],
        ),
        partial,
        answer("200000401", &[("site_touristique", "d")]),
        answer("200000402", &[]),
        answer("200000403", &[("site_touristique", "d"), ("sig_tourisme", "d")]),
    ];
    let c = wave("profils", all);
    let profiles = profiles(&c, &responses);
    let codes: Vec<&str> = profiles.iter().map(|p| p.respondent.as_str()).collect();
    assert_eq!(codes, ["200000101", "200000102", "200000103", "200000104", "200000401", "200000402", "200000403"]);

    let p = &profiles[2];
    assert_eq!(p.size_class, "lt10k");
    let themes: Vec<&str> = p.themes.iter().map(|t| t.theme.as_str()).collect();
    assert_eq!(themes.len(), 10, "every theme with services, `autre` left out");
    assert_eq!(themes[..2], ["administration", "e_democratie"], "in catalogue order");
    // lt10k has 4 complete respondents. Tourisme (2 services) deployed: 0, 1, 2, 2; the two
    // middle values are 1 and 2, so the median share is (1/2 + 2/2) / 2 = 3/4.
    let tourisme = theme(p, "tourisme");
    assert_eq!((tourisme.deployed, tourisme.mutualised, tourisme.services), (2, 1, 2));
    assert_eq!(tourisme.peer_median, 0.75);
    // Culture (3 services) deployed: 0, 0, 3, 1 → sorted 0, 0, 1, 3 → (0 + 1/3) / 2 = 1/6;
    // the planned pooling of patrimoine_numerise is not counted as mutualised.
    let culture = theme(p, "culture");
    assert_eq!((culture.deployed, culture.mutualised, culture.services), (3, 1, 3));
    assert_eq!(culture.peer_median, 1.0 / 6.0);
    assert_eq!(theme(&profiles[0], "culture").peer_median, 1.0 / 6.0, "the same for every peer");
    // ge90k: 3 respondents, tourisme deployed 1, 0, 2: the middle one, 1 of 2.
    assert_eq!(profiles[4].size_class, "ge90k");
    assert_eq!(theme(&profiles[4], "tourisme").peer_median, 0.5);
    assert_eq!(theme(&profiles[4], "administration").peer_median, 0.0);
}

#[test]
fn the_json_keys_are_the_spec_ones() {
    let c = wave("profils", targets("2000001", 1, 5_000));
    let json = serde_json::to_value(profiles(&c, &[answer("200000101", &[("sig", "dm")])])).unwrap();
    assert_eq!(json[0]["respondent"], "200000101");
    assert_eq!(json[0]["size_class"], "lt10k");
    assert_eq!(
        json[0]["themes"][0],
        serde_json::json!({"theme": "administration", "deployed": 1, "mutualised": 1, "services": 17, "peer_median": 1.0 / 17.0})
    );
}
