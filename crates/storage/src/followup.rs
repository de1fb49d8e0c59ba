//! Follow-up of a wave for its lead: where each target stands (never opened, draft,
//! submitted; invited or not; typed by whom), read in one query without loading any answer,
//! and the lead's one action on a submitted answer: reopening it.

use crate::campaigns::read_target;
use crate::error::{Result, StoreError, corrupt};
use crate::{Store, now};
use mutu_domain::answers::ResponseStatus;
use mutu_domain::campaign::Target;
use mutu_domain::codes::CampaignCode;
use serde::Serialize;
use sqlx::Row;

/// Where one target of a wave stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetStatus {
    /// The target.
    pub target: Target,
    /// Status of its answers; `None` when nothing was ever saved.
    pub status: Option<ResponseStatus>,
    /// Last write of its answers.
    #[serde(with = "time::serde::rfc3339::option")]
    pub updated_at: Option<time::OffsetDateTime>,
    /// Whether it holds a link that was not revoked.
    pub invited: bool,
    /// Email of the lead who last saved its answers on its behalf, if one did.
    pub entered_by: Option<String>,
}

impl Store {
    /// Every target of a wave with where it stands, by target code.
    pub async fn target_statuses(&self, code: &CampaignCode) -> Result<Vec<TargetStatus>> {
        // Starting from the wave tells an unknown wave (no row) from one without targets
        // (one row of NULLs) in the same single query.
        let rows = sqlx::query(
            "SELECT t.code, t.name, t.nature, t.departement, t.region, t.population, t.communes, \
             r.status, r.updated_at, r.entered_by, \
             CAST(CASE WHEN i.token_hash IS NOT NULL AND i.revoked_at IS NULL THEN 1 ELSE 0 END AS BIGINT) \
             FROM campaign c \
             LEFT JOIN target t ON t.campaign_id = c.id \
             LEFT JOIN response r ON r.campaign_id = t.campaign_id AND r.respondent = t.code \
             LEFT JOIN invitation i ON i.campaign_id = t.campaign_id AND i.respondent = t.code \
             WHERE c.code = $1 ORDER BY t.code",
        )
        .bind(code.to_string())
        .fetch_all(&self.pool)
        .await?;
        if rows.is_empty() {
            return Err(StoreError::NotFound(format!("la vague {code}")));
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            if r.try_get::<Option<String>, _>(0)?.is_none() {
                continue;
            }
            let status = r
                .try_get::<Option<String>, _>(7)?
                .map(|s| ResponseStatus::parse(&s).ok_or_else(|| corrupt(format!("statut « {s} »"))))
                .transpose()?;
            out.push(TargetStatus {
                target: read_target(r)?,
                status,
                updated_at: crate::moments::read_optional_stamp(r.try_get(8)?)?,
                entered_by: r.try_get(9)?,
                invited: r.try_get::<i64, _>(10)? == 1,
            });
        }
        Ok(out)
    }

    /// Turns a submitted answer back into a draft (version raised, submission time cleared),
    /// so it can be corrected; a draft stays as it is. No answer at all is `NotFound`.
    pub async fn reopen_response(&self, code: &CampaignCode, respondent: &str) -> Result<()> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        let changed = sqlx::query(
            "UPDATE response SET status = 'partial', version = version + 1, submitted_at = NULL, updated_at = $1 \
             WHERE campaign_id = $2 AND respondent = $3 AND status = 'complete'",
        )
        .bind(now())
        .bind(id)
        .bind(respondent.to_owned())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT CAST(1 AS BIGINT) FROM response WHERE campaign_id = $1 AND respondent = $2")
                    .bind(id)
                    .bind(respondent.to_owned())
                    .fetch_optional(&mut *tx)
                    .await?;
            if exists.is_none() {
                return Err(StoreError::NotFound(format!("la réponse de {respondent}")));
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
