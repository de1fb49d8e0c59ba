//! `mutu responses import|export`.

use super::{campaign_code, display_name, read_file};
use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};
use futures_util::TryStreamExt;
use mutu_domain::answers::{Required, ResponseStatus};
use mutu_import::read_responses;
use mutu_render::{CsvExport, ExportOptions, without_personal, write_jsonl_line, write_xlsx};
use mutu_storage::Store;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

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
        /// Refuse une réponse complète à laquelle manque une question obligatoire, comme le
        /// ferait l'envoi du formulaire (par défaut elle est importée, et comptée).
        #[arg(long)]
        strict: bool,
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

/// Runs a responses subcommand.
pub async fn run(store: &Store, command: ResponsesCommand) -> anyhow::Result<()> {
    match command {
        ResponsesCommand::Import { campaign, file, strict } => {
            let code = campaign_code(&campaign)?;
            let campaign = store.campaign(&code).await?;
            let name = display_name(&file);
            let text = String::from_utf8(read_file(&file)?).with_context(|| format!("{name} : UTF-8 invalide"))?;
            let required = if strict { Required::Enforced } else { Required::Reported };
            let read = read_responses(&name, &text, &campaign, required)?;
            let n = store.import_responses(&code, &read.responses).await?;
            let complete = read.responses.iter().filter(|r| r.status == ResponseStatus::Complete).count();
            println!("{n} réponses importées dans la vague {code} ({complete} complètes).");
            for (question, count) in &read.missing_required {
                println!(
                    "  {count} réponse(s) complète(s) sans la question obligatoire « {question} » (--strict les refuse)."
                );
            }
            Ok(())
        }
        ResponsesCommand::Export(args) => export(store, args).await,
    }
}

async fn export(store: &Store, args: ExportArgs) -> anyhow::Result<()> {
    let code = campaign_code(&args.campaign)?;
    let campaign = store.campaign(&code).await?;
    let options = ExportOptions { include_personal: args.include_personal };
    let out: Box<dyn Write> = match (&args.output, args.format) {
        (None, ExportFormat::Xlsx) => bail!("l'export xlsx demande un fichier : -o FICHIER.xlsx"),
        (Some(path), ExportFormat::Xlsx) => {
            let responses = store.responses(&code).await?;
            write_xlsx(&campaign, &responses, &options, path)?;
            return Ok(());
        }
        (Some(path), _) => {
            Box::new(std::fs::File::create(path).with_context(|| format!("création de {}", path.display()))?)
        }
        (None, _) => Box::new(std::io::stdout().lock()),
    };
    // CSV and JSON lines are written as the rows come from the database: the memory of an
    // export does not grow with the wave (docs/performance.md).
    let mut out = BufWriter::new(out);
    let mut rows = store.response_stream(&code).await?;
    match args.format {
        ExportFormat::Jsonl => {
            while let Some(stored) = rows.try_next().await? {
                let response = if options.include_personal {
                    stored.response
                } else {
                    without_personal(&campaign.questionnaire, &stored.response)
                };
                write_jsonl_line(&response, &mut out)?;
            }
        }
        ExportFormat::Csv => {
            let mut csv = CsvExport::new(&campaign, &options, &mut out)?;
            while let Some(stored) = rows.try_next().await? {
                csv.write(&stored.response)?;
            }
            csv.finish()?;
        }
        ExportFormat::Xlsx => unreachable!("handled above"),
    }
    out.flush()?;
    Ok(())
}
