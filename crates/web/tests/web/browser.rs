//! Headless Chromium: the respondent journey by keyboard, and an axe-core accessibility check
//! (of the respondent's pages, then of the analysis and public pages of the wave).
//!
//! Debian's `chromium` and `chromium-driver` (`/usr/bin/chromium`, `/usr/bin/chromedriver`)
//! are driven from Rust with fantoccini against a real server on loopback. Without Chromium
//! the test says so and passes, except in CI (`CI` set), where a missing browser fails it.
//! axe-core is vendored in `tests/assets/axe.min.js` (MPL-2.0, header kept; see the README
//! beside it).

use crate::chromium::{Driver, chromium_or_skip};
use crate::common::{self, TestApp};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use mutu_domain::answers::ResponseStatus;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const AXE: &str = include_str!("../assets/axe.min.js");

/// Presses keys on the element that has the focus.
async fn press(client: &Client, keys: &[Key]) {
    for key in keys {
        client.active_element().await.expect("focus").send_keys(key).await.expect("key");
    }
}

/// Gives the focus to an input (as Tab would) and presses keys there.
async fn focus_and_press(client: &Client, id: &str, keys: &[Key]) {
    client.execute("document.getElementById(arguments[0]).focus();", vec![json!(id)]).await.expect("focus");
    press(client, keys).await;
}

async fn checked(client: &Client, id: &str) -> bool {
    let input = client.find(Locator::Id(id)).await.unwrap_or_else(|e| panic!("#{id}: {e}"));
    input.prop("checked").await.expect("prop").as_deref() == Some("true")
}

