//! The register of offers (`/offres`): a lead adds, removes and replaces it whole through
//! the CLI's reader, a refused form changes nothing and says which line and field are at
//! fault, a viewer reads it and cannot post; and a wave's group purchase needs
//! (`/vagues/{code}/achats-groupes` and its CSV): exactly the bodies whose complete answers
//! cite a groupement de commandes, or ask for help to set one up, with their populations.

use crate::analysis::html;
use crate::common::post;
use crate::common::{self, TestApp};
use crate::lead::location;
use axum::http::StatusCode;
use mutu_domain::catalogue::{Catalogue, OptionList};
use mutu_domain::lifecycle::Role;
use mutu_domain::offers::{Area, Offer};
use mutu_render::{Format, Lang};

const REGISTER: &str = "/offres";

async fn register(app: &TestApp) -> Vec<Offer> {
    app.state.store.offers().await.expect("register")
}

fn offer(structure: &str, service: &str, vehicle: &str, price: &str, area: &str) -> Offer {
    Offer::new(structure, service, vehicle, price, Area::parse(area).expect("area"), &Catalogue::default_catalogue())
        .expect("offer")
}

const NORD: [(&str, &str); 5] = [
    ("structure", "Syndicat mixte Nord numérique"),
    ("service", "sig"),
    ("vehicle", "syndicat"),
    ("price_model", "Cotisation de 0,10 € par habitant"),
    ("departements", "59|62"),
];

