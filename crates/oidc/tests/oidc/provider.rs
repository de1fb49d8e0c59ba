//! Starts `tests/oidc-provider/provider.mjs` (installing its packages with `npm ci` first if
//! needed) and stops it when dropped.

use mutu_oidc::{OidcClient, OidcConfig};
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use url::Url;

/// The secret the provider gives its clients (its default, set explicitly here).
pub const SECRET: &str = "secret-de-test-du-fournisseur-oidc-de-mutu-0123456789";
/// mutu's public URL in these tests: the callback is never contacted, the browser stops there.
pub const PUBLIC_URL: &str = "http://127.0.0.1:9/";

/// A running provider.
pub struct Provider {
    /// Its issuer, `http://127.0.0.1:PORT`.
    pub issuer: String,
    _child: Child,
}

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/oidc-provider")
}

/// Installs the provider's packages once per test run; `Err` tells why it cannot run.
fn installed() -> &'static Result<(), String> {
    static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        if std::process::Command::new("node").arg("--version").output().is_err() {
            return Err("node is not installed".into());
        }
        if folder().join("node_modules/oidc-provider").is_dir() {
            return Ok(());
        }
        let status = std::process::Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(folder())
            .status()
            .map_err(|e| format!("npm: {e}"))?;
        assert!(status.success(), "npm ci failed in {}", folder().display());
        Ok(())
    })
}

impl Provider {
    /// Starts a provider with these `OP_*` variables; `None` (and a SKIPPED line) when node is
    /// not installed.
    pub async fn start(env: &[(&str, &str)]) -> Option<Provider> {
        if let Err(why) = installed() {
            eprintln!("SKIPPED: the OpenID Connect provider tests need node ({why})");
            return None;
        }
        let mut child = Command::new("node")
            .args(["provider.mjs", "0"])
            .current_dir(folder())
            .env("OP_CLIENT_ID", "mutu")
            .env("OP_CLIENT_SECRET", SECRET)
            .env("OP_REDIRECT_URIS", format!("{PUBLIC_URL}oidc/retour"))
            .env("OP_POST_LOGOUT_REDIRECT_URIS", format!("{PUBLIC_URL}oidc/deconnexion"))
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("node provider.mjs");
        // Its errors are worth seeing; its warnings about a test set-up (Node 20, the in-memory
        // store) are not.
        let mut errors = BufReader::new(child.stderr.take().expect("stderr")).lines();
        tokio::spawn(async move {
            while let Ok(Some(line)) = errors.next_line().await {
                if !line.starts_with("oidc-provider WARNING") {
                    eprintln!("provider: {line}");
                }
            }
        });
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let ready = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await.expect("provider output") {
                if let Some(issuer) = line.strip_prefix("READY ") {
                    return issuer.to_owned();
                }
            }
            panic!("the provider stopped before it was ready");
        });
        let issuer = ready.await.expect("the provider was not ready within 60 s");
        // Keep reading: the provider dies of EPIPE if its output is closed.
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                eprintln!("provider: {line}");
            }
        });
        Some(Provider { issuer, _child: child })
    }

    /// mutu's configuration for this provider and `client_id` (`mutu`: signed userinfo;
    /// `mutu-json`: plain JSON userinfo).
    pub fn config(&self, client_id: &str) -> OidcConfig {
        let public_url = Url::parse(PUBLIC_URL).unwrap();
        OidcConfig::new(&self.issuer, client_id, SECRET.into(), &public_url).expect("configuration")
    }

    /// A discovered client of this provider for `mutu`.
    pub async fn client(&self) -> OidcClient {
        OidcClient::discover(self.config("mutu")).await.expect("discovery")
    }
}
