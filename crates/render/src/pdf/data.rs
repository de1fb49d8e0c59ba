//! What the PDF template reads from `data.json`: the same variables as the HTML report's
//! template, as plain JSON (tables as captions, columns and rows rather than HTML), every
//! text with French spacing, and the charts as the names of the SVG files beside it.
//!
//! Texts are data for typst: the template shows them with `#value`, which never parses a
//! string as markup, so a quote reading `#panic("x")` is printed, not run.

use super::typography::french_spaces;
use crate::charts::{Figure, Table, TableRow, figures, level_noun};
use crate::numbers::french_date;
use crate::numbers::{out_of, percent};
use crate::report::{ReportMeta, tables};
use mutu_domain::analysis::Analysis;
use mutu_domain::campaign::Campaign;
use mutu_domain::size_class::thousands;
use serde_json::{Map, Value, json};

/// The variables of the template and the drawings it places, as `(file name, SVG)`.
pub(super) fn build(analysis: &Analysis, campaign: &Campaign, meta: &ReportMeta) -> (Value, Vec<(String, String)>) {
    let figures = figures(analysis, campaign);
    let images: Vec<(String, String)> = figures.iter().map(|f| (image_name(f), drawing(&f.svg))).collect();
    let list: Vec<Value> = figures.iter().map(figure).collect();
    let by_id: Map<String, Value> = figures.iter().map(|f| f.id.to_owned()).zip(list.iter().cloned()).collect();
    let total = &analysis.participation.total;
    let coverage = &analysis.coverage;
    let data = json!({
        "wave": {
            "code": analysis.campaign,
            "name": campaign.name,
            "level": level_noun(campaign.level),
            "targets": thousands(total.targets),
            "opens_on": meta.opens_on.as_deref().and_then(french_date),
            "closes_on": meta.closes_on.as_deref().and_then(french_date),
            "population_year": campaign.population_year,
            "generated_on": french_date(&meta.generated_at),
            "generated_at": meta.generated_at,
            "version": meta.version,
        },
        "summary": {
            "respondents": thousands(total.respondents),
            "targets": thousands(total.targets),
            "rate": percent(total.rate),
            "participation": out_of((total.respondents, total.targets, total.rate)),
            "communes": tables::covered(&coverage.communes),
            "communes_rate": percent(coverage.communes.rate),
            "communes_total": thousands(coverage.communes.total),
            "population": tables::covered(&coverage.population),
            "population_rate": percent(coverage.population.rate),
            "population_total": thousands(coverage.population.total),
        },
        "tables": {
            "participation_departements": table(&tables::departements(analysis, campaign, meta)),
            "coverage": table(&tables::coverage(analysis, campaign, meta)),
            "services": tables::services(analysis, campaign).iter().map(table).collect::<Vec<_>>(),
            "types_by_theme": tables::types_by_theme(analysis, campaign)
                .iter()
                .map(|t| json!({ "label": t.label, "table": t.table.as_ref().map(table) }))
                .collect::<Vec<_>>(),
        },
        "figures": by_id,
        "figure_list": list,
        "verbatims": verbatims(analysis, campaign),
    });
    (french(data), images)
}

/// `fig-3.svg`: the virtual file of a figure's drawing.
fn image_name(f: &Figure) -> String {
    format!("fig-{}.svg", f.number)
}

/// The drawing without its title line, which the figure's caption already gives (the HTML
/// report hides it with CSS; its room at the top stays, as there).
fn drawing(svg: &str) -> String {
    svg.lines().filter(|line| !line.starts_with("<text class=\"titre\"")).collect::<Vec<_>>().join("\n")
}

fn figure(f: &Figure) -> Value {
    json!({
        "id": f.id,
        "number": f.number,
        "title": f.title,
        "image": image_name(f),
        "table": table(&f.table),
    })
}

fn table(t: &Table) -> Value {
    let rows = |rows: &[TableRow]| -> Vec<Value> {
        rows.iter().map(|r| json!({ "header": r.header, "cells": r.cells })).collect()
    };
    json!({ "caption": t.caption, "columns": t.columns, "rows": rows(&t.rows), "totals": rows(&t.totals) })
}

/// The quotes by question, each attributed to a kind of body and a size class.
fn verbatims(analysis: &Analysis, campaign: &Campaign) -> Value {
    analysis
        .verbatims
        .iter()
        .map(|group| {
            let items: Vec<Value> = group
                .items
                .iter()
                .map(|v| json!({ "text": v.text, "who": tables::attribution(analysis, campaign, v) }))
                .collect();
            json!({ "question": group.question, "label": group.label, "items": items })
        })
        .collect()
}

/// Every string of the data with French spacing; keys and other values as they are.
fn french(value: Value) -> Value {
    match value {
        Value::String(text) => Value::String(french_spaces(&text)),
        Value::Array(items) => Value::Array(items.into_iter().map(french).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, french(v))).collect()),
        other => other,
    }
}
