//! Working groups on the 3 × 3 grid of `geography::grid`: their life, their checks, groups
//! drawn from opportunities, the follow-up in a second wave, and group purchase needs.

use super::*;
use crate::answers::{Answer, Answers, Mutualisation, Response, ResponseStatus, ServiceAnswer, ServiceStatus};
use crate::campaign::TargetLevel;
use crate::codes::CatalogueCode;
use crate::geography::{grid, wave_adjacency};
use crate::opportunities::{CostModel, opportunities};

fn row(status: ServiceStatus, mutualisation: Mutualisation, types: &[&str]) -> ServiceAnswer {
    ServiceAnswer {
        status,
        mutualisation,
        types: types.iter().map(|t| (*t).to_owned()).collect(),
        actors: vec![],
        partners: String::new(),
    }
}

fn response(code: &str, status: ResponseStatus, rows: &[(&str, ServiceAnswer)], support: &[&str]) -> Response {
    let mut answers = Answers::new();
    answers.insert("services".into(), Answer::Matrix(rows.iter().map(|(s, a)| ((*s).to_owned(), a.clone())).collect()));
    if !support.is_empty() {
        answers.insert("expected_support".into(), Answer::Choices(support.iter().map(|s| (*s).to_owned()).collect()));
    }
    Response { respondent: code.into(), status, submitted_at: None, answers }
}

fn service(code: &str) -> Subject {
    Subject::Service(CatalogueCode::parse(code).unwrap())
}

fn day(value: &str) -> Day {
    Day::parse(value).unwrap()
}

fn epci_group() -> NewGroup {
    let campaign = grid::campaign(TargetLevel::Epci);
    NewGroup::new(&campaign, " SIG partagé ", service("sig"), &[grid::epci(1), grid::epci(0)]).unwrap()
}

fn message(result: Result<impl std::fmt::Debug, GroupError>) -> String {
    result.unwrap_err().to_string()
}

#[test]
fn a_new_group_is_a_trimmed_sorted_proposal() {
    let group = epci_group();
    assert_eq!(group.name, "SIG partagé");
    assert_eq!(group.members.iter().map(TargetCode::as_str).collect::<Vec<_>>(), [grid::epci(0), grid::epci(1)]);
    assert_eq!((group.status, group.status.label()), (GroupStatus::Proposed, "proposée"));
    assert!(group.facilitator.is_none() && group.notes.is_empty() && group.documents.is_empty());
}

#[test]
fn a_group_lives_one_step_at_a_time_and_achieved_is_final() {
    let mut group = epci_group();
    for to in [GroupStatus::Formed, GroupStatus::InProgress, GroupStatus::Achieved] {
        group.set_status(to).unwrap();
    }
    assert!(group.status.is_final());
    for to in GROUP_STATUSES {
        assert!(group.clone().set_status(to).is_err(), "achieved → {to}");
    }
    assert_eq!(
        message(group.set_status(GroupStatus::InProgress)),
        "status : un groupe « aboutie » ne peut pas passer à « en cours » (possible : aucun, le statut est définitif)"
    );

    let mut group = epci_group();
    assert_eq!(
        message(group.set_status(GroupStatus::InProgress)),
        "status : un groupe « proposée » ne peut pas passer à « en cours » (possible : « constituée » ou « abandonnée »)"
    );
    assert!(group.set_status(GroupStatus::Proposed).is_err(), "the same status records nothing");
    group.set_status(GroupStatus::Formed).unwrap();
    group.set_status(GroupStatus::Abandoned).unwrap();
    group.set_status(GroupStatus::Proposed).unwrap();
    assert_eq!(group.status, GroupStatus::Proposed, "an abandoned group is reopened as a proposal");
    for status in GROUP_STATUSES {
        assert_eq!(GroupStatus::parse(status.code()), Some(status));
    }
    assert_eq!(GroupStatus::InProgress.code(), "in_progress");
}

