//! `mutu responses import|export`.

use super::{campaign_code, display_name, read_file};
use crate::cli::{ExportArgs, ExportFormat, ResponsesCommand};
use anyhow::{Context, bail};
use mutu_import::read_responses;
use mutu_render::{ExportOptions, without_personal, write_csv, write_jsonl, write_xlsx};
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
    let responses = store.responses(&code).await?;
    let options = ExportOptions { include_personal: args.include_personal };
    let out: Box<dyn Write> = match (&args.output, args.format) {
        (None, ExportFormat::Xlsx) => bail!("l'export xlsx demande un fichier : -o FICHIER.xlsx"),
        (Some(path), ExportFormat::Xlsx) => {
            write_xlsx(&campaign, &responses, &options, path)?;
            return Ok(());
        }
        (Some(path), _) => {
            Box::new(std::fs::File::create(path).with_context(|| format!("création de {}", path.display()))?)
        }
        (None, _) => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    match args.format {
        ExportFormat::Jsonl if options.include_personal => write_jsonl(&responses, &mut out)?,
        ExportFormat::Jsonl => {
            let public: Vec<_> = responses.iter().map(|r| without_personal(&campaign.questionnaire, r)).collect();
            write_jsonl(&public, &mut out)?
        }
        ExportFormat::Csv => write_csv(&campaign, &responses, &options, &mut out)?,
        ExportFormat::Xlsx => unreachable!("handled above"),
    }
    out.flush()?;
    Ok(())
}
