//! Storage of survey waves: the wave with its catalogue, questionnaire and size classes
//! (as JSON snapshots, so later edits never change it), and its targets.

use crate::{Result, Store, StoreError, now, placeholders};
use mutu_domain::campaign::{Campaign, Target, TargetLevel};
use mutu_domain::catalogue::Catalogue;
use mutu_domain::codes::{CampaignCode, DepartementCode, RegionCode};
use mutu_domain::questionnaire::Questionnaire;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

/// A line of the list of waves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignInfo {
    /// Code.
    pub code: CampaignCode,
    /// Name.
    pub name: String,
    /// Level of the targets.
    pub level: TargetLevel,
    /// Number of targets.
    pub targets: u64,
    /// Creation time.
    pub created_at: time::OffsetDateTime,
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// Reads a target from the first seven columns of a row: code, name, nature, département,
/// région, population, communes.
pub(crate) fn read_target(r: &AnyRow) -> Result<Target> {
    Ok(Target {
        code: r.try_get(0)?,
        name: r.try_get(1)?,
        nature: r.try_get::<Option<String>, _>(2)?.map(|n| n.parse()).transpose().map_err(corrupt)?,
        departement: DepartementCode::parse(&r.try_get::<String, _>(3)?).map_err(corrupt)?,
        region: RegionCode::parse(&r.try_get::<String, _>(4)?).map_err(corrupt)?,
        population: u64::try_from(r.try_get::<i64, _>(5)?).map_err(corrupt)?,
        communes: u64::try_from(r.try_get::<i64, _>(6)?).map_err(corrupt)?,
    })
}

/// The targets as stored on the wave: JSON, sorted by code (byte order on both engines).
fn targets_snapshot(targets: &[Target]) -> Result<String> {
    let mut sorted: Vec<&Target> = targets.iter().collect();
    sorted.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(serde_json::to_string(&sorted)?)
}

impl Store {
    /// Creates a wave and its targets in one transaction; refuses a code already used.
    pub async fn create_campaign(&self, campaign: &Campaign) -> Result<()> {
        let mut tx = self.write().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM campaign WHERE code = $1")
            .bind(campaign.code.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            return Err(StoreError::Conflict(format!("la vague {}", campaign.code)));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO campaign (code, name, level, size_classes, catalogue, questionnaire, population_year, \
             created_at, targets_snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(campaign.code.to_string())
        .bind(campaign.name.clone())
        .bind(campaign.level.code())
        .bind(serde_json::to_string(&campaign.size_classes)?)
        .bind(serde_json::to_string(&campaign.catalogue)?)
        .bind(serde_json::to_string(&campaign.questionnaire)?)
        .bind(campaign.population_year.map(i64::from))
        .bind(now())
        .bind(targets_snapshot(&campaign.targets)?)
        .fetch_one(&mut *tx)
        .await?;
        for chunk in campaign.targets.chunks(1_000) {
            let sql = format!(
                "INSERT INTO target (campaign_id, code, name, nature, departement, region, population, communes) \
                 VALUES {}",
                placeholders(chunk.len(), 8)
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for t in chunk {
                q = q
                    .bind(id)
                    .bind(t.code.clone())
                    .bind(t.name.clone())
                    .bind(t.nature.map(|n| n.code().to_owned()))
                    .bind(t.departement.to_string())
                    .bind(t.region.to_string())
                    .bind(t.population as i64)
                    .bind(t.communes as i64);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Internal id of a wave, or `NotFound` naming it.
    pub(crate) async fn campaign_id(&self, code: &CampaignCode) -> Result<i64> {
        sqlx::query_scalar("SELECT id FROM campaign WHERE code = $1")
            .bind(code.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("la vague {code}")))
    }

    /// The questionnaire and catalogue of a wave, without its targets: what validating one
    /// answer needs, in one row (the respondent's autosave calls it on every save).
    pub async fn campaign_definition(&self, code: &CampaignCode) -> Result<(Questionnaire, Catalogue)> {
        let row = sqlx::query("SELECT questionnaire, catalogue FROM campaign WHERE code = $1")
            .bind(code.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("la vague {code}")))?;
        Ok((serde_json::from_str(&row.try_get::<String, _>(0)?)?, serde_json::from_str(&row.try_get::<String, _>(1)?)?))
    }

    /// A whole wave with its targets.
    pub async fn campaign(&self, code: &CampaignCode) -> Result<Campaign> {
        self.campaign_with(code, None).await
    }

    /// A wave with one target only, or `None` when `respondent` is not one of its targets:
    /// what a respondent's page needs, without reading a national wave's 34 875 targets on
    /// every page view.
    pub async fn campaign_for(&self, code: &CampaignCode, respondent: &str) -> Result<Option<Campaign>> {
        let campaign = self.campaign_with(code, Some(respondent)).await?;
        Ok((!campaign.targets.is_empty()).then_some(campaign))
    }

    async fn campaign_with(&self, code: &CampaignCode, only: Option<&str>) -> Result<Campaign> {
        let snapshot = if only.is_none() { "targets_snapshot" } else { "NULL" };
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT id, name, level, size_classes, catalogue, questionnaire, population_year, {snapshot} \
             FROM campaign WHERE code = $1"
        )))
        .bind(code.to_string())
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("la vague {code}")))?;
        let id: i64 = row.try_get(0)?;
        let level: String = row.try_get(2)?;
        let targets = match only {
            // The whole wave: its snapshot, one row (a national wave's 34 875 rows took as
            // long to read as all of its answers).
            None => {
                let text: Option<&str> = row.try_get(7)?;
                serde_json::from_str(text.ok_or_else(|| corrupt(format!("cibles de la vague {code}")))?)?
            }
            Some(respondent) => sqlx::query(
                "SELECT code, name, nature, departement, region, population, communes FROM target \
                 WHERE campaign_id = $1 AND code = $2",
            )
            .bind(id)
            .bind(respondent.to_owned())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(read_target)
            .collect::<Result<Vec<_>>>()?,
        };
        Ok(Campaign {
            code: code.clone(),
            name: row.try_get(1)?,
            level: TargetLevel::parse(&level).ok_or_else(|| corrupt(format!("niveau « {level} »")))?,
            size_classes: serde_json::from_str(row.try_get::<&str, _>(3)?)?,
            catalogue: serde_json::from_str(row.try_get::<&str, _>(4)?)?,
            questionnaire: serde_json::from_str(row.try_get::<&str, _>(5)?)?,
            targets,
            population_year: row.try_get::<Option<i64>, _>(6)?.map(|y| y as i32),
        })
    }

    /// Every wave, newest first.
    pub async fn campaigns(&self) -> Result<Vec<CampaignInfo>> {
        sqlx::query(
            "SELECT c.code, c.name, c.level, c.created_at, \
             (SELECT COUNT(*) FROM target t WHERE t.campaign_id = c.id) \
             FROM campaign c ORDER BY c.created_at DESC, c.code",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let level: String = r.try_get(2)?;
            Ok(CampaignInfo {
                code: CampaignCode::parse(&r.try_get::<String, _>(0)?).map_err(corrupt)?,
                name: r.try_get(1)?,
                level: TargetLevel::parse(&level).ok_or_else(|| corrupt(format!("niveau « {level} »")))?,
                created_at: crate::moments::read_stamp(&r.try_get::<String, _>(3)?)?,
                targets: u64::try_from(r.try_get::<i64, _>(4)?).unwrap_or(0),
            })
        })
        .collect()
    }
}