#[test]
fn refusals_name_the_field() {
    let campaign = grid::campaign(TargetLevel::Epci);
    let members = [grid::epci(0), grid::epci(1)];
    let new = |name: &str, subject: Subject, members: &[String]| NewGroup::new(&campaign, name, subject, members);
    assert_eq!(message(new("  ", service("sig"), &members)), "name : obligatoire");
    assert_eq!(message(new(&"x".repeat(201), service("sig"), &members)), "name : trop long (200 caractères au plus)");
    assert_eq!(message(new("a\nb", service("sig"), &members)), "name : une seule ligne, sans caractère de contrôle");
    assert_eq!(
        message(new("SIG", service("nope"), &members)),
        "service : service « nope » absent du catalogue de la vague"
    );
    let theme = Subject::Theme(CatalogueCode::parse("meteo").unwrap());
    assert_eq!(message(new("SIG", theme, &members)), "theme : thème « meteo » absent du catalogue de la vague");
    assert_eq!(message(new("SIG", service("sig"), &[grid::epci(0)])), "members : au moins 2 membres pour mutualiser");
    assert_eq!(
        message(new("SIG", service("sig"), &[grid::epci(0), grid::epci(0)])),
        format!("members : « {} » en double", grid::epci(0))
    );
    assert_eq!(
        message(new("SIG", service("sig"), &[grid::epci(0), "200000009".into()])),
        "members : « 200000009 » n'est pas une cible de la vague « grille »"
    );
    assert!(message(new("SIG", service("sig"), &[grid::epci(0), "abc".into()])).starts_with("members : code de cible"));

    let mut group = epci_group();
    group.facilitator = Some(Facilitator { kind: FacilitatorKind::Region, name: " ".into() });
    assert_eq!(message(group.check(&campaign)), "facilitator.name : obligatoire");
    let mut group = epci_group();
    group.notes.push(Note { date: day("2015-03-12"), kind: NoteKind::Note, text: "Réunion".into() });
    group.notes.push(Note { date: day("2015-03-12"), kind: NoteKind::Decision, text: "".into() });
    assert_eq!(message(group.check(&campaign)), "notes[1].text : texte vide");
    let mut group = epci_group();
    let url = HttpUrl::parse("https://exemple.fr/cr.pdf").unwrap();
    group.documents.push(DocumentLink { title: "".into(), url });
    assert_eq!(message(group.check(&campaign)), "documents[0].title : obligatoire");
    let mut other = grid::campaign(TargetLevel::Epci);
    other.code = CampaignCode::parse("autre").unwrap();
    assert_eq!(
        message(epci_group().check(&other)),
        "campaign : le groupe appartient à la vague « grille », pas à « autre »"
    );
    assert_eq!(
        message(epci_group().add_note(Note { date: day("2015-01-01"), kind: NoteKind::Note, text: " ".into() })),
        "notes.text : texte vide"
    );
}

#[test]
fn document_links_are_absolute_http_addresses() {
    for good in
        ["https://exemple.fr/compte-rendu.pdf", "HTTP://EXEMPLE.FR", "https://nuage.exemple.fr:8443/s/abc?dl=1#p2"]
    {
        assert!(HttpUrl::parse(good).is_ok(), "{good}");
    }
    for bad in [
        "javascript:alert(1)",
        "https://",
        "https:///chemin",
        "ftp://exemple.fr",
        "exemple.fr/cr.pdf",
        "https://a b.fr",
        "https://moi@exemple.fr",
    ] {
        assert!(HttpUrl::parse(bad).is_err(), "{bad}");
    }
    assert_eq!(
        HttpUrl::parse("data:text/html,x").unwrap_err().to_string(),
        "lien de document « data:text/html,x » invalide : une adresse http:// ou https:// (ex. https://exemple.fr/compte-rendu.pdf)"
    );
}

#[test]
fn notes_stay_in_date_order() {
    let mut group = epci_group();
    let note = |date: &str, text: &str| Note { date: day(date), kind: NoteKind::Note, text: text.into() };
    for (date, text) in [("2015-03-12", "b"), ("2015-01-05", "a"), ("2015-03-12", "c"), ("2015-06-01", "d")] {
        group.add_note(note(date, text)).unwrap();
    }
    let texts: Vec<&str> = group.notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(texts, ["a", "b", "c", "d"], "by date, same day in the order written");
}

#[test]
fn the_json_is_flat_with_the_contract_keys_and_reads_back() {
    let mut group = epci_group();
    group.facilitator = Some(Facilitator { kind: FacilitatorKind::Structure, name: "Mégalis Bretagne".into() });
    group.next_meeting = Some(day("2015-04-02"));
    let stored = WorkingGroup { id: 7, group };
    let json = serde_json::to_value(&stored).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["id", "name", "service", "campaign", "members", "status", "facilitator", "notes", "next_meeting", "documents"]
    );
    assert_eq!(json["service"], "sig");
    assert_eq!(json["status"], "proposed");
    assert_eq!(json["facilitator"], serde_json::json!({"kind": "structure", "name": "Mégalis Bretagne"}));
    assert_eq!(serde_json::from_value::<WorkingGroup>(json).unwrap(), stored);

    let theme = Subject::Theme(CatalogueCode::parse("administration").unwrap());
    let json =
        serde_json::to_value(WorkingGroup { id: 1, group: NewGroup { subject: theme, ..epci_group() } }).unwrap();
    assert_eq!((json["theme"].as_str(), json.get("service")), (Some("administration"), None));
    let bad = serde_json::json!({"id": 1, "name": "x", "service": "sig", "campaign": "grille", "members": ["1"],
        "status": "proposed", "facilitator": null, "notes": [], "next_meeting": null, "documents": []});
    assert!(serde_json::from_value::<WorkingGroup>(bad).is_err(), "a malformed member code never reads back");
}

