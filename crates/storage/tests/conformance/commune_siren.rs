//! Conformance of the communes' SIREN (issue 15): written by the territory import, read back,
//! kept by an import that does not give it, moved by one that gives it to another commune,
//! and found again by `commune_by_siren`, the respondents' door to a commune's answer.

use super::{code, territory};
use anyhow::Result;
use mutu_domain::codes::Siren;
use mutu_storage::{Store, StoreError};

/// Lille's and Arras's real SIREN (not their INSEE codes 59350 and 62041).
const LILLE: &str = "215903501";
const ARRAS: &str = "216200410";

fn siren_of(t: &mutu_domain::territory::Territory, commune: &str) -> Option<String> {
    t.communes.iter().find(|c| c.code.as_str() == commune).and_then(|c| c.siren.as_ref()).map(|s| s.to_string())
}

pub(super) async fn a_commune_is_found_by_its_siren(store: &Store) -> Result<()> {
    let mut t = territory(236_710);
    for c in &mut t.communes {
        c.siren = match c.code.as_str() {
            "59350" => Some(code(Siren::parse, LILLE)),
            "62041" => Some(code(Siren::parse, ARRAS)),
            _ => None,
        };
    }
    store.import_territory(&t).await?;
    let back = store.territory().await?;
    assert_eq!((siren_of(&back, "59350").as_deref(), siren_of(&back, "62041").as_deref()), (Some(LILLE), Some(ARRAS)));
    assert_eq!(siren_of(&back, "59512"), None, "a commune imported without one has none");
    let mut expected = t.communes.clone();
    expected.sort_by(|a, b| a.code.cmp(&b.code));
    assert_eq!(back.communes, expected, "read back whole");

    let found = |siren: &'static str| async move { store.commune_by_siren(siren).await.map(|c| c.map(String::from)) };
    assert_eq!(found(LILLE).await?.as_deref(), Some("59350"));
    assert_eq!(found(ARRAS).await?.as_deref(), Some("62041"));
    assert_eq!(found("123456789").await?, None, "a SIREN of no commune");
    assert_eq!(found("59350").await?, None, "an INSEE code is no SIREN");
    assert_eq!(found("200093201").await?, None, "an EPCI's SIREN is its code, not a commune's");
    assert_eq!(found("' OR 1=1 --").await?, None);

    // A file that does not give the SIREN (a territory CSV without the column) keeps it.
    store.import_territory(&territory(240_000)).await?;
    let back = store.territory().await?;
    assert_eq!(siren_of(&back, "59350").as_deref(), Some(LILLE));
    assert_eq!(back.communes.iter().find(|c| c.code.as_str() == "59350").map(|c| c.population), Some(240_000));
    assert_eq!(found(LILLE).await?.as_deref(), Some("59350"));

    // A SIREN given to another commune leaves the first: one SIREN, one commune.
    let mut moved = territory(240_000);
    moved.communes.retain(|c| c.code.as_str() == "59512");
    moved.communes[0].siren = Some(code(Siren::parse, LILLE));
    store.import_territory(&moved).await?;
    let back = store.territory().await?;
    assert_eq!((siren_of(&back, "59350"), siren_of(&back, "59512").as_deref()), (None, Some(LILLE)));
    assert_eq!(found(LILLE).await?.as_deref(), Some("59512"));
    assert_eq!(found(ARRAS).await?.as_deref(), Some("62041"), "the others stay");

    // Two communes of one file with one SIREN: refused, nothing written.
    let mut twice = territory(1);
    for c in &mut twice.communes {
        c.siren = Some(code(Siren::parse, "217000001"));
    }
    assert!(matches!(store.import_territory(&twice).await, Err(StoreError::Corrupt(_))));
    assert_eq!(found("217000001").await?, None);
    assert_eq!(store.territory_summary().await?.population, 240_000 + 98_000 + 41_000 + 900, "all or nothing");
    Ok(())
}
