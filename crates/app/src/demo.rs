//! The demo's data: the bundled referential of the Hauts-de-France region with its commune
//! contours, the default catalogue and questionnaire, one open wave over its EPCI filled
//! with clearly labelled fictitious answers, and its neighbourhood computed, so the demo's
//! maps and pooling opportunities show from its first page.

use crate::error::Result;
use crate::territory::join_bundled_contours;
use crate::waves;
use mutu_domain::campaign::{Campaign, TargetLevel, build_targets};
use mutu_domain::catalogue::Catalogue;
use mutu_domain::codes::{CampaignCode, RegionCode};
use mutu_domain::lifecycle::CampaignState;
use mutu_domain::questionnaire::Questionnaire;
use mutu_domain::size_class::SizeClasses;
use mutu_domain::synth::synthesise;
use mutu_import::{BUNDLED_REFERENTIAL, NationalOptions, read_national_bundle};
use mutu_storage::Store;

/// Code of the demo wave.
pub const DEMO_CAMPAIGN: &str = "demo-hdf";
/// The Hauts-de-France région.
pub const DEMO_REGION: &str = "32";
/// The demo lead's login.
pub const DEMO_LEAD: &str = "chargee.mission@demo.mutu.invalid";

/// Fills a new demo database: referential and contours, wave, fictitious answers,
/// neighbourhood, opened. Does nothing when the wave is already there (a kept `--dir`).
///
/// # Errors
///
/// Any error of the bundled data or the database.
pub async fn load(store: &Store) -> Result<CampaignCode> {
    let code = CampaignCode::parse(DEMO_CAMPAIGN)?;
    if store.campaign_meta(&code).await.is_ok() {
        return Ok(code);
    }
    let region = RegionCode::parse(DEMO_REGION)?;
    let options = NationalOptions { region: Some(region.clone()), include_com: false };
    let territory = read_national_bundle(BUNDLED_REFERENTIAL, &options)?;
    store.import_territory(&territory).await?;
    join_bundled_contours(store, &territory).await?;
    let catalogue = Catalogue::default_catalogue();
    let campaign = Campaign {
        code: code.clone(),
        name: "Démonstration — EPCI des Hauts-de-France (réponses fictives)".into(),
        level: TargetLevel::Epci,
        size_classes: SizeClasses::default(),
        questionnaire: Questionnaire::default_questionnaire(&catalogue)?,
        catalogue,
        targets: build_targets(&territory, TargetLevel::Epci, &[region], &[])?,
        population_year: territory.population_year,
    };
    waves::create(store, &campaign, None, None, "demo").await?;
    store.import_responses(&code, &synthesise(&campaign, 2026, 0.6)).await?;
    waves::compute_neighbourhood(store, &campaign).await?;
    waves::move_to(store, &code, CampaignState::Open, "demo").await?;
    Ok(code)
}