/// Communes of the grid's south and north rows that need `sig`: two groups, ordered by their
/// smallest member.
fn commune_opportunities() -> crate::opportunities::Opportunities {
    let deployed = [("sig", row(ServiceStatus::Deployed, Mutualisation::None, &[]))];
    let answers: Vec<Response> = [(0, 0), (0, 1), (2, 1), (2, 2)]
        .iter()
        .map(|&(r, c)| response(&grid::commune(r, c), ResponseStatus::Complete, &deployed, &[]))
        .collect();
    let campaign = grid::campaign(TargetLevel::Commune);
    let adjacency = wave_adjacency(&campaign, &grid::territory(), &grid::contours());
    opportunities(&campaign, &answers, &adjacency, &CostModel::default_model(&campaign.catalogue).unwrap())
}

#[test]
fn a_group_drawn_from_an_opportunity_has_exactly_its_members() {
    let o = commune_opportunities();
    assert_eq!(from_opportunity(&o, "sig", 1).unwrap(), [grid::commune(0, 0), grid::commune(0, 1)]);
    assert_eq!(from_opportunity(&o, "sig", 2).unwrap(), [grid::commune(2, 1), grid::commune(2, 2)]);
    assert_eq!(
        message(from_opportunity(&o, "sig", 3)),
        "opportunité : pas de groupe n° 3 pour « sig », qui en compte 2 (numérotés à partir de 1)"
    );
    assert!(matches!(from_opportunity(&o, "sig", 0), Err(GroupError::NoSuchGroup { n: 0, count: 2, .. })));
    assert!(matches!(from_opportunity(&o, "gru", 1), Err(GroupError::NoSuchGroup { count: 0, .. })));
    assert_eq!(
        message(from_opportunity(&o, "nope", 1)),
        "opportunité : service « nope » absent des opportunités de la vague"
    );

    let members = from_opportunity(&o, "sig", 2).unwrap();
    let group = NewGroup::new(&grid::campaign(TargetLevel::Commune), "SIG nord", service("sig"), &members).unwrap();
    assert_eq!(group.members.iter().map(|m| m.to_string()).collect::<Vec<_>>(), members);

    assert_eq!("sig:2".parse::<OpportunityRef>().unwrap(), OpportunityRef { service: "sig".into(), n: 2 });
    for bad in ["sig", "sig:", "sig:deux", ":2", "SIG:2", "sig:-1"] {
        assert_eq!(bad.parse::<OpportunityRef>(), Err(GroupError::OpportunityRef(bad.into())), "{bad}");
    }
}

