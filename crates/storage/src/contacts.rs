//! Contacts of a wave's targets: the person to write to, by email. This is personal data
//! (RGPD): it is held per wave, only for targets, and goes away with the wave.

use crate::error::Result;
use crate::invitations::check_targets;
use crate::{Store, placeholders};
use mutu_domain::codes::CampaignCode;
use serde::Serialize;
use sqlx::{AssertSqlSafe, Row};
use std::collections::BTreeMap;

/// Rows per INSERT.
const CHUNK: usize = 500;

/// Who to write to for one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// The target's code.
    pub respondent: String,
    /// Email address.
    pub email: String,
    /// Name of the person (may be empty).
    pub name: String,
}

impl Store {
    /// Sets the contact of each target given, all or nothing (a respondent given twice
    /// keeps the last); returns how many targets were written. A respondent that is not a
    /// target of the wave is `NotFound`, named, and nothing is written.
    pub async fn import_contacts(&self, code: &CampaignCode, contacts: &[Contact]) -> Result<u64> {
        let id = self.campaign_id(code).await?;
        // One row per respondent: PostgreSQL refuses to upsert the same row twice in one statement.
        let latest: BTreeMap<&str, &Contact> = contacts.iter().map(|c| (c.respondent.as_str(), c)).collect();
        let rows: Vec<&Contact> = latest.into_values().collect();
        let mut tx = self.write().await?;
        check_targets(&mut tx, id, code, rows.iter().map(|c| c.respondent.as_str())).await?;
        for chunk in rows.chunks(CHUNK) {
            let sql = format!(
                "INSERT INTO contact (campaign_id, respondent, email, name) VALUES {} \
                 ON CONFLICT (campaign_id, respondent) DO UPDATE SET email = excluded.email, name = excluded.name",
                placeholders(chunk.len(), 4)
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for c in chunk {
                q = q.bind(id).bind(c.respondent.clone()).bind(c.email.clone()).bind(c.name.clone());
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(rows.len() as u64)
    }

    /// How many targets of a wave have a contact.
    pub async fn contact_count(&self, code: &CampaignCode) -> Result<u64> {
        let id = self.campaign_id(code).await?;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM contact WHERE campaign_id = $1")
            .bind(id)
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(n).unwrap_or_default())
    }

    /// Every contact of a wave, by respondent code.
    pub async fn contacts(&self, code: &CampaignCode) -> Result<Vec<Contact>> {
        let id = self.campaign_id(code).await?;
        sqlx::query("SELECT respondent, email, name FROM contact WHERE campaign_id = $1 ORDER BY respondent")
            .bind(id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok(Contact { respondent: r.try_get(0)?, email: r.try_get(1)?, name: r.try_get(2)? }))
            .collect()
    }

    /// One target's contact, if one was imported.
    pub async fn contact(&self, code: &CampaignCode, respondent: &str) -> Result<Option<Contact>> {
        let id = self.campaign_id(code).await?;
        sqlx::query("SELECT respondent, email, name FROM contact WHERE campaign_id = $1 AND respondent = $2")
            .bind(id)
            .bind(respondent.to_owned())
            .fetch_optional(&self.pool)
            .await?
            .map(|r| Ok(Contact { respondent: r.try_get(0)?, email: r.try_get(1)?, name: r.try_get(2)? }))
            .transpose()
    }
}
