//! Scheduled reminders: the days a wave's reminders go out without anyone pressing a
//! button. On each day, once, a worker queues a reminder to every target with a contact and
//! without a complete answer; the day is marked done in the transaction that queues them,
//! so two workers never send a day's reminders twice, and a crash never loses them.

use super::{NewMail, insert_mail};
use crate::error::{Result, corrupt};
use crate::mail::MailKind;
use crate::moments::{day_text, read_day, read_optional_stamp};
use crate::{Store, now};
use mutu_domain::codes::CampaignCode;
use serde::Serialize;
use sqlx::Row;
use time::Date;

/// A day a wave's reminders go out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReminderDay {
    /// The day.
    #[serde(with = "crate::moments::day")]
    pub day: Date,
    /// When the worker queued them, once it has.
    #[serde(with = "time::serde::rfc3339::option")]
    pub done_at: Option<time::OffsetDateTime>,
    /// How many reminders were queued then.
    pub queued: Option<u64>,
}

impl Store {
    /// The reminder days of a wave, in order.
    pub async fn reminder_days(&self, code: &CampaignCode) -> Result<Vec<ReminderDay>> {
        let id = self.campaign_id(code).await?;
        sqlx::query("SELECT day, done_at, queued FROM reminder_day WHERE campaign_id = $1 ORDER BY day")
            .bind(id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(ReminderDay {
                    day: read_day(Some(r.try_get(0)?))?.ok_or_else(|| corrupt("jour de relance vide"))?,
                    done_at: read_optional_stamp(r.try_get(1)?)?,
                    queued: r.try_get::<Option<i64>, _>(2)?.map(|n| u64::try_from(n).unwrap_or_default()),
                })
            })
            .collect()
    }

    /// Adds a reminder day to a wave (adding it twice changes nothing).
    pub async fn add_reminder_day(&self, code: &CampaignCode, day: Date) -> Result<()> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        sqlx::query("INSERT INTO reminder_day (campaign_id, day) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(day_text(day))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes a reminder day; `false` when the wave had no such day.
    pub async fn remove_reminder_day(&self, code: &CampaignCode, day: Date) -> Result<bool> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        let done = sqlx::query("DELETE FROM reminder_day WHERE campaign_id = $1 AND day = $2")
            .bind(id)
            .bind(day_text(day))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Reminder days of every wave that are due on `today` (or were missed before) and not
    /// done yet, by wave and day.
    pub async fn due_reminder_days(&self, today: Date) -> Result<Vec<(CampaignCode, Date)>> {
        sqlx::query(
            "SELECT c.code, r.day FROM reminder_day r JOIN campaign c ON c.id = r.campaign_id \
             WHERE r.done_at IS NULL AND r.day <= $1 ORDER BY c.code, r.day",
        )
        .bind(day_text(today))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let code = CampaignCode::parse(&r.try_get::<String, _>(0)?).map_err(corrupt)?;
            let day = read_day(Some(r.try_get(1)?))?.ok_or_else(|| corrupt("jour de relance vide"))?;
            Ok((code, day))
        })
        .collect()
    }

    /// Marks the reminder day done and queues its reminders, in one transaction; returns how
    /// many were queued, or `None` when the day was already done (another worker was first)
    /// or is not a reminder day of the wave; nothing is queued then.
    pub async fn queue_reminder_day(&self, code: &CampaignCode, day: Date, mails: &[NewMail]) -> Result<Option<u64>> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        let taken = sqlx::query(
            "UPDATE reminder_day SET done_at = $1, queued = 0 WHERE campaign_id = $2 AND day = $3 AND done_at IS NULL",
        )
        .bind(now())
        .bind(id)
        .bind(day_text(day))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if taken == 0 {
            return Ok(None);
        }
        let queued = insert_mail(&mut tx, self.insert_rows(), id, MailKind::Reminder, mails).await?;
        sqlx::query("UPDATE reminder_day SET queued = $1 WHERE campaign_id = $2 AND day = $3")
            .bind(i64::try_from(queued).unwrap_or(i64::MAX))
            .bind(id)
            .bind(day_text(day))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(queued))
    }
}
