//! The generator's promises: valid answers for any questionnaire, the same seed gives the
//! same answers, the completion asked for, and bigger bodies deploying more.

use crate::testing::WaveBuilder;

use super::*;
use crate::answers::validate;
use crate::codes::{CampaignCode, DepartementCode, RegionCode};
use crate::questionnaire::Questionnaire;
use proptest::prelude::*;

/// A wave of `n` targets whose populations spread from 50 to about 2 million.
fn wave(n: usize, questionnaire: Option<&str>) -> Campaign {
    let catalogue = Catalogue::default_catalogue();
    let questionnaire = match questionnaire {
        Some(text) => Questionnaire::from_toml(text, &catalogue).unwrap(),
        None => Questionnaire::default_questionnaire(&catalogue).unwrap(),
    };
    let targets = (0..n)
        .map(|i| Target {
            code: format!("{:09}", 200_000_000 + i),
            name: format!("Cible {i}"),
            nature: None,
            departement: DepartementCode::parse(if i % 3 == 0 { "62" } else { "59" }).unwrap(),
            region: RegionCode::parse("32").unwrap(),
            population: (50.0 * (40_000f64).powf(i as f64 / n.max(2) as f64)) as u64,
            communes: 1 + (i as u64 % 40),
        })
        .collect();
    WaveBuilder::new("test-2015")
        .name("Vague de test")
        .catalogue(catalogue.clone())
        .questionnaire(questionnaire)
        .targets(targets)
        .population_year(2011)
        .build()
}

/// Checks every response against the questionnaire, as an import would, and that validation
/// gives back exactly what was generated.
fn assert_valid(campaign: &Campaign, responses: &[Response]) {
    for r in responses {
        let raw = serde_json::to_value(&r.answers).unwrap();
        let checked = validate(raw.as_object().unwrap(), r.status, &campaign.questionnaire, &campaign.catalogue)
            .unwrap_or_else(|e| panic!("{} ({:?}) refusée : {e}\n{raw:#}", r.respondent, r.status));
        assert_eq!(checked, r.answers, "{} changes through validation", r.respondent);
        assert_eq!(r.submitted_at.is_some(), r.status == ResponseStatus::Complete);
    }
}

#[test]
fn every_answer_passes_validation_for_several_seeds() {
    let campaign = wave(300, None);
    for seed in [0, 1, 2, 42, 2014, u64::MAX] {
        assert_valid(&campaign, &synthesise(&campaign, seed, DEFAULT_COMPLETION));
    }
}

#[test]
fn the_same_seed_gives_the_same_answers() {
    let campaign = wave(120, None);
    assert_eq!(synthesise(&campaign, 7, 0.7), synthesise(&campaign, 7, 0.7));
    assert_ne!(synthesise(&campaign, 7, 0.7), synthesise(&campaign, 8, 0.7));
}

#[test]
fn completion_is_the_share_of_complete_answers() {
    let campaign = wave(53, None);
    let responses = synthesise(&campaign, 1, 0.7);
    let complete = responses.iter().filter(|r| r.status == ResponseStatus::Complete).count();
    let partial = responses.len() - complete;
    assert_eq!(complete, 37, "0.7 × 53");
    assert_eq!(partial, 2, "a tenth of the 16 others");
    let big = wave(2000, None);
    let complete = synthesise(&big, 3, 0.7).iter().filter(|r| r.status == ResponseStatus::Complete).count();
    assert_eq!(complete, 1400);
    assert!(synthesise(&big, 3, 0.0).iter().all(|r| r.status == ResponseStatus::Partial));
    assert_eq!(synthesise(&big, 3, 1.0).len(), 2000);
    assert_eq!(synthesise(&big, 3, f64::NAN).len(), 200, "NaN counts as 0");
}

#[test]
fn complete_answers_look_like_the_seed() {
    let campaign = wave(400, None);
    let responses = synthesise(&campaign, 5, 1.0);
    let r = &responses[0];
    assert_eq!(r.answers["contact_name"], Answer::Text(FICTITIOUS_NAME.into()));
    assert_eq!(r.answers["contact_email"], Answer::Text(fictitious_email(&r.respondent)));
    assert_eq!(r.submitted_at.unwrap().year(), 2015, "{:?}", r.submitted_at);
    let mut type_mentions: BTreeMap<&str, usize> = BTreeMap::new();
    let mut actor_mentions: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &responses {
        let Some(Answer::Matrix(m)) = r.answers.get("services") else { continue };
        for row in m.values() {
            assert!(row.types.len() <= 2 && row.actors.len() <= 3);
            assert_eq!(row.is_pooled(), !row.types.is_empty() && !row.actors.is_empty());
            assert_eq!(!row.partners.is_empty(), row.actors.iter().any(|a| a == "autres"));
            row.types.iter().for_each(|t| *type_mentions.entry(t).or_default() += 1);
            row.actors.iter().for_each(|a| *actor_mentions.entry(a).or_default() += 1);
        }
        let Some(Answer::Choices(themes)) = r.answers.get("themes") else { panic!("themes required") };
        for code in m.iter().filter(|(_, row)| row.status == ServiceStatus::Deployed).map(|(code, _)| code) {
            let theme = &campaign.catalogue.services.iter().find(|s| &s.code == code).unwrap().theme;
            assert!(themes.contains(theme), "{code} deployed, {theme} not cited");
        }
        let Some(Answer::Choices(obstacles)) = r.answers.get("obstacles") else { panic!("obstacles required") };
        assert!((1..=3).contains(&obstacles.len()));
        assert_eq!(r.answers.contains_key("obstacles_other"), obstacles.iter().any(|o| o == "autre"));
    }
    let top = |m: &BTreeMap<&str, usize>| m.iter().max_by_key(|(_, n)| **n).map(|(c, _)| c.to_string());
    assert_eq!(top(&actor_mentions).as_deref(), Some("epci"));
    assert!(["syndicat", "groupement_commandes", "service_commun"].contains(&top(&type_mentions).unwrap().as_str()));
}