#[tokio::test]
async fn a_lead_adds_removes_and_replaces_the_register_all_or_nothing() {
    let app = common::app().await;
    let lead = app.login_as(Role::Lead).await;
    let catalogue = Catalogue::default_catalogue();

    let empty = app.get(REGISTER, Some(&lead.cookie)).await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.body);
    assert!(empty.body.contains("Le registre est vide"), "{}", empty.body);
    for id in ["offre-structure", "offre-service", "offre-vehicle", "offre-price_model", "offre-departements"] {
        assert!(empty.body.contains(&format!("<label for=\"{id}\">")), "a label for {id}");
        assert!(empty.body.contains(&format!("id=\"{id}\"")), "the field {id}");
    }
    assert!(empty.body.contains("<label for=\"offres-registre\">"), "a label for the pasted register");
    assert!(empty.body.contains("href=\"/offres\""), "the study side's navigation links to the register");

    // Two offers added one at a time, each at the end of the register.
    let added = post(&app, REGISTER, &lead, &NORD).await;
    assert_eq!((added.status, location(&added)), (StatusCode::SEE_OTHER, "/offres?ok=ajout&n=1#registre"));
    let gip = [
        ("structure", "GIP Régional"),
        ("service", "actes"),
        ("vehicle", "groupement_commandes"),
        ("price_model", "Au coût réel"),
        ("departements", "*"),
    ];
    let added = post(&app, REGISTER, &lead, &gip).await;
    assert_eq!(location(&added), "/offres?ok=ajout&n=2#registre", "{}", added.body);
    let two = vec![
        offer("Syndicat mixte Nord numérique", "sig", "syndicat", "Cotisation de 0,10 € par habitant", "59|62"),
        offer("GIP Régional", "actes", "groupement_commandes", "Au coût réel", "*"),
    ];
    assert_eq!(register(&app).await, two);

    let page = app.get("/offres?ok=ajout&n=2", Some(&lead.cookie)).await;
    let body = &page.body;
    assert!(body.contains("Offre ajoutée : le registre compte 2 offres."), "{body}");
    assert!(body.contains("<caption>") && body.contains("<th scope=\"col\">Structure</th>"));
    assert!(body.contains("<th scope=\"row\">Syndicat mixte Nord numérique</th>"), "{body}");
    for label in [
        catalogue.label(OptionList::Services, "sig"),
        catalogue.label(OptionList::Types, "syndicat"),
        catalogue.label(OptionList::Services, "actes"),
        catalogue.label(OptionList::Types, "groupement_commandes"),
    ] {
        assert!(body.contains(&format!("<td>{}</td>", html(label))), "the catalogue's label {label}");
    }
    assert!(body.contains("<td>Nord (59), Pas-de-Calais (62)</td>"), "départements by name: {body}");
    assert!(body.contains("<td>Tous les départements</td>"));

    // Refused additions: the same offer again (whatever the case), an unknown département.
    let mut again = NORD;
    again[0] = ("structure", "SYNDICAT MIXTE NORD NUMÉRIQUE");
    let refused = post(&app, REGISTER, &lead, &again).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("offre déjà le service"), "{}", refused.body);
    assert!(refused.body.contains("id=\"offre-structure-erreur\""), "the error is tied to its field");
    let mut bad = NORD;
    bad[4] = ("departements", "59|5962");
    let refused = post(&app, REGISTER, &lead, &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"offre-departements-erreur\""), "{}", refused.body);
    assert!(refused.body.contains("value=\"59|5962\""), "the form keeps what was typed");
    assert_eq!(register(&app).await, two, "nothing added");

    // A removal from a stale page (position 0 no longer holds the GIP's offer) changes nothing.
    let gip_at = |position: &'static str| {
        [
            ("position", position),
            ("structure", "GIP Régional"),
            ("service", "actes"),
            ("vehicle", "groupement_commandes"),
        ]
    };
    let stale = post(&app, "/offres/suppression", &lead, &gip_at("0")).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(stale.body.contains("Le registre a changé depuis l&#x27;affichage de la page"), "{}", stale.body);
    assert_eq!(register(&app).await, two, "nothing removed");
    let removed = post(&app, "/offres/suppression", &lead, &gip_at("1")).await;
    assert_eq!(location(&removed), "/offres?ok=suppression&n=1#registre", "{}", removed.body);
    assert_eq!(register(&app).await, two[..1]);

    // The whole register replaced by a pasted file, through the CLI's reader.
    let file = "structure;service;vehicle;price_model;departements\n\
                Centrale régionale;parapheur;centrale_achat;Frais de gestion de 2 %;*\n\
                CDG 62;sig;prestation_services;Au forfait;62\n";
    let imported = post(&app, "/offres/import", &lead, &[("registre", file)]).await;
    assert_eq!(location(&imported), "/offres?ok=import&n=2#registre", "{}", imported.body);
    let replaced = mutu_import::read_offers("f.csv", file.as_bytes(), &catalogue).expect("valid file");
    assert_eq!(register(&app).await, replaced);
    let page = app.get(REGISTER, Some(&lead.cookie)).await;
    assert!(page.body.contains("Centrale régionale") && !page.body.contains("Syndicat mixte Nord"));

    // A file with a faulty third line: refused whole, naming the line and the field.
    let faulty = "structure,service,vehicle,price_model,departements\n\
                  Nouvelle structure,sig,syndicat,Gratuit,59\n\
                  Autre structure,sig,vehicule_inconnu,Gratuit,62\n";
    let refused = post(&app, "/offres/import", &lead, &[("registre", faulty)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("ligne 3, champ vehicle"), "{}", refused.body);
    assert!(refused.body.contains("Import refusé, le registre n&#x27;a pas changé"), "{}", refused.body);
    assert!(refused.body.contains("Nouvelle structure,sig,syndicat"), "the pasted text stays to be fixed");
    assert_eq!(register(&app).await, replaced, "all or nothing");

    let actions: Vec<String> = app
        .state
        .store
        .audit_entries(50)
        .await
        .expect("audit")
        .into_iter()
        .filter(|e| e.actor == "lead@mutu.test" && e.action.starts_with("offers."))
        .map(|e| e.action)
        .collect();
    for action in ["offers.add", "offers.remove", "offers.import"] {
        assert!(actions.iter().any(|a| a == action), "{action} is audited: {actions:?}");
    }
    assert_eq!(actions.len(), 4, "only the changes made: {actions:?}");
}

