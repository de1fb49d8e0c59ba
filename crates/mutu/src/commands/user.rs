//! `mutu user add`: accounts of the study side (administrator, lead, viewer).

use crate::cli::{RoleArg, UserCommand};
use mutu_storage::{Role, Store};
use mutu_web::lead::hash_password;

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
                Ok(p) if p.chars().count() >= 12 => (p, false),
                Ok(_) => anyhow::bail!("MUTU_PASSWORD doit compter au moins 12 caractères"),
                Err(_) => (mutu_web::security::random_token()[..20].to_owned(), true),
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
    }
}
