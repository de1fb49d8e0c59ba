//! `estimations_ponderees.csv`: the weighted estimates of the wave as open data, one row per
//! service and measure (deployed, studied, pooled), the estimated share of all the targets and
//! its 95 % interval as unrounded fractions beside the respondents' count.
//!
//! The estimates are those the package may publish: under its secrecy threshold, strata under
//! it merged or every estimate masked, by the domain's rule, and an estimate masked with its
//! count when that count is under the threshold (the report's chapter shows the same). A row
//! whose estimate is not published keeps its cells empty and says why in `statut`; the strata
//! used and the method are in the resource's description.

use super::{Kind, OpenDataOptions, Resource, Value, field};
use crate::report::weighted::{self, MEASURES, Status};
use mutu_domain::analysis::{Analysis, Secrecy, Weighted};
use mutu_domain::answers::Response;
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::OptionList;

/// The resource, from the wave's answers under the package's secrecy.
pub(super) fn resource(
    analysis: &Analysis,
    campaign: &Campaign,
    responses: &[Response],
    options: &OpenDataOptions,
) -> Resource {
    let secrecy = options.secrecy;
    let w = weighted::published(campaign, responses, &analysis.filters, secrecy);
    let mut rows = Vec::with_capacity(3 * w.services.len());
    for s in &w.services {
        let label = campaign.catalogue.label(OptionList::Services, &s.service);
        let counts = weighted::counts(analysis, &s.service);
        for (i, e) in weighted::estimates(s).into_iter().enumerate() {
            let count = counts.map(|c| c[i]);
            let status = Status::of(&w, e, count, secrecy);
            let shown = (status == Status::Estimated).then_some(e);
            let ci = shown.and_then(|e| e.ci95);
            rows.push(vec![
                Value::text(&s.service),
                Value::text(label),
                Value::text(MEASURES[i].0),
                Value::Integer(count.and_then(|n| secrecy.count(n).shown())),
                Value::Number(shown.and_then(|e| e.estimate)),
                Value::Number(ci.map(|[low, _]| low)),
                Value::Number(ci.map(|[_, high]| high)),
                Value::text(status.code()),
            ]);
        }
    }
    let min = secrecy.min_count();
    Resource {
        name: "estimations_ponderees",
        title: "Estimations pondérées".into(),
        description: format!("{} {}", crate::WEIGHTED_NOTE, strata(&w, analysis, secrecy)),
        fields: vec![
            field("service", Kind::String, "Code du service"),
            field("libelle", Kind::String, "Libellé du service"),
            field(
                "mesure",
                Kind::String,
                "deploye (le service est déployé), etudie (il est à l'étude) ou mutualise (déployé et mutualisé)",
            ),
            field(
                "repondants",
                Kind::Integer,
                format!(
                    "Répondants ayant ce statut pour le service ; vide quand l'effectif est inférieur au seuil de \
                     diffusion ({min})"
                ),
            ),
            field("estimation", Kind::Number, "Part estimée de toutes les cibles (fraction entre 0 et 1)"),
            field("ic95_bas", Kind::Number, "Borne basse de l'intervalle de confiance à 95 % (fraction)"),
            field("ic95_haut", Kind::Number, "Borne haute de l'intervalle de confiance à 95 % (fraction)"),
            field(
                "statut",
                Kind::String,
                format!(
                    "estimee ; masquee (secret statistique : toutes les strates ensemble comptent moins de {min} \
                     répondants, ou repondants est masqué, que l'estimation redonnerait) ou sans_repondant \
                     (aucune strate n'a de répondant) : estimation et intervalle sont alors vides"
                ),
            ),
        ],
        primary_key: vec!["service", "mesure"],
        rows,
    }
}

/// The strata in words: `Strates : < 10 000 + 10 000 – 24 999 (24 cibles, 17 répondants,
/// poids 0.453) ; …` (a count under the threshold masked as everywhere), the size classes
/// secrecy merged, and the targets no estimate covers.
fn strata(w: &Weighted, analysis: &Analysis, secrecy: Secrecy) -> String {
    let each: Vec<String> = w
        .by_stratum
        .iter()
        .map(|s| {
            let weight = s.weight.map_or_else(|| "écartée (aucun répondant)".to_owned(), |w| format!("poids {w}"));
            let respondents = secrecy
                .count(s.respondents)
                .shown()
                .map_or_else(|| format!("moins de {}", secrecy.min_count()), |n| n.to_string());
            format!(
                "{} ({} cibles, {respondents} répondants, {weight})",
                weighted::stratum_label(analysis, &s.size_classes),
                s.targets,
            )
        })
        .collect();
    let mut out = format!("Strates : {}.", each.join(" ; "));
    if w.uncovered_targets > 0 {
        out.push_str(&format!(" Cibles non couvertes (classes sans répondant) : {}.", w.uncovered_targets));
    }
    if let Some(s) = w.secrecy.as_ref().filter(|s| !s.below_threshold.is_empty() && !s.masked) {
        out.push_str(&format!(
            " Secret statistique : classes de moins de {} répondants fusionnées avec une voisine : {}.",
            s.min_respondents,
            s.below_threshold.join(", ")
        ));
    }
    out
}
