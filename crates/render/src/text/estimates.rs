//! The text tables of `mutu analyse --weights size_class`, `--profiles` and `--series`:
//! weighted shares of the targets beside the respondents' counts, each body's profile beside
//! the median of its size class, and each figure across waves with its breaks of method.
//!
//! Every number comes from the domain's [`Weighted`], [`Profile`] and [`Series`]; this module
//! only lays them out, with the one formatter of the crate.

use super::layout::{Align, Table, label};
use super::title;
use crate::format::Format;
use mutu_domain::analysis::{Analysis, CountPoint, Profile, Series, Weighted};
use mutu_domain::catalogue::{Catalogue, OptionList};

/// How the estimates were computed, in words, for the foot of every table that shows them.
pub const WEIGHTED_NOTE: &str = "Estimations pondérées : part des cibles (et non des seuls répondants), \
    redressée par classe de taille (chaque classe pèse le nombre de ses cibles), avec un intervalle \
    de confiance à 95 % entre crochets. Une classe sans répondant est écartée et ses cibles comptées \
    comme non couvertes.";

/// The weighted estimates of each service beside its counts of respondents, then the strata
/// they rest on and the note on the method.
pub fn weighted_text(analysis: &Analysis, weighted: &Weighted, catalogue: &Catalogue) -> String {
    let f = Format::FR;
    let mut out = String::new();
    title(&mut out, "Estimations pondérées par classe de taille (part des cibles, intervalle à 95 %)");
    let mut table = Table::new(&[Align::Right; 6]).header([
        "Service",
        "Déployé (rép.)",
        "Déployé (cibles)",
        "À l'étude (rép.)",
        "À l'étude (cibles)",
        "Mutualisé (rép.)",
        "Mutualisé (cibles)",
    ]);
    for w in &weighted.services {
        let counts = analysis.services.iter().find(|s| s.service == w.service);
        let count = |n: Option<u64>| n.map_or_else(|| "–".to_owned(), |n| f.thousands(n));
        table.row(vec![
            label(catalogue.label(OptionList::Services, &w.service)),
            count(counts.map(|s| s.deployed)),
            f.estimate(w.deployed),
            count(counts.map(|s| s.studied)),
            f.estimate(w.studied),
            count(counts.map(|s| s.mutualised)),
            f.estimate(w.mutualised),
        ]);
    }
    table.render(&mut out);
    title(&mut out, "Strates");
    let mut strata = Table::new(&[Align::Right; 3]).header(["Classes de taille", "Cibles", "Répondants", "Poids"]);
    for s in &weighted.by_stratum {
        let labels: Vec<&str> = s
            .size_classes
            .iter()
            .map(|c| analysis.size_classes.iter().find(|k| &k.code == c).map_or(c.as_str(), |k| k.label.as_str()))
            .collect();
        strata.row(vec![
            label(&labels.join(" + ")),
            f.thousands(s.targets),
            f.thousands(s.respondents),
            s.weight.map_or_else(|| "écartée".to_owned(), |w| format!("{w:.3}")),
        ]);
    }
    strata.render(&mut out);
    out.push('\n');
    if weighted.uncovered_targets > 0 {
        out.push_str(&format!(
            "Cibles non couvertes (classes sans répondant) : {}\n",
            f.thousands(weighted.uncovered_targets)
        ));
    }
    if !weighted.thin_strata.is_empty() {
        out.push_str(&format!(
            "Classes d'un seul répondant (variance nulle, intervalle trompeur) : {}\n",
            weighted.thin_strata.join(", ")
        ));
    }
    out.push_str(WEIGHTED_NOTE);
    out.push('\n');
    out
}

/// Each complete respondent's profile, theme by theme, beside the median of its size class.
/// Listed by respondent code: never a ranking.
pub fn profiles_text(profiles: &[Profile], catalogue: &Catalogue) -> String {
    let f = Format::FR;
    let mut out = String::new();
    title(&mut out, "Profil de chaque répondant (services déployés par thème, médiane de sa classe de taille)");
    let mut table = Table::new(&[Align::Left, Align::Left, Align::Right, Align::Right, Align::Right]).header([
        "Répondant",
        "Classe",
        "Thème",
        "Déployés",
        "Mutualisés",
        "Médiane des pairs",
    ]);
    for p in profiles {
        for t in &p.themes {
            table.row(vec![
                p.respondent.clone(),
                p.size_class.clone(),
                label(catalogue.label(OptionList::Themes, &t.theme)),
                format!("{}/{}", t.deployed, t.services),
                f.thousands(t.mutualised),
                f.percent(Some(t.peer_median)),
            ]);
        }
    }
    table.render(&mut out);
    out
}

/// Each figure across the waves, oldest first, a `*` beside a point whose method broke since
/// the wave before (the breaks listed under the table); never read as a change.
pub fn series_text(series: &Series, catalogue: &Catalogue) -> String {
    let f = Format::FR;
    let mut out = String::new();
    title(&mut out, &format!("Série des vagues {}", series.campaigns.join(", ")));
    let header: Vec<String> =
        std::iter::once("Indicateur".to_owned()).chain(series.campaigns.iter().cloned()).collect();
    let mut table = Table::new(&vec![Align::Right; series.campaigns.len()]).header(header);
    let point = |p: &CountPoint| marked(&f.percent(p.rate), &p.breaks);
    table.row(std::iter::once("Participation".to_owned()).chain(series.participation.iter().map(point)).collect());
    for class in &series.participation_by_size_class {
        let name = format!("Participation, classe {}", class.size_class);
        table.row(std::iter::once(name).chain(class.points.iter().map(point)).collect());
    }
    table.blank();
    for s in &series.services {
        let name = format!("Déploiement : {}", label(catalogue.label(OptionList::Services, &s.service)));
        let cells = s.points.iter().map(|p| marked(&f.percent(p.deployment_rate), &p.breaks));
        table.row(std::iter::once(name).chain(cells).collect());
    }
    table.render(&mut out);
    out.push_str("\n* rupture de méthode depuis la vague précédente : le chiffre ne se compare pas.\n");
    for (pair, c) in series.campaigns.windows(2).zip(&series.comparisons) {
        let kinds: Vec<&str> = c.breaks.iter().map(|b| b.kind()).collect();
        if kinds.is_empty() {
            out.push_str(&format!("{} → {} : comparables, sans rupture.\n", pair[0], pair[1]));
        } else {
            out.push_str(&format!("{} → {} : ruptures {}.\n", pair[0], pair[1], kinds.join(", ")));
        }
    }
    out
}

/// A cell with `*` when the point has a break of method.
fn marked(cell: &str, breaks: &[&str]) -> String {
    if breaks.is_empty() { cell.to_owned() } else { format!("{cell} *") }
}
