//! `mutu people register|export|erase|purge`: the personal data mutu holds (RGPD). Nothing
//! here logs an address: the audit trail records the erasure under its pseudonym.

use super::Format;
use clap::Subcommand;
use mutu_domain::qualitative::{REGISTER, Retention};
use mutu_storage::Store;

/// `mutu people …`
#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Le registre des données personnelles : quoi, où, pourquoi, combien de temps.
    Register {
        /// Format de sortie.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Tout ce que la base contient sur une adresse courriel (JSON).
    Export {
        /// Courriel (la casse et les espaces autour sont ignorés).
        email: String,
    },
    /// Efface ou pseudonymise partout ce qui concerne une adresse, en une transaction ; les
    /// chiffres de l'analyse ne changent pas.
    Erase {
        /// Courriel (la casse et les espaces autour sont ignorés).
        email: String,
    },
    /// Supprime ce qui a dépassé sa durée de conservation (voir le registre).
    Purge {
        /// Compte ce qui serait supprimé, sans rien supprimer.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Runs a people subcommand.
pub async fn run(store: &Store, command: PeopleCommand) -> anyhow::Result<()> {
    match command {
        PeopleCommand::Register { format: Format::Json } => {
            println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "register": REGISTER, "retention_days": Retention::default()
                }))?
            );
        }
        PeopleCommand::Register { format: Format::Text } => {
            for e in REGISTER {
                println!("{} — {}", e.code, e.data);
                println!(
                    "  où : {}\n  pourquoi : {}\n  conservation : {}\n  à l'effacement : {}\n",
                    e.location, e.purpose, e.retention, e.erasure
                );
            }
        }
        PeopleCommand::Export { email } => {
            println!("{}", serde_json::to_string_pretty(&store.personal_data(&email).await?)?);
        }
        PeopleCommand::Erase { email } => {
            let done = store.erase_person(&email).await?;
            store.audit("cli", "people.erase", &done.pseudonym).await?;
            println!(
                "Effacé : {} compte(s), {} contact(s), {} réponse(s) sans leurs champs personnels, {} personne(s) \
                 rencontrée(s) pseudonymisée(s), {} ligne(s) du journal des courriels et {} du journal d'audit \
                 pseudonymisées, {} courriel(s) retiré(s) de la file, {} dernier(s) enregistrement(s) d'agent \
                 pseudonymisé(s) ({}).",
                done.users,
                done.contacts,
                done.answers,
                done.people_met,
                done.mail_log,
                done.audit,
                done.outbox,
                done.agent_saves,
                done.pseudonym
            );
            for o in &done.leftovers {
                println!(
                    "À revoir à la main : l'adresse figure encore dans {}.{} ({} ligne(s)).",
                    o.table, o.column, o.rows
                );
            }
        }
        PeopleCommand::Purge { dry_run } => {
            let p = store.purge(&Retention::default(), time::OffsetDateTime::now_utc(), dry_run).await?;
            let verb = if dry_run { "Seraient supprimés" } else { "Supprimés" };
            println!(
                "{verb} : {} session(s), {} ligne(s) du journal des courriels, {} courriel(s) de la file, {} \
                 contact(s), les champs personnels de {} réponse(s), les notes de {} entretien(s).",
                p.sessions, p.mail_log, p.outbox, p.contacts, p.answers, p.interview_notes
            );
        }
    }
    Ok(())
}
