//! Puts the payloads of `payloads.rs` into every free-text field a person can type or import,
//! through the ways in people use: the territory import of `mutu territory import` and the
//! answers import of `mutu responses import` (the same library calls), the study lead's forms
//! (wave, definition, contacts, mail templates, users, actors, interviews, verbatims) and the
//! respondent's JSON API.

use super::payloads::{PAYLOADS, emails, hostile, long_text, marker};
use crate::common::{self, Login, Reply, TestApp};
use axum::http::StatusCode;
use mutu_domain::catalogue::Catalogue;
use mutu_domain::codes::CampaignCode;
use mutu_domain::lifecycle::Role;
use serde_json::{Value, json};

/// The hostile wave.
pub const WAVE: &str = "xss-2015";
/// A wave over the communes of the Nord, one of them with a hostile name.
pub const COMMUNES: &str = "xss-communes";
/// The EPCI whose name, commune, contact and answers are hostile.
pub const ME: &str = "200043396";
/// Its invitation link's token.
pub const TOKEN: &str = "jeton-xss";
/// The interview whose notes are hostile.
pub const INTERVIEW: &str = "X01";

/// Every free-text field that receives the payloads (the address fields, whose syntax is
/// checked, receive `payloads::EMAILS` instead).
pub const FIELDS: &[&str] = &[
    "region_name",
    "departement_name",
    "epci_name",
    "commune_name",
    "wave_name",
    "theme_label",
    "service_label",
    "type_label",
    "actor_label",
    "obstacle_label",
    "support_label",
    "questionnaire_title",
    "section_title",
    "question_label",
    "question_help",
    "types_label",
    "actors_label",
    "partners_label",
    "option_label",
    "contact_name",
    "mail_subject",
    "mail_body",
    "reminder_subject",
    "reminder_body",
    "answer_obstacles_other",
    "answer_needs",
    "answer_contact_name",
    "answer_contact_role",
    "answer_contact_email",
    "answer_partners",
    "contact_email",
    "user_email",
    "org_name",
    "person_name",
    "person_role",
    "person_email",
    "interview_notes",
    "verbatim_interview",
    "verbatim_answer",
    "offer_structure",
    "offer_price",
    "group_name",
    "group_facilitator",
    "group_note",
    "group_document",
];

/// Posts `fields` with the user's anti-forgery token; the reply must be a redirection.
pub async fn post(app: &TestApp, uri: &str, user: &Login, fields: &[(&str, &str)]) -> Reply {
    let mut all = vec![("csrf", user.csrf.as_str())];
    all.extend_from_slice(fields);
    let reply = app.post_form(uri, Some(&user.cookie), &all).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "POST {uri}: {}", reply.body);
    reply
}

/// The fixture territory with hostile names: région 31, département 59, the EPCI [`ME`] and
/// its first commune; imported as `mutu territory import` does, with the bundled outlines.
async fn hostile_territory(app: &TestApp) {
    let text = std::fs::read(common::fixture("territory.csv")).expect("fixture");
    let mut reader = csv::Reader::from_reader(text.as_slice());
    let mut out = csv::Writer::from_writer(vec![]);
    out.write_record(reader.headers().expect("header")).expect("write");
    let mut commune_done = false;
    for record in reader.records() {
        let mut row: Vec<String> = record.expect("row").iter().map(str::to_owned).collect();
        match (row[0].as_str(), row[1].as_str()) {
            ("region", "31") => row[2] = hostile("region_name"),
            ("departement", "59") => row[2] = hostile("departement_name"),
            // The nature (CA, CC…) is read from the name's first word.
            ("epci", ME) => row[2] = format!("CA {}", hostile("epci_name")),
            ("commune", _) if row[5] == ME && !commune_done => {
                row[2] = hostile("commune_name");
                commune_done = true;
            }
            _ => {}
        }
        out.write_record(&row).expect("write");
    }
    let bytes = out.into_inner().expect("csv");
    let territory = mutu_import::read_territory_csv("territory.csv", &bytes).expect("hostile territory");
    app.state.store.import_territory(&territory).await.expect("import");
    // The commune outlines the CLI joins to every import: the maps and opportunities need them.
    let codes: std::collections::BTreeSet<String> = territory.communes.iter().map(|c| c.code.to_string()).collect();
    let mut contours = mutu_import::bundled_contours().expect("bundled contours");
    contours.retain(|code, _| codes.contains(code));
    app.state.store.import_contours(&contours).await.expect("contours");
}

