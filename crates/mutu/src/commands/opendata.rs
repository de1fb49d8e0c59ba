//! `mutu opendata`: the answers and figures of a wave as CSV files with their
//! `datapackage.json`, ready to publish.

use super::campaign_code;
use clap::Args;
use mutu_app::waves::Wave;
use mutu_domain::analysis::{Filters, Secrecy, analyse};
use mutu_render::{OpenDataOptions, now_utc, write_opendata};
use mutu_storage::Store;
use std::path::PathBuf;

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
    #[arg(long, value_name = "N", default_value_t = mutu_domain::analysis::PUBLIC_MIN_COUNT)]
    pub min_count: u64,
}

/// Runs `mutu opendata`.
pub async fn run(store: &Store, args: OpendataArgs) -> anyhow::Result<()> {
    let code = campaign_code(&args.campaign)?;
    let wave = Wave::load(store, &code).await?;
    let analysis = analyse(&wave.campaign, &wave.responses, &Filters::default());
    let options = OpenDataOptions {
        secrecy: Secrecy::with_min_count(args.min_count),
        generated_at: now_utc(),
        departement_names: wave.departement_names.clone(),
        offers: store.offers().await?,
    };
    let files = write_opendata(&analysis, &wave.campaign, &wave.responses, &options, &args.output)?;
    println!(
        "Données ouvertes de la vague {code} écrites dans {} : {} fichiers (seuil de diffusion : {}).",
        args.output.display(),
        files.len(),
        args.min_count
    );
    Ok(())
}
