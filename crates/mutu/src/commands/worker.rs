//! `mutu worker`: sends the outbox's mail through an SMTP relay until stopped (SIGINT or
//! SIGTERM), at most `--mail-rate` mails a second, progress on stderr. Any number may run on
//! one database, here or on other machines: each claims its own mail. `mutu serve
//! --smtp-host` runs the same worker beside the web.

use clap::Args;
use mutu_app::mail::{MailWorker, Round, SmtpSettings, WorkerSettings};
use mutu_storage::Store;
use std::time::{Duration, Instant};

/// Arguments of `mutu worker`, and the mail settings `mutu serve` shares.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// Relais SMTP (en clair, sur la machine ou le réseau local : il assure TLS vers l'extérieur).
    #[arg(long, env = "MUTU_SMTP_HOST")]
    pub smtp_host: String,
    #[command(flatten)]
    pub mail: MailArgs,
    /// Adresse publique du service, début de chaque lien personnel.
    #[arg(long, env = "MUTU_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    pub public_url: String,
    /// Durée (secondes) pendant laquelle un lot de courriels reste réservé à ce worker ; s'il
    /// s'arrête brutalement, un autre reprend ses courriels après ce délai.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub lease: u64,
}

/// The relay settings besides its host, shared by `mutu worker` and `mutu serve`.
#[derive(Debug, Args)]
pub struct MailArgs {
    /// Port du relais SMTP.
    #[arg(long, env = "MUTU_SMTP_PORT", default_value_t = 25)]
    pub smtp_port: u16,
    /// Expéditeur des courriels.
    #[arg(long, env = "MUTU_MAIL_FROM", default_value = "mutu <ne-pas-repondre@mutu.invalid>")]
    pub mail_from: String,
    /// Au plus N courriels par seconde.
    #[arg(long, env = "MUTU_MAIL_RATE", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub mail_rate: u32,
}

impl MailArgs {
    /// The relay at `host`.
    pub fn smtp(&self, host: &str) -> SmtpSettings {
        SmtpSettings { host: host.to_owned(), port: self.smtp_port, from: self.mail_from.clone() }
    }
}

/// One line on stderr for a round that did something.
pub fn progress(total: &mut Round, started: Instant) -> impl FnMut(&Round) + '_ {
    move |round| {
        *total += *round;
        let rate = total.sent as f64 / started.elapsed().as_secs_f64().max(0.001);
        let mut line = format!(
            "courriels : {} envoyés ({:.1}/s), {} échecs, {} à réessayer",
            total.sent, rate, total.failed, total.retried
        );
        if total.resent > 0 {
            line.push_str(&format!(", dont {} renvoyés après une interruption", total.resent));
        }
        if total.reminders > 0 {
            line.push_str(&format!(" ; {} relances programmées mises en file", total.reminders));
        }
        if round.relay_down {
            line.push_str(" ; le relais ne répond pas, nouvel essai plus tard");
        }
        eprintln!("{line}");
    }
}

/// Waits for SIGINT or SIGTERM.
async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match (signal(SignalKind::interrupt()), signal(SignalKind::terminate())) {
        (Ok(mut int), Ok(mut term)) => {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
        }
        _ => std::future::pending().await,
    }
}

/// Runs `mutu worker`.
pub async fn run(store: &Store, args: WorkerArgs) -> anyhow::Result<()> {
    let worker =
        MailWorker::new(store.clone(), &args.mail.smtp(&args.smtp_host), &args.public_url, args.mail.mail_rate)?;
    let settings = WorkerSettings { lease: Duration::from_secs(args.lease), ..worker.settings().clone() };
    let worker = worker.with_settings(settings);
    eprintln!(
        "mutu worker {} : relais {}:{}, au plus {} courriels par seconde (Ctrl+C pour arrêter).",
        worker.id(),
        args.smtp_host,
        args.mail.smtp_port,
        args.mail.mail_rate
    );
    let (started, mut total) = (Instant::now(), Round::default());
    worker.run_until(stop_signal(), progress(&mut total, started)).await?;
    eprintln!(
        "mutu worker arrêté : {} courriels envoyés, {} échecs, en {:.0} s.",
        total.sent,
        total.failed,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
