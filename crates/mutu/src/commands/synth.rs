//! `mutu synth`: fills a wave with clearly labelled fictitious answers, so the demo, the
//! report and the national benchmarks have something to show before real answers come in.

use super::{campaign_code, spinner};
use clap::Args;
use mutu_domain::answers::ResponseStatus;
use mutu_domain::size_class::thousands;
use mutu_domain::synth::synthesise;
use mutu_storage::Store;
use std::time::Instant;

/// Arguments of `mutu synth`.
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Code de la vague à remplir de réponses fictives.
    #[arg(long)]
    pub campaign: String,
    /// Graine du tirage : la même graine donne les mêmes réponses fictives.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Part des cibles avec une réponse complète, entre 0 et 1 (un dixième des autres reçoit
    /// un brouillon).
    #[arg(long, default_value_t = mutu_domain::synth::DEFAULT_COMPLETION, value_parser = parse_rate)]
    pub completion: f64,
}

/// Reads a rate between 0 and 1 (`0.7`, or `0,7` as French users type it).
fn parse_rate(value: &str) -> Result<f64, String> {
    match value.trim().replace(',', ".").parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!("« {value} » : un taux entre 0 et 1 est attendu (ex. 0.7)")),
    }
}

/// Runs `mutu synth`: draws the answers, then imports them in one transaction (replacing
/// the answers of the targets drawn).
pub async fn run(store: &Store, args: SynthArgs) -> anyhow::Result<()> {
    let code = campaign_code(&args.campaign)?;
    let campaign = store.campaign(&code).await?;
    let bar = spinner("Génération des réponses fictives…");
    let started = Instant::now();
    let responses = synthesise(&campaign, args.seed, args.completion);
    tracing::debug!(elapsed = ?started.elapsed(), targets = campaign.targets.len(), "réponses fictives tirées");
    bar.set_message("Écriture dans la base…");
    let started = Instant::now();
    let n = store.import_responses(&code, &responses).await?;
    tracing::debug!(elapsed = ?started.elapsed(), "réponses fictives écrites");
    bar.finish_and_clear();
    let complete = responses.iter().filter(|r| r.status == ResponseStatus::Complete).count() as u64;
    println!("{} réponses fictives générées pour la vague {code} ({} complètes).", thousands(n), thousands(complete));
    Ok(())
}
