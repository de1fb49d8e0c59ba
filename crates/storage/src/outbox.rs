//! The outbox: mail to respondents is written here, one row per recipient, when a lead
//! queues invitations or reminders, and the request returns at once; workers (`mutu
//! worker`, or the one inside `mutu serve`) send the rows later, at their own pace.
//!
//! Nothing is lost across a crash: a row is the mail until it is marked sent or failed. A
//! worker *claims* rows with a lease ([`claim`]), writes the rendered mail just before
//! handing it to SMTP, and marks it sent (activating its link and logging it in the same
//! transaction) or failed. A row whose lease ran out while it was being handed over was
//! caught in flight: the next claim sends it again, the same mail with the same
//! `Message-ID`, and flags it `resent`.
//!
//! Two workers never hold the same row: on PostgreSQL the claim skips rows another
//! transaction has locked (`FOR UPDATE SKIP LOCKED`), on SQLite claims go through the single
//! writer. The scheduled reminder days of a wave live in [`reminders`].
//!
//! An invitation to a working group ([`MailKind::Group`]) is written whole when it is queued
//! ([`Store::queue_group_mail`]): its row holds its subject and body from the start, and no
//! link's hash, ever; the worker sends it as it is, and marking it sent leaves the target's
//! link alone.

mod claim;
mod reminders;

pub use claim::{ClaimedMail, RenderedMail};
pub use reminders::ReminderDay;

use crate::error::{Result, StoreError, corrupt};
use crate::mail::{MailKind, MailLogEntry, parse_kind};
use crate::{Store, now, placeholders};
use mutu_domain::codes::CampaignCode;
use serde::Serialize;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};
use std::collections::HashSet;

/// One mail to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    /// The target written to.
    pub respondent: String,
    /// The contact's address.
    pub email: String,
    /// The contact's name (may be empty).
    pub name: String,
    /// The `Message-ID` the mail will carry, every time it is handed to SMTP.
    pub message_id: String,
}

/// A mail to queue whose text is written now, sent as it is and carrying no personal link:
/// an invitation to a working group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedMail {
    /// Recipient and `Message-ID`.
    pub mail: NewMail,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// Where a wave's mail stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MailStatus {
    /// Waiting to be sent, or being sent.
    pub queued: u64,
    /// Accepted by the relay.
    pub sent: u64,
    /// Refused for good, or failed too many times.
    pub failed: u64,
    /// Handed to SMTP again after a worker died while handing them over: the receiving side
    /// may have got two copies, with the same `Message-ID`.
    pub resent: u64,
}

/// A mail that failed for good.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedMail {
    /// The target written to.
    pub respondent: String,
    /// The address.
    pub email: String,
    /// Which message.
    pub kind: MailKind,
    /// How many times it was handed to the relay.
    pub attempts: u64,
    /// Why, as the relay or the worker said it.
    pub error: String,
    /// When it was given up.
    #[serde(with = "time::serde::rfc3339")]
    pub at: time::OffsetDateTime,
}

/// A mail of the outbox, as the person it is addressed to may ask to see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxMail {
    /// Code of the wave.
    pub campaign: String,
    /// The target written to.
    pub respondent: String,
    /// The address.
    pub email: String,
    /// Which message.
    pub kind: MailKind,
    /// `queued`, `sending`, `sent` or `failed`.
    pub state: String,
    /// When it was queued.
    #[serde(with = "time::serde::rfc3339")]
    pub queued_at: time::OffsetDateTime,
}

/// One page of a list, and how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page<T> {
    /// The items of the page.
    pub items: Vec<T>,
    /// How many in all.
    pub total: u64,
}

/// Inserts one outbox row per mail, skipping respondents that already have a mail of this
/// kind waiting or being sent (pressing « send » twice queues nothing twice); returns how
/// many rows were written.
async fn insert_mail(
    tx: &mut Transaction<'static, Any>,
    chunk_rows: usize,
    campaign_id: i64,
    kind: MailKind,
    mails: &[NewMail],
) -> Result<u64> {
    let pending: HashSet<String> = sqlx::query_scalar(
        "SELECT respondent FROM outbox WHERE campaign_id = $1 AND kind = $2 AND state IN ('queued', 'sending')",
    )
    .bind(campaign_id)
    .bind(kind.code())
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();
    let mut seen = HashSet::new();
    let rows: Vec<(&NewMail, Option<(&str, &str)>)> = mails
        .iter()
        .filter(|m| !pending.contains(&m.respondent) && seen.insert(m.respondent.as_str()))
        .map(|m| (m, None))
        .collect();
    write_rows(tx, chunk_rows, campaign_id, kind, &rows).await
}