/// The default catalogue, the first item of every list and the first service relabelled.
fn hostile_catalogue() -> String {
    let catalogue = Catalogue::default_catalogue();
    let mut out = csv::Writer::from_writer(vec![]);
    out.write_record(["kind", "code", "theme", "label", "previous"]).expect("csv");
    let label = |i: usize, field: &str, label: &str| if i == 0 { hostile(field) } else { label.to_owned() };
    for (i, t) in catalogue.themes.iter().enumerate() {
        out.write_record(["theme", &t.code, "", &label(i, "theme_label", &t.label), ""]).expect("csv");
    }
    for (i, s) in catalogue.services.iter().enumerate() {
        let previous = s.previous.join("|");
        out.write_record(["service", &s.code, &s.theme, &label(i, "service_label", &s.label), &previous]).expect("csv");
    }
    let lists = [
        ("type", "type_label", &catalogue.types),
        ("actor", "actor_label", &catalogue.actors),
        ("obstacle", "obstacle_label", &catalogue.obstacles),
        ("support", "support_label", &catalogue.support),
    ];
    for (kind, field, items) in lists {
        for (i, item) in items.iter().enumerate() {
            out.write_record([kind, &item.code, "", &label(i, field, &item.label), ""]).expect("csv");
        }
    }
    String::from_utf8(out.into_inner().expect("csv")).expect("utf-8")
}

/// The default questionnaire with hostile title, section titles, labels, helps, the matrix's
/// sub-question wordings, and one more question of inline options with a hostile label.
fn hostile_questionnaire() -> String {
    let text = include_str!("../../../../domain/data/questionnaire.toml");
    let mut q: toml::Table = toml::from_str(text).expect("default questionnaire");
    q.insert("title".into(), hostile("questionnaire_title").into());
    let sections = q.get_mut("sections").and_then(|s| s.as_array_mut()).expect("sections");
    for section in sections.iter_mut() {
        let section = section.as_table_mut().expect("section");
        section.insert("title".into(), hostile("section_title").into());
        for question in section.get_mut("questions").and_then(|s| s.as_array_mut()).expect("questions") {
            let question = question.as_table_mut().expect("question");
            question.insert("label".into(), hostile("question_label").into());
            question.insert("help".into(), hostile("question_help").into());
            for key in ["types_label", "actors_label", "partners_label"] {
                if question.contains_key(key) {
                    question.insert(key.into(), hostile(key).into());
                }
            }
        }
    }
    let last = sections.last_mut().and_then(|s| s.as_table_mut()).expect("last section");
    let choice = format!(
        "id = \"xss_choice\"\ntype = \"single_choice\"\nlabel = \"Choix\"\noptions = [{{ code = \"a\", label = {} }}, {{ code = \"b\", label = \"B\" }}]\n",
        toml::Value::from(hostile("option_label"))
    );
    let choice: toml::Table = toml::from_str(&choice).expect("inline question");
    last.get_mut("questions").and_then(|s| s.as_array_mut()).expect("questions").push(choice.into());
    toml::to_string(&q).expect("toml")
}

/// The hostile answers of [`ME`], typed through the respondent's API and submitted.
async fn hostile_answers(app: &TestApp, wave: &CampaignCode) {
    let cookie = app.enter(TOKEN).await;
    let url = format!("/api/v1/campaigns/{wave}/answers/{ME}");
    let partners = hostile("answer_partners");
    let answers = json!({
        "themes": ["administration", "culture"],
        "services": {
            "site_internet": {"status": "deployed", "mutualisation": "implemented", "types": ["groupement_commandes"],
                              "actors": ["autres", "region"], "partners": partners},
            "gru": {"status": "studied", "mutualisation": "planned", "actors": ["autres"], "partners": partners},
        },
        "obstacles": ["cout", "autre"],
        "obstacles_other": hostile("answer_obstacles_other"),
        "expected_support": ["sensibilisation_elus"],
        "needs": hostile("answer_needs"),
        "contact_name": hostile("answer_contact_name"),
        "contact_role": hostile("answer_contact_role"),
        "contact_email": hostile("answer_contact_email"),
        "xss_choice": "a",
    });
    let saved = app.json("PUT", &url, Some(&cookie), Some("\"0\""), Some(json!({"answers": answers}))).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let submitted = app.json("POST", &format!("{url}/submit"), Some(&cookie), None, Some(json!({}))).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
}

