//! Conformance of the one-at-a-time edits of the qualitative material: renaming an
//! organisation, adding and removing people met, removing organisations and interviews.

use super::{campaign, territory};
use anyhow::Result;
use mutu_domain::qualitative::{BodyType, Interview, Organisation, Person, Verbatim, VerbatimSource};
use mutu_storage::{Store, StoreError};

fn organisation(name: &str) -> Organisation {
    Organisation { name: name.into(), in_territory: true, body_type: BodyType::Region }
}

fn person(key: &str, organisation: &str) -> Person {
    Person { key: key.into(), organisation: organisation.into(), name: String::new(), role: "DSI".into(), email: None }
}

fn interview(code: &str, organisation: &str, participants: &[&str]) -> Interview {
    Interview {
        code: code.into(),
        organisation: organisation.into(),
        date: "2014-09-10".into(),
        duration_minutes: 60,
        participants: participants.iter().map(|p| (*p).to_owned()).collect(),
        notes: String::new(),
    }
}

pub(super) async fn organisations_are_renamed_and_removed_with_their_people(store: &Store) -> Result<()> {
    store
        .import_actors(
            &[organisation("Région"), organisation("SICTIAM")],
            &[person("r-1", "Région"), person("s-1", "SICTIAM")],
        )
        .await?;
    let changed = Organisation { name: "Conseil régional".into(), in_territory: false, body_type: BodyType::Gip };
    store.update_organisation("Région", &changed).await?;
    let organisations = store.organisations().await?;
    assert!(organisations.contains(&changed), "{organisations:?}");
    assert_eq!(store.people_met().await?[0].organisation, "Conseil régional", "people follow the new name");
    let taken = store.update_organisation("SICTIAM", &changed).await;
    assert!(matches!(taken, Err(StoreError::Conflict(_))), "{taken:?}");
    assert!(matches!(store.update_organisation("Nulle part", &organisation("X")).await, Err(StoreError::NotFound(_))));

    store.import_interviews(&[interview("E01", "SICTIAM", &["s-1"])]).await?;
    assert!(matches!(store.delete_organisation("SICTIAM").await, Err(StoreError::Invalid(_))), "interviews first");
    store.delete_organisation("Conseil régional").await?;
    let people: Vec<String> = store.people_met().await?.into_iter().map(|p| p.key).collect();
    assert_eq!(people, ["s-1"], "its people went with it");
    assert_eq!(store.organisations().await?.len(), 1);
    assert!(matches!(store.delete_organisation("Conseil régional").await, Err(StoreError::NotFound(_))));
    Ok(())
}

pub(super) async fn people_are_added_once_and_removed_from_interviews(store: &Store) -> Result<()> {
    store.import_actors(&[organisation("Région")], &[person("r-1", "Région")]).await?;
    let mut added = person("r-2", "Région");
    added.email = Some("dsi@region.example".into());
    store.add_person(&added).await?;
    assert_eq!(store.people_met().await?[1], added);
    assert!(matches!(store.add_person(&person("r-2", "Région")).await, Err(StoreError::Conflict(_))), "no overwrite");
    assert!(matches!(store.add_person(&person("x-1", "Ailleurs")).await, Err(StoreError::NotFound(_))));

    store.import_interviews(&[interview("E01", "Région", &["r-1", "r-2"])]).await?;
    store.delete_person("r-2").await?;
    assert_eq!(store.interviews().await?[0].participants, ["r-1"], "the interview is kept without them");
    assert!(matches!(store.delete_person("r-2").await, Err(StoreError::NotFound(_))));
    Ok(())
}

pub(super) async fn an_interview_goes_with_its_verbatims(store: &Store) -> Result<()> {
    store.import_territory(&territory(236_710)).await?;
    let c = campaign(&territory(236_710), "hdf-2026");
    store.create_campaign(&c).await?;
    store.import_actors(&[organisation("Région")], &[person("r-1", "Région")]).await?;
    store.import_interviews(&[interview("E01", "Région", &["r-1"]), interview("E02", "Région", &[])]).await?;
    let quote = |code: &str| Verbatim {
        source: VerbatimSource::Interview { code: code.into() },
        quote: format!("Cité dans {code}."),
        themes: vec!["strategie".into()],
    };
    store.import_verbatims(&c.code, &[quote("E01"), quote("E02")]).await?;
    assert_eq!(store.delete_interview("E01").await?, 1);
    let left: Vec<String> = store.verbatims(&c.code).await?.into_iter().map(|v| v.verbatim.quote).collect();
    assert_eq!(left, ["Cité dans E02."]);
    let codes: Vec<String> = store.interviews().await?.into_iter().map(|i| i.code).collect();
    assert_eq!(codes, ["E02"]);
    assert!(matches!(store.delete_interview("E01").await, Err(StoreError::NotFound(_))));
    store.delete_organisation("Région").await.expect_err("E02 is still recorded");
    Ok(())
}
