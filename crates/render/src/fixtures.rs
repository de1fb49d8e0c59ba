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
    let submitted_at = (status == ResponseStatus::Complete).then_some(time::macros::datetime!(2014-09-12 10:31:00 UTC));
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

/// A 3 × 3 grid of square EPCI with answers on `site_internet`: maps and opportunities.
pub(crate) mod grid {
    use super::{campaign, response, service};
    use crate::maps::Outlines;
    use mutu_domain::answers::{Mutualisation, Response, ResponseStatus, ServiceStatus};
    use mutu_domain::campaign::{Campaign, Target};
    use mutu_domain::geography::Adjacency;
    use mutu_domain::geography::geo::{MultiPolygon, Rect};

    /// Side of a square EPCI, degrees.
    const SIDE: f64 = 0.05;

    /// Code of the EPCI at (row, column), rows from the south: `200000001` … `200000009`.
    pub(crate) fn code(row: usize, col: usize) -> String {
        format!("20000000{}", row * 3 + col + 1)
    }

    /// The fixture's wave over nine EPCI laid out on the grid.
    pub(crate) fn grid_campaign() -> Campaign {
        let mut campaign = campaign();
        let model = campaign.targets[0].clone();
        campaign.targets = (0..9)
            .map(|i| Target {
                code: code(i / 3, i % 3),
                name: format!("CC n° {}", i + 1),
                population: 10_000 * (i as u64 + 1),
                ..model.clone()
            })
            .collect();
        campaign
    }

    /// The nine squares, south-west corner at (lon 3.0, lat 50.0).
    pub(crate) fn grid_outlines() -> Outlines {
        (0..9)
            .map(|i| {
                let (x, y) = (3.0 + SIDE * (i % 3) as f64, 50.0 + SIDE * (i / 3) as f64);
                (code(i / 3, i % 3), MultiPolygon::new(vec![Rect::new((x, y), (x + SIDE, y + SIDE)).to_polygon()]))
            })
            .collect()
    }

    /// Neighbours on the grid: squares sharing a side.
    pub(crate) fn grid_adjacency() -> Adjacency {
        let mut pairs = Vec::new();
        for row in 0..3 {
            for col in 0..3 {
                if col < 2 {
                    pairs.push((code(row, col), code(row, col + 1)));
                }
                if row < 2 {
                    pairs.push((code(row, col), code(row + 1, col)));
                }
            }
        }
        Adjacency::from_pairs(pairs)
    }

    /// Answers on the grid for `site_internet`: 1 pools it; {3, 6} and {4, 7} need it and touch;
    /// 8 answered without it; 5 is a draft; 2 and 9 are silent.
    pub(crate) fn grid_responses() -> Vec<Response> {
        use Mutualisation::{Implemented, None as Alone};
        use ServiceStatus::{Deployed, Studied};
        let answer = |n: usize, status: ResponseStatus, services| {
            response(&code((n - 1) / 3, (n - 1) % 3), status, &["administration"], services, &[], &[])
        };
        let site = |status, mutualisation| vec![("site_internet", service(status, mutualisation, &[], &[]))];
        vec![
            answer(1, ResponseStatus::Complete, site(Deployed, Implemented)),
            answer(3, ResponseStatus::Complete, site(Deployed, Alone)),
            answer(4, ResponseStatus::Complete, site(Studied, Alone)),
            answer(5, ResponseStatus::Partial, site(Deployed, Alone)),
            answer(6, ResponseStatus::Complete, site(Studied, Alone)),
            answer(7, ResponseStatus::Complete, site(Deployed, Alone)),
            answer(8, ResponseStatus::Complete, vec![]),
        ]
    }

    /// The report of the grid wave, with its outlines and opportunities.
    pub(crate) fn grid_report(audience: crate::Audience) -> crate::Report {
        let (campaign, responses) = (grid_campaign(), grid_responses());
        let costs = mutu_domain::opportunities::CostModel::default_model(&campaign.catalogue).unwrap();
        let found = mutu_domain::opportunities::opportunities(&campaign, &responses, &grid_adjacency(), &costs);
        crate::Report::build(crate::ReportInput {
            campaign: &campaign,
            responses: &responses,
            analysis: mutu_domain::analysis::analyse(&campaign, &responses, &Default::default()),
            meta: super::meta(),
            outlines: &grid_outlines(),
            opportunities: Some(found),
            qualitative: None,
            audience,
        })
    }
}

/// The report's metadata of the tests: made on 1 March 2025, the wave open from 15 July to
/// 24 September 2014.
pub(crate) fn meta() -> crate::ReportMeta {
    crate::ReportMeta {
        generated_at: time::macros::datetime!(2025-03-01 10:00:00 UTC),
        version: "test".into(),
        opens_on: Some(time::macros::date!(2014 - 07 - 15)),
        closes_on: Some(time::macros::date!(2014 - 09 - 24)),
        departement_names: names(),
    }
}

/// The report of a wave without contours, opportunities nor qualitative material.
pub(crate) fn report_of(campaign: &Campaign, responses: &[Response], audience: crate::Audience) -> crate::Report {
    crate::Report::build(crate::ReportInput {
        campaign,
        responses,
        analysis: mutu_domain::analysis::analyse(campaign, responses, &Default::default()),
        meta: meta(),
        outlines: &crate::maps::Outlines::new(),
        opportunities: None,
        qualitative: None,
        audience,
    })
}

/// The text of a PDF, its spaces (no-break ones included) and line ends made single
/// spaces; `None` when `pdftotext` is missing (a failure under CI).
pub(crate) fn pdf_text(pdf: &[u8]) -> Option<String> {
    let child = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "pdftotext is missing under CI: install poppler-utils");
        eprintln!("SKIPPED: pdftotext not found (install the Debian package poppler-utils)");
        return None;
    };
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), pdf).expect("write the PDF");
    let out = child.wait_with_output().expect("run pdftotext");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8(out.stdout).expect("UTF-8").split_whitespace().collect::<Vec<_>>().join(" "))
}
