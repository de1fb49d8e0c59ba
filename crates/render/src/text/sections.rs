//! The sections of the text report after participation and coverage: themes, services and
//! their rankings, pooling types and actors, obstacles, expected support, verbatims and the
//! comparison with an earlier wave.

use super::layout::{Align, Table, label, printable, signed};
use super::{Context, title};
use crate::format::Format;
use mutu_domain::analysis::{CountItem, Mentions, ServiceFigures};
use mutu_domain::catalogue::OptionList;

/// Shown under a title when a list is empty.
const NONE: &str = "  (aucun)\n";

/// Themes with at least one service deployed, by size class.
pub(super) fn themes(ctx: &Context, out: &mut String) {
    let respondents = ctx.analysis.participation.total.respondents;
    let plural = if respondents > 1 { "s" } else { "" };
    title(
        out,
        &format!(
            "Thématiques où au moins un service est déployé ({} répondant{plural})",
            Format::FR.thousands(respondents)
        ),
    );
    count_table(ctx, "Thématique", &ctx.analysis.themes, OptionList::Themes, out);
}

/// Obstacles, then expected support, by size class.
pub(super) fn answers(ctx: &Context, out: &mut String) {
    title(out, "Freins et contraintes rencontrés, par taille");
    count_table(ctx, "Frein", &ctx.analysis.obstacles, OptionList::Obstacles, out);
    title(out, "Aides attendues d'un niveau supra-communautaire");
    count_table(ctx, "Aide", &ctx.analysis.expected_support, OptionList::Support, out);
}

/// Respondents citing each code: count and rate overall, rate within each size class.
fn count_table(ctx: &Context, first: &str, items: &[CountItem], list: OptionList, out: &mut String) {
    let mut align = vec![Align::Right; 2];
    align.extend(ctx.analysis.size_classes.iter().map(|_| Align::Right));
    let mut header = vec![first.to_owned(), "Nb".into(), "%".into()];
    header.extend(ctx.class_headers());
    let mut table = Table::new(&align).header(header);
    for item in items {
        let mut row = vec![
            label(ctx.catalogue.label(list, &item.code)),
            Format::FR.thousands(item.count),
            Format::FR.percent(item.rate),
        ];
        row.extend(ctx.analysis.size_classes.iter().map(|class| {
            Format::FR.percent(item.by_size_class.iter().find(|c| c.size_class == class.code).and_then(|c| c.rate))
        }));
        table.row(row);
    }
    render_or_none(&table, out);
}

/// The seed's three rankings of services.
pub(super) fn services(ctx: &Context, out: &mut String) {
    let rankings = &ctx.analysis.rankings;
    title(out, "Services les plus déployés (par au moins un tiers des répondants)");
    deployment_table(ctx, &rankings.most_deployed, out);
    title(out, "Services les moins déployés (par moins d'un tiers des répondants)");
    deployment_table(ctx, &rankings.least_deployed, out);
    title(out, "Services non déployés les plus étudiés");
    let mut table = Table::new(&[Align::Right]).header(["Service", "À l'étude"]);
    for figures in ranked(ctx, &rankings.most_studied_not_deployed) {
        table.row(vec![
            label(ctx.catalogue.label(OptionList::Services, &figures.service)),
            Format::FR.thousands(figures.studied),
        ]);
    }
    render_or_none(&table, out);
}

/// Pooling types and actors (overall and by size class), and the most pooled services.
pub(super) fn pooling(ctx: &Context, out: &mut String) {
    title(out, "Types de mutualisation mis en œuvre ou envisagés (part des mentions)");
    mentions_table(ctx, "Type", &ctx.analysis.mutualisation_types, OptionList::Types, out);
    title(out, "Services les plus mutualisés ou sur le point de l'être");
    let mut table = Table::new(&[Align::Right; 3]).header(["Service", "Mutualisé", "Prévu", "Total"]);
    for s in ranked(ctx, &ctx.analysis.rankings.most_mutualised) {
        table.row(vec![
            label(ctx.catalogue.label(OptionList::Services, &s.service)),
            Format::FR.thousands(s.mutualised),
            Format::FR.thousands(s.planned),
            Format::FR.thousands(s.mutualised + s.planned),
        ]);
    }
    render_or_none(&table, out);
    title(out, "Acteurs participant aux mutualisations (part des mentions)");
    mentions_table(ctx, "Acteur", &ctx.analysis.actors, OptionList::Actors, out);
}

/// The figures of ranked services, in the ranking's order.
fn ranked<'a>(ctx: &'a Context, codes: &'a [String]) -> impl Iterator<Item = &'a ServiceFigures> {
    codes.iter().filter_map(|code| ctx.analysis.services.iter().find(|s| &s.service == code))
}

