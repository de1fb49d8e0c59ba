//! The chapter « Suites données » on the hand-made wave of `fixtures`: two groups drawn from
//! it (one on a service, with a facilitator, a meeting and decisions; one on a theme), two
//! groups of an earlier wave followed in it, and one of another territory left out. The HTML
//! chapter has a snapshot; the PDF and the workbook are read back; the public report and a
//! wave without groups have no such chapter.

use super::*;
use crate::fixtures::{self, report_of};
use crate::report::tests::{rows, without_drawings};
use crate::report::{Audience, Report};
use calamine::{Data, Reader, Xlsx, open_workbook};
use mutu_domain::codes::{CampaignCode, CatalogueCode, Day};
use mutu_domain::groups::{Facilitator, FacilitatorKind, GroupStatus, Note};

fn group(id: i64, campaign: &str, name: &str, subject: Subject, members: &[&str]) -> WorkingGroup {
    WorkingGroup {
        id,
        group: NewGroup {
            name: name.into(),
            subject,
            campaign: CampaignCode::parse(campaign).unwrap(),
            members: members.iter().map(|m| TargetCode::parse(m).unwrap()).collect(),
            status: GroupStatus::Proposed,
            facilitator: None,
            notes: vec![],
            next_meeting: None,
            documents: vec![],
        },
    }
}

fn service(code: &str) -> Subject {
    Subject::Service(CatalogueCode::parse(code).unwrap())
}

fn theme(code: &str) -> Subject {
    Subject::Theme(CatalogueCode::parse(code).unwrap())
}

fn note(date: &str, kind: NoteKind, text: &str) -> Note {
    Note { date: Day::parse(date).unwrap(), kind, text: text.into() }
}

/// Every stored group, as the store lists them (by id).
fn stored() -> Vec<WorkingGroup> {
    let mut site =
        group(1, "essai-2014", "Site internet commun", service("site_internet"), &["200000003", "200000005"]);
    site.group.status = GroupStatus::Formed;
    site.group.facilitator =
        Some(Facilitator { kind: FacilitatorKind::Region, name: "Conseil régional Hauts-de-France".into() });
    site.group.next_meeting = Some(Day::parse("2014-10-15").unwrap());
    site.group.notes = vec![
        note("2014-09-30", NoteKind::Note, "Première réunion"),
        note("2014-10-01", NoteKind::Decision, "Cahier des charges commun"),
        note("2014-10-02", NoteKind::Note, "Relance des membres"),
    ];
    let administration =
        group(2, "essai-2014", "Démarches en ligne", theme("administration"), &["200000001", "200000002"]);
    // Drawn a year earlier: 1 now pools the site, 3 deploys it alone, 2 and 6 (a draft) are silent.
    let mut earlier = group(
        3,
        "essai-2013",
        "Sites internet 2013",
        service("site_internet"),
        &["200000001", "200000002", "200000003", "200000006"],
    );
    earlier.group.status = GroupStatus::InProgress;
    // On a theme: 4 deploys a tourism service alone, 5 answered without any.
    let tourism = group(4, "essai-2013", "Tourisme", theme("tourisme"), &["200000004", "200000005"]);
    // Another territory's group: no member is a target of the wave.
    let elsewhere = group(5, "ailleurs", "Ailleurs", service("site_internet"), &["200099991", "200099992"]);
    vec![site, administration, earlier, tourism, elsewhere]
}

fn report_with(groups: Vec<WorkingGroup>, audience: Audience) -> Report {
    let (campaign, responses) = (fixtures::campaign(), fixtures::responses());
    let found = ReportGroups::new(&campaign, &responses, groups);
    report_of(&campaign, &responses, audience).with_groups(found)
}

/// The chapter's markup, from its section to the next one.
fn chapter(html: &str) -> &str {
    let start = html.find("<section id=\"section-suites\">").expect("the chapter");
    let end = html[start..].find("</section>").expect("closed") + start + "</section>".len();
    &html[start..end]
}