/// Inserts one outbox row of `kind` (a working group's invitation, a receipt) per mail, its
/// text written, skipping a mail when the very same one (recipient, subject and body) is
/// already waiting or being sent: pressing « inviter » twice queues nothing twice, while the
/// invitation to another group is another mail. Returns how many rows were written.
async fn insert_prepared(
    tx: &mut Transaction<'static, Any>,
    chunk_rows: usize,
    campaign_id: i64,
    kind: MailKind,
    mails: &[PreparedMail],
) -> Result<u64> {
    let pending: HashSet<(String, String, String)> = sqlx::query(
        "SELECT respondent, subject, body FROM outbox WHERE campaign_id = $1 AND kind = $2 \
         AND state IN ('queued', 'sending')",
    )
    .bind(campaign_id)
    .bind(kind.code())
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| {
        let text = |i: usize| r.try_get::<Option<String>, _>(i).map(Option::unwrap_or_default);
        Ok((r.try_get(0)?, text(1)?, text(2)?))
    })
    .collect::<Result<_>>()?;
    let mut seen = HashSet::new();
    let rows: Vec<(&NewMail, Option<(&str, &str)>)> = mails
        .iter()
        .filter(|p| {
            let key = (p.mail.respondent.clone(), p.subject.clone(), p.body.clone());
            !pending.contains(&key) && seen.insert(key)
        })
        .map(|p| (&p.mail, Some((p.subject.as_str(), p.body.as_str()))))
        .collect();
    write_rows(tx, chunk_rows, campaign_id, kind, &rows).await
}

/// Writes the outbox rows of `kind`, queued now; a kind without link has its text written
/// already (the others keep the shorter statement: on SQLite, binding is quadratic in the
/// number of placeholders).
async fn write_rows(
    tx: &mut Transaction<'static, Any>,
    chunk_rows: usize,
    campaign_id: i64,
    kind: MailKind,
    rows: &[(&NewMail, Option<(&str, &str)>)],
) -> Result<u64> {
    let with_text = !kind.carries_link();
    let (columns, values) = if with_text { (", subject, body", 12) } else { ("", 10) };
    let stamp = now();
    for chunk in rows.chunks(chunk_rows) {
        let sql = format!(
            "INSERT INTO outbox (campaign_id, respondent, email, name, kind, message_id, state, next_attempt_at, \
             queued_at, updated_at{columns}) VALUES {}",
            placeholders(chunk.len(), values)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (m, text) in chunk {
            q = q
                .bind(campaign_id)
                .bind(m.respondent.clone())
                .bind(m.email.clone())
                .bind(m.name.clone())
                .bind(kind.code())
                .bind(m.message_id.clone())
                .bind("queued")
                .bind(stamp.clone())
                .bind(stamp.clone())
                .bind(stamp.clone());
            if with_text {
                let (subject, body) = text.unwrap_or_default();
                q = q.bind(subject.to_owned()).bind(body.to_owned());
            }
        }
        q.execute(&mut **tx).await.map_err(|e| {
            crate::error::refused(
                e,
                || "un des répondants parmi les cibles de la vague".into(),
                || "ce Message-ID".into(),
            )
        })?;
    }
    Ok(rows.len() as u64)
}

/// Deletes every mail to `email` (lowercase, trimmed) inside the erasure's transaction.
pub(crate) async fn erase(tx: &mut Transaction<'static, Any>, email: &str) -> Result<u64> {
    let done = sqlx::query("DELETE FROM outbox WHERE LOWER(TRIM(email)) = $1")
        .bind(email.to_owned())
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected())
}

/// Every mail to `email` (lowercase, trimmed), for the person's right of access.
pub(crate) async fn held(tx: &mut Transaction<'static, Any>, email: &str) -> Result<Vec<OutboxMail>> {
    sqlx::query(
        "SELECT c.code, o.respondent, o.email, o.kind, o.state, o.queued_at FROM outbox o \
         JOIN campaign c ON c.id = o.campaign_id WHERE LOWER(TRIM(o.email)) = $1 ORDER BY o.id",
    )
    .bind(email.to_owned())
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| {
        Ok(OutboxMail {
            campaign: r.try_get(0)?,
            respondent: r.try_get(1)?,
            email: r.try_get(2)?,
            kind: parse_kind(&r.try_get::<String, _>(3)?)?,
            state: r.try_get(4)?,
            queued_at: crate::moments::read_stamp(&r.try_get::<String, _>(5)?)?,
        })
    })
    .collect()
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or_default()
}

impl Store {
    /// Rows per multi-row INSERT on this engine.
    pub(crate) fn insert_rows(&self) -> usize {
        match self.backend {
            crate::Backend::Sqlite => crate::sqlite::INSERT_ROWS,
            crate::Backend::Postgres => crate::postgres::INSERT_ROWS,
        }
    }

