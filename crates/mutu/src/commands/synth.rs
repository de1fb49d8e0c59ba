//! `mutu synth`: fills a wave with clearly labelled fictitious answers, so the demo, the
//! report and the national benchmarks have something to show before real answers come in.

use super::{campaign_code, spinner};
use crate::cli::SynthArgs;
use mutu_domain::answers::ResponseStatus;
use mutu_domain::size_class::thousands;
use mutu_domain::synth::synthesise;
use mutu_storage::Store;
use std::time::Instant;

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
