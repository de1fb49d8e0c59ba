//! The chapter "Estimations pondérées" of the report, and what the workbook and the open data
//! say of the same estimates: per service, the respondents' counts beside the share of **all**
//! the targets estimated by size class with its 95 % interval, the strata those estimates rest
//! on, and what statistical secrecy did to them.
//!
//! The estimates a report shows are the ones it may publish: under the secrecy of its
//! audience ([`published`]), strata under the threshold merged or every estimate masked, by the
//! domain's rule; and, since a share over one stratum gives its count back (`x / n` with `n`
//! published), an estimate whose count of respondents is masked is masked too. A masked
//! estimate reads "masquée", never a number; one without any respondent reads "–" and the
//! chapter says which targets no estimate covers.

use crate::charts::Table;
use crate::format::Format;
use mutu_domain::analysis::{Analysis, Estimate, Filters, Secrecy, Weighted, weighted, weighted_with_secrecy};
use mutu_domain::answers::Response;
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::OptionList;
use serde::Serialize;

/// Why an estimate beside a masked count is masked too, in the secrecy note.
const SMALL_COUNT: &str = "Une part dont l'effectif de répondants est masqué est masquée aussi : elle le redonnerait.";

/// How a masked estimate reads in the report and the workbook.
pub(crate) const MASKED: &str = "masquée";

/// The weighted estimates of a wave as an output under `secrecy` may publish them: with a
/// threshold, strata under it merged (or everything masked) by
/// [`weighted_with_secrecy`]; without one (the study team's own report), as `mutu analyse
/// --weights size_class` prints them.
pub(crate) fn published(campaign: &Campaign, responses: &[Response], filters: &Filters, secrecy: Secrecy) -> Weighted {
    if secrecy.is_active() {
        weighted_with_secrecy(campaign, responses, filters, secrecy.min_count())
    } else {
        weighted(campaign, responses, filters)
    }
}

/// Whether an estimate of the block is published or why not; the open data's `statut`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// The estimate and its interval are given.
    Estimated,
    /// Statistical secrecy masks it: every estimate of the block is, or the count of
    /// respondents it stands on is under the threshold (a share over one stratum would give
    /// that count back).
    Masked,
    /// No stratum has a respondent: there is nothing to estimate from.
    NoRespondent,
}

impl Status {
    /// The status of `e` in `w`, whose respondents with the property number `count`, under
    /// the output's `secrecy`.
    pub(crate) fn of(w: &Weighted, e: &Estimate, count: Option<u64>, secrecy: Secrecy) -> Status {
        let small = count.is_some_and(|n| secrecy.count(n).shown().is_none());
        if w.secrecy.as_ref().is_some_and(|s| s.masked) {
            Status::Masked
        } else if e.estimate.is_none() {
            Status::NoRespondent
        } else if small {
            Status::Masked
        } else {
            Status::Estimated
        }
    }

    /// Its code in the open data.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Status::Estimated => "estimee",
            Status::Masked => "masquee",
            Status::NoRespondent => "sans_repondant",
        }
    }
}

/// `41 % [33 – 49]`, `masquée` under secrecy, `–` without any respondent; `count` is the
/// number of respondents with the property, as for [`Status::of`].
pub(crate) fn estimate_text(w: &Weighted, e: &Estimate, count: Option<u64>, fmt: &Format) -> String {
    match Status::of(w, e, count, fmt.secrecy) {
        Status::Masked => MASKED.to_owned(),
        _ => fmt.estimate(*e),
    }
}

/// The three properties estimated per service: their label and the block's field.
pub(crate) const MEASURES: [(&str, &str); 3] =
    [("deploye", "Déployé"), ("etudie", "À l'étude"), ("mutualise", "Mutualisé")];

/// The three estimates of a service, in the order of [`MEASURES`].
pub(crate) fn estimates(s: &mutu_domain::analysis::WeightedService) -> [&Estimate; 3] {
    [&s.deployed, &s.studied, &s.mutualised]
}

/// The three counts of respondents of a service (deployed, studied, deployed and pooled), in
/// the order of [`MEASURES`]; `None` for a service the analysis does not know.
pub(crate) fn counts(analysis: &Analysis, service: &str) -> Option<[u64; 3]> {
    analysis.services.iter().find(|s| s.service == service).map(|s| [s.deployed, s.studied, s.mutualised])
}

/// The labels of a stratum's size classes, `< 10 000 + 10 000 – 24 999` when merged.
pub(crate) fn stratum_label(analysis: &Analysis, classes: &[String]) -> String {
    let labels: Vec<&str> = classes.iter().map(|c| class_label(analysis, c)).collect();
    labels.join(" + ")
}

fn class_label<'a>(analysis: &'a Analysis, code: &'a str) -> &'a str {
    analysis.size_classes.iter().find(|k| k.code == code).map_or(code, |k| k.label.as_str())
}

/// A weight as the strata table writes it, `0,283` (three decimals, French comma), or
/// `écartée` for a stratum left out.
pub(crate) fn weight_text(weight: Option<f64>) -> String {
    weight.map_or_else(|| "écartée".to_owned(), |w| format!("{w:.3}").replace('.', ","))
}

