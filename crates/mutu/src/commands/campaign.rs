//! `mutu campaign create|list`.

use super::Format;
use super::invitations::InvitationsArgs;
use super::{campaign_code, display_name, read_file, spinner};
use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use mutu_app::waves;
use mutu_domain::campaign::{Campaign, TargetLevel, build_targets};
use mutu_domain::catalogue::Catalogue;
use mutu_domain::codes::{DepartementCode, RegionCode};
use mutu_domain::lifecycle::CampaignState;
use mutu_domain::questionnaire::Questionnaire;
use mutu_domain::size_class::SizeClasses;
use mutu_storage::Store;
use std::path::PathBuf;

/// `mutu campaign …`
#[derive(Debug, Subcommand)]
pub enum CampaignCommand {
    /// Crée une vague : une cible par EPCI (ou commune) du territoire ou des zones données.
    Create(CampaignCreateArgs),
    /// Émet les liens d'invitation personnels : CSV respondent,name,email,url. Les liens sont
    /// conservés hachés : les émettre remplace les précédents (sauf --only-new).
    Invitations(InvitationsArgs),
    /// Ouvre une vague aux réponses.
    Open {
        /// Code de la vague.
        code: String,
    },
    /// Ferme une vague.
    Close {
        /// Code de la vague.
        code: String,
    },
    /// Liste les vagues.
    List {
        /// Format de sortie.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Écrit le contour de chaque cible de la vague en GeoJSON (WGS84) : les contours des
    /// communes d'un EPCI dissous en un seul, pour un SIG ou une carte sur mesure.
    Outlines {
        /// Code de la vague.
        code: String,
        /// Fichier GeoJSON à écrire ; sinon la sortie standard.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// Levels a wave can target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    /// Les EPCI à fiscalité propre.
    Epci,
    /// Les communes.
    Commune,
}

/// Arguments of `mutu campaign create`.
#[derive(Debug, Args)]
pub struct CampaignCreateArgs {
    /// Code de la vague (a-z, 0-9, - et _), ex. npdc-2014.
    pub code: String,
    /// Nom de la vague.
    #[arg(long)]
    pub name: Option<String>,
    /// Questionnaire (TOML, voir docs/questionnaire.md) ; défaut : celui de l'étude de 2014.
    #[arg(long)]
    pub questionnaire: Option<PathBuf>,
    /// Catalogue (CSV kind,code,theme,label) ; défaut : le catalogue de mutu.
    #[arg(long)]
    pub catalogue: Option<PathBuf>,
    /// Niveau des cibles.
    #[arg(long, value_enum, default_value = "epci")]
    pub targets: Level,
    /// Restreint aux régions données (répétable).
    #[arg(long = "region")]
    pub regions: Vec<String>,
    /// Restreint aux départements donnés (répétable).
    #[arg(long = "departement")]
    pub departements: Vec<String>,
    /// Bornes des classes de taille, ex. 10000,25000,90000 (défaut : celles de l'étude).
    #[arg(long, value_delimiter = ',')]
    pub size_classes: Vec<u64>,
}

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
    waves::move_to(store, &code, state, "cli").await?;
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
    waves::create(store, &campaign, None, None, "cli").await?;
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
    let bar = spinner("Voisinages des cibles…");
    let pairs = waves::compute_neighbourhood(store, &campaign).await;
    bar.finish_and_clear();
    if let Some(pairs) = pairs? {
        println!("Voisinages entre cibles calculés : {pairs} paires.");
    }
    println!(
        "Elle est en préparation : ses liens d'invitation fonctionneront dès son ouverture (mutu campaign open {}).",
        campaign.code
    );
    Ok(())
}