#[test]
fn larger_bodies_deploy_more() {
    let campaign = wave(1000, None);
    let responses = synthesise(&campaign, 9, 1.0);
    let deployed = |r: &Response| match r.answers.get("services") {
        Some(Answer::Matrix(m)) => m.values().filter(|s| s.status == ServiceStatus::Deployed).count(),
        _ => 0,
    };
    let pop = campaign.target_index();
    let (mut small, mut large) = ((0, 0), (0, 0));
    for r in &responses {
        let slot = match pop[r.respondent.as_str()].population {
            p if p < 2_000 => &mut small,
            p if p > 100_000 => &mut large,
            _ => continue,
        };
        slot.0 += deployed(r);
        slot.1 += 1;
    }
    let mean = |(total, n): (usize, usize)| total as f64 / n.max(1) as f64;
    assert!(mean(large) > 1.5 * mean(small), "large {} vs small {}", mean(large), mean(small));
}

const CUSTOM: &str = r#"id = "custom"
version = 3
title = "Questionnaire maison"
[[sections]]
id = "a"
title = "A"
[[sections.questions]]
id = "kind"
type = "single_choice"
label = "Genre"
required = true
options = [{ code = "x", label = "X" }, { code = "y", label = "Y" }]
[[sections.questions]]
id = "why_x"
type = "text"
label = "Pourquoi X ?"
required = true
show_if = { question = "kind", equals = "x" }
[[sections.questions]]
id = "agents"
type = "number"
label = "Agents"
required = true
min = 1
max = 12.5
[[sections.questions]]
id = "extras"
type = "multiple_choice"
label = "Extras"
options = [{ code = "p", label = "P" }, { code = "q", label = "Q" }, { code = "r", label = "R" }]
[[sections.questions]]
id = "pools"
type = "multiple_choice"
label = "Types"
required = true
options = "types"
[[sections.questions]]
id = "grid"
type = "service_matrix"
label = "Services"
options = "services"
required = true
[[sections.questions]]
id = "domains"
type = "multiple_choice"
label = "Domaines"
options = "themes"
required = true
[[sections.questions]]
id = "courriel"
type = "text"
label = "Courriel"
personal = true
"#;

#[test]
fn any_questionnaire_is_filled_validly() {
    let campaign = wave(300, Some(CUSTOM));
    for seed in 0..5 {
        let responses = synthesise(&campaign, seed, 0.8);
        assert_valid(&campaign, &responses);
        let complete: Vec<_> = responses.iter().filter(|r| r.status == ResponseStatus::Complete).collect();
        assert!(complete.iter().all(|r| r.answers.contains_key("grid") && r.answers.contains_key("domains")));
        assert!(complete.iter().any(|r| r.answers.contains_key("why_x")));
        assert!(complete.iter().all(|r| matches!(r.answers["agents"], Answer::Number(n) if (1.0..=12.5).contains(&n))));
        assert!(complete.iter().all(|r| r.answers["courriel"] == Answer::Text(fictitious_email(&r.respondent))));
    }
}

#[test]
fn the_year_comes_from_the_code_then_the_populations() {
    let mut campaign = wave(1, None);
    assert_eq!(survey_year(&campaign), 2015);
    campaign.code = CampaignCode::parse("nat").unwrap();
    assert_eq!(survey_year(&campaign), 2014);
    campaign.code = CampaignCode::parse("v12345-x").unwrap();
    campaign.population_year = None;
    assert_eq!(survey_year(&campaign), 2025);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn any_seed_and_completion_give_valid_answers(seed in any::<u64>(), completion in 0.0f64..=1.0) {
        let campaign = wave(60, None);
        let responses = synthesise(&campaign, seed, completion);
        assert_valid(&campaign, &responses);
        let complete = responses.iter().filter(|r| r.status == ResponseStatus::Complete).count();
        prop_assert_eq!(complete, (60.0 * completion).round() as usize);
    }
}
