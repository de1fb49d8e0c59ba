//! `mutu actors|interviews|verbatims`: the study's qualitative material from the command
//! line. Interview notes and names never print here; verbatims print anonymised.

use super::Format;
use super::{campaign_code, display_name, read_file};
use anyhow::Context;
use clap::{Args, Subcommand};
use mutu_domain::qualitative::{free_texts, read_themes, verbatims_by_theme};
use mutu_import::qualitative::{EXAMPLE_ACTORS_CSV, read_actors, read_interviews, read_verbatims, write_coding_sheet};
use mutu_storage::Store;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// `mutu actors …`
#[derive(Debug, Subcommand)]
pub enum ActorsCommand {
    /// Importe les organisations et personnes rencontrées (CSV key,organisation,in_territory,
    /// body_type,name,role,email ; une ligne par personne) ; tout ou rien.
    Import {
        /// Fichier CSV.
        #[arg(required_unless_present = "example", conflicts_with = "example")]
        file: Option<PathBuf>,
        /// Charge l'annexe de l'étude de 2014 (27 organisations, 48 fonctions, sans les noms).
        #[arg(long)]
        example: bool,
    },
    /// L'annexe des acteurs rencontrés : organisations et fonctions (sans nom ni courriel).
    List {
        /// Format de sortie.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// `mutu interviews …`
#[derive(Debug, Subcommand)]
pub enum InterviewsCommand {
    /// Importe des entretiens (CSV code,organisation,date,duration_minutes,participants,notes) ;
    /// les notes restent réservées à l'équipe d'étude.
    Import {
        /// Fichier CSV.
        file: PathBuf,
    },
}

/// `mutu verbatims …`
#[derive(Debug, Subcommand)]
pub enum VerbatimsCommand {
    /// Importe des verbatims codés (CSV source,interview,respondent,question,quote,themes ;
    /// thèmes séparés par « ; ») ; les lignes sans thème sont ignorées. Tout ou rien.
    Import(VerbatimsImportArgs),
    /// Écrit la feuille de codage : les textes libres des réponses, colonne themes à remplir.
    Code {
        /// Code de la vague.
        #[arg(long)]
        campaign: String,
        /// Fichier de sortie (défaut : sortie standard).
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// Les verbatims d'une vague par thème, anonymisés (type d'organisme et classe de taille).
    List {
        /// Code de la vague.
        #[arg(long)]
        campaign: String,
        /// Format de sortie.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// La liste des thèmes ; --import FICHIER (CSV code,label) la remplace.
    Themes {
        /// Nouvelle liste de thèmes.
        #[arg(long = "import")]
        file: Option<PathBuf>,
    },
}

/// Arguments of `mutu verbatims import`.
#[derive(Debug, Args)]
pub struct VerbatimsImportArgs {
    /// Code de la vague.
    #[arg(long)]
    pub campaign: String,
    /// Fichier CSV.
    pub file: PathBuf,
}

fn text_of(path: &Path) -> anyhow::Result<(String, String)> {
    let name = display_name(path);
    let text = String::from_utf8(read_file(path)?).with_context(|| format!("{name} : UTF-8 invalide"))?;
    Ok((name, text))
}

/// Runs an actors subcommand.
pub async fn actors(store: &Store, command: ActorsCommand) -> anyhow::Result<()> {
    match command {
        ActorsCommand::Import { file, example } => {
            let (name, text) = match (file, example) {
                (Some(path), _) => text_of(&path)?,
                (None, _) => ("actors.csv".to_owned(), EXAMPLE_ACTORS_CSV.to_owned()),
            };
            let actors = read_actors(&name, &text)?;
            let (o, p) = store.import_actors(&actors.organisations, &actors.people).await?;
            println!("{o} organisations et {p} personnes rencontrées importées.");
        }
        ActorsCommand::List { format } => {
            let organisations = store.organisations().await?;
            let people = store.people_met().await?;
            let annex: Vec<serde_json::Value> = organisations
                .iter()
                .map(|o| {
                    let roles: Vec<&str> =
                        people.iter().filter(|p| p.organisation == o.name).map(|p| p.role.as_str()).collect();
                    serde_json::json!({"organisation": o.name, "in_territory": o.in_territory,
                        "body_type": o.body_type.code(), "roles": roles})
                })
                .collect();
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&annex)?),
                Format::Text => {
                    for (inside, title) in
                        [(true, "Acteurs du territoire de l'étude"), (false, "Acteurs hors territoire")]
                    {
                        println!("{title}");
                        for o in organisations.iter().filter(|o| o.in_territory == inside) {
                            let roles: Vec<&str> =
                                people.iter().filter(|p| p.organisation == o.name).map(|p| p.role.as_str()).collect();
                            println!("  {} — {}", o.name, roles.join(" ; "));
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// Runs an interviews subcommand.
pub async fn interviews(store: &Store, command: InterviewsCommand) -> anyhow::Result<()> {
    let InterviewsCommand::Import { file } = command;
    let (name, text) = text_of(&file)?;
    let organisations: HashSet<String> = store.organisations().await?.into_iter().map(|o| o.name).collect();
    let people: HashSet<String> = store.people_met().await?.into_iter().map(|p| p.key).collect();
    let interviews = read_interviews(&name, &text, &organisations, &people)?;
    let n = store.import_interviews(&interviews).await?;
    println!("{n} entretiens importés.");
    Ok(())
}

/// Runs a verbatims subcommand.
pub async fn verbatims(store: &Store, command: VerbatimsCommand) -> anyhow::Result<()> {
    match command {
        VerbatimsCommand::Import(args) => {
            let code = campaign_code(&args.campaign)?;
            let campaign = store.campaign(&code).await?;
            let (name, text) = text_of(&args.file)?;
            let themes = store.verbatim_themes().await?;
            let interviews: HashSet<String> = store.interviews().await?.into_iter().map(|i| i.code).collect();
            let (verbatims, skipped) = read_verbatims(&name, &text, &campaign, &themes, &interviews)?;
            let n = store.import_verbatims(&code, &verbatims).await?;
            println!("{n} verbatims importés dans la vague {code} ({skipped} lignes sans thème ignorées).");
        }
        VerbatimsCommand::Code { campaign, output } => {
            let code = campaign_code(&campaign)?;
            let campaign = store.campaign(&code).await?;
            let sheet = write_coding_sheet(&free_texts(&campaign, &store.responses(&code).await?))?;
            match output {
                Some(path) => {
                    std::fs::write(&path, sheet).with_context(|| format!("écriture de {}", path.display()))?
                }
                None => print!("{sheet}"),
            }
        }
        VerbatimsCommand::List { campaign, format } => {
            let code = campaign_code(&campaign)?;
            let groups = verbatims_by_theme(&store.verbatim_themes().await?, &store.verbatims(&code).await?);
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&groups)?),
                Format::Text => {
                    for g in &groups {
                        println!("{} ({})", g.label, g.verbatims.len());
                        for v in &g.verbatims {
                            println!("  « {} » — {}, {}", v.quote, v.attribution, v.source);
                        }
                    }
                }
            }
        }
        VerbatimsCommand::Themes { file } => {
            if let Some(path) = file {
                let (name, text) = text_of(&path)?;
                let themes = read_themes(&text).with_context(|| name.clone())?;
                store.set_verbatim_themes(&themes).await?;
            }
            for t in store.verbatim_themes().await? {
                println!("{}\t{}", t.code, t.label);
            }
        }
    }
    Ok(())
}
