//! `mutu analyse`: the figures of a wave, as JSON for scripts or as the seed's tables; with
//! `--weights size_class` the shares of all the targets with their intervals, with
//! `--profiles` each body's profile, and with `--series` each figure across several waves.

use super::Format;
use super::campaign_code;
use clap::Args;
use mutu_domain::analysis::{Filters, analyse, compare, profiles, series, weighted};
use mutu_domain::codes::DepartementCode;
use mutu_storage::Store;

/// Arguments of `mutu analyse`.
#[derive(Debug, Args)]
pub struct AnalyseArgs {
    /// Code de la vague.
    #[arg(long, required_unless_present = "series")]
    pub campaign: Option<String>,
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
    /// Ajoute les estimations pondérées (part de toutes les cibles, intervalle à 95 %) ;
    /// seule stratification : size_class.
    #[arg(long, value_enum)]
    pub weights: Option<Weights>,
    /// Ajoute le profil de chaque répondant par thème, face à la médiane de sa classe de taille.
    #[arg(long)]
    pub profiles: bool,
    /// Série de vagues, de la plus ancienne à la plus récente (au moins deux, séparées par
    /// des virgules) : chaque chiffre d'une vague à l'autre, ruptures de méthode signalées.
    #[arg(long, value_delimiter = ',', num_args = 1.., conflicts_with_all = ["campaign", "compare", "weights", "profiles"])]
    pub series: Vec<String>,
}

/// How the weighted estimates are stratified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Weights {
    /// By the wave's size classes (`analysis.md`, "Weighted estimates").
    #[value(name = "size_class")]
    SizeClass,
}

/// Runs `mutu analyse`.
pub async fn run(store: &Store, args: AnalyseArgs) -> anyhow::Result<()> {
    let filters = filters_of(&args)?;
    if !args.series.is_empty() {
        return run_series(store, &args, &filters).await;
    }
    let code = campaign_code(args.campaign.as_deref().unwrap_or_default())?;
    // The wave's targets and its answers are read at the same time, on two connections.
    let (campaign, responses) = tokio::try_join!(store.campaign(&code), store.complete_responses(&code))?;
    check_classes(&campaign, &filters)?;
    let mut analysis = analyse(&campaign, &responses, &filters);
    if let Some(earlier) = &args.compare {
        let earlier = campaign_code(earlier)?;
        let earlier_campaign = store.campaign(&earlier).await?;
        let earlier_responses = store.complete_responses(&earlier).await?;
        let before = analyse(&earlier_campaign, &earlier_responses, &filters);
        analysis.comparison = Some(compare(&campaign, &analysis, &earlier_campaign, &before));
    }
    let weighted = args.weights.map(|Weights::SizeClass| weighted(&campaign, &responses, &filters));
    let profiles = args.profiles.then(|| profiles(&campaign, &responses));
    match args.format {
        Format::Json => {
            let mut json = serde_json::to_value(&analysis)?;
            if let Some(object) = json.as_object_mut() {
                if let Some(weighted) = &weighted {
                    object.insert("weighted".into(), serde_json::to_value(weighted)?);
                }
                if let Some(profiles) = &profiles {
                    object.insert("profiles".into(), serde_json::to_value(profiles)?);
                }
            }
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        Format::Text => {
            let names = store.departement_names().await?;
            print!("{}", mutu_render::analysis_text(&analysis, &campaign, &names));
            if let Some(weighted) = &weighted {
                print!("{}", mutu_render::weighted_text(&analysis, weighted, &campaign.catalogue));
            }
            if let Some(profiles) = &profiles {
                print!("{}", mutu_render::profiles_text(profiles, &campaign.catalogue));
            }
        }
    }
    // The process ends here: freeing a national wave's answers one by one took an eighth of
    // the command's instructions (callgrind, docs/performance.md); the system takes the
    // memory back at exit in one go.
    std::mem::forget(responses);
    Ok(())
}

/// `--series`: every wave analysed with the same filters, oldest first.
async fn run_series(store: &Store, args: &AnalyseArgs, filters: &Filters) -> anyhow::Result<()> {
    if args.series.len() < 2 {
        anyhow::bail!("--series attend au moins deux vagues, de la plus ancienne à la plus récente");
    }
    let mut waves = Vec::with_capacity(args.series.len());
    for code in &args.series {
        let code = campaign_code(code)?;
        let (campaign, responses) = tokio::try_join!(store.campaign(&code), store.complete_responses(&code))?;
        check_classes(&campaign, filters)?;
        let analysis = analyse(&campaign, &responses, filters);
        waves.push((campaign, analysis));
    }
    let pairs: Vec<_> = waves.iter().map(|(c, a)| (c, a)).collect();
    let series = series(&pairs);
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&series)?),
        Format::Text => {
            let latest = &waves.last().expect("two waves at least").0;
            print!("{}", mutu_render::series_text(&series, &latest.catalogue));
        }
    }
    Ok(())
}

/// The filters of the command line, validated.
fn filters_of(args: &AnalyseArgs) -> anyhow::Result<Filters> {
    Ok(Filters {
        departements: args.departements.iter().map(|d| DepartementCode::parse(d)).collect::<Result<_, _>>()?,
        size_classes: args.size_classes.clone(),
        natures: args.natures.iter().map(|n| n.parse()).collect::<Result<_, String>>().map_err(anyhow::Error::msg)?,
    })
}

/// Refuses a size class the wave does not have, naming those it has.
fn check_classes(campaign: &mutu_domain::campaign::Campaign, filters: &Filters) -> anyhow::Result<()> {
    for class in &filters.size_classes {
        if campaign.size_classes.get(class).is_none() {
            let known: Vec<_> = campaign.size_classes.classes().iter().map(|c| c.code.as_str()).collect();
            anyhow::bail!("classe de taille « {class} » inconnue (classes de la vague : {})", known.join(", "));
        }
    }
    Ok(())
}
