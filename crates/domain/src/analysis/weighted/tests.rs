//! Weighted estimates and their secrecy on small waves computed by hand.

use super::*;
use crate::analysis::test_waves::{answer, targets, wave};
use crate::analysis::{merge_strata, weighted_with_secrecy};
use crate::answers::ResponseStatus;

/// Within 2 machine epsilons: the code sums in floating point, the comments work in exact
/// decimals, and the literals are those decimals' nearest `f64`.
fn close(actual: f64, exact: f64) {
    assert!((actual - exact).abs() <= 2.0 * f64::EPSILON, "{actual} ≠ {exact}");
}

fn interval(e: &Estimate) -> (f64, [f64; 2]) {
    (e.estimate.expect("an estimate"), e.ci95.expect("an interval"))
}

fn service<'a>(w: &'a Weighted, code: &str) -> &'a WeightedService {
    w.services.iter().find(|s| s.service == code).unwrap()
}

/// Four classes: `lt10k` 4 targets, 2 respondents; `10k_25k` 3 targets, none (only a
/// partial answer); `25k_90k` 2 targets, 1 respondent; `ge90k` 10 targets, 5 respondents.
fn hand_wave() -> (Campaign, Vec<Response>) {
    let mut all = targets("2000001", 4, 5_000);
    all.extend(targets("2000002", 3, 15_000));
    all.extend(targets("2000003", 2, 50_000));
    all.extend(targets("2000004", 10, 100_000));
    let mut partial = answer("200000201", &[("sig", "d")]);
    partial.status = ResponseStatus::Partial;
    let responses = vec![
        answer("200000101", &[("sig", "d")]),
        answer("200000102", &[("sig", "dm")]),
        answer("200000102", &[]), // answered again: this one wins
        partial,
        answer("200000301", &[("sig", "dm")]),
        answer("200000401", &[("sig", "dm")]),
        answer("200000402", &[("sig", "d")]),
        answer("200000403", &[("sig", "dp")]),
        answer("200000404", &[("sig", "s")]),
        answer("200000405", &[]),
        answer("999999999", &[("sig", "d")]), // not a target
    ];
    (wave("hand", all), responses)
}

#[test]
fn the_estimate_and_interval_are_those_computed_by_hand() {
    let (c, responses) = hand_wave();
    let w = weighted(&c, &responses, &Filters::default());
    // Strata kept: lt10k (N 4, n 2), 25k_90k (N 2, n 1), ge90k (N 10, n 5); 10k_25k has no
    // respondent and is left out. Σ N = 16, so W = 4/16 = 0.25, 2/16 = 0.125, 10/16 = 0.625.
    assert_eq!(w.strata, "size_class");
    assert_eq!(w.uncovered_targets, 3);
    assert_eq!(w.thin_strata, ["25k_90k"]);
    let strata: Vec<(Vec<String>, u64, u64, Option<f64>)> =
        w.by_stratum.iter().map(|s| (s.size_classes.clone(), s.targets, s.respondents, s.weight)).collect();
    assert_eq!(
        strata,
        [
            (vec!["lt10k".to_owned()], 4, 2, Some(0.25)),
            (vec!["10k_25k".to_owned()], 3, 0, None),
            (vec!["25k_90k".to_owned()], 2, 1, Some(0.125)),
            (vec!["ge90k".to_owned()], 10, 5, Some(0.625)),
        ]
    );
    let sig = service(&w, "sig");

    // deployed: p = 1/2, 1/1, 3/5.
    // P = 0.25·0.5 + 0.125·1 + 0.625·0.6 = 0.125 + 0.125 + 0.375 = 0.625
    // V = 0.25²·(1 − 2/4)·0.5·0.5/1 + 0 (n = 1) + 0.625²·(1 − 5/10)·0.6·0.4/4
    //   = 0.0078125 + 0.01171875 = 0.01953125 = 5/256, √V = √5/16 = 0.139754248593736856…
    // 1.96·√V = 0.273918327243724237…
    // interval [0.351081672756275762…, 0.898918327243724237…]
    let (p, [low, high]) = interval(&sig.deployed);
    assert_eq!(p, 0.625);
    close(low, 0.351_081_672_756_275_8);
    close(high, 0.898_918_327_243_724_2);

    // mutualised (deployed and implemented): p = 0/2, 1/1, 1/5.
    // P = 0 + 0.125 + 0.625·0.2 = 0.25
    // V = 0 + 0 + 0.390625·0.5·0.2·0.8/4 = 0.0078125 = 1/128, √V = 0.088388347648318440…
    // 1.96·√V = 0.173241161390704143…; interval [0.076758838609295856…, 0.423241161390704143…]
    let (p, [low, high]) = interval(&sig.mutualised);
    assert_eq!(p, 0.25);
    close(low, 0.076_758_838_609_295_86);
    close(high, 0.423_241_161_390_704_17);

    // studied: p = 0, 0, 1/5. P = 0.625·0.2 = 0.125, V = 1/128 as above: the interval
    // 0.125 ± 0.173241… is clamped at 0: [0, 0.298241161390704143…].
    let (p, [low, high]) = interval(&sig.studied);
    assert_eq!(p, 0.125);
    assert_eq!(low, 0.0);
    close(high, 0.298_241_161_390_704_17);

    // Nobody deploys the GRU: 0 with an interval of width 0.
    assert_eq!(interval(&service(&w, "gru").deployed), (0.0, [0.0, 0.0]));
    assert_eq!(w.services.len(), 46, "every service of the catalogue, in its order");
    assert_eq!(w.services[0].service, "site_internet");
}

