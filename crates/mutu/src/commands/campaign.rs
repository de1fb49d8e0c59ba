//! `mutu campaign create|list`.

use super::{campaign_code, display_name, read_file};
use crate::cli::{CampaignCommand, CampaignCreateArgs, Format, Level};
use anyhow::Context;
use mutu_domain::campaign::{Campaign, TargetLevel, build_targets};
use mutu_domain::catalogue::Catalogue;
use mutu_domain::codes::{DepartementCode, RegionCode};
use mutu_domain::questionnaire::Questionnaire;
use mutu_domain::size_class::SizeClasses;
use mutu_storage::{CampaignState, Store};

/// Runs a campaign subcommand.
pub async fn run(store: &Store, command: CampaignCommand) -> anyhow::Result<()> {
    match command {
        CampaignCommand::Create(args) => create(store, args).await,
        CampaignCommand::Invitations(args) => super::invitations::run(store, args).await,
        CampaignCommand::Open { code } => set_state(store, &code, CampaignState::Open).await,
        CampaignCommand::Close { code } => set_state(store, &code, CampaignState::Closed).await,
        CampaignCommand::Outlines { code, output } => super::contours::write_outlines(store, &code, output).await,
        CampaignCommand::List { format } => {
            let list = store.campaigns().await?;
            match format {
                Format::Json => {
                    let rows: Vec<_> = list
                        .iter()
                        .map(|c| {
                            serde_json::json!({"code": c.code, "name": c.name, "level": c.level,
                                "targets": c.targets, "created_at": c.created_at})
                        })
                        .collect();
                    println!("{}", serde_json::to_string_pretty(&rows)?);
                }
                Format::Text => {
                    for c in &list {
                        println!("{}\t{}\t{} cibles ({})\t{}", c.code, c.name, c.targets, c.level.code(), c.created_at);
                    }
                }
            }
            Ok(())
        }
    }
}

async fn set_state(store: &Store, code: &str, state: CampaignState) -> anyhow::Result<()> {
    let code = campaign_code(code)?;
    store.set_campaign_state(&code, state).await?;
    store.audit("cli", &format!("campaign.{}", state.code()), code.as_str()).await?;
    println!("Vague {code} : {}.", state.label());
    Ok(())
}

async fn create(store: &Store, args: CampaignCreateArgs) -> anyhow::Result<()> {
    let code = campaign_code(&args.code)?;
    let catalogue = match &args.catalogue {
        Some(path) => {
            let text = String::from_utf8(read_file(path)?)
                .with_context(|| format!("{} : UTF-8 invalide", display_name(path)))?;
            Catalogue::from_csv(&text).with_context(|| display_name(path))?
        }
        None => Catalogue::default_catalogue(),
    };
    let questionnaire = match &args.questionnaire {
        Some(path) => {
            let text = String::from_utf8(read_file(path)?)
                .with_context(|| format!("{} : UTF-8 invalide", display_name(path)))?;
            Questionnaire::from_toml(&text, &catalogue).with_context(|| display_name(path))?
        }
        None => Questionnaire::default_questionnaire(&catalogue)?,
    };
    let size_classes = if args.size_classes.is_empty() {
        SizeClasses::default()
    } else {
        SizeClasses::from_bounds(&args.size_classes)?
    };
    let regions = args.regions.iter().map(|r| RegionCode::parse(r)).collect::<Result<Vec<_>, _>>()?;
    let departements = args.departements.iter().map(|d| DepartementCode::parse(d)).collect::<Result<Vec<_>, _>>()?;
    let level = match args.targets {
        Level::Epci => TargetLevel::Epci,
        Level::Commune => TargetLevel::Commune,
    };
    let territory = store.territory().await?;
    let targets = build_targets(&territory, level, &regions, &departements)?;
    let campaign = Campaign {
        name: args.name.unwrap_or_else(|| code.to_string()),
        code,
        level,
        size_classes,
        catalogue,
        questionnaire,
        targets,
        population_year: territory.population_year,
    };
    store.create_campaign(&campaign).await?;
    println!(
        "Vague {} créée : {} cibles ({}), questionnaire « {} » v{}.",
        campaign.code,
        campaign.targets.len(),
        level.code(),
        campaign.questionnaire.id,
        campaign.questionnaire.version
    );
    // The neighbourhood of the targets is computed now, once, rather than on the first
    // request for the wave's pooling opportunities (seconds for a national wave).
    if let Some(adjacency) = store.adjacency_for(&campaign).await? {
        println!("Voisinages entre cibles calculés : {} paires.", adjacency.len());
    }
    Ok(())
}
