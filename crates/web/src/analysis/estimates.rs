//! The weighted estimates of a wave (`analysis.md`, "Weighted estimates") as the analysis and
//! public pages show them: beside each service's counts of respondents, the share of **all**
//! the targets that deploy, study and pool it, with its 95 % interval ("41 % [33 – 49]");
//! then the strata they rest on, the targets left uncovered, the thin strata, what
//! statistical secrecy merged or masked, and the note on the method.
//!
//! The figures are the domain's [`mutu_domain::analysis::weighted_with_secrecy`] at the threshold of every published
//! figure ([`PUBLIC_MIN_COUNT`]), on the study's pages too: an estimate resting on a stratum
//! of one or two bodies says more about them than about the targets. On a published page an
//! estimate whose count of respondents is masked is masked as well, as any rate drawn from a
//! masked count is.

use mutu_app::cache::Snapshot;
use mutu_domain::analysis::{Analysis, Estimate, Filters, PUBLIC_MIN_COUNT, Weighted};
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::OptionList;
use mutu_render::{Format, WEIGHTED_NOTE};
use serde::Serialize;
use std::sync::Arc;

/// The weighted estimates of the snapshot's complete answers under `filters`, from the
/// server's cache of the wave (computed once per filter, on a blocking thread).
pub(crate) async fn weighted(snapshot: &Arc<Snapshot>, filters: &Filters) -> Arc<Weighted> {
    snapshot.weighted(filters, PUBLIC_MIN_COUNT).await
}

/// A count of respondents and the estimate beside it, both formatted.
#[derive(Debug, Serialize)]
struct Cell {
    count: String,
    estimate: String,
}

/// A service's row.
#[derive(Debug, Serialize)]
struct ServiceRow {
    label: String,
    deployed: Cell,
    studied: Cell,
    pooled: Cell,
}

/// A stratum's row: its size classes (several when secrecy merged them), targets,
/// respondents and weight (`None` when left out).
#[derive(Debug, Serialize)]
struct StratumRow {
    classes: String,
    targets: String,
    respondents: String,
    weight: Option<String>,
}

/// What the template `analysis/_estimates.html` shows.
#[derive(Debug, Serialize)]
pub(crate) struct EstimatesView {
    services: Vec<ServiceRow>,
    strata: Vec<StratumRow>,
    /// Targets of the strata left out, formatted; `None` when every stratum is used.
    uncovered: Option<String>,
    /// Labels of the size classes whose stratum holds one respondent.
    thin: Vec<String>,
    /// Labels of the size classes under the secrecy threshold (merged with a neighbour).
    below_threshold: Vec<String>,
    /// The secrecy threshold.
    min_respondents: u64,
    /// Whether every estimate is masked.
    masked: bool,
    /// How the estimates were computed.
    note: &'static str,
}

