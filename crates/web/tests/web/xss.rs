//! Issue 9: XSS payloads in every free-text field stay inert in every page and report, checked
//! in headless Chromium.
//!
//! `xss/seed.rs` types the payloads of `xss/payloads.rs` into every free-text field through
//! the real ways in; this test then opens, in one Chromium session against a real server,
//! every page that shows them — study side, respondent side, public side, the reports and the
//! drawings opened alone — and the forms that show a refused input back. On each page
//! (`xss/chromium.rs`): no dialog opened, no element or attribute made by a payload, and the
//! payloads of the fields the page shows are all there, as text. The lead's HTML report is
//! opened from a file, without the Content-Security-Policy, so an escaping fault there would
//! run. The PDF report is read back with `pdftotext`: the typst and template payloads are
//! printed as they are. Formula neutralisation in CSV/XLSX is proved by
//! `crates/render/src/export/tests.rs` and `crates/mutu/tests/cli/refusals.rs`.

mod chromium;
mod payloads;
mod seed;

use crate::chromium::Driver;
use crate::common::{self, Login, TestApp};
use chromium::Visits;
use fantoccini::{Client, Locator};
use payloads::{PAYLOADS, hostile};
use seed::{COMMUNES, FIELDS, INTERVIEW, ME, TOKEN, WAVE};
use std::time::Instant;

/// The route patterns of the GET pages this test opens in Chromium.
const VISITED: &[&str] = &[
    "/",
    "/connexion",
    "/lien-perdu",
    "/admin/journal",
    "/utilisateurs",
    "/vagues/nouvelle",
    "/vagues/{code}",
    "/vagues/{code}/questionnaire",
    "/vagues/{code}/invitations",
    "/vagues/{code}/courriels",
    "/vagues/{code}/analyse",
    "/vagues/{code}/cibles/{respondent}",
    "/series",
    "/vagues/{code}/opportunites",
    "/vagues/{code}/opportunites/{service}",
    "/vagues/{code}/achats-groupes",
    "/vagues/{code}/verbatims",
    "/vagues/{code}/groupes",
    "/groupes/{id}",
    "/vagues/{code}/saisie/{respondent}",
    "/vagues/{code}/saisie/{respondent}/section/{section}",
    "/vagues/{code}/saisie/{respondent}/recapitulatif",
    "/qualitatif/acteurs",
    "/qualitatif/entretiens",
    "/qualitatif/entretiens/{code}",
    "/qualitatif/structures",
    "/offres",
    "/i/{token}",
    "/reponse",
    "/reponse/section/{section}",
    "/reponse/recapitulatif",
    "/reponse/comparaison",
    "/public/{code}",
    "/public/{code}/rapport.html",
    "/public/{code}/graphiques/{file}",
    "/public/{code}/integrer/{id}",
];

/// The GET routes not opened in Chromium, and why (a prefix ending in `/` stands for a folder).
const LEFT_OUT: &[(&str, &str)] = &[
    ("/static/", "files compiled into mutu, no data"),
    ("/sante", "a probe's plain-text `ok`, no page"),
    ("/connexion/oidc", "a redirect to the OpenID Connect provider, no page (404 without one)"),
    ("/reponse/oidc", "the respondents' redirect to the OpenID Connect provider, no page (404 without one)"),
    (
        "/oidc/",
        "the provider's returns: a redirect, or the login page (visited) with a fixed message or the email the provider vouched for",
    ),
    ("/vagues/{code}/achats-groupes.csv", "a download: its cells pass through mutu_render::neutralise, no page"),
    ("/groupes/{id}/membres.csv", "a download: its cells pass through mutu_render::neutralise, no page"),
    ("/reponse/accuse.pdf", "a PDF: typst prints the answers read from data.json as text (mutu-render's test)"),
    ("/api/", "JSON (`application/json`, `nosniff`): no page; its texts are the ones the form pages show"),
    (
        "/vagues/{code}/analyse/{file}",
        "downloads: the HTML report is opened from a file below, the PDF read back, the XLSX proved by mutu-render",
    ),
];

