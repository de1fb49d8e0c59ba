//! What the series page shows of a [`Series`]: the comparability of each pair of waves, then
//! one figure per figure of the series (participation, then each service's deployed, studied
//! and pooled shares), each a bar chart with its data table, and the participation of each
//! size class as a table.
//!
//! A point whose method broke since the wave before carries the break wherever it is shown:
//! its category in the chart reads "wave — rupture de méthode" (so the drawing never invites
//! reading the difference as a change), and its row in the table names the breaks. The
//! charts are the render crate's bar charts; nothing is counted here.

use minijinja::Value;
use mutu_app::cache::Snapshot;
use mutu_domain::analysis::{CountPoint, Series, ServiceSeries};
use mutu_domain::catalogue::OptionList;
use mutu_render::Chart;
use mutu_render::charts::{Layout, Series as Bars, Table, Unit};
use mutu_render::format::Format;
use std::sync::Arc;

/// A message of the page's language by its key.
pub(super) type Translate<'a> = &'a dyn Fn(&str) -> String;

/// The view of `series` for the template `analysis/series.html`: `comparisons` (`before`,
/// `after`, `breaks` as one text, empty without break), `participation` and `services` as
/// figures (`id`, `number`, `title`, `svg` and `table` as safe markup) and `by_class` (a
/// table as safe markup). `snapshots` are the waves in the series' order, for the labels.
pub(super) fn view(series: &Series, snapshots: &[Arc<Snapshot>], fmt: &Format, t: Translate) -> Value {
    let ctx = Ctx { t, fmt, source: format!("Source : enquête mutu, vagues {}", series.campaigns.join(", ")) };
    let comparisons: Vec<Value> = series
        .comparisons
        .iter()
        .map(|c| {
            let kinds: Vec<&str> = c.breaks.iter().map(|b| b.kind()).collect();
            minijinja::context! { before => c.earlier.clone(), after => c.later.clone(), breaks => ctx.breaks(&kinds) }
        })
        .collect();
    let services: Vec<Value> =
        series.services.iter().enumerate().map(|(i, s)| ctx.service(i + 2, s, &service_label(s, snapshots))).collect();
    minijinja::context! {
        comparisons => comparisons,
        participation => ctx.participation(&series.participation),
        by_class => Value::from_safe_string(ctx.by_class(series, snapshots).html()),
        services => services,
    }
}

/// The label of a service in the latest wave holding it.
fn service_label(s: &ServiceSeries, snapshots: &[Arc<Snapshot>]) -> String {
    snapshots
        .iter()
        .rev()
        .map(|w| &w.campaign.catalogue)
        .find(|c| c.services.iter().any(|x| x.code == s.service))
        .map_or_else(|| s.service.clone(), |c| c.label(OptionList::Services, &s.service).to_owned())
}

/// What every figure of the page reads.
struct Ctx<'a> {
    t: Translate<'a>,
    fmt: &'a Format,
    source: String,
}

