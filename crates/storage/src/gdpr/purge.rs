//! The purge: what has outlived its retention period goes, in one transaction. A dry run
//! runs the same statements and rolls them back, so its counts are exactly what a real run
//! would remove.

use super::{strip_answers, waves};
use crate::Store;
use crate::error::Result;
use mutu_domain::qualitative::Retention;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// What a purge removed (or would remove, in a dry run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Purge {
    /// Idle sessions deleted.
    pub sessions: u64,
    /// Old mail log lines deleted.
    pub mail_log: u64,
    /// Mails of the outbox sent or failed as long ago as the mail log keeps, deleted.
    pub outbox: u64,
    /// Contacts of long-closed waves deleted.
    pub contacts: u64,
    /// Requests for a fresh link of long-closed waves deleted.
    pub link_requests: u64,
    /// Answers of long-closed waves whose personal fields were removed.
    pub answers: u64,
    /// Interview notes emptied.
    pub interview_notes: u64,
}

fn instant(at: OffsetDateTime, days: u32) -> String {
    (at - Duration::days(i64::from(days))).format(&Rfc3339).unwrap_or_default()
}

fn day(at: OffsetDateTime, days: u32) -> String {
    instant(at, days)[..10].to_owned()
}

impl Store {
    /// Removes, as of `at`, what `retention` no longer allows: idle sessions, old mail log
    /// lines and the outbox's mails as old, contacts and personal answer fields of waves closed long ago (waves without a
    /// closing date are kept), old interview notes. With `dry_run`, nothing is kept written.
    pub async fn purge(&self, retention: &Retention, at: OffsetDateTime, dry_run: bool) -> Result<Purge> {
        let mut tx = self.write().await?;
        let sessions = sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1")
            .bind(instant(at, retention.sessions_days))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let mail_log = sqlx::query("DELETE FROM mail_log WHERE sent_at < $1")
            .bind(instant(at, retention.mail_log_days))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let outbox = sqlx::query("DELETE FROM outbox WHERE state IN ('sent', 'failed') AND updated_at < $1")
            .bind(instant(at, retention.mail_log_days))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let mut purge = Purge { sessions, mail_log, outbox, ..Purge::default() };
        let closed = day(at, retention.contacts_days_after_close);
        for (id, _, personal) in waves(&mut tx, "WHERE closes_on IS NOT NULL AND closes_on < $1", &closed).await? {
            purge.contacts += sqlx::query("DELETE FROM contact WHERE campaign_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            purge.link_requests += sqlx::query("DELETE FROM link_request WHERE campaign_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            purge.answers += strip_answers(&mut tx, id, &personal, None, true).await?.len() as u64;
        }
        purge.interview_notes = sqlx::query("UPDATE interview SET notes = '' WHERE held_on < $1 AND notes <> ''")
            .bind(day(at, retention.interview_notes_days))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        tracing::info!(dry_run, ?purge, "purge des données personnelles");
        Ok(purge)
    }
}
