//! Tests of the report model in HTML and XLSX on the hand-made waves of `fixtures`: the
//! seed's order, the opportunities chapter with its maps, hostile texts, a lead's template,
//! the public audience under secrecy.

use super::*;
use crate::fixtures;
use crate::fixtures::grid::{grid_report, grid_responses};
use crate::fixtures::report_of;
use calamine::{Data, Reader, Xlsx, open_workbook};
use mutu_domain::answers::Response;

fn html_of(campaign: &Campaign, responses: &[Response], template: Option<&str>) -> Result<String, RenderError> {
    report_of(campaign, responses, Audience::Study).html(template)
}

fn html() -> String {
    html_of(&fixtures::campaign(), &fixtures::responses(), None).unwrap()
}

/// The report with each `<svg>…</svg>` replaced by `[SVG n]`: the drawings have snapshots of
/// their own (`charts`), this one is about the text, the tables and the structure.
pub(super) fn without_drawings(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut n = 0;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").map(|e| start + e + "</svg>".len()).expect("closed svg");
        n += 1;
        out.push_str(&rest[..start]);
        out.push_str(&format!("[SVG {n}]"));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn the_html_report_snapshot() {
    insta::assert_snapshot!("report_html", without_drawings(&html()));
}

#[test]
fn sections_and_figures_come_in_the_seed_order_with_a_table_of_contents() {
    let html = html();
    let order = [
        "id=\"section-contexte\"",
        "id=\"figure-participation\"",
        "id=\"section-deploiement\"",
        "id=\"figure-thematiques\"",
        "id=\"figure-plus-deployes\"",
        "id=\"figure-moins-deployes\"",
        "id=\"figure-etudies\"",
        "id=\"section-mutualisation\"",
        "id=\"figure-types\"",
        "id=\"figure-types-par-taille\"",
        "id=\"figure-plus-mutualises\"",
        "id=\"section-acteurs\"",
        "id=\"figure-acteurs\"",
        "id=\"section-freins\"",
        "id=\"figure-freins\"",
        "Verbatims",
        "id=\"section-aides\"",
        "id=\"figure-aides\"",
        "id=\"section-estimations\"",
        "id=\"section-annexes\"",
    ];
    let positions: Vec<usize> = order.iter().map(|m| html.find(m).unwrap_or_else(|| panic!("{m} missing"))).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{order:?} out of order: {positions:?}");
    for anchor in order.iter().filter_map(|m| m.strip_prefix("id=\"")).map(|m| m.trim_end_matches('"')) {
        assert!(html.contains(&format!("href=\"#{anchor}\"")), "no link to {anchor} in the table of contents");
    }
    for number in 1..=11 {
        assert!(html.contains(&format!("<figcaption>Figure {number} — ")), "figure {number}");
    }
    assert_eq!(html.matches("<svg").count(), 11);
    assert!(html.contains("du 15 juillet 2014 au 24 septembre 2014"));
    assert!(html.contains("Rapport produit le</dt><dd>1er mars 2025, par mutu test"));
    assert!(!html.contains("section-opportunites"), "no chapter without the neighbourhood");
}

#[test]
fn the_opportunities_chapter_holds_the_ranking_the_groups_and_their_maps() {
    let html = grid_report(Audience::Study).html(None).unwrap();
    let order = [
        "id=\"section-contexte\"",
        "id=\"carte-participation\"",
        "id=\"section-deploiement\"",
        "id=\"carte-service-site_internet\"",
        "id=\"section-mutualisation\"",
        "id=\"section-opportunites\"",
        "<h2>4. Opportunités de mutualisation</h2>",
        "id=\"opportunite-site_internet\"",
        "id=\"carte-groupes-site_internet\"",
        "<h2>5. Acteurs et partenaires</h2>",
        "id=\"section-annexes\"",
    ];
    let positions: Vec<usize> = order.iter().map(|m| html.find(m).unwrap_or_else(|| panic!("{m} missing"))).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{order:?} out of order: {positions:?}");
    // {3, 6} and {4, 7} need the service and touch: two groups, listed with their members.
    assert!(html.contains("<th scope=\"row\">Groupe 1</th><td class=\"nombre\">CC n° 3, CC n° 6</td>"), "{html}");
    assert!(html.contains("<th scope=\"row\">Groupe 2</th><td class=\"nombre\">CC n° 4, CC n° 7</td>"));
    assert!(html.contains("Services classés par score"));
    assert_eq!(html.matches("<svg").count(), 11 + 3, "the figures, participation, service and groups maps");
}

#[test]
fn the_public_report_masks_small_counts_and_shows_no_body() {
    let html = grid_report(Audience::Public).html(None).unwrap();
    assert!(html.contains("Secret statistique"), "the rule is said");
    assert!(!html.contains("carte-") && !html.contains("section-opportunites"), "no map, no named group");
    assert!(html.contains("&lt; 3"), "small counts read < 3");
    assert!(!html.contains("CC n° 3"), "no body named");
}

#[test]
fn the_html_is_self_contained() {
    let html = html();
    for forbidden in ["<script", "<link", " src=", "url(http", "@import", "<iframe"] {
        assert!(!html.contains(forbidden), "{forbidden} found");
    }
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"), "{}", &html[..80]);
}

#[test]
fn quotes_are_attributed_without_names() {
    let html = html();
    assert!(html.contains("« Il faut un plan d&#x27;ensemble. »"), "{html}");
    assert!(html.contains("— Communauté de communes, &lt; 10 000 habitants"));
    assert!(!html.contains("Monts") && !html.contains("Jeanne"), "no body nor person named");
}

#[test]
fn hostile_texts_stay_text_in_the_html() {
    let (campaign, responses) = fixtures::hostile();
    let html = html_of(&campaign, &responses, None).unwrap();
    assert!(!html.contains("<script") && !html.contains("<img"), "markup got through");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"), "the quote is shown as text");
    assert!(html.contains("« =1+1 »"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "the wave's name is shown as text");
    assert!(html.contains("&lt;script&gt;alert(&#39;thème&#39;)&lt;/script&gt;"), "a label in a chart");
}

#[test]
fn a_lead_template_is_used_and_a_broken_one_names_its_line() {
    let campaign = fixtures::campaign();
    let responses = fixtures::responses();
    let own = "<h1>{{ wave.name }}</h1>{{ figures.participation.table.caption }} : {{ summary.participation }}";
    let html = html_of(&campaign, &responses, Some(own)).unwrap();
    assert!(html.starts_with("<h1>Vague d&#x27;essai</h1>Données de la figure 1"), "{html}");
    assert!(html.ends_with("4 sur 6 (67 %)"), "{html}");
    let err = html_of(&campaign, &responses, Some("ligne 1\n{{ wave.nom }}")).unwrap_err();
    assert!(err.to_string().contains("(in report.html:2)"), "{err}");
    let err = html_of(&campaign, &responses, Some("{% if %}")).unwrap_err();
    assert!(err.to_string().starts_with("modèle du rapport : "), "{err}");
}

#[test]
fn the_moment_of_a_report_is_to_the_second_in_utc() {
    let now = now_utc();
    assert_eq!(now.nanosecond(), 0);
    assert!(rfc3339(now).ends_with('Z'), "{}", rfc3339(now));
}

fn xlsx(campaign: &Campaign, responses: &[Response]) -> (tempfile::TempDir, Xlsx<std::io::BufReader<std::fs::File>>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.xlsx");
    report_of(campaign, responses, Audience::Study).write_xlsx(responses, &path).unwrap();
    (dir, open_workbook(&path).unwrap())
}

pub(super) fn rows(workbook: &mut Xlsx<std::io::BufReader<std::fs::File>>, sheet: &str) -> Vec<Vec<Data>> {
    workbook.worksheet_range(sheet).unwrap().rows().map(<[Data]>::to_vec).collect()
}

#[test]
fn the_xlsx_report_has_a_sheet_per_table_and_reads_back() {
    let (_dir, mut workbook) = xlsx(&fixtures::campaign(), &fixtures::responses());
    let sheets = [
        "Vague",
        "Participation",
        "Couverture",
        "Thématiques",
        "Services",
        "Classements",
        "Types",
        "Types par taille",
        "Types par thématique",
        "Acteurs",
        "Acteurs par taille",
        "Freins",
        "Aides attendues",
        "Estimations pondérées",
        "Strates des estimations",
        "Verbatims",
        "Réponses",
    ];
    assert_eq!(workbook.sheet_names(), sheets);
    let participation = rows(&mut workbook, "Participation");
    let s = |t: &str| Data::String(t.into());
    assert_eq!(
        participation[1][..5],
        [s("classe de taille"), s("lt10k"), s("< 10 000"), Data::Float(2.0), Data::Float(1.0)]
    );
    assert_eq!(participation[1][5], Data::Float(0.5));
    let total = participation.last().unwrap();
    assert_eq!(total[2..5], [s("Ensemble"), Data::Float(6.0), Data::Float(4.0)]);
    let services = rows(&mut workbook, "Services");
    assert_eq!(
        services[1][..6],
        [
            s("site_internet"),
            s("Site internet institutionnel"),
            services[1][2].clone(),
            Data::Float(4.0),
            Data::Float(0.0),
            Data::Float(1.0)
        ]
    );
    let unused = services.iter().find(|r| r[0] == s("telemedecine")).unwrap();
    assert_eq!(unused[8], Data::Empty, "an undefined rate is an empty cell");
    let estimates = rows(&mut workbook, "Estimations pondérées");
    assert_eq!(estimates.len(), 1 + 3 * fixtures::campaign().catalogue.services.len());
    assert_eq!(
        estimates[1][..5],
        [s("site_internet"), services[1][1].clone(), s("Déployé"), Data::Float(4.0), Data::Float(1.0)]
    );
    assert_eq!(estimates[1][7..], [s("100 % [100 – 100]"), s("estimee")]);
    let strata = rows(&mut workbook, "Strates des estimations");
    assert_eq!(strata[1][..3], [s("< 10 000"), Data::Float(2.0), Data::Float(1.0)]);
    assert!(strata.iter().any(|r| r[0] == s(crate::WEIGHTED_NOTE)), "the note on the method");
    let answers = rows(&mut workbook, "Réponses");
    assert!(!answers[0].iter().any(|h| h.to_string().starts_with("contact_")), "no personal data");
    for sheet in sheets {
        let header = &rows(&mut workbook, sheet)[0];
        assert!(header.iter().all(|h| matches!(h, Data::String(_))), "{sheet}: {header:?}");
    }
}

#[test]
fn hostile_texts_stay_strings_in_the_xlsx_report() {
    let (campaign, responses) = fixtures::hostile();
    let (_dir, mut workbook) = xlsx(&campaign, &responses);
    let verbatims = rows(&mut workbook, "Verbatims");
    assert!(verbatims.iter().any(|r| r[2] == Data::String("=1+1".into())), "{verbatims:?}");
    assert!(verbatims.iter().any(|r| r[2] == Data::String("<script>alert(1)</script>".into())));
    assert_eq!(rows(&mut workbook, "Vague")[2][1], Data::String("<img src=x onerror=alert(1)>".into()));
    for sheet in workbook.sheet_names() {
        let formulas = workbook.worksheet_formula(&sheet).unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "a formula in {sheet}");
    }
}

#[test]
fn the_xlsx_report_lists_every_group_of_neighbours() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.xlsx");
    grid_report(Audience::Study).write_xlsx(&grid_responses(), &path).unwrap();
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = rows(&mut workbook, "Opportunités");
    let groups: Vec<(String, String)> = sheet
        .iter()
        .skip(1)
        .filter(|r| r[1] == Data::String("site_internet".into()))
        .map(|r| (r[4].to_string(), r[5].to_string()))
        .collect();
    assert_eq!(groups, [("1".into(), "200000003, 200000006".into()), ("2".into(), "200000004, 200000007".into())]);
}