#[test]
fn every_get_route_of_the_table_is_visited_or_left_out_with_a_reason() {
    let table = mutu_web::route_table();
    let gets = table.infos().iter().filter(|r| r.method == axum::http::Method::GET).map(|r| r.path);
    let covered = |path: &str| {
        VISITED.contains(&path)
            || LEFT_OUT.iter().any(|(p, _)| if p.ends_with('/') { path.starts_with(p) } else { path == *p })
    };
    let unvisited: Vec<&str> = gets.clone().filter(|p| !covered(p)).collect();
    assert!(unvisited.is_empty(), "GET routes neither visited by the XSS test nor left out: {unvisited:?}");
    let stale: Vec<&&str> = VISITED.iter().filter(|v| !gets.clone().any(|p| p == **v)).collect();
    assert!(stale.is_empty(), "visited patterns the route table no longer has: {stale:?}");
}

/// The catalogue's labels, all shown by the definition page and the respondent's form.
const CATALOGUE: &[&str] =
    &["theme_label", "service_label", "type_label", "actor_label", "obstacle_label", "support_label"];

/// The study side, logged in as the administrator: every page that shows a free text.
async fn study_side(client: &Client, root: &str, visits: &mut Visits) {
    let w = format!("{root}/vagues/{WAVE}");
    visits.visit(client, &format!("{root}/lien-perdu"), "lien perdu", &[]).await;
    visits.visit(client, &format!("{root}/connexion"), "connexion", &[]).await;
    let login = "document.getElementById('email').value = 'admin@mutu.test';\
        document.getElementById('password').value = 'mot de passe de test';\
        document.querySelector('form[action=\"/connexion\"]').requestSubmit();";
    client.execute(login, vec![]).await.expect("log in");
    client.wait().for_element(Locator::Css("nav.site-nav form")).await.expect("logged in");

    let questionnaire: Vec<&str> = CATALOGUE
        .iter()
        .copied()
        .chain(["questionnaire_title", "section_title", "question_label", "question_help"])
        .chain(["types_label", "actors_label", "partners_label", "option_label", "wave_name"])
        .collect();
    let pages: Vec<(String, &str, Vec<&str>)> = vec![
        (format!("{root}/"), "accueil", vec!["wave_name"]),
        (format!("{root}/admin/journal"), "journal", vec!["user_email"]),
        (format!("{root}/vagues/nouvelle"), "nouvelle vague", vec!["region_name", "departement_name"]),
        (w.clone(), "suivi", vec!["wave_name", "epci_name"]),
        (format!("{w}?departement=59&taille=ge90k&statut=complete"), "suivi filtré", vec!["epci_name"]),
        (format!("{w}/questionnaire"), "définition", questionnaire),
        (format!("{root}/vagues/{COMMUNES}"), "suivi des communes", vec!["commune_name", "departement_name"]),
        (format!("{w}/invitations"), "invitations", vec!["epci_name", "contact_email"]),
        (format!("{w}/courriels"), "courriels", vec!["mail_subject", "mail_body", "reminder_subject", "reminder_body"]),
        (format!("{w}/courriels?apercu=invitation&cible={ME}"), "aperçu invitation", vec!["mail_subject", "epci_name"]),
        (format!("{w}/courriels?apercu=reminder&cible={ME}"), "aperçu relance", vec!["reminder_body", "wave_name"]),
        (format!("{root}/utilisateurs"), "utilisateurs", vec!["user_email"]),
        (format!("{w}/analyse"), "analyse", vec!["wave_name", "service_label"]),
        (format!("{w}/analyse?departement=59&taille=ge90k&nature=CA&comparer=npdc-2014"), "analyse filtrée", vec![]),
        (format!("{w}/cibles/{ME}"), "fiche de l'EPCI", vec!["epci_name"]),
        (format!("{root}/series?vagues=npdc-2014,{COMMUNES},{WAVE}"), "séries", vec!["wave_name", "service_label"]),
        (format!("{w}/opportunites"), "opportunités", vec!["service_label"]),
        (format!("{w}/opportunites/site_internet"), "opportunités d'un service", vec!["service_label", "epci_name"]),
        (format!("{root}/qualitatif/acteurs"), "acteurs", vec!["org_name", "person_name", "person_role"]),
        (format!("{root}/qualitatif/entretiens"), "entretiens", vec!["org_name", "interview_notes"]),
        (format!("{root}/qualitatif/entretiens/{INTERVIEW}"), "entretien", vec!["interview_notes"]),
        (format!("{root}/qualitatif/structures"), "structures", vec![]),
        (format!("{root}/offres"), "registre des offres", vec!["offer_structure", "offer_price"]),
        (
            format!("{w}/achats-groupes"),
            "achats groupés",
            vec!["wave_name", "service_label", "type_label", "epci_name"],
        ),
        (format!("{w}/verbatims"), "verbatims", vec!["verbatim_interview", "verbatim_answer"]),
        (format!("{w}/groupes"), "groupes de travail", vec!["group_name", "group_facilitator", "service_label"]),
        (format!("{root}/groupes/1"), "groupe de travail", vec!["group_note", "group_document", "epci_name"]),
        (format!("{w}/saisie/{ME}"), "saisie pour l'EPCI", vec!["epci_name", "section_title"]),
        (format!("{w}/saisie/{ME}/recapitulatif"), "saisie : récapitulatif", vec!["answer_needs"]),
    ];
    for (url, page, expected) in &pages {
        visits.visit(client, url, page, expected).await;
    }
    for section in ["thematiques", "services", "freins", "aides", "contact"] {
        let url = format!("{w}/saisie/{ME}/section/{section}");
        visits.visit(client, &url, &format!("saisie : {section}"), &["section_title"]).await;
    }

    // Refused inputs are shown back in their form: typed in the browser, sent by it.
    let typed = |field: &str| hostile(field);
    let refusals = [
        Refused {
            url: format!("{root}/vagues/nouvelle"),
            action: "/vagues".into(),
            fields: vec![
                ("code", "XSS BIS".into()),
                ("nom", typed("typed_wave_name")),
                ("ouverture", typed("typed_date")),
            ],
            page: "nouvelle vague refusée",
            shown: &["typed_wave_name", "typed_date"],
        },
        Refused {
            url: format!("{w}/questionnaire"),
            action: format!("/vagues/{WAVE}/dates"),
            fields: vec![("cloture", typed("typed_date"))],
            page: "dates refusées",
            shown: &["typed_date"],
        },
        Refused {
            url: format!("{w}/invitations"),
            action: format!("/vagues/{WAVE}/contacts"),
            fields: vec![("contacts", format!("respondent,email,name\n{ME},{},x\n", typed("typed_contact")))],
            page: "contacts refusés",
            shown: &["typed_contact"],
        },
        Refused {
            url: format!("{w}/courriels"),
            action: format!("/vagues/{WAVE}/courriels/modele"),
            fields: vec![("subject", typed("typed_subject")), ("body", typed("typed_body"))],
            page: "modèle refusé",
            shown: &["typed_subject", "typed_body"],
        },
        Refused {
            url: format!("{root}/utilisateurs"),
            action: "/utilisateurs".into(),
            fields: vec![("email", typed("typed_email"))],
            page: "compte refusé",
            shown: &["typed_email"],
        },
        Refused {
            url: format!("{root}/qualitatif/acteurs"),
            action: "/qualitatif/acteurs/import".into(),
            fields: vec![("acteurs", format!("key,organisation\n{}\n", typed("typed_actors")))],
            page: "acteurs refusés",
            shown: &["typed_actors"],
        },
        Refused {
            url: format!("{root}/offres"),
            action: "/offres/import".into(),
            fields: vec![("registre", format!("structure,service\n{}\n", typed("typed_offers")))],
            page: "registre refusé",
            shown: &["typed_offers"],
        },
        Refused {
            url: format!("{root}/qualitatif/entretiens/{INTERVIEW}"),
            action: format!("/qualitatif/entretiens/{INTERVIEW}"),
            fields: vec![("duree", "une heure".into()), ("notes", typed("typed_notes"))],
            page: "entretien refusé",
            shown: &["typed_notes"],
        },
    ];
    for r in &refusals {
        client.goto(&r.url).await.expect("goto");
        let fields: Vec<(&str, &str)> = r.fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        visits.submit(client, &r.action, &fields, r.page, r.shown).await;
    }
}

