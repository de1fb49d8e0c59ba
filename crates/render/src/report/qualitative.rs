//! The study's qualitative material in the report: the wave's coded verbatims by theme, the
//! benchmark of pooling structures (side-by-side comparison and MOOF) and the annex of the
//! actors met.
//!
//! [`ReportQualitative`] holds only what may be shown: verbatims come anonymised (a body type
//! and a size class), the people met are reduced to their roles, without names, emails nor
//! interview notes. The comparison and the annex are built here once, as plain text, for
//! every format that lays them out (the report's view for HTML and PDF, the XLSX sheets).

use mutu_domain::campaign::Campaign;
use mutu_domain::qualitative::{BodyType, MoofItem, Organisation, Person, PoolingStructure, ThemeVerbatims};
use serde::Serialize;

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

/// A coded verbatim as the report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeQuote {
    /// The quote.
    pub text: String,
    /// Kind of body (and size class for respondents), never a name.
    pub who: String,
    /// `entretien` or `questionnaire`.
    pub source: &'static str,
}

/// The verbatims of one theme.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeQuotes {
    /// Theme code.
    pub code: String,
    /// Theme label.
    pub label: String,
    /// Its quotes.
    pub items: Vec<ThemeQuote>,
}

/// The themes with at least one verbatim.
pub(super) fn verbatim_themes(q: Option<&ReportQualitative>) -> Vec<ThemeQuotes> {
    let themes = q.map(|q| q.themes.as_slice()).unwrap_or_default();
    themes
        .iter()
        .filter(|t| !t.verbatims.is_empty())
        .map(|t| ThemeQuotes {
            code: t.code.clone(),
            label: t.label.clone(),
            items: t
                .verbatims
                .iter()
                .map(|v| ThemeQuote { text: v.quote.clone(), who: v.attribution.clone(), source: v.source })
                .collect(),
        })
        .collect()
}

/// One row of the side-by-side comparison.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow {
    /// The criterion.
    pub label: &'static str,
    /// One cell per structure.
    pub cells: Vec<String>,
}

/// The side-by-side comparison of the structures.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonView {
    /// The structures' names.
    pub columns: Vec<String>,
    /// One row per criterion.
    pub rows: Vec<ComparisonRow>,
}

/// An item of a MOOF quadrant.
#[derive(Debug, Clone, Serialize)]
pub struct MoofItemView {
    /// The finding.
    pub text: String,
    /// Whether it is the study team's judgement rather than a sourced fact.
    pub judgement: bool,
    /// The tags of its sources, `S20, S21`.
    pub sources: String,
}

/// A quadrant of a MOOF.
#[derive(Debug, Clone, Serialize)]
pub struct QuadrantView {
    /// Menaces, Opportunités, Forces or Faiblesses.
    pub title: &'static str,
    /// Its items.
    pub items: Vec<MoofItemView>,
}

/// A source of the benchmark.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// Its tag, `S20`.
    pub tag: String,
    /// What it is.
    pub reference: String,
}

/// One structure of the benchmark.
#[derive(Debug, Clone, Serialize)]
pub struct StructureView {
    /// Its name.
    pub name: String,
    /// HTML anchor.
    pub anchor: String,
    /// Its four quadrants.
    pub moof: Vec<QuadrantView>,
    /// Its sources.
    pub sources: Vec<SourceView>,
}

/// The benchmark of pooling structures.
#[derive(Debug, Clone, Serialize)]
pub struct BenchmarkView {
    /// How many structures.
    pub count: usize,
    /// Their comparison.
    pub comparison: ComparisonView,
    /// Each with its MOOF.
    pub structures: Vec<StructureView>,
}

/// The benchmark; none without structures.
pub(super) fn benchmark(q: Option<&ReportQualitative>, campaign: &Campaign) -> Option<BenchmarkView> {
    let structures = q.map(|q| &q.structures).filter(|s| !s.is_empty())?;
    let rows =
        comparison(structures, campaign).into_iter().map(|(label, cells)| ComparisonRow { label, cells }).collect();
    let list = structures
        .iter()
        .map(|s| StructureView {
            name: s.name.clone(),
            anchor: format!("structure-{}", s.key),
            moof: moof(s)
                .into_iter()
                .map(|(title, items)| QuadrantView {
                    title,
                    items: items
                        .iter()
                        .map(|i| MoofItemView { text: i.text.clone(), judgement: i.judgement, sources: sources(i) })
                        .collect(),
                })
                .collect(),
            sources: s
                .sources
                .iter()
                .map(|r| SourceView { tag: r.tag.clone(), reference: r.reference.clone() })
                .collect(),
        })
        .collect();
    Some(BenchmarkView {
        count: structures.len(),
        comparison: ComparisonView { columns: structures.iter().map(|s| s.name.clone()).collect(), rows },
        structures: list,
    })
}

/// An organisation met, as the annex lists it.
#[derive(Debug, Clone, Serialize)]
pub struct OrganisationView {
    /// Its name.
    pub name: String,
    /// Its kind of body.
    pub kind: &'static str,
    /// The roles met there, each once.
    pub roles: Vec<String>,
}

/// The organisations met in, or outside, the territory.
#[derive(Debug, Clone, Serialize)]
pub struct ActorGroupView {
    /// `Acteurs du territoire de l'étude`…
    pub title: &'static str,
    /// `18 acteurs du territoire rencontrés et 36 personnes interrogées`.
    pub summary: String,
    /// Its organisations.
    pub organisations: Vec<OrganisationView>,
}

/// The annex of the actors met.
#[derive(Debug, Clone, Serialize)]
pub struct ActorsMetView {
    /// Its groups; empty when no actor is recorded.
    pub groups: Vec<ActorGroupView>,
}

/// The annex: none when the material is not given.
pub(super) fn actors_met(q: Option<&ReportQualitative>) -> Option<ActorsMetView> {
    let q = q?;
    let groups = actor_groups(&q.actors)
        .into_iter()
        .map(|g| ActorGroupView {
            title: g.title,
            summary: g.summary,
            organisations: g
                .organisations
                .iter()
                .map(|a| OrganisationView { name: a.organisation.clone(), kind: a.body_type.label(), roles: roles(a) })
                .collect(),
        })
        .collect();
    Some(ActorsMetView { groups })
}

#[cfg(test)]
mod tests;
