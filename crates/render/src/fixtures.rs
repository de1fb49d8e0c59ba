//! A small hand-made wave shared by the tests: six EPCI over two départements and the four
//! default size classes, four complete answers, one partial, one missing.

use mutu_domain::answers::{Answer, Answers, Mutualisation, Response, ResponseStatus, ServiceAnswer, ServiceStatus};
use mutu_domain::campaign::{Campaign, Target, TargetLevel};
use mutu_domain::catalogue::Catalogue;
use mutu_domain::codes::{CampaignCode, DepartementCode, RegionCode};
use mutu_domain::questionnaire::Questionnaire;
use mutu_domain::size_class::SizeClasses;
use mutu_domain::territory::Nature;
use std::collections::BTreeMap;

fn target(code: &str, name: &str, nature: Nature, dep: &str, population: u64, communes: u64) -> Target {
    Target {
        code: code.into(),
        name: name.into(),
        nature: Some(nature),
        departement: DepartementCode::parse(dep).unwrap(),
        region: RegionCode::parse("32").unwrap(),
        population,
        communes,
    }
}

/// The wave: default catalogue, questionnaire and size classes.
pub(crate) fn campaign() -> Campaign {
    let catalogue = Catalogue::default_catalogue();
    Campaign {
        code: CampaignCode::parse("essai-2014").unwrap(),
        name: "Vague d'essai".into(),
        level: TargetLevel::Epci,
        size_classes: SizeClasses::default(),
        questionnaire: Questionnaire::default_questionnaire(&catalogue).unwrap(),
        catalogue,
        targets: vec![
            target("200000001", "CC des Monts", Nature::Cc, "59", 5_000, 10),
            target("200000002", "CC du Marais", Nature::Cc, "62", 8_000, 12),
            target("200000003", "CC de la Vallée", Nature::Cc, "59", 15_000, 20),
            target("200000004", "CA du Littoral", Nature::Ca, "62", 30_000, 25),
            target("200000005", "Métropole Européenne", Nature::Metro, "59", 1_113_833, 85),
            target("200000006", "CA de l'Artois", Nature::Ca, "62", 120_000, 40),
        ],
        population_year: Some(2011),
    }
}

/// Names of the two départements.
pub(crate) fn names() -> BTreeMap<String, String> {
    [("59", "Nord"), ("62", "Pas-de-Calais")].into_iter().map(|(c, n)| (c.to_owned(), n.to_owned())).collect()
}

/// A service row; pooled rows get the given types and actors.
pub(crate) fn service(
    status: ServiceStatus,
    mutualisation: Mutualisation,
    types: &[&str],
    actors: &[&str],
) -> ServiceAnswer {
    ServiceAnswer {
        status,
        mutualisation,
        types: types.iter().map(|t| (*t).to_owned()).collect(),
        actors: actors.iter().map(|a| (*a).to_owned()).collect(),
        partners: String::new(),
    }
}

fn choices(codes: &[&str]) -> Answer {
    Answer::Choices(codes.iter().map(|c| (*c).to_owned()).collect())
}

/// A response with the given themes, services, obstacles and support.
pub(crate) fn response(
    code: &str,
    status: ResponseStatus,
    themes: &[&str],
    services: Vec<(&str, ServiceAnswer)>,
    obstacles: &[&str],
    support: &[&str],
) -> Response {
    let mut answers = Answers::new();
    answers.insert("themes".into(), choices(themes));
    answers.insert("services".into(), Answer::Matrix(services.into_iter().map(|(c, a)| (c.to_owned(), a)).collect()));
    answers.insert("obstacles".into(), choices(obstacles));
    answers.insert("expected_support".into(), choices(support));
    let submitted_at = (status == ResponseStatus::Complete).then(|| "2014-09-12T10:31:00Z".to_owned());
    Response { respondent: code.into(), status, submitted_at, answers }
}