/// A form sent with refused, hostile input: the page it is on, its action, its fields, and the
/// hostile fields its answer shows back.
struct Refused {
    url: String,
    action: String,
    fields: Vec<(&'static str, String)>,
    page: &'static str,
    shown: &'static [&'static str],
}

/// The respondent's pages, once submitted (receipt, summary, comparison) and once reopened by
/// the lead (every section of the form, with its autosave data).
async fn respondent_side(app: &TestApp, admin: &Login, client: &Client, root: &str, visits: &mut Visits) {
    let sections = ["thematiques", "services", "freins", "aides", "contact"];
    client.goto(&format!("{root}/i/{TOKEN}")).await.expect("goto");
    visits.check(client, "formulaire transmis", &["wave_name", "epci_name"]).await;
    visits.visit(client, &format!("{root}/reponse/recapitulatif"), "récapitulatif transmis", &["answer_needs"]).await;
    visits.visit(client, &format!("{root}/reponse/comparaison"), "comparaison", &["epci_name"]).await;
    // Reopened by the lead, so that the form is editable again, with its autosave data.
    seed::post(app, &format!("/vagues/{WAVE}/cibles/{ME}/rouvrir"), admin, &[]).await;
    client.goto(&format!("{root}/i/{TOKEN}")).await.expect("goto");
    visits.check(client, "formulaire rouvert", &["section_title"]).await;
    for section in sections {
        let page = format!("section {section}");
        visits.visit(client, &format!("{root}/reponse/section/{section}"), &page, &["section_title"]).await;
    }
    visits.visit(client, &format!("{root}/reponse/recapitulatif"), "récapitulatif rouvert", &["answer_needs"]).await;
}

