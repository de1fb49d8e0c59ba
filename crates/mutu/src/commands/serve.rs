//! `mutu serve`: the web UI and the JSON API over the database of `--db`; with
//! `--smtp-host`, the mail worker too (the same as `mutu worker`), beside the web; with
//! `--oidc-issuer` and `--oidc-client-id`, study leads sign in through ProConnect (or any
//! OpenID Connect provider), discovered once at start (docs/proconnect.md).

use super::worker::{MailArgs, progress};
use anyhow::Context;
use clap::Args;
use mutu_app::mail::{MailWorker, Round};
use mutu_storage::Store;
use mutu_web::oidc::OidcClient;
use mutu_web::{AppConfig, AppState};
use std::sync::Arc;

/// Arguments of `mutu serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Adresse d'écoute.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Adresse publique du service (les liens d'invitation en partent), ex. https://enquete.exemple.fr
    #[arg(long, env = "MUTU_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Relais SMTP des invitations et relances : le serveur envoie alors lui-même le courrier
    /// mis en file (sinon, un `mutu worker` lancé ailleurs s'en charge).
    #[arg(long, env = "MUTU_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// Mandataires inverses (adresses ou réseaux, séparés par des virgules) dont l'en-tête
    /// `X-Forwarded-For` est cru : les limites de tentatives voient alors le client, pas le
    /// mandataire. Sans eux, l'en-tête est ignoré.
    #[arg(long, env = "MUTU_TRUSTED_PROXY", value_delimiter = ',', value_parser = trusted_proxy)]
    pub trusted_proxy: Vec<ipnet::IpNet>,
    /// Émetteur OpenID Connect par lequel les équipes d'étude se connectent (ProConnect, ex.
    /// https://auth.agentconnect.gouv.fr/api/v2, ou le Keycloak d'une Région), tel que son
    /// document de découverte l'écrit. Avec --oidc-client-id ; le secret du client est lu dans
    /// MUTU_OIDC_CLIENT_SECRET ou dans le fichier nommé par MUTU_OIDC_CLIENT_SECRET_FILE.
    #[arg(long, env = "MUTU_OIDC_ISSUER", requires = "oidc_client_id")]
    pub oidc_issuer: Option<String>,
    /// Identifiant du client mutu chez le fournisseur OpenID Connect (avec --oidc-issuer).
    #[arg(long, env = "MUTU_OIDC_CLIENT_ID", requires = "oidc_issuer")]
    pub oidc_client_id: Option<String>,
    /// Désactive la connexion par mot de passe des équipes d'étude : le fournisseur OpenID
    /// Connect devient le seul accès (avec --oidc-issuer).
    #[arg(long, requires = "oidc_issuer")]
    pub no_password_login: bool,
    #[command(flatten)]
    pub mail: MailArgs,
}

/// The server settings from the command line.
pub fn config(args: &ServeArgs) -> AppConfig {
    let public_url = args.public_url.clone().unwrap_or_else(|| format!("http://{}", args.bind));
    let mut config = AppConfig::new(&public_url);
    config.smtp = args.smtp_host.as_deref().map(|host| args.mail.smtp(host));
    config.trusted_proxies = args.trusted_proxy.clone();
    config.password_login = !args.no_password_login;
    config
}

/// Reads one `--trusted-proxy`: a network (`10.0.0.0/8`) or a single address (`127.0.0.1`,
/// `::1`), which stands for itself alone.
fn trusted_proxy(text: &str) -> Result<ipnet::IpNet, String> {
    let text = text.trim();
    text.parse::<ipnet::IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("« {text} » n'est ni une adresse IP ni un réseau (ex. 10.0.0.0/8)"))
}

/// Binds the address and serves until the process is stopped.
pub async fn serve(store: Store, config: AppConfig, bind: &str) -> anyhow::Result<()> {
    serve_with(store, config, bind, None).await
}

/// [`serve`], study leads signing in through `oidc` too when given.
pub async fn serve_with(
    store: Store,
    config: AppConfig,
    bind: &str,
    oidc: Option<Arc<OidcClient>>,
) -> anyhow::Result<()> {
    let listener =
        tokio::net::TcpListener::bind(bind).await.with_context(|| format!("impossible d'écouter sur {bind}"))?;
    let url = config.public_url.clone();
    let state = AppState::new(store, config)?.with_oidc(oidc);
    println!("mutu écoute sur {url} (Ctrl+C pour arrêter).");
    mutu_web::serve(state, listener).await.context("serveur web")
}

