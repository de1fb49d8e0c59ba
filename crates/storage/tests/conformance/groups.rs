//! Conformance of working groups and of the register of offers (issue 16): a group's life
//! from a proposal to a pooled service, its members, notes and documents read back as
//! written, and the register replaced whole.

use super::{campaign, code, territory};
use anyhow::Result;
use mutu_domain::campaign::{TargetLevel, build_targets};
use mutu_domain::codes::{CatalogueCode, Day};
use mutu_domain::groups::{
    DocumentLink, Facilitator, FacilitatorKind, GroupStatus, HttpUrl, NewGroup, Note, NoteKind, Subject, WorkingGroup,
};
use mutu_domain::offers::{Area, Offer};
use mutu_storage::{Store, StoreError};

fn service(value: &str) -> Subject {
    Subject::Service(code(CatalogueCode::parse, value))
}

fn day(value: &str) -> Day {
    code(Day::parse, value)
}

pub(super) async fn a_group_lives_from_proposal_to_a_pooled_service(store: &Store) -> Result<()> {
    let t = territory(236_710);
    let c = campaign(&t, "hdf-2026");
    store.create_campaign(&c).await?;
    let other = campaign(&t, "hdf-2027");
    store.create_campaign(&other).await?;
    let new = NewGroup::new(&c, "SIG des deux EPCI", service("sig"), &["200093201", "200033579"])?;
    let id = store.create_group(&new).await?;
    let mut group = store.group(id).await?;
    assert_eq!(group, WorkingGroup { id, group: new.clone() }, "a new group reads back as written");

    group.group.facilitator =
        Some(Facilitator { kind: FacilitatorKind::Region, name: "Conseil régional Hauts-de-France".into() });
    group.group.set_status(GroupStatus::Formed)?;
    group.group.add_note(Note { date: day("2026-03-12"), kind: NoteKind::Decision, text: "On y va.".into() })?;
    group.group.add_note(Note { date: day("2026-02-01"), kind: NoteKind::Note, text: "Première réunion".into() })?;
    group.group.next_meeting = Some(day("2026-04-02"));
    group
        .group
        .documents
        .push(DocumentLink { title: "Compte rendu".into(), url: code(HttpUrl::parse, "https://exemple.fr/cr.pdf") });
    store.update_group(&group).await?;
    assert_eq!(store.group(id).await?, group, "status, facilitator, notes, meeting and documents round trip");
    assert_eq!(group.group.notes[0].text, "Première réunion", "notes by date");

    for status in [GroupStatus::InProgress, GroupStatus::Achieved] {
        group.group.set_status(status)?;
        store.update_group(&group).await?;
    }
    assert_eq!(store.group(id).await?.group.status, GroupStatus::Achieved);
    group.group.facilitator = None;
    group.group.notes.clear();
    store.update_group(&group).await?;
    assert_eq!(store.group(id).await?, group, "cleared fields stay cleared");

    let second =
        store.create_group(&NewGroup::new(&other, "Autre vague", service("gru"), &["200093201", "200033579"])?).await?;
    assert_eq!(store.groups(Some(&c.code)).await?, [group.clone()]);
    let all: Vec<i64> = store.groups(None).await?.iter().map(|g| g.id).collect();
    assert_eq!(all, [id, second]);
    let of_member: Vec<i64> = store.groups_of_member("200093201").await?.iter().map(|g| g.id).collect();
    assert_eq!(of_member, [id, second], "a body's groups in every wave");
    assert_eq!(store.groups_of_member("200033579").await?[0], group);
    assert!(store.groups_of_member("59350").await?.is_empty(), "a body in no group");

    let mut moved = group.clone();
    moved.group.campaign = other.code.clone();
    assert!(matches!(store.update_group(&moved).await, Err(StoreError::Invalid(_))));
    let mut missing = group.clone();
    missing.id = second + 100;
    assert!(matches!(store.update_group(&missing).await, Err(StoreError::NotFound(_))));
    assert!(matches!(store.group(second + 100).await, Err(StoreError::NotFound(_))));
    let unknown = code(mutu_domain::codes::CampaignCode::parse, "inconnue");
    assert!(matches!(store.groups(Some(&unknown)).await, Err(StoreError::NotFound(_))));
    Ok(())
}

pub(super) async fn group_members_round_trip_and_must_be_targets(store: &Store) -> Result<()> {
    let t = territory(236_710);
    let mut c = campaign(&t, "communes");
    c.level = TargetLevel::Commune;
    c.targets = build_targets(&t, TargetLevel::Commune, &[], &[]).expect("targets");
    store.create_campaign(&c).await?;
    let mut group = NewGroup::new(&c, "Trois communes", service("sig"), &["62041", "59350", "59512"])?;
    let id = store.create_group(&group).await?;
    let read: Vec<String> = store.group(id).await?.group.members.iter().map(|m| m.to_string()).collect();
    assert_eq!(read, ["59350", "59512", "62041"], "members by code");

    group.set_members(&c, &["62001", "62041"])?;
    let edited = WorkingGroup { id, group: group.clone() };
    store.update_group(&edited).await?;
    assert_eq!(store.group(id).await?, edited, "members replaced whole");

    // A member the wave does not target (written past the domain's check): refused, nothing kept.
    let mut stray = edited.clone();
    stray.group.members.push(code(mutu_domain::codes::TargetCode::parse, "59009"));
    assert!(matches!(store.update_group(&stray).await, Err(StoreError::NotFound(_))));
    assert_eq!(store.group(id).await?, edited, "the refused update changed nothing");
    assert!(matches!(store.create_group(&stray.group).await, Err(StoreError::NotFound(_))));
    assert_eq!(store.groups(None).await?.len(), 1, "the refused group left nothing behind");
    Ok(())
}

fn offer(structure: &str, service: &str, area: &str) -> Offer {
    Offer {
        structure: structure.into(),
        service: code(CatalogueCode::parse, service),
        vehicle: code(CatalogueCode::parse, "syndicat"),
        price_model: "Cotisation par habitant".into(),
        area: Area::parse(area).expect("valid area"),
    }
}

pub(super) async fn the_offers_register_is_replaced_whole(store: &Store) -> Result<()> {
    assert!(store.offers().await?.is_empty());
    let first = [offer("Mégalis Bretagne", "actes", "22|29|35|56"), offer("Région", "sig", "*")];
    assert_eq!(store.replace_offers(&first).await?, 2);
    assert_eq!(store.offers().await?, first, "offers read back in import order");
    let second = [offer("SICTIAM", "actes", "06|05")];
    store.replace_offers(&second).await?;
    assert_eq!(store.offers().await?, second, "a new import replaces the whole register");
    Ok(())
}