#[test]
fn the_json_keys_are_the_spec_ones() {
    let (c, responses) = hand_wave();
    let json = serde_json::to_value(weighted(&c, &responses, &Filters::default())).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["strata", "uncovered_targets", "thin_strata", "by_stratum", "services"]);
    assert_eq!(json["services"][0]["service"], "site_internet");
    let gru = &json["services"][1];
    assert_eq!(gru["deployed"], serde_json::json!({"estimate": 0.0, "ci95": [0.0, 0.0]}));
    assert_eq!(
        json["by_stratum"][1],
        serde_json::json!({"size_classes": ["10k_25k"], "targets": 3, "respondents": 0, "weight": null})
    );
}

#[test]
fn without_respondents_there_is_no_estimate() {
    let (c, _) = hand_wave();
    let w = weighted(&c, &[], &Filters::default());
    assert_eq!(w.uncovered_targets, 19);
    assert!(w.thin_strata.is_empty());
    assert!(w.by_stratum.iter().all(|s| s.weight.is_none()));
    assert!(w.services.iter().all(|s| [s.deployed, s.studied, s.mutualised].iter().all(|e| *e == Estimate::NONE)));
    let json = serde_json::to_value(&w).unwrap();
    assert_eq!(json["services"][0]["deployed"], serde_json::json!({"estimate": null, "ci95": null}));
}

#[test]
fn filters_restrict_the_strata() {
    let (c, responses) = hand_wave();
    let filters = Filters { size_classes: vec!["ge90k".into()], ..Filters::default() };
    let w = weighted(&c, &responses, &filters);
    // One stratum: P = p = 3/5, V = (1 − 5/10)·0.24/4 = 0.03.
    let (p, [low, high]) = interval(&service(&w, "sig").deployed);
    assert_eq!(p, 0.6);
    close(high - low, 2.0 * 1.96 * 0.03_f64.sqrt());
    assert_eq!((w.uncovered_targets, w.by_stratum.len()), (0, 4));
    assert_eq!(w.by_stratum[0].targets, 0, "a class the filters leave out has no target");
}

#[test]
fn strata_merge_by_the_written_rule() {
    let groups = |n: &[u64], min| merge_strata(n, min);
    // The thin first class has one neighbour among the kept strata (the empty one is skipped).
    let m = groups(&[2, 0, 1, 5], 3);
    assert_eq!((m.groups, m.below_threshold, m.masked), (vec![vec![0, 2], vec![3]], vec![0, 2], false));
    // A thin middle class goes to the neighbour with fewer respondents, the smaller on a tie.
    assert_eq!(groups(&[5, 2, 4, 0], 3).groups, [vec![0], vec![1, 2]]);
    assert_eq!(groups(&[5, 1, 5], 3).groups, [vec![0, 1], vec![2]]);
    // Merging goes on until every stratum reaches the threshold.
    assert_eq!(groups(&[1, 1, 1, 1], 3).groups, [vec![0, 1, 2, 3]]);
    // Empty strata are left out, not merged: secrecy changes nothing that needs no change.
    assert_eq!(groups(&[3, 0, 3], 3).groups, [vec![0], vec![2]]);
    // A single stratum under the threshold cannot merge: masked.
    let m = groups(&[0, 2, 0], 3);
    assert_eq!((m.groups, m.masked), (vec![vec![1]], true));
    // No respondent: nothing to mask.
    assert!(!groups(&[0, 0], 3).masked);
}

