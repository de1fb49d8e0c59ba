//! Tests of the qualitative material in the HTML and XLSX reports, on the hand-made wave
//! with the seed's benchmark and annex of actors.

use super::*;
use crate::fixtures::{self, meta};
use crate::report::{Audience, Report, ReportInput};
use calamine::{Data, Reader, Xlsx, open_workbook};
use mutu_domain::analysis::{Filters, analyse};
use mutu_domain::qualitative::{
    AttributedVerbatim, Attribution, Verbatim, VerbatimSource, default_structures, default_themes, verbatims_by_theme,
};
use mutu_import::qualitative::{EXAMPLE_ACTORS_CSV, read_actors};

const HOSTILE: &str = "<script>alert(1)</script>";

/// A coded verbatim; an answer's is attributed to a size class, an interview's is not.
fn verbatim(quote: &str, themes: &[&str], source: VerbatimSource, body_type: BodyType) -> AttributedVerbatim {
    let size_class = matches!(source, VerbatimSource::Answer { .. }).then(|| "< 10 000".to_owned());
    AttributedVerbatim {
        verbatim: Verbatim { source, quote: quote.into(), themes: themes.iter().map(|t| (*t).into()).collect() },
        attribution: Attribution { body_type, size_class },
    }
}

/// The seed's benchmark and annex, a named person with an email among the people met, and
/// two coded verbatims (one from an interview, one from an answer).
fn material() -> ReportQualitative {
    let mut actors = read_actors("actors.csv", EXAMPLE_ACTORS_CSV).unwrap();
    actors.people.push(Person {
        key: "nom-1".into(),
        organisation: "Caisse des dépôts".into(),
        name: "Jeanne Martin".into(),
        role: "Directrice".into(),
        email: Some("jeanne.martin@example.org".into()),
    });
    let list = [
        verbatim(
            "Il faut un plan d'ensemble.",
            &["strategie", "gouvernance"],
            VerbatimSource::Interview { code: "E01".into() },
            BodyType::Region,
        ),
        verbatim(
            "Former les élus d'abord.",
            &["sensibilisation_formation"],
            VerbatimSource::Answer { respondent: "200000001".into(), question: "needs".into() },
            BodyType::Epci,
        ),
    ];
    let themes = verbatims_by_theme(&default_themes(), &list);
    ReportQualitative::new(themes, default_structures(), &actors.organisations, &actors.people)
}

/// The report of the fixture's wave with the material `q`.
pub(crate) fn report_with(q: Option<ReportQualitative>) -> Report {
    let (campaign, responses) = (fixtures::campaign(), fixtures::responses());
    Report::build(ReportInput {
        campaign: &campaign,
        responses: &responses,
        analysis: analyse(&campaign, &responses, &Filters::default()),
        meta: meta(),
        outlines: &crate::maps::Outlines::new(),
        opportunities: None,
        qualitative: q,
        audience: Audience::Study,
    })
}

fn html_with(q: Option<ReportQualitative>) -> String {
    report_with(q).html(None).unwrap()
}

#[test]
fn without_material_the_report_is_unchanged() {
    let plain = html_with(None);
    assert!(!plain.contains("section-benchmark") && !plain.contains("Acteurs rencontrés"));
    assert!(plain.contains("<h2>8. Annexes</h2>"));
}

#[test]
fn verbatims_by_theme_benchmark_and_actors_come_in_the_seed_order() {
    let html = html_with(Some(material()));
    let order = [
        "id=\"section-freins\"",
        "<h4>Stratégie</h4>",
        "« Il faut un plan d&#x27;ensemble. »",
        "— Région, entretien",
        "<h4>Sensibilisation et formation des élus et des agents</h4>",
        "— EPCI (&lt; 10 000), questionnaire",
        "<h4>Gouvernance</h4>",
        "id=\"section-aides\"",
        "<h2>7. Estimations pondérées</h2>",
        "<h2>8. Benchmark des structures de mutualisation</h2>",
        "<caption>Comparaison des structures de mutualisation</caption>",
        "<th scope=\"row\">Services du catalogue proposés</th>",
        "<h3 id=\"structure-e-bourgogne\">GIP e-Bourgogne</h3>",
        "<h4>Menaces</h4>",
        "<h4>Opportunités</h4>",
        "<h4>Forces</h4>",
        "<h4>Faiblesses</h4>",
        "id=\"structure-wallonie\"",
        "<h2>9. Annexes</h2>",
        "<h3 id=\"annexe-acteurs\">D. Acteurs rencontrés</h3>",
        "18 acteurs du territoire rencontrés et 36 personnes interrogées.",
        "9 acteurs hors du territoire rencontrés et 13 personnes interrogées.",
    ];
    let positions: Vec<usize> = order.iter().map(|m| html.find(m).unwrap_or_else(|| panic!("{m} missing"))).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{order:?} out of order: {positions:?}");
    assert!(html.contains("href=\"#section-benchmark\""));
    assert_eq!(html.matches("<h4>Menaces</h4>").count(), 6);
    assert!(html.contains("(appréciation de l'équipe d'étude)"), "judgements are marked");
    assert!(html.contains("<span class=\"sources\">[S20"), "MOOF items cite their sources");
    assert!(html.contains("Ingénieur développement informatique (2 personnes)"), "a role met twice");
    for absent in ["Jeanne", "Martin", "@example.org", "E01", "200000001", "Aucun texte libre"] {
        assert!(!html.contains(absent), "{absent} in the report");
    }
    assert!(!html.contains("<h4>Compétences</h4>"), "a theme without verbatim is left out");
}

