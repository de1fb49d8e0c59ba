//! `mutu serve`: the web UI and the JSON API over the database of `--db`.

use anyhow::Context;
use clap::Args;
use mutu_storage::Store;
use mutu_web::{AppConfig, AppState, SmtpConfig};

/// Arguments of `mutu serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Adresse d'écoute.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Adresse publique du service (les liens d'invitation en partent), ex. https://enquete.exemple.fr
    #[arg(long, env = "MUTU_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Relais SMTP pour les invitations et relances (sans relais, l'envoi est désactivé).
    #[arg(long, env = "MUTU_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// Port du relais SMTP.
    #[arg(long, env = "MUTU_SMTP_PORT", default_value_t = 25)]
    pub smtp_port: u16,
    /// Expéditeur des courriels.
    #[arg(long, env = "MUTU_MAIL_FROM", default_value = "mutu <ne-pas-repondre@mutu.invalid>")]
    pub mail_from: String,
}

/// The server settings from the command line.
pub fn config(args: &ServeArgs) -> AppConfig {
    let public_url = args.public_url.clone().unwrap_or_else(|| format!("http://{}", args.bind));
    let mut config = AppConfig::new(&public_url);
    if let Some(host) = &args.smtp_host {
        config.smtp = Some(SmtpConfig { host: host.clone(), port: args.smtp_port, from: args.mail_from.clone() });
    }
    config
}

/// Binds the address and serves until the process is stopped.
pub async fn serve(store: Store, config: AppConfig, bind: &str) -> anyhow::Result<()> {
    let listener =
        tokio::net::TcpListener::bind(bind).await.with_context(|| format!("impossible d'écouter sur {bind}"))?;
    let url = config.public_url.clone();
    let state = AppState::new(store, config)?;
    println!("mutu écoute sur {url} (Ctrl+C pour arrêter).");
    mutu_web::serve(state, listener).await.context("serveur web")
}

/// Runs `mutu serve`.
pub async fn run(store: &Store, args: ServeArgs) -> anyhow::Result<()> {
    serve(store.clone(), config(&args), &args.bind).await
}
