//! Test support: starts `tests/oidc-provider/provider.mjs`, a real OpenID Connect provider
//! (the npm package `oidc-provider`, set up like ProConnect), installing its packages with
//! `npm ci` first when needed, and stops it when dropped. `mutu-oidc`'s tests and the web's
//! sign-in tests start their providers through here, so both meet the same provider the same
//! way.
//!
//! Without `node`, [`Provider::start`] returns `None` after a `SKIPPED` line on a developer's
//! machine, and fails under CI (`CI` set), where the provider must run.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The client id the provider registers (`mutu`: signed userinfo; `mutu-json`: plain JSON).
pub const CLIENT_ID: &str = "mutu";
/// The secret the provider gives its clients (its default, set explicitly here).
pub const SECRET: &str = "secret-de-test-du-fournisseur-oidc-de-mutu-0123456789";

/// A running provider, stopped when dropped.
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
    /// Starts a provider for a mutu at `public_url` (no trailing `/`: its callback and its
    /// return after logout are registered under it) with these `OP_*` variables (see the
    /// header of `provider.mjs`).
    ///
    /// # Panics
    ///
    /// When node is missing under CI, or the provider does not start within 60 s.
    pub async fn start(public_url: &str, env: &[(&str, &str)]) -> Option<Provider> {
        if let Err(why) = installed() {
            assert!(std::env::var_os("CI").is_none(), "node is needed under CI: {why}");
            eprintln!("SKIPPED: signing in through OpenID Connect needs node ({why})");
            return None;
        }
        let mut child = Command::new("node")
            .args(["provider.mjs", "0"])
            .current_dir(folder())
            .env("OP_CLIENT_ID", CLIENT_ID)
            .env("OP_CLIENT_SECRET", SECRET)
            .env("OP_REDIRECT_URIS", format!("{public_url}/oidc/retour"))
            .env("OP_POST_LOGOUT_REDIRECT_URIS", format!("{public_url}/oidc/deconnexion"))
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
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Some(Provider { issuer, _child: child })
    }
}
