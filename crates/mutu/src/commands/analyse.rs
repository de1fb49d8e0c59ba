//! `mutu analyse`: the figures of a wave, as JSON for scripts or as the seed's tables.

use super::campaign_code;
use crate::cli::{AnalyseArgs, Format};
use mutu_domain::analysis::{Filters, analyse, compare};
use mutu_domain::codes::DepartementCode;
use mutu_storage::Store;

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
