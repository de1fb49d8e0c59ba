//! Tests of the charts on the hand-made wave of `fixtures`: snapshots of three drawings (one
//! per kind of bars), then what every figure must carry.

use super::svg::wrap;
use super::*;
use crate::fixtures;
use mutu_domain::analysis::{Filters, Secrecy, analyse};

fn all() -> Vec<Figure> {
    let campaign = fixtures::campaign();
    figures(&analyse(&campaign, &fixtures::responses(), &Filters::default()), &campaign, Secrecy::NONE)
}

fn figure(id: &str) -> Figure {
    all().into_iter().find(|f| f.id == id).unwrap_or_else(|| panic!("no figure {id}"))
}

#[test]
fn participation_chart_snapshot() {
    insta::assert_snapshot!("participation_svg", figure("participation").svg);
}

#[test]
fn themes_by_size_class_chart_snapshot() {
    insta::assert_snapshot!("thematiques_svg", figure("thematiques").svg);
}

#[test]
fn most_pooled_stacked_chart_snapshot() {
    insta::assert_snapshot!("plus_mutualises_svg", figure("plus-mutualises").svg);
}

#[test]
fn every_seed_chart_is_there_in_order_with_its_table() {
    let figures = all();
    let ids: Vec<&str> = figures.iter().map(|f| f.id).collect();
    assert_eq!(
        ids,
        [
            "participation",
            "thematiques",
            "plus-deployes",
            "moins-deployes",
            "etudies",
            "types",
            "types-par-taille",
            "plus-mutualises",
            "acteurs",
            "freins",
            "aides"
        ]
    );
    for (i, f) in figures.iter().enumerate() {
        assert_eq!(f.number, i + 1);
        assert!(f.svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{}", f.id);
        assert!(f.svg.contains("role=\"img\""), "{}", f.id);
        let labelled = format!("aria-labelledby=\"{0}-titre {0}-desc\"", f.id);
        assert!(f.svg.contains(&labelled), "{}", f.id);
        assert!(f.svg.contains("Source : enquête mutu, vague essai-2014 — 4 répondants"), "{}", f.id);
        assert_eq!(f.svg.matches("<svg").count(), 1);
        assert!(f.table.caption.starts_with(&format!("Données de la figure {} : ", i + 1)), "{}", f.id);
        assert!(f.table.html().contains("scope=\"row\""), "{}", f.id);
    }
}

#[test]
fn tables_give_the_figures_in_french() {
    let participation = figure("participation").table;
    assert_eq!(participation.columns, ["Nombre d'habitants (2011)", "Nombre d'EPCI ayant répondu"]);
    assert_eq!(participation.rows[0].cells, ["1 sur 2 (50 %)"]);
    assert_eq!(participation.totals[0].cells, ["4 sur 6 (67 %)"]);
    let deployed = figure("plus-deployes").table;
    assert_eq!(deployed.rows[0].header, "Site internet institutionnel");
    assert_eq!(deployed.rows[0].cells, ["4", "100 %", "2", "50 %"]);
    let themes = figure("thematiques").table;
    assert_eq!(themes.columns[1..], ["Ensemble", "< 10 000", "10 000 – 24 999", "25 000 – 89 999", "≥ 90 000"]);
    assert_eq!(themes.rows[0].cells[..2], ["4 (100 %)", "1 (100 %)"]);
}

#[test]
fn series_differ_without_colour_and_values_are_written() {
    let themes = figure("thematiques");
    assert_eq!(themes.chart.series.len(), 4);
    for motif in ["thematiques-motif-2", "thematiques-motif-3"] {
        assert!(themes.svg.contains(&format!("<pattern id=\"{motif}\"")), "{motif}");
        assert!(themes.svg.contains(&format!("fill=\"url(#{motif})\"")), "{motif}");
    }
    assert!(themes.svg.contains(">100 %</text>"));
    let desc = themes.svg.split("<desc").nth(1).unwrap();
    assert!(desc.contains("Barres horizontales groupées (séries : &lt; 10 000, 10 000 – 24 999"), "{desc}");
}

#[test]
fn long_labels_wrap_then_cut_with_the_full_text_in_a_title() {
    let long = "Suivi des consommations énergétiques (télérelève, gestion technique des bâtiments) et bien plus";
    let (lines, cut) = wrap(long, 46, 2);
    assert!(cut);
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| l.chars().count() <= 46), "{lines:?}");
    assert!(lines[1].ends_with('…'));
    assert_eq!(wrap("Site internet institutionnel", 46, 2), (vec!["Site internet institutionnel".into()], false));
    assert_eq!(wrap(&"x".repeat(50), 20, 3).0, ["x".repeat(20), "x".repeat(20), "x".repeat(10)]);
    let chart = Chart {
        layout: Layout::Grouped,
        unit: Unit::Count,
        title: "T".into(),
        source: "S".into(),
        categories: vec![long.into()],
        series: vec![Series { name: "N".into(), values: vec![Some(3.0)] }],
    };
    let svg = chart.svg("x");
    assert!(svg.contains(&format!("<title>{long}</title>")), "{svg}");
}

#[test]
fn hostile_labels_stay_text() {
    let chart = Chart {
        layout: Layout::Stacked,
        unit: Unit::Rate,
        title: "<script>alert(1)</script>".into(),
        source: "\"><img src=x onerror=alert(1)>".into(),
        categories: vec!["</text><script>alert(2)</script>".into()],
        series: vec![Series { name: "<b>gras</b>".into(), values: vec![Some(0.5)] }],
    };
    let svg = chart.svg("x\"y");
    assert!(!svg.contains("<script") && !svg.contains("<img") && !svg.contains("<b>"), "{svg}");
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{svg}");
    assert!(svg.contains("x&quot;y-titre"), "{svg}");
}

#[test]
fn an_empty_ranking_draws_an_empty_chart() {
    let chart = Chart {
        layout: Layout::Grouped,
        unit: Unit::Count,
        title: "Les 0 services".into(),
        source: "S".into(),
        categories: vec![],
        series: vec![Series { name: "N".into(), values: vec![] }],
    };
    let svg = chart.svg("vide");
    assert!(svg.contains("Aucune donnée"), "{svg}");
    assert!(svg.contains("Barres horizontales. Aucune donnée."), "{svg}");
}

#[test]
fn count_axes_end_on_a_round_step() {
    let chart = |values: Vec<Option<f64>>| Chart {
        layout: Layout::Grouped,
        unit: Unit::Count,
        title: String::new(),
        source: String::new(),
        categories: values.iter().map(|_| "c".to_owned()).collect(),
        series: vec![Series { name: "n".into(), values }],
    };
    let ticks = |values| super::svg::Axis::of(&chart(values)).ticks;
    assert_eq!(ticks(vec![Some(37.0), Some(53.0)]), [0.0, 20.0, 40.0, 60.0]);
    assert_eq!(ticks(vec![Some(3.0)]), [0.0, 1.0, 2.0, 3.0]);
    assert_eq!(ticks(vec![Some(0.0), None]), [0.0, 1.0]);
}

#[test]
fn a_wave_of_communes_says_communes() {
    let mut campaign = fixtures::campaign();
    campaign.level = mutu_domain::campaign::TargetLevel::Commune;
    let figures = figures(&analyse(&campaign, &fixtures::responses(), &Filters::default()), &campaign, Secrecy::NONE);
    assert_eq!(figures[0].table.columns[1], "Nombre de communes ayant répondu");
    assert_eq!(figures[0].chart.series[0].name, "Cibles (communes)");
    assert!(figures[2].title.contains("par au moins un tiers des communes"), "{}", figures[2].title);
}
