//! `mutu responses import|export`.

use super::{campaign_code, display_name, read_file};
use crate::cli::{ExportArgs, ExportFormat, ResponsesCommand};
use anyhow::{Context, bail};
use futures_util::TryStreamExt;
use mutu_import::read_responses;
use mutu_render::{CsvExport, ExportOptions, without_personal, write_jsonl_line, write_xlsx};
use mutu_storage::Store;
use std::io::{BufWriter, Write};

/// Runs a responses subcommand.
pub async fn run(store: &Store, command: ResponsesCommand) -> anyhow::Result<()> {
    match command {
        ResponsesCommand::Import { campaign, file } => {
            let code = campaign_code(&campaign)?;
            let campaign = store.campaign(&code).await?;
            let name = display_name(&file);
            let text = String::from_utf8(read_file(&file)?).with_context(|| format!("{name} : UTF-8 invalide"))?;
            let responses = read_responses(&name, &text, &campaign)?;
            let n = store.import_responses(&code, &responses).await?;
            let complete =
                responses.iter().filter(|r| r.status == mutu_domain::answers::ResponseStatus::Complete).count();
            println!("{n} réponses importées dans la vague {code} ({complete} complètes).");
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
