//! The receipt of a submitted answer (issue 15): `GET /reponse/accuse.pdf` gives the body's
//! own answers as a PDF, read back here with `pdftotext`; before submitting there is none.

use crate::common::{self, TestApp};
use axum::http::StatusCode;
use mutu_domain::answers::{Answer, ResponseStatus, ServiceStatus};
use mutu_domain::catalogue::OptionList;

async fn enter(app: &TestApp, code: &str, token: &str) -> String {
    app.invite(&app.campaign, code, token).await;
    app.enter(token).await
}

#[tokio::test]
async fn a_submitted_body_downloads_the_receipt_of_its_own_answers() {
    let app = common::app().await;
    app.open_wave().await;
    crate::lead::import_fixture_answers(&app).await;
    let store = &app.state.store;
    let campaign = store.campaign(&app.campaign).await.expect("campaign");
    let responses = store.responses(&app.campaign).await.expect("answers");
    let matrix_id = &campaign.questionnaire.question_for(OptionList::Services).expect("matrix").id;
    // A complete answer that deploys a service, and a body without a complete answer.
    let (response, service) = responses
        .iter()
        .filter(|r| r.status == ResponseStatus::Complete)
        .find_map(|r| match r.answers.get(matrix_id) {
            Some(Answer::Matrix(rows)) => {
                rows.iter().find(|(_, a)| a.status == ServiceStatus::Deployed).map(|(code, _)| (r, code.clone()))
            }
            _ => None,
        })
        .expect("a body deploying a service");
    let target = campaign.targets.iter().find(|t| t.code == response.respondent).expect("target");
    let silent = campaign
        .targets
        .iter()
        .find(|t| !responses.iter().any(|r| r.respondent == t.code && r.status == ResponseStatus::Complete))
        .expect("a body without a complete answer");

    let cookie = enter(&app, &target.code, "jeton-accuse-0123456789abcdef").await;
    let overview = app.get("/reponse", Some(&cookie)).await;
    assert!(overview.body.contains("href=\"/reponse/accuse.pdf\""), "the receipt page links to the PDF");
    let reply = app.get("/reponse/accuse.pdf", Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/pdf"));
    let pdf = app.get_bytes("/reponse/accuse.pdf", Some(&cookie)).await;
    if let Some(text) = common::pdf_text(&pdf) {
        let label = campaign.catalogue.label(OptionList::Services, &service);
        for needle in ["Accusé de réception", target.name.as_str(), target.code.as_str(), campaign.name.as_str()] {
            assert!(text.contains(needle), "{needle} in {text}");
        }
        assert!(text.contains(&format!("{label} : Mis en œuvre")), "{label} in {text}");
        assert!(!text.contains(&silent.name), "only the body's own answers");
    }

    let draft = enter(&app, &silent.code, "jeton-sans-reponse-0123456789ab").await;
    let none = app.get("/reponse/accuse.pdf", Some(&draft)).await;
    assert_eq!(none.status, StatusCode::SEE_OTHER, "nothing to acknowledge before submitting");
    assert_eq!(none.header("location"), Some("/reponse"));
}
