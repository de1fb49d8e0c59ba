//! Analysis pages, publication and public pages, embeds, and each body's own page, over the
//! fixture answers of `npdc-2014` (37 complete answers: 6/10, 11/14, 11/15, 9/14).

use crate::common::{self, TestApp, fixture};
use crate::lead::unescape;
use axum::http::StatusCode;
use mutu_domain::analysis::{Filters, analyse};
use mutu_domain::answers::{Answer, ResponseStatus};
use mutu_domain::lifecycle::Role;

const HOSTILE: &str = "<script>alert(1)</script>";

/// The app with the fixture answers, one of them carrying hostile free text in `needs`;
/// returns the code of that (complete) respondent.
pub(crate) async fn answered() -> (TestApp, String) {
    let app = common::app().await;
    let campaign = app.state.store.campaign(&app.campaign).await.expect("campaign");
    let text = std::fs::read_to_string(fixture("responses.jsonl")).expect("fixture");
    let mut responses =
        mutu_import::read_responses("responses.jsonl", &text, &campaign, mutu_domain::answers::Required::Reported)
            .expect("answers")
            .responses;
    let hostile = responses.iter_mut().rev().find(|r| r.status == ResponseStatus::Complete).expect("a complete answer");
    hostile.answers.insert("needs".into(), Answer::Text(HOSTILE.into()));
    let respondent = hostile.respondent.clone();
    app.state.store.import_responses(&app.campaign, &responses).await.expect("import");
    (app, respondent)
}

fn figure_ids(
    app_campaign: &mutu_domain::campaign::Campaign,
    responses: &[mutu_domain::answers::Response],
) -> Vec<&'static str> {
    let analysis = analyse(app_campaign, responses, &Filters::default());
    mutu_render::figures(&analysis, app_campaign, mutu_domain::analysis::Secrecy::NONE)
        .into_iter()
        .map(|f| f.id)
        .collect()
}

/// Text as the templates print it (minijinja also escapes `/` and `'`).
pub(crate) fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

fn assert_inert(body: &str) {
    assert!(!body.contains(HOSTILE), "hostile text left live");
    assert!(body.contains(&html(HOSTILE)), "hostile text not shown escaped");
}