/// Runs `mutu serve`, with the mail worker when a relay is given. The worker lives as long
/// as the server: a mail caught in flight when the process is killed is sent again by the
/// next worker, unchanged.
pub async fn run(store: &Store, args: ServeArgs) -> anyhow::Result<()> {
    let config = config(&args);
    let oidc = oidc(&args, &config.public_url).await?;
    if let Some(smtp) = &config.smtp {
        let worker = MailWorker::new(store.clone(), smtp, &config.public_url, args.mail.mail_rate)?;
        eprintln!(
            "Courriels envoyés par le relais {}:{}, au plus {} par seconde.",
            smtp.host, smtp.port, args.mail.mail_rate
        );
        tokio::spawn(async move {
            let (started, mut total) = (std::time::Instant::now(), Round::default());
            worker.run_until(std::future::pending(), progress(&mut total, started)).await
        });
    }
    serve_with(store.clone(), config, &args.bind, oidc).await
}

/// The OpenID Connect provider of `--oidc-issuer`, discovered now: a server that cannot
/// reach it, or whose secret is missing, stops at once with the reason rather than failing
/// every sign-in later.
async fn oidc(args: &ServeArgs, public_url: &str) -> anyhow::Result<Option<Arc<OidcClient>>> {
    let (Some(issuer), Some(client_id)) = (&args.oidc_issuer, &args.oidc_client_id) else { return Ok(None) };
    let client = mutu_web::oidc::discover(issuer, client_id, public_url)
        .await
        .with_context(|| format!("connexion par OpenID Connect impossible avec le fournisseur {issuer}"))?;
    eprintln!(
        "Connexion des équipes d'étude par OpenID Connect : {issuer} (client {client_id}, retour {public_url}/oidc/retour)."
    );
    Ok(Some(client))
}

#[cfg(test)]
mod tests {
    use super::trusted_proxy;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn serve_args(args: &[&str]) -> Result<super::ServeArgs, clap::Error> {
        let cli = Cli::try_parse_from(["mutu", "serve"].iter().chain(args))?;
        match cli.command {
            Command::Serve(args) => Ok(args),
            other => panic!("serve expected, got {other:?}"),
        }
    }

    #[test]
    fn the_provider_needs_its_issuer_and_client_id_and_passwords_go_only_with_one() {
        let both = ["--oidc-issuer", "https://op.example/api/v2", "--oidc-client-id", "mutu"];
        let args = serve_args(&both).unwrap();
        assert_eq!(args.oidc_issuer.as_deref(), Some("https://op.example/api/v2"));
        assert!(super::config(&args).password_login, "passwords stay the fallback");
        let off = serve_args(&[&both[..], &["--no-password-login"][..]].concat()).unwrap();
        assert!(!super::config(&off).password_login);
        assert!(serve_args(&both[..2]).is_err(), "an issuer without a client id");
        assert!(serve_args(&both[2..]).is_err(), "a client id without an issuer");
        assert!(serve_args(&["--no-password-login"]).is_err(), "no way in at all");
    }

    #[tokio::test]
    async fn an_unreachable_provider_stops_the_server_with_the_reason() {
        let args = serve_args(&["--oidc-issuer", "http://127.0.0.1:1/op", "--oidc-client-id", "mutu"]).unwrap();
        let error = super::oidc(&args, "http://127.0.0.1:8080").await.err().expect("refused");
        let text = format!("{error:#}");
        assert!(text.contains("http://127.0.0.1:1/op"), "{text}");
    }

    #[test]
    fn a_trusted_proxy_is_a_network_or_one_address() {
        assert_eq!(trusted_proxy("10.0.0.0/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(trusted_proxy(" 127.0.0.1 ").unwrap().to_string(), "127.0.0.1/32");
        assert_eq!(trusted_proxy("::1").unwrap().to_string(), "::1/128");
        let refused = trusted_proxy("proxy.local").unwrap_err();
        assert!(refused.contains("proxy.local"), "{refused}");
    }
}
