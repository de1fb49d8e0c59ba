//! The opportunities pages over the seed's territory, its communes' bundled contours and
//! synthetic answers: the ranking, each service's page with its groups and one map path per
//! target, a labelled service picker, the analysis's maps framed by its filters; readable by
//! viewers, closed to anonymous visitors.

use crate::analysis::html;
use crate::common::{self, TestApp};
use axum::http::StatusCode;
use mutu_domain::lifecycle::Role;
use mutu_domain::opportunities::{CostModel, opportunities, pooling_neighbours};
use std::collections::BTreeSet;

/// The app with the bundled contours of its communes and synthetic answers.
pub(crate) async fn with_contours() -> TestApp {
    let app = common::app().await;
    let store = &app.state.store;
    let territory = store.territory().await.expect("territory");
    let codes: BTreeSet<String> = territory.communes.iter().map(|c| c.code.to_string()).collect();
    let mut contours = mutu_import::bundled_contours().expect("bundled contours");
    contours.retain(|code, _| codes.contains(code));
    store.import_contours(&contours).await.expect("contours");
    let campaign = store.campaign(&app.campaign).await.expect("campaign");
    let responses = mutu_domain::synth::synthesise(&campaign, 7, 0.7);
    store.import_responses(&app.campaign, &responses).await.expect("answers");
    app
}

/// Links to the bodies' own pages, however the template escaped them.
fn body_links(body: &str) -> usize {
    body.matches("<a href=\"&#x2f;vagues&#x2f;npdc-2014&#x2f;cibles&#x2f;").count()
        + body.matches("<a href=\"/vagues/npdc-2014/cibles/").count()
}

