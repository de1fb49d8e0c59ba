//! The seed's charts, one function each, from the [`Analysis`] and nothing else: labels
//! come from the wave's catalogue and size classes, figures from the analysis as computed.

use super::{Chart, Figure, Layout, Series, Table, Unit, source_line};
use crate::format::Format;
use mutu_domain::analysis::{Analysis, ClassMentions, CountItem, Mention, Mentions, Secrecy, ServiceFigures};
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::{Catalogue, OptionList};
use mutu_domain::size_class::SizeClass;

/// Every chart of the seed, numbered from 1 in the seed's order: participation by size
/// class; themes by size class; the most deployed services with their pooling rates; the
/// least deployed; not deployed but most studied; pooling types overall, then by size
/// class; the most pooled services; actors; obstacles by size class; expected support.
///
/// Under `secrecy` (the published pages), counts under its threshold read `< 3` in the
/// tables, their rates `–`, and their bars are left out of count charts.
pub fn figures(analysis: &Analysis, campaign: &Campaign, secrecy: Secrecy) -> Vec<Figure> {
    let masked = secrecy.mask_rates(analysis);
    let fmt = Format::FR.with_secrecy(secrecy);
    let ctx = Ctx { analysis: &masked, catalogue: &campaign.catalogue, source: source_line(analysis), campaign, fmt };
    let drafts = [
        participation(&ctx),
        counts(&ctx, "thematiques", Counted::Themes),
        deployment(&ctx, "plus-deployes", true),
        deployment(&ctx, "moins-deployes", false),
        studied(&ctx),
        types_overall(&ctx),
        by_class_mentions(&ctx),
        most_pooled(&ctx),
        actors(&ctx),
        counts(&ctx, "freins", Counted::Obstacles),
        counts(&ctx, "aides", Counted::Support),
    ];
    drafts
        .into_iter()
        .enumerate()
        .map(|(i, (id, chart, mut table))| {
            let number = i + 1;
            table.caption = format!("Données de la figure {number} : {}", chart.title);
            Figure { id, number, title: chart.title.clone(), svg: chart.svg(id), chart, table }
        })
        .collect()
}

/// A figure before it is numbered.
type Draft = (&'static str, Chart, Table);

/// What every figure reads.
struct Ctx<'a> {
    analysis: &'a Analysis,
    catalogue: &'a Catalogue,
    campaign: &'a Campaign,
    source: String,
    fmt: Format,
}

impl Ctx<'_> {
    fn chart(&self, layout: Layout, unit: Unit, title: String, categories: Vec<String>, series: Vec<Series>) -> Chart {
        Chart { layout, unit, title, source: self.source.clone(), categories, series }
    }

    /// The length of a count's bar: none when the count is masked.
    fn bar(&self, count: u64) -> Option<f64> {
        self.fmt.secrecy.count(count).shown().map(|n| n as f64)
    }

    fn classes(&self) -> &[SizeClass] {
        &self.analysis.size_classes
    }

    /// `EPCI` or `communes`: what the targets are.
    fn level(&self) -> &'static str {
        super::level_noun(self.campaign.level)
    }

    /// The services of a ranking, in its order.
    fn ranked(&self, codes: &[String]) -> Vec<&ServiceFigures> {
        codes.iter().filter_map(|code| self.analysis.services.iter().find(|s| &s.service == code)).collect()
    }

    fn service_label(&self, code: &str) -> String {
        self.catalogue.label(OptionList::Services, code).to_owned()
    }

    /// Header cells: the first column's, `Ensemble`, then one per size class.
    fn class_columns(&self, first: &str) -> Vec<String> {
        let mut columns = vec![first.to_owned(), "Ensemble".to_owned()];
        columns.extend(self.classes().iter().map(|c| c.label.clone()));
        columns
    }
}

fn series(name: impl Into<String>, values: Vec<Option<f64>>) -> Series {
    Series { name: name.into(), values }
}

/// Targets and respondents by size class; the table is the seed's (`6 sur 10 (60 %)`).
fn participation(ctx: &Ctx) -> Draft {
    let p = &ctx.analysis.participation;
    let year = ctx.campaign.population_year.map_or_else(String::new, |y| format!(" ({y})"));
    let title = format!("Participation selon le nombre d'habitants{year}");
    let classes: Vec<String> = ctx.classes().iter().map(|c| c.label.clone()).collect();
    let targets = p.by_size_class.iter().map(|c| Some(c.count.targets as f64)).collect();
    let respondents = p.by_size_class.iter().map(|c| ctx.bar(c.count.respondents)).collect();
    let chart = ctx.chart(
        Layout::Grouped,
        Unit::Count,
        title,
        classes,
        vec![series(format!("Cibles ({})", ctx.level()), targets), series("Répondants", respondents)],
    );
    let mut table = Table::new(
        "",
        vec![format!("Nombre d'habitants{year}"), super::answered_header(ctx.campaign.level).to_owned()],
    );
    for (class, row) in ctx.classes().iter().zip(&p.by_size_class) {
        table.row(class.label.clone(), vec![ctx.fmt.out_of(row.count.respondents, row.count.targets, row.count.rate)]);
    }
    table.totals.push(super::TableRow {
        header: "Ensemble".into(),
        cells: vec![ctx.fmt.out_of(p.total.respondents, p.total.targets, p.total.rate)],
    });
    ("participation", chart, table)
}