/// The view of `weighted` beside the counts of `analysis` (the same filters), written by
/// `fmt`: under its secrecy rule, a masked count masks its estimate.
pub(crate) fn view(analysis: &Analysis, weighted: &Weighted, campaign: &Campaign, fmt: &Format) -> EstimatesView {
    let class_label = |code: &String| {
        analysis.size_classes.iter().find(|c| &c.code == code).map_or_else(|| code.clone(), |c| c.label.clone())
    };
    let cell = |count: u64, estimate: Estimate| Cell {
        count: fmt.count(count),
        estimate: match fmt.secrecy.count(count).shown() {
            Some(_) => fmt.estimate(estimate),
            None => fmt.percent(None),
        },
    };
    let services = weighted
        .services
        .iter()
        .map(|w| {
            let counts = analysis.services.iter().find(|s| s.service == w.service);
            let (deployed, studied, pooled) = counts.map_or((0, 0, 0), |s| (s.deployed, s.studied, s.mutualised));
            ServiceRow {
                label: campaign.catalogue.label(OptionList::Services, &w.service).to_owned(),
                deployed: cell(deployed, w.deployed),
                studied: cell(studied, w.studied),
                pooled: cell(pooled, w.mutualised),
            }
        })
        .collect();
    let strata = weighted
        .by_stratum
        .iter()
        .map(|s| StratumRow {
            classes: s.size_classes.iter().map(class_label).collect::<Vec<_>>().join(" + "),
            targets: fmt.thousands(s.targets),
            respondents: fmt.count(s.respondents),
            weight: s.weight.map(|w| fmt.percent(Some(w))),
        })
        .collect();
    let secrecy = weighted.secrecy.as_ref();
    EstimatesView {
        services,
        strata,
        uncovered: (weighted.uncovered_targets > 0).then(|| fmt.thousands(weighted.uncovered_targets)),
        thin: weighted.thin_strata.iter().map(class_label).collect(),
        below_threshold: secrecy.map(|s| s.below_threshold.iter().map(class_label).collect()).unwrap_or_default(),
        min_respondents: secrecy.map_or(PUBLIC_MIN_COUNT, |s| s.min_respondents),
        masked: secrecy.is_some_and(|s| s.masked),
        note: WEIGHTED_NOTE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mutu_domain::analysis::{Secrecy, analyse, weighted_with_secrecy};
    use mutu_domain::answers::{
        Answer, Answers, Mutualisation, Response, ResponseStatus, ServiceAnswer, ServiceStatus,
    };
    use mutu_domain::testing::{WaveBuilder, target};

    /// A complete answer deploying `deployed` and studying `studied`.
    fn answer(code: &str, deployed: &[&str], studied: &[&str]) -> Response {
        let row = |status| ServiceAnswer {
            status,
            mutualisation: Mutualisation::None,
            types: vec![],
            actors: vec![],
            partners: String::new(),
        };
        let matrix = deployed
            .iter()
            .map(|c| ((*c).to_owned(), row(ServiceStatus::Deployed)))
            .chain(studied.iter().map(|c| ((*c).to_owned(), row(ServiceStatus::Studied))))
            .collect();
        let mut answers = Answers::new();
        answers.insert("services".into(), Answer::Matrix(matrix));
        Response { respondent: code.into(), status: ResponseStatus::Complete, submitted_at: None, answers }
    }

    /// Three small bodies and two large ones; the large class has one respondent, so secrecy
    /// merges it with the small one.
    #[test]
    fn a_class_under_the_threshold_is_merged_and_a_masked_count_masks_its_estimate() {
        let targets = ["200000001", "200000002", "200000003"]
            .into_iter()
            .map(|c| target(c, c, "59", 5_000))
            .chain(["200000004", "200000005"].into_iter().map(|c| target(c, c, "62", 150_000)))
            .collect();
        let campaign = WaveBuilder::new("essai-2014").targets(targets).build();
        let responses = vec![
            answer("200000001", &["site_internet"], &["sig"]),
            answer("200000002", &["site_internet"], &[]),
            answer("200000003", &["site_internet"], &[]),
            answer("200000004", &["site_internet"], &[]),
        ];
        let analysis = analyse(&campaign, &responses, &Filters::default());
        let weighted = weighted_with_secrecy(&campaign, &responses, &Filters::default(), PUBLIC_MIN_COUNT);
        let lead = view(&analysis, &weighted, &campaign, &Format::FR);
        assert_eq!(lead.below_threshold, ["≥ 90 000"]);
        assert_eq!(lead.strata[0].classes, "< 10 000 + ≥ 90 000");
        assert_eq!((lead.strata[0].respondents.as_str(), lead.strata[0].weight.as_deref()), ("4", Some("100 %")));
        assert_eq!((lead.uncovered.as_deref(), lead.masked), (None, false));
        let index = |code: &str| campaign.catalogue.services.iter().position(|s| s.code == code).expect("service");
        let (sig, site) = (index("sig"), index("site_internet"));
        let studied =
            |v: &EstimatesView| (v.services[sig].studied.count.clone(), v.services[sig].studied.estimate.clone());
        assert_eq!(studied(&lead), ("1".to_owned(), Format::FR.estimate(weighted.services[sig].studied)));
        let public = view(&analysis, &weighted, &campaign, &Format::FR.with_secrecy(Secrecy::PUBLIC));
        assert_eq!(studied(&public), ("< 3".to_owned(), "–".to_owned()), "one body's answer stays unpublished");
        assert_eq!(public.services[site].deployed.estimate, "100 % [100 – 100]");
    }
}
