//! Issue 16 from the command line, on the Hauts-de-France EPCI wave of the bundled
//! referential (its contours give the neighbourhood the opportunities need) with fictitious
//! answers: a working group drawn from an opportunity, its export and its follow-up in a
//! second wave; a group on a theme; the register of offers and the groups it covers. The
//! report's chapter on the groups is in `groups_report`.

use crate::harness::Db;
use serde_json::{Value, json};

/// The wave `hdf` over the Hauts-de-France EPCI, 70 % of them answering (fictitious).
pub(crate) fn hdf_wave(db: &Db) {
    db.ok(&["territory", "import", "--bundled", "--region", "32"]);
    db.ok(&["campaign", "create", "hdf", "--name", "Hauts-de-France", "--targets", "epci", "--region", "32"]);
    db.ok(&["synth", "--campaign", "hdf", "--seed", "16", "--completion", "0.7"]);
}

fn codes(value: &Value) -> Vec<String> {
    value.as_array().expect("a list").iter().map(|v| v.as_str().expect("a code").to_owned()).collect()
}

fn opportunities(db: &Db) -> Value {
    db.json(&["opportunities", "--campaign", "hdf", "--format", "json"])
}

/// The first service (in the JSON's order) with a group of neighbours, and its groups.
pub(crate) fn service_with_groups(o: &Value) -> (String, Vec<Value>) {
    let services = o["services"].as_array().expect("services");
    let s = services.iter().find(|s| !s["groups"].as_array().expect("groups").is_empty()).expect("a group somewhere");
    (s["service"].as_str().expect("code").to_owned(), s["groups"].as_array().expect("groups").clone())
}

pub fn a_group_drawn_from_an_opportunity_is_listed_exported_and_followed(db: &Db) {
    hdf_wave(db);
    let (service, groups) = service_with_groups(&opportunities(db));
    let expected = codes(&groups[0]["members"]);
    let spec = format!("{service}:1");
    let id = db.ok(&[
        "groups",
        "create",
        "--campaign",
        "hdf",
        "--service",
        &service,
        "--from-opportunity",
        &spec,
        "--name",
        "Groupe 1",
    ]);
    let id: i64 = id.trim().parse().expect("the new id alone on stdout");

    let list = db.json(&["groups", "list", "--campaign", "hdf", "--format", "json"]);
    let group = &list.as_array().expect("a list")[0];
    assert_eq!(codes(&group["members"]), expected, "exactly the opportunity's first group");
    let fields = [&group["id"], &group["name"], &group["service"], &group["campaign"], &group["status"]];
    assert_eq!(
        fields.map(Value::clone),
        [json!(id), json!("Groupe 1"), json!(service), json!("hdf"), json!("proposed")]
    );
    assert!(group["facilitator"].is_null(), "{group}");
    assert_eq!(db.json(&["groups", "list", "--format", "json"]), list, "every wave's groups");

    // A group from a member list; a member outside the wave, a group number too high and a
    // service other than --service's are refused and write nothing.
    let two = [expected[0].as_str(), expected[1].as_str()].join(",");
    db.ok(&["groups", "create", "--campaign", "hdf", "--service", "gru", "--members", &two, "--name", "GRU"]);
    let bad = db.fails(&[
        "groups",
        "create",
        "--campaign",
        "hdf",
        "--service",
        "gru",
        "--members",
        "200093201,999999999",
        "--name",
        "X",
    ]);
    assert!(bad.contains("members"), "{bad}");
    let too_far = format!("{service}:{}", groups.len() + 1);
    let bad = db.fails(&[
        "groups",
        "create",
        "--campaign",
        "hdf",
        "--service",
        &service,
        "--from-opportunity",
        &too_far,
        "--name",
        "X",
    ]);
    assert!(bad.contains(&format!("pas de groupe n° {}", groups.len() + 1)), "{bad}");
    let bad = db.fails(&[
        "groups",
        "create",
        "--campaign",
        "hdf",
        "--service",
        "gru",
        "--from-opportunity",
        &spec,
        "--name",
        "X",
    ]);
    assert!(bad.contains("--from-opportunity"), "{bad}");
    assert_eq!(db.json(&["groups", "list", "--format", "json"]).as_array().map(Vec::len), Some(2));

    // The starting file of a group purchase: French Excel CSV, one row per member.
    let file = db.path("groupe.csv");
    db.ok(&["groups", "export", &id.to_string(), "-o", file.to_str().expect("UTF-8 path")]);
    let csv = std::fs::read_to_string(&file).expect("the export");
    let body = csv.strip_prefix('\u{feff}').expect("a BOM");
    let mut lines = body.lines();
    assert_eq!(lines.next(), Some("code;nom;population;communes;departement;courriel;contact"));
    let rows: Vec<&str> = lines.map(|l| l.split(';').next().expect("a code")).collect();
    assert_eq!(rows, expected);

    // The group's life: one step at a time, as the domain allows; a dated decision.
    let id_text = id.to_string();
    db.ok(&["groups", "status", &id_text, "formed"]);
    let refused = db.fails(&["groups", "status", &id_text, "achieved"]);
    assert!(refused.contains("status") && refused.contains("en cours"), "{refused}");
    db.ok(&["groups", "note", &id_text, "--date", "2026-03-12", "--decision", "Cahier des charges commun"]);
    let stored = &db.json(&["groups", "list", "--campaign", "hdf", "--format", "json"])[0];
    assert_eq!((&stored["status"], &stored["notes"][0]["kind"]), (&json!("formed"), &json!("decision")), "{stored}");
    assert_eq!(codes(&stored["members"]), expected, "an edit keeps the members");

    // A second wave: the first member now pools the service, the second deploys it alone,
    // the others do not answer.
    db.ok(&["campaign", "create", "hdf-2", "--name", "Vague suivante", "--targets", "epci", "--region", "32"]);
    let line = |code: &str, mutualisation: &str| {
        json!({"respondent": code, "status": "complete",
               "answers": {"services": {&service: {"status": "deployed", "mutualisation": mutualisation}}}})
        .to_string()
    };
    let answers = [line(&expected[0], "implemented"), line(&expected[1], "none")].join("\n");
    db.ok(&["responses", "import", "--campaign", "hdf-2", &db.write("suite.jsonl", &answers)]);
    let follow = db.json(&["groups", "follow-up", "--campaign", "hdf-2", "--format", "json"]);
    let first = &follow["groups"][0];
    assert_eq!((&first["id"], &first["service"]), (&json!(id), &json!(service)), "{follow}");
    assert_eq!(codes(&first["pooling"]), [expected[0].clone()]);
    assert_eq!(codes(&first["alone"]), [expected[1].clone()]);
    assert_eq!(codes(&first["silent"]), expected[2..]);
}

