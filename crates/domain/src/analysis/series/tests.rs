//! Comparability of waves and series over three waves, breaks included.

use super::*;
use crate::analysis::test_waves::{answer, targets, wave};
use crate::analysis::{Filters, analyse};
use crate::answers::Response;
use crate::campaign::TargetLevel;
use crate::catalogue::{Item, Service};
use crate::size_class::SizeClasses;

fn responses(sig: &[&str], open_data: &[&str]) -> Vec<Response> {
    (0..sig.len())
        .map(|i| {
            let code = format!("2000001{:02}", i + 1);
            let mut rows = vec![("sig", sig[i]), ("teleservices", "d"), ("demarches_en_ligne", "d")];
            rows.extend(open_data.get(i).map(|kind| ("open_data", *kind)));
            answer(&code, &rows)
        })
        .collect()
}

/// Three waves over the same 4 targets: open_data appears in the second; in the third, sig
/// is reworded, visioconference is gone, teleservices is renamed demarches_en_ligne (a
/// continuation, not a break) and the size classes change.
fn three_waves() -> Vec<(Campaign, Analysis)> {
    let mut first = wave("vague-2014", targets("2000001", 4, 5_000));
    first.catalogue.services.retain(|s| s.code != "open_data");
    let second = wave("vague-2017", targets("2000001", 4, 5_000));
    let mut third = wave("vague-2020", targets("2000001", 4, 5_000));
    third.catalogue.services.retain(|s| s.code != "visioconference");
    for s in &mut third.catalogue.services {
        if s.code == "sig" {
            s.label = "SIG, cadastre et adressage".into();
        }
        if s.code == "teleservices" {
            *s = Service { code: "demarches_en_ligne".into(), previous: vec!["teleservices".into()], ..s.clone() };
        }
    }
    third.size_classes = SizeClasses::from_bounds(&[20_000, 90_000]).unwrap();
    let answers = [
        responses(&["d", "d"], &[]),
        responses(&["d", "dm", "s"], &["d", "n", "n"]),
        responses(&["d", "dm", "d", "n"], &["d", "d", "s", "n"]),
    ];
    [first, second, third]
        .into_iter()
        .zip(answers)
        .map(|(c, r)| {
            let a = analyse(&c, &r, &Filters::default());
            (c, a)
        })
        .collect()
}

fn run(waves: &[(Campaign, Analysis)]) -> Series {
    let refs: Vec<(&Campaign, &Analysis)> = waves.iter().map(|(c, a)| (c, a)).collect();
    series(&refs)
}

fn line<'a>(s: &'a Series, code: &str) -> &'a ServiceSeries {
    s.services.iter().find(|l| l.service == code).unwrap()
}

fn breaks(points: &[ServicePoint]) -> Vec<Vec<&'static str>> {
    points.iter().map(|p| p.breaks.clone()).collect()
}

#[test]
fn a_service_added_in_the_second_wave_starts_with_a_break() {
    let s = run(&three_waves());
    assert_eq!(s.campaigns, ["vague-2014", "vague-2017", "vague-2020"]);
    let open_data = line(&s, "open_data");
    let p = &open_data.points;
    assert_eq!((p[0].service.as_deref(), p[0].deployed, p[0].deployment_rate), (None, None, None));
    assert_eq!((p[1].deployed, p[1].deployment_rate), (Some(1), Some(1.0 / 3.0)));
    assert_eq!((p[2].deployed, p[2].studied, p[2].study_rate), (Some(2), Some(1), Some(0.25)));
    assert_eq!(breaks(p), [vec![], vec!["service_added"], vec![]]);
    // sig is counted all along; its rewording in the third wave is a break, not a change.
    let sig = line(&s, "sig");
    let deployed: Vec<Option<u64>> = sig.points.iter().map(|p| p.deployed).collect();
    assert_eq!(deployed, [Some(2), Some(2), Some(3)]);
    assert_eq!(sig.points[2].mutualisation_rate, Some(1.0 / 3.0));
    assert_eq!(breaks(&sig.points), [vec![], vec![], vec!["service_label_changed"]]);
}

#[test]
fn renamed_services_continue_and_removed_ones_end_with_a_break() {
    let s = run(&three_waves());
    let renamed = line(&s, "demarches_en_ligne");
    let codes: Vec<Option<&str>> = renamed.points.iter().map(|p| p.service.as_deref()).collect();
    assert_eq!(codes, [Some("teleservices"), Some("teleservices"), Some("demarches_en_ligne")]);
    assert!(renamed.points.iter().all(|p| p.breaks.is_empty() && p.deployment_rate == Some(1.0)));
    assert!(!s.services.iter().any(|l| l.service == "teleservices"), "one line, not two");
    // visioconference is listed after the latest catalogue's services.
    let last = s.services.last().unwrap();
    assert_eq!(last.service, "visioconference");
    assert_eq!(last.points[2].service, None);
    assert_eq!(breaks(&last.points), [vec![], vec![], vec!["service_removed"]]);
    assert_eq!(s.services.len(), 46, "45 of the latest catalogue and the removed one");
}

