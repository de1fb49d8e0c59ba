//! `mutu demo`: the embedded default. A SQLite database in a temporary (or given) folder,
//! loaded by [`mutu_app::demo`] (the bundled referential of the Hauts-de-France region with
//! its commune contours, one open wave over its EPCI filled with clearly labelled fictitious
//! answers), a demo lead account whose password is printed, then the server.

use anyhow::Context;
use clap::Args;
use mutu_app::demo::{DEMO_CAMPAIGN, DEMO_LEAD};
use mutu_app::invitations::{self, InvitationScope};
use mutu_app::passwords::hash_password;
use mutu_domain::lifecycle::Role;
use mutu_storage::Store;
use mutu_web::AppConfig;
use std::path::PathBuf;

/// Arguments of `mutu demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Adresse d'écoute.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Dossier de la base de démonstration (défaut : un dossier temporaire).
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

/// Runs `mutu demo`.
pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let (dir, _kept) = match &args.dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("création de {}", dir.display()))?;
            (dir.clone(), None)
        }
        None => {
            let tmp = tempfile::Builder::new().prefix("mutu-demo-").tempdir()?;
            (tmp.path().to_path_buf(), Some(tmp))
        }
    };
    let db = format!("sqlite://{}", dir.join("mutu-demo.db").display());
    let store = Store::open(&db).await?;
    let bar = super::spinner("Préparation de la démonstration…");
    let code = mutu_app::demo::load(&store).await;
    bar.finish_and_clear();
    let code = code?;
    let password = mutu_app::secrets::random_token()[..16].to_owned();
    store.set_user_password(DEMO_LEAD, Role::Lead, &hash_password(&password)?).await?;
    let config = AppConfig::new(&format!("http://{}", args.bind));
    let statuses = store.target_statuses(&code).await?;
    let silent: Vec<String> =
        statuses.iter().filter(|s| s.status.is_none()).take(3).map(|s| s.target.code.clone()).collect();
    let mut links = Vec::new();
    for respondent in silent {
        let scope = InvitationScope::One(respondent);
        links.extend(invitations::issue(&store, &config.public_url, &code, scope, "demo").await?.links);
    }
    println!("Base de démonstration : {db}");
    println!("Vague « {DEMO_CAMPAIGN} » : EPCI des Hauts-de-France, réponses FICTIVES (générées par mutu synth).");
    println!();
    println!("Ouvrez {}/connexion", config.public_url);
    println!("  identifiant : {DEMO_LEAD}");
    println!("  mot de passe : {password}");
    println!();
    println!("Liens d'invitation de quelques EPCI qui n'ont pas encore répondu (à ouvrir dans un autre navigateur) :");
    for link in &links {
        println!("  {} — {}", link.name, link.url);
    }
    println!();
    super::serve::serve(store, config, &args.bind).await
}
