//! A wave as its outputs need it, and the moves of its life: created (definition and
//! targets drawn from the territory), its neighbourhood computed, opened, closed. The
//! command line and the web both go through here, so a wave made by one reads the same in
//! the other.

use crate::error::Result;
use mutu_domain::answers::Response;
use mutu_domain::campaign::Campaign;
use mutu_domain::codes::CampaignCode;
use mutu_domain::lifecycle::CampaignState;
use mutu_storage::{CampaignMeta, Store};
use std::collections::BTreeMap;
use time::Date;

/// A wave as stored: its state, its definition and targets, its answers, the names of the
/// départements.
pub struct Wave {
    /// Name, state and dates.
    pub meta: CampaignMeta,
    /// Definition and targets.
    pub campaign: Campaign,
    /// Every stored answer (the analysis counts only complete ones).
    pub responses: Vec<Response>,
    /// `59` → `Nord`.
    pub departement_names: BTreeMap<String, String>,
}

impl Wave {
    /// Loads the wave `code` with its answers.
    ///
    /// # Errors
    ///
    /// The store's `NotFound` for an unknown wave; any database error.
    pub async fn load(store: &Store, code: &CampaignCode) -> Result<Wave> {
        let (meta, campaign, responses, departement_names) = tokio::try_join!(
            store.campaign_meta(code),
            store.campaign(code),
            store.responses(code),
            store.departement_names()
        )?;
        Ok(Wave { meta, campaign, responses, departement_names })
    }

    /// `Nord (59)`, or the code alone when the name is unknown.
    pub fn departement_label(&self, code: &str) -> String {
        self.departement_names.get(code).map_or_else(|| code.to_owned(), |n| format!("{n} ({code})"))
    }
}

/// Stores a new wave (in preparation) with its announced days, and records who made it.
///
/// # Errors
///
/// The store's `Conflict` when the code is taken, `Invalid` for days in the wrong order.
pub async fn create(
    store: &Store,
    campaign: &Campaign,
    opens_on: Option<Date>,
    closes_on: Option<Date>,
    actor: &str,
) -> Result<()> {
    store.create_campaign(campaign).await?;
    if opens_on.is_some() || closes_on.is_some() {
        store.set_campaign_dates(&campaign.code, opens_on, closes_on).await?;
    }
    store.audit(actor, "campaign.create", campaign.code.as_str()).await?;
    Ok(())
}

/// Computes and stores the neighbourhood of the wave's targets (seconds for a national
/// wave), which the pooling opportunities need; the number of neighbouring pairs, or
/// `None` when the territory has no contours.
///
/// # Errors
///
/// Any database error.
pub async fn compute_neighbourhood(store: &Store, campaign: &Campaign) -> Result<Option<usize>> {
    Ok(store.adjacency_for(campaign).await?.map(|a| a.len()))
}

/// Moves a wave to `state`, recording who did it; `false` when it already was there.
///
/// # Errors
///
/// The store's `NotFound` for an unknown wave.
pub async fn move_to(store: &Store, code: &CampaignCode, state: CampaignState, actor: &str) -> Result<bool> {
    if store.campaign_meta(code).await?.state == state {
        return Ok(false);
    }
    store.set_campaign_state(code, state).await?;
    store.audit(actor, &format!("campaign.{}", state.code()), code.as_str()).await?;
    Ok(true)
}
