//! Storage of answers: bulk import (last one wins), and the versioned draft / submit cycle
//! of the respondent's form, where a stale save is refused instead of overwriting a colleague.
//!
//! A submitted answer reopened while its wave is open keeps its submitted copy apart
//! (`submitted_answers`, with its `submitted_at`) while `answers` becomes the draft being
//! edited: what the analysis and every export read ([`Store::responses`] and its kin) is that
//! copy, as complete, until the body submits again; the respondent's own pages
//! ([`Store::response`]) read the draft.

use crate::{Result, Store, StoreError, now, placeholders};
use futures_util::{Stream, StreamExt, TryStreamExt};
use mutu_domain::answers::{Answers, Response, ResponseStatus};
use mutu_domain::codes::CampaignCode;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

/// A response as stored, with its version for optimistic concurrency.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResponse {
    /// The response.
    pub response: Response,
    /// Version, raised by every write; saves carry the version they started from.
    pub version: i64,
    /// Last write.
    pub updated_at: time::OffsetDateTime,
    /// When the answer is a reopened one: when its submitted copy, the one the analysis
    /// still counts, was submitted.
    pub reopened_from: Option<time::OffsetDateTime>,
}

fn read_row(row: &AnyRow) -> Result<StoredResponse> {
    let status: &str = row.try_get(1)?;
    let answers: &str = row.try_get(3)?;
    Ok(StoredResponse {
        response: Response {
            respondent: row.try_get(0)?,
            status: ResponseStatus::parse(status).ok_or_else(|| StoreError::Corrupt(format!("statut « {status} »")))?,
            submitted_at: crate::moments::read_optional_stamp(row.try_get(4)?)?,
            answers: serde_json::from_str::<Answers>(answers)?,
        },
        version: row.try_get(2)?,
        updated_at: crate::moments::read_stamp(row.try_get(5)?)?,
        reopened_from: crate::moments::read_optional_stamp(row.try_get(6)?)?,
    })
}

/// Rows decoded together on a blocking thread while the database sends the next ones.
const BATCH: usize = 2_048;

/// Decodes a batch of rows into responses.
fn decode_batch(rows: &[AnyRow]) -> Result<Vec<Response>> {
    rows.iter().map(|row| read_row(row).map(|s| s.response)).collect()
}

/// A response as its own pages read it: a reopened answer is the draft being edited.
const COLUMNS: &str = "respondent, status, version, answers, \
     CASE WHEN submitted_answers IS NULL THEN submitted_at END, updated_at, \
     CASE WHEN submitted_answers IS NOT NULL THEN submitted_at END";

/// A response as the analysis and the exports read it: a reopened answer is its last
/// submitted version, complete.
const COUNTED: &str = "respondent, CASE WHEN submitted_answers IS NOT NULL THEN 'complete' ELSE status END, \
     version, COALESCE(submitted_answers, answers), submitted_at, updated_at, \
     CASE WHEN submitted_answers IS NOT NULL THEN submitted_at END";

/// Rows counted as answered: complete, or reopened with a submitted copy kept.
pub(crate) const ANSWERED: &str = "(status = 'complete' OR submitted_answers IS NOT NULL)";

impl Store {
    /// Replaces the answers of each respondent given, all or nothing; returns how many.
    pub async fn import_responses(&self, code: &CampaignCode, responses: &[Response]) -> Result<u64> {
        let id = self.campaign_id(code).await?;
        let updated_at = now();
        let mut tx = self.write().await?;
        for chunk in responses.chunks(500) {
            let sql = format!(
                "INSERT INTO response (campaign_id, respondent, status, version, answers, submitted_at, updated_at) \
                 VALUES {} ON CONFLICT (campaign_id, respondent) DO UPDATE SET status = excluded.status, \
                 version = response.version + 1, answers = excluded.answers, submitted_answers = NULL, \
                 submitted_at = excluded.submitted_at, updated_at = excluded.updated_at",
                placeholders(chunk.len(), 7)
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for r in chunk {
                q = q
                    .bind(id)
                    .bind(r.respondent.clone())
                    .bind(r.status.code())
                    .bind(1_i64)
                    .bind(serde_json::to_string(&r.answers)?)
                    .bind(r.submitted_at.map(crate::moments::stamp))
                    .bind(updated_at.clone());
            }
            q.execute(&mut *tx).await.map_err(|e| match e {
                sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                    StoreError::NotFound("un des répondants parmi les cibles de la vague".into())
                }
                other => other.into(),
            })?;
        }
        crate::versions::raise(&mut tx, id).await?;
        tx.commit().await?;
        Ok(responses.len() as u64)
    }

