//! Follow-up of a wave for its lead: where each target stands (never opened, draft,
//! submitted; invited or not; typed by whom), read in one query without loading any answer,
//! and the lead's one action on a submitted answer: reopening it.

use crate::campaigns::read_target;
use crate::error::{Result, StoreError, corrupt};
use crate::{Store, now};
use mutu_domain::answers::ResponseStatus;
use mutu_domain::campaign::Target;
use mutu_domain::codes::{CampaignCode, DepartementCode};
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
    /// Whether a submitted answer was reopened: `status` is the draft's, and the analysis
    /// still counts the submitted copy, so the target counts as answered.
    pub reopened: bool,
}

/// A target and where it stands, from the columns of the follow-up queries (target's seven,
/// then the response's status, update and typist, then whether a link works, then whether
/// the answer is a reopened one).
fn read_status(r: &sqlx::any::AnyRow) -> Result<TargetStatus> {
    let status = r
        .try_get::<Option<String>, _>(7)?
        .map(|s| ResponseStatus::parse(&s).ok_or_else(|| corrupt(format!("statut « {s} »"))))
        .transpose()?;
    Ok(TargetStatus {
        target: read_target(r)?,
        status,
        updated_at: crate::moments::read_optional_stamp(r.try_get(8)?)?,
        entered_by: r.try_get(9)?,
        invited: r.try_get::<i64, _>(10)? == 1,
        reopened: r.try_get::<i64, _>(11)? == 1,
    })
}

/// Where a target's answer stands, as the follow-up filters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Nothing saved yet.
    NotOpened,
    /// A draft.
    Draft,
    /// Submitted (a reopened answer, whose submitted copy is still counted, included).
    Complete,
}

/// Which targets of a wave a page lists, a page at a time, filtered by the database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TargetQuery {
    /// Part of the name (case-insensitive for unaccented letters) or start of the code.
    pub search: Option<String>,
    /// Main département.
    pub departement: Option<DepartementCode>,
    /// Population from `.0` to `.1` inclusive (a size class's bounds).
    pub population: Option<(u64, Option<u64>)>,
    /// Where its answer stands.
    pub standing: Option<Standing>,
    /// Only targets without a working link (`true`) or with one (`false`).
    pub without_link: Option<bool>,
    /// Rows skipped.
    pub offset: u64,
    /// Rows at most.
    pub limit: u64,
}

/// One target of a page: where it stands, its contact, its link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetRow {
    /// The target and where its answer stands.
    pub status: TargetStatus,
    /// Its contact's email, when one was imported.
    pub email: Option<String>,
    /// When its current link was made.
    pub invited_at: Option<time::OffsetDateTime>,
    /// When its link was revoked, if it was.
    pub revoked_at: Option<time::OffsetDateTime>,
}

/// A page of targets and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetPage {
    /// The page's rows, by code.
    pub rows: Vec<TargetRow>,
    /// Targets matching the filters, all pages together.
    pub total: u64,
}

/// How many targets of a wave stand where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WaveCounts {
    /// Targets.
    pub targets: u64,
    /// Complete answers (reopened ones included: their submitted copy is counted).
    pub complete: u64,
    /// Drafts (reopened answers excluded).
    pub drafts: u64,
    /// Targets with a working link.
    pub invited: u64,
    /// Targets with a contact email.
    pub with_email: u64,
}

