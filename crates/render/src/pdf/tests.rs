//! Tests of the PDF report on the hand-made waves of `fixtures`: the text typst laid out
//! (read back with poppler's `pdftotext`), hostile texts printed as they are, and the
//! errors of a lead's template. The seed's figures are checked in `tests/render.rs`.
//!
//! `pdftotext` comes from Debian's `poppler-utils`; without it the tests that read the text
//! say so and pass on a developer's machine, and fail under CI (`CI=true`).

use super::*;
use crate::fixtures::{self, meta, pdf_text as text_of, report_of};
use crate::{Audience, Report};
use mutu_domain::answers::{Answer, Response, ResponseStatus};
use mutu_domain::campaign::Campaign;

fn pdf_of(campaign: &Campaign, responses: &[Response], template: Option<&str>) -> Result<Vec<u8>, RenderError> {
    report_of(campaign, responses, Audience::Study).pdf(template)
}

/// The PDF of a report and typst's warnings.
fn compiled(report: &Report) -> (Vec<u8>, Vec<String>) {
    compile(&report.view(), &report.analysis().campaign, &meta(), None).unwrap()
}

#[test]
fn the_default_template_compiles_without_warnings_and_in_order() {
    let (campaign, responses) = (fixtures::campaign(), fixtures::responses());
    let (pdf, warnings) = compiled(&report_of(&campaign, &responses, Audience::Study));
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert!(pdf.starts_with(b"%PDF-"));
    let Some(text) = text_of(&pdf) else { return };
    let order = [
        "Mutualisation des services et usages du numérique",
        "État des lieux — Vague d'essai",
        "Rapport produit le",
        "du 15 juillet 2014 au 24 septembre 2014",
        "1er mars 2025, par mutu test",
        "Sommaire",
        "Figures",
        "1. Contexte et méthode",
        "Figure 1 — Participation selon le nombre",
        "4 sur 6 (67 %)",
        "Profil des répondants",
        "2. État des lieux des services et moyens",
        "Figure 2 — ",
        "3. Mutualisation des services et moyens",
        "4. Acteurs et partenaires",
        "5. Freins et contraintes",
        "Verbatims",
        "« Il faut un plan d'ensemble. »",
        "— Communauté de communes, < 10 000 habitants",
        "6. Aides attendues",
        "Figure 11 — ",
        "7. Estimations pondérées",
        "100 % [100 – 100]",
        "Strates",
        "Strates d'un seul répondant",
        "Estimations pondérées : part des cibles (et non des seuls répondants)",
        "8. Annexes",
        "A. Tous les services, par thématique",
        "B. Types de mutualisation par thématique",
        "C. Définitions",
    ];
    // The table of contents names every section first: look for each in the body, after it.
    let body = text.rfind("1. Contexte et méthode").expect("the body");
    let mut from = 0;
    for (i, mark) in order.iter().enumerate() {
        let start = if i == 7 { body } else { from };
        let at = text[start..].find(mark).unwrap_or_else(|| panic!("{mark:?} missing or out of order in {text}"));
        from = start + at + mark.len();
    }
    assert!(!text.contains("Monts") && !text.contains("Jeanne"), "no body nor person named");
}

#[test]
fn french_spaces_keep_figures_on_one_line() {
    let (campaign, responses) = (fixtures::campaign(), fixtures::responses());
    let (variables, _) = data::build(&report_of(&campaign, &responses, Audience::Study).view()).unwrap();
    assert_eq!(variables["summary"]["participation"], "4 sur 6 (67\u{202F}%)");
    assert_eq!(variables["summary"]["population_total"], "1\u{202F}291\u{202F}833");
    assert_eq!(variables["figures"]["participation"]["image"], "fig-1.svg");
    assert!(variables["figures"]["participation"].get("svg").is_none(), "drawings are files, not data");
}

/// The hostile wave, with a quote that is typst code too.
fn hostile() -> (Campaign, Vec<Response>) {
    let (campaign, mut responses) = fixtures::hostile();
    let other = responses.iter_mut().filter(|r| r.status == ResponseStatus::Complete).nth(1).expect("a second answer");
    other.answers.insert("needs".into(), Answer::Text("#panic(\"x\") $x^2$ *gras* @ref <lbl> ] \\ //".into()));
    (campaign, responses)
}

