//! `mutu demo`: the embedded default. A SQLite database in a temporary (or given) folder,
//! the bundled referential of the Hauts-de-France region, the default catalogue and
//! questionnaire, one open wave over its EPCI filled with clearly labelled fictitious
//! answers, a demo lead account whose password is printed, then the server.

use crate::cli::DemoArgs;
use anyhow::Context;
use mutu_domain::campaign::{Campaign, TargetLevel, build_targets};
use mutu_domain::catalogue::Catalogue;
use mutu_domain::codes::{CampaignCode, RegionCode};
use mutu_domain::questionnaire::Questionnaire;
use mutu_domain::size_class::SizeClasses;
use mutu_domain::synth::synthesise;
use mutu_import::{BUNDLED_REFERENTIAL, NationalOptions, read_national_bundle};
use mutu_storage::{CampaignState, Role, Store};
use mutu_web::lead::{InvitationScope, hash_password, issue_invitations};
use mutu_web::{AppConfig, AppState};

/// Code of the demo wave.
pub const DEMO_CAMPAIGN: &str = "demo-hdf";
/// The Hauts-de-France région.
const REGION: &str = "32";
/// The demo lead's login.
pub const DEMO_LEAD: &str = "chargee.mission@demo.mutu.invalid";

/// Runs `mutu demo`.
pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let (dir, _kept) = match &args.dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("création de {}", dir.display()))?;
            (dir.clone(), None)
        }
        None => {
            let tmp = tempfile::Builder::new().prefix("mutu-demo-").tempdir()?;
            (tmp.path().to_path_buf(), Some(tmp))
        }
    };
    let db = format!("sqlite://{}", dir.join("mutu-demo.db").display());
    let store = Store::open(&db).await?;
    let code = CampaignCode::parse(DEMO_CAMPAIGN)?;
    if store.campaign_meta(&code).await.is_err() {
        load(&store, &code).await?;
    }
    let password = mutu_web::security::random_token()[..16].to_owned();
    store.set_user_password(DEMO_LEAD, Role::Lead, &hash_password(&password)?).await?;
    let config = AppConfig::new(&format!("http://{}", args.bind));
    let state = AppState::new(store.clone(), config.clone())?;
    let statuses = store.target_statuses(&code).await?;
    let silent: Vec<String> =
        statuses.iter().filter(|s| s.status.is_none()).take(3).map(|s| s.target.code.clone()).collect();
    let mut links = Vec::new();
    for respondent in silent {
        links.extend(issue_invitations(&state, &code, InvitationScope::One(respondent)).await?);
    }
    println!("Base de démonstration : {db}");
    println!("Vague « {DEMO_CAMPAIGN} » : EPCI des Hauts-de-France, réponses FICTIVES (générées par mutu synth).");
    println!();
    println!("Ouvrez {}/connexion", config.public_url);
    println!("  identifiant : {DEMO_LEAD}");
    println!("  mot de passe : {password}");
    println!();
    println!("Liens d'invitation de quelques EPCI qui n'ont pas encore répondu (à ouvrir dans un autre navigateur) :");
    for link in &links {
        println!("  {} — {}", link.name, link.url);
    }
    println!();
    super::serve::serve(store, config, &args.bind).await
}

/// Fills a new demo database: referential, wave, fictitious answers, opened.
async fn load(store: &Store, code: &CampaignCode) -> anyhow::Result<()> {
    let region = RegionCode::parse(REGION)?;
    let options = NationalOptions { region: Some(region.clone()), include_com: false };
    let territory = read_national_bundle(BUNDLED_REFERENTIAL, &options)?;
    store.import_territory(&territory).await?;
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
    store.create_campaign(&campaign).await?;
    store.import_responses(code, &synthesise(&campaign, 2026, 0.6)).await?;
    store.set_campaign_state(code, CampaignState::Open).await?;
    Ok(())
}
