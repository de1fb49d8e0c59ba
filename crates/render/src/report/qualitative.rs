//! The study's qualitative material in the report: the wave's coded verbatims by theme, the
//! benchmark of pooling structures (side-by-side comparison and MOOF) and the annex of the
//! actors met.
//!
//! [`ReportQualitative`] holds only what may be shown: verbatims come anonymised (a body type
//! and a size class), the people met are reduced to their roles, without names, emails nor
//! interview notes. The comparison and the annex are built here once, as plain text, for
//! every format that lays them out (the HTML template escapes them, the XLSX writes them as
//! strings).

use super::ReportMaps;
use minijinja::{Value, context};
use mutu_domain::campaign::Campaign;
use mutu_domain::qualitative::{BodyType, MoofItem, Organisation, Person, PoolingStructure, ThemeVerbatims};

/// An organisation met, as the report shows it: the roles of the people met there, never
/// their names nor emails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMet {
    /// Name of the organisation.
    pub organisation: String,
    /// Whether it lies in the study's territory.
    pub in_territory: bool,
    /// Kind of body.
    pub body_type: BodyType,
    /// Role of each person met there, in the order they were recorded.
    pub roles: Vec<String>,
}

/// The qualitative material the report places beside the survey.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportQualitative {
    /// The wave's coded verbatims by theme, anonymised
    /// (see [`verbatims_by_theme`](mutu_domain::qualitative::verbatims_by_theme)).
    pub themes: Vec<ThemeVerbatims>,
    /// The pooling structures of the benchmark.
    pub structures: Vec<PoolingStructure>,
    /// The organisations met with the roles of the people met; empty when none is recorded.
    pub actors: Vec<ActorMet>,
}

impl ReportQualitative {
    /// The material from what the store holds: each organisation with the roles of its
    /// people, their names and emails left behind.
    pub fn new(
        themes: Vec<ThemeVerbatims>,
        structures: Vec<PoolingStructure>,
        organisations: &[Organisation],
        people: &[Person],
    ) -> Self {
        let actors = organisations
            .iter()
            .map(|o| ActorMet {
                organisation: o.name.clone(),
                in_territory: o.in_territory,
                body_type: o.body_type,
                roles: people.iter().filter(|p| p.organisation == o.name).map(|p| p.role.clone()).collect(),
            })
            .collect();
        ReportQualitative { themes, structures, actors }
    }
}

/// Everything the HTML report may place beyond the analysis; nothing by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportExtras {
    /// The maps.
    pub maps: ReportMaps,
    /// The qualitative material: verbatims by theme, benchmark, actors met.
    pub qualitative: Option<ReportQualitative>,
}

/// The four quadrants of a MOOF, in the seed's order.
pub(crate) fn moof(s: &PoolingStructure) -> [(&'static str, &[MoofItem]); 4] {
    [
        ("Menaces", &s.threats),
        ("Opportunités", &s.opportunities),
        ("Forces", &s.strengths),
        ("Faiblesses", &s.weaknesses),
    ]
}

/// The side-by-side comparison: one row per criterion, one cell per structure.
pub(crate) fn comparison(structures: &[PoolingStructure], campaign: &Campaign) -> Vec<(&'static str, Vec<String>)> {
    type Field = fn(&PoolingStructure, &Campaign) -> String;
    let rows: [(&str, Field); 7] = [
        ("Forme juridique", |s, _| s.legal_form.clone()),
        ("Création", |s, _| s.creation_year.to_string()),
        ("Territoire", |s, _| s.territory.clone()),
        ("Membres", |s, _| s.members.clone()),
        ("Gouvernance", |s, _| s.governance.clone()),
        ("Modèle économique", |s, _| s.economic_model.clone()),
        ("Services du catalogue proposés", |s, c| {
            c.catalogue.services.iter().filter(|service| s.services.contains(&service.code)).count().to_string()
        }),
    ];
    rows.into_iter().map(|(label, field)| (label, structures.iter().map(|s| field(s, campaign)).collect())).collect()
}

/// The organisations met in, then outside, the study's territory.
pub(crate) struct ActorGroup<'a> {
    /// `Acteurs du territoire de l'étude` or `Acteurs hors du territoire`.
    pub(crate) title: &'static str,
    /// `18 acteurs du territoire rencontrés et 36 personnes interrogées`.
    pub(crate) summary: String,
    /// Its organisations.
    pub(crate) organisations: Vec<&'a ActorMet>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

/// The groups of the annex, those without organisation left out.
pub(crate) fn actor_groups(actors: &[ActorMet]) -> Vec<ActorGroup<'_>> {
    [
        (true, "Acteurs du territoire de l'étude", "du territoire"),
        (false, "Acteurs hors du territoire", "hors du territoire"),
    ]
    .into_iter()
    .filter_map(|(inside, title, place)| {
        let organisations: Vec<&ActorMet> = actors.iter().filter(|a| a.in_territory == inside).collect();
        let people = organisations.iter().map(|a| a.roles.len()).sum();
        let summary = format!(
            "{} {place} {} et {} {}",
            plural(organisations.len(), "acteur", "acteurs"),
            if organisations.len() > 1 { "rencontrés" } else { "rencontré" },
            plural(people, "personne", "personnes"),
            if people > 1 { "interrogées" } else { "interrogée" },
        );
        (!organisations.is_empty()).then_some(ActorGroup { title, summary, organisations })
    })
    .collect()
}

