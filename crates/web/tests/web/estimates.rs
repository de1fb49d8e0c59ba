//! Weighted estimates on the analysis and public pages, and each body's profile on its page,
//! checked against the domain's own computation on the same data (never against numbers
//! written here).

use crate::analysis::{answered, html};
use axum::http::StatusCode;
use mutu_domain::analysis::{Filters, PUBLIC_MIN_COUNT, Profile, analyse, profiles, weighted_with_secrecy};
use mutu_domain::catalogue::OptionList;
use mutu_domain::codes::DepartementCode;
use mutu_domain::lifecycle::Role;
use mutu_render::Format;

/// Text as the render crate writes it into the tables and charts it builds.
fn rendered(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// The row of the estimates table headed by `label`, from its header cell to its end.
fn estimate_row<'a>(body: &'a str, label: &str) -> &'a str {
    let section = &body[body.find("id=\"estimations\"").expect("the estimates section")..];
    let start = section.find(&format!("<th scope=\"row\">{}</th>", html(label))).unwrap_or_else(|| panic!("{label}"));
    let row = &section[start..];
    &row[..row.find("</tr>").expect("end of row")]
}

#[tokio::test]
async fn the_analysis_page_shows_the_weighted_estimates_the_domain_computes_beside_the_counts() {
    let (app, _) = answered().await;
    let lead = app.login_as(Role::Lead).await;
    let campaign = app.state.store.campaign(&app.campaign).await.expect("campaign");
    let responses = app.state.store.complete_responses(&app.campaign).await.expect("responses");
    let nord = Filters { departements: vec![DepartementCode::parse("59").expect("59")], ..Filters::default() };
    for (query, filters) in [("", Filters::default()), ("?departement=59", nord)] {
        let page = app.get(&format!("/vagues/npdc-2014/analyse{query}"), Some(&lead.cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let weighted = weighted_with_secrecy(&campaign, &responses, &filters, PUBLIC_MIN_COUNT);
        let analysis = analyse(&campaign, &responses, &filters);
        let mut intervals = 0;
        for (w, counts) in weighted.services.iter().zip(&analysis.services) {
            let row = estimate_row(&page.body, campaign.catalogue.label(OptionList::Services, &w.service));
            for (count, estimate) in
                [(counts.deployed, w.deployed), (counts.studied, w.studied), (counts.mutualised, w.mutualised)]
            {
                let cells = format!(
                    "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                    Format::FR.thousands(count),
                    Format::FR.estimate(estimate)
                );
                assert!(row.contains(&cells), "{query} {}: {cells} missing in {row}", w.service);
            }
            intervals += usize::from(w.deployed.ci95.is_some_and(|[low, high]| high > low));
        }
        assert!(intervals > 0, "{query}: some estimate has an interval of some width, so the check can fail");
        assert!(page.body.contains(&html(mutu_render::WEIGHTED_NOTE)), "the note on the method");
        assert!(page.body.contains("<caption>Strates sur lesquelles reposent les estimations</caption>"));
    }
}

#[tokio::test]
async fn the_public_page_shows_the_estimates_with_secrecy() {
    let (app, _) = answered().await;
    app.state.store.publish(&app.campaign).await.expect("publish");
    let campaign = app.state.store.campaign(&app.campaign).await.expect("campaign");
    let responses = app.state.store.complete_responses(&app.campaign).await.expect("responses");
    let weighted = weighted_with_secrecy(&campaign, &responses, &Filters::default(), PUBLIC_MIN_COUNT);
    let analysis = analyse(&campaign, &responses, &Filters::default());
    let page = app.get("/public/npdc-2014", None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let (mut shown, mut masked) = (0, 0);
    for (w, counts) in weighted.services.iter().zip(&analysis.services) {
        let row = estimate_row(&page.body, campaign.catalogue.label(OptionList::Services, &w.service));
        let first = if counts.deployed < PUBLIC_MIN_COUNT {
            masked += 1;
            "<td class=\"num\">&lt; 3</td><td class=\"num\">–</td>".to_owned()
        } else {
            shown += 1;
            format!(
                "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                counts.deployed,
                Format::FR.estimate(w.deployed)
            )
        };
        assert!(row.contains(&first), "{}: {first} missing in {row}", w.service);
    }
    assert!(shown > 0 && masked > 0, "both kinds of row are checked ({shown} shown, {masked} masked)");
}

/// The table row of one theme of a profile, as the render crate writes it.
fn profile_row(profile: &Profile, theme: usize, catalogue: &mutu_domain::catalogue::Catalogue) -> String {
    let t = &profile.themes[theme];
    let f = Format::FR;
    format!(
        "<tr><th scope=\"row\">{}</th><td class=\"nombre\">{} sur {}</td><td class=\"nombre\">{}</td><td class=\"nombre\">{}</td><td class=\"nombre\">{}</td></tr>",
        rendered(catalogue.label(OptionList::Themes, &t.theme)),
        t.deployed,
        t.services,
        t.mutualised,
        f.percent(Some(t.deployed as f64 / t.services as f64)),
        f.percent(Some(t.peer_median)),
    )
}

#[tokio::test]
async fn a_body_page_shows_its_profile_beside_the_peer_median_and_only_its_own() {
    let (app, a) = answered().await;
    app.open_wave().await;
    let campaign = app.state.store.campaign(&app.campaign).await.expect("campaign");
    let responses = app.state.store.complete_responses(&app.campaign).await.expect("responses");
    let all = profiles(&campaign, &responses);
    let own = all.iter().find(|p| p.respondent == a).expect("A's profile");
    // B: another body whose row of some theme differs from A's.
    let (other, theme) = all
        .iter()
        .filter(|p| p.respondent != a)
        .find_map(|p| {
            let differs = (0..p.themes.len())
                .find(|&t| profile_row(p, t, &campaign.catalogue) != profile_row(own, t, &campaign.catalogue));
            differs.map(|t| (p, t))
        })
        .expect("a body with another profile");
    let name = |code: &str| campaign.targets.iter().find(|t| t.code == code).expect("target").name.clone();

    let lead = app.login_as(Role::Lead).await;
    let page = app.get(&format!("/vagues/npdc-2014/cibles/{a}"), Some(&lead.cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for t in 0..own.themes.len() {
        let row = profile_row(own, t, &campaign.catalogue);
        assert!(page.body.contains(&row), "the lead sees {row}");
    }
    assert!(page.body.contains("aria-labelledby=\"profil-titre profil-desc\""), "the chart's text alternative");

    app.invite(&app.campaign, &a, "jeton-profil-a").await;
    let cookie = app.enter("jeton-profil-a").await;
    let receipt = app.get("/reponse", Some(&cookie)).await;
    assert!(receipt.body.contains("href=\"/reponse/comparaison#profil\""), "the receipt points to the profile");
    let mine = app.get("/reponse/comparaison", Some(&cookie)).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    assert!(mine.body.contains(&profile_row(own, theme, &campaign.catalogue)), "A sees its own profile");
    assert!(!mine.body.contains(&profile_row(other, theme, &campaign.catalogue)), "A never sees B's profile");
    assert!(mine.body.contains(&rendered(&name(&a))));
    let b = name(&other.respondent);
    assert!(!mine.body.contains(&rendered(&b)) && !mine.body.contains(&html(&b)), "B is not named on A's page");
}
