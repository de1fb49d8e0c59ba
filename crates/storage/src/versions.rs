//! The version of a wave's complete answers: what a server's cache of the wave's analysis is
//! keyed by, so several servers on one database each know when theirs is stale.
//!
//! It is raised in the transaction of every write that changes what the analysis counts —
//! a submit, a reopening, an import, an erasure of answers, an edit of the definition, new
//! contours — and
//! never by a draft's autosave (drafts count nowhere), so a live national wave does not
//! invalidate the cache two hundred times a second. A restore sets every wave's version to
//! the moment of the restore in microseconds, above any count reached before.

use crate::error::Result;
use crate::{Store, StoreError};
use mutu_domain::codes::CampaignCode;
use sqlx::{Any, Transaction};

/// Raises the version of the wave `id`, in the caller's transaction.
pub(crate) async fn raise(tx: &mut Transaction<'static, Any>, id: i64) -> Result<()> {
    sqlx::query("UPDATE campaign SET complete_version = complete_version + 1 WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Raises every wave's version, in the caller's transaction: after a change of contours,
/// which every wave's outlines and neighbourhood come from.
pub(crate) async fn raise_all(tx: &mut Transaction<'static, Any>) -> Result<()> {
    sqlx::query("UPDATE campaign SET complete_version = complete_version + 1").execute(&mut **tx).await?;
    Ok(())
}

/// Sets every wave's version above any it had: after a restore.
pub(crate) async fn after_restore(tx: &mut Transaction<'static, Any>) -> Result<()> {
    let micros = i64::try_from(time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX);
    sqlx::query("UPDATE campaign SET complete_version = $1").bind(micros).execute(&mut **tx).await?;
    Ok(())
}

impl Store {
    /// The version of a wave's complete answers (one indexed read).
    pub async fn complete_version(&self, code: &CampaignCode) -> Result<i64> {
        sqlx::query_scalar("SELECT complete_version FROM campaign WHERE code = $1")
            .bind(code.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("la vague {code}")))
    }
}