impl Store {
    /// A page of a wave's targets matching `query`, by code, and how many match in all: a
    /// national wave's 35 000 targets are never all read to show fifty.
    pub async fn target_page(&self, code: &CampaignCode, query: &TargetQuery) -> Result<TargetPage> {
        let id = self.campaign_id(code).await?;
        let mut conditions = vec!["t.campaign_id = $1".to_owned()];
        let mut texts: Vec<String> = Vec::new();
        let mut numbers: Vec<i64> = Vec::new();
        // Placeholders are numbered in binding order: the wave, the texts, then the numbers.
        let mut next = 1;
        let mut placeholder = || {
            next += 1;
            next
        };
        if let Some(search) = query.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            texts.push(format!("%{}%", search.to_lowercase()));
            texts.push(format!("{search}%"));
            let (name, code) = (placeholder(), placeholder());
            conditions.push(format!("(LOWER(t.name) LIKE ${name} OR t.code LIKE ${code})"));
        }
        if let Some(departement) = &query.departement {
            texts.push(departement.to_string());
            conditions.push(format!("t.departement = ${}", placeholder()));
        }
        if let Some((min, max)) = query.population {
            numbers.push(i64::try_from(min).unwrap_or(i64::MAX));
            conditions.push(format!("t.population >= ${}", placeholder()));
            if let Some(max) = max {
                numbers.push(i64::try_from(max).unwrap_or(i64::MAX));
                conditions.push(format!("t.population <= ${}", placeholder()));
            }
        }
        match query.standing {
            Some(Standing::NotOpened) => conditions.push("r.status IS NULL".into()),
            Some(Standing::Draft) => {
                conditions.push("r.status = 'partial' AND r.submitted_answers IS NULL".into());
            }
            Some(Standing::Complete) => {
                conditions.push("(r.status = 'complete' OR r.submitted_answers IS NOT NULL)".into());
            }
            None => {}
        }
        let working = "(i.token_hash IS NOT NULL AND i.revoked_at IS NULL)";
        match query.without_link {
            Some(true) => conditions.push(format!("NOT {working}")),
            Some(false) => conditions.push(working.to_owned()),
            None => {}
        }
        let sql = format!(
            "SELECT t.code, t.name, t.nature, t.departement, t.region, t.population, t.communes, \
             r.status, r.updated_at, r.entered_by, \
             CAST(CASE WHEN {working} THEN 1 ELSE 0 END AS BIGINT), \
             CAST(CASE WHEN r.submitted_answers IS NOT NULL THEN 1 ELSE 0 END AS BIGINT), \
             k.email, i.created_at, i.revoked_at, COUNT(*) OVER () \
             FROM target t \
             LEFT JOIN response r ON r.campaign_id = t.campaign_id AND r.respondent = t.code \
             LEFT JOIN invitation i ON i.campaign_id = t.campaign_id AND i.respondent = t.code \
             LEFT JOIN contact k ON k.campaign_id = t.campaign_id AND k.respondent = t.code \
             WHERE {} ORDER BY t.code LIMIT {} OFFSET {}",
            conditions.join(" AND "),
            query.limit.min(10_000),
            query.offset
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id);
        for text in texts {
            q = q.bind(text);
        }
        for n in numbers {
            q = q.bind(n);
        }
        let rows = q.fetch_all(&self.pool).await?;
        let mut total = 0;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            total = u64::try_from(r.try_get::<i64, _>(15)?).unwrap_or(0);
            out.push(TargetRow {
                status: read_status(r)?,
                email: r.try_get(12)?,
                invited_at: crate::moments::read_optional_stamp(r.try_get(13)?)?,
                revoked_at: crate::moments::read_optional_stamp(r.try_get(14)?)?,
            });
        }
        if out.is_empty() && query.offset > 0 {
            // Past the last page: count on its own so the page can say how many there are.
            let empty = TargetQuery { offset: 0, limit: 1, ..query.clone() };
            total = Box::pin(self.target_page(code, &empty)).await?.total;
        }
        Ok(TargetPage { rows: out, total })
    }

    /// How many targets of a wave stand where, in one query.
    pub async fn wave_counts(&self, code: &CampaignCode) -> Result<WaveCounts> {
        let id = self.campaign_id(code).await?;
        let row = sqlx::query(
            "SELECT COUNT(*), \
             COALESCE(SUM(CASE WHEN r.status = 'complete' OR r.submitted_answers IS NOT NULL THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN r.status = 'partial' AND r.submitted_answers IS NULL THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN i.token_hash IS NOT NULL AND i.revoked_at IS NULL THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN k.email IS NOT NULL THEN 1 ELSE 0 END), 0) \
             FROM target t \
             LEFT JOIN response r ON r.campaign_id = t.campaign_id AND r.respondent = t.code \
             LEFT JOIN invitation i ON i.campaign_id = t.campaign_id AND i.respondent = t.code \
             LEFT JOIN contact k ON k.campaign_id = t.campaign_id AND k.respondent = t.code \
             WHERE t.campaign_id = $1",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        let n = |i: usize| -> Result<u64> { Ok(u64::try_from(row.try_get::<i64, _>(i)?).unwrap_or(0)) };
        Ok(WaveCounts { targets: n(0)?, complete: n(1)?, drafts: n(2)?, invited: n(3)?, with_email: n(4)? })
    }

    /// The respondents of a wave whose stored answer is a draft never submitted (a reopened
    /// one counts as answered), ascending: with the complete
    /// answers a server already holds, what a participation map needs (reading every status
    /// of a national wave cost a page a quarter of a second on SQLite).
    pub async fn draft_respondents(&self, code: &CampaignCode) -> Result<Vec<String>> {
        let id = self.campaign_id(code).await?;
        let rows = sqlx::query(
            "SELECT respondent FROM response WHERE campaign_id = $1 AND status = $2 \
                 AND submitted_answers IS NULL ORDER BY respondent",
        )
        .bind(id)
        .bind(ResponseStatus::Partial.code())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    /// Every target of a wave with where it stands, by target code.
    pub async fn target_statuses(&self, code: &CampaignCode) -> Result<Vec<TargetStatus>> {
        // Starting from the wave tells an unknown wave (no row) from one without targets
        // (one row of NULLs) in the same single query.
        let rows = sqlx::query(
            "SELECT t.code, t.name, t.nature, t.departement, t.region, t.population, t.communes, \
             r.status, r.updated_at, r.entered_by, \
             CAST(CASE WHEN i.token_hash IS NOT NULL AND i.revoked_at IS NULL THEN 1 ELSE 0 END AS BIGINT), \
             CAST(CASE WHEN r.submitted_answers IS NOT NULL THEN 1 ELSE 0 END AS BIGINT) \
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
            out.push(read_status(r)?);
        }
        Ok(out)
    }

    /// Turns a submitted answer back into a draft to correct (version raised), keeping the
    /// submitted copy and its submission time apart: the analysis and the exports go on
    /// counting it until the next submit. A draft stays as it is (reopening twice changes
    /// nothing). No answer at all is `NotFound`. Whether the wave is open is the caller's
    /// to check.
    pub async fn reopen_response(&self, code: &CampaignCode, respondent: &str) -> Result<()> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        let changed = sqlx::query(
            "UPDATE response SET status = 'partial', version = version + 1, submitted_answers = answers, \
             updated_at = $1 WHERE campaign_id = $2 AND respondent = $3 AND status = 'complete'",
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
        } else {
            // What the analysis counts did not change, but the wave's version (the cache's
            // key) is raised for every reopening and submit all the same.
            crate::versions::raise(&mut tx, id).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
