//! `mutu opendata`: the answers and figures of a wave as CSV files with their
//! `datapackage.json`, ready to publish.

use super::report::{Loaded, load};
use crate::cli::OpendataArgs;
use mutu_render::{OpenDataOptions, write_opendata};
use mutu_storage::Store;

/// Runs `mutu opendata`.
pub async fn run(store: &Store, args: OpendataArgs) -> anyhow::Result<()> {
    let Loaded { campaign, responses, analysis, meta } = load(store, &args.campaign).await?;
    let options = OpenDataOptions {
        min_count: args.min_count,
        generated_at: meta.generated_at,
        departement_names: meta.departement_names,
    };
    let files = write_opendata(&analysis, &campaign, &responses, &options, &args.output)?;
    println!(
        "Données ouvertes de la vague {} écrites dans {} : {} fichiers (seuil de diffusion : {}).",
        analysis.campaign,
        args.output.display(),
        files.len(),
        args.min_count
    );
    Ok(())
}
