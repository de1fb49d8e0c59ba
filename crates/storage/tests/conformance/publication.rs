//! Conformance of a wave's publication: published, published again, taken back.

use super::{campaign, code, territory};
use anyhow::Result;
use mutu_domain::codes::CampaignCode;
use mutu_storage::{Store, StoreError};

pub(super) async fn publication_is_set_kept_and_taken_back(store: &Store) -> Result<()> {
    let c = campaign(&territory(236_710), "hdf-2026");
    store.create_campaign(&c).await?;
    assert_eq!(store.published_at(&c.code).await?, None);
    let first = store.publish(&c.code).await?;
    assert!(first.year() >= 2026, "{first}");
    tokio::time::sleep(std::time::Duration::from_millis(15)).await;
    assert_eq!(store.publish(&c.code).await?, first, "publishing again keeps the first moment");
    assert_eq!(store.published_at(&c.code).await?, Some(first));
    store.unpublish(&c.code).await?;
    assert_eq!(store.published_at(&c.code).await?, None);
    store.unpublish(&c.code).await?;
    let unknown: CampaignCode = code(CampaignCode::parse, "inconnue");
    assert!(matches!(store.publish(&unknown).await, Err(StoreError::NotFound(_))));
    assert!(matches!(store.published_at(&unknown).await, Err(StoreError::NotFound(_))));
    Ok(())
}
