//! Working groups through the pages (issue 16): a lead turns an opportunity's group into a
//! working group with exactly its members, sees on its page where each member stands, the
//! offers of the register that cover it (and not the others), moves it along its life,
//! notes decisions and links documents (each refused form saying the field at fault, nothing
//! stored), downloads its starting file; the group shows on its members' pages, to the
//! study side and to the member's own respondent only; a later wave follows it.

use crate::common::post;
use crate::lead::location;
use axum::http::StatusCode;
use mutu_domain::catalogue::Catalogue;
use mutu_domain::codes::{CatalogueCode, DepartementCode};
use mutu_domain::groups::{GroupStatus, NewGroup, NoteKind, Subject, follow_up};
use mutu_domain::lifecycle::Role;
use mutu_domain::offers::{Area, Offer};
use mutu_domain::opportunities::{CostModel, opportunities};

fn offer(catalogue: &Catalogue, structure: &str, service: &str, departements: &[&str]) -> Offer {
    let area = Area::Departements(departements.iter().map(|d| DepartementCode::parse(d).expect("dep")).collect());
    Offer::new(structure, service, "groupement_commandes", "au forfait", area, catalogue).expect("offer")
}

/// A proposed group on the service `site_internet` of `members` of `campaign`.
fn websites(campaign: &mutu_domain::campaign::Campaign, name: &str, members: &[&str]) -> NewGroup {
    let subject = Subject::Service(CatalogueCode::parse("site_internet").expect("code"));
    NewGroup::new(campaign, name, subject, members).expect("group")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lead_turns_an_opportunity_into_a_working_group_and_moves_it_along() {
    let app = crate::opportunities::with_contours().await;
    let store = &app.state.store;
    let campaign = store.campaign(&app.campaign).await.expect("campaign");
    let lead = app.login_as(Role::Lead).await;
    // The opportunities as the domain computes them (the adjacency the page stores first).
    assert_eq!(app.get("/vagues/npdc-2014/opportunites", Some(&lead.cookie)).await.status, StatusCode::OK);
    let adjacency = store.wave_adjacency(&app.campaign).await.expect("read").expect("stored");
    let responses = store.responses(&app.campaign).await.expect("answers");
    let costs = CostModel::default_model(&campaign.catalogue).expect("costs");
    let found = opportunities(&campaign, &responses, &adjacency, &costs);
    let service = found.services.iter().find(|s| !s.groups.is_empty()).expect("a service with groups");
    let first = &service.groups[0];
    // One offer covers the group's départements, one another département only.
    let elsewhere = if first.departements.iter().any(|d| d == "59") { "62" } else { "59" };
    let covering: Vec<&str> = first.departements.iter().map(String::as_str).collect();
    store
        .replace_offers(&[
            offer(&campaign.catalogue, "Syndicat qui couvre", &service.service, &covering),
            offer(&campaign.catalogue, "Syndicat d'ailleurs", &service.service, &[elsewhere]),
        ])
        .await
        .expect("offers");

    // The opportunities page offers the lead a button per group, and names the covering offer.
    let page = app.get(&format!("/vagues/npdc-2014/opportunites/{}", service.service), Some(&lead.cookie)).await;
    assert!(page.body.contains("name=\"opportunite\" value=\"") && page.body.contains("Syndicat qui couvre"));
    assert!(!page.body.contains("Syndicat d&#x27;ailleurs"), "an offer that does not cover the group is not listed");

    let spec = format!("{}:1", service.service);
    let created = post(&app, "/vagues/npdc-2014/groupes", &lead, &[("opportunite", &spec)]).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let id: i64 = location(&created).trim_start_matches("/groupes/").parse().expect("the group's page");
    let group = store.group(id).await.expect("stored");
    let members: Vec<String> = group.group.members.iter().map(ToString::to_string).collect();
    assert_eq!(members, first.members, "exactly the opportunity's members");
    assert_eq!(group.group.subject, Subject::Service(CatalogueCode::parse(&service.service).expect("code")));
    assert_eq!(group.group.status, GroupStatus::Proposed);

    // Its page, for a viewer: members and where they stand, the covering offer only, a map.
    let viewer = app.login_as(Role::Viewer).await;
    let page = app.get(&format!("/groupes/{id}"), Some(&viewer.cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let stand = follow_up(std::slice::from_ref(&group), &campaign, &responses).groups.remove(0);
    for code in &first.members {
        let name = &campaign.targets.iter().find(|t| &t.code == code).expect("target").name;
        assert!(page.body.contains(&format!("{code})")), "member {code} listed");
        assert!(page.body.contains(name.split('\'').next().expect("name")), "member {name} named");
    }
    assert!(page.body.contains(&format!(
        "{} mutualisent (ou le prévoient), {} déploient ou étudient seuls, {} sans besoin déclaré, {} sans réponse complète.",
        stand.pooling.len(),
        stand.alone.len(),
        stand.not_needed.len(),
        stand.silent.len()
    )));
    assert!(page.body.contains("Syndicat qui couvre") && !page.body.contains("Syndicat d&#x27;ailleurs"));
    assert!(page.body.contains(&format!("carte-groupe-{id}")), "the members' map");
    assert!(!page.body.contains("action=\"/groupes/"), "a viewer has no form");

    // Status: an allowed move, then a refused one that changes nothing.
    let moved = post(&app, &format!("/groupes/{id}/statut"), &lead, &[("statut", "formed")]).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let refused = post(&app, &format!("/groupes/{id}/statut"), &lead, &[("statut", "achieved")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("ne peut pas passer à « aboutie »"), "{}", refused.body);
    assert_eq!(store.group(id).await.expect("read").group.status, GroupStatus::Formed);

    // Notes: a bad date is refused; a decision is stored.
    let bad =
        post(&app, &format!("/groupes/{id}/notes"), &lead, &[("note-date", "2026-02-30"), ("note-texte", "x")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("href=\"#note-date\""), "the error summary links to the field");
    let fields =
        [("note-date", "2026-12-01"), ("note-type", "decision"), ("note-texte", "Groupement de commandes en 2027")];
    assert_eq!(post(&app, &format!("/groupes/{id}/notes"), &lead, &fields).await.status, StatusCode::SEE_OTHER);

    // Details: a facilitator needs a kind; then facilitator and next meeting are stored.
    let names = members.join("\n");
    let half = [("nom", "Sites mutualisés"), ("membres", names.as_str()), ("animateur", "Région Hauts-de-France")];
    let refused = post(&app, &format!("/groupes/{id}/fiche"), &lead, &half).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let full = [
        ("nom", "Sites mutualisés"),
        ("membres", names.as_str()),
        ("animateur-type", "region"),
        ("animateur", "Région Hauts-de-France"),
        ("prochaine-reunion", "2027-01-15"),
    ];
    assert_eq!(post(&app, &format!("/groupes/{id}/fiche"), &lead, &full).await.status, StatusCode::SEE_OTHER);

    // Documents: only http(s) links.
    let js = [("doc-titre", "Compte rendu"), ("doc-lien", "javascript:alert(1)")];
    assert_eq!(
        post(&app, &format!("/groupes/{id}/documents"), &lead, &js).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let ok = [("doc-titre", "Compte rendu"), ("doc-lien", "https://exemple.fr/cr.pdf")];
    assert_eq!(post(&app, &format!("/groupes/{id}/documents"), &lead, &ok).await.status, StatusCode::SEE_OTHER);

    let stored = store.group(id).await.expect("read").group;
    assert_eq!(stored.name, "Sites mutualisés");
    assert_eq!(stored.facilitator.as_ref().map(|f| f.name.as_str()), Some("Région Hauts-de-France"));
    assert_eq!(stored.next_meeting.as_ref().map(ToString::to_string).as_deref(), Some("2027-01-15"));
    assert_eq!(stored.notes.len(), 1);
    assert_eq!(stored.notes[0].kind, NoteKind::Decision);
    assert_eq!(stored.documents.len(), 1);
    let page = app.get(&format!("/groupes/{id}?fait=1"), Some(&lead.cookie)).await;
    assert!(page.body.contains("Groupement de commandes en 2027") && page.body.contains("Modification enregistrée."));

    // The starting file of a group purchase: French Excel, one row per member.
    let csv = String::from_utf8(app.get_bytes(&format!("/groupes/{id}/membres.csv"), Some(&viewer.cookie)).await)
        .expect("utf-8");
    assert!(csv.starts_with("\u{feff}code;nom;population;"), "{csv}");
    assert_eq!(csv.lines().count(), members.len() + 1);

    // The wave's groups page and a member's page list it; a body outside the group's does not.
    let wave = app.get("/vagues/npdc-2014/groupes", Some(&viewer.cookie)).await;
    assert!(
        wave.body.contains(&format!("href=\"/groupes/{id}\""))
            || wave.body.contains(&format!("&#x2f;groupes&#x2f;{id}"))
    );
    let member = app.get(&format!("/vagues/npdc-2014/cibles/{}", members[0]), Some(&viewer.cookie)).await;
    assert!(member.body.contains("Sites mutualisés"), "a member's page lists its groups");
    let outside = campaign.targets.iter().find(|t| !members.contains(&t.code)).expect("a non-member");
    let other = app.get(&format!("/vagues/npdc-2014/cibles/{}", outside.code), Some(&viewer.cookie)).await;
    assert_eq!(other.status, StatusCode::OK);
    assert!(!other.body.contains("Sites mutualisés"));
}

#[tokio::test]
async fn a_respondent_sees_the_groups_of_its_own_body_only() {
    let app = crate::common::app().await;
    app.open_wave().await;
    let store = &app.state.store;
    let campaign = store.campaign(&app.campaign).await.expect("campaign");
    let codes = app.target_codes().await;
    let group = websites(&campaign, "Groupe des voisins", &[codes[0].as_str(), codes[2].as_str()]);
    store.create_group(&group).await.expect("create");
    app.invite(&app.campaign, &codes[0], "jeton-du-membre-0123456789abcdef").await;
    app.invite(&app.campaign, &codes[1], "jeton-hors-groupe-0123456789abcd").await;
    let member = app.enter("jeton-du-membre-0123456789abcdef").await;
    let outsider = app.enter("jeton-hors-groupe-0123456789abcd").await;
    let seen = app.get("/reponse", Some(&member)).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.body.matches("Groupe des voisins").count(), 1, "listed once, in the page's content: {}", seen.body);
    assert!(!seen.body.contains("href=\"/groupes/"), "no link to the lead's page");
    let unseen = app.get("/reponse", Some(&outsider)).await;
    assert_eq!(unseen.status, StatusCode::OK);
    assert!(!unseen.body.contains("Groupe des voisins"));
    // The lead's page of a group is closed to respondents: the uniform 404 or the login.
    let id = store.groups(None).await.expect("groups")[0].id;
    let forged = app.get(&format!("/groupes/{id}"), Some(&member)).await;
    assert_ne!(forged.status, StatusCode::OK);
    assert!(!forged.body.contains("Groupe des voisins"));
}

#[tokio::test]
async fn a_later_wave_follows_the_groups_of_an_earlier_one() {
    let app = crate::common::app().await;
    let store = &app.state.store;
    let campaign = store.campaign(&app.campaign).await.expect("campaign");
    let codes = app.target_codes().await;
    let members = [codes[0].as_str(), codes[1].as_str(), codes[2].as_str()];
    let id = store.create_group(&websites(&campaign, "Sites 2014", &members)).await.expect("create");
    let next = app.add_wave("npdc-2015").await;
    let definition = store.campaign(&next).await.expect("campaign");
    let answers = mutu_domain::synth::synthesise(&definition, 11, 0.8);
    store.import_responses(&next, &answers).await.expect("answers");
    let expected =
        follow_up(&[store.group(id).await.expect("group")], &definition, &store.responses(&next).await.expect("read"));
    let expected = &expected.groups[0];
    let viewer = app.login_as(Role::Viewer).await;
    let page = app.get("/vagues/npdc-2015/groupes", Some(&viewer.cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let row_start = page.body.find("Sites 2014").expect("the group followed");
    let row = &page.body[row_start..row_start + page.body[row_start..].find("</tr>").expect("row end")];
    let cells: Vec<&str> = row.split("<td>").skip(2).map(|c| c.split("</td>").next().expect("cell")).collect();
    let name = |code: &String| definition.targets.iter().find(|t| &t.code == code).expect("target").name.clone();
    for (cell, list) in cells.iter().zip([&expected.pooling, &expected.alone, &expected.not_needed, &expected.silent]) {
        assert!(cell.starts_with(&list.len().to_string()), "{cell} for {list:?}");
        for code in list {
            let shown = name(code).replace('\'', "&#x27;");
            assert!(cell.contains(&shown), "{shown} in {cell}");
        }
    }
    assert_eq!(expected.pooling.len() + expected.alone.len() + expected.not_needed.len() + expected.silent.len(), 3);
    // The wave the group was drawn from has nothing to follow.
    let own = app.get("/vagues/npdc-2014/groupes", Some(&viewer.cookie)).await;
    assert!(
        own.body.contains("Aucun groupe d'une autre vague à suivre.")
            || own.body.contains("Aucun groupe d&#x27;une autre vague à suivre.")
    );
}

#[tokio::test]
async fn a_lead_invites_the_members_by_mail_once() {
    let app = crate::common::app().await;
    app.open_wave().await;
    let store = &app.state.store;
    let campaign = store.campaign(&app.campaign).await.expect("campaign");
    let codes = app.target_codes().await;
    let members = [codes[0].as_str(), codes[1].as_str(), codes[2].as_str()];
    let id = store.create_group(&websites(&campaign, "Sites", &members)).await.expect("create");
    let contacts: Vec<mutu_storage::Contact> = codes[..2]
        .iter()
        .enumerate()
        .map(|(i, code)| mutu_storage::Contact {
            respondent: code.clone(),
            email: format!("dgs{i}@exemple.fr"),
            name: String::new(),
        })
        .collect();
    store.import_contacts(&app.campaign, &contacts).await.expect("contacts");
    let lead = app.login_as(Role::Lead).await;
    let page = app.get(&format!("/groupes/{id}"), Some(&lead.cookie)).await;
    assert!(page.body.contains(&format!("action=\"/groupes/{id}/invitations\"")), "the lead's button");

    let sent = post(&app, &format!("/groupes/{id}/invitations"), &lead, &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(location(&sent), format!("/groupes/{id}?invites=2&deja=0&sans=1"));
    let again = post(&app, &format!("/groupes/{id}/invitations"), &lead, &[]).await;
    assert_eq!(
        location(&again),
        format!("/groupes/{id}?invites=0&deja=2&sans=1"),
        "a double click queues nothing twice"
    );
    assert_eq!(store.mail_status(&app.campaign).await.expect("status").queued, 2);
    let shown = app.get(location(&sent), Some(&lead.cookie)).await;
    assert!(
        shown
            .body
            .contains("mises en file d&#x27;envoi : 2 ; déjà en attente : 0 ; membres sans adresse de contact : 1."),
        "{}",
        shown.body
    );
    // A viewer may read the group, not write to its members.
    let viewer = app.login_as(Role::Viewer).await;
    assert_eq!(post(&app, &format!("/groupes/{id}/invitations"), &viewer, &[]).await.status, StatusCode::FORBIDDEN);
}
