//! The series page: three waves picked without script, each figure across them, a service
//! added in the second wave marked as a break of method (never as a change).

use crate::analysis::{answered, html};
use axum::http::StatusCode;
use mutu_domain::catalogue::OptionList;
use mutu_domain::codes::CampaignCode;
use mutu_domain::lifecycle::Role;

/// The service the first wave lacks.
const ADDED: &str = "open_data";

/// The figure of the series page whose caption ends with `label`, from its start to its end.
fn figure<'a>(body: &'a str, label: &str) -> &'a str {
    let caption = body.find(&format!(" — {}</figcaption>", html(label))).unwrap_or_else(|| panic!("{label}"));
    let start = body[..caption].rfind("<figure ").expect("figure start");
    let end = body[start..].find("</figure>").expect("figure end") + start;
    &body[start..end]
}

/// The table row of `wave` in a figure.
fn row<'a>(figure: &'a str, wave: &str) -> &'a str {
    let start = figure.find(&format!("<tr><th scope=\"row\">{wave}</th>")).unwrap_or_else(|| panic!("{wave}"));
    let row = &figure[start..];
    &row[..row.find("</tr>").expect("end of row")]
}

#[tokio::test]
async fn a_service_added_in_the_second_wave_is_a_break_not_a_change() {
    let (app, _) = answered().await;
    let store = &app.state.store;
    let mut first = store.campaign(&app.campaign).await.expect("campaign");
    let added = first.catalogue.label(OptionList::Services, ADDED).to_owned();
    let kept = first.catalogue.services[0].label.clone();
    first.code = CampaignCode::parse("npdc-2013").expect("code");
    first.catalogue.services.retain(|s| s.code != ADDED);
    store.create_campaign(&first).await.expect("first wave");
    app.add_wave("npdc-2015").await;
    // Created 2014, 2013, 2015: the picker lists them by their opening day, oldest first.
    for (code, year) in [("npdc-2013", 2013), ("npdc-2014", 2014), ("npdc-2015", 2015)] {
        let opens = time::Date::from_calendar_date(year, time::Month::May, 1).expect("date");
        store.set_campaign_dates(&CampaignCode::parse(code).expect("code"), Some(opens), None).await.expect("dates");
    }
    let lead = app.login_as(Role::Lead).await;

    let picker = app.get("/series", Some(&lead.cookie)).await;
    assert_eq!(picker.status, StatusCode::OK, "{}", picker.body);
    let at = |code: &str| picker.body.find(&format!("name=\"vagues\" value=\"{code}\"")).expect("a checkbox");
    assert!(at("npdc-2013") < at("npdc-2014") && at("npdc-2014") < at("npdc-2015"), "oldest first");
    let too_few = app.get("/series?vagues=npdc-2013&vagues=npdc-2014", Some(&lead.cookie)).await;
    assert!(too_few.body.contains("Choisissez au moins 3 vagues."), "{}", too_few.body);
    assert!(!too_few.body.contains("<figure"), "no series of two waves");
    let unknown = app.get("/series?vagues=npdc-2013,npdc-2014,npdc-1999", Some(&lead.cookie)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let page = app.get("/series?vagues=npdc-2013&vagues=npdc-2014&vagues=npdc-2015", Some(&lead.cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(&html("npdc-2013 → npdc-2014 : ruptures de méthode (service ajouté).")));
    assert!(page.body.contains(&html("npdc-2014 → npdc-2015 : comparables, sans rupture.")));
    let service = figure(&page.body, &added);
    assert!(row(service, "npdc-2013").contains("absent de la vague"), "{service}");
    let second = row(service, "npdc-2014");
    assert!(second.contains("<td class=\"nombre\">service ajouté</td>"), "{second}");
    assert!(row(service, "npdc-2015").contains("<td class=\"nombre\">aucune</td>"));
    assert!(service.contains("npdc-2014 — Rupture de méthode"), "the chart marks the point as a break");
    assert!(service.contains("role=\"img\"") && service.contains("<table class=\"donnees\">"));
    let unchanged = figure(&page.body, &kept);
    assert!(row(unchanged, "npdc-2014").contains("<td class=\"nombre\">aucune</td>"), "only the added one breaks");
    assert!(!unchanged.contains("Rupture de méthode</tspan>"), "{unchanged}");
}