/// The fixture's answers (but [`ME`]'s), and one more with the 20 000-character text, imported
/// as `mutu responses import` does, so that every figure has numbers.
async fn imported_answers(app: &TestApp, wave: &CampaignCode) {
    let campaign = app.state.store.campaign(wave).await.expect("wave");
    let text = std::fs::read_to_string(common::fixture("responses.jsonl")).expect("fixture");
    let mut lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("json"))
        .filter(|v| v["respondent"] != ME)
        .collect();
    let long = lines.iter_mut().rev().find(|v| v["status"] == "complete").expect("a complete answer");
    long["answers"]["needs"] = Value::String(long_text());
    let text: Vec<String> = lines.iter().map(Value::to_string).collect();
    let responses = mutu_import::read_responses(
        "responses.jsonl",
        &text.join("\n"),
        &campaign,
        mutu_domain::answers::Required::Reported,
    )
    .expect("answers")
    .responses;
    app.state.store.import_responses(wave, &responses).await.expect("import");
}

/// Actors, a person, an interview and two verbatims, through the qualitative pages.
async fn hostile_qualitative(app: &TestApp, lead: &Login, wave: &str) {
    let org = hostile("org_name");
    let mut actors = csv::Writer::from_writer(vec![]);
    actors.write_record(["key", "organisation", "in_territory", "body_type", "name", "role", "email"]).expect("csv");
    let (name, role, email) = (hostile("person_name"), hostile("person_role"), hostile("person_email"));
    actors.write_record(["x-1", &org, "oui", "syndicat", &name, &role, &email]).expect("csv");
    let actors = String::from_utf8(actors.into_inner().expect("csv")).expect("utf-8");
    post(app, "/qualitatif/acteurs/import", lead, &[("acteurs", &actors)]).await;
    let person = [("organisation", org.as_str()), ("cle", "x-2"), ("fonction", &role), ("nom", &name)];
    post(app, "/qualitatif/acteurs/personnes", lead, &person).await;
    let notes = hostile("interview_notes");
    let interview = [
        ("code", INTERVIEW),
        ("organisation", org.as_str()),
        ("date", "2015-09-10"),
        ("duree", "60"),
        ("participants", "x-1"),
        ("notes", &notes),
    ];
    post(app, "/qualitatif/entretiens", lead, &interview).await;
    let mut quotes = csv::Writer::from_writer(vec![]);
    quotes.write_record(["source", "interview", "respondent", "question", "quote", "themes"]).expect("csv");
    quotes.write_record(["entretien", INTERVIEW, "", "", &hostile("verbatim_interview"), "strategie"]).expect("csv");
    quotes.write_record(["reponse", "", ME, "needs", &hostile("verbatim_answer"), "gouvernance"]).expect("csv");
    let quotes = String::from_utf8(quotes.into_inner().expect("csv")).expect("utf-8");
    post(app, &format!("/vagues/{wave}/verbatims"), lead, &[("verbatims", &quotes)]).await;
}

/// The register of offers, through its import form: one offer per payload, since a structure's
/// name and a price model hold 500 characters, fewer than all the payloads together.
async fn hostile_offers(app: &TestApp, lead: &Login) {
    let mut offers = csv::Writer::from_writer(vec![]);
    offers.write_record(mutu_import::OFFER_COLUMNS).expect("csv");
    for (n, payload) in PAYLOADS.iter().enumerate() {
        let structure = payload.replace("{m}", &marker("offer_structure", n));
        let price = payload.replace("{m}", &marker("offer_price", n));
        offers.write_record([structure.as_str(), "site_internet", "groupement_commandes", &price, "*"]).expect("csv");
    }
    let offers = String::from_utf8(offers.into_inner().expect("csv")).expect("utf-8");
    let imported = post(app, "/offres/import", lead, &[("registre", &offers)]).await;
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.body);
}

/// Working groups through their forms: one group per payload (a group's name and its
/// facilitator's hold 200 characters, fewer than all the payloads together), each of [`ME`]
/// and another EPCI; the first one holds the hostile note and one document per payload.
/// Returns the first group's id.
async fn hostile_groups(app: &TestApp, lead: &Login, other: &str) -> i64 {
    let members = format!("{ME},{other}");
    let mut first = None;
    for (n, payload) in PAYLOADS.iter().enumerate() {
        let name = payload.replace("{m}", &marker("group_name", n));
        let fields = [("nom", name.as_str()), ("sujet", "service:site_internet"), ("membres", members.as_str())];
        let created = post(app, &format!("/vagues/{WAVE}/groupes"), lead, &fields).await;
        let id: i64 =
            created.header("location").and_then(|l| l.strip_prefix("/groupes/")).expect("page").parse().expect("id");
        let facilitator = payload.replace("{m}", &marker("group_facilitator", n));
        let details = [
            ("nom", name.as_str()),
            ("membres", members.as_str()),
            ("animateur-type", "structure"),
            ("animateur", facilitator.as_str()),
        ];
        post(app, &format!("/groupes/{id}/fiche"), lead, &details).await;
        first.get_or_insert(id);
    }
    let id = first.expect("a group");
    let note = hostile("group_note");
    post(app, &format!("/groupes/{id}/notes"), lead, &[("note-date", "2015-09-01"), ("note-texte", &note)]).await;
    for (n, payload) in PAYLOADS.iter().enumerate() {
        let title = payload.replace("{m}", &marker("group_document", n));
        let link = [("doc-titre", title.as_str()), ("doc-lien", "https://exemple.fr/compte-rendu.pdf")];
        post(app, &format!("/groupes/{id}/documents"), lead, &link).await;
    }
    id
}

