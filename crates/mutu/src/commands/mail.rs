//! `mutu mail invitations|reminders|status|schedule`: the outbox of a wave from the command
//! line, as on its mail page. Queuing writes one row per recipient and returns at once;
//! `mutu worker` (or `mutu serve --smtp-host`) sends them.

use super::{Format, campaign_code};
use anyhow::Context;
use clap::Subcommand;
use mutu_app::invitations::not_yet_working;
use mutu_app::mail::{self, Queued, ReminderFilter};
use mutu_domain::codes::DepartementCode;
use mutu_storage::Store;

/// `mutu mail …`
#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Met en file une invitation, avec un nouveau lien personnel, pour chaque cible ayant un
    /// courriel de contact ; affiche combien.
    Invitations {
        /// Code de la vague.
        #[arg(long)]
        campaign: String,
        /// Seulement aux cibles sans lien actif.
        #[arg(long)]
        only_missing: bool,
    },
    /// Met en file une relance, avec un nouveau lien, pour chaque cible ayant un courriel de
    /// contact et pas de réponse transmise ; affiche combien.
    Reminders {
        /// Code de la vague.
        #[arg(long)]
        campaign: String,
        /// Seulement les cibles de cette classe de taille (ex. lt10k).
        #[arg(long)]
        size_class: Option<String>,
        /// Seulement les cibles de ce département.
        #[arg(long)]
        departement: Option<String>,
    },
    /// Où en est le courrier de la vague : en file, envoyés, échecs, renvoyés après une
    /// interruption (JSON : {"queued": n, "sent": n, "failed": n, "resent": n}).
    Status {
        /// Code de la vague.
        #[arg(long)]
        campaign: String,
        /// Format de sortie.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Jours de relance programmés : ce jour-là, le worker relance de lui-même les cibles
    /// sans réponse transmise. Sans date, les affiche.
    Schedule {
        /// Code de la vague.
        #[arg(long)]
        campaign: String,
        /// Jours (AAAA-MM-JJ) à ajouter, ou à retirer avec --remove.
        days: Vec<String>,
        /// Retire les jours donnés au lieu de les ajouter.
        #[arg(long)]
        remove: bool,
    },
}

/// `n` and the word that follows it, singular for 0 and 1 as French writes it.
fn counted(n: u64, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n <= 1 { singular } else { plural })
}

fn said(what: (&str, &str), code: &str, queued: &Queued) {
    println!("{} en file pour la vague {code}.", counted(queued.queued, what.0, what.1));
    if queued.already_waiting > 0 {
        let who = counted(queued.already_waiting, "destinataire en avait", "destinataires en avaient");
        println!("{who} déjà une en file : pas de doublon.");
    }
    if let Some(why) = not_yet_working(queued.state) {
        eprintln!("Attention : {why}.");
    }
}

fn day(text: &str) -> anyhow::Result<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format).with_context(|| format!("jour « {text} » : attendu AAAA-MM-JJ"))
}

/// Runs a mail subcommand.
pub async fn run(store: &Store, command: MailCommand) -> anyhow::Result<()> {
    match command {
        MailCommand::Invitations { campaign, only_missing } => {
            let code = campaign_code(&campaign)?;
            let queued = mail::queue_invitations(store, &code, only_missing, "cli").await?;
            said(("invitation mise", "invitations mises"), code.as_str(), &queued);
        }
        MailCommand::Reminders { campaign, size_class, departement } => {
            let code = campaign_code(&campaign)?;
            let departement = departement.as_deref().map(DepartementCode::parse).transpose()?;
            let filter = ReminderFilter { size_class, departement };
            let queued = mail::queue_reminders(store, &code, &filter, "cli").await?;
            said(("relance mise", "relances mises"), code.as_str(), &queued);
        }
        MailCommand::Status { campaign, format } => {
            let status = store.mail_status(&campaign_code(&campaign)?).await?;
            match format {
                Format::Json => println!("{}", serde_json::to_string(&status)?),
                Format::Text => println!(
                    "En file : {} ; envoyés : {} ; échecs : {} ; renvoyés après une interruption : {}",
                    status.queued, status.sent, status.failed, status.resent
                ),
            }
        }
        MailCommand::Schedule { campaign, days, remove } => {
            let code = campaign_code(&campaign)?;
            let days: Vec<time::Date> = days.iter().map(|d| day(d)).collect::<anyhow::Result<_>>()?;
            for d in &days {
                if remove {
                    if !store.remove_reminder_day(&code, *d).await? {
                        anyhow::bail!("la vague {code} n'a pas de relance le {d}");
                    }
                } else {
                    store.add_reminder_day(&code, *d).await?;
                }
            }
            if !days.is_empty() {
                store
                    .audit("cli", if remove { "mail.schedule.remove" } else { "mail.schedule.add" }, code.as_str())
                    .await?;
            }
            for r in store.reminder_days(&code).await? {
                match (r.done_at, r.queued) {
                    (Some(at), Some(n)) => println!("{} : {n} relances mises en file le {}", r.day, at.date()),
                    _ => println!("{} : à venir", r.day),
                }
            }
        }
    }
    Ok(())
}
