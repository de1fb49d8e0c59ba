//! `mutu analyse`: the figures of a wave, as JSON for scripts or as the seed's tables.

use super::Format;
use super::campaign_code;
use clap::Args;
use mutu_domain::analysis::{Filters, analyse, compare};
use mutu_domain::codes::DepartementCode;
use mutu_storage::Store;

/// Arguments of `mutu analyse`.
#[derive(Debug, Args)]
pub struct AnalyseArgs {
    /// Code de la vague.
    #[arg(long)]
    pub campaign: String,
    /// Format de sortie.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Ne garde que les cibles de ces départements (répétable).
    #[arg(long = "departement")]
    pub departements: Vec<String>,
    /// Ne garde que ces classes de taille (lt10k, 10k_25k, 25k_90k, ge90k ; répétable).
    #[arg(long = "size-class")]
    pub size_classes: Vec<String>,
    /// Ne garde que ces natures d'EPCI (CC, CA, CU, METRO ; répétable).
    #[arg(long = "nature")]
    pub natures: Vec<String>,
    /// Compare avec une vague antérieure du même territoire.
    #[arg(long)]
    pub compare: Option<String>,
}

/// Runs `mutu analyse`.
pub async fn run(store: &Store, args: AnalyseArgs) -> anyhow::Result<()> {
    let code = campaign_code(&args.campaign)?;
    let filters = Filters {
        departements: args.departements.iter().map(|d| DepartementCode::parse(d)).collect::<Result<_, _>>()?,
        size_classes: args.size_classes.clone(),
        natures: args.natures.iter().map(|n| n.parse()).collect::<Result<_, String>>().map_err(anyhow::Error::msg)?,
    };
    // The wave's targets and its answers are read at the same time, on two connections.
    let (campaign, responses) = tokio::try_join!(store.campaign(&code), store.complete_responses(&code))?;
    for class in &filters.size_classes {
        if campaign.size_classes.get(class).is_none() {
            let known: Vec<_> = campaign.size_classes.classes().iter().map(|c| c.code.as_str()).collect();
            anyhow::bail!("classe de taille « {class} » inconnue (classes de la vague : {})", known.join(", "));
        }
    }
    let mut analysis = analyse(&campaign, &responses, &filters);
    if let Some(earlier) = &args.compare {
        let earlier = campaign_code(earlier)?;
        let earlier_campaign = store.campaign(&earlier).await?;
        let earlier_responses = store.complete_responses(&earlier).await?;
        let before = analyse(&earlier_campaign, &earlier_responses, &filters);
        analysis.comparison = Some(compare(&analysis, &campaign.catalogue, &before));
    }
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&analysis)?),
        Format::Text => {
            let names = store.departement_names().await?;
            print!("{}", mutu_render::analysis_text(&analysis, &campaign, &names));
        }
    }
    // The process ends here: freeing a national wave's answers one by one took an eighth of
    // the command's instructions (callgrind, docs/performance.md); the system takes the
    // memory back at exit in one go.
    std::mem::forget(responses);
    Ok(())
}
