//! One figure, one reading: a rate reads the same in the analysis page's header, in its
//! chart's table, in the HTML and PDF reports and in the open data, because every door goes
//! through the one formatter (`mutu_render::format`, half up) and the one report model.
//!
//! 57 answers out of 200 targets is 28.5 %: ties-to-even would print 28 %, half up 29 %.

use crate::common;
use axum::http::StatusCode;
use mutu_domain::analysis::{Filters, Secrecy, analyse};
use mutu_domain::answers::{Answers, Response, ResponseStatus};
use mutu_domain::lifecycle::Role;
use mutu_domain::testing::{WaveBuilder, target};
use mutu_render::{Format, OpenDataOptions, now_utc, write_opendata};

#[tokio::test]
async fn a_rate_reads_the_same_in_the_page_the_chart_the_reports_and_the_open_data() {
    let app = common::app().await;
    let targets = (0..200).map(|i| target(&format!("2{i:08}"), &format!("CC n° {i}"), "59", 5_000 + i)).collect();
    let wave = WaveBuilder::new("arrondi-2025").name("Arrondi").targets(targets).build();
    app.state.store.create_campaign(&wave).await.expect("wave");
    let responses: Vec<Response> = wave.targets[..57]
        .iter()
        .map(|t| Response {
            respondent: t.code.clone(),
            status: ResponseStatus::Complete,
            submitted_at: None,
            answers: Answers::new(),
        })
        .collect();
    app.state.store.import_responses(&wave.code, &responses).await.expect("answers");
    let shown = "57 sur 200 (29 %)";

    let lead = app.login_as(Role::Lead).await;
    let page = app.get("/vagues/arrondi-2025/analyse", Some(&lead.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("57 répondants sur 200 cibles (29 %)"), "the page header");
    assert!(!page.body.contains("28 %"));
    let chart = page.body.find("id=\"figure-participation\"").expect("the participation figure");
    assert!(page.body[chart..].contains(shown), "the chart's table");

    let html = app.get("/vagues/arrondi-2025/analyse/rapport.html", Some(&lead.cookie)).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains(&format!("<dt>Répondants</dt><dd>{shown}</dd>")), "the HTML report");
    assert!(html.body.contains("soit un taux de participation de 29 %"));

    let pdf = app.get_bytes("/vagues/arrondi-2025/analyse/rapport.pdf", Some(&lead.cookie)).await;
    if let Some(text) = common::pdf_text(&pdf) {
        assert!(text.contains(shown), "the PDF report: {text}");
    }

    let analysis = analyse(&wave, &responses, &Filters::default());
    let dir = tempfile::tempdir().expect("dir");
    let options = OpenDataOptions {
        secrecy: Secrecy::PUBLIC,
        generated_at: now_utc(),
        departement_names: Default::default(),
        offers: Vec::new(),
    };
    write_opendata(&analysis, &wave, &responses, &options, dir.path()).expect("open data");
    let csv = std::fs::read_to_string(dir.path().join("participation.csv")).expect("participation.csv");
    let total = csv.lines().find(|l| l.starts_with("ensemble,")).expect("the total row");
    let rate: f64 = total.split(',').nth(5).expect("the rate").parse().expect("a number");
    assert_eq!(rate, 0.285, "the open data keeps the fraction");
    assert_eq!(Format::FR.percent(Some(rate)), "29 %", "and reads as everywhere else");
}