#[test]
fn other_size_classes_break_the_participation_by_class_only() {
    let s = run(&three_waves());
    let rates: Vec<Option<f64>> = s.participation.iter().map(|p| p.rate).collect();
    assert_eq!(rates, [Some(0.5), Some(0.75), Some(1.0)]);
    assert!(s.participation.iter().all(|p| p.breaks.is_empty()));
    let classes: Vec<&str> = s.participation_by_size_class.iter().map(|c| c.size_class.as_str()).collect();
    assert_eq!(classes, ["c1", "c2", "c3", "lt10k", "10k_25k", "25k_90k", "ge90k"]);
    let c1 = &s.participation_by_size_class[0].points;
    assert_eq!((c1[0].targets, c1[2].respondents), (None, Some(4)));
    assert_eq!(c1[2].breaks, ["size_classes_changed"]);
    let lt10k = &s.participation_by_size_class[3].points;
    assert_eq!((lt10k[1].respondents, lt10k[2].respondents), (Some(3), None));
    assert!(lt10k.iter().all(|p| p.breaks.is_empty()));
    let kinds: Vec<&str> = s.comparisons[1].breaks.iter().map(Break::kind).collect();
    assert_eq!(kinds, ["service_label_changed", "service_removed", "size_classes_changed"]);
    assert_eq!(s.comparisons[1].shared.services.len(), 45);
}

#[test]
fn another_territory_or_filters_break_every_figure() {
    let mut waves = three_waves();
    waves[1].0.targets.push(crate::analysis::test_waves::target("200000199", 5_000));
    waves[1].1 = analyse(&waves[1].0, &responses(&["d", "dm", "s"], &["d"]), &Filters::default());
    let s = run(&waves);
    assert_eq!(s.participation[1].breaks, ["targets_changed"]);
    assert_eq!(s.participation[2].breaks, ["targets_changed"]);
    assert_eq!(line(&s, "sig").points[1].breaks, ["targets_changed"]);
    assert_eq!(line(&s, "open_data").points[1].breaks, ["service_added", "targets_changed"]);
    assert_eq!(s.comparisons[0].breaks.last(), Some(&Break::TargetsChanged { added: 1, removed: 0 }));

    let mut waves = three_waves();
    let filters = Filters { size_classes: vec!["lt10k".into()], ..Filters::default() };
    waves[1].1.filters = filters;
    let s = run(&waves);
    assert_eq!(s.participation[1].breaks, ["filters_changed"]);
    assert!(!s.comparisons[0].comparable);
    assert!(line(&s, "visioconference").points[2].breaks == ["service_removed"], "an absent point: no other break");

    // The service matrix reworded: every service, not participation.
    let mut waves = three_waves();
    waves[1].0.questionnaire.sections[1].questions[0].label = "Vos services numériques".into();
    let s = run(&waves);
    assert!(s.services.iter().all(|l| l.points[1].breaks.contains(&"question_label_changed")));
    assert!(s.participation.iter().all(|p| p.breaks.is_empty()));
}

#[test]
fn comparability_names_every_break_of_method() {
    let earlier = wave("avant", targets("2000001", 3, 5_000));
    assert!(comparability(&earlier, &earlier.clone()).comparable);
    let mut later = wave("apres", targets("2000001", 2, 5_000));
    later.targets.extend(targets("2000009", 2, 5_000));
    later.level = TargetLevel::Commune;
    later.catalogue.themes[0].label = "Administration".into();
    later.catalogue.obstacles.push(Item { code: "climat".into(), label: "Le climat".into() });
    later.catalogue.obstacles[0].label = "Autre libellé".into();
    later.catalogue.services[0].theme = "culture".into();
    later.questionnaire.sections[0].questions[0].label = "Vos thèmes ?".into();
    let c = comparability(&earlier, &later);
    assert!(!c.comparable);
    assert_eq!(c.shared.targets, 2);
    assert_eq!(c.shared.services.len(), 46);
    let kinds: Vec<&str> = c.breaks.iter().map(Break::kind).collect();
    assert_eq!(
        kinds,
        [
            "service_theme_changed",
            "theme_label_changed",
            "question_label_changed",
            "question_options_changed",
            "option_label_changed",
            "level_changed",
            "targets_changed",
        ]
    );
    let obstacles = later.catalogue.obstacles[0].code.clone();
    assert!(c.breaks.contains(&Break::QuestionOptionsChanged {
        question: "obstacles".into(),
        added: vec!["climat".into()],
        removed: vec![],
    }));
    assert!(c.breaks.iter().any(|b| matches!(b, Break::OptionLabelChanged { option, .. } if *option == obstacles)));
    assert_eq!(c.breaks[6], Break::TargetsChanged { added: 2, removed: 1 });
    let json = serde_json::to_value(&c.breaks[6]).unwrap();
    assert_eq!(json, serde_json::json!({"kind": "targets_changed", "added": 2, "removed": 1}));
}