#[test]
fn without_coded_verbatims_or_actors_the_report_says_so() {
    let mut q = material();
    q.themes.iter_mut().for_each(|t| t.verbatims.clear());
    q.actors.clear();
    let html = html_with(Some(q.clone()));
    assert!(html.contains("« Il faut un plan d&#x27;ensemble. »"), "the answers' free texts by question");
    assert!(html.contains("Aucun acteur rencontré n'a été enregistré pour cette étude."));
    q.structures.clear();
    let html = html_with(Some(q));
    assert!(!html.contains("section-benchmark") && html.contains("<h2>8. Annexes</h2>"));
}

#[test]
fn hostile_material_stays_text() {
    let mut q = material();
    q.themes[0].verbatims[0].quote = HOSTILE.into();
    q.themes[0].label = "<b>Stratégie</b>".into();
    q.structures[0].name = "<img src=x onerror=alert(1)>".into();
    q.structures[0].threats[0].text = HOSTILE.into();
    q.structures[0].sources[0].reference = "\"><script>".into();
    q.actors[0].organisation = "<iframe>".into();
    q.actors[0].roles[0] = HOSTILE.into();
    let html = html_with(Some(q));
    for markup in ["<script", "<img", "<iframe", "<b>"] {
        assert!(!html.contains(markup), "{markup} got through");
    }
    assert!(html.contains("« &lt;script&gt;alert(1)&lt;&#x2f;script&gt; »"), "the quote is shown as text");
    assert!(html.contains("<h4>&lt;b&gt;Stratégie&lt;&#x2f;b&gt;</h4>"));
    assert!(html.contains("<th scope=\"col\">&lt;img src=x onerror=alert(1)&gt;</th>"));
    assert!(html.contains("&lt;iframe&gt;"));
}

#[test]
fn roles_show_once_with_their_count() {
    let actor = ActorMet {
        organisation: "CDG".into(),
        in_territory: true,
        body_type: BodyType::CentreGestion,
        roles: vec!["DSI".into(), "DG".into(), "DSI".into()],
    };
    assert_eq!(roles(&actor), ["DSI (2 personnes)", "DG"]);
    let groups = actor_groups(std::slice::from_ref(&actor));
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].summary, "1 acteur du territoire rencontré et 3 personnes interrogées");
}

#[test]
fn the_xlsx_report_adds_three_sheets_of_strings() {
    let mut q = material();
    q.themes[0].verbatims[0].quote = "=1+1".into();
    q.structures[0].strengths[0].text = "=HYPERLINK(\"http://x\")".into();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.xlsx");
    let responses = fixtures::responses();
    report_with(Some(q)).write_xlsx(&responses, &path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names();
    let first = names.iter().position(|n| n == "Verbatims").expect("Verbatims");
    assert_eq!(names[first..], ["Verbatims", "Verbatims par thème", "Benchmark", "Acteurs rencontrés", "Réponses"]);
    let rows = |book: &mut Xlsx<_>, sheet: &str| -> Vec<Vec<Data>> {
        book.worksheet_range(sheet).unwrap().rows().map(<[Data]>::to_vec).collect()
    };
    let s = |t: &str| Data::String(t.into());
    let verbatims = rows(&mut book, "Verbatims par thème");
    assert_eq!(verbatims[1][..4], [s("strategie"), s("Stratégie"), s("=1+1"), s("entretien")]);
    let benchmark = rows(&mut book, "Benchmark");
    assert!(benchmark.iter().any(|r| r[1] == s("Forces") && r[2] == s("=HYPERLINK(\"http://x\")")));
    assert!(benchmark.iter().any(|r| r[1] == s("Menaces") && r[4] == s("appréciation de l'équipe d'étude")));
    let actors = rows(&mut book, "Acteurs rencontrés");
    assert_eq!(actors.len(), 1 + 48 + 1, "a row per person met, the named one among them");
    assert!(actors.iter().any(|r| r[1] == s("Caisse des dépôts") && r[3] == s("Directrice")));
    let all: String = [verbatims, benchmark, actors].iter().flatten().flatten().map(|c| format!("{c}\t")).collect();
    assert!(!all.contains("Jeanne") && !all.contains("@example.org") && !all.contains("E01"), "{all}");
    for sheet in ["Verbatims par thème", "Benchmark", "Acteurs rencontrés"] {
        let formulas = book.worksheet_formula(sheet).unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "a formula in {sheet}");
    }
}

#[test]
fn the_pdf_holds_the_verbatims_the_benchmark_and_the_actors_met() {
    let pdf = report_with(Some(material())).pdf(None).unwrap();
    let Some(text) = fixtures::pdf_text(&pdf) else { return };
    let order = [
        "Freins et contraintes",
        "Stratégie",
        "« Il faut un plan d'ensemble. »",
        "Région, entretien",
        "Benchmark des structures de mutualisation",
        "Comparaison des structures de mutualisation",
        "GIP e-Bourgogne",
        "Menaces",
        "Faiblesses",
        "D. Acteurs rencontrés",
        "18 acteurs du territoire rencontrés et 36 personnes interrogées",
    ];
    let body = text.rfind("Contexte et méthode").expect("the body");
    let mut from = body;
    for mark in order {
        let at = text[from..].find(mark).unwrap_or_else(|| panic!("{mark:?} missing or out of order in {text}"));
        from += at + mark.len();
    }
    for structure in default_structures() {
        assert!(text.contains(&structure.name), "{} missing", structure.name);
    }
    assert!(!text.contains("Jeanne") && !text.contains("@example.org"), "no person named");
}
