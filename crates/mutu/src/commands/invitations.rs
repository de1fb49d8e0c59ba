//! `mutu campaign invitations`: the CSV `respondent,name,email,url` of personal links.
//!
//! Links are stored hashed, so printing one means issuing it: a target that already had a
//! link gets a new one and the old one stops working (`--only-new` keeps existing links).

use super::campaign_code;
use crate::cli::InvitationsArgs;
use anyhow::Context;
use mutu_storage::Store;
use mutu_web::lead::{InvitationScope, invitations_csv, issue_invitations};
use mutu_web::{AppConfig, AppState};
use std::io::Write;

/// Runs `mutu campaign invitations`.
pub async fn run(store: &Store, args: InvitationsArgs) -> anyhow::Result<()> {
    let code = campaign_code(&args.campaign)?;
    let state = AppState::new(store.clone(), AppConfig::new(&args.public_url))?;
    let scope = if args.only_new { InvitationScope::Missing } else { InvitationScope::All };
    let issued = issue_invitations(&state, &code, scope).await?;
    // The same bytes as the web page's export.
    let csv = invitations_csv(&issued)?;
    match &args.output {
        Some(path) => std::fs::write(path, &csv).with_context(|| format!("écriture de {}", path.display()))?,
        None => std::io::stdout().lock().write_all(&csv)?,
    }
    if args.output.is_some() {
        println!("{} liens d'invitation émis pour la vague {code}.", issued.len());
    }
    Ok(())
}
