//! `mutu serve`: the web UI and the JSON API over the database of `--db`.

use crate::cli::ServeArgs;
use anyhow::Context;
use mutu_storage::Store;
use mutu_web::{AppConfig, AppState, SmtpConfig};

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