/// Four complete answers (200000001, 3, 4, 5), one partial (6); 200000002 did not answer.
pub(crate) fn responses() -> Vec<Response> {
    use Mutualisation::{Implemented, None as Alone, Planned};
    use ServiceStatus::{Deployed, Studied};
    let mut monts = response(
        "200000001",
        ResponseStatus::Complete,
        &["administration", "culture"],
        vec![
            ("site_internet", service(Deployed, Implemented, &["groupement_commandes"], &["epci", "communes"])),
            ("marches_publics", {
                let mut s = service(Deployed, Planned, &["syndicat"], &["departement", "autres"]);
                s.partners = "Centre de gestion 59".into();
                s
            }),
            ("sig", service(Studied, Planned, &["service_commun"], &["epci"])),
        ],
        &["cout", "competences"],
        &["sensibilisation_elus"],
    );
    monts.answers.insert("needs".into(), Answer::Text("Il faut un plan d'ensemble.".into()));
    monts.answers.insert("contact_name".into(), Answer::Text("Jeanne Martin".into()));
    monts.answers.insert("contact_email".into(), Answer::Text("jeanne.martin@example.org".into()));
    let vallee = response(
        "200000003",
        ResponseStatus::Complete,
        &["administration"],
        vec![
            ("site_internet", service(Deployed, Alone, &[], &[])),
            ("marches_publics", service(Deployed, Implemented, &["groupement_commandes"], &["departement"])),
            ("ent", service(Studied, Alone, &[], &[])),
        ],
        &["cout", "temps"],
        &["sensibilisation_elus", "montage_dossiers"],
    );
    let mut littoral = response(
        "200000004",
        ResponseStatus::Complete,
        &["administration", "tourisme"],
        vec![
            ("site_internet", service(Deployed, Implemented, &["spl"], &["region"])),
            ("site_touristique", service(Deployed, Alone, &[], &[])),
        ],
        &["temps"],
        &["negociation_commerciale", "assistance_technique"],
    );
    littoral.answers.insert(
        "needs".into(),
        Answer::Text("Une sorte d'Ugap au niveau de la région,\nqui organiserait des groupements de commandes.".into()),
    );
    let metropole = response(
        "200000005",
        ResponseStatus::Complete,
        &["administration", "transports", "culture"],
        vec![
            ("site_internet", service(Deployed, Alone, &[], &[])),
            ("marches_publics", service(Deployed, Implemented, &["centrale_achat"], &["epci"])),
            ("information_voyageurs", service(Deployed, Alone, &[], &[])),
        ],
        &["gouvernance"],
        &["services_prets_emploi"],
    );
    let artois = response(
        "200000006",
        ResponseStatus::Partial,
        &["administration"],
        vec![("site_internet", service(Deployed, Alone, &[], &[]))],
        &[],
        &[],
    );
    vec![monts, vallee, littoral, metropole, artois]
}

/// The wave and answers with hostile texts where people type: the wave's name and a theme
/// label (a lead's edits), the free texts and a partner (respondents'), as a script, HTML
/// and spreadsheet formulas.
pub(crate) fn hostile() -> (Campaign, Vec<Response>) {
    let mut campaign = campaign();
    campaign.name = "<img src=x onerror=alert(1)>".into();
    campaign.catalogue.themes[0].label = "<script>alert('thème')</script>".into();
    let mut responses = responses();
    let monts = &mut responses[0];
    monts.answers.insert("needs".into(), Answer::Text("<script>alert(1)</script>".into()));
    if let Some(Answer::Choices(obstacles)) = monts.answers.get_mut("obstacles") {
        obstacles.push("autre".into());
    }
    monts.answers.insert("obstacles_other".into(), Answer::Text("=1+1".into()));
    if let Some(Answer::Matrix(matrix)) = monts.answers.get_mut("services") {
        matrix.get_mut("marches_publics").unwrap().partners = "=HYPERLINK(\"http://x\")".into();
    }
    (campaign, responses)
}

/// The seed's wave from `tests/fixtures/npdc-2014`: the 53 EPCI of Nord–Pas-de-Calais as
/// targets, the fictitious answers shaped like the seed's survey, and the départements'
/// names. The territory file is read here by hand, not through mutu-import, to keep this
/// crate's tests on the domain alone.
pub(crate) fn seed() -> (Campaign, Vec<Response>, BTreeMap<String, String>) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/npdc-2014");
    let territory = std::fs::read_to_string(format!("{dir}/territory.csv")).unwrap();
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_reader(territory.as_bytes()).records().map(Result::unwrap).collect();
    let mut names = BTreeMap::new();
    let mut targets = Vec::new();
    for row in &rows {
        match &row[0] {
            "departement" => {
                names.insert(row[1].to_owned(), row[2].to_owned());
            }
            "epci" => {
                let communes = rows.iter().filter(|r| &r[0] == "commune" && r[5] == row[1]).count() as u64;
                let mut t = target(&row[1], &row[2], Nature::Cc, &row[4], row[6].parse().unwrap(), communes);
                t.nature = Nature::from_name(&row[2]);
                t.region = RegionCode::parse(&row[3]).unwrap();
                targets.push(t);
            }
            _ => {}
        }
    }
    targets.sort_by(|a, b| a.code.cmp(&b.code));
    let mut campaign = self::campaign();
    campaign.code = CampaignCode::parse("npdc-2014").unwrap();
    campaign.name = "Enquête auprès des 53 EPCI du NPDC".into();
    campaign.targets = targets;
    let answers = std::fs::read_to_string(format!("{dir}/responses.jsonl")).unwrap();
    let responses = answers.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    (campaign, responses, names)
}

#[test]
fn the_fixture_answers_pass_validation() {
    let c = campaign();
    for response in responses() {
        let raw = serde_json::to_value(&response.answers).unwrap();
        let validated =
            mutu_domain::answers::validate(raw.as_object().unwrap(), response.status, &c.questionnaire, &c.catalogue);
        assert!(validated.is_ok(), "{}: {validated:?}", response.respondent);
    }
}