/// The public pages of the published wave, its report, and every figure's drawing and frame.
async fn public_side(client: &Client, root: &str, visits: &mut Visits) {
    let p = format!("{root}/public/{WAVE}");
    visits.visit(client, &p, "page publique", &["wave_name", "answer_needs"]).await;
    let ids = client
        .execute("return [...document.querySelectorAll('figure[id^=\"figure-\"]')].map(f => f.id.slice(7));", vec![]);
    let ids: Vec<String> = serde_json::from_value(ids.await.expect("figures")).expect("ids");
    assert!(ids.len() > 5, "the public page shows the figures: {ids:?}");
    visits.visit(client, &format!("{p}/rapport.html"), "rapport public", &["wave_name"]).await;
    for id in &ids {
        visits.visit(client, &format!("{p}/graphiques/{id}.svg"), &format!("dessin {id}"), &[]).await;
        visits.visit(client, &format!("{p}/integrer/{id}"), &format!("cadre {id}"), &[]).await;
    }
}

/// The PDF report through the lead's download: it compiles (an evaluated `#panic` would not),
/// and, read back with poppler's `pdftotext` when present, shows the typst and template
/// payloads as they were typed. The XLSX report downloads too; its cells are proved to be
/// strings by `crates/render/src/export/tests.rs`.
async fn reports(app: &TestApp, admin: &Login) {
    let xlsx = app.get(&format!("/vagues/{WAVE}/analyse/rapport.xlsx"), Some(&admin.cookie)).await;
    assert_eq!(xlsx.status, axum::http::StatusCode::OK, "XLSX report");
    let pdf = app.get_bytes(&format!("/vagues/{WAVE}/analyse/rapport.pdf"), Some(&admin.cookie)).await;
    let Some(text) = crate::common::pdf_text(&pdf) else { return };
    // Lines are broken (and words hyphenated) by the typesetting: compare without spaces,
    // hyphens and soft hyphens.
    let squeeze =
        |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}')).collect() };
    let text = squeeze(&text);
    // The wave's verbatims are coded, so the report quotes them by theme (an answer's free
    // text among them) instead of the raw free texts question by question.
    let fields = ["wave_name", "departement_name", "verbatim_answer", "verbatim_interview"]
        .into_iter()
        .chain(CATALOGUE.iter().copied());
    for field in fields {
        for n in [9, 10] {
            let typed = PAYLOADS[n].replace("{m}", &payloads::marker(field, n));
            assert!(text.contains(&squeeze(&typed)), "PDF: « {typed} » not printed as typed");
        }
    }
}