impl Ctx<'_> {
    /// The breaks of a point or a pair of waves, named in the page's language, each once;
    /// empty without break.
    fn breaks(&self, kinds: &[&str]) -> String {
        let mut named: Vec<String> = Vec::new();
        for kind in kinds {
            let name = (self.t)(&format!("series-break-{kind}"));
            if !named.contains(&name) {
                named.push(name);
            }
        }
        named.join(", ")
    }

    /// The breaks of a point for its table's cell: named, or "none".
    fn break_cell(&self, kinds: &[&str]) -> String {
        if kinds.is_empty() { (self.t)("series-no-break") } else { self.breaks(kinds) }
    }

    /// A wave as a category of a chart: its code, marked when its point has a break.
    fn category(&self, campaign: &str, breaks: &[&str]) -> String {
        if breaks.is_empty() { campaign.to_owned() } else { format!("{campaign} — {}", (self.t)("series-break")) }
    }

    /// A numbered figure for `_figure.html`: the chart drawn, its table captioned.
    fn figure(&self, id: String, number: usize, chart: Chart, mut table: Table) -> Value {
        table.caption = format!("{} {number} : {}", (self.t)("series-data-of"), chart.title);
        minijinja::context! {
            svg => Value::from_safe_string(chart.svg(&id)),
            id => id,
            number => number,
            title => chart.title,
            table => Value::from_safe_string(table.html()),
        }
    }

    fn participation(&self, points: &[CountPoint]) -> Value {
        let t = self.t;
        let mut table = Table::new(
            String::new(),
            vec![t("series-wave"), t("series-respondents"), t("series-targets"), t("series-rate"), t("series-break")],
        );
        for p in points {
            let count = |n: Option<u64>| n.map_or_else(|| self.fmt.percent(None), |n| self.fmt.thousands(n));
            table.row(
                p.campaign.clone(),
                vec![count(p.respondents), count(p.targets), self.fmt.percent(p.rate), self.break_cell(&p.breaks)],
            );
        }
        let chart = Chart {
            layout: Layout::Grouped,
            unit: Unit::Rate,
            title: t("series-participation"),
            source: self.source.clone(),
            categories: points.iter().map(|p| self.category(&p.campaign, &p.breaks)).collect(),
            series: vec![Bars { name: t("series-rate"), values: points.iter().map(|p| p.rate).collect() }],
        };
        self.figure("serie-participation".into(), 1, chart, table)
    }

    /// Participation per size class: a row per class, a column per wave.
    fn by_class(&self, series: &Series, snapshots: &[Arc<Snapshot>]) -> Table {
        let t = self.t;
        let columns = std::iter::once(t("series-size-class")).chain(series.campaigns.iter().cloned()).collect();
        let mut table = Table::new(t("series-participation-by-class-caption"), columns);
        for class in &series.participation_by_size_class {
            let label = snapshots
                .iter()
                .rev()
                .find_map(|w| w.campaign.size_classes.classes().iter().find(|c| c.code == class.size_class))
                .map_or_else(|| class.size_class.clone(), |c| c.label.clone());
            let cells = class
                .points
                .iter()
                .map(|p| {
                    let cell = match (p.respondents, p.targets) {
                        (Some(r), Some(n)) => format!("{} ({r}/{n})", self.fmt.percent(p.rate)),
                        _ => t("series-absent"),
                    };
                    if p.breaks.is_empty() {
                        cell
                    } else {
                        format!("{cell} — {} : {}", t("series-break"), self.breaks(&p.breaks))
                    }
                })
                .collect();
            table.row(label, cells);
        }
        table
    }

    fn service(&self, number: usize, s: &ServiceSeries, label: &str) -> Value {
        let t = self.t;
        let mut table = Table::new(
            String::new(),
            vec![t("series-wave"), t("series-deployed"), t("series-studied"), t("series-pooled"), t("series-break")],
        );
        for p in &s.points {
            let cells = match (p.deployed, p.studied, p.mutualised) {
                (Some(d), Some(st), Some(m)) => vec![
                    self.fmt.count_rate(d, p.deployment_rate),
                    self.fmt.count_rate(st, p.study_rate),
                    self.fmt.count_rate(m, p.mutualisation_rate),
                ],
                _ => vec![t("series-absent"); 3],
            };
            table.row(p.campaign.clone(), cells.into_iter().chain([self.break_cell(&p.breaks)]).collect());
        }
        let rates = |of: fn(&mutu_domain::analysis::ServicePoint) -> Option<f64>| s.points.iter().map(of).collect();
        let chart = Chart {
            layout: Layout::Grouped,
            unit: Unit::Rate,
            title: label.to_owned(),
            source: self.source.clone(),
            categories: s.points.iter().map(|p| self.category(&p.campaign, &p.breaks)).collect(),
            series: vec![
                Bars { name: t("series-deployed"), values: rates(|p| p.deployment_rate) },
                Bars { name: t("series-studied"), values: rates(|p| p.study_rate) },
                Bars { name: t("series-pooled"), values: rates(|p| p.mutualisation_rate) },
            ],
        };
        self.figure(format!("serie-{number}"), number, chart, table)
    }
}