#[test]
fn hostile_texts_are_printed_as_they_are() {
    let (campaign, responses) = hostile();
    let pdf = pdf_of(&campaign, &responses, None).unwrap();
    let Some(text) = text_of(&pdf) else { return };
    for literal in [
        "#panic(\"x\") $x^2$ *gras* @ref <lbl> ] \\ //",
        "<script>alert(1)</script>",
        "=1+1",
        "<img src=x onerror=alert(1)>",
        "<script>alert('thème')</script>",
    ] {
        assert!(text.contains(literal), "{literal:?} not in {text}");
    }
}

#[test]
fn a_lead_template_gets_the_data_and_the_drawings() {
    let own = r#"#let data = json("data.json")
#set page(paper: "a4")
#set text(font: "Liberation Sans", lang: "fr")
Vague #data.wave.code : #data.summary.participation
#image(data.figures.participation.image, width: 8cm)
#datetime.today().display()"#;
    let pdf = pdf_of(&fixtures::campaign(), &fixtures::responses(), Some(own)).unwrap();
    let Some(text) = text_of(&pdf) else { return };
    assert!(text.starts_with("Vague essai-2014 : 4 sur 6 (67 %)"), "{text}");
    assert!(text.contains("2025-03-01"), "today is the report's day: {text}");
}

#[test]
fn a_broken_template_names_its_line() {
    let (campaign, responses) = (fixtures::campaign(), fixtures::responses());
    let err =
        pdf_of(&campaign, &responses, Some("#let data = json(\"data.json\")\nligne 2\n#data.wafe.code")).unwrap_err();
    let message = err.to_string();
    assert!(message.starts_with("rapport PDF : report.typ:3:") && !message.contains('\n'), "{message}");
    assert!(message.contains("erreur") && message.contains("wafe"), "{message}");
    let err = pdf_of(&campaign, &responses, Some("#panic(\"arrêt\")")).unwrap_err();
    assert!(err.to_string().contains("report.typ:1:2 : erreur : panicked with: arrêt"), "{err}");
}

#[test]
fn nothing_outside_the_report_can_be_read() {
    let (campaign, responses) = (fixtures::campaign(), fixtures::responses());
    for reach in ["#read(\"/etc/passwd\")", "#read(\"../Cargo.toml\")", "#import \"@preview/cetz:0.3.0\""] {
        let err = pdf_of(&campaign, &responses, Some(reach)).unwrap_err().to_string();
        assert!(err.contains("report.typ:1:"), "{reach}: {err}");
    }
}

#[test]
fn the_report_date_comes_from_the_metadata() {
    let at = time::macros::datetime!(2014-10-15 23:30:00 -02:00);
    assert_eq!(report_date(at), Datetime::from_ymd_hms(2014, 10, 16, 0, 0, 0), "the day in UTC");
}

#[test]
fn the_pdf_holds_the_opportunities_chapter_and_the_maps() {
    let report = crate::fixtures::grid::grid_report(Audience::Study);
    let (pdf, warnings) = compiled(&report);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let Some(text) = text_of(&pdf) else { return };
    let body = text.rfind("1. Contexte et méthode").expect("the body");
    // The chapters and the maps come in the seed's order.
    let mut from = body;
    for mark in [
        "Carte 1 — Participation par EPCI",
        "Site internet institutionnel : déploiement et mutualisation",
        "4. Opportunités de mutualisation",
        "Services classés par score",
        "Site internet institutionnel : groupes de voisins",
        "Site internet institutionnel : groupes de mutualisation possibles",
        "5. Acteurs et partenaires",
    ] {
        let at = text[from..].find(mark).unwrap_or_else(|| panic!("{mark:?} missing or out of order in {text}"));
        from += at + mark.len();
    }
    // Each group with its members, inside the chapter. The order of a table's cells in the
    // extracted text is poppler's reading order (column by column when a table breaks across
    // a page), not the report's, so only their presence in the chapter is asserted.
    let chapter = &text[text[body..].find("4. Opportunités de mutualisation").unwrap() + body..];
    let chapter = &chapter[..chapter.find("5. Acteurs et partenaires").unwrap()];
    for cell in ["Groupe 1", "CC n° 3, CC n° 6", "Groupe 2", "CC n° 4, CC n° 7", "inter-EPCI", "6 000 €"] {
        assert!(chapter.contains(cell), "{cell:?} missing from the opportunities chapter: {chapter}");
    }
}
