//! Invitations: one personal link per target of a wave, through which a respondent comes in
//! without an account. Only a hash of the link's token is stored, so the database alone
//! lets no one answer in someone else's name.
//!
//! Renewing a link replaces the hash (the old link stops working at once); revoking keeps
//! the row, so the person holding the old link is told it was withdrawn, and ends the
//! respondent's open sessions.

use crate::error::{Result, StoreError, corrupt, refused};
use crate::lifecycle::parse_state;
use crate::{Store, now, placeholders};
use mutu_domain::codes::CampaignCode;
use mutu_domain::lifecycle::CampaignState;
use serde::Serialize;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};
use std::collections::{BTreeMap, HashSet};

/// Rows per INSERT of a bulk write.
const CHUNK: usize = 500;

/// The invitation of one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invitation {
    /// The target's code.
    pub respondent: String,
    /// Hash of the token of the link.
    pub token_hash: String,
    /// When the current link was made.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: time::OffsetDateTime,
    /// When it was revoked, if it was.
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<time::OffsetDateTime>,
}

/// What a link's token hash leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvitationLookup {
    /// A valid link: this respondent of this wave, whose state decides what they may do.
    Active {
        /// The wave.
        campaign: CampaignCode,
        /// The target's code.
        respondent: String,
        /// State of the wave.
        state: CampaignState,
    },
    /// A link that was withdrawn.
    Revoked,
    /// No such link (never made, or replaced by a newer one).
    Unknown,
}

/// What a new link does to a target's existing one: replaces it, revoked or not.
const RENEW: &str = "ON CONFLICT (campaign_id, respondent) DO UPDATE SET token_hash = excluded.token_hash, \
                     created_at = excluded.created_at, revoked_at = NULL";

/// Gives one target a new link inside `tx` (the outbox activates a mail's link in the
/// transaction that marks it sent).
pub(crate) async fn put_invitation(
    tx: &mut Transaction<'static, Any>,
    campaign_id: i64,
    respondent: &str,
    token_hash: &str,
) -> Result<()> {
    let sql = format!(
        "INSERT INTO invitation (campaign_id, respondent, token_hash, created_at) VALUES ($1, $2, $3, $4) {RENEW}"
    );
    sqlx::query(AssertSqlSafe(sql))
        .bind(campaign_id)
        .bind(respondent.to_owned())
        .bind(token_hash.to_owned())
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Refuses, naming the first one, any respondent that is not a target of the wave.
pub(crate) async fn check_targets<'a>(
    tx: &mut Transaction<'static, Any>,
    campaign_id: i64,
    code: &CampaignCode,
    respondents: impl IntoIterator<Item = &'a str>,
) -> Result<()> {
    let targets: HashSet<String> = sqlx::query_scalar("SELECT code FROM target WHERE campaign_id = $1")
        .bind(campaign_id)
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .collect();
    match respondents.into_iter().find(|r| !targets.contains(*r)) {
        Some(unknown) => {
            Err(StoreError::NotFound(format!("le répondant {unknown} parmi les cibles de la vague {code}")))
        }
        None => Ok(()),
    }
}

impl Store {
    /// Gives a target a new link (replacing any previous one, revoked or not).
    pub async fn set_invitation(&self, code: &CampaignCode, respondent: &str, token_hash: &str) -> Result<()> {
        self.set_invitations(code, &[(respondent.to_owned(), token_hash.to_owned())]).await
    }

    /// Gives each `(respondent, token_hash)` a new link, all or nothing; when a respondent
    /// appears twice, the last hash wins. A respondent that is not a target is `NotFound`,
    /// a hash already used by another link is a `Conflict`.
    pub async fn set_invitations(&self, code: &CampaignCode, hashes: &[(String, String)]) -> Result<()> {
        let id = self.campaign_id(code).await?;
        // One row per respondent: PostgreSQL refuses to upsert the same row twice in one statement.
        let latest: BTreeMap<&str, &str> = hashes.iter().map(|(r, h)| (r.as_str(), h.as_str())).collect();
        let rows: Vec<(&str, &str)> = latest.into_iter().collect();
        let stamp = now();
        let mut tx = self.write().await?;
        check_targets(&mut tx, id, code, rows.iter().map(|(r, _)| *r)).await?;
        for chunk in rows.chunks(CHUNK) {
            let sql = format!(
                "INSERT INTO invitation (campaign_id, respondent, token_hash, created_at) VALUES {} {RENEW}",
                placeholders(chunk.len(), 4)
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for (respondent, hash) in chunk {
                q = q.bind(id).bind((*respondent).to_owned()).bind((*hash).to_owned()).bind(stamp.clone());
            }
            q.execute(&mut *tx).await.map_err(|e| {
                refused(
                    e,
                    || format!("un des répondants parmi les cibles de la vague {code}"),
                    || "ce jeton d'invitation".into(),
                )
            })?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Withdraws a target's link and ends the sessions it opened; revoking twice changes
    /// nothing. A target without a link is `NotFound`.
    pub async fn revoke_invitation(&self, code: &CampaignCode, respondent: &str) -> Result<()> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT CAST(1 AS BIGINT) FROM invitation WHERE campaign_id = $1 AND respondent = $2")
                .bind(id)
                .bind(respondent.to_owned())
                .fetch_optional(&mut *tx)
                .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound(format!("l'invitation de {respondent} dans la vague {code}")));
        }
        sqlx::query(
            "UPDATE invitation SET revoked_at = $1 WHERE campaign_id = $2 AND respondent = $3 AND revoked_at IS NULL",
        )
        .bind(now())
        .bind(id)
        .bind(respondent.to_owned())
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM sessions WHERE campaign_id = $1 AND respondent = $2")
            .bind(id)
            .bind(respondent.to_owned())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every invitation of a wave, by respondent code.
    pub async fn invitations(&self, code: &CampaignCode) -> Result<Vec<Invitation>> {
        let id = self.campaign_id(code).await?;
        sqlx::query(
            "SELECT respondent, token_hash, created_at, revoked_at FROM invitation \
             WHERE campaign_id = $1 ORDER BY respondent",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Invitation {
                respondent: r.try_get(0)?,
                token_hash: r.try_get(1)?,
                created_at: crate::moments::read_stamp(&r.try_get::<String, _>(2)?)?,
                revoked_at: crate::moments::read_optional_stamp(r.try_get(3)?)?,
            })
        })
        .collect()
    }

    /// What the link with this token hash leads to.
    pub async fn lookup_invitation(&self, token_hash: &str) -> Result<InvitationLookup> {
        let Some(row) = sqlx::query(
            "SELECT c.code, i.respondent, c.state, i.revoked_at FROM invitation i \
             JOIN campaign c ON c.id = i.campaign_id WHERE i.token_hash = $1",
        )
        .bind(token_hash.to_owned())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(InvitationLookup::Unknown);
        };
        if row.try_get::<Option<String>, _>(3)?.is_some() {
            return Ok(InvitationLookup::Revoked);
        }
        Ok(InvitationLookup::Active {
            campaign: CampaignCode::parse(&row.try_get::<String, _>(0)?).map_err(corrupt)?,
            respondent: row.try_get(1)?,
            state: parse_state(&row.try_get::<String, _>(2)?)?,
        })
    }
}
