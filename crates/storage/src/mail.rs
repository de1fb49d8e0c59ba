//! Mail of a wave: the templates the lead edits (invitation, reminder), and the log of every
//! message sent or attempted (those two, and the invitations to a working group), so a lead
//! can see who was written to and what failed.
//! The mail waiting to be sent is in the [`outbox`](crate::outbox); sending itself (SMTP) is
//! the worker's, in `mutu_app::mail`.

use crate::error::{Result, StoreError, corrupt};
use crate::{Store, now};
use mutu_domain::codes::CampaignCode;
use serde::Serialize;
use sqlx::{Any, Row, Transaction};

/// Which message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    /// The first message, with the personal link.
    Invitation,
    /// A reminder to those who have not submitted.
    Reminder,
    /// An invitation to a working group (issue 16): written whole when it is queued, sent
    /// as it is, and carrying no personal link, so it never touches the target's link.
    Group,
    /// The receipt of a submitted answer (issue 15), to the body's contact: written whole
    /// when it is queued, as a working group's invitation, and carrying no personal link.
    Receipt,
}

impl MailKind {
    /// The code stored and exchanged.
    pub fn code(self) -> &'static str {
        match self {
            MailKind::Invitation => "invitation",
            MailKind::Reminder => "reminder",
            MailKind::Group => "group",
            MailKind::Receipt => "receipt",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "invitation" => Some(MailKind::Invitation),
            "reminder" => Some(MailKind::Reminder),
            "group" => Some(MailKind::Group),
            "receipt" => Some(MailKind::Receipt),
            _ => None,
        }
    }

    /// Whether the mail carries a fresh personal link, which becomes the target's link once
    /// it is sent (invitations and reminders); a working group's invitation and a receipt
    /// carry none, and are written whole when they are queued.
    pub fn carries_link(self) -> bool {
        match self {
            MailKind::Invitation | MailKind::Reminder => true,
            MailKind::Group | MailKind::Receipt => false,
        }
    }
}

pub(crate) fn parse_kind(code: &str) -> Result<MailKind> {
    MailKind::parse(code).ok_or_else(|| corrupt(format!("type de courriel « {code} »")))
}

/// A wave's template for one kind of message (placeholders are `mutu_app::mail`'s business).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailTemplate {
    /// Which message.
    pub kind: MailKind,
    /// Subject line.
    pub subject: String,
    /// Body text.
    pub body: String,
}

/// One message sent, or attempted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailLogEntry {
    /// The target written to.
    pub respondent: String,
    /// Address used.
    pub email: String,
    /// Which message.
    pub kind: MailKind,
    /// Subject as sent.
    pub subject: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub sent_at: time::OffsetDateTime,
    /// Whether the mail server accepted it.
    pub ok: bool,
    /// Why it failed, when it did.
    pub error: Option<String>,
}

impl Store {
    /// A wave's template for `kind`, if the lead wrote one.
    pub async fn mail_template(&self, code: &CampaignCode, kind: MailKind) -> Result<Option<MailTemplate>> {
        let id = self.campaign_id(code).await?;
        sqlx::query("SELECT subject, body FROM mail_template WHERE campaign_id = $1 AND kind = $2")
            .bind(id)
            .bind(kind.code())
            .fetch_optional(&self.pool)
            .await?
            .map(|r| Ok(MailTemplate { kind, subject: r.try_get(0)?, body: r.try_get(1)? }))
            .transpose()
    }

    /// Sets a wave's template for its kind, replacing any previous one.
    pub async fn set_mail_template(&self, code: &CampaignCode, template: &MailTemplate) -> Result<()> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO mail_template (campaign_id, kind, subject, body, updated_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (campaign_id, kind) DO UPDATE SET subject = excluded.subject, body = excluded.body, \
             updated_at = excluded.updated_at",
        )
        .bind(id)
        .bind(template.kind.code())
        .bind(template.subject.clone())
        .bind(template.body.clone())
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a message sent or attempted.
    pub async fn log_mail(&self, code: &CampaignCode, entry: &MailLogEntry) -> Result<()> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        insert_log(&mut tx, id, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every message of a wave, newest first.
    pub async fn mail_log(&self, code: &CampaignCode) -> Result<Vec<MailLogEntry>> {
        let id = self.campaign_id(code).await?;
        sqlx::query(
            "SELECT respondent, email, kind, subject, sent_at, ok, error FROM mail_log \
             WHERE campaign_id = $1 ORDER BY sent_at DESC, id DESC",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(read_log_entry)
        .collect()
    }
}

/// Writes one line of the mail log inside `tx`.
pub(crate) async fn insert_log(
    tx: &mut Transaction<'static, Any>,
    campaign_id: i64,
    entry: &MailLogEntry,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO mail_log (campaign_id, respondent, email, kind, subject, sent_at, ok, error) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(campaign_id)
    .bind(entry.respondent.clone())
    .bind(entry.email.clone())
    .bind(entry.kind.code())
    .bind(entry.subject.clone())
    .bind(crate::moments::stamp(entry.sent_at))
    .bind(i64::from(entry.ok))
    .bind(entry.error.clone())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A row `respondent, email, kind, subject, sent_at, ok, error` of the mail log.
pub(crate) fn read_log_entry(r: &sqlx::any::AnyRow) -> Result<MailLogEntry> {
    Ok(MailLogEntry {
        respondent: r.try_get(0)?,
        email: r.try_get(1)?,
        kind: parse_kind(&r.try_get::<String, _>(2)?)?,
        subject: r.try_get(3)?,
        sent_at: crate::moments::read_stamp(&r.try_get::<String, _>(4)?)?,
        ok: match r.try_get::<i64, _>(5)? {
            0 => false,
            1 => true,
            other => return Err(StoreError::Corrupt(format!("indicateur d'envoi « {other} »"))),
        },
        error: r.try_get(6)?,
    })
}
