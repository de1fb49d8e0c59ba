//! Tests of the text report on the hand-made wave of `fixtures`.

use super::analysis_text;
use crate::fixtures;
use mutu_domain::analysis::{Filters, analyse, compare};
use mutu_domain::answers::{Answer, ResponseStatus};
use mutu_domain::codes::DepartementCode;
use std::collections::BTreeMap;

fn report() -> String {
    let campaign = fixtures::campaign();
    let analysis = analyse(&campaign, &fixtures::responses(), &Filters::default());
    analysis_text(&analysis, &campaign, &fixtures::names())
}

fn has_line(text: &str, line: &str) -> bool {
    text.lines().any(|l| l == line)
}

#[test]
fn participation_lines_are_aligned_by_characters() {
    let text = report();
    for line in [
        "< 10 000           1/2 (50 %)",
        "10 000 – 24 999    1/1 (100 %)",
        "25 000 – 89 999    1/1 (100 %)",
        "≥ 90 000           1/2 (50 %)",
        "Ensemble           4/6 (67 %)",
        "Nord               3/3 (100 %)",
        "Pas-de-Calais      1/3 (33 %)",
    ] {
        assert!(has_line(&text, line), "missing {line:?} in\n{text}");
    }
}

#[test]
fn coverage_lines_have_spaced_thousands() {
    let text = report();
    for line in [
        "Communes couvertes : 140 sur 192 (73 %)",
        "  Nord             115 sur 115 (100 %)",
        "Habitants couverts : 1 163 833 sur 1 291 833 (90 %)",
        "  Pas-de-Calais    30 000 sur 158 000 (19 %)",
    ] {
        assert!(has_line(&text, line), "missing {line:?} in\n{text}");
    }
}

#[test]
fn rankings_and_verbatims_read_as_in_the_seed() {
    let text = report();
    let deployed = "Site internet institutionnel                                     4  100 %       50 %";
    assert!(has_line(&text, deployed), "{text}");
    assert!(has_line(&text, "  « Il faut un plan d'ensemble. » — CC, < 10 000"), "{text}");
    let long = text.lines().find(|l| l.starts_with("L'administration")).unwrap();
    assert!(long.starts_with("L'administration et les démarches en ligne (avec les usager… "), "{long}");
    let order: Vec<usize> = ["Participation", "Couverture", "Thématiques", "Services les plus déployés", "Verbatims"]
        .iter()
        .map(|t| text.find(t).unwrap())
        .collect();
    assert!(order.is_sorted(), "sections in the seed's order");
}

#[test]
fn unnamed_departements_show_their_code() {
    let campaign = fixtures::campaign();
    let analysis = analyse(&campaign, &fixtures::responses(), &Filters::default());
    let text = analysis_text(&analysis, &campaign, &BTreeMap::new());
    assert!(has_line(&text, "Département 59     3/3 (100 %)"), "{text}");
}

#[test]
fn a_wave_without_answers_prints_dashes() {
    let campaign = fixtures::campaign();
    let analysis = analyse(&campaign, &[], &Filters::default());
    let text = analysis_text(&analysis, &campaign, &fixtures::names());
    assert!(has_line(&text, "Ensemble           0/6 (0 %)"), "{text}");
    let row = text.lines().find(|l| l.starts_with("Les transports")).unwrap();
    assert!(row.ends_with("  0  –         –                –                –         –"), "{row}");
    assert!(text.contains("Services les plus déployés (par au moins un tiers des répondants)\n---"));
    assert!(text.contains("  (aucun)\n"));
}

#[test]
fn filters_and_hostile_texts_are_shown_safely() {
    let campaign = fixtures::campaign();
    let mut responses = fixtures::responses();
    responses[0].answers.insert("needs".into(), Answer::Text("\u{1b}[2Jeffacé\r\nsuite".into()));
    let filters = Filters { departements: vec![DepartementCode::parse("59").unwrap()], ..Filters::default() };
    let analysis = analyse(&campaign, &responses, &filters);
    let text = analysis_text(&analysis, &campaign, &fixtures::names());
    assert!(has_line(&text, "Filtres : départements Nord"), "{text}");
    assert!(!text.contains('\u{1b}') && !text.contains('\r'), "{text}");
    assert!(text.contains("  « [2Jeffacé\n    suite » — CC, < 10 000"), "{text}");
}