/// `mutu groups create` on `hdf` with `members`, named « Démarches en ligne », then `extra`.
fn create_args<'a>(members: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["groups", "create", "--campaign", "hdf", "--members", members, "--name", "Démarches en ligne"];
    args.extend_from_slice(extra);
    args
}

/// A group on a theme: listed with `theme`, followed through every service of the theme; an
/// unknown theme, both `--service` and `--theme`, neither, or `--from-opportunity` with a
/// theme, refused without writing anything.
pub fn a_group_on_a_theme_is_created_listed_and_followed(db: &Db) {
    hdf_wave(db);
    let (service, groups) = service_with_groups(&opportunities(db));
    let members = codes(&groups[0]["members"]);
    let two = members[..2].join(",");
    let id: i64 = db.ok(&create_args(&two, &["--theme", "administration"])).trim().parse().expect("the new id");

    let list = db.json(&["groups", "list", "--format", "json"]);
    let group = &list[0];
    assert_eq!((&group["id"], &group["theme"]), (&json!(id), &json!("administration")), "{group}");
    assert!(group.get("service").is_none(), "a theme group has no service: {group}");
    let text = db.ok(&["groups", "list"]);
    assert!(text.contains("(thème administration, vague hdf)"), "{text}");

    let unknown = db.fails(&create_args(&two, &["--theme", "pas_un_theme"]));
    assert!(unknown.contains("thème « pas_un_theme » absent du catalogue"), "{unknown}");
    let both = db.fails(&create_args(&two, &["--theme", "administration", "--service", "gru"]));
    assert!(both.contains("--theme") && both.contains("--service"), "{both}");
    let neither = db.fails(&create_args(&two, &[]));
    assert!(neither.contains("--service") && neither.contains("--theme"), "{neither}");
    let spec = format!("{service}:1");
    let refused = db.fails(&[
        "groups",
        "create",
        "--campaign",
        "hdf",
        "--theme",
        "administration",
        "--from-opportunity",
        &spec,
        "--name",
        "X",
    ]);
    assert!(refused.contains("--service"), "{refused}");
    assert_eq!(db.json(&["groups", "list", "--format", "json"]).as_array().map(Vec::len), Some(1), "nothing written");

    // Followed in a second wave through the theme's services: the first member pools one of
    // them, the second does not answer.
    db.ok(&["campaign", "create", "hdf-2", "--name", "Vague suivante", "--targets", "epci", "--region", "32"]);
    let answer = json!({"respondent": &members[0], "status": "complete",
                        "answers": {"services": {"gru": {"status": "deployed", "mutualisation": "implemented"}}}});
    db.ok(&["responses", "import", "--campaign", "hdf-2", &db.write("suite.jsonl", &answer.to_string())]);
    let follow = db.json(&["groups", "follow-up", "--campaign", "hdf-2", "--format", "json"]);
    let first = &follow["groups"][0];
    assert_eq!(first["theme"], json!("administration"), "{follow}");
    assert_eq!(
        (codes(&first["pooling"]), codes(&first["silent"])),
        (vec![members[0].clone()], vec![members[1].clone()])
    );
    let text = db.ok(&["groups", "follow-up", "--campaign", "hdf-2"]);
    assert!(text.contains("(thème administration)") && text.contains("services de la thématique : "), "{text}");
    assert!(text.contains(&format!("mutualisent : {}", members[0])), "{text}");
}