#[test]
fn the_follow_up_sorts_every_member_into_one_list() {
    use Mutualisation::{Implemented, None as No, Planned};
    use ServiceStatus::{Deployed, None as Neither, Studied};
    let first = grid::campaign(TargetLevel::Commune);
    let members: Vec<String> = (0..6).map(|i| grid::commune(i / 3, i % 3)).collect();
    let sig = NewGroup::new(&first, "SIG", service("sig"), &members).unwrap();
    let theme = Subject::Theme(CatalogueCode::parse("administration").unwrap());
    let admin = NewGroup::new(&first, "Administration", theme, &members[..3]).unwrap();
    let groups = [WorkingGroup { id: 1, group: sig }, WorkingGroup { id: 2, group: admin }];

    // The next wave renames `sig` (its answers come under the new code) and no longer
    // targets the sixth commune.
    let mut next = grid::campaign(TargetLevel::Commune);
    next.code = CampaignCode::parse("grille-2").unwrap();
    next.targets.retain(|t| t.code != members[5]);
    let renamed = next.catalogue.services.iter_mut().find(|s| s.code == "sig").unwrap();
    renamed.code = "sig_cadastre".into();
    renamed.previous = vec!["sig".into()];
    let complete = ResponseStatus::Complete;
    let responses = [
        response(&members[0], complete, &[("sig_cadastre", row(Deployed, Implemented, &["syndicat"]))], &[]),
        response(
            &members[1],
            complete,
            &[("sig_cadastre", row(Studied, Planned, &[])), ("gru", row(Deployed, No, &[]))],
            &[],
        ),
        response(
            &members[2],
            complete,
            &[("sig_cadastre", row(Deployed, No, &[])), ("gru", row(Deployed, Planned, &[]))],
            &[],
        ),
        response(&members[3], complete, &[("sig_cadastre", row(Neither, No, &[]))], &[]),
        response(&members[4], ResponseStatus::Partial, &[("sig_cadastre", row(Deployed, Implemented, &[]))], &[]),
        response(&members[5], complete, &[("sig_cadastre", row(Deployed, Implemented, &[]))], &[]),
    ];
    let follow = follow_up(&groups, &next, &responses);
    assert_eq!(follow.campaign, "grille-2");
    let sig = &follow.groups[0];
    assert_eq!((sig.id, sig.name.as_str()), (1, "SIG"));
    assert_eq!(sig.pooling, members[..2], "implemented, and planned while studied");
    assert_eq!(sig.alone, members[2..3]);
    assert_eq!(sig.not_needed, members[3..4], "answered, neither deploys nor studies");
    assert_eq!(sig.silent, members[4..6], "a partial answer, and a member the wave no longer targets");

    let admin = &follow.groups[1];
    assert_eq!(admin.pooling, members[..3], "each pools one service of the theme");
    assert!(admin.alone.is_empty() && admin.silent.is_empty() && admin.not_needed.is_empty());

    let json = serde_json::to_value(&follow).unwrap();
    let keys: Vec<&str> = json["groups"][0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["id", "name", "service", "pooling", "alone", "silent", "not_needed"]);
    assert_eq!(json["groups"][1]["theme"], "administration");
}

#[test]
fn purchase_needs_list_who_buys_together_per_service_and_who_asks_for_help() {
    use Mutualisation::{Implemented, Planned};
    use ServiceStatus::{Deployed, Studied};
    let campaign = grid::campaign(TargetLevel::Epci);
    let (w, m, e) = (grid::epci(0), grid::epci(1), grid::epci(2));
    let complete = ResponseStatus::Complete;
    let responses = [
        response(
            &w,
            complete,
            &[("sig", row(Deployed, Implemented, &[GROUP_PURCHASE_TYPE]))],
            &["sensibilisation_elus"],
        ),
        response(
            &m,
            complete,
            &[("sig", row(Studied, Planned, &["syndicat", GROUP_PURCHASE_TYPE]))],
            &[GROUP_PURCHASE_SUPPORT],
        ),
        response(&e, complete, &[("sig", row(Deployed, Planned, &["syndicat"]))], &[GROUP_PURCHASE_SUPPORT]),
        // The west EPCI's last response is a draft: the last response wins, so its earlier
        // complete answer counts no more.
        response(
            &w,
            ResponseStatus::Partial,
            &[("gru", row(Deployed, Planned, &[GROUP_PURCHASE_TYPE]))],
            &[GROUP_PURCHASE_SUPPORT],
        ),
    ];
    let needs = purchase_needs(&campaign, &responses);
    assert_eq!(needs.campaign, "grille");
    assert_eq!(needs.services.len(), 46, "every service, even without buyers");
    assert_eq!(needs.services[0].service, campaign.catalogue.services[0].code, "catalogue order");
    let sig = needs.services.iter().find(|s| s.service == "sig").unwrap();
    let buyers: Vec<(&str, u64, Mutualisation)> =
        sig.buyers.iter().map(|b| (b.code.as_str(), b.population, b.mutualisation)).collect();
    assert_eq!(buyers, [(m.as_str(), 15_000, Planned)], "the west EPCI's last response is a draft");
    assert_eq!(sig.population, 15_000);
    assert!(needs.services.iter().filter(|s| s.service != "sig").all(|s| s.buyers.is_empty() && s.population == 0));
    let asking: Vec<&str> = needs.support_requested.iter().map(|b| b.code.as_str()).collect();
    assert_eq!(asking, [m.as_str(), e.as_str()]);
    assert_eq!(needs.support_requested[0].name, "CC colonne 2");

    let responses = &responses[..3];
    let needs = purchase_needs(&campaign, responses);
    let sig = needs.services.iter().find(|s| s.service == "sig").unwrap();
    assert_eq!(sig.buyers.iter().map(|b| b.code.as_str()).collect::<Vec<_>>(), [w.as_str(), m.as_str()]);
    assert_eq!((sig.population, sig.buyers[0].mutualisation), (27_000, Implemented));
    let json = serde_json::to_value(&needs).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["campaign", "services", "support_requested"]);
    assert_eq!(json["services"][11]["buyers"][0]["mutualisation"], "implemented");
}
