//! The lifecycle of a survey wave run on the web: drafted (its catalogue and questionnaire
//! may still be edited), open (respondents answer), closed; with the dates announced to them.
//!
//! The definition is frozen once the wave opens, so every answer of a wave was given to the
//! same questionnaire.

use crate::Store;
use crate::error::{Result, StoreError, corrupt};
use mutu_domain::catalogue::Catalogue;
use mutu_domain::codes::CampaignCode;
use mutu_domain::lifecycle::CampaignState;
use mutu_domain::questionnaire::Questionnaire;
use serde::Serialize;
use sqlx::Row;

/// A wave's name, state and dates, without its definition and targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CampaignMeta {
    /// Code.
    pub code: CampaignCode,
    /// Name.
    pub name: String,
    /// State.
    pub state: CampaignState,
    /// Announced opening day.
    #[serde(with = "crate::moments::day::option")]
    pub opens_on: Option<time::Date>,
    /// Announced closing day.
    #[serde(with = "crate::moments::day::option")]
    pub closes_on: Option<time::Date>,
    /// Creation time.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: time::OffsetDateTime,
}

/// Reads a stored state code.
pub(crate) fn parse_state(code: &str) -> Result<CampaignState> {
    CampaignState::parse(code).ok_or_else(|| corrupt(format!("état de vague « {code} »")))
}

impl Store {
    /// Name, state and dates of a wave.
    pub async fn campaign_meta(&self, code: &CampaignCode) -> Result<CampaignMeta> {
        let row = sqlx::query("SELECT name, state, opens_on, closes_on, created_at FROM campaign WHERE code = $1")
            .bind(code.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("la vague {code}")))?;
        Ok(CampaignMeta {
            code: code.clone(),
            name: row.try_get(0)?,
            state: parse_state(&row.try_get::<String, _>(1)?)?,
            opens_on: crate::moments::read_day(row.try_get(2)?)?,
            closes_on: crate::moments::read_day(row.try_get(3)?)?,
            created_at: crate::moments::read_stamp(&row.try_get::<String, _>(4)?)?,
        })
    }

    /// Moves a wave to `state` (any move is allowed: the web layer decides which it offers).
    pub async fn set_campaign_state(&self, code: &CampaignCode, state: CampaignState) -> Result<()> {
        let mut tx = self.write().await?;
        let changed = sqlx::query("UPDATE campaign SET state = $1 WHERE code = $2")
            .bind(state.code())
            .bind(code.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound(format!("la vague {code}")));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Sets (or clears, with `None`) the announced opening and closing days; refuses a wave
    /// that would close before it opens.
    pub async fn set_campaign_dates(
        &self,
        code: &CampaignCode,
        opens_on: Option<time::Date>,
        closes_on: Option<time::Date>,
    ) -> Result<()> {
        if let (Some(o), Some(c)) = (opens_on, closes_on)
            && c < o
        {
            return Err(StoreError::Invalid(format!(
                "la clôture ({}) précède l'ouverture ({})",
                crate::moments::day_text(c),
                crate::moments::day_text(o)
            )));
        }
        let mut tx = self.write().await?;
        let changed = sqlx::query("UPDATE campaign SET opens_on = $1, closes_on = $2 WHERE code = $3")
            .bind(opens_on.map(crate::moments::day_text))
            .bind(closes_on.map(crate::moments::day_text))
            .bind(code.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound(format!("la vague {code}")));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Replaces the catalogue and questionnaire of a wave still in preparation; a wave that
    /// has opened is refused with `Conflict` naming its state.
    pub async fn update_campaign_definition(
        &self,
        code: &CampaignCode,
        catalogue: &Catalogue,
        questionnaire: &Questionnaire,
    ) -> Result<()> {
        let catalogue = serde_json::to_string(catalogue)?;
        let questionnaire = serde_json::to_string(questionnaire)?;
        let mut tx = self.write().await?;
        // The state is checked in the UPDATE itself, so a wave opened meanwhile is never edited.
        let changed =
            sqlx::query("UPDATE campaign SET catalogue = $1, questionnaire = $2 WHERE code = $3 AND state = 'draft'")
                .bind(catalogue)
                .bind(questionnaire)
                .bind(code.to_string())
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if changed == 1 {
            let id = self.campaign_id(code).await?;
            crate::versions::raise(&mut tx, id).await?;
            tx.commit().await?;
            return Ok(());
        }
        let state: Option<String> = sqlx::query_scalar("SELECT state FROM campaign WHERE code = $1")
            .bind(code.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        tx.rollback().await?;
        match state {
            None => Err(StoreError::NotFound(format!("la vague {code}"))),
            Some(state) => Err(StoreError::Conflict(format!(
                "la définition de la vague {code} ({})",
                parse_state(&state)?.label()
            ))),
        }
    }
}
