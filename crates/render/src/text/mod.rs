//! The text report of an analysis, for `mutu analyse --format text`: the seed's tables in a
//! terminal, in the seed's order, with French labels.
//!
//! Every figure comes from the [`Analysis`] passed in; labels come from the wave's catalogue
//! and size classes, département names from the caller (the wave itself only holds codes).

mod estimates;
mod layout;
mod sections;

pub use estimates::{WEIGHTED_NOTE, profiles_text, series_text, weighted_text};

#[cfg(test)]
mod tests;

use crate::format::Format;
use layout::{Table, label, one_line};
use mutu_domain::analysis::{Analysis, Count, DepartementCoverage, Filters};
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::Catalogue;
use mutu_domain::codes::DepartementCode;
use std::collections::BTreeMap;

/// Writes the analysis of a wave as plain text tables, in the seed's order: participation,
/// coverage, themes, most and least deployed services, services studied but not deployed,
/// pooling types, most pooled services, actors, obstacles, expected support, verbatims (and
/// the comparison with an earlier wave, when the analysis holds one).
///
/// Percentages are whole numbers rounded half up, written `N %`; an undefined rate (over
/// zero) is `–`; counts have a space every three digits. `departement_names` maps a
/// département code (`59`) to its name (`Nord`); a code missing from it is shown as
/// `Département 59`.
pub fn analysis_text(analysis: &Analysis, campaign: &Campaign, departement_names: &BTreeMap<String, String>) -> String {
    let ctx = Context { analysis, catalogue: &campaign.catalogue, names: departement_names };
    let mut out = String::new();
    let heading = format!("Analyse de la vague « {} » — {}", analysis.campaign, one_line(&campaign.name));
    out.push_str(&heading);
    out.push('\n');
    out.push_str(&"=".repeat(heading.chars().count()));
    out.push('\n');
    if !analysis.filters.is_empty() {
        out.push_str(&format!("Filtres : {}\n", ctx.filters(&analysis.filters)));
    }
    participation(&ctx, &mut out);
    coverage(&ctx, campaign.population_year, &mut out);
    sections::themes(&ctx, &mut out);
    sections::services(&ctx, &mut out);
    sections::pooling(&ctx, &mut out);
    sections::answers(&ctx, &mut out);
    sections::verbatims(&ctx, &mut out);
    sections::comparison(&ctx, &mut out);
    out
}

/// What every section needs to turn codes into labels.
struct Context<'a> {
    analysis: &'a Analysis,
    catalogue: &'a Catalogue,
    names: &'a BTreeMap<String, String>,
}

impl Context<'_> {
    /// The label of a size class, or its code when the analysis does not list it.
    fn class_label<'s>(&'s self, code: &'s str) -> &'s str {
        self.analysis.size_classes.iter().find(|c| c.code == code).map_or(code, |c| c.label.as_str())
    }

    /// The labels of the size classes, ascending, cut for a column header.
    fn class_headers(&self) -> Vec<String> {
        self.analysis.size_classes.iter().map(|c| label(&c.label)).collect()
    }

    /// The name of a département, or `Département 59` when none was given.
    fn departement(&self, code: &DepartementCode) -> String {
        match self.names.get(code.as_str()) {
            Some(name) => label(name),
            None => format!("Département {code}"),
        }
    }

    /// The filters in words.
    fn filters(&self, filters: &Filters) -> String {
        let mut parts = Vec::new();
        if !filters.departements.is_empty() {
            let names: Vec<String> = filters.departements.iter().map(|d| self.departement(d)).collect();
            parts.push(format!("départements {}", names.join(", ")));
        }
        if !filters.size_classes.is_empty() {
            let labels: Vec<&str> = filters.size_classes.iter().map(|c| self.class_label(c)).collect();
            parts.push(format!("classes de taille {}", labels.join(", ")));
        }
        if !filters.natures.is_empty() {
            let natures: Vec<&str> = filters.natures.iter().map(|n| n.code()).collect();
            parts.push(format!("natures {}", natures.join(", ")));
        }
        parts.join(" ; ")
    }
}

/// Writes a section title, underlined, after an empty line.
fn title(out: &mut String, text: &str) {
    out.push('\n');
    out.push_str(text);
    out.push('\n');
    out.push_str(&"-".repeat(text.chars().count()));
    out.push('\n');
}

/// `1 155 sur 1 546 (75 %)` from (part, whole, rate).
fn out_of((part, whole, rate): (u64, u64, Option<f64>)) -> String {
    Format::FR.out_of(part, whole, rate)
}

/// `6/10 (60 %)`.
fn ratio(count: &Count) -> String {
    format!(
        "{}/{} ({})",
        Format::FR.thousands(count.respondents),
        Format::FR.thousands(count.targets),
        Format::FR.percent(count.rate)
    )
}

/// Respondents over targets by size class, overall, then by département.
fn participation(ctx: &Context, out: &mut String) {
    let p = &ctx.analysis.participation;
    title(out, "Participation (répondants / cibles)");
    let mut table = Table::new(&[layout::Align::Left]);
    for class in &p.by_size_class {
        table.row(vec![label(ctx.class_label(&class.size_class)), ratio(&class.count)]);
    }
    table.row(vec!["Ensemble".into(), ratio(&p.total)]);
    if !p.by_departement.is_empty() {
        table.blank();
    }
    for dep in &p.by_departement {
        table.row(vec![ctx.departement(&dep.departement), ratio(&dep.count)]);
    }
    table.render(out);
}

/// Communes and inhabitants the respondents stand for, overall and by département.
fn coverage(ctx: &Context, population_year: Option<i32>, out: &mut String) {
    let c = &ctx.analysis.coverage;
    match population_year {
        Some(year) => title(out, &format!("Couverture (populations {year})")),
        None => title(out, "Couverture"),
    }
    let by_departement = |pick: fn(&DepartementCoverage) -> (u64, u64, Option<f64>)| {
        let mut table = Table::new(&[layout::Align::Left]).indent(2);
        for dep in &c.by_departement {
            table.row(vec![ctx.departement(&dep.departement), out_of(pick(dep))]);
        }
        table
    };
    let communes = (c.communes.covered, c.communes.total, c.communes.rate);
    out.push_str(&format!("Communes couvertes : {}\n", out_of(communes)));
    by_departement(|d| (d.communes.covered, d.communes.total, d.communes.rate)).render(out);
    let population = (c.population.covered, c.population.total, c.population.rate);
    out.push_str(&format!("Habitants couverts : {}\n", out_of(population)));
    by_departement(|d| (d.population.covered, d.population.total, d.population.rate)).render(out);
}