/// `lt10k` 10 targets, 5 respondents (1 deploys); `10k_25k` 4, 2 (2 deploy); `25k_90k` 6, 4
/// (3 deploy); `ge90k` 3 targets, no respondent.
fn secrecy_wave() -> (Campaign, Vec<Response>) {
    let mut all = targets("2000001", 10, 5_000);
    all.extend(targets("2000002", 4, 15_000));
    all.extend(targets("2000003", 6, 50_000));
    all.extend(targets("2000004", 3, 100_000));
    let code = |class: u32, i: u32| format!("200000{class}{i:02}");
    let mut responses = vec![answer(&code(1, 1), &[("sig", "d")])];
    responses.extend((2..=5).map(|i| answer(&code(1, i), &[])));
    responses.extend((1..=2).map(|i| answer(&code(2, i), &[("sig", "d")])));
    responses.extend((1..=3).map(|i| answer(&code(3, i), &[("sig", "d")])));
    responses.push(answer(&code(3, 4), &[]));
    (wave("secret", all), responses)
}

#[test]
fn a_thin_stratum_is_merged_and_the_estimate_recomputed() {
    let (c, responses) = secrecy_wave();
    let w = weighted_with_secrecy(&c, &responses, &Filters::default(), 3);
    assert_eq!(
        w.secrecy,
        Some(StrataSecrecy { min_respondents: 3, below_threshold: vec!["10k_25k".into()], masked: false })
    );
    // 10k_25k (n 2) has lt10k (n 5) and 25k_90k (n 4) beside it: it merges with 25k_90k.
    let strata: Vec<(Vec<&str>, u64, u64, Option<f64>)> = w
        .by_stratum
        .iter()
        .map(|s| (s.size_classes.iter().map(String::as_str).collect(), s.targets, s.respondents, s.weight))
        .collect();
    assert_eq!(
        strata,
        [
            (vec!["lt10k"], 10, 5, Some(0.5)),
            (vec!["10k_25k", "25k_90k"], 10, 6, Some(0.5)),
            (vec!["ge90k"], 3, 0, None),
        ]
    );
    assert_eq!(w.uncovered_targets, 3);
    // deployed: p = 1/5, (2 + 3)/(2 + 4) = 5/6; W = 10/20, 10/20.
    // P = 0.5·0.2 + 0.5·5/6 = 0.1 + 0.41666… = 31/60 = 0.516666666666666666…
    // V = 0.25·(1 − 5/10)·0.2·0.8/4 + 0.25·(1 − 6/10)·(5/6)(1/6)/5 = 0.005 + 1/360 = 7/900
    // √V = 0.088191710368819686…, 1.96·√V = 0.172855752322886585…
    // interval [0.343810914343780081…, 0.689522418989553251…]
    let (p, [low, high]) = interval(&service(&w, "sig").deployed);
    close(p, 0.516_666_666_666_666_7);
    close(low, 0.343_810_914_343_780_1);
    close(high, 0.689_522_418_989_553_2);
    // Unmerged, the same wave gives 0.5·0.2 + 0.2·1 + 0.3·0.75 = 0.525.
    let plain = weighted(&c, &responses, &Filters::default());
    close(interval(&service(&plain, "sig").deployed).0, 0.525);
    assert!(serde_json::to_value(&w).unwrap()["secrecy"]["below_threshold"].is_array());
}

#[test]
fn a_figure_that_cannot_merge_is_masked() {
    let (c, responses) = secrecy_wave();
    let filters = Filters { size_classes: vec!["10k_25k".into()], ..Filters::default() };
    let w = weighted_with_secrecy(&c, &responses, &filters, 3);
    assert!(w.secrecy.as_ref().unwrap().masked);
    assert!(w.services.iter().all(|s| s.deployed == Estimate::NONE && s.mutualised == Estimate::NONE));
    // The same figure is published at a threshold of 2.
    let w = weighted_with_secrecy(&c, &responses, &filters, 2);
    assert_eq!(interval(&service(&w, "sig").deployed).0, 1.0);
}

#[test]
fn secrecy_changes_nothing_where_no_stratum_is_thin() {
    let (c, responses) = hand_wave();
    let plain = weighted(&c, &responses, &Filters::default());
    let open = weighted_with_secrecy(&c, &responses, &Filters::default(), 1);
    assert_eq!(open.secrecy.as_ref().map(|s| s.below_threshold.len()), Some(0));
    assert_eq!((open.by_stratum, open.services), (plain.by_stratum, plain.services));
}
