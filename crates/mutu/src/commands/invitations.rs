//! `mutu campaign invitations`: the CSV `respondent,name,email,url` of personal links.
//!
//! Links are stored hashed, so printing one means issuing it: a target that already had a
//! link gets a new one and the old one stops working (`--only-new` keeps existing links).

use super::campaign_code;
use anyhow::Context;
use clap::Args;
use mutu_app::invitations::{self, InvitationScope, invitations_csv, not_yet_working};
use mutu_storage::Store;
use std::io::Write;
use std::path::PathBuf;

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

/// Runs `mutu campaign invitations`.
pub async fn run(store: &Store, args: InvitationsArgs) -> anyhow::Result<()> {
    let code = campaign_code(&args.campaign)?;
    let scope = if args.only_new { InvitationScope::Missing } else { InvitationScope::All };
    let issued = invitations::issue(store, &args.public_url, &code, scope, "cli").await?;
    // The same bytes as the web page's export.
    let csv = invitations_csv(&issued.links)?;
    match &args.output {
        Some(path) => std::fs::write(path, &csv).with_context(|| format!("écriture de {}", path.display()))?,
        None => std::io::stdout().lock().write_all(&csv)?,
    }
    if args.output.is_some() {
        println!("{} liens d'invitation émis pour la vague {code}.", issued.links.len());
    }
    // Said on stderr, so a CSV on stdout stays clean.
    if let Some(why) = not_yet_working(issued.state) {
        eprintln!("Attention : {why}.");
    }
    Ok(())
}
