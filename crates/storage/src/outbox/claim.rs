//! The worker's side of the outbox: claim due mail with a lease, say a mail is being handed
//! to SMTP (with what is sent), then mark it sent or failed.
//!
//! A claim takes rows that are queued and due, and rows still `sending` whose lease ran out
//! (their worker died). The row is locked for the claim alone: on PostgreSQL the `SELECT`
//! skips rows another claim holds (`FOR UPDATE SKIP LOCKED`, in [`crate::postgres`]); on
//! SQLite every claim runs on the single writer, one after the other. A row that had been
//! handed over when its worker died is flagged `resent`: it may reach the recipient twice,
//! and will carry the same `Message-ID` and link both times.
//!
//! A working group's invitation ([`MailKind::Group`]) has its text from the moment it is
//! queued and no link: it is claimed already rendered, no hash is ever stored for it, and
//! marking it sent or failed leaves the target's link as it was.

use crate::error::{Result, corrupt};
use crate::invitations::put_invitation;
use crate::mail::{MailKind, MailLogEntry, insert_log, parse_kind};
use crate::moments::stamp;
use crate::{Backend, Store, now};
use mutu_domain::codes::CampaignCode;
use sqlx::{AssertSqlSafe, Row};
use std::collections::HashSet;
use std::time::Duration;
use time::OffsetDateTime;

/// What a mail says, rendered once, just before it is first handed to SMTP (a working
/// group's invitation: when it is queued); the body of an invitation or a reminder holds the
/// personal link in clear, whose hash becomes the target's link once the mail is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    /// Subject line.
    pub subject: String,
    /// Plain-text body, with the link if the mail carries one.
    pub body: String,
    /// Hash of the link's token; `None` for a mail without link (a working group's
    /// invitation), which never touches the target's link.
    pub token_hash: Option<String>,
}

/// A mail claimed by a worker, to send now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedMail {
    /// The outbox row.
    pub id: i64,
    /// The wave.
    pub campaign: CampaignCode,
    /// The target written to.
    pub respondent: String,
    /// The target's name (`{nom}` of the templates).
    pub target_name: String,
    /// The contact's address.
    pub email: String,
    /// The contact's name (may be empty).
    pub name: String,
    /// Which message.
    pub kind: MailKind,
    /// The `Message-ID` made when the mail was queued.
    pub message_id: String,
    /// How many times it was handed to SMTP before.
    pub attempts: u64,
    /// What was handed over last time, to hand over unchanged; `None` before the first time.
    /// A working group's invitation has it from the start: it is written when queued.
    pub rendered: Option<RenderedMail>,
    /// Whether a worker died while handing it over: this is a second copy.
    pub caught_in_flight: bool,
}

