//! The qualitative pages: actors met (roles to everyone, names to the study team), interviews
//! (study team only, notes nowhere else), verbatims by theme, and the benchmark of pooling
//! structures.

use crate::analysis::html;
use crate::common::post;
use crate::common::{self, Login, TestApp};
use crate::lead::location;
use axum::http::StatusCode;
use mutu_domain::lifecycle::Role;
use mutu_domain::qualitative::default_structures;

const ACTORS: &str = "/qualitatif/acteurs";
const INTERVIEWS: &str = "/qualitatif/entretiens";
const NOTE: &str = "NOTE-PRIVEE-42 : le DSI hésite";

/// A lead who loaded the 2014 annex through the page.
async fn with_annex(app: &TestApp) -> Login {
    let lead = app.login_as(Role::Lead).await;
    let reply = post(app, "/qualitatif/acteurs/exemple", &lead, &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(location(&reply), "/qualitatif/acteurs?ok=import&organisations=27&people=48");
    lead
}

#[tokio::test]
async fn the_annex_is_imported_through_the_page_and_viewers_see_roles_not_names() {
    let app = common::app().await;
    let lead = with_annex(&app).await;
    let page = app.get(&format!("{ACTORS}?ok=import&organisations=27&people=48"), Some(&lead.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let summary =
        "27 organisations (18 dans le territoire de l&#x27;étude, 9 hors territoire), 48 personnes rencontrées.";
    assert!(page.body.contains(summary), "{}", page.body);
    assert!(page.body.contains("Import terminé : 27 organisations, 48 personnes rencontrées."));
    assert_eq!(app.state.store.organisations().await.expect("store").len(), 27);

    let person = [
        ("organisation", "Conseil régional"),
        ("cle", "region-99"),
        ("fonction", "Directrice des systèmes d'information"),
        ("nom", "Anne Secrète"),
        ("courriel", "anne.secrete@region.example"),
    ];
    let added = post(&app, "/qualitatif/acteurs/personnes", &lead, &person).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = app.get(ACTORS, Some(&lead.cookie)).await;
    assert!(page.body.contains("Anne Secrète") && page.body.contains("anne.secrete@region.example"));

    let viewer = app.login_as(Role::Viewer).await;
    let page = app.get(ACTORS, Some(&viewer.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&html("Directrice des systèmes d'information")), "roles are shown to everyone");
    assert!(!page.body.contains("Anne Secrète") && !page.body.contains("anne.secrete"), "names are not");
    assert!(!page.body.contains("action=\"&#x2f;qualitatif&#x2f;acteurs&#x2f;import\""), "no import form");
    assert!(!page.body.contains("href=\"/qualitatif/entretiens\""), "no link to the interviews");
    for uri in [
        "/qualitatif/acteurs/import",
        "/qualitatif/acteurs/exemple",
        "/qualitatif/acteurs/personnes/supprimer",
        "/qualitatif/acteurs/organisation/supprimer",
    ] {
        let refused = post(&app, uri, &viewer, &[("acteurs", "x"), ("cle", "region-99"), ("nom", "SICTIAM")]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{uri}");
    }
    let forged = app.post_form("/qualitatif/acteurs/personnes/supprimer", Some(&lead.cookie), &[("cle", "region-99")]);
    assert_eq!(forged.await.status, StatusCode::FORBIDDEN, "no anti-forgery token, no change");
    assert_eq!(app.state.store.people_met().await.expect("store").len(), 49);
}

#[tokio::test]
async fn a_pasted_file_is_taken_whole_or_refused_naming_its_line() {
    let app = common::app().await;
    let lead = app.login_as(Role::Lead).await;
    let head = "key,organisation,in_territory,body_type,name,role,email";
    let bad = format!("{head}\nr-1,Conseil régional,oui,region,,DSI,\nr-2,Ailleurs,peut-être,region,,DGS,\n");
    let refused = post(&app, "/qualitatif/acteurs/import", &lead, &[("acteurs", &bad)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("ligne 3, champ in_territory"), "{}", refused.body);
    assert!(refused.body.contains("class=\"error-summary\"") && refused.body.contains("href=\"#acteurs\""));
    assert!(refused.body.contains("Ailleurs,peut-être"), "the pasted text is kept");
    assert!(app.state.store.organisations().await.expect("store").is_empty(), "nothing written");

    let hostile = format!("{head}\nh-1,<script>alert(1)</script>,non,syndicat,,<img src=x onerror=alert(2)>,\n");
    let done = post(&app, "/qualitatif/acteurs/import", &lead, &[("acteurs", &hostile)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = app.get(ACTORS, Some(&lead.cookie)).await;
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"), "{}", page.body);
    assert!(!page.body.contains("<script>alert(1)") && !page.body.contains("<img src=x"));

    // Renaming, into a name already taken, then for real; then deleting.
    post(&app, "/qualitatif/acteurs/exemple", &lead, &[]).await;
    let rename = |to: &'static str| {
        [("nom_actuel", "<script>alert(1)</script>"), ("nom", to), ("type", "gip"), ("territoire", "oui")]
    };
    let taken = post(&app, "/qualitatif/acteurs/organisation", &lead, &rename("Conseil régional")).await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.body.contains("existe déjà") && taken.body.contains("href=\"#o"), "{}", taken.body);
    let renamed = post(&app, "/qualitatif/acteurs/organisation", &lead, &rename("Syndicat hostile")).await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    let organisations = app.state.store.organisations().await.expect("store");
    assert!(organisations.iter().any(|o| o.name == "Syndicat hostile" && o.in_territory));
    let deleted = post(&app, "/qualitatif/acteurs/organisation/supprimer", &lead, &[("nom", "Syndicat hostile")]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_eq!(app.state.store.organisations().await.expect("store").len(), 27);
}

#[tokio::test]
async fn interviews_are_for_the_study_team_and_their_notes_stay_there() {
    let app = common::app().await;
    let lead = with_annex(&app).await;
    let interview = [
        ("code", "E01"),
        ("organisation", "Conseil régional"),
        ("date", "2014-09-10"),
        ("duree", "90"),
        ("participants", "region-1"),
        ("participants", "region-2"),
        ("notes", NOTE),
    ];
    let added = post(&app, INTERVIEWS, &lead, &interview).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let again = post(&app, INTERVIEWS, &lead, &interview).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "a code is added once");
    let list = app.get(INTERVIEWS, Some(&lead.cookie)).await;
    assert!(list.body.contains(&html(NOTE)) && list.body.contains("<caption>Un entretien</caption>"), "{}", list.body);

    let mut edit = interview.to_vec();
    edit.retain(|(k, _)| *k != "code");
    edit[2] = ("duree", "une heure");
    let refused = post(&app, "/qualitatif/entretiens/E01", &lead, &edit).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("href=\"#duree\"") && refused.body.contains("aria-invalid=\"true\""));
    edit[2] = ("duree", "75");
    assert_eq!(post(&app, "/qualitatif/entretiens/E01", &lead, &edit).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.state.store.interviews().await.expect("store")[0].duration_minutes, 75);

    let csv =
        "code,organisation,date,duration_minutes,participants,notes\nE02,Conseil régional,2014-09-11,60,nobody,\n";
    let bad = post(&app, "/qualitatif/entretiens/import", &lead, &[("entretiens", csv)]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("ligne 2, champ participants"), "{}", bad.body);

    // A viewer: 403 on every interview page and action.
    let viewer = app.login_as(Role::Viewer).await;
    for uri in [INTERVIEWS, "/qualitatif/entretiens/E01"] {
        assert_eq!(app.get(uri, Some(&viewer.cookie)).await.status, StatusCode::FORBIDDEN, "{uri}");
    }
    for uri in [INTERVIEWS, "/qualitatif/entretiens/E01", "/qualitatif/entretiens/E01/supprimer"] {
        assert_eq!(post(&app, uri, &viewer, &interview).await.status, StatusCode::FORBIDDEN, "{uri}");
    }

    // The notes appear on no other page, even for the lead.
    let quote = "source,interview,respondent,question,quote,themes\nentretien,E01,,,Un plan d'ensemble.,strategie\n";
    let imported = post(&app, "/vagues/npdc-2014/verbatims", &lead, &[("verbatims", quote)]).await;
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.body);
    for uri in [ACTORS, "/qualitatif/structures", "/vagues/npdc-2014/verbatims", "/vagues/npdc-2014", "/"] {
        let page = app.get(uri, Some(&lead.cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert!(!page.body.contains("NOTE-PRIVEE"), "{uri} shows the notes");
    }

    let deleted = post(&app, "/qualitatif/entretiens/E01/supprimer", &lead, &[]).await;
    assert_eq!(location(&deleted), "/qualitatif/entretiens?ok=suppression&verbatims=1");
    assert!(app.state.store.interviews().await.expect("store").is_empty());
}

#[tokio::test]
async fn verbatims_show_by_theme_anonymised() {
    let app = common::app().await;
    let lead = with_annex(&app).await;
    let csv =
        "code,organisation,date,duration_minutes,participants,notes\nE01,Conseil régional,2014-09-10,90,region-1,\n";
    let interviews = post(&app, "/qualitatif/entretiens/import", &lead, &[("entretiens", csv)]).await;
    assert_eq!(location(&interviews), "/qualitatif/entretiens?ok=import&n=1");
    let target = app.target_codes().await.remove(0);
    let text = format!(
        "source,interview,respondent,question,quote,themes\n\
         entretien,E01,,,Il faut un plan d'ensemble.,strategie;gouvernance\n\
         reponse,,{target},needs,<b>Solidarité</b> entre territoires,equite_territoriale\n\
         reponse,,{target},needs,Pas encore codé,\n"
    );
    let imported = post(&app, "/vagues/npdc-2014/verbatims", &lead, &[("verbatims", &text)]).await;
    assert_eq!(location(&imported), "/vagues/npdc-2014/verbatims?importes=2&ignores=1");

    let viewer = app.login_as(Role::Viewer).await;
    let page = app.get("/vagues/npdc-2014/verbatims?importes=2&ignores=1", Some(&viewer.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("2 verbatims importés (une ligne sans thème ignorée)."), "{body}");
    assert!(body.contains("<p>2 verbatims codés.</p>"), "a verbatim under two themes counts once");
    for theme in ["Stratégie", "Gouvernance", "Équité territoriale"] {
        assert!(body.contains(theme), "{theme}");
    }
    assert_eq!(body.matches(&html("Il faut un plan d'ensemble.")).count(), 2, "under each of its themes");
    assert!(body.contains("&lt;b&gt;Solidarité&lt;&#x2f;b&gt;") && !body.contains("<b>Solidarité"));
    assert!(body.contains("— Région, entretien") && body.contains("— EPCI ("), "{body}");
    assert!(!body.contains(&target) && !body.contains("E01"), "no respondent or interview code");
    assert!(body.contains("href=\"/vagues/npdc-2014/verbatims\" aria-current=\"page\""), "in the wave's nav");
    assert!(!body.contains("name=\"verbatims\""), "no import form for a viewer");
    let refused = post(&app, "/vagues/npdc-2014/verbatims", &viewer, &[("verbatims", &text)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let unknown = "source,interview,respondent,question,quote,themes\nentretien,E01,,,Texte,meteo\n";
    let bad = post(&app, "/vagues/npdc-2014/verbatims", &lead, &[("verbatims", unknown)]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("ligne 2, champ themes"), "{}", bad.body);
    assert_eq!(app.state.store.verbatims(&app.campaign).await.expect("store").len(), 2, "nothing changed");
}

#[tokio::test]
async fn the_benchmark_compares_the_six_structures_with_their_moof() {
    let app = common::app().await;
    let viewer = app.login_as(Role::Viewer).await;
    let page = app.get("/qualitatif/structures", Some(&viewer.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    let structures = default_structures();
    assert_eq!(structures.len(), 6);
    for s in &structures {
        assert!(
            body.contains(&format!("<th scope=\"col\"><a href=\"#s-{}\">{}</a></th>", s.key, html(&s.name))),
            "{}",
            s.name
        );
    }
    for heading in ["Menaces", "Opportunités", "Forces", "Faiblesses"] {
        assert_eq!(body.matches(&format!("<h4>{heading}</h4>")).count(), 6, "{heading}");
    }
    assert!(body.contains("<caption id=\"comparaison\">Comparaison des structures de mutualisation</caption>"));
    assert!(body.contains("(appréciation de l&#x27;équipe d&#x27;étude)"), "judgements are marked");
    assert!(!body.contains("<script") && !body.contains("style="), "nothing inline under the CSP");
    assert_eq!(app.get("/qualitatif/structures", None).await.status, StatusCode::SEE_OTHER, "log in first");
}