/// The detector itself, first: a page from a file (no Content-Security-Policy) with one live
/// payload must show a dialog and the element it made, or every later "0" would mean nothing.
async fn canary(client: &Client, dir: &std::path::Path) {
    let file = dir.join("canary.html");
    std::fs::write(
        &file,
        "<!doctype html><title>canari</title><img src=x id=\"xss-canary-0\" onerror=\"alert('canari')\">",
    )
    .expect("canary");
    let mut probe = Visits::default();
    probe.visit(client, &format!("file://{}", file.display()), "canari", &[]).await;
    assert!(!probe.dialogs.is_empty(), "the canary's dialog was not seen");
    assert!(
        probe.made.iter().any(|m| m.contains("xss-canary-0")),
        "the canary's element was not seen: {:?}",
        probe.made
    );
    assert!(probe.made.iter().any(|m| m.contains("onerror")), "the canary's handler was not seen: {:?}", probe.made);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payloads_in_every_free_text_field_stay_inert_in_chromium() {
    if !crate::chromium::chromium_or_skip("XSS browser test") {
        return;
    }
    let started = Instant::now();
    let app = common::app().await;
    let admin = seed::seed(&app).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let root = format!("http://{}", listener.local_addr().expect("addr"));
    let server = tokio::spawn(mutu_web::serve(app.state.clone(), listener));
    let driver = Driver::start();
    let profile = tempfile::tempdir().expect("profile");
    let client = driver.session(profile.path()).await;
    canary(&client, profile.path()).await;
    let mut visits = Visits::default();

    reports(&app, &admin).await;
    study_side(&client, &root, &mut visits).await;

    // The lead's HTML report, opened from a file: no Content-Security-Policy to fall back on.
    let report = app.get(&format!("/vagues/{WAVE}/analyse/rapport.html"), Some(&admin.cookie)).await;
    assert_eq!(report.status, axum::http::StatusCode::OK);
    let file = profile.path().join("rapport.html");
    std::fs::write(&file, &report.body).expect("write report");
    let expected = ["wave_name", "service_label", "verbatim_answer"];
    visits.visit(&client, &format!("file://{}", file.display()), "rapport HTML (fichier)", &expected).await;

    public_side(&client, &root, &mut visits).await;
    client.delete_all_cookies().await.expect("cookies");
    respondent_side(&app, &admin, &client, &root, &mut visits).await;
    client.close().await.expect("close");
    server.abort();

    for (page, shown) in &visits.shown {
        eprintln!("xss: {page}: {} fields shown whole: {shown:?}", shown.len());
    }
    let everywhere: std::collections::BTreeSet<&String> = visits.shown.iter().flat_map(|(_, s)| s).collect();
    // A contact's name is kept for the lead's exports; no page shows it.
    let unseen: Vec<&&str> =
        FIELDS.iter().filter(|f| **f != "contact_name" && !everywhere.contains(&f.to_string())).collect();
    eprintln!(
        "xss: {} payloads × {} fields (+ {} hostile addresses × 2, one 20 000-character text); {} pages; {} dialogs; {:.1} s",
        PAYLOADS.len(),
        FIELDS.len(),
        payloads::EMAILS.len(),
        visits.pages,
        visits.dialogs.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(visits.dialogs.is_empty(), "dialogs opened: {:#?}", visits.dialogs);
    assert!(visits.made.is_empty(), "markup made by payloads: {:#?}", visits.made);
    assert!(visits.missing.is_empty(), "payloads missing: {:#?}", visits.missing);
    assert!(unseen.is_empty(), "fields shown whole on no page: {unseen:?}");
}