/// The sentences that qualify the estimates: targets no estimate covers, strata of one
/// respondent, what secrecy did. Each `None` when there is nothing to say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WeightedNotes {
    /// Targets of size classes without any respondent, left out of every estimate.
    pub uncovered: Option<String>,
    /// Strata of a single respondent, whose interval is misleading.
    pub thin: Option<String>,
    /// What statistical secrecy merged or masked, with its threshold.
    pub secrecy: Option<String>,
}

/// Says what the figures of `w` rest on, in words.
pub(crate) fn notes(w: &Weighted, analysis: &Analysis, fmt: &Format) -> WeightedNotes {
    let left_out: Vec<&str> = w
        .by_stratum
        .iter()
        .filter(|s| s.weight.is_none())
        .flat_map(|s| s.size_classes.iter().map(|c| class_label(analysis, c)))
        .collect();
    let uncovered = (w.uncovered_targets > 0).then(|| {
        let n = w.uncovered_targets;
        format!(
            "Strate vide : aucun répondant dans {} ({} {}). Ces cibles sont écartées et aucune estimation ne les \
             couvre : les parts estimées portent sur les cibles des autres classes.",
            plural(left_out.len(), "la classe", "les classes") + " " + &left_out.join(", "),
            fmt.thousands(n),
            plural(n as usize, "cible", "cibles"),
        )
    });
    let thin = (!w.thin_strata.is_empty()).then(|| {
        let labels: Vec<&str> = w.thin_strata.iter().map(|c| class_label(analysis, c)).collect();
        format!("Strates d'un seul répondant (variance nulle, intervalle trompeur) : {}.", labels.join(", "))
    });
    let secrecy = w.secrecy.as_ref().map(|s| {
        let min = s.min_respondents;
        let below: Vec<&str> = s.below_threshold.iter().map(|c| class_label(analysis, c)).collect();
        if s.masked {
            format!(
                "Secret statistique : l'ensemble des strates compte moins de {min} répondants ; toutes les estimations \
                 sont masquées."
            )
        } else if below.is_empty() {
            format!(
                "Secret statistique : chaque strate compte au moins {min} répondants ; aucune n'a été fusionnée. \
                 {SMALL_COUNT}"
            )
        } else {
            format!(
                "Secret statistique : les classes {} comptaient moins de {min} répondants ; chacune a été fusionnée \
                 avec une classe voisine (tableau des strates). {SMALL_COUNT}",
                below.join(", ")
            )
        }
    });
    WeightedNotes { uncovered, thin, secrecy }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 { one.to_owned() } else { many.to_owned() }
}

/// The chapter as the HTML and PDF templates read it.
#[derive(Debug, Clone, Serialize)]
pub struct WeightedView {
    /// Per service of the catalogue: counts of respondents beside the estimated share of the
    /// targets, for deployed, studied and pooled.
    pub services: Table,
    /// The strata: size classes (merged ones together), targets, respondents, weight.
    pub strata: Table,
    /// What qualifies the estimates.
    pub notes: WeightedNotes,
    /// Whether secrecy masks every estimate.
    pub masked: bool,
    /// How the estimates were computed ([`crate::WEIGHTED_NOTE`]).
    pub method: &'static str,
}

/// Builds the chapter's view.
pub(super) fn view(w: &Weighted, analysis: &Analysis, campaign: &Campaign, fmt: &Format) -> WeightedView {
    let catalogue = &campaign.catalogue;
    let mut columns = vec!["Service".to_owned()];
    for (_, label) in MEASURES {
        columns.push(format!("{label} : répondants"));
        columns.push(format!("{label} : part des cibles"));
    }
    let mut services = Table::new(
        "Part estimée des cibles, par service (intervalle de confiance à 95 %), à côté des effectifs de répondants",
        columns,
    );
    for s in &w.services {
        let counts = counts(analysis, &s.service);
        let mut cells = Vec::with_capacity(6);
        for (i, e) in estimates(s).into_iter().enumerate() {
            cells.push(counts.map_or_else(|| "–".to_owned(), |c| fmt.count(c[i])));
            cells.push(estimate_text(w, e, counts.map(|c| c[i]), fmt));
        }
        services.row(catalogue.label(OptionList::Services, &s.service), cells);
    }
    let mut strata = Table::new(
        "Strates des estimations (classes de taille)",
        vec!["Classes de taille".into(), "Cibles".into(), "Répondants".into(), "Poids".into()],
    );
    for s in &w.by_stratum {
        strata.row(
            stratum_label(analysis, &s.size_classes),
            vec![fmt.thousands(s.targets), fmt.count(s.respondents), weight_text(s.weight)],
        );
    }
    WeightedView {
        services,
        strata,
        notes: notes(w, analysis, fmt),
        masked: w.secrecy.as_ref().is_some_and(|s| s.masked),
        method: crate::WEIGHTED_NOTE,
    }
}

#[cfg(test)]
mod tests;