    /// Queues `kind` to each recipient of `mails`, in one transaction; returns how many were
    /// queued (a respondent with a mail of this kind already waiting is skipped, as is a
    /// second mail to one respondent in the list). A respondent that is not a target of the
    /// wave is `NotFound` and nothing is queued.
    ///
    /// A working group's invitation is written when it is queued: it goes through
    /// [`Store::queue_group_mail`], and is `Invalid` here.
    pub async fn queue_mail(&self, code: &CampaignCode, kind: MailKind, mails: &[NewMail]) -> Result<u64> {
        if !kind.carries_link() {
            return Err(StoreError::Invalid(format!(
                "un courriel « {} » s'écrit quand il est mis en file, avec son texte",
                kind.code()
            )));
        }
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        let queued = insert_mail(&mut tx, self.insert_rows(), id, kind, mails).await?;
        tx.commit().await?;
        Ok(queued)
    }

    /// Queues invitations to a working group, their text written, in one transaction;
    /// returns how many were queued. The worker sends each as it is, with no link: sending
    /// it never creates, replaces nor revokes the target's link. A mail whose very same copy
    /// (recipient, subject, body) is already waiting is skipped, as is a second copy in the
    /// list; an invitation to another group is another mail. A respondent that is not a
    /// target of the wave is `NotFound` and nothing is queued.
    pub async fn queue_group_mail(&self, code: &CampaignCode, mails: &[PreparedMail]) -> Result<u64> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        let queued = insert_prepared(&mut tx, self.insert_rows(), id, MailKind::Group, mails).await?;
        tx.commit().await?;
        Ok(queued)
    }

    /// Queues the receipt of a submitted answer, its text written, sent as it is and carrying
    /// no link; `false` when the very same receipt is already waiting. A respondent that is
    /// not a target of the wave is `NotFound`.
    pub async fn queue_receipt_mail(&self, code: &CampaignCode, mail: &PreparedMail) -> Result<bool> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        let queued =
            insert_prepared(&mut tx, self.insert_rows(), id, MailKind::Receipt, std::slice::from_ref(mail)).await?;
        tx.commit().await?;
        Ok(queued == 1)
    }

    /// How many of a wave's mails are queued (or being sent), sent, failed and resent.
    pub async fn mail_status(&self, code: &CampaignCode) -> Result<MailStatus> {
        let id = self.campaign_id(code).await?;
        let rows = sqlx::query(
            "SELECT state, COUNT(*), CAST(SUM(resent) AS BIGINT) FROM outbox WHERE campaign_id = $1 GROUP BY state",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut status = MailStatus::default();
        for r in &rows {
            let n = count(r.try_get(1)?);
            match r.try_get::<String, _>(0)?.as_str() {
                "queued" | "sending" => status.queued += n,
                "sent" => status.sent += n,
                "failed" => status.failed += n,
                other => return Err(corrupt(format!("état de courriel « {other} »"))),
            }
            status.resent += count(r.try_get::<Option<i64>, _>(2)?.unwrap_or_default());
        }
        Ok(status)
    }

    /// A page of a wave's mails that failed for good, by target code.
    pub async fn failed_mail(&self, code: &CampaignCode, offset: u64, limit: u64) -> Result<Page<FailedMail>> {
        let id = self.campaign_id(code).await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE campaign_id = $1 AND state = 'failed'")
            .bind(id)
            .fetch_one(&self.pool)
            .await?;
        let items = sqlx::query(
            "SELECT respondent, email, kind, attempts, error, updated_at FROM outbox \
             WHERE campaign_id = $1 AND state = 'failed' ORDER BY respondent, id LIMIT $2 OFFSET $3",
        )
        .bind(id)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(FailedMail {
                respondent: r.try_get(0)?,
                email: r.try_get(1)?,
                kind: parse_kind(&r.try_get::<String, _>(2)?)?,
                attempts: count(r.try_get(3)?),
                error: r.try_get::<Option<String>, _>(4)?.unwrap_or_default(),
                at: crate::moments::read_stamp(&r.try_get::<String, _>(5)?)?,
            })
        })
        .collect::<Result<_>>()?;
        Ok(Page { items, total: count(total) })
    }

    /// Queues again every mail of the wave that failed for good, attempts counted from
    /// zero; returns how many.
    pub async fn retry_failed_mail(&self, code: &CampaignCode) -> Result<u64> {
        let id = self.campaign_id(code).await?;
        let stamp = now();
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = $1, updated_at = $1, error = NULL \
             WHERE campaign_id = $2 AND state = 'failed'",
        )
        .bind(stamp)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// A page of the wave's mail log, newest first.
    pub async fn mail_log_page(&self, code: &CampaignCode, offset: u64, limit: u64) -> Result<Page<MailLogEntry>> {
        let id = self.campaign_id(code).await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_log WHERE campaign_id = $1")
            .bind(id)
            .fetch_one(&self.pool)
            .await?;
        let items = sqlx::query(
            "SELECT respondent, email, kind, subject, sent_at, ok, error FROM mail_log \
             WHERE campaign_id = $1 ORDER BY sent_at DESC, id DESC LIMIT $2 OFFSET $3",
        )
        .bind(id)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(crate::mail::read_log_entry)
        .collect::<Result<_>>()?;
        Ok(Page { items, total: count(total) })
    }
}
