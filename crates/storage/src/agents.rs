//! Agents of public bodies who come through ProConnect (issue 15): who made each write of an
//! answer that several agents of one body share, and the e-mail domains whose agents get a
//! viewer account on their first sign-in at the study side's door.
//!
//! A respondent's session opened through the provider keeps the agent's e-mail
//! (`sessions.agent_email`, see [`Store::create_session_as`]); each write through it records
//! that e-mail on the answer (`response.agent_email`) with [`Store::record_agent`], guarded by
//! the version the write produced, so a later write by someone else is never relabelled.

use crate::error::{Result, StoreError};
use crate::{Store, now};
use mutu_domain::codes::CampaignCode;
use serde::Serialize;
use sqlx::{AssertSqlSafe, Row};
use std::collections::HashMap;

/// An e-mail domain whose agents are let in as viewers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ViewerDomain {
    /// The domain, lowercased (`region-exemple.fr`).
    pub domain: String,
    /// Who registered it.
    pub added_by: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub added_at: time::OffsetDateTime,
}

/// An answer whose last write an agent made, as the personal data of that agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgentSave {
    /// Code of the wave.
    pub campaign: String,
    /// Code of the body.
    pub respondent: String,
}

/// A domain as stored and looked up: trimmed, lowercased, without a leading `@`; `None` when
/// it is not a plausible domain name (at least one dot, letters, digits, `-` and `.`).
pub fn normalize_domain(domain: &str) -> Option<String> {
    let d = domain.trim().trim_start_matches('@').to_lowercase();
    let labels_ok = d.split('.').all(|l| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    (d.contains('.') && d.len() <= 253 && labels_ok).then_some(d)
}

/// The domain of an e-mail address, lowercased.
fn domain_of(email: &str) -> Option<String> {
    email.trim().rsplit_once('@').and_then(|(_, d)| normalize_domain(d))
}

impl Store {
    /// Records that the write which brought the answer of `respondent` to `version` was made
    /// by `agent` (an agent's e-mail), or by no agent (`None`: a link's holder or a lead).
    /// Returns whether it was recorded: a later write already made is left as it is.
    pub async fn record_agent(
        &self,
        code: &CampaignCode,
        respondent: &str,
        version: i64,
        agent: Option<&str>,
    ) -> Result<bool> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE response SET agent_email = $1 WHERE campaign_id = $2 AND respondent = $3 AND version = $4",
        )
        .bind(agent.map(|a| a.trim().to_lowercase()))
        .bind(id)
        .bind(respondent.to_owned())
        .bind(version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(done == 1)
    }

    /// The agent who made the last write of an answer, when an agent made it.
    pub async fn last_agent(&self, code: &CampaignCode, respondent: &str) -> Result<Option<String>> {
        let id = self.campaign_id(code).await?;
        let row: Option<Option<String>> =
            sqlx::query_scalar("SELECT agent_email FROM response WHERE campaign_id = $1 AND respondent = $2")
                .bind(id)
                .bind(respondent.to_owned())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.flatten())
    }

    /// [`Store::last_agent`] of several bodies of a wave at once (a page of the follow-up),
    /// by body; bodies whose last write no agent made are absent.
    pub async fn last_agents(&self, code: &CampaignCode, respondents: &[String]) -> Result<HashMap<String, String>> {
        if respondents.is_empty() {
            return Ok(HashMap::new());
        }
        let id = self.campaign_id(code).await?;
        let sql = format!(
            "SELECT respondent, agent_email FROM response WHERE campaign_id = $1 AND agent_email IS NOT NULL \
             AND respondent IN ({})",
            (2..respondents.len() + 2).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(id);
        for r in respondents {
            query = query.bind(r.clone());
        }
        query.fetch_all(&self.pool).await?.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
    }

    /// Lets the agents of `domain` in as viewers; `by` is the administrator. A domain that
    /// is not one is `Invalid`; one already registered is a `Conflict`.
    pub async fn add_viewer_domain(&self, domain: &str, by: &str) -> Result<String> {
        let domain = normalize_domain(domain)
            .ok_or_else(|| StoreError::Invalid(format!("« {domain} » n'est pas un domaine")))?;
        let mut tx = self.write().await?;
        let added = sqlx::query(
            "INSERT INTO viewer_domains (domain, added_by, added_at) VALUES ($1, $2, $3) ON CONFLICT (domain) DO NOTHING",
        )
        .bind(domain.clone())
        .bind(by.to_owned())
        .bind(now())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        if added == 0 {
            return Err(StoreError::Conflict(format!("le domaine {domain}")));
        }
        Ok(domain)
    }

    /// Stops letting the agents of `domain` in (accounts already made stay); returns whether
    /// it was registered.
    pub async fn remove_viewer_domain(&self, domain: &str) -> Result<bool> {
        let Some(domain) = normalize_domain(domain) else { return Ok(false) };
        let mut tx = self.write().await?;
        let gone = sqlx::query("DELETE FROM viewer_domains WHERE domain = $1")
            .bind(domain)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(gone > 0)
    }

    /// The registered domains, alphabetically.
    pub async fn viewer_domains(&self) -> Result<Vec<ViewerDomain>> {
        sqlx::query("SELECT domain, added_by, added_at FROM viewer_domains ORDER BY domain")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(ViewerDomain {
                    domain: r.try_get(0)?,
                    added_by: r.try_get(1)?,
                    added_at: crate::moments::read_stamp(&r.try_get::<String, _>(2)?)?,
                })
            })
            .collect()
    }

    /// Whether the domain of `email` is registered: its holder may get a viewer account.
    pub async fn is_viewer_domain(&self, email: &str) -> Result<bool> {
        let Some(domain) = domain_of(email) else { return Ok(false) };
        let found: Option<String> = sqlx::query_scalar("SELECT domain FROM viewer_domains WHERE domain = $1")
            .bind(domain)
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.is_some())
    }
}

/// The answers whose last write the agent `email` (lowercased) made.
pub(crate) async fn agent_saves(tx: &mut sqlx::Transaction<'static, sqlx::Any>, email: &str) -> Result<Vec<AgentSave>> {
    sqlx::query(
        "SELECT c.code, r.respondent FROM response r JOIN campaign c ON c.id = r.campaign_id \
         WHERE LOWER(r.agent_email) = $1 ORDER BY c.code, r.respondent",
    )
    .bind(email.to_owned())
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| Ok(AgentSave { campaign: r.try_get(0)?, respondent: r.try_get(1)? }))
    .collect()
}

/// Erases the agent `email` (lowercased): their sessions end, and the answers they last wrote
/// name `pseudonym` instead. Returns how many answers were relabelled.
pub(crate) async fn erase_agent(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    email: &str,
    pseudonym: &str,
) -> Result<u64> {
    sqlx::query("DELETE FROM sessions WHERE LOWER(agent_email) = $1").bind(email.to_owned()).execute(&mut **tx).await?;
    Ok(sqlx::query("UPDATE response SET agent_email = $1 WHERE LOWER(agent_email) = $2")
        .bind(pseudonym.to_owned())
        .bind(email.to_owned())
        .execute(&mut **tx)
        .await?
        .rows_affected())
}
