//! A small audit trail of the study side's actions (who opened a wave, revoked a link,
//! reopened an answer…), kept so a dispute can be settled later.

use crate::error::Result;
use crate::{Store, now};
use serde::Serialize;
use sqlx::Row;

/// One recorded action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// When (RFC 3339).
    pub at: String,
    /// Who (an email, or `cli`).
    pub actor: String,
    /// What, as a short code (`campaign.open`…).
    pub action: String,
    /// On what (a wave, a respondent…).
    pub subject: String,
}

impl Store {
    /// Records that `actor` did `action` on `subject`, now.
    pub async fn audit(&self, actor: &str, action: &str, subject: &str) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("INSERT INTO audit_log (at, actor, action, subject) VALUES ($1, $2, $3, $4)")
            .bind(now())
            .bind(actor.to_owned())
            .bind(action.to_owned())
            .bind(subject.to_owned())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The latest `limit` recorded actions, newest first.
    pub async fn audit_entries(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        sqlx::query("SELECT at, actor, action, subject FROM audit_log ORDER BY id DESC LIMIT $1")
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(AuditEntry {
                    at: r.try_get(0)?,
                    actor: r.try_get(1)?,
                    action: r.try_get(2)?,
                    subject: r.try_get(3)?,
                })
            })
            .collect()
    }
}
