//! `mutu user add`: accounts of the study side (administrator, lead, viewer); `mutu user
//! domain add|remove|list`: the e-mail domains whose agents signing in through ProConnect get a
//! viewer account on their first sign-in.

use clap::{Subcommand, ValueEnum};
use mutu_app::passwords::{MIN_PASSWORD_CHARS, hash_password};
use mutu_domain::lifecycle::Role;
use mutu_storage::Store;

/// `mutu user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Crée un compte (ou change son rôle et son mot de passe). Le mot de passe est lu dans
    /// MUTU_PASSWORD, sinon tiré au hasard et affiché une fois.
    Add {
        /// Courriel (identifiant de connexion).
        email: String,
        /// Rôle.
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// Domaines de courriel dont les agents qui se connectent avec ProConnect reçoivent un
    /// compte en lecture seule à leur première connexion.
    #[command(subcommand)]
    Domain(DomainCommand),
}

/// `mutu user domain …`
#[derive(Debug, Subcommand)]
pub enum DomainCommand {
    /// Admet les agents d'un domaine (`region-exemple.fr`) en lecture seule.
    Add {
        /// Domaine.
        domain: String,
    },
    /// Retire un domaine (les comptes déjà créés restent).
    Remove {
        /// Domaine.
        domain: String,
    },
    /// Liste les domaines admis.
    List,
}

/// Roles of the study side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Administrateur : tout, dont les comptes.
    Admin,
    /// Chargé·e d'étude : vagues, invitations, relances.
    Lead,
    /// Lecture seule.
    Viewer,
}

/// Runs a user subcommand.
pub async fn run(store: &Store, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add { email, role } => {
            let role = match role {
                RoleArg::Admin => Role::Admin,
                RoleArg::Lead => Role::Lead,
                RoleArg::Viewer => Role::Viewer,
            };
            // The password comes from the environment (scripts) or is drawn and printed once.
            let (password, drawn) = match std::env::var("MUTU_PASSWORD") {
                Ok(p) if p.chars().count() >= MIN_PASSWORD_CHARS => (p, false),
                Ok(_) => anyhow::bail!("MUTU_PASSWORD doit compter au moins {MIN_PASSWORD_CHARS} caractères"),
                Err(_) => (mutu_app::secrets::random_token()[..20].to_owned(), true),
            };
            store.set_user_password(&email, role, &hash_password(&password)?).await?;
            store.audit("cli", "user.add", &format!("{} ({})", email.trim().to_lowercase(), role.code())).await?;
            if drawn {
                println!("Compte {} ({}) prêt. Mot de passe : {password}", email.trim(), role.code());
            } else {
                println!("Compte {} ({}) prêt.", email.trim(), role.code());
            }
            Ok(())
        }
        UserCommand::Domain(DomainCommand::Add { domain }) => {
            let domain = store.add_viewer_domain(&domain, "cli").await?;
            store.audit("cli", "user.domain.add", &domain).await?;
            println!("Domaine {domain} admis en lecture seule.");
            Ok(())
        }
        UserCommand::Domain(DomainCommand::Remove { domain }) => {
            if !store.remove_viewer_domain(&domain).await? {
                anyhow::bail!("le domaine {} n'est pas admis", domain.trim());
            }
            store.audit("cli", "user.domain.remove", &domain.trim().to_lowercase()).await?;
            println!("Domaine {} retiré.", domain.trim().to_lowercase());
            Ok(())
        }
        UserCommand::Domain(DomainCommand::List) => {
            for d in store.viewer_domains().await? {
                println!("{}\t{}\t{}", d.domain, d.added_by, d.added_at.date());
            }
            Ok(())
        }
    }
}
