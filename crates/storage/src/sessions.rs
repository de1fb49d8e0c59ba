//! Web sessions, kept in the database so they survive a restart and are shared by several
//! app servers. Only a hash of the session id is stored: a copy of the database does not
//! let anyone in.
//!
//! A session belongs to a study-side user or to one respondent of one wave; it goes away
//! with its user, its target or its wave (foreign keys cascade).

use crate::error::{Result, corrupt, refused};
use crate::{Store, now};
use mutu_domain::codes::CampaignCode;
use sqlx::Row;

/// Who a session speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionSubject {
    /// A study-side user, by id.
    User(i64),
    /// A respondent of a wave, who came in through an invitation.
    Respondent {
        /// The wave.
        campaign: CampaignCode,
        /// The target's code.
        respondent: String,
    },
}

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Hash of the session id (the id itself lives only in the cookie).
    pub id_hash: String,
    /// Who it speaks for.
    pub subject: SessionSubject,
    /// Anti-forgery token of the session's forms.
    pub csrf: String,
    /// Creation time.
    pub created_at: time::OffsetDateTime,
    /// Last request, for idle expiry.
    pub last_seen_at: time::OffsetDateTime,
    /// The e-mail of the agent who opened a respondent's session through ProConnect (every
    /// save through the session records it); `None` for a link's or a user's session.
    pub agent_email: Option<String>,
}

impl Store {
    /// Stores a new session. A user or respondent that does not exist is `NotFound`.
    pub async fn create_session(&self, id_hash: &str, subject: &SessionSubject, csrf: &str) -> Result<()> {
        self.create_session_as(id_hash, subject, csrf, None).await
    }

    /// [`Store::create_session`], for the agent `agent_email` when a respondent's session is
    /// opened through ProConnect (the e-mail goes with the session).
    pub async fn create_session_as(
        &self,
        id_hash: &str,
        subject: &SessionSubject,
        csrf: &str,
        agent_email: Option<&str>,
    ) -> Result<()> {
        let (user_id, campaign_id, respondent, missing) = match subject {
            SessionSubject::User(id) => (Some(*id), None, None, format!("le compte n° {id}")),
            SessionSubject::Respondent { campaign, respondent } => (
                None,
                Some(self.campaign_id(campaign).await?),
                Some(respondent.clone()),
                format!("le répondant {respondent} parmi les cibles de la vague {campaign}"),
            ),
        };
        let stamp = now();
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, campaign_id, respondent, csrf, created_at, last_seen_at, \
             agent_email) VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
        )
        .bind(id_hash.to_owned())
        .bind(user_id)
        .bind(campaign_id)
        .bind(respondent)
        .bind(csrf.to_owned())
        .bind(stamp)
        .bind(agent_email.map(|e| e.trim().to_lowercase()))
        .execute(&mut *tx)
        .await
        .map_err(|e| refused(e, || missing, || "cette session".into()))?;
        tx.commit().await?;
        Ok(())
    }

    /// The session with this id hash, if it still exists.
    pub async fn session(&self, id_hash: &str) -> Result<Option<Session>> {
        let Some(row) = sqlx::query(
            "SELECT s.id_hash, s.user_id, c.code, s.respondent, s.csrf, s.created_at, s.last_seen_at, \
             s.agent_email FROM sessions s LEFT JOIN campaign c ON c.id = s.campaign_id WHERE s.id_hash = $1",
        )
        .bind(id_hash.to_owned())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let user: Option<i64> = row.try_get(1)?;
        let campaign: Option<String> = row.try_get(2)?;
        let respondent: Option<String> = row.try_get(3)?;
        let subject = match (user, campaign, respondent) {
            (Some(id), None, None) => SessionSubject::User(id),
            (None, Some(campaign), Some(respondent)) => {
                SessionSubject::Respondent { campaign: CampaignCode::parse(&campaign).map_err(corrupt)?, respondent }
            }
            _ => return Err(corrupt("session sans titulaire unique")),
        };
        Ok(Some(Session {
            id_hash: row.try_get(0)?,
            subject,
            csrf: row.try_get(4)?,
            created_at: crate::moments::read_stamp(&row.try_get::<String, _>(5)?)?,
            last_seen_at: crate::moments::read_stamp(&row.try_get::<String, _>(6)?)?,
            agent_email: row.try_get(7)?,
        }))
    }

    /// Records activity on a session now; a session already gone is left gone.
    pub async fn touch_session(&self, id_hash: &str) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now())
            .bind(id_hash.to_owned())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends a session (logging out twice is not an error).
    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash.to_owned()).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes the sessions idle since before `last_seen_before`; returns how many.
    pub async fn delete_sessions_before(&self, last_seen_before: time::OffsetDateTime) -> Result<u64> {
        let mut tx = self.write().await?;
        let deleted = sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1")
            .bind(crate::moments::stamp(last_seen_before))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(deleted)
    }
}