/// The questions answered by choosing codes, each drawn by size class.
#[derive(Clone, Copy)]
enum Counted {
    Themes,
    Obstacles,
    Support,
}

/// Respondents citing each code: grouped bars by size class (themes, obstacles), or one bar
/// overall (expected support, as the seed shows it); the table gives both.
fn counts(ctx: &Ctx, id: &'static str, which: Counted) -> Draft {
    let (items, list, first, title, by_class): (&[CountItem], _, _, _, _) = match which {
        Counted::Themes => (
            &ctx.analysis.themes,
            OptionList::Themes,
            "Thématique",
            "Thématiques pour lesquelles au moins un service a été déployé, selon la taille",
            true,
        ),
        Counted::Obstacles => (
            &ctx.analysis.obstacles,
            OptionList::Obstacles,
            "Frein",
            "Freins et contraintes rencontrés, selon la taille",
            true,
        ),
        Counted::Support => (
            &ctx.analysis.expected_support,
            OptionList::Support,
            "Aide attendue",
            "Aides attendues d'un niveau supra-communautaire pour développer les mutualisations",
            false,
        ),
    };
    let categories = items.iter().map(|i| ctx.catalogue.label(list, &i.code).to_owned()).collect();
    let class_rate = |item: &CountItem, class: &SizeClass| {
        item.by_size_class.iter().find(|c| c.size_class == class.code).and_then(|c| c.rate)
    };
    let series_list = if by_class {
        ctx.classes()
            .iter()
            .map(|class| series(class.label.clone(), items.iter().map(|i| class_rate(i, class)).collect()))
            .collect()
    } else {
        vec![series("Part des répondants", items.iter().map(|i| i.rate).collect())]
    };
    let chart = ctx.chart(Layout::Grouped, Unit::Rate, title.to_owned(), categories, series_list);
    let mut table = Table::new("", ctx.class_columns(first));
    for item in items {
        let mut cells = vec![ctx.fmt.count_rate(item.count, item.rate)];
        cells.extend(ctx.classes().iter().map(|class| {
            let in_class = item.by_size_class.iter().find(|c| c.size_class == class.code);
            in_class.map_or_else(|| "–".to_owned(), |c| ctx.fmt.count_rate(c.count, c.rate))
        }));
        table.row(ctx.catalogue.label(list, &item.code), cells);
    }
    (id, chart, table)
}

/// The most (or least) deployed services: deployment rate and pooling rate side by side.
fn deployment(ctx: &Ctx, id: &'static str, most: bool) -> Draft {
    let rankings = &ctx.analysis.rankings;
    let services = ctx.ranked(if most { &rankings.most_deployed } else { &rankings.least_deployed });
    let title = if most {
        format!(
            "Les {} services les plus déployés (par au moins un tiers des {}), avec leur taux de mutualisation",
            services.len(),
            ctx.level()
        )
    } else {
        format!("Les {} services les moins déployés, avec leur taux de mutualisation", services.len())
    };
    let chart = ctx.chart(
        Layout::Grouped,
        Unit::Rate,
        title,
        services.iter().map(|s| ctx.service_label(&s.service)).collect(),
        vec![
            series("Taux de déploiement", services.iter().map(|s| s.deployment_rate).collect()),
            series(
                "Taux de mutualisation (parmi ceux qui l'ont déployé)",
                services.iter().map(|s| s.mutualisation_rate).collect(),
            ),
        ],
    );
    let columns = ["Service", "Déployé", "Taux de déploiement", "Mutualisé", "Taux de mutualisation"];
    let mut table = Table::new("", columns.map(str::to_owned).to_vec());
    for s in &services {
        table.row(
            ctx.service_label(&s.service),
            vec![
                ctx.fmt.count(s.deployed),
                ctx.fmt.percent(s.deployment_rate),
                ctx.fmt.count(s.mutualised),
                ctx.fmt.percent(s.mutualisation_rate),
            ],
        );
    }
    (id, chart, table)
}

/// Services nobody deployed, by how many study them.
fn studied(ctx: &Ctx) -> Draft {
    let services = ctx.ranked(&ctx.analysis.rankings.most_studied_not_deployed);
    let title = format!("Les {} services non déployés les plus étudiés", services.len());
    let name = format!("{} qui l'étudient", ctx.level());
    let chart = ctx.chart(
        Layout::Grouped,
        Unit::Count,
        title,
        services.iter().map(|s| ctx.service_label(&s.service)).collect(),
        vec![series(name.clone(), services.iter().map(|s| ctx.bar(s.studied)).collect())],
    );
    let mut table = Table::new("", vec!["Service".into(), name]);
    for s in &services {
        table.row(ctx.service_label(&s.service), vec![ctx.fmt.count(s.studied)]);
    }
    ("etudies", chart, table)
}

