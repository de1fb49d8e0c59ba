//! A small audit trail of who changed what (who opened a wave, revoked a link, reopened or
//! submitted an answer, added an account…), kept so a dispute can be settled later, and read
//! back page by page, newest first, by the administrators' journal.

use crate::error::Result;
use crate::{Store, now};
use serde::Serialize;
use sqlx::Row;

/// One recorded action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: time::OffsetDateTime,
    /// Who (an email, or `cli`).
    pub actor: String,
    /// What, as a short code (`campaign.open`…).
    pub action: String,
    /// On what (a wave, a respondent…).
    pub subject: String,
}

/// Which entries of the journal to read: filters and the page's position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this actor (an email, or `cli`), when given.
    pub actor: Option<String>,
    /// Only actions starting with this text (`campaign.`, `user`…), when given.
    pub action_prefix: Option<String>,
    /// Only entries older than this cursor (the [`AuditPage::older`] of the previous page).
    pub before: Option<i64>,
    /// At most this many entries.
    pub limit: u32,
}

impl Default for AuditFilter {
    fn default() -> Self {
        AuditFilter { actor: None, action_prefix: None, before: None, limit: 100 }
    }
}

/// One page of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditPage {
    /// The entries, newest first.
    pub entries: Vec<AuditEntry>,
    /// The cursor of the next, older page when there is one.
    pub older: Option<i64>,
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
                    at: crate::moments::read_stamp(&r.try_get::<String, _>(0)?)?,
                    actor: r.try_get(1)?,
                    action: r.try_get(2)?,
                    subject: r.try_get(3)?,
                })
            })
            .collect()
    }

    /// One page of the journal, newest first: entries matching `filter`, and the cursor of
    /// the older ones when more remain. The prefix is compared as text (`substr`), not with
    /// `LIKE`, so `_` and `%` in it match themselves and case counts on both engines.
    pub async fn audit_page(&self, filter: &AuditFilter) -> Result<AuditPage> {
        let limit = filter.limit.max(1);
        let rows = sqlx::query(
            "SELECT id, at, actor, action, subject FROM audit_log \
             WHERE ($1 = '' OR actor = $1) AND ($2 = '' OR substr(action, 1, length($2)) = $2) AND id < $3 \
             ORDER BY id DESC LIMIT $4",
        )
        .bind(filter.actor.clone().unwrap_or_default())
        .bind(filter.action_prefix.clone().unwrap_or_default())
        .bind(filter.before.unwrap_or(i64::MAX))
        .bind(i64::from(limit) + 1)
        .fetch_all(&self.pool)
        .await?;
        let mut entries = Vec::with_capacity(rows.len());
        let mut ids = Vec::with_capacity(rows.len());
        for r in rows.iter().take(limit as usize) {
            ids.push(r.try_get::<i64, _>(0)?);
            entries.push(AuditEntry {
                at: crate::moments::read_stamp(&r.try_get::<String, _>(1)?)?,
                actor: r.try_get(2)?,
                action: r.try_get(3)?,
                subject: r.try_get(4)?,
            });
        }
        let older = if rows.len() > limit as usize { ids.last().copied() } else { None };
        Ok(AuditPage { entries, older })
    }

    /// Every actor of the journal, in order (the journal's filter offers them).
    pub async fn audit_actors(&self) -> Result<Vec<String>> {
        sqlx::query("SELECT DISTINCT actor FROM audit_log ORDER BY actor")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok(r.try_get(0)?))
            .collect()
    }
}
