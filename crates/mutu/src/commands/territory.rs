//! `mutu territory import|contours|summary`.

use super::Format;
use super::{display_name, read_file, spinner};
use anyhow::bail;
use clap::{Args, Subcommand};
use mutu_domain::codes::RegionCode;
use mutu_domain::size_class::thousands;
use mutu_domain::territory::TerritorySummary;
use mutu_import::{BUNDLED_REFERENTIAL, NationalOptions, read_national_bundle, read_national_dir, read_territory_csv};
use mutu_storage::Store;
use std::path::PathBuf;

/// `mutu territory …`
#[derive(Debug, Subcommand)]
pub enum TerritoryCommand {
    /// Importe un territoire : un fichier CSV (kind,code,name,region,departement,epci,population),
    /// un dossier des fichiers JSON de @etalab/decoupage-administratif, ou le référentiel
    /// national embarqué (--bundled).
    Import(TerritoryImportArgs),
    /// Importe des contours de communes (GeoJSON FeatureCollection, WGS84) pour un territoire
    /// sur mesure, tout ou rien ; le référentiel national a déjà les siens.
    Contours(super::contours::ContoursArgs),
    /// Compte les régions, départements, EPCI, communes et la population.
    Summary {
        /// Format de sortie.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// Arguments of `mutu territory import`.
#[derive(Debug, Args)]
pub struct TerritoryImportArgs {
    /// Fichier CSV du territoire, ou dossier des fichiers JSON (regions.json, departements.json,
    /// epci.json, communes.json).
    #[arg(required_unless_present = "bundled", conflicts_with = "bundled")]
    pub source: Option<PathBuf>,
    /// Importe le référentiel national embarqué dans mutu (INSEE, DGCL, Licence Ouverte 2.0).
    #[arg(long)]
    pub bundled: bool,
    /// Garde une seule région (code INSEE, ex. 32) et les EPCI dont le département principal
    /// s'y trouve, avec toutes leurs communes (référentiel national seulement).
    #[arg(long)]
    pub region: Option<String>,
    /// Garde aussi les collectivités d'outre-mer (référentiel national seulement).
    #[arg(long)]
    pub with_com: bool,
    /// Année de référence des populations d'un fichier CSV (ex. 2011).
    #[arg(long)]
    pub population_year: Option<i32>,
}

/// Runs a territory subcommand.
pub async fn run(store: &Store, command: TerritoryCommand) -> anyhow::Result<()> {
    match command {
        TerritoryCommand::Import(args) => import(store, args).await,
        TerritoryCommand::Contours(args) => super::contours::import_file(store, args).await,
        TerritoryCommand::Summary { format } => {
            let summary = store.territory_summary().await?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&summary)?),
                Format::Text => print!("{}", summary_text(&summary)),
            }
            Ok(())
        }
    }
}

async fn import(store: &Store, args: TerritoryImportArgs) -> anyhow::Result<()> {
    let options = NationalOptions {
        region: args.region.as_deref().map(RegionCode::parse).transpose()?,
        include_com: args.with_com,
    };
    let bar = spinner("Lecture du territoire…");
    let mut territory = match &args.source {
        None => read_national_bundle(BUNDLED_REFERENTIAL, &options)?,
        Some(dir) if dir.is_dir() => read_national_dir(dir, &options)?,
        Some(file) => {
            if options.region.is_some() || options.include_com {
                bail!("--region et --with-com s'appliquent au référentiel national (dossier JSON ou --bundled)");
            }
            read_territory_csv(&display_name(file), &read_file(file)?)?
        }
    };
    if let Some(year) = args.population_year {
        territory.population_year = Some(year);
    }
    bar.set_message("Écriture dans la base…");
    store.import_territory(&territory).await?;
    bar.finish_and_clear();
    let s = territory.summary();
    println!(
        "Territoire importé : {} régions, {} départements, {} EPCI, {} communes, {} habitants.",
        s.regions,
        s.departements,
        s.epci,
        thousands(s.communes),
        thousands(s.population)
    );
    super::contours::join_bundled(store, &territory).await
}

fn summary_text(s: &TerritorySummary) -> String {
    let year = s.population_year.map_or_else(String::new, |y| format!(" (population {y})"));
    format!(
        "Régions        {}\nDépartements   {}\nEPCI           {}\nCommunes       {}\nPopulation     {}{year}\n",
        s.regions,
        s.departements,
        s.epci,
        thousands(s.communes),
        thousands(s.population)
    )
}
