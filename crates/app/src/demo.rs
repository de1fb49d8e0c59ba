//! The demo's data: the bundled referential of the Hauts-de-France region with its commune
//! contours, the default catalogue and questionnaire, one open wave over its EPCI filled
//! with clearly labelled fictitious answers, and its neighbourhood computed, so the demo's
//! maps and pooling opportunities show from its first page; one working group drawn from
//! its first opportunity shows where the study leads.

use crate::error::{AppError, Result};
use crate::territory::join_bundled_contours;
use crate::waves;
use mutu_domain::campaign::{Campaign, TargetLevel, build_targets};
use mutu_domain::catalogue::{Catalogue, OptionList};
use mutu_domain::codes::{CampaignCode, CatalogueCode, Day, RegionCode};
use mutu_domain::groups::{Facilitator, FacilitatorKind, GroupStatus, NewGroup, Note, NoteKind, Subject};
use mutu_domain::lifecycle::CampaignState;
use mutu_domain::opportunities::CostModel;
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
    working_group(store, &campaign).await?;
    waves::move_to(store, &code, CampaignState::Open, "demo").await?;
    Ok(code)
}

/// The demo's working group: the first group of the best-ranked service's opportunities,
/// formed, led by the Région, with one decision.
async fn working_group(store: &Store, campaign: &Campaign) -> Result<()> {
    let responses = store.responses(&campaign.code).await?;
    let costs = CostModel::default_model(&campaign.catalogue)?;
    let Some(found) = crate::opportunities::compute(store, campaign, &responses, &costs).await? else { return Ok(()) };
    let Some(service) =
        found.ranking.iter().find_map(|s| found.services.iter().find(|o| &o.service == s && !o.groups.is_empty()))
    else {
        return Ok(());
    };
    let label = campaign.catalogue.label(OptionList::Services, &service.service);
    let subject = Subject::Service(CatalogueCode::parse(&service.service)?);
    let name = format!("Démonstration — {label}, groupe 1");
    let mut group = NewGroup::new(campaign, &name, subject, &service.groups[0].members)
        .map_err(|e| AppError::Invalid(e.to_string()))?;
    group.status = GroupStatus::Formed;
    group.facilitator = Some(Facilitator { kind: FacilitatorKind::Region, name: "Région Hauts-de-France".into() });
    group.notes.push(Note {
        date: Day::parse("2026-11-20")?,
        kind: NoteKind::Decision,
        text: "Réunion de lancement (fictive) : étudier un groupement de commandes.".into(),
    });
    store.create_group(&group).await?;
    Ok(())
}