/// `$first, $first+1, …` for `n` values.
fn numbered(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Rows' ids of the first column.
fn ids(rows: &[sqlx::any::AnyRow]) -> Result<Vec<i64>> {
    rows.iter().map(|r| Ok(r.try_get::<i64, _>(0)?)).collect()
}

impl Store {
    /// How this engine's claim locks the rows it picks.
    fn skip_locked(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => crate::sqlite::SKIP_LOCKED,
            Backend::Postgres => crate::postgres::SKIP_LOCKED,
        }
    }

    /// Claims up to `limit` mails for `worker` until now + `lease`: first those whose
    /// worker's lease ran out (a crash), then queued mails that are due, oldest first.
    pub async fn claim_mail(&self, worker: &str, limit: usize, lease: Duration) -> Result<Vec<ClaimedMail>> {
        let at = OffsetDateTime::now_utc();
        let (now, until) = (stamp(at), stamp(at + lease));
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut tx = self.write().await?;
        let expired = sqlx::query(AssertSqlSafe(format!(
            "SELECT id, handed_at FROM outbox WHERE state = 'sending' AND lease_until < $1 ORDER BY id LIMIT $2{}",
            self.skip_locked()
        )))
        .bind(now.clone())
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        let mut in_flight = HashSet::new();
        for r in &expired {
            if r.try_get::<Option<String>, _>(1)?.is_some() {
                in_flight.insert(r.try_get::<i64, _>(0)?);
            }
        }
        let mut claimed = ids(&expired)?;
        let room = limit - claimed.len() as i64;
        if room > 0 {
            let due = sqlx::query(AssertSqlSafe(format!(
                "SELECT id FROM outbox WHERE state = 'queued' AND next_attempt_at <= $1 \
                 ORDER BY next_attempt_at, id LIMIT $2{}",
                self.skip_locked()
            )))
            .bind(now.clone())
            .bind(room)
            .fetch_all(&mut *tx)
            .await?;
            claimed.extend(ids(&due)?);
        }
        if claimed.is_empty() {
            tx.commit().await?;
            return Ok(vec![]);
        }
        let list = numbered(4, claimed.len());
        let update = format!(
            "UPDATE outbox SET state = 'sending', claimed_by = $1, lease_until = $2, updated_at = $3, \
             resent = CASE WHEN state = 'sending' AND handed_at IS NOT NULL THEN 1 ELSE resent END, \
             handed_at = NULL WHERE id IN ({list})"
        );
        let mut q = sqlx::query(AssertSqlSafe(update)).bind(worker.to_owned()).bind(until).bind(now);
        for id in &claimed {
            q = q.bind(*id);
        }
        q.execute(&mut *tx).await?;
        let select = format!(
            "SELECT o.id, c.code, o.respondent, t.name, o.email, o.name, o.kind, o.message_id, o.attempts, \
             o.subject, o.body, o.token_hash FROM outbox o JOIN campaign c ON c.id = o.campaign_id \
             JOIN target t ON t.campaign_id = o.campaign_id AND t.code = o.respondent \
             WHERE o.id IN ({}) ORDER BY o.id",
            numbered(1, claimed.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(select));
        for id in &claimed {
            q = q.bind(*id);
        }
        let rows = q.fetch_all(&mut *tx).await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get(0)?;
                let kind = parse_kind(&r.try_get::<String, _>(6)?)?;
                let rendered = match (r.try_get(9)?, r.try_get(10)?, r.try_get::<Option<String>, _>(11)?) {
                    (Some(subject), Some(body), Some(hash)) if kind.carries_link() => {
                        Some(RenderedMail { subject, body, token_hash: Some(hash) })
                    }
                    (Some(subject), Some(body), _) if !kind.carries_link() => {
                        Some(RenderedMail { subject, body, token_hash: None })
                    }
                    _ => None,
                };
                Ok(ClaimedMail {
                    id,
                    campaign: CampaignCode::parse(&r.try_get::<String, _>(1)?).map_err(corrupt)?,
                    respondent: r.try_get(2)?,
                    target_name: r.try_get(3)?,
                    email: r.try_get(4)?,
                    name: r.try_get(5)?,
                    kind,
                    message_id: r.try_get(7)?,
                    attempts: u64::try_from(r.try_get::<i64, _>(8)?).unwrap_or_default(),
                    rendered,
                    caught_in_flight: in_flight.contains(&id),
                })
            })
            .collect()
    }

    /// Extends the lease of every mail `worker` holds, so a long batch is not taken over;
    /// returns how many.
    pub async fn renew_mail_lease(&self, worker: &str, lease: Duration) -> Result<u64> {
        let until = stamp(OffsetDateTime::now_utc() + lease);
        let mut tx = self.write().await?;
        let done = sqlx::query("UPDATE outbox SET lease_until = $1 WHERE claimed_by = $2 AND state = 'sending'")
            .bind(until)
            .bind(worker.to_owned())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// Records, before it is handed to SMTP, that `worker` is sending this mail and what it
    /// says. `false` when the mail is no longer the worker's (its lease ran out and another
    /// took it): it must not be sent then. A mail without link (a working group's
    /// invitation) never stores a hash, whatever `mail` holds.
    pub async fn hand_mail(&self, id: i64, worker: &str, mail: &RenderedMail) -> Result<bool> {
        let at = now();
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE outbox SET subject = $1, body = $2, \
             token_hash = CASE WHEN kind IN ('group', 'receipt') THEN NULL ELSE $3 END, handed_at = $4, updated_at = $4, \
             attempts = attempts + 1 WHERE id = $5 AND claimed_by = $6 AND state = 'sending'",
        )
        .bind(mail.subject.clone())
        .bind(mail.body.clone())
        .bind(mail.token_hash.clone())
        .bind(at)
        .bind(id)
        .bind(worker.to_owned())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// The relay accepted the mail: in one transaction its link becomes the target's link
    /// (the previous one stops working), the mail log records it, and the body (which holds
    /// the link in clear) is emptied. A mail without link (a working group's invitation)
    /// leaves the target's link as it was. `false` when the mail was not being sent.
    pub async fn mark_mail_sent(&self, id: i64) -> Result<bool> {
        let at = OffsetDateTime::now_utc();
        let mut tx = self.write().await?;
        let Some(row) = sqlx::query(
            "SELECT campaign_id, respondent, email, kind, subject, token_hash FROM outbox \
             WHERE id = $1 AND state = 'sending'",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(false);
        };
        let (campaign_id, entry) = log_entry(&row, at, None)?;
        if let Some(hash) = row.try_get::<Option<String>, _>(5)?
            && entry.kind.carries_link()
        {
            put_invitation(&mut tx, campaign_id, &entry.respondent, &hash).await?;
        }
        insert_log(&mut tx, campaign_id, &entry).await?;
        sqlx::query(
            "UPDATE outbox SET state = 'sent', sent_at = $1, updated_at = $1, body = NULL, token_hash = NULL, \
             claimed_by = NULL, lease_until = NULL, error = NULL WHERE id = $2",
        )
        .bind(stamp(at))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The mail was not sent: logged with `error`, then queued again for `retry_at`, or,
    /// without one, failed for good (its body and link forgotten, except the body of a
    /// working group's invitation: it holds no link, and is all there is to send when the
    /// failures are queued again). `false` when the mail was not being sent.
    pub async fn mark_mail_failed(&self, id: i64, error: &str, retry_at: Option<OffsetDateTime>) -> Result<bool> {
        let at = OffsetDateTime::now_utc();
        let mut tx = self.write().await?;
        let Some(row) = sqlx::query(
            "SELECT campaign_id, respondent, email, kind, subject FROM outbox WHERE id = $1 AND state = 'sending'",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(false);
        };
        let (campaign_id, entry) = log_entry(&row, at, Some(error))?;
        insert_log(&mut tx, campaign_id, &entry).await?;
        let sql = match retry_at {
            Some(_) => {
                "UPDATE outbox SET state = 'queued', next_attempt_at = $1, updated_at = $2, error = $3, \
                 claimed_by = NULL, lease_until = NULL, handed_at = NULL WHERE id = $4"
            }
            None => {
                "UPDATE outbox SET state = 'failed', next_attempt_at = $1, updated_at = $2, error = $3, \
                 claimed_by = NULL, lease_until = NULL, handed_at = NULL, \
                 body = CASE WHEN kind IN ('group', 'receipt') THEN body ELSE NULL END, token_hash = NULL WHERE id = $4"
            }
        };
        sqlx::query(sql)
            .bind(stamp(retry_at.unwrap_or(at)))
            .bind(stamp(at))
            .bind(error.to_owned())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Gives back the mails `worker` claimed and has not handed over yet (it stops, or the
    /// relay is down), due again at `at`; returns how many.
    pub async fn release_mail(&self, worker: &str, at: OffsetDateTime) -> Result<u64> {
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE outbox SET state = 'queued', next_attempt_at = $1, updated_at = $2, claimed_by = NULL, \
             lease_until = NULL WHERE claimed_by = $3 AND state = 'sending' AND handed_at IS NULL",
        )
        .bind(stamp(at))
        .bind(now())
        .bind(worker.to_owned())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}

/// The mail log's line for an outbox row `campaign_id, respondent, email, kind, subject…`.
fn log_entry(row: &sqlx::any::AnyRow, at: OffsetDateTime, error: Option<&str>) -> Result<(i64, MailLogEntry)> {
    let entry = MailLogEntry {
        respondent: row.try_get(1)?,
        email: row.try_get(2)?,
        kind: parse_kind(&row.try_get::<String, _>(3)?)?,
        subject: row.try_get::<Option<String>, _>(4)?.unwrap_or_default(),
        sent_at: at,
        ok: error.is_none(),
        error: error.map(str::to_owned),
    };
    Ok((row.try_get(0)?, entry))
}
