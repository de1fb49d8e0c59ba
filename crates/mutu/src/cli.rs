//! The command line of `mutu`, as fixed by `interfaces.md`; help texts in French.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// mutu — observatoire de la mutualisation des services numériques des collectivités.
///
/// Charge le territoire (régions, départements, EPCI, communes), ouvre des vagues d'enquête,
/// importe les réponses et calcule les chiffres de l'étude.
#[derive(Debug, Parser)]
#[command(name = "mutu", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    /// Base de données : sqlite://CHEMIN (défaut : sqlite://mutu.db) ou postgres://…
    #[arg(long, global = true, env = "MUTU_DATABASE_URL", default_value = "sqlite://mutu.db")]
    pub db: String,

    /// Ce qu'il faut faire.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Le territoire : import du référentiel et résumé.
    #[command(subcommand)]
    Territory(TerritoryCommand),
    /// Les vagues d'enquête.
    #[command(subcommand)]
    Campaign(CampaignCommand),
    /// Les réponses d'une vague : import et export.
    #[command(subcommand)]
    Responses(ResponsesCommand),
    /// Calcule et affiche l'analyse d'une vague (tous les chiffres de l'étude).
    Analyse(AnalyseArgs),
    /// Remplit une vague de réponses FICTIVES (démonstration, bancs d'essai) : répondant
    /// « Répondant fictif », courriel fictif-CODE@example.invalid. Remplace les réponses des
    /// cibles tirées ; celles des autres cibles restent en place.
    Synth(SynthArgs),
}

/// Output formats of reports on the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tableaux lisibles.
    Text,
    /// JSON (sur la sortie standard, et rien d'autre).
    Json,
}

/// `mutu territory …`
#[derive(Debug, Subcommand)]
pub enum TerritoryCommand {
    /// Importe un territoire : un fichier CSV (kind,code,name,region,departement,epci,population),
    /// un dossier des fichiers JSON de @etalab/decoupage-administratif, ou le référentiel
    /// national embarqué (--bundled).
    Import(TerritoryImportArgs),
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

/// `mutu campaign …`
#[derive(Debug, Subcommand)]
pub enum CampaignCommand {
    /// Crée une vague : une cible par EPCI (ou commune) du territoire ou des zones données.
    Create(CampaignCreateArgs),
    /// Liste les vagues.
    List {
        /// Format de sortie.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
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

/// `mutu responses …`
#[derive(Debug, Subcommand)]
pub enum ResponsesCommand {
    /// Importe des réponses (un document JSON par ligne) ; tout ou rien.
    Import {
        /// Code de la vague.
        #[arg(long)]
        campaign: String,
        /// Fichier JSON lines.
        file: PathBuf,
    },
    /// Exporte les réponses (jsonl, csv pour Excel, xlsx).
    Export(ExportArgs),
}

/// Export formats of answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Un document JSON par ligne.
    Jsonl,
    /// CSV pour Excel en français (UTF-8 avec BOM, « ; »).
    Csv,
    /// Classeur Excel.
    Xlsx,
}

/// Arguments of `mutu responses export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Code de la vague.
    #[arg(long)]
    pub campaign: String,
    /// Format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportFormat,
    /// Fichier de sortie (défaut : sortie standard ; obligatoire pour xlsx).
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// Inclut les données personnelles (nom, fonction, courriel des répondants).
    #[arg(long)]
    pub include_personal: bool,
}

/// Arguments of `mutu analyse`.
#[derive(Debug, Args)]
pub struct AnalyseArgs {
    /// Code de la vague.
    #[arg(long)]
    pub campaign: String,
    /// Format de sortie.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Ne garde que les cibles de ces départements (répétable).
    #[arg(long = "departement")]
    pub departements: Vec<String>,
    /// Ne garde que ces classes de taille (lt10k, 10k_25k, 25k_90k, ge90k ; répétable).
    #[arg(long = "size-class")]
    pub size_classes: Vec<String>,
    /// Ne garde que ces natures d'EPCI (CC, CA, CU, METRO ; répétable).
    #[arg(long = "nature")]
    pub natures: Vec<String>,
    /// Compare avec une vague antérieure du même territoire.
    #[arg(long)]
    pub compare: Option<String>,
}

/// Arguments of `mutu synth`.
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Code de la vague à remplir de réponses fictives.
    #[arg(long)]
    pub campaign: String,
    /// Graine du tirage : la même graine donne les mêmes réponses fictives.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Part des cibles avec une réponse complète, entre 0 et 1 (un dixième des autres reçoit
    /// un brouillon).
    #[arg(long, default_value_t = mutu_domain::synth::DEFAULT_COMPLETION, value_parser = parse_rate)]
    pub completion: f64,
}

/// Reads a rate between 0 and 1 (`0.7`, or `0,7` as French users type it).
fn parse_rate(value: &str) -> Result<f64, String> {
    match value.trim().replace(',', ".").parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!("« {value} » : un taux entre 0 et 1 est attendu (ex. 0.7)")),
    }
}