/// Share of each pooling type among all mentions.
fn types_overall(ctx: &Ctx) -> Draft {
    let title = "Types de mutualisation mis en œuvre ou envisagés, toutes thématiques confondues";
    share_chart(
        ctx,
        "types",
        title,
        "Type de mutualisation",
        &ctx.analysis.mutualisation_types.total,
        OptionList::Types,
    )
}

/// Share of each actor among all mentions.
fn actors(ctx: &Ctx) -> Draft {
    let title = "Acteurs participant aux mutualisations, toutes thématiques confondues";
    let (id, chart, _) = share_chart(ctx, "acteurs", title, "Acteur", &ctx.analysis.actors.total, OptionList::Actors);
    (id, chart, class_mentions_table(ctx, "Acteur", &ctx.analysis.actors, OptionList::Actors))
}

/// One bar per code: its share of the mentions; the table gives mentions and share.
fn share_chart(ctx: &Ctx, id: &'static str, title: &str, first: &str, items: &[Mention], list: OptionList) -> Draft {
    let chart = ctx.chart(
        Layout::Grouped,
        Unit::Rate,
        title.to_owned(),
        items.iter().map(|m| ctx.catalogue.label(list, &m.code).to_owned()).collect(),
        vec![series("Part des mentions", items.iter().map(|m| m.share).collect())],
    );
    let mut table = Table::new("", vec![first.to_owned(), "Mentions".into(), "Part".into()]);
    for m in items {
        table.row(ctx.catalogue.label(list, &m.code), vec![ctx.fmt.count(m.mentions), ctx.fmt.percent(m.share)]);
    }
    (id, chart, table)
}

/// Pooling types by size class: one bar per class, the share of the class's mentions.
fn by_class_mentions(ctx: &Ctx) -> Draft {
    let types = &ctx.analysis.mutualisation_types;
    let find = |class: &ClassMentions, code: &str| class.items.iter().find(|m| m.code == code).and_then(|m| m.share);
    let series_list = ctx
        .classes()
        .iter()
        .map(|class| {
            let in_class = types.by_size_class.iter().find(|c| c.size_class == class.code);
            let values = types.total.iter().map(|m| in_class.and_then(|c| find(c, &m.code))).collect();
            series(class.label.clone(), values)
        })
        .collect();
    let chart = ctx.chart(
        Layout::Grouped,
        Unit::Rate,
        "Types de mutualisation mis en œuvre ou envisagés, selon la taille".into(),
        types.total.iter().map(|m| ctx.catalogue.label(OptionList::Types, &m.code).to_owned()).collect(),
        series_list,
    );
    ("types-par-taille", chart, class_mentions_table(ctx, "Type de mutualisation", types, OptionList::Types))
}

/// Mentions and share overall and within each size class, `12 (30 %)`.
fn class_mentions_table(ctx: &Ctx, first: &str, mentions: &Mentions, list: OptionList) -> Table {
    let mut table = Table::new("", ctx.class_columns(first));
    for item in &mentions.total {
        let mut cells = vec![ctx.fmt.count_rate(item.mentions, item.share)];
        cells.extend(ctx.classes().iter().map(|class| {
            let in_class = mentions.by_size_class.iter().find(|c| c.size_class == class.code);
            in_class
                .and_then(|c| c.items.iter().find(|m| m.code == item.code))
                .map_or_else(|| "–".to_owned(), |m| ctx.fmt.count_rate(m.mentions, m.share))
        }));
        table.row(ctx.catalogue.label(list, &item.code), cells);
    }
    table
}

/// The services most pooled or about to be: already pooled and planned, stacked.
fn most_pooled(ctx: &Ctx) -> Draft {
    let services = ctx.ranked(&ctx.analysis.rankings.most_mutualised);
    let title = format!("Les {} services les plus mutualisés ou sur le point de l'être", services.len());
    let chart = ctx.chart(
        Layout::Stacked,
        Unit::Count,
        title,
        services.iter().map(|s| ctx.service_label(&s.service)).collect(),
        vec![
            series("Déjà mutualisé", services.iter().map(|s| ctx.bar(s.mutualised)).collect()),
            series("Mutualisation prévue à court terme", services.iter().map(|s| ctx.bar(s.planned)).collect()),
        ],
    );
    let mut table = Table::new("", ["Service", "Mutualisé", "Prévu", "Total"].map(str::to_owned).to_vec());
    for s in &services {
        table.row(
            ctx.service_label(&s.service),
            vec![ctx.fmt.count(s.mutualised), ctx.fmt.count(s.planned), ctx.fmt.count(s.mutualised + s.planned)],
        );
    }
    ("plus-mutualises", chart, table)
}
