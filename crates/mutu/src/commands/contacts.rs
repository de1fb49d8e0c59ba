//! `mutu contacts import --campaign CODE FILE.csv`: the contacts of a wave's targets (CSV
//! `respondent,email[,name]`), read by the rules of the contacts page, all or nothing.

use super::{campaign_code, display_name, read_file};
use anyhow::Context;
use clap::Subcommand;
use mutu_storage::Store;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// `mutu contacts …`
#[derive(Debug, Subcommand)]
pub enum ContactsCommand {
    /// Importe les courriels de contact des cibles : CSV avec une ligne d'en-tête
    /// respondent,email[,name] (virgule ou point-virgule). Tout est importé, ou rien si une
    /// ligne est refusée ; un contact importé remplace le précédent de sa cible.
    Import {
        /// Code de la vague.
        #[arg(long)]
        campaign: String,
        /// Fichier CSV.
        file: PathBuf,
    },
}

/// Runs a contacts subcommand.
pub async fn run(store: &Store, command: ContactsCommand) -> anyhow::Result<()> {
    let ContactsCommand::Import { campaign, file } = command;
    let code = campaign_code(&campaign)?;
    let name = display_name(&file);
    let text =
        String::from_utf8(read_file(&file)?).with_context(|| format!("{name} : le fichier n'est pas en UTF-8"))?;
    let targets: BTreeSet<String> = store.campaign(&code).await?.targets.into_iter().map(|t| t.code).collect();
    let contacts = mutu_app::mail::contacts::parse(&text, &targets).map_err(|e| anyhow::anyhow!("{name}, {e}"))?;
    let count = store.import_contacts(&code, &contacts).await?;
    store.audit("cli", "contacts.import", code.as_str()).await?;
    println!("{count} contacts importés pour la vague {code}.");
    Ok(())
}
