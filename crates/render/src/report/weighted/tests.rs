//! The chapter "Estimations pondérées" on the hand-made wave of `fixtures` (six EPCI, one
//! complete respondent in each size class): the estimates read as the domain computes them,
//! beside the counts; an empty stratum, thin strata, merged and masked strata are said.

use super::*;
use crate::fixtures::{self, report_of};
use crate::report::Audience;
use mutu_domain::analysis::PUBLIC_MIN_COUNT;
use mutu_domain::answers::ResponseStatus;

/// The row of a service in the chapter's table.
fn row<'a>(view: &'a WeightedView, label: &str) -> &'a [String] {
    &view.services.rows.iter().find(|r| r.header == label).unwrap_or_else(|| panic!("{label}")).cells
}

#[test]
fn the_study_report_shows_the_estimates_of_analyse_beside_the_counts() {
    let (campaign, responses) = (fixtures::campaign(), fixtures::responses());
    let view = report_of(&campaign, &responses, Audience::Study).view().weighted;
    let w = weighted(&campaign, &responses, &Filters::default());
    let site = &w.services[0];
    assert_eq!(site.service, "site_internet");
    let cells = row(&view, "Site internet institutionnel");
    // Four respondents deploy it, none studies it, two pool it.
    let expected = [
        "4".to_owned(),
        Format::FR.estimate(site.deployed),
        "0".into(),
        Format::FR.estimate(site.studied),
        "2".into(),
        Format::FR.estimate(site.mutualised),
    ];
    assert_eq!(cells, expected);
    assert_eq!(cells[1], "100 % [100 – 100]");
    assert!(cells[5].contains('[') && cells[5].contains('%'), "{cells:?}");
    assert_eq!(view.services.rows.len(), campaign.catalogue.services.len(), "every service of the catalogue");
    // One respondent per class: four thin strata, none left out, no secrecy in the study.
    assert_eq!(view.strata.rows.len(), 4);
    assert_eq!(view.strata.rows[0].cells, ["2", "1", "0,333"]);
    let thin = view.notes.thin.as_deref().expect("thin strata said");
    assert!(thin.contains("< 10 000") && thin.contains("≥ 90 000"), "{thin}");
    assert_eq!((view.notes.uncovered.as_ref(), view.notes.secrecy.as_ref(), view.masked), (None, None, false));
    assert_eq!(view.method, crate::WEIGHTED_NOTE);
}

#[test]
fn an_empty_stratum_is_said_and_its_targets_left_out() {
    let campaign = fixtures::campaign();
    // Without the only respondent of 10 000 – 24 999.
    let responses: Vec<_> = fixtures::responses().into_iter().filter(|r| r.respondent != "200000003").collect();
    let report = report_of(&campaign, &responses, Audience::Study);
    let view = report.view().weighted;
    let uncovered = view.notes.uncovered.as_deref().expect("the empty stratum is said");
    assert!(uncovered.contains("la classe 10 000 – 24 999 (1 cible)"), "{uncovered}");
    let left_out = view.strata.rows.iter().find(|r| r.header == "10 000 – 24 999").expect("listed");
    assert_eq!(left_out.cells, ["1", "0", "écartée"]);
    let html = report.html(None).unwrap();
    let chapter = &html[html.find("id=\"section-estimations\"").expect("the chapter")..];
    let said = chapter.find("Strate vide").expect("said in the HTML");
    let table = chapter.find("<table").expect("the table");
    assert!(said < table, "the empty stratum is said before any estimate");
}

#[test]
fn the_public_report_merges_small_strata_and_says_so() {
    let (campaign, responses) = (fixtures::campaign(), fixtures::responses());
    let view = report_of(&campaign, &responses, Audience::Public).view().weighted;
    let w = weighted_with_secrecy(&campaign, &responses, &Filters::default(), PUBLIC_MIN_COUNT);
    assert_eq!(w.by_stratum.len(), 1, "four classes of one respondent make one stratum");
    assert_eq!(view.strata.rows[0].header, "< 10 000 + 10 000 – 24 999 + 25 000 – 89 999 + ≥ 90 000");
    assert_eq!(view.strata.rows[0].cells, ["6", "4", "1,000"]);
    let secrecy = view.notes.secrecy.as_deref().expect("secrecy said");
    assert!(secrecy.contains("moins de 3 répondants") && secrecy.contains("fusionnée"), "{secrecy}");
    let cells = row(&view, "Site internet institutionnel");
    let public = Format::FR.with_secrecy(Secrecy::PUBLIC);
    assert_eq!(cells[1], public.estimate(w.services[0].deployed));
    assert_eq!((cells[4].as_str(), cells[5].as_str()), ("< 3", MASKED), "2 of 4 in one stratum: 50 % gives 2 back");
    for r in &view.services.rows {
        for i in 0..3 {
            let (count, estimate) = (&r.cells[2 * i], &r.cells[2 * i + 1]);
            assert!(!count.starts_with('<') || estimate == MASKED, "{}: {estimate} beside {count}", r.header);
        }
    }
    assert!(secrecy.contains("est masquée aussi"), "{secrecy}");
}

#[test]
fn masked_estimates_never_read_as_numbers() {
    let campaign = fixtures::campaign();
    // Two complete respondents: fewer than the threshold, even all together.
    let responses: Vec<_> =
        fixtures::responses().into_iter().filter(|r| r.status == ResponseStatus::Complete).take(2).collect();
    let report = report_of(&campaign, &responses, Audience::Public);
    let view = report.view().weighted;
    assert!(view.masked);
    for r in &view.services.rows {
        for estimate in [&r.cells[1], &r.cells[3], &r.cells[5]] {
            assert_eq!(estimate, MASKED, "{}", r.header);
        }
    }
    let secrecy = view.notes.secrecy.as_deref().expect("said");
    assert!(secrecy.contains("toutes les estimations sont masquées"), "{secrecy}");
    assert!(view.strata.rows.iter().all(|r| r.cells[1] == "< 3"), "no small count in the strata");
    let pdf = report.pdf(None).unwrap();
    if let Some(text) = fixtures::pdf_text(&pdf) {
        let chapter = &text[text.rfind("Estimations pondérées Les chiffres").expect("the chapter")..];
        let table = &chapter[..chapter.find("Strates").expect("the strata")];
        assert!(table.contains("masquée") && !table.contains('['), "{table}");
    }
}

#[test]
fn a_wave_without_respondents_has_no_estimate() {
    let campaign = fixtures::campaign();
    let view = report_of(&campaign, &[], Audience::Study).view().weighted;
    assert!(view.services.rows.iter().all(|r| r.cells[1] == "–" && r.cells[0] == "0"));
    let uncovered = view.notes.uncovered.as_deref().expect("every target uncovered");
    assert!(uncovered.contains("(6 cibles)"), "{uncovered}");
    let w = weighted(&campaign, &[], &Filters::default());
    assert!(w.services.iter().all(|s| Status::of(&w, &s.mutualised, Some(0), Secrecy::NONE) == Status::NoRespondent));
}