/// Waits until the save status says `needle`.
async fn wait_status(client: &Client, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        // The page may be reloading (a restored draft): a vanished element is "not yet".
        let text = match client.find(Locator::Id("save-status")).await {
            Ok(status) => status.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.contains(needle) {
            return;
        }
        assert!(Instant::now() < deadline, "save status never said « {needle} » (it says « {text} »)");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn stored_services(app: &TestApp, respondent: &str) -> Value {
    let stored = app.state.store.response(&app.campaign, respondent).await.expect("read");
    stored.map_or(Value::Null, |s| serde_json::to_value(&s.response.answers).expect("json")["services"].clone())
}

/// Runs axe-core on the current page; returns the serious and critical violations (all are printed).
async fn axe(client: &Client, page: &str) -> Vec<Value> {
    client.execute(AXE, vec![]).await.expect("axe-core loads");
    let script = "const done = arguments[arguments.length - 1];\
        axe.run(document).then(r => done({passes: r.passes.length, violations: r.violations.map(v => ({\
          id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))}))\
          .catch(e => done({passes: 0, violations: [{id: 'axe-error', impact: 'critical', help: String(e)}]}));";
    let results = client.execute_async(script, vec![]).await.expect("axe.run");
    assert!(results["passes"].as_u64().is_some_and(|n| n > 0), "axe-core checked nothing on {page}: {results}");
    eprintln!(
        "axe on {page}: {} rules passed, {} violated",
        results["passes"],
        results["violations"].as_array().map_or(0, Vec::len)
    );
    let violations = results["violations"].as_array().cloned().unwrap_or_default();
    for v in &violations {
        eprintln!("axe on {page}: {} [{}] {} {}", v["id"], v["impact"], v["help"], v["nodes"]);
    }
    violations.into_iter().filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical"))).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_respondent_answers_by_keyboard_in_chromium_and_the_pages_pass_axe() {
    if !chromium_or_skip("browser test") {
        return;
    }
    let started = Instant::now();
    let app = common::app().await;
    app.open_wave().await;
    let targets = app.target_codes().await;
    let (me, other) = (targets[0].clone(), targets[1].clone());
    app.invite(&app.campaign, &me, "jeton-navigateur").await;
    app.invite(&app.campaign, &other, "jeton-axe").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let root = format!("http://{}", listener.local_addr().expect("addr"));
    let server = tokio::spawn(mutu_web::serve(app.state.clone(), listener));
    let driver = Driver::start();
    let profile = tempfile::tempdir().expect("profile");
    let client = driver.session(profile.path()).await;
    let complete = |app: &TestApp| {
        let store = app.state.store.clone();
        let wave = app.campaign.clone();
        async move {
            let statuses = store.target_statuses(&wave).await.expect("follow-up");
            statuses.iter().filter(|s| s.status == Some(ResponseStatus::Complete)).count()
        }
    };
    let complete_before = complete(&app).await;

    // The link opens a session and lands on the clean URL.
    client.goto(&format!("{root}/i/jeton-navigateur")).await.expect("goto");
    assert_eq!(client.current_url().await.expect("url").path(), "/reponse");

    // Submitting too early: the summary again, with its error summary focused.
    client.goto(&format!("{root}/reponse/recapitulatif")).await.expect("goto");
    let submit = client.find(Locator::Css("form.submit-form button")).await.expect("submit button");
    submit.send_keys(&Key::Enter).await.expect("submit");
    let summary = client.wait().for_element(Locator::Id("erreurs")).await.expect("an error summary");
    assert!(summary.text().await.expect("text").contains("Parmi les thématiques"), "it names the question");
    let focused = client.active_element().await.expect("focus").attr("id").await.expect("id");
    assert_eq!(focused.as_deref(), Some("erreurs"), "the error summary takes the focus");
    let mut serious = axe(&client, "the summary with errors").await;

    // Part of the matrix by keyboard: arrows within a group of radios, Tab to the next group,
    // Space on a checkbox.
    client.goto(&format!("{root}/reponse/section/services")).await.expect("goto");
    focus_and_press(&client, "services-site_internet-status-none", &[Key::Up, Key::Up]).await;
    assert!(checked(&client, "services-site_internet-status-deployed").await, "arrow keys choose the status");
    press(&client, &[Key::Tab, Key::Up, Key::Tab, Key::Space]).await;
    assert!(checked(&client, "services-site_internet-mutualisation-planned").await);
    assert!(checked(&client, "services-site_internet-types-groupement_commandes").await);
    focus_and_press(&client, "services-gru-status-none", &[Key::Up]).await;
    wait_status(&client, "Enregistré à").await;
    let saved = json!({
        "site_internet": {"status": "deployed", "mutualisation": "planned", "types": ["groupement_commandes"]},
        "gru": {"status": "studied"}
    });
    assert_eq!(stored_services(&app, &me).await, saved, "autosaved on the server");

    // Reloading finds the draft.
    client.refresh().await.expect("reload");
    assert!(checked(&client, "services-site_internet-status-deployed").await);
    assert!(checked(&client, "services-gru-status-studied").await);
    let count = client.find(Locator::Css("[data-matrix-active]")).await.expect("count").text().await.expect("text");
    assert_eq!(count, "2");

    // The session expires: the typed value stays in the browser, and is saved once the link is
    // opened again.
    client.delete_all_cookies().await.expect("cookies");
    focus_and_press(&client, "services-wifi_public-status-none", &[Key::Up]).await;
    wait_status(&client, "session a expiré").await;
    let kept =
        client.execute("return localStorage.getItem(arguments[0]);", vec![json!(format!("mutu:npdc-2014:{me}"))]);
    assert!(kept.await.expect("localStorage").as_str().is_some_and(|s| s.contains("wifi_public")));
    client.goto(&format!("{root}/i/jeton-navigateur")).await.expect("goto");
    wait_status(&client, "gardées dans ce navigateur ont été enregistrées").await;
    assert_eq!(stored_services(&app, &me).await["wifi_public"], json!({"status": "studied"}));

    // The required questions, then the summary and the submission, by keyboard too.
    let support = app.state.store.campaign(&app.campaign).await.expect("wave").catalogue.support[0].code.clone();
    for (section, id) in [
        ("thematiques", "themes-culture".to_owned()),
        ("freins", "obstacles-cout".into()),
        ("aides", format!("expected_support-{support}")),
    ] {
        client.goto(&format!("{root}/reponse/section/{section}")).await.expect("goto");
        focus_and_press(&client, &id, &[Key::Space]).await;
        wait_status(&client, "Enregistré à").await;
    }
    client.goto(&format!("{root}/reponse/recapitulatif")).await.expect("goto");
    serious.extend(axe(&client, "the summary").await);
    let submit = client.find(Locator::Css("form.submit-form button")).await.expect("submit button");
    submit.send_keys(&Key::Enter).await.expect("submit");
    let deadline = Instant::now() + Duration::from_secs(10);
    while client.current_url().await.expect("url").query() != Some("transmis=1") {
        assert!(Instant::now() < deadline, "no receipt after submitting");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let heading = client.find(Locator::Css("h1")).await.expect("h1").text().await.expect("text");
    assert_eq!(heading, "Accusé de réception");
    assert_eq!(complete(&app).await, complete_before + 1, "the follow-up count rose");
    serious.extend(axe(&client, "the receipt").await);
    client.goto(&format!("{root}/reponse/comparaison")).await.expect("goto");
    assert!(client.find(Locator::Css("#profil figure svg")).await.is_ok(), "the body's page draws its profile");
    serious.extend(axe(&client, "the body's page with its profile").await);

    // The form pages of another respondent, fresh: overview, a section of choices, the matrix.
    client.goto(&format!("{root}/i/jeton-axe")).await.expect("goto");
    serious.extend(axe(&client, "the overview").await);
    for section in ["thematiques", "services"] {
        client.goto(&format!("{root}/reponse/section/{section}")).await.expect("goto");
        serious.extend(axe(&client, section).await);
    }

    // The analysis page and the public page of the wave, over the fixture answers.
    let campaign = app.state.store.campaign(&app.campaign).await.expect("campaign");
    let text = std::fs::read_to_string(common::fixture("responses.jsonl")).expect("fixture");
    let responses =
        mutu_import::read_responses("responses.jsonl", &text, &campaign, mutu_domain::answers::Required::Reported)
            .expect("answers")
            .responses;
    app.state.store.import_responses(&app.campaign, &responses).await.expect("import");
    app.state.store.publish(&app.campaign).await.expect("publish");
    client.goto(&format!("{root}/public/npdc-2014")).await.expect("goto");
    serious.extend(axe(&client, "the public page").await);
    let hash = mutu_app::passwords::hash_password("mot de passe de test").expect("hash");
    app.state
        .store
        .create_user("lecteur@mutu.test", mutu_domain::lifecycle::Role::Viewer, &hash)
        .await
        .expect("viewer");
    client.goto(&format!("{root}/connexion")).await.expect("goto");
    client.find(Locator::Id("email")).await.expect("email").send_keys("lecteur@mutu.test").await.expect("type");
    let password = client.find(Locator::Id("password")).await.expect("password");
    password.send_keys("mot de passe de test").await.expect("type");
    password.send_keys(&Key::Enter).await.expect("log in");
    client.wait().for_element(Locator::Css("nav.site-nav form")).await.expect("logged in");
    client.goto(&format!("{root}/vagues/npdc-2014/analyse")).await.expect("goto");
    assert_eq!(client.current_url().await.expect("url").path(), "/vagues/npdc-2014/analyse");
    serious.extend(axe(&client, "the analysis page").await);
    // A working group's page (members, map, offers, notes) and the wave's groups page.
    let subject = mutu_domain::groups::Subject::Service(
        mutu_domain::codes::CatalogueCode::parse("site_internet").expect("service code"),
    );
    let members: Vec<String> = campaign.targets.iter().take(3).map(|t| t.code.clone()).collect();
    let group = mutu_domain::groups::NewGroup::new(&campaign, "Sites mutualisés", subject, &members).expect("group");
    let id = app.state.store.create_group(&group).await.expect("create group");
    client.goto(&format!("{root}/groupes/{id}")).await.expect("goto");
    serious.extend(axe(&client, "a working group's page").await);
    client.goto(&format!("{root}/vagues/npdc-2014/groupes")).await.expect("goto");
    serious.extend(axe(&client, "the wave's working groups").await);
    // The register of offers, with an offer, and the wave's group purchase needs.
    let offer = mutu_domain::offers::Offer::new(
        "Syndicat mixte",
        "sig",
        "syndicat",
        "Cotisation par habitant",
        mutu_domain::offers::Area::All,
        &campaign.catalogue,
    )
    .expect("offer");
    app.state.store.replace_offers(&[offer]).await.expect("register");
    client.goto(&format!("{root}/offres")).await.expect("goto");
    serious.extend(axe(&client, "the register of offers").await);
    client.goto(&format!("{root}/vagues/npdc-2014/achats-groupes")).await.expect("goto");
    serious.extend(axe(&client, "the group purchase needs").await);
    assert!(serious.is_empty(), "serious or critical accessibility violations: {serious:#?}");

    client.close().await.expect("close");
    server.abort();
    eprintln!("browser test: {:.1} s", started.elapsed().as_secs_f64());
}
