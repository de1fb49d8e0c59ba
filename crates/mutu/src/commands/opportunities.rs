//! `mutu opportunities`: who should pool which service with whom, the offers of the register
//! that already cover each group, and the starting file of a "groupement de commandes" for
//! one group.

use super::Format;
use super::{campaign_code, display_name, read_file, spinner};
use anyhow::Context;
use clap::Args;
use mutu_domain::campaign::Campaign;
use mutu_domain::opportunities::{CostModel, Level, Opportunities, opportunities};
use mutu_domain::size_class::thousands;
use mutu_storage::Store;
use std::path::PathBuf;

/// Arguments of `mutu opportunities`.
#[derive(Debug, Args)]
pub struct OpportunitiesArgs {
    /// Code de la vague.
    #[arg(long)]
    pub campaign: String,
    /// Format de sortie.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Modèle de coûts (TOML ; défaut : le modèle embarqué, voir crates/domain/data/costs.toml).
    #[arg(long)]
    pub costs: Option<PathBuf>,
    /// Écrit le fichier de départ d'un groupement de commandes pour un groupe :
    /// SERVICE:NUMÉRO (numéro à partir de 1, dans l'ordre affiché), avec -o FICHIER.csv.
    #[arg(long, requires = "output")]
    pub export_group: Option<String>,
    /// Fichier CSV écrit par --export-group (Excel français : BOM, point-virgule).
    #[arg(short = 'o', long = "output", requires = "export_group")]
    pub output: Option<PathBuf>,
}

/// Runs `mutu opportunities`.
pub async fn run(store: &Store, args: OpportunitiesArgs) -> anyhow::Result<()> {
    let code = campaign_code(&args.campaign)?;
    let campaign = store.campaign(&code).await?;
    let costs = match &args.costs {
        Some(path) => {
            let text = String::from_utf8(read_file(path)?).with_context(|| display_name(path))?;
            CostModel::from_toml(&text, &campaign.catalogue)?
        }
        None => CostModel::default_model(&campaign.catalogue)?,
    };
    let result = compute(store, &campaign, &costs).await?;
    if let (Some(spec), Some(path)) = (&args.export_group, &args.output) {
        let members = group_members(&result, spec)?;
        let csv = members_csv(store, &campaign, members).await?;
        std::fs::write(path, csv).with_context(|| format!("écriture de {}", path.display()))?;
        println!("Groupe {spec} écrit dans {}.", path.display());
        return Ok(());
    }
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&result)?),
        Format::Text => print!("{}", text(&campaign, &result)),
    }
    Ok(())
}

/// The opportunities of a wave, each group with the offers of the register that cover it:
/// what `mutu opportunities` prints and what `mutu groups create --from-opportunity` reads,
/// so `SERVICE:N` names the same group in both.
pub async fn compute(store: &Store, campaign: &Campaign, costs: &CostModel) -> anyhow::Result<Opportunities> {
    let bar = spinner("Voisinage des cibles…");
    let adjacency = store.adjacency_for(campaign).await;
    bar.finish_and_clear();
    let adjacency = adjacency?
        .context("aucun contour de commune : importez le territoire (mutu territory import) ou des contours")?;
    let responses = store.responses(&campaign.code).await?;
    let offers = store.offers().await?;
    Ok(opportunities(campaign, &responses, &adjacency, costs).with_offers(&offers))
}

fn level_label(level: Level) -> &'static str {
    match level {
        Level::Region => "régional",
        Level::Departement => "départemental",
        Level::InterEpci => "inter-EPCI",
    }
}

/// The opportunities as text: services by ranking, with their groups.
fn text(campaign: &Campaign, o: &Opportunities) -> String {
    let names = campaign.target_index();
    let mut out = format!("Opportunités de mutualisation — vague {}\n", o.campaign);
    for code in &o.ranking {
        let Some(s) = o.services.iter().find(|s| &s.service == code) else { continue };
        let label = campaign.catalogue.services.iter().find(|x| &x.code == code).map_or("", |x| &x.label);
        let score = s.score.map_or_else(|| "—".to_owned(), |v| format!("{:.0} %", v * 100.0));
        out.push_str(&format!(
            "\n{code} — {label}\n  score {score} ; seuls {} ; à l'étude {} ; déjà mutualisé {}\n",
            s.alone.len(),
            s.studying.len(),
            s.pooled.len()
        ));
        for (i, g) in s.groups.iter().enumerate() {
            let members: Vec<&str> =
                g.members.iter().map(|m| names.get(m.as_str()).map_or(m.as_str(), |t| &t.name)).collect();
            out.push_str(&format!(
                "  groupe {} ({}, {} hab., économie estimée {} €/an) : {}\n",
                i + 1,
                level_label(g.level),
                thousands(g.population),
                thousands(g.estimated_savings.max(0.0).round() as u64),
                members.join(", ")
            ));
            for offer in &g.offers {
                out.push_str(&format!("    offre : {} ({}) — {}\n", offer.structure, offer.vehicle, offer.price_model));
            }
        }
        if !s.existing.partners.is_empty() {
            let partners: Vec<&str> = s.existing.partners.iter().map(|p| p.name.as_str()).collect();
            out.push_str(&format!("  structures citées : {}\n", partners.join(", ")));
        }
    }
    out
}

/// The members of the group `SERVICE:NUMÉRO` of `--export-group`.
fn group_members<'a>(o: &'a Opportunities, spec: &str) -> anyhow::Result<&'a [String]> {
    let (service, index) = spec.split_once(':').context("--export-group attend SERVICE:NUMÉRO (ex. sig:1)")?;
    let index: usize = index.trim().parse().context("--export-group : numéro de groupe invalide")?;
    let s = o.services.iter().find(|s| s.service == service).with_context(|| format!("service {service} inconnu"))?;
    let group = index
        .checked_sub(1)
        .and_then(|i| s.groups.get(i))
        .with_context(|| format!("le service {service} a {} groupe(s)", s.groups.len()))?;
    Ok(&group.members)
}

/// The starting file of a "groupement de commandes" (see [`mutu_app::groups::members_csv`]).
pub async fn members_csv(store: &Store, campaign: &Campaign, members: &[String]) -> anyhow::Result<String> {
    Ok(mutu_app::groups::members_csv(store, campaign, members).await?)
}