/// Deployed count, deployment rate and mutualisation rate of ranked services.
fn deployment_table(ctx: &Context, codes: &[String], out: &mut String) {
    let mut table = Table::new(&[Align::Right; 3]).header(["Service", "Déployé", "Taux", "Mutualisé"]);
    for s in ranked(ctx, codes) {
        table.row(vec![
            label(ctx.catalogue.label(OptionList::Services, &s.service)),
            Format::FR.thousands(s.deployed),
            Format::FR.percent(s.deployment_rate),
            Format::FR.percent(s.mutualisation_rate),
        ]);
    }
    render_or_none(&table, out);
}

/// Mentions and share overall, then share within each size class.
fn mentions_table(ctx: &Context, first: &str, mentions: &Mentions, list: OptionList, out: &mut String) {
    let classes = &ctx.analysis.size_classes;
    let align = vec![Align::Right; 2 + classes.len()];
    let mut header = vec![first.to_owned(), "Mentions".into(), "Part".into()];
    header.extend(ctx.class_headers());
    let mut table = Table::new(&align).header(header);
    for item in &mentions.total {
        let mut row = vec![
            label(ctx.catalogue.label(list, &item.code)),
            Format::FR.thousands(item.mentions),
            Format::FR.percent(item.share),
        ];
        row.extend(classes.iter().map(|class| {
            let in_class = mentions.by_size_class.iter().find(|c| c.size_class == class.code);
            Format::FR
                .percent(in_class.and_then(|c| c.items.iter().find(|m| m.code == item.code)).and_then(|m| m.share))
        }));
        table.row(row);
    }
    render_or_none(&table, out);
}

/// The free texts, by question, each with its anonymous attribution.
pub(super) fn verbatims(ctx: &Context, out: &mut String) {
    title(out, "Verbatims");
    if ctx.analysis.verbatims.is_empty() {
        out.push_str(NONE);
    }
    for (i, group) in ctx.analysis.verbatims.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&super::layout::one_line(&group.label));
        out.push('\n');
        for quote in &group.items {
            let text = printable(&quote.text).replace('\n', "\n    ");
            let class = ctx.class_label(&quote.size_class);
            let who = match quote.nature.as_deref() {
                Some("METRO") => format!("Métropole, {class}"),
                Some(nature) => format!("{nature}, {class}"),
                None => class.to_owned(),
            };
            out.push_str(&format!("  « {} » — {who}\n", text.trim()));
        }
    }
}

/// How deployment and pooling moved since an earlier wave, when the analysis holds it.
pub(super) fn comparison(ctx: &Context, out: &mut String) {
    let Some(cmp) = &ctx.analysis.comparison else {
        return;
    };
    title(out, &format!("Évolution depuis la vague « {} »", cmp.campaign));
    let count = |n: Option<i64>| n.map_or_else(|| "–".to_owned(), |n| Format::FR.thousands(n.unsigned_abs()));
    out.push_str(&format!(
        "Répondants : {} → {} ({})\n",
        count(cmp.respondents.before),
        count(cmp.respondents.after),
        evolution(cmp.respondents.change, &cmp.participation_breaks)
    ));
    let mut table =
        Table::new(&[Align::Right; 4]).header(["Service", "Déployé", "Évolution", "Mutualisé ou prévu", "Évolution"]);
    for s in &cmp.services {
        if s.breaks.is_empty() && s.deployed.change == Some(0) && s.pooled.change == Some(0) {
            continue;
        }
        table.row(vec![
            label(ctx.catalogue.label(OptionList::Services, &s.service)),
            count(s.deployed.after),
            evolution(s.deployed.change, &s.breaks),
            count(s.pooled.after),
            evolution(s.pooled.change, &s.breaks),
        ]);
    }
    if table.is_empty() {
        out.push_str("  (aucun changement)\n");
    } else {
        table.render(out);
    }
    let kinds: Vec<&str> = cmp.method.breaks.iter().map(|b| b.kind()).collect();
    if !kinds.is_empty() {
        out.push_str(&format!(
            "Ruptures de méthode entre les deux vagues : {}. Un chiffre qu'elles touchent ne se compare pas.\n",
            kinds.join(", ")
        ));
    }
}

/// A change, or the breaks of method that forbid reading one.
fn evolution(change: Option<i64>, breaks: &[&str]) -> String {
    if breaks.is_empty() { signed(change) } else { format!("rupture ({})", breaks.join(", ")) }
}

/// Renders a table, or says the list is empty.
fn render_or_none(table: &Table, out: &mut String) {
    if table.is_empty() {
        out.push_str(NONE);
    } else {
        table.render(out);
    }
}