/// Seeds everything; returns the administrator (the browser logs in as `admin@mutu.test`).
pub async fn seed(app: &TestApp) -> Login {
    hostile_territory(app).await;
    let admin = app.login_as(Role::Admin).await;
    let name = hostile("wave_name");
    let wave =
        [("code", WAVE), ("nom", &name), ("niveau", "epci"), ("ouverture", "2015-07-15"), ("cloture", "2015-09-24")];
    post(app, "/vagues", &admin, &wave).await;
    // Commune names show as targets of a wave over communes.
    let communes = [("code", COMMUNES), ("nom", "Communes du Nord"), ("niveau", "commune"), ("departement", "59")];
    post(app, "/vagues", &admin, &communes).await;
    let (catalogue, questionnaire) = (hostile_catalogue(), hostile_questionnaire());
    let definition = [("catalogue", catalogue.as_str()), ("questionnaire", &questionnaire)];
    let saved = post(app, &format!("/vagues/{WAVE}/questionnaire"), &admin, &definition).await;
    assert!(saved.header("location").is_some_and(|l| l.ends_with("enregistre=1")), "the definition changed");
    post(app, &format!("/vagues/{WAVE}/ouvrir"), &admin, &[]).await;

    // One contact with a hostile name for ME, and the hostile addresses spread over three targets.
    let targets = app.state.store.campaign(&CampaignCode::parse(WAVE).expect("code")).await.expect("wave").targets;
    let others = targets.iter().map(|t| t.code.as_str()).filter(|c| *c != ME);
    let mut contacts = csv::Writer::from_writer(vec![]);
    contacts.write_record(["respondent", "email", "name"]).expect("csv");
    for (i, (code, email)) in std::iter::once(ME).chain(others).zip(emails("contact_email")).enumerate() {
        let name = if i == 0 { hostile("contact_name") } else { format!("Contact {i}") };
        contacts.write_record([code, &email, &name]).expect("csv");
    }
    let contacts = String::from_utf8(contacts.into_inner().expect("csv")).expect("utf-8");
    post(app, &format!("/vagues/{WAVE}/contacts"), &admin, &[("contacts", &contacts)]).await;
    for (kind, subject, body) in
        [("invitation", "mail_subject", "mail_body"), ("reminder", "reminder_subject", "reminder_body")]
    {
        let (subject, body) = (hostile(subject), format!("{} {{nom}} {{vague}} {{lien}}", hostile(body)));
        post(
            app,
            &format!("/vagues/{WAVE}/courriels/modele"),
            &admin,
            &[("kind", kind), ("subject", &subject), ("body", &body)],
        )
        .await;
    }
    for email in emails("user_email") {
        let user = [("email", email.as_str()), ("role", "viewer"), ("password", "un mot de passe assez long")];
        post(app, "/utilisateurs", &admin, &user).await;
    }

    let wave = CampaignCode::parse(WAVE).expect("code");
    app.invite(&wave, ME, TOKEN).await;
    // A « lien perdu » request and a registered domain for ME, through the public form and the
    // follow-up page: the follow-up shows ME's hostile name in both.
    let form = app.get("/lien-perdu", None).await;
    let token = form.input_value("csrf").expect("form token");
    let fields = [("csrf", token.as_str()), ("organisme", ME), ("email", "agent@exemple-epci.fr")];
    let asked = app.post_form("/lien-perdu", Some(&format!("mutu_login={token}")), &fields).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    post(
        app,
        &format!("/vagues/{WAVE}/liens-perdus/domaines"),
        &admin,
        &[("cible", ME), ("domaine", "exemple-epci.fr")],
    )
    .await;
    imported_answers(app, &wave).await;
    hostile_answers(app, &wave).await;
    hostile_qualitative(app, &admin, WAVE).await;
    hostile_offers(app, &admin).await;
    let other = targets.iter().map(|t| t.code.as_str()).find(|c| *c != ME).expect("another EPCI");
    hostile_groups(app, &admin, other).await;
    post(app, &format!("/vagues/{WAVE}/publier"), &admin, &[]).await;
    admin
}
