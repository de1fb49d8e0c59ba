//! Study side: login, roles, waves, follow-up, invitations, accounts (mail is in `mail.rs`).

use crate::common::{self, Reply, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use mutu_app::invitations::{self, InvitationScope};
use mutu_app::secrets::hash_token;
use mutu_domain::answers::ResponseStatus;
use mutu_domain::codes::CampaignCode;
use mutu_domain::lifecycle::{CampaignState, Role};
use mutu_storage::InvitationLookup;

const FAILED: &str = "Adresse électronique ou mot de passe incorrect.";

pub(crate) fn location(reply: &Reply) -> &str {
    reply.header("location").unwrap_or_default()
}

/// The answers of the fixture, imported into `npdc-2014` (37 complete).
pub(crate) async fn import_fixture_answers(app: &TestApp) {
    let campaign = app.state.store.campaign(&app.campaign).await.expect("campaign");
    let text = std::fs::read_to_string(common::fixture("responses.jsonl")).expect("fixture");
    let responses =
        mutu_import::read_responses("responses.jsonl", &text, &campaign, mutu_domain::answers::Required::Reported)
            .expect("answers")
            .responses;
    app.state.store.import_responses(&app.campaign, &responses).await.expect("import");
}

/// `/vagues/npdc-2014{rest}`.
pub(crate) fn wave(rest: &str) -> String {
    format!("/vagues/npdc-2014{rest}")
}

#[tokio::test]
async fn a_lead_logs_in_and_sees_the_waves() {
    let app = common::app().await;
    let welcome = app.get("/", None).await;
    assert_eq!(welcome.status, StatusCode::OK);
    assert!(welcome.body.contains("Bienvenue sur mutu") && welcome.body.contains("href=\"/connexion\""));
    assert!(!welcome.body.contains("npdc-2014"), "visitors see no wave");

    let lead = app.login_as(Role::Lead).await;
    let home = app.get("/", Some(&lead.cookie)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("npdc-2014") && home.body.contains("Enquête NPDC 2014"), "{}", home.body);
    assert!(home.body.contains("href=\"/vagues/nouvelle\""), "a lead may create a wave");
    assert!(home.body.contains("action=\"/deconnexion\""), "logout is a form");
    assert!(!home.body.contains("href=\"/utilisateurs\""), "accounts are for administrators");

    let viewer = app.login_as(Role::Viewer).await;
    let home = app.get("/", Some(&viewer.cookie)).await;
    assert!(home.body.contains("npdc-2014") && !home.body.contains("href=\"/vagues/nouvelle\""));
    assert_eq!(app.get("/vagues/nouvelle", Some(&viewer.cookie)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_failed_login_says_the_same_whatever_was_wrong() {
    let app = common::app().await;
    app.login_as(Role::Lead).await;
    let wrong_password = app.login("lead@mutu.test", "pas le bon").await;
    let unknown_email = app.login("personne@mutu.test", "mot de passe de test").await;
    for reply in [&wrong_password, &unknown_email] {
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body.contains(FAILED), "{}", reply.body);
        assert_eq!(reply.session_cookie(), None);
    }
    let without_form_token = app.post_form("/connexion", None, &[("email", "lead@mutu.test")]).await;
    assert_eq!(without_form_token.status, StatusCode::FORBIDDEN);
    assert_eq!(without_form_token.session_cookie(), None);
}

#[tokio::test]
async fn the_sixth_failed_attempt_is_throttled_even_with_the_right_password() {
    let app = common::app().await;
    app.login_as(Role::Lead).await;
    for _ in 0..5 {
        assert_eq!(app.login("lead@mutu.test", "devinette").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let sixth = app.login("Lead@mutu.test", "mot de passe de test").await;
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(sixth.session_cookie(), None);
    assert!(app.login_as(Role::Viewer).await.cookie.starts_with("mutu_session="), "other accounts still log in");
}

#[tokio::test]
async fn logging_out_ends_the_session_and_the_language_can_change() {
    let app = common::app().await;
    let lead = app.login_as(Role::Lead).await;
    let refused = app.post_form("/deconnexion", Some(&lead.cookie), &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "logout checks the form token");
    let out = app.post_form("/deconnexion", Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!((out.status, location(&out)), (StatusCode::SEE_OTHER, "/"));
    assert!(out.header("set-cookie").is_some_and(|c| c.contains("Max-Age=0")));
    let after = app.get(&wave(""), Some(&lead.cookie)).await;
    assert_eq!((after.status, location(&after)), (StatusCode::SEE_OTHER, "/connexion"));

    let english = app.post_form("/langue", None, &[("lang", "en"), ("retour", "//evil.example/")]).await;
    assert_eq!((english.status, location(&english)), (StatusCode::SEE_OTHER, "/"));
    assert!(english.header("set-cookie").is_some_and(|c| c.starts_with("lang=en;")));
    let page = app.get("/", Some("lang=en")).await;
    assert!(page.body.contains("Welcome to mutu") && page.body.contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn roles_and_form_tokens_guard_every_change() {
    let app = common::app().await;
    let anonymous = app.get(&wave(""), None).await;
    assert_eq!((anonymous.status, location(&anonymous)), (StatusCode::SEE_OTHER, "/connexion"));

    let viewer = app.login_as(Role::Viewer).await;
    let closed_by_viewer = app.post_form(&wave("/fermer"), Some(&viewer.cookie), &[("csrf", &viewer.csrf)]).await;
    assert_eq!(closed_by_viewer.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&wave(""), Some(&viewer.cookie)).await.status, StatusCode::OK, "a viewer follows the wave");

    let lead = app.login_as(Role::Lead).await;
    for csrf in [None, Some("forged")] {
        let fields: Vec<(&str, &str)> = csrf.map(|c| ("csrf", c)).into_iter().collect();
        let reply = app.post_form(&wave("/ouvrir"), Some(&lead.cookie), &fields).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    }
    let meta = app.state.store.campaign_meta(&app.campaign).await.expect("meta");
    assert_eq!(meta.state, CampaignState::Draft, "nothing changed");

    let opened = app.post_form(&wave("/ouvrir"), Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!((opened.status, location(&opened)), (StatusCode::SEE_OTHER, "/vagues/npdc-2014"));
    assert_eq!(app.state.store.campaign_meta(&app.campaign).await.expect("meta").state, CampaignState::Open);
    let closed = app.post_form(&wave("/fermer"), Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    assert_eq!(app.state.store.campaign_meta(&app.campaign).await.expect("meta").state, CampaignState::Closed);
    let audit = app.state.store.audit_entries(10).await.expect("audit");
    assert_eq!(audit[0].action, "campaign.closed");
    assert_eq!((audit[1].actor.as_str(), audit[1].action.as_str()), ("lead@mutu.test", "campaign.open"));
}

#[tokio::test]
async fn a_wave_is_created_through_the_form() {
    let app = common::app().await;
    let lead = app.login_as(Role::Lead).await;
    let form = app.get("/vagues/nouvelle", Some(&lead.cookie)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("<legend>Départements</legend>") && form.body.contains("value=\"62\""));

    let bad = [
        ("csrf", lead.csrf.as_str()),
        ("code", "Nord 2025"),
        ("nom", "Nord"),
        ("niveau", "epci"),
        ("questionnaire", "id = \"x\"\nversion = \"deux\"\n"),
        ("ouverture", "2025-09-01"),
        ("cloture", "2025-06-30"),
    ];
    let refused = app.post_form("/vagues", Some(&lead.cookie), &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("class=\"error-summary\""), "an error summary at the top");
    for field in ["code", "questionnaire", "cloture"] {
        assert!(refused.body.contains(&format!("aria-describedby=\"{field}-aide {field}-erreur\"")), "{field}");
        assert!(refused.body.contains(&format!("href=\"#{field}\"")), "{field} linked from the summary");
    }
    assert!(refused.body.contains("Questionnaire, ligne 2"), "the TOML error names its line");
    assert_eq!(app.state.store.campaigns().await.expect("list").len(), 1, "nothing created");

    let good = [
        ("csrf", lead.csrf.as_str()),
        ("code", "nord-2025"),
        ("nom", "Vague Nord 2025"),
        ("niveau", "epci"),
        ("departement", "59"),
        ("questionnaire", ""),
        ("ouverture", "2025-09-01"),
        ("cloture", "2025-10-31"),
    ];
    let created = app.post_form("/vagues", Some(&lead.cookie), &good).await;
    assert_eq!((created.status, location(&created)), (StatusCode::SEE_OTHER, "/vagues/nord-2025"));
    let code = CampaignCode::parse("nord-2025").expect("code");
    let campaign = app.state.store.campaign(&code).await.expect("campaign");
    assert_eq!(campaign.targets.len(), 20, "the 20 EPCI of Nord");
    assert!(campaign.targets.iter().all(|t| t.departement.as_str() == "59"));
    let meta = app.state.store.campaign_meta(&code).await.expect("meta");
    assert_eq!((meta.state, meta.closes_on), (CampaignState::Draft, Some(time::macros::date!(2025 - 10 - 31))));
    let follow_up = app.get("/vagues/nord-2025", Some(&lead.cookie)).await;
    assert!(follow_up.body.contains("0/20") && unescape(&follow_up.body).contains("31/10/2025"), "{}", follow_up.body);

    let again = app.post_form("/vagues", Some(&lead.cookie), &good).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("La vague nord-2025 existe déjà"));
}

#[tokio::test]
async fn the_definition_is_edited_and_versioned_until_the_wave_opens() {
    let app = common::app().await;
    let lead = app.login_as(Role::Lead).await;
    let page = app.get(&wave("/questionnaire"), Some(&lead.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let catalogue = textarea(&page, "catalogue");
    let questionnaire = textarea(&page, "questionnaire");
    assert!(catalogue.starts_with("kind,code,theme,label,previous"), "{catalogue}");
    let edited = catalogue.replace("Site internet institutionnel", "Site internet de l'EPCI");
    let fields = [("csrf", lead.csrf.as_str()), ("catalogue", &edited), ("questionnaire", &questionnaire)];
    let saved = app.post_form(&wave("/questionnaire"), Some(&lead.cookie), &fields).await;
    assert_eq!(
        (saved.status, location(&saved)),
        (StatusCode::SEE_OTHER, "/vagues/npdc-2014/questionnaire?enregistre=1")
    );
    let campaign = app.state.store.campaign(&app.campaign).await.expect("campaign");
    assert_eq!(campaign.questionnaire.version, 2);
    assert_eq!(campaign.catalogue.services[0].label, "Site internet de l'EPCI");

    let broken = [("csrf", lead.csrf.as_str()), ("catalogue", &edited), ("questionnaire", "title = 3")];
    let refused = app.post_form(&wave("/questionnaire"), Some(&lead.cookie), &broken).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"questionnaire-erreur\""));

    let dates = [("csrf", lead.csrf.as_str()), ("ouverture", "2014-07-15"), ("cloture", "2014-09-24")];
    assert_eq!(app.post_form(&wave("/dates"), Some(&lead.cookie), &dates).await.status, StatusCode::SEE_OTHER);
    app.open_wave().await;
    let frozen = app.post_form(&wave("/questionnaire"), Some(&lead.cookie), &fields).await;
    assert_eq!(frozen.status, StatusCode::CONFLICT);
    let page = app.get(&wave("/questionnaire"), Some(&lead.cookie)).await;
    assert!(page.body.contains("readonly") && page.body.contains("value=\"2014-09-24\""));
}

/// Text as the browser shows it: the entities minijinja writes, decoded.
pub(crate) fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The text of the `<textarea id="{id}">` of a page, unescaped.
fn textarea(page: &Reply, id: &str) -> String {
    let start = page.body.find(&format!("<textarea id=\"{id}\"")).expect("textarea");
    let open = page.body[start..].find('>').expect("tag") + start + 1;
    let close = page.body[open..].find("</textarea>").expect("end") + open;
    unescape(&page.body[open..close])
}

#[tokio::test]
async fn the_follow_up_shows_the_analysis_participation() {
    let app = common::app().await;
    let viewer = app.login_as(Role::Viewer).await;
    let before = app.get(&wave(""), Some(&viewer.cookie)).await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(before.body.contains("<caption>Participation par taille de population</caption>"));
    assert!(before.body.contains("0/10") && before.body.contains("0/53") && before.body.contains("0/20"));

    import_fixture_answers(&app).await;
    let after = app.get(&wave(""), Some(&viewer.cookie)).await;
    for count in ["6/10", "11/14", "11/15", "9/14", "14/20", "23/33"] {
        assert!(after.body.contains(&format!(">{count}<")), "{count}");
    }
    assert!(after.body.contains("(37/53)"), "the total");
    assert!(after.body.contains("Nord (59)") && after.body.contains("70 %"));
    assert!(!after.body.contains("/rouvrir"), "a viewer reopens nothing");

    let complete = app.get(&wave("?statut=complet"), Some(&viewer.cookie)).await;
    assert!(complete.body.contains("37 cibles correspondent aux filtres"), "{}", complete.body);
    let small_nord = app.get(&wave("?departement=59&taille=lt10k&statut="), Some(&viewer.cookie)).await;
    let nord_small_targets = app
        .state
        .store
        .campaign(&app.campaign)
        .await
        .expect("campaign")
        .targets
        .iter()
        .filter(|t| t.departement.as_str() == "59" && t.population < 10_000)
        .count();
    assert!(small_nord.body.contains(&format!("{nord_small_targets} cible")), "{}", small_nord.body);
}

/// The targets listed on a page: their links to their own pages.
fn listed(body: &str) -> usize {
    unescape(body).matches("<th scope=\"row\"><a href=\"/vagues/npdc-2014/cibles/").count()
}

#[tokio::test]
async fn the_follow_up_lists_targets_a_page_at_a_time_with_their_filters() {
    let app = common::app().await;
    let viewer = app.login_as(Role::Viewer).await;
    let first = app.get(&wave(""), Some(&viewer.cookie)).await;
    let text = unescape(&first.body);
    assert_eq!(listed(&first.body), 50);
    assert!(text.contains("Lignes 1 à 50 sur 53 (page 1 sur 2)"), "{text}");
    assert!(text.contains("<a href=\"/vagues/npdc-2014?page=2#cibles\" rel=\"next\">Page suivante</a>"));
    let second = app.get(&wave("?page=2"), Some(&viewer.cookie)).await;
    assert_eq!(listed(&second.body), 3);
    assert!(unescape(&second.body).contains("<a href=\"/vagues/npdc-2014#cibles\" rel=\"prev\">"));
    let past = app.get(&wave("?page=9"), Some(&viewer.cookie)).await;
    assert_eq!((past.status, listed(&past.body)), (StatusCode::OK, 0));
    assert!(unescape(&past.body).contains("au-delà de la dernière"));

    let filtered = app.get(&wave("?statut=non_ouvert&q=&taille="), Some(&viewer.cookie)).await;
    assert!(
        unescape(&filtered.body).contains("href=\"/vagues/npdc-2014?statut=non_ouvert&page=2#cibles\""),
        "the filters follow the pages, blank ones left out"
    );
    let campaign = app.state.store.campaign(&app.campaign).await.expect("campaign");
    let lille = campaign.targets.iter().find(|t| t.name.contains("Lille")).expect("the MEL");
    let found = app.get(&wave("?q=lille"), Some(&viewer.cookie)).await;
    assert!(unescape(&found.body).contains(&format!("/cibles/{}\">{}</a>", lille.code, lille.name)));
    let by_code = app.get(&wave(&format!("?q={}", &lille.code[..6])), Some(&viewer.cookie)).await;
    assert!(listed(&by_code.body) >= 1 && unescape(&by_code.body).contains(&lille.name));
    let search_box = r#"<input id="filtre-q" name="q" type="search" value="lille""#;
    assert!(found.body.contains(search_box), "the search is kept in its labelled box");
}

#[tokio::test]
async fn the_probe_says_the_database_answers() {
    let app = common::app().await;
    let probe = app.get("/sante", None).await;
    assert_eq!((probe.status, probe.body.as_str()), (StatusCode::OK, "ok\n"));
    app.state.store.close().await;
    let down = app.get("/sante", None).await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE, "a closed pool is a database gone");
}

#[tokio::test]
async fn the_probe_keeps_a_warming_server_out_of_the_pool_until_its_waves_are_ready() {
    let app = common::app().await;
    import_fixture_answers(&app).await;
    app.state.waves.start_warming();
    let warming = app.get("/sante", None).await;
    assert_eq!(warming.status, StatusCode::SERVICE_UNAVAILABLE, "{}", warming.body);
    assert!(warming.body.contains("préparation"), "{}", warming.body);
    let prepared = app.state.waves.warm(&app.state.store).await;
    assert_eq!(prepared, 1, "the one wave of the fixture is read and computed");
    let ready = app.get("/sante", None).await;
    assert_eq!((ready.status, ready.body.as_str()), (StatusCode::OK, "ok\n"));
}

#[tokio::test]
async fn a_lead_reopens_a_submitted_answer() {
    let app = common::app().await;
    import_fixture_answers(&app).await;
    let lead = app.login_as(Role::Lead).await;
    let statuses = app.state.store.target_statuses(&app.campaign).await.expect("statuses");
    let done = statuses.iter().find(|s| s.status == Some(ResponseStatus::Complete)).expect("a complete answer");
    let page = app.get(&wave(""), Some(&lead.cookie)).await;
    let path = wave(&format!("/cibles/{}/rouvrir", done.target.code));
    assert!(page.body.contains(&format!("action=\"{path}\"")));
    assert!(page.body.contains(&format!("href=\"/vagues/npdc-2014/saisie/{}\"", done.target.code)));
    let reply = app.post_form(&path, Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let stored = app.state.store.response(&app.campaign, &done.target.code).await.expect("store").expect("answer");
    assert_eq!(stored.response.status, ResponseStatus::Partial);
}

/// The rows of an invitations CSV after its header.
fn csv_rows(body: &str) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_reader(body.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(reader.headers().expect("header").iter().collect::<Vec<_>>(), ["respondent", "name", "email", "url"]);
    reader.records().map(|r| r.expect("row").iter().map(str::to_owned).collect()).collect()
}

#[tokio::test]
async fn invitation_links_come_from_the_public_url_never_from_the_host() {
    let app = common::app().await;
    let lead = app.login_as(Role::Lead).await;
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([("csrf", &lead.csrf), ("scope", &"all".into())])
        .finish();
    let request = Request::post(wave("/invitations/export"))
        .header("host", "evil.example")
        .header("x-forwarded-host", "evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", &lead.cookie)
        .body(Body::from(body))
        .expect("request");
    let export = app.send(request).await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    assert_eq!(export.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(export.header("content-disposition").is_some_and(|d| d.starts_with("attachment;")));
    assert!(export.header("content-security-policy").is_some());
    assert!(export.body.starts_with('\u{feff}'), "a BOM for spreadsheets");
    let rows = csv_rows(&export.body);
    assert_eq!(rows.len(), 53);
    for row in &rows {
        let token = row[3].strip_prefix("http://mutu.test/i/").unwrap_or_else(|| panic!("{row:?}"));
        assert_eq!(token.len(), 43);
    }
    let lookup = app.state.store.lookup_invitation(&hash_token(&rows[0][3][19..])).await.expect("lookup");
    assert!(matches!(lookup, InvitationLookup::Active { respondent, .. } if respondent == rows[0][0]));

    let missing = app
        .post_form(&wave("/invitations/export"), Some(&lead.cookie), &[("csrf", &lead.csrf), ("scope", "missing")])
        .await;
    assert_eq!(csv_rows(&missing.body).len(), 0, "every target already holds a working link");
    let viewer = app.login_as(Role::Viewer).await;
    let refused = app
        .post_form(&wave("/invitations/export"), Some(&viewer.cookie), &[("csrf", &viewer.csrf), ("scope", "all")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

/// Issues links as the CLI and the export do.
async fn issue(
    app: &common::TestApp,
    scope: InvitationScope,
) -> Result<Vec<mutu_app::invitations::IssuedInvitation>, mutu_app::AppError> {
    invitations::issue(&app.state.store, &app.state.config.public_url, &app.campaign, scope, "test")
        .await
        .map(|i| i.links)
}

#[tokio::test]
async fn renewing_a_link_kills_the_old_one_and_revoking_kills_the_new() {
    let app = common::app().await;
    let lead = app.login_as(Role::Lead).await;
    let first = issue(&app, InvitationScope::One("245900410".into())).await.expect("issue");
    assert_eq!(first.len(), 1);
    let old_token = first[0].url.rsplit('/').next().expect("token").to_owned();
    let page = app.get(&wave("/invitations"), Some(&lead.cookie)).await;
    let text = unescape(&page.body);
    assert!(text.contains("l'ancien lien cesse aussitôt de fonctionner"));
    assert!(
        text.contains("La vague est en préparation : les liens créés ou exportés ici fonctionneront dès son ouverture")
    );
    assert!(text.contains("Actif depuis le") && text.contains("Lignes 1 à 50 sur 53"), "a page at a time");
    let linked = app.get(&wave("/invitations?lien=avec"), Some(&lead.cookie)).await;
    assert!(unescape(&linked.body).contains("Une cible correspond aux filtres"), "{}", linked.body);
    let without = app.get(&wave("/invitations?lien=sans&page=2"), Some(&lead.cookie)).await;
    assert!(unescape(&without.body).contains("Lignes 51 à 52 sur 52 (page 2 sur 2)"));
    app.open_wave().await;
    let open = app.get(&wave("/invitations"), Some(&lead.cookie)).await;
    assert!(!unescape(&open.body).contains("La vague est en préparation"), "an open wave's links work");

    let renewed =
        app.post_form(&wave("/invitations/245900410/renouveler"), Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!(renewed.status, StatusCode::OK);
    let shown = unescape(&renewed.body);
    let start = shown.find("http://mutu.test/i/").expect("the new link is shown once");
    let new_token = shown[start + 19..start + 19 + 43].to_owned();
    assert_ne!(new_token, old_token);
    assert_eq!(
        app.state.store.lookup_invitation(&hash_token(&old_token)).await.expect("lookup"),
        InvitationLookup::Unknown
    );
    assert!(matches!(
        app.state.store.lookup_invitation(&hash_token(&new_token)).await.expect("lookup"),
        InvitationLookup::Active { .. }
    ));

    let revoked =
        app.post_form(&wave("/invitations/245900410/revoquer"), Some(&lead.cookie), &[("csrf", &lead.csrf)]).await;
    assert_eq!((revoked.status, location(&revoked)), (StatusCode::SEE_OTHER, "/vagues/npdc-2014/invitations"));
    assert_eq!(
        app.state.store.lookup_invitation(&hash_token(&new_token)).await.expect("lookup"),
        InvitationLookup::Revoked
    );
    let unknown = issue(&app, InvitationScope::One("000000000".into())).await;
    assert!(matches!(unknown, Err(mutu_app::AppError::NotFound(_))));
}

#[tokio::test]
async fn contacts_are_imported_all_or_nothing() {
    let app = common::app().await;
    let lead = app.login_as(Role::Lead).await;
    let bad = "respondent,email,name\n245900410,dgs@lille.fr,Anne\n999999999,x@y.fr,\n";
    let refused =
        app.post_form(&wave("/contacts"), Some(&lead.cookie), &[("csrf", &lead.csrf), ("contacts", bad)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unescape(&refused.body).contains("Ligne 3 : « 999999999 » n'est pas une cible"), "{}", refused.body);
    assert!(refused.body.contains("aria-describedby=\"contacts-aide contacts-erreur\""));
    assert!(app.state.store.contacts(&app.campaign).await.expect("contacts").is_empty(), "nothing imported");

    let good = "respondent;email;name\n245900410;dgs@lille.fr;Anne\n";
    let imported =
        app.post_form(&wave("/contacts"), Some(&lead.cookie), &[("csrf", &lead.csrf), ("contacts", good)]).await;
    assert_eq!(
        (imported.status, location(&imported)),
        (StatusCode::SEE_OTHER, "/vagues/npdc-2014/invitations?importes=1")
    );
    let page = app.get(location(&imported), Some(&lead.cookie)).await;
    assert!(page.body.contains("Un contact importé.") && page.body.contains("dgs@lille.fr"));
}

#[tokio::test]
async fn administrators_manage_accounts() {
    let app = common::app().await;
    let lead = app.login_as(Role::Lead).await;
    assert_eq!(app.get("/utilisateurs", Some(&lead.cookie)).await.status, StatusCode::FORBIDDEN);
    let admin = app.login_as(Role::Admin).await;
    let page = app.get("/utilisateurs", Some(&admin.cookie)).await;
    assert!(
        page.body.contains("lead@mutu.test") && page.body.contains("<caption>2 comptes</caption>"),
        "{}",
        page.body
    );

    let short =
        [("csrf", admin.csrf.as_str()), ("email", "anne@region.test"), ("role", "viewer"), ("password", "court")];
    let refused = app.post_form("/utilisateurs", Some(&admin.cookie), &short).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"password-erreur\""));
    let fields = [
        ("csrf", admin.csrf.as_str()),
        ("email", "anne@region.test"),
        ("role", "viewer"),
        ("password", "une phrase assez longue"),
    ];
    let added = app.post_form("/utilisateurs", Some(&admin.cookie), &fields).await;
    assert_eq!((added.status, location(&added)), (StatusCode::SEE_OTHER, "/utilisateurs?ajoute=1"));
    assert_eq!(app.login("anne@region.test", "une phrase assez longue").await.status, StatusCode::SEE_OTHER);

    let anne = app.state.store.user_by_email("anne@region.test").await.expect("store").expect("account");
    let path = format!("/utilisateurs/{}/supprimer", anne.id);
    assert_eq!(app.post_form(&path, Some(&admin.cookie), &[("csrf", &admin.csrf)]).await.status, StatusCode::SEE_OTHER);
    assert!(app.state.store.user_by_email("anne@region.test").await.expect("store").is_none());
}

#[tokio::test]
async fn every_study_side_response_carries_the_csp() {
    let app = common::app().await;
    let lead = app.login_as(Role::Lead).await;
    let replies = [
        app.get("/", None).await,
        app.get("/connexion", None).await,
        app.get("/", Some(&lead.cookie)).await,
        app.get(&wave(""), Some(&lead.cookie)).await,
        app.get(&wave("/invitations"), Some(&lead.cookie)).await,
        app.get(&wave("/courriels"), Some(&lead.cookie)).await,
        app.get(&wave("/questionnaire"), Some(&lead.cookie)).await,
        app.get("/vagues/nouvelle", Some(&lead.cookie)).await,
        app.get("/vagues/inconnue", Some(&lead.cookie)).await,
        app.get(&wave(""), None).await,
        app.post_form(&wave("/fermer"), Some(&lead.cookie), &[]).await,
    ];
    for reply in &replies {
        let csp = reply.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("script-src 'self'") && csp.contains("style-src 'self'"), "{}: {csp}", reply.status);
        assert!(!reply.body.contains("style=\"") && !reply.body.contains("<script>"), "no inline style or script");
    }
    assert_eq!(replies[8].status, StatusCode::NOT_FOUND);
}