/// The roles met in an organisation, each once: `Chef de projet TIC (2 personnes)`.
pub(crate) fn roles(actor: &ActorMet) -> Vec<String> {
    let mut out: Vec<(&str, usize)> = Vec::new();
    for role in &actor.roles {
        match out.iter_mut().find(|(r, _)| *r == role.as_str()) {
            Some((_, n)) => *n += 1,
            None => out.push((role, 1)),
        }
    }
    out.into_iter().map(|(role, n)| if n > 1 { format!("{role} ({n} personnes)") } else { role.to_owned() }).collect()
}

/// `S20, S21`: the tags a MOOF item cites.
pub(crate) fn sources(item: &MoofItem) -> String {
    item.sources.join(", ")
}

/// The template's `verbatim_themes`: the themes with at least one verbatim.
pub(super) fn verbatim_themes(q: Option<&ReportQualitative>) -> Value {
    let themes = q.map(|q| q.themes.as_slice()).unwrap_or_default();
    let list: Vec<Value> = themes
        .iter()
        .filter(|t| !t.verbatims.is_empty())
        .map(|t| {
            let items: Vec<Value> = t
                .verbatims
                .iter()
                .map(|v| context! { text => v.quote.clone(), who => v.attribution.clone(), source => v.source })
                .collect();
            context! { code => t.code.clone(), label => t.label.clone(), items => items }
        })
        .collect();
    Value::from(list)
}

/// The template's `benchmark`: none without structures.
pub(super) fn benchmark(q: Option<&ReportQualitative>, campaign: &Campaign) -> Value {
    let Some(structures) = q.map(|q| &q.structures).filter(|s| !s.is_empty()) else { return Value::from(()) };
    let rows: Vec<Value> = comparison(structures, campaign)
        .into_iter()
        .map(|(label, cells)| context! { label => label, cells => cells })
        .collect();
    let list: Vec<Value> = structures
        .iter()
        .map(|s| {
            let quadrants: Vec<Value> = moof(s)
                .into_iter()
                .map(|(title, items)| {
                    let items: Vec<Value> = items
                        .iter()
                        .map(|i| context! { text => i.text.clone(), judgement => i.judgement, sources => sources(i) })
                        .collect();
                    context! { title => title, items => items }
                })
                .collect();
            let cited: Vec<Value> =
                s.sources.iter().map(|r| context! { tag => r.tag.clone(), reference => r.reference.clone() }).collect();
            context! {
                name => s.name.clone(),
                anchor => format!("structure-{}", s.key),
                moof => quadrants,
                sources => cited,
            }
        })
        .collect();
    let names: Vec<String> = structures.iter().map(|s| s.name.clone()).collect();
    context! {
        count => structures.len(),
        comparison => context! { columns => names, rows => rows },
        structures => list,
    }
}

/// The template's `actors_met`: none when the material is not given, else its groups
/// (empty when no actor is recorded).
pub(super) fn actors_met(q: Option<&ReportQualitative>) -> Value {
    let Some(q) = q else { return Value::from(()) };
    let groups: Vec<Value> = actor_groups(&q.actors)
        .into_iter()
        .map(|g| {
            let organisations: Vec<Value> = g
                .organisations
                .iter()
                .map(|a| context! { name => a.organisation.clone(), kind => a.body_type.label(), roles => roles(a) })
                .collect();
            context! { title => g.title, summary => g.summary, organisations => organisations }
        })
        .collect();
    context! { groups => groups }
}

#[cfg(test)]
#[path = "qualitative_tests.rs"]
mod tests;