#[tokio::test]
async fn a_viewer_reads_the_register_and_cannot_change_it() {
    let app = common::app().await;
    let lead = app.login_as(Role::Lead).await;
    assert_eq!(post(&app, REGISTER, &lead, &NORD).await.status, StatusCode::SEE_OTHER);
    let viewer = app.login_as(Role::Viewer).await;
    let page = app.get(REGISTER, Some(&viewer.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Syndicat mixte Nord numérique"));
    for form in ["action=\"/offres\"", "action=\"/offres/suppression\"", "action=\"/offres/import\""] {
        assert!(!page.body.contains(form), "no {form} for a viewer");
    }
    let before = register(&app).await;
    let file = "structure,service,vehicle,price_model,departements\nX,sig,syndicat,Gratuit,*\n";
    let removal = [("position", "0"), ("structure", NORD[0].1), ("service", "sig"), ("vehicle", "syndicat")];
    for (uri, fields) in
        [(REGISTER, &NORD[..]), ("/offres/suppression", &removal[..]), ("/offres/import", &[("registre", file)][..])]
    {
        let reply = post(&app, uri, &viewer, fields).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{uri}");
    }
    assert_eq!(register(&app).await, before);
    let anonymous = app.get(REGISTER, None).await;
    assert_eq!(location(&anonymous), "/connexion");
}

/// One line of answers: the service matrix `services` (JSON) and the expected supports.
fn line(respondent: &str, status: &str, services: &str, support: &[&str]) -> String {
    let support: Vec<String> = support.iter().map(|s| format!("\"{s}\"")).collect();
    let submitted = if status == "complete" { ", \"submitted_at\": \"2014-07-16T10:00:00Z\"" } else { "" };
    format!(
        "{{\"respondent\": \"{respondent}\", \"status\": \"{status}\"{submitted}, \"answers\": {{\"services\": {{{services}}}, \"expected_support\": [{}]}}}}\n",
        support.join(", ")
    )
}

#[tokio::test]
async fn the_purchase_needs_list_exactly_the_bodies_that_want_to_buy_together() {
    let app = common::app().await;
    let store = &app.state.store;
    let campaign = store.campaign(&app.campaign).await.expect("campaign");
    let t: Vec<_> = campaign.targets.iter().take(6).collect();
    let purchase = r#""sig": {"status": "deployed", "mutualisation": "implemented", "types": ["groupement_commandes"], "actors": ["epci"]}"#;
    let planned = r#""sig": {"status": "studied", "mutualisation": "planned", "types": ["syndicat", "groupement_commandes"], "actors": ["epci"]}"#;
    let other =
        r#""sig": {"status": "deployed", "mutualisation": "implemented", "types": ["syndicat"], "actors": ["epci"]}"#;
    let alone = r#""sig": {"status": "deployed"}"#;
    let text = [
        line(&t[0].code, "complete", purchase, &[]),
        line(&t[1].code, "complete", planned, &["montage_dossiers"]),
        line(&t[2].code, "complete", other, &["montage_dossiers", "negociation_commerciale"]),
        line(&t[3].code, "complete", alone, &["negociation_commerciale"]),
        // A draft counts for nothing, whatever it says.
        line(&t[4].code, "partial", purchase, &["montage_dossiers"]),
        line(&t[5].code, "complete", alone, &[]),
    ]
    .concat();
    let answers =
        mutu_import::read_responses("answers.jsonl", &text, &campaign, mutu_domain::answers::Required::Reported)
            .expect("answers")
            .responses;
    store.import_responses(&app.campaign, &answers).await.expect("import");

    let viewer = app.login_as(Role::Viewer).await;
    let fmt = Format::new(Lang::Fr);
    let page = app.get("/vagues/npdc-2014/achats-groupes", Some(&viewer.cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    assert!(
        body.contains("href=\"/vagues/npdc-2014/achats-groupes\" aria-current=\"page\""),
        "in the wave's navigation"
    );
    let catalogue = Catalogue::default_catalogue();
    let sig = catalogue.label(OptionList::Services, "sig").to_owned();
    assert!(body.contains(&html(&sig)), "the service with buyers is summed up");
    let buyers = t[0].population + t[1].population;
    assert!(body.contains(&fmt.thousands(buyers)), "the buyers' population together: {body}");
    assert!(body.contains("<caption>") && body.contains("<label for=\"achats-liste\">"));
    // The first list shown is the service's: its buyers and no one else.
    let shown = |body: &str, i: usize| body.contains(&format!("<td>{}</td>", t[i].code));
    assert!(shown(body, 0) && shown(body, 1), "{body}");
    assert!(!shown(body, 2) && !shown(body, 3) && !shown(body, 4) && !shown(body, 5), "{body}");
    assert!(body.contains(&format!("<td class=\"num\">{}</td>", fmt.thousands(t[0].population))));
    assert!(body.contains("<td>Réalisée</td>") && body.contains("<td>Prévue</td>"));
    let types =
        [catalogue.label(OptionList::Types, "syndicat"), catalogue.label(OptionList::Types, "groupement_commandes")];
    assert!(body.contains(&format!("<td>{}</td>", html(&types.join(", ")))), "the types cited for the service: {body}");

    let support = app.get("/vagues/npdc-2014/achats-groupes?liste=aide-montage", Some(&viewer.cookie)).await;
    let body = &support.body;
    assert_eq!(support.status, StatusCode::OK);
    assert!(shown(body, 1) && shown(body, 2), "{body}");
    assert!(!shown(body, 0) && !shown(body, 3) && !shown(body, 4) && !shown(body, 5), "{body}");
    assert!(body.contains(&fmt.thousands(t[1].population + t[2].population)));

    let csv = app.get("/vagues/npdc-2014/achats-groupes.csv", Some(&viewer.cookie)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(csv.header("content-disposition").is_some_and(|d| d.contains("achats-groupes-npdc-2014.csv")));
    let text = csv.body.strip_prefix('\u{feff}').expect("a BOM for French Excel");
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "besoin;service;libelle_service;code;nom;departement;population;communes;mutualisation");
    let rows: Vec<(String, String, String, String)> = lines[1..]
        .iter()
        .map(|l| {
            let mut reader = csv::ReaderBuilder::new().delimiter(b';').has_headers(false).from_reader(l.as_bytes());
            let record = reader.records().next().expect("a record").expect("valid");
            (record[0].to_owned(), record[1].to_owned(), record[3].to_owned(), record[6].to_owned())
        })
        .collect();
    let row = |need: &str, service: &str, i: usize| {
        (need.to_owned(), service.to_owned(), t[i].code.clone(), t[i].population.to_string())
    };
    assert_eq!(
        rows,
        [
            row("groupement_commandes", "sig", 0),
            row("groupement_commandes", "sig", 1),
            row("aide_montage", "", 1),
            row("aide_montage", "", 2),
        ]
    );

    let anonymous = app.get("/vagues/npdc-2014/achats-groupes.csv", None).await;
    assert_eq!(location(&anonymous), "/connexion");
}

#[tokio::test]
async fn a_wave_without_answers_says_no_one_asks() {
    let app = common::app().await;
    let viewer = app.login_as(Role::Viewer).await;
    let page = app.get("/vagues/npdc-2014/achats-groupes", Some(&viewer.cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Aucun répondant ne cite de groupement de commandes"), "{}", page.body);
    let csv = app.get("/vagues/npdc-2014/achats-groupes.csv", Some(&viewer.cookie)).await;
    assert_eq!(csv.body.lines().count(), 1, "the header alone");
}
