//! Conformance of the « lien perdu » requests: bodies of open waves found by code or name,
//! requests recorded for targets only, closed once whoever clicks, registered domains, and
//! the requests' e-mails exported and erased with the person.

use anyhow::Result;
use mutu_domain::lifecycle::CampaignState;
use mutu_domain::testing::{WaveBuilder, target};
use mutu_storage::{LinkRequestState, Store, StoreError};

pub(super) async fn lost_link_requests_are_recorded_closed_once_and_erased(store: &Store) -> Result<()> {
    let targets = vec![
        target("200093201", "Métropole Européenne de Lille", "59", 1_100_000),
        target("59350", "Lille", "59", 230_000),
    ];
    let wave = WaveBuilder::new("liens-2026").targets(targets).build();
    store.create_campaign(&wave).await?;
    let code = wave.code;

    // Only open waves are searched: by code, or by name in any case.
    assert!(store.open_targets_matching("200093201", "200093201", 10).await?.is_empty(), "a draft wave");
    store.set_campaign_state(&code, CampaignState::Open).await?;
    let found = store.open_targets_matching("200093201", "200093201", 10).await?;
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].campaign.as_str(), found[0].respondent.as_str()), ("liens-2026", "200093201"));
    let by_name = store.open_targets_matching("lille", " LILLE ", 10).await?;
    assert_eq!(by_name.iter().map(|t| t.respondent.as_str()).collect::<Vec<_>>(), ["59350"]);
    assert!(store.open_targets_matching("99999", "nulle part", 10).await?.is_empty());

    // A request for a target only, its e-mail lowercased; pending ones listed oldest first.
    assert!(matches!(
        store.add_link_request(&code, "00000", "a@x.fr", LinkRequestState::Pending).await,
        Err(StoreError::NotFound(_))
    ));
    let first = store.add_link_request(&code, "59350", " Agent@Mairie-Lille.fr ", LinkRequestState::Pending).await?;
    let second = store.add_link_request(&code, "200093201", "dgs@mel.fr", LinkRequestState::Pending).await?;
    let auto = store.add_link_request(&code, "200093201", "autre@mel.fr", LinkRequestState::Auto).await?;
    let pending = store.pending_link_requests(&code).await?;
    assert_eq!(pending.iter().map(|r| r.id).collect::<Vec<_>>(), [first, second]);
    assert_eq!((pending[0].email.as_str(), pending[0].name.as_str()), ("agent@mairie-lille.fr", "Lille"));
    assert_eq!(store.link_request(&code, auto).await?.state, LinkRequestState::Auto);

    // Closed once: the second click finds nothing to do; an unknown request is NotFound.
    assert!(store.close_link_request(&code, first, LinkRequestState::Sent, "lead@x.fr").await?);
    assert!(!store.close_link_request(&code, first, LinkRequestState::Dismissed, "lead@x.fr").await?);
    assert_eq!(store.link_request(&code, first).await?.state, LinkRequestState::Sent);
    assert!(matches!(
        store.close_link_request(&code, 999_999, LinkRequestState::Sent, "lead@x.fr").await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.close_link_request(&code, second, LinkRequestState::Pending, "x").await.is_err());
    assert_eq!(store.pending_link_requests(&code).await?.len(), 1);

    // Domains: per body, lowercase, once; withdrawn.
    store.add_link_domain(&code, "200093201", "MEL.fr").await?;
    store.add_link_domain(&code, "200093201", "mel.fr").await?;
    assert!(matches!(store.add_link_domain(&code, "00000", "x.fr").await, Err(StoreError::NotFound(_))));
    assert!(store.link_domain_registered(&code, "200093201", "mel.fr").await?);
    assert!(!store.link_domain_registered(&code, "59350", "mel.fr").await?, "per body");
    assert_eq!(store.link_domains(&code).await?.len(), 1);
    assert!(store.remove_link_domain(&code, "200093201", "mel.fr").await?);
    assert!(!store.remove_link_domain(&code, "200093201", "mel.fr").await?);

    // The person's requests are exported, then erased.
    let held = store.personal_data("AGENT@mairie-lille.fr").await?;
    assert_eq!(held.link_requests.len(), 1);
    assert_eq!(held.link_requests[0].state, "sent");
    let erased = store.erase_person("agent@mairie-lille.fr").await?;
    assert_eq!(erased.link_requests, 1);
    assert!(store.personal_data("agent@mairie-lille.fr").await?.link_requests.is_empty());
    assert!(erased.leftovers.iter().all(|o| o.table != "link_request"), "{:?}", erased.leftovers);
    assert_eq!(store.pending_link_requests(&code).await?.len(), 1, "the others' requests stay");
    Ok(())
}