#[test]
fn a_comparison_shows_what_moved() {
    let campaign = fixtures::campaign();
    let mut earlier_responses = fixtures::responses();
    earlier_responses.retain(|r| r.respondent != "200000005");
    earlier_responses[0].status = ResponseStatus::Partial;
    let earlier = analyse(&campaign, &earlier_responses, &Filters::default());
    let mut analysis = analyse(&campaign, &fixtures::responses(), &Filters::default());
    analysis.comparison = Some(compare(&campaign, &analysis, &campaign, &earlier));
    let text = analysis_text(&analysis, &campaign, &fixtures::names());
    assert!(has_line(&text, "Répondants : 2 → 4 (+2)"), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("Site internet institutionnel")
            && l.ends_with("4         +2                   2         +1")),
        "{text}"
    );
}

#[test]
fn a_service_added_since_the_earlier_wave_reads_as_a_break() {
    let campaign = fixtures::campaign();
    let mut earlier_wave = campaign.clone();
    earlier_wave.catalogue.services.retain(|s| s.code != "site_internet");
    let earlier = analyse(&earlier_wave, &fixtures::responses(), &Filters::default());
    let mut analysis = analyse(&campaign, &fixtures::responses(), &Filters::default());
    analysis.comparison = Some(compare(&campaign, &analysis, &earlier_wave, &earlier));
    let text = analysis_text(&analysis, &campaign, &fixtures::names());
    let evolution = text.split("Évolution depuis la vague").nth(1).expect("the comparison");
    let site = evolution.lines().find(|l| l.starts_with("Site internet institutionnel")).expect("the service's line");
    assert!(site.contains("rupture (service_added)") && !site.contains('+'), "{site}");
    assert!(has_line(&text, "Répondants : 4 → 4 (0)"), "{text}");
    assert!(text.contains("Ruptures de méthode entre les deux vagues : service_added."), "{text}");
}

#[test]
fn the_seed_wave_prints_the_seed_figures() {
    let (campaign, responses, names) = fixtures::seed();
    let analysis = analyse(&campaign, &responses, &Filters::default());
    let text = analysis_text(&analysis, &campaign, &names);
    for line in [
        "< 10 000           6/10 (60 %)",
        "10 000 – 24 999    11/14 (79 %)",
        "25 000 – 89 999    11/15 (73 %)",
        "≥ 90 000           9/14 (64 %)",
        "Ensemble           37/53 (70 %)",
        "Nord               14/20 (70 %)",
        "Pas-de-Calais      23/33 (70 %)",
        "Communes couvertes : 1 155 sur 1 546 (75 %)",
        "Habitants couverts : 2 848 776 sur 4 042 131 (70 %)",
    ] {
        assert!(has_line(&text, line), "missing {line:?} in\n{text}");
    }
    let coverage = |label: &str| {
        text.lines()
            .filter(|l| l.starts_with(&format!("  {label} ")))
            .map(|l| l.rsplit('(').next().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(coverage("Nord"), ["70 %)", "75 %)"], "communes, then inhabitants");
    assert_eq!(coverage("Pas-de-Calais"), ["78 %)", "62 %)"]);
    let count = |title: &str| {
        let section = &text[text.find(title).unwrap()..];
        let table = section.split("\n\n").next().unwrap();
        table.lines().count() - 3
    };
    assert_eq!(count("Services les plus déployés"), 16, "the seed's 16 services");
    assert_eq!(count("Services les moins déployés"), 15);
    assert_eq!(count("Services non déployés les plus étudiés"), 14);
    assert_eq!(count("Services les plus mutualisés"), 10);
}

#[test]
fn the_whole_report() {
    insta::assert_snapshot!(report());
}