#[tokio::test]
async fn the_analysis_page_shows_every_figure_with_its_table_and_filters_change_the_numbers() {
    let (app, _) = answered().await;
    let lead = app.login_as(Role::Lead).await;
    let page = app.get("/vagues/npdc-2014/analyse", Some(&lead.cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("6 sur 10"), "participation of the smallest class");
    assert!(page.body.contains("(37/53)"));
    let campaign = app.state.store.campaign(&app.campaign).await.expect("campaign");
    let responses = app.state.store.responses(&app.campaign).await.expect("responses");
    let ids = figure_ids(&campaign, &responses);
    assert_eq!(ids.len(), 11);
    for id in &ids {
        assert!(page.body.contains(&format!("<figure id=\"figure-{id}\"")), "figure {id} missing");
    }
    assert_eq!(page.body.matches("<table class=\"donnees\">").count(), ids.len(), "one data table per figure");
    assert_eq!(page.body.matches("role=\"img\"").count(), ids.len(), "every chart has its text alternative");
    assert_inert(&page.body);

    let nord = app.get("/vagues/npdc-2014/analyse?departement=59", Some(&lead.cookie)).await;
    assert!(nord.body.contains("(14/20)"), "filtered on Nord");
    assert!(!nord.body.contains("(37/53)"));
    let small = app.get("/vagues/npdc-2014/analyse?departement=62&nature=CC", Some(&lead.cookie)).await;
    assert_eq!(small.status, StatusCode::OK);
    assert!(!small.body.contains("(23/33)"), "the nature filter narrows Pas-de-Calais");
    let ignored = app.get("/vagues/npdc-2014/analyse?departement=%3Cx%3E&taille=xxl", Some(&lead.cookie)).await;
    assert!(ignored.body.contains("(37/53)"), "unknown filter values are ignored");
}

#[tokio::test]
async fn viewers_read_the_analysis_and_anonymous_visitors_are_sent_to_login() {
    let (app, _) = answered().await;
    let viewer = app.login_as(Role::Viewer).await;
    let page = app.get("/vagues/npdc-2014/analyse", Some(&viewer.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("/vagues/npdc-2014/publier"), "no publish button for a viewer");
    let anonymous = app.get("/vagues/npdc-2014/analyse", None).await;
    assert_eq!((anonymous.status, anonymous.header("location")), (StatusCode::SEE_OTHER, Some("/connexion")));
    assert_eq!(app.get("/vagues/npdc-2014/analyse/rapport.html", None).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/vagues/inconnue/analyse", Some(&viewer.cookie)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_earlier_wave_is_compared_service_by_service() {
    let (app, _) = answered().await;
    app.add_wave("npdc-2013").await;
    let lead = app.login_as(Role::Lead).await;
    let page = app.get("/vagues/npdc-2014/analyse?comparer=npdc-2013", Some(&lead.cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Évolution depuis la vague npdc-2013"));
    assert!(page.body.contains(&html("Répondants : 0 lors de la vague précédente, 37 aujourd'hui (+37).")));
    assert!(page.body.contains("<table class=\"comparaison\">"));
    assert_eq!(
        app.get("/vagues/npdc-2014/analyse?comparer=npdc-1999", Some(&lead.cookie)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn reports_download_as_attachments() {
    let (app, _) = answered().await;
    let viewer = app.login_as(Role::Viewer).await;
    for (file, kind, magic) in [
        ("rapport.html", "text/html", "<!DOCTYPE html>"),
        ("rapport.xlsx", "spreadsheetml", "PK"),
        ("rapport.pdf", "application/pdf", "%PDF"),
    ] {
        let reply = app.get(&format!("/vagues/npdc-2014/analyse/{file}"), Some(&viewer.cookie)).await;
        assert_eq!(reply.status, StatusCode::OK, "{file}: {}", reply.body);
        assert!(reply.header("content-type").is_some_and(|t| t.contains(kind)), "{file}");
        assert_eq!(
            reply.header("content-disposition"),
            Some(format!("attachment; filename=\"rapport-npdc-2014.{}\"", &file[8..]).as_str())
        );
        assert!(reply.body.starts_with(magic), "{file}");
    }
    assert_eq!(
        app.get("/vagues/npdc-2014/analyse/rapport.doc", Some(&viewer.cookie)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_published_wave_is_public_without_personal_data_and_with_small_counts_suppressed() {
    let (app, _) = answered().await;
    assert_eq!(app.get("/public/npdc-2014", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/public/inconnue", None).await.status, StatusCode::NOT_FOUND);
    let viewer = app.login_as(Role::Viewer).await;
    let refused = app.post_form("/vagues/npdc-2014/publier", Some(&viewer.cookie), &[("csrf", &viewer.csrf)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let lead = app.login_as(Role::Lead).await;
    let forged = app.post_form("/vagues/npdc-2014/publier", Some(&lead.cookie), &[("csrf", "forged")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/public/npdc-2014", None).await.status, StatusCode::NOT_FOUND);

    let published = app.post_form("/vagues/npdc-2014/publier", Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
    let analysis = app.get("/vagues/npdc-2014/analyse", Some(&lead.cookie)).await;
    assert!(!analysis.body.contains("<td class=\"nombre\">&lt; 3"), "the study team sees every count");
    assert!(analysis.body.contains(&html("http://mutu.test/public/npdc-2014")), "the lead sees the public address");

    let page = app.get("/public/npdc-2014", None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let report = app.get("/public/npdc-2014/rapport.html", None).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    for body in [&page.body, &report.body] {
        assert!(!body.contains("@example.org"), "no contact email");
        assert!(!body.contains("contact-"), "no contact");
        assert!(body.contains("<td class=\"nombre\">&lt; 3"), "suppressed counts are visible as such");
        assert!(body.contains("Secret statistique"), "and explained");
        assert!(body.contains("<table class=\"donnees\">"));
        assert_inert(body);
    }
    assert!(page.body.contains(&html("<iframe src=\"http://mutu.test/public/npdc-2014/integrer/participation\"")));
    assert!(page.body.contains(&html("<img src=\"http://mutu.test/public/npdc-2014/graphiques/participation.svg\"")));
    let policy = report.header("content-security-policy").unwrap_or_default();
    assert!(policy.contains("style-src 'unsafe-inline'") && !policy.contains("script-src"), "{policy}");
    assert!(report.body.contains("<style>") && !report.body.contains("<link"), "self-contained");

    let withdrawn = app.post_form("/vagues/npdc-2014/depublier", Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/public/npdc-2014", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/public/npdc-2014/graphiques/participation.svg", None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_the_embed_routes_may_be_framed_by_other_sites() {
    let (app, _) = answered().await;
    app.state.store.publish(&app.campaign).await.expect("publish");
    let svg = app.get("/public/npdc-2014/graphiques/participation.svg", None).await;
    assert_eq!(svg.status, StatusCode::OK);
    assert_eq!(svg.header("content-type"), Some("image/svg+xml; charset=utf-8"));
    assert_eq!(svg.header("content-security-policy"), Some("default-src 'none'; frame-ancestors *"));
    assert_eq!(svg.header("x-frame-options"), None);
    assert!(svg.body.contains("<svg xmlns=\"http://www.w3.org/2000/svg\"") && !svg.body.contains("style="));
    let frame = app.get("/public/npdc-2014/integrer/freins", None).await;
    assert_eq!(frame.status, StatusCode::OK);
    assert!(frame.header("content-security-policy").is_some_and(|p| p.ends_with("frame-ancestors *")));
    assert_eq!(frame.header("x-frame-options"), None);
    assert!(frame.body.contains("<table class=\"donnees\">"));
    for path in ["/public/npdc-2014", "/public/npdc-2014/rapport.html"] {
        let reply = app.get(path, None).await;
        assert!(
            reply.header("content-security-policy").is_some_and(|p| p.contains("frame-ancestors 'none'")),
            "{path}"
        );
    }
    assert_eq!(app.get("/public/npdc-2014", None).await.header("x-frame-options"), Some("DENY"));
    for missing in [
        "/public/npdc-2014/graphiques/inconnu.svg",
        "/public/npdc-2014/graphiques/participation",
        "/public/npdc-2014/integrer/inconnu",
    ] {
        assert_eq!(app.get(missing, None).await.status, StatusCode::NOT_FOUND, "{missing}");
    }
}

#[tokio::test]
async fn a_body_sees_its_answers_next_to_its_size_class_and_departement() {
    let (app, respondent) = answered().await;
    app.open_wave().await;
    let campaign = app.state.store.campaign(&app.campaign).await.expect("campaign");
    let target = campaign.targets.iter().find(|t| t.code == respondent).expect("target");
    let class = html(&campaign.size_classes.class_of(target.population).label);
    app.invite(&app.campaign, &respondent, "jeton-corps").await;
    let cookie = app.enter("jeton-corps").await;
    let receipt = app.get("/reponse", Some(&cookie)).await;
    assert!(receipt.body.contains("href=\"/reponse/comparaison\""), "the receipt links to the comparison");
    let own = app.get("/reponse/comparaison", Some(&cookie)).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert!(own.body.contains(&format!("({class} habitants)")), "its size class");
    assert!(own.body.contains("Déployé par les"), "services compared");
    assert!(own.body.contains("Freins rencontrés"));
    assert!(!own.body.contains("@example.org"));

    let lead = app.login_as(Role::Lead).await;
    let page = app.get(&format!("/vagues/npdc-2014/cibles/{respondent}"), Some(&lead.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&html(&target.name)));
    assert_eq!(app.get("/vagues/npdc-2014/cibles/000000000", Some(&lead.cookie)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/reponse/comparaison", None).await.status, StatusCode::NOT_FOUND);

    let mut unanswered = None;
    for code in app.target_codes().await {
        if app.state.store.response(&app.campaign, &code).await.expect("read").is_none() {
            unanswered = Some(code);
            break;
        }
    }
    let unanswered = unanswered.expect("a target without answer");
    app.invite(&app.campaign, &unanswered, "jeton-vide").await;
    let cookie = app.enter("jeton-vide").await;
    let early = app.get("/reponse/comparaison", Some(&cookie)).await;
    assert_eq!((early.status, early.header("location")), (StatusCode::SEE_OTHER, Some("/reponse")));
}

#[tokio::test]
async fn a_service_the_earlier_wave_lacked_is_a_break_of_method_not_a_change() {
    let (app, _) = answered().await;
    let mut earlier = app.state.store.campaign(&app.campaign).await.expect("campaign");
    earlier.code = mutu_domain::codes::CampaignCode::parse("npdc-2013").expect("code");
    earlier.catalogue.services.retain(|s| s.code != "site_internet");
    app.state.store.create_campaign(&earlier).await.expect("the earlier wave, without the service");
    let lead = app.login_as(Role::Lead).await;
    let page = app.get("/vagues/npdc-2014/analyse?comparer=npdc-2013", Some(&lead.cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = unescape(&page.body);
    let table = body.split("<table class=\"comparaison\">").nth(1).expect("the comparison table");
    let row = table
        .split("<tr><th scope=\"row\">")
        .find(|r| r.starts_with("Site internet institutionnel"))
        .expect("the service's row");
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains(">rupture<") && !row.contains('+'), "no change drawn across the break: {row}");
    assert!(body.contains("Ruptures de méthode entre les deux vagues"), "the breaks are listed");
    assert!(body.contains("<li>Site internet institutionnel : service ajouté</li>"), "and named per service");
    assert!(body.contains("(+37)"), "participation is not touched by a service added");
}
