//! Publication of a wave: a lead makes its figures public (the web layer serves them with
//! small counts suppressed) and can take them back. Only the moment is stored; who did it
//! goes to the audit trail, so publishing adds no personal data to the database.

use crate::error::Result;
use crate::{Store, now};
use mutu_domain::codes::CampaignCode;

impl Store {
    /// Publishes a wave; publishing it again keeps the first moment. Returns when it was
    /// published.
    pub async fn publish(&self, code: &CampaignCode) -> Result<time::OffsetDateTime> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO publication (campaign_id, published_at) VALUES ($1, $2) ON CONFLICT (campaign_id) DO NOTHING",
        )
        .bind(id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        let at: String = sqlx::query_scalar("SELECT published_at FROM publication WHERE campaign_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        crate::moments::read_stamp(&at)
    }

    /// Takes a wave's publication back (nothing happens if it was not published).
    pub async fn unpublish(&self, code: &CampaignCode) -> Result<()> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM publication WHERE campaign_id = $1").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// When the wave was published, or `None` when it is not (an unknown wave is `NotFound`).
    pub async fn published_at(&self, code: &CampaignCode) -> Result<Option<time::OffsetDateTime>> {
        let id = self.campaign_id(code).await?;
        let at: Option<String> = sqlx::query_scalar("SELECT published_at FROM publication WHERE campaign_id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        crate::moments::read_optional_stamp(at)
    }
}