    /// Every response of a wave, by respondent code, as the analysis counts them: a reopened
    /// answer is its last submitted version, complete.
    pub async fn responses(&self, code: &CampaignCode) -> Result<Vec<Response>> {
        Ok(self.stored_responses(code).await?.into_iter().map(|s| s.response).collect())
    }

    /// Every response of a wave with versions, by respondent code.
    pub async fn stored_responses(&self, code: &CampaignCode) -> Result<Vec<StoredResponse>> {
        self.response_stream(code).await?.try_collect().await
    }

    /// The complete responses of a wave, by respondent code: all the analysis counts, so a
    /// national wave's drafts are never read nor decoded for it.
    pub async fn complete_responses(&self, code: &CampaignCode) -> Result<Vec<Response>> {
        let id = self.campaign_id(code).await?;
        let sql = format!("SELECT {COUNTED} FROM response WHERE campaign_id = $1 AND {ANSWERED} ORDER BY respondent");
        // Decoding the answers' JSON is most of the cost of reading a national wave
        // (docs/performance.md) and rows decode independently: batches are decoded on the
        // blocking threads while the database sends the next rows.
        let mut rows = sqlx::query(AssertSqlSafe(sql)).bind(id).fetch(&self.pool);
        let mut batches = Vec::new();
        let mut batch = Vec::with_capacity(BATCH);
        while let Some(row) = rows.try_next().await? {
            batch.push(row);
            if batch.len() == BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                batches.push(tokio::task::spawn_blocking(move || decode_batch(&full)));
            }
        }
        batches.push(tokio::task::spawn_blocking(move || decode_batch(&batch)));
        let mut responses = Vec::new();
        for decoded in batches {
            let decoded =
                decoded.await.map_err(|e| StoreError::Corrupt(format!("décodage des réponses interrompu : {e}")))?;
            responses.extend(decoded?);
        }
        Ok(responses)
    }

    /// Every response of a wave, by respondent code, decoded one row at a time as the
    /// database sends it: an export of a national wave holds one response in memory, not
    /// the wave. A reopened answer is its last submitted version, complete.
    pub async fn response_stream(
        &self,
        code: &CampaignCode,
    ) -> Result<impl Stream<Item = Result<StoredResponse>> + Send + '_> {
        let id = self.campaign_id(code).await?;
        let sql = format!("SELECT {COUNTED} FROM response WHERE campaign_id = $1 ORDER BY respondent");
        Ok(sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .fetch(&self.pool)
            .map(|row| row.map_err(StoreError::from).and_then(|row| read_row(&row))))
    }

    /// One respondent's response, if any, as their own pages read it: a reopened answer is
    /// the draft being edited (its submitted copy counted meanwhile is [`Store::responses`]'s).
    pub async fn response(&self, code: &CampaignCode, respondent: &str) -> Result<Option<StoredResponse>> {
        let id = self.campaign_id(code).await?;
        let sql = format!("SELECT {COLUMNS} FROM response WHERE campaign_id = $1 AND respondent = $2");
        sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .bind(respondent.to_owned())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(read_row)
            .transpose()
    }

    /// Saves a draft if the stored version is still `expected` (0 when nothing is stored
    /// yet); returns the new version. A stale version or a submitted answer is refused.
    pub async fn save_draft(
        &self,
        code: &CampaignCode,
        respondent: &str,
        answers: &Answers,
        expected: i64,
    ) -> Result<i64> {
        self.save_draft_as(code, respondent, answers, expected, None).await
    }

    /// [`Store::save_draft`], recording who typed the answers: `Some(email)` of the lead
    /// entering a paper questionnaire on the respondent's behalf, `None` for the respondent.
    /// It records the last writer: a later save by the respondent clears it.
    pub async fn save_draft_as(
        &self,
        code: &CampaignCode,
        respondent: &str,
        answers: &Answers,
        expected: i64,
        entered_by: Option<&str>,
    ) -> Result<i64> {
        let entered_by = entered_by.map(str::to_owned);
        let id = self.campaign_id(code).await?;
        let json = serde_json::to_string(answers)?;
        let mut tx = self.write().await?;
        // The version check is part of each write's WHERE clause, so two agents saving from
        // the same version cannot both succeed, whatever the engine's isolation level.
        let written = if expected == 0 {
            sqlx::query(
                "INSERT INTO response (campaign_id, respondent, status, version, answers, updated_at, entered_by) \
                 VALUES ($1, $2, 'partial', 1, $3, $4, $5) ON CONFLICT (campaign_id, respondent) DO NOTHING",
            )
            .bind(id)
            .bind(respondent.to_owned())
            .bind(json)
            .bind(now())
            .bind(entered_by)
            .execute(&mut *tx)
            .await?
        } else {
            sqlx::query(
                "UPDATE response SET answers = $1, version = version + 1, updated_at = $2, entered_by = $3 \
                 WHERE campaign_id = $4 AND respondent = $5 AND version = $6 AND status <> 'complete'",
            )
            .bind(json)
            .bind(now())
            .bind(entered_by)
            .bind(id)
            .bind(respondent.to_owned())
            .bind(expected)
            .execute(&mut *tx)
            .await?
        };
        if written.rows_affected() == 1 {
            tx.commit().await?;
            return Ok(expected + 1);
        }
        let current: Option<(i64, String)> =
            sqlx::query("SELECT version, status FROM response WHERE campaign_id = $1 AND respondent = $2")
                .bind(id)
                .bind(respondent.to_owned())
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?)))
                .transpose()?;
        tx.rollback().await?;
        match current {
            Some((version, status)) if version == expected && status == ResponseStatus::Complete.code() => {
                Err(StoreError::Conflict("une réponse transmise".into()))
            }
            Some((version, _)) => Err(StoreError::StaleVersion { current: version }),
            None => Err(StoreError::StaleVersion { current: 0 }),
        }
    }

    /// Marks a respondent's answers complete; submitting again changes nothing. A reopened
    /// answer's draft becomes the submitted version, and its kept copy goes.
    pub async fn submit(&self, code: &CampaignCode, respondent: &str) -> Result<StoredResponse> {
        Ok(self.submit_once(code, respondent).await?.0)
    }

    /// [`Store::submit`], saying whether this call submitted (`false` when the answer was
    /// already submitted): what is done once per submit, a receipt mailed, hangs on it.
    pub async fn submit_once(&self, code: &CampaignCode, respondent: &str) -> Result<(StoredResponse, bool)> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        let stamp = now();
        let changed = sqlx::query(
            "UPDATE response SET status = 'complete', version = version + 1, submitted_at = $1, updated_at = $1, \
             submitted_answers = NULL WHERE campaign_id = $2 AND respondent = $3 AND status <> 'complete'",
        )
        .bind(stamp)
        .bind(id)
        .bind(respondent.to_owned())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed > 0 {
            crate::versions::raise(&mut tx, id).await?;
        }
        tx.commit().await?;
        let stored = self
            .response(code, respondent)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("la réponse de {respondent}")))?;
        tracing::debug!(changed, "submit");
        Ok((stored, changed > 0))
    }
}