#[tokio::test]
async fn a_viewer_sees_the_groups_of_a_service_on_the_map() {
    let app = with_contours().await;
    let viewer = app.user_cookie("lecture@mutu.test", Role::Viewer).await;
    let first = app.get("/vagues/npdc-2014/opportunites", Some(&viewer)).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);

    // The page computed and stored the adjacency graph; the groups are the domain's.
    let store = &app.state.store;
    let campaign = store.campaign(&app.campaign).await.expect("campaign");
    let adjacency = store.wave_adjacency(&app.campaign).await.expect("read").expect("stored on first use");
    let responses = store.responses(&app.campaign).await.expect("answers");
    let costs = CostModel::default_model(&campaign.catalogue).expect("costs");
    let result = opportunities(&campaign, &responses, &adjacency, &costs);
    let service = result.services.iter().max_by_key(|s| s.groups.len()).expect("services");
    assert!(service.groups.len() >= 2, "synthetic answers leave groups");
    let own_page = format!("/vagues/npdc-2014/opportunites/{}", service.service);
    for ranked in &result.ranking {
        assert!(first.body.contains(&format!("href=\"/vagues/npdc-2014/opportunites/{ranked}\"")), "{ranked}");
    }
    assert!(!first.body.contains("<svg"), "the ranking is a table; maps are on each service's page");

    let picked = app.get(&format!("/vagues/npdc-2014/opportunites?service={}", service.service), Some(&viewer)).await;
    assert_eq!((picked.status, picked.header("location")), (StatusCode::SEE_OTHER, Some(own_page.as_str())));
    let page = app.get(&own_page, Some(&viewer)).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains(r#"<label for="opportunites-service">"#), "labelled picker");
    assert!(body.contains(r#"<select id="opportunites-service" name="service">"#));
    assert!(body.contains(&format!(r#"<option value="{}" selected>"#, service.service)));
    let names = campaign.target_index();
    for group in &service.groups {
        for member in &group.members {
            assert!(body.contains(&format!("<li>{}</li>", html(&names[member.as_str()].name))), "{member}");
        }
    }
    assert!(body.contains(&format!("Groupe {}", service.groups.len())));
    let outlines = store.wave_outlines(&campaign).await.expect("outlines");
    assert_eq!(outlines.len(), campaign.targets.len(), "every EPCI has contours");
    // A small wave is drawn whole: the groups, then the service's deployment and pooling.
    assert_eq!(body.matches("<path class=\"cible").count(), 2 * campaign.targets.len(), "one path per target and map");
    assert_eq!(body_links(body), 2 * campaign.targets.len(), "each body links to its own page");
    assert!(body.contains(r#"role="img""#) && body.contains("<table class=\"donnees\">"), "map and its table");
    assert!(!body.contains("style="), "no inline style under the CSP");
    assert!(body.contains("href=\"/vagues/npdc-2014/opportunites\""), "in the wave's navigation");
    let css = app.get("/static/opportunites.css", None).await;
    assert_eq!(css.status, StatusCode::OK);
}

#[tokio::test]
async fn the_analysis_draws_who_answered_and_the_most_deployed_services() {
    let app = with_contours().await;
    let viewer = app.user_cookie("lecture@mutu.test", Role::Viewer).await;
    let campaign = app.state.store.campaign(&app.campaign).await.expect("campaign");
    let page = app.get("/vagues/npdc-2014/analyse", Some(&viewer)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<h2 id=\"cartes\">Cartes</h2>"));
    let n = campaign.targets.len();
    assert_eq!(page.body.matches("<path class=\"cible").count(), 4 * n, "participation and three services");
    assert!(page.body.contains("carte-participation") && page.body.contains("Réponse partielle"), "drafts drawn");
    let nord = app.get("/vagues/npdc-2014/analyse?departement=59", Some(&viewer)).await;
    let in_nord = campaign.targets.iter().filter(|t| t.departement.as_str() == "59").count();
    assert!(in_nord < n);
    assert_eq!(nord.body.matches("<path class=\"cible").count(), 4 * in_nord, "the filters frame the maps");
    assert_eq!(body_links(&nord.body), 4 * in_nord);
}

#[tokio::test]
async fn leads_read_it_too_and_anonymous_visitors_log_in_first() {
    let app = with_contours().await;
    let lead = app.user_cookie("chef@mutu.test", Role::Lead).await;
    let picked = app.get("/vagues/npdc-2014/opportunites?service=inconnu", Some(&lead)).await;
    assert_eq!(
        (picked.status, picked.header("location")),
        (StatusCode::SEE_OTHER, Some("/vagues/npdc-2014/opportunites")),
        "an unknown service leads back to the ranking"
    );
    let unknown_service = app.get("/vagues/npdc-2014/opportunites/inconnu", Some(&lead)).await;
    assert_eq!(unknown_service.status, StatusCode::NOT_FOUND);
    let anonymous = app.get("/vagues/npdc-2014/opportunites/site_internet", None).await;
    assert_eq!((anonymous.status, anonymous.header("location")), (StatusCode::SEE_OTHER, Some("/connexion")));
    let unknown = app.get("/vagues/inconnue/opportunites", Some(&lead)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn without_contours_the_page_says_how_to_get_them() {
    let app = common::app().await;
    let viewer = app.user_cookie("lecture@mutu.test", Role::Viewer).await;
    let page = app.get("/vagues/npdc-2014/opportunites", Some(&viewer)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("mutu territory contours"), "{}", page.body);
    assert!(!page.body.contains("<svg"));
    let service = app.get("/vagues/npdc-2014/opportunites/site_internet", Some(&viewer)).await;
    assert_eq!(service.status, StatusCode::OK);
    assert!(service.body.contains("mutu territory contours") && !service.body.contains("<svg"));
    let analysis = app.get("/vagues/npdc-2014/analyse", Some(&viewer)).await;
    assert!(!analysis.body.contains("id=\"cartes\""), "no contours, no maps");
}

#[tokio::test]
async fn a_body_s_page_names_the_neighbours_that_already_pool_what_it_needs() {
    let app = with_contours().await;
    let viewer = app.user_cookie("lecture@mutu.test", Role::Viewer).await;
    let store = &app.state.store;
    let campaign = store.campaign(&app.campaign).await.expect("campaign");
    let adjacency = store.adjacency_for(&campaign).await.expect("read").expect("contours");
    let responses = store.responses(&app.campaign).await.expect("answers");
    let costs = CostModel::default_model(&campaign.catalogue).expect("costs");
    let result = opportunities(&campaign, &responses, &adjacency, &costs);
    let names = campaign.target_index();
    let (body, expected) = campaign
        .targets
        .iter()
        .map(|t| (t, pooling_neighbours(&result, &adjacency, &t.code)))
        .max_by_key(|(_, found)| found.len())
        .expect("targets");
    assert!(!expected.is_empty(), "synthetic answers leave a body with neighbours pooling what it needs");
    let page = app.get(&format!("/vagues/npdc-2014/cibles/{}", body.code), Some(&viewer)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let text = crate::lead::unescape(&page.body);
    let list = text.split("<ul class=\"voisins\">").nth(1).expect("the list of neighbours");
    let list = &list[..list.find("</ul>").unwrap()];
    assert_eq!(list.matches("<li>").count(), expected.len(), "{list}");
    for found in &expected {
        let label = campaign.catalogue.label(mutu_domain::catalogue::OptionList::Services, &found.service);
        let who: Vec<&str> = found.neighbours.iter().map(|c| names[c.as_str()].name.as_str()).collect();
        let line = format!("<li><strong>{label}</strong> : {}</li>", who.join(", "));
        assert!(list.contains(&line), "{line} not in {list}");
    }
    // A body that needs nothing its neighbours pool gets no such list.
    let quiet = campaign.targets.iter().find(|t| pooling_neighbours(&result, &adjacency, &t.code).is_empty());
    if let Some(quiet) = quiet {
        let page = app.get(&format!("/vagues/npdc-2014/cibles/{}", quiet.code), Some(&viewer)).await;
        assert!(!page.body.contains("class=\"voisins\""));
    }
}
