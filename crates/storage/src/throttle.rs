//! Throttles shared by every server on the database: failed logins and invitation lookups
//! are rows of `throttle_event`, counted over a sliding window, so two `mutu serve` behind
//! one address refuse the sixth wrong password whichever of them gets it.

use crate::Store;
use crate::error::Result;
use crate::moments::stamp;
use time::OffsetDateTime;

impl Store {
    /// Records a failed attempt in each of `buckets` (`login:anne@x.fr`, `login:*`…) at
    /// `at`, and forgets attempts older than `forget_before` (whatever their bucket).
    pub async fn record_throttle(
        &self,
        buckets: &[&str],
        at: OffsetDateTime,
        forget_before: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        for bucket in buckets {
            sqlx::query("INSERT INTO throttle_event (bucket, at) VALUES ($1, $2)")
                .bind((*bucket).to_owned())
                .bind(stamp(at))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM throttle_event WHERE at < $1").bind(stamp(forget_before)).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Failed attempts in `bucket` after `since` (an attempt exactly a window old no longer
    /// counts).
    pub async fn throttle_count(&self, bucket: &str, since: OffsetDateTime) -> Result<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM throttle_event WHERE bucket = $1 AND at > $2")
            .bind(bucket.to_owned())
            .bind(stamp(since))
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Forgets the attempts of `bucket` (a login that succeeded clears its email's count).
    pub async fn clear_throttle(&self, bucket: &str) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM throttle_event WHERE bucket = $1").bind(bucket.to_owned()).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }
}
