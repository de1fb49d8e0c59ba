//! One headless Chromium for the browser tests (the keyboard journey and axe-core in
//! `browser.rs`, the XSS payloads in `xss.rs`): Debian's `chromium` and `chromium-driver`,
//! driven by fantoccini. Without Chromium a test says so and passes, except in CI (`CI`
//! set), where a missing browser fails it.

use fantoccini::{Client, ClientBuilder};
use serde_json::json;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Whether to run: Chromium present, or CI (where its absence must fail, not skip).
pub fn chromium_or_skip(test: &str) -> bool {
    if Path::new(CHROMIUM).exists() || std::env::var_os("CI").is_some() {
        return true;
    }
    eprintln!("SKIPPED {test}: {CHROMIUM} is absent (apt-get install chromium chromium-driver); CI would fail here.");
    false
}

/// chromedriver as a child process, killed when dropped.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Starts chromedriver on a free port and waits until it listens.
    pub fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{CHROMEDRIVER} does not start ({e}): apt-get install chromium-driver"));
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen on port {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }

    /// A Chromium session. A dialog opened by a page is left open (`unhandledPromptBehavior:
    /// ignore`) so that the XSS test's page check finds it instead of chromedriver dismissing it.
    pub async fn session(&self, profile: &Path) -> Client {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("unhandledPromptBehavior".into(), json!("ignore"));
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "prefs": {"intl.accept_languages": "fr-FR,fr"},
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--window-size=1280,1024", "--lang=fr-FR", format!("--user-data-dir={}", profile.display())]
            }),
        );
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a Chromium session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
