//! `mutu offers`: the register of offers ("services prêts à l'emploi") of pooling
//! structures. An import replaces the whole register, all or nothing; the opportunities then
//! show, on each group, the offers that cover all of its members.

use super::{Format, display_name, read_file};
use clap::Subcommand;
use mutu_domain::catalogue::Catalogue;
use mutu_domain::offers::Offer;
use mutu_import::read_offers;
use mutu_storage::Store;
use std::path::PathBuf;

/// `mutu offers …`
#[derive(Debug, Subcommand)]
pub enum OffersCommand {
    /// Remplace le registre des offres par un fichier CSV structure,service,vehicle,
    /// price_model,departements (départements séparés par « | », ou * pour tous) ; tout ou
    /// rien : une ligne fautive est nommée et le registre reste tel quel.
    Import {
        /// Fichier CSV (UTF-8, virgule ou point-virgule).
        file: PathBuf,
    },
    /// Le registre des offres.
    List {
        /// Format de sortie.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// Runs `mutu offers …`.
pub async fn run(store: &Store, command: OffersCommand) -> anyhow::Result<()> {
    match command {
        OffersCommand::Import { file } => {
            // The register is not tied to a wave: codes are checked against the default
            // catalogue, whose codes are stable across waves.
            let offers = read_offers(&display_name(&file), &read_file(&file)?, &Catalogue::default_catalogue())?;
            let n = store.replace_offers(&offers).await?;
            println!("{n} offres importées : le registre est remplacé.");
        }
        OffersCommand::List { format } => {
            let offers = store.offers().await?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&offers)?),
                Format::Text => print!("{}", text(&offers)),
            }
        }
    }
    Ok(())
}

/// The register as text: one line per offer.
fn text(offers: &[Offer]) -> String {
    if offers.is_empty() {
        return "Registre des offres vide (mutu offers import FICHIER.csv).\n".to_owned();
    }
    offers
        .iter()
        .map(|o| format!("{} — {} par {} ({}) : {}\n", o.structure, o.service, o.vehicle, o.area, o.price_model))
        .collect()
}