#[test]
fn the_wave_s_groups_and_the_others_followed_in_it_are_sorted_apart() {
    let (campaign, responses) = (fixtures::campaign(), fixtures::responses());
    let groups = ReportGroups::new(&campaign, &responses, stored()).expect("groups concern the wave");
    assert_eq!(groups.drawn.iter().map(|g| g.id).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(groups.followed.iter().map(|f| f.group.id).collect::<Vec<_>>(), [3, 4], "another territory's left out");
    // The same follow-up as `mutu groups follow-up`.
    let others: Vec<WorkingGroup> = stored().into_iter().filter(|g| [3, 4].contains(&g.id)).collect();
    let expected = follow_up(&others, &campaign, &responses).groups;
    assert_eq!(groups.followed.iter().map(|f| f.follow_up.clone()).collect::<Vec<_>>(), expected);
    let earlier = &groups.followed[0].follow_up;
    assert_eq!((&earlier.pooling, &earlier.alone), (&vec!["200000001".to_owned()], &vec!["200000003".to_owned()]));
    assert_eq!(earlier.silent, ["200000002", "200000006"]);
    let tourism = &groups.followed[1].follow_up;
    assert_eq!((&tourism.alone, &tourism.not_needed), (&vec!["200000004".to_owned()], &vec!["200000005".to_owned()]));

    // Nothing that concerns the wave: no chapter at all.
    let foreign: Vec<WorkingGroup> = stored().into_iter().filter(|g| g.id == 5).collect();
    assert_eq!(ReportGroups::new(&campaign, &responses, foreign), None);
    assert_eq!(ReportGroups::new(&campaign, &responses, vec![]), None);
}

#[test]
fn the_html_chapter_snapshot() {
    let html = report_with(stored(), Audience::Study).html(None).unwrap();
    insta::assert_snapshot!("groups_chapter_html", chapter(&html));
}

#[test]
fn the_chapter_comes_after_the_estimates_and_before_the_annexes() {
    let html = without_drawings(&report_with(stored(), Audience::Study).html(None).unwrap());
    let order = [
        "id=\"section-estimations\"",
        "id=\"section-suites\"",
        "<h2>8. Suites données</h2>",
        "id=\"groupe-1\"",
        "Conseil régional Hauts-de-France (Région)",
        "15 octobre 2014",
        "1er octobre 2014 : Cahier des charges commun",
        "id=\"groupe-2\"",
        "Thématique</dt><dd>L&#x27;administration et les démarches en ligne",
        "à désigner",
        "id=\"suivi-groupe-3\"",
        "Groupe de la vague essai-2013, service « Site internet institutionnel », en cours, 4 membres.",
        "id=\"suivi-groupe-4\"",
        "<h2>9. Annexes</h2>",
    ];
    let positions: Vec<usize> = order.iter().map(|m| html.find(m).unwrap_or_else(|| panic!("{m} missing"))).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{order:?} out of order: {positions:?}");
    assert!(html.contains("href=\"#section-suites\""), "in the table of contents");
    assert!(!html.contains("Relance des membres"), "a note is not a decision");
    assert!(!html.contains("Ailleurs"), "another territory's group");
}

#[test]
fn without_groups_or_for_the_public_there_is_no_chapter() {
    let (campaign, responses) = (fixtures::campaign(), fixtures::responses());
    for report in [
        report_of(&campaign, &responses, Audience::Study),
        report_of(&campaign, &responses, Audience::Study).with_groups(None),
        report_of(&campaign, &responses, Audience::Study).with_groups(Some(ReportGroups::default())),
        report_with(stored(), Audience::Public),
    ] {
        assert!(report.groups().is_none());
        let view = report.view();
        assert!(view.groups.is_none() && !view.chapter.contains_key("suites"));
        let html = report.html(None).unwrap();
        assert!(!html.contains("section-suites") && !html.contains("Suites données"));
        assert!(!html.contains("Site internet commun") && !html.contains("CC du Marais"), "no group, no body named");
    }
}

#[test]
fn the_pdf_chapter_names_the_groups_and_their_members() {
    let pdf = report_with(stored(), Audience::Study).pdf(None).unwrap();
    let Some(text) = fixtures::pdf_text(&pdf) else { return };
    let start = text.rfind("8. Suites données").expect("the chapter");
    let chapter = &text[start..text.rfind("9. Annexes").expect("the annexes")];
    for expected in [
        "Groupes de travail tirés de cette vague",
        "Site internet commun",
        "constituée",
        "Membres (2) CC de la Vallée, Métropole Européenne",
        "Conseil régional Hauts-de-France (Région)",
        "1er octobre 2014 : Cahier des charges commun",
        "Démarches en ligne",
        "Suivi des groupes d’autres vagues",
        "Sites internet 2013",
        "Mutualisent 1 CC des Monts",
        "Sans réponse complète 2 CC du Marais, CA de l'Artois",
        "Tourisme",
    ] {
        assert!(chapter.contains(expected), "{expected:?} missing in {chapter}");
    }
}

#[test]
fn the_workbook_has_a_sheet_of_the_groups_only_when_the_report_has_the_chapter() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.xlsx");
    let responses = fixtures::responses();
    report_with(stored(), Audience::Study).write_xlsx(&responses, &path).unwrap();
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    let names = workbook.sheet_names();
    assert_eq!(names[names.len() - 2..], ["Suites données".to_owned(), "Réponses".to_owned()]);
    let sheet = rows(&mut workbook, "Suites données");
    let s = |t: &str| Data::String(t.into());
    assert_eq!(sheet.len(), 1 + 4, "a header, then one row per group");
    assert_eq!(sheet[0][..3], [s("Partie"), s("N° du groupe"), s("Groupe")]);
    assert_eq!(sheet[0].len(), 14 + 8, "the group, then the four lists of the follow-up");
    let site = &sheet[1];
    assert_eq!(
        site[..8],
        [
            s("Groupe de la vague"),
            Data::Float(1.0),
            s("Site internet commun"),
            s("essai-2014"),
            s("service"),
            s("site_internet"),
            s("Site internet institutionnel"),
            s("constituée"),
        ]
    );
    assert_eq!(
        site[9..14],
        [
            s("2014-10-15"),
            s("1er octobre 2014 : Cahier des charges commun"),
            Data::Float(2.0),
            s("200000003, 200000005"),
            s("CC de la Vallée, Métropole Européenne"),
        ]
    );
    assert!(site[14..].iter().all(|c| *c == Data::Empty), "no follow-up for the wave's own group");
    let earlier = &sheet[3];
    assert_eq!(
        earlier[..4],
        [s("Suivi d'un groupe d'une autre vague"), Data::Float(3.0), s("Sites internet 2013"), s("essai-2013")]
    );
    assert_eq!(earlier[14..16], [Data::Float(1.0), s("CC des Monts")]);
    assert_eq!(earlier[20..22], [Data::Float(2.0), s("CC du Marais, CA de l'Artois")]);
    assert_eq!(sheet[4][4..7], [s("thème"), s("tourisme"), s("Le tourisme, les loisirs")]);

    let plain = dir.path().join("sans-groupes.xlsx");
    report_of(&fixtures::campaign(), &responses, Audience::Study).write_xlsx(&responses, &plain).unwrap();
    let workbook: Xlsx<_> = open_workbook(&plain).unwrap();
    assert!(!workbook.sheet_names().contains(&"Suites données".to_owned()));
}

#[test]
fn hostile_group_texts_stay_text() {
    let mut groups = stored();
    groups[0].group.name = "<script>alert(1)</script>".into();
    groups[0].group.notes[1].text = "=1+1".into();
    let report = report_with(groups, Audience::Study);
    let html = report.html(None).unwrap();
    assert!(!html.contains("<script") && html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.xlsx");
    report.write_xlsx(&fixtures::responses(), &path).unwrap();
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    let formulas = workbook.worksheet_formula("Suites données").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "a formula");
    assert_eq!(rows(&mut workbook, "Suites données")[1][10], Data::String("1er octobre 2014 : =1+1".into()));
}