/// The départements of a group, as listed by the opportunities.
fn departements(group: &Value) -> Vec<String> {
    codes(&group["departements"])
}

pub fn an_offer_shows_on_exactly_the_groups_it_covers(db: &Db) {
    hdf_wave(db);
    let before = opportunities(db);
    // A service and one of its groups whose départements leave out another group's, when the
    // synthetic answers give one; else the first group of the first service with groups.
    let services = before["services"].as_array().expect("services");
    let pick = services.iter().flat_map(|s| s["groups"].as_array().expect("groups").iter().map(move |g| (s, g))).find(
        |(s, g)| {
            let area = departements(g);
            s["groups"].as_array().expect("groups").iter().any(|o| departements(o).iter().any(|d| !area.contains(d)))
        },
    );
    let (service, area) = match pick {
        Some((s, g)) => (s["service"].as_str().expect("code").to_owned(), departements(g)),
        None => {
            let (service, groups) = service_with_groups(&before);
            (service, departements(&groups[0]))
        }
    };
    let csv = format!(
        "structure,service,vehicle,price_model,departements\n\
         Syndicat test,{service},syndicat,Cotisation par habitant,{}\n\
         Centrale régionale,{service},centrale_achat,Gratuit,75\n",
        area.join("|")
    );
    db.ok(&["offers", "import", &db.write("offres.csv", &csv)]);
    let register = db.json(&["offers", "list", "--format", "json"]);
    assert_eq!(register.as_array().map(Vec::len), Some(2));
    assert_eq!(register[0]["departements"], json!(area));

    let after = opportunities(db);
    let mut shown = 0;
    for s in after["services"].as_array().expect("services") {
        for g in s["groups"].as_array().expect("groups") {
            let covered = s["service"] == json!(service) && departements(g).iter().all(|d| area.contains(d));
            let expected = if covered {
                shown += 1;
                json!([{"structure": "Syndicat test", "vehicle": "syndicat", "price_model": "Cotisation par habitant"}])
            } else {
                json!([])
            };
            assert_eq!(g["offers"], expected, "{} {g}", s["service"]);
        }
    }
    assert!(shown >= 1, "the offer covers the group it was drawn from");

    // A bad line names file, line and field, and leaves the register as it was.
    let bad = csv.replace(",centrale_achat,", ",pas_un_type,");
    let error = db.fails(&["offers", "import", &db.write("offres-fautives.csv", &bad)]);
    assert!(error.contains("offres-fautives.csv, ligne 3, champ vehicle"), "{error}");
    assert_eq!(db.json(&["offers", "list", "--format", "json"]), register, "the register is unchanged");
}
