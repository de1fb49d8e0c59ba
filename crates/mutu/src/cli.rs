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
    /// Opportunités de mutualisation d'une vague : par service, les groupes de voisins qui le
    /// déploient seuls ou l'étudient, le niveau qui convient, le score et l'économie estimée.
    Opportunities(crate::commands::opportunities::OpportunitiesArgs),
    /// Remplit une vague de réponses FICTIVES (démonstration, bancs d'essai) : répondant
    /// « Répondant fictif », courriel fictif-CODE@example.invalid. Remplace les réponses des
    /// cibles tirées ; celles des autres cibles restent en place.
    Synth(SynthArgs),
    /// Écrit le rapport d'une vague, dans l'ordre de l'étude de 2014 : un fichier HTML autonome
    /// (graphiques et tableaux, sans script ni ressource réseau) ou un classeur XLSX (un onglet
    /// par tableau de l'analyse et les réponses, sans données personnelles).
    Report(ReportArgs),
    /// Écrit les données ouvertes d'une vague dans un dossier : les réponses et les chiffres en
    /// CSV (UTF-8, virgule) décrits par un datapackage.json (Frictionless, Licence Ouverte 2.0).
    Opendata(OpendataArgs),
    /// Sert l'interface web et l'API (défaut : 127.0.0.1:8080).
    Serve(ServeArgs),
    /// Démonstration : une base temporaire avec les EPCI des Hauts-de-France, une vague de
    /// réponses fictives, un compte de chargé·e de mission, et le serveur web.
    Demo(DemoArgs),
    /// Les comptes de l'équipe d'étude.
    #[command(subcommand)]
    User(UserCommand),
    /// Les organisations et personnes rencontrées (annexe des acteurs).
    #[command(subcommand)]
    Actors(crate::commands::qualitative::ActorsCommand),
    /// Les entretiens de l'étude (notes réservées à l'équipe d'étude).
    #[command(subcommand)]
    Interviews(crate::commands::qualitative::InterviewsCommand),
    /// Les verbatims codés par thème, anonymisés.
    #[command(subcommand)]
    Verbatims(crate::commands::qualitative::VerbatimsCommand),
    /// Le parangonnage des structures de mutualisation, avec leur analyse MOOF.
    #[command(subcommand)]
    Structures(crate::commands::structures::StructuresCommand),
    /// Les données personnelles : registre, export, effacement, purge (RGPD).
    #[command(subcommand)]
    People(crate::commands::people::PeopleCommand),
    /// Sauvegarde cohérente de toute la base, possible pendant que `mutu serve` écrit.
    Backup(crate::commands::backup::BackupArgs),
    /// Restaure une sauvegarde dans la base de --db (refusé si elle contient déjà des données, sauf --force).
    Restore(crate::commands::backup::RestoreArgs),
}

/// Arguments of `mutu serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Adresse d'écoute.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Adresse publique du service (les liens d'invitation en partent), ex. https://enquete.exemple.fr
    #[arg(long, env = "MUTU_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Relais SMTP pour les invitations et relances (sans relais, l'envoi est désactivé).
    #[arg(long, env = "MUTU_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// Port du relais SMTP.
    #[arg(long, env = "MUTU_SMTP_PORT", default_value_t = 25)]
    pub smtp_port: u16,
    /// Expéditeur des courriels.
    #[arg(long, env = "MUTU_MAIL_FROM", default_value = "mutu <ne-pas-repondre@mutu.invalid>")]
    pub mail_from: String,
}

/// Arguments of `mutu demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Adresse d'écoute.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Dossier de la base de démonstration (défaut : un dossier temporaire).
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

/// `mutu user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Crée un compte (ou change son rôle et son mot de passe). Le mot de passe est lu dans
    /// MUTU_PASSWORD, sinon tiré au hasard et affiché une fois.
    Add {
        /// Courriel (identifiant de connexion).
        email: String,
        /// Rôle.
        #[arg(long, value_enum)]
        role: RoleArg,
    },
}

/// Roles of the study side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Administrateur : tout, dont les comptes.
    Admin,
    /// Chargé·e d'étude : vagues, invitations, relances.
    Lead,
    /// Lecture seule.
    Viewer,
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
    /// Importe des contours de communes (GeoJSON FeatureCollection, WGS84) pour un territoire
    /// sur mesure, tout ou rien ; le référentiel national a déjà les siens.
    Contours(crate::commands::contours::ContoursArgs),
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

/// Arguments of `mutu campaign invitations`.
#[derive(Debug, Args)]
pub struct InvitationsArgs {
    /// Code de la vague.
    #[arg(long)]
    pub campaign: String,
    /// Fichier de sortie (défaut : sortie standard).
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// N'émet des liens que pour les cibles qui n'en ont pas (les liens existants restent valables).
    #[arg(long)]
    pub only_new: bool,
    /// Adresse publique du service, début de chaque lien.
    #[arg(long, env = "MUTU_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    pub public_url: String,
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

/// Formats of `mutu report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Une page HTML autonome, à ouvrir dans un navigateur ou à imprimer.
    Html,
    /// Un document PDF A4, composé par mutu (polices embarquées).
    Pdf,
    /// Un classeur Excel : un onglet par tableau, puis les réponses.
    Xlsx,
}

/// Arguments of `mutu report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Code de la vague.
    #[arg(long)]
    pub campaign: String,
    /// Format du rapport.
    #[arg(long, value_enum)]
    pub format: ReportFormat,
    /// Fichier à écrire.
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    /// Modèle à utiliser à la place de celui de mutu : HTML (minijinja) pour --format html,
    /// typst pour --format pdf ; copiez crates/render/templates/report.html ou report.typ,
    /// dont le premier commentaire liste les variables.
    #[arg(long)]
    pub template: Option<PathBuf>,
}

/// Arguments of `mutu opendata`.
#[derive(Debug, Args)]
pub struct OpendataArgs {
    /// Code de la vague.
    #[arg(long)]
    pub campaign: String,
    /// Dossier à écrire (créé au besoin ; les fichiers de même nom sont remplacés).
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    /// Seuil de diffusion : un effectif publié inférieur à N est masqué avec son taux (cellules
    /// vides, colonne masque à true) ; 0 ne masque rien.
    #[arg(long, value_name = "N", default_value_t = mutu_render::DEFAULT_MIN_COUNT)]
    pub min_count: u64,
}
