//! Runs the real `mutu` binary against a fresh database, SQLite in a temporary folder or a
//! PostgreSQL schema of its own (dropped afterwards, even when the test fails).
//!
//! PostgreSQL is found at `MUTU_TEST_POSTGRES_URL`, else `postgres://postgres@127.0.0.1:5432/test`.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A file of the seed's fixture (`tests/fixtures/npdc-2014/` at the workspace root).
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/npdc-2014").join(name)
}

/// Reads a fixture as text.
pub fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn postgres_url() -> String {
    std::env::var("MUTU_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// Runs one statement on a plain connection, on a runtime of its own.
fn admin(base: &str, statement: String) -> anyhow::Result<()> {
    use sqlx::Connection;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let mut conn = sqlx::PgConnection::connect(base).await?;
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement)).execute(&mut conn).await?;
        conn.close().await?;
        Ok(())
    })
}

/// A database for one test, and a scratch folder for the files it writes.
pub struct Db {
    url: String,
    schema: Option<(String, String)>,
    work: tempfile::TempDir,
}

impl Db {
    /// A new SQLite database in a temporary folder.
    pub fn sqlite() -> Db {
        let work = tempfile::tempdir().expect("temporary folder");
        let url = format!("sqlite://{}", work.path().join("mutu.db").display());
        Db { url, schema: None, work }
    }

    /// A new, empty PostgreSQL schema `mutu_cli_<uuid>`.
    pub fn postgres() -> Db {
        let base = postgres_url();
        let schema = format!("mutu_cli_{}", uuid::Uuid::new_v4().simple());
        admin(&base, format!("CREATE SCHEMA {schema}")).unwrap_or_else(|e| panic!("PostgreSQL at {base}: {e}"));
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-csearch_path%3D{schema}");
        Db { url, schema: Some((base, schema)), work: tempfile::tempdir().expect("temporary folder") }
    }

    /// The database URL given to `--db` (to derive a read-only or otherwise altered one).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A path in the test's scratch folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.work.path().join(name)
    }

    /// Writes a file in the scratch folder and returns its path as text.
    pub fn write(&self, name: &str, content: &str) -> String {
        let path = self.path(name);
        std::fs::write(&path, content).expect("write scratch file");
        path.display().to_string()
    }

    /// Runs `mutu --db URL ARGS…` in the scratch folder.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_mutu"))
            .arg("--db")
            .arg(&self.url)
            .args(args)
            .current_dir(self.work.path())
            .env_remove("MUTU_DATABASE_URL")
            .env_remove("MUTU_LOG")
            .output()
            .expect("run mutu")
    }

    /// Starts `mutu --db URL ARGS…` in the background (a server), output discarded.
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        Command::new(env!("CARGO_BIN_EXE_mutu"))
            .arg("--db")
            .arg(&self.url)
            .args(args)
            .current_dir(self.work.path())
            .env_remove("MUTU_DATABASE_URL")
            .env_remove("MUTU_PUBLIC_URL")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start mutu")
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "mutu {} failed ({}):\n{stderr}", args.join(" "), out.status);
        String::from_utf8(out.stdout).expect("UTF-8 stdout")
    }

    /// Runs a command that must succeed and print JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let stdout = self.ok(args);
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("mutu {}: not JSON ({e}):\n{stdout}", args.join(" ")))
    }

    /// Runs a command that must fail with one line on stderr; returns that line.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8(out.stderr).expect("UTF-8 stderr");
        assert!(!out.status.success(), "mutu {} succeeded, expected a failure", args.join(" "));
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "mutu {}: expected one line on stderr, got:\n{stderr}", args.join(" "));
        lines[0].to_owned()
    }

    /// `territory import` of the seed's territory (53 EPCI, 1 546 communes).
    pub fn load_territory(&self) {
        self.ok(&["territory", "import", &fixture("territory.csv").display().to_string()]);
    }

    /// The seed's territory, the wave npdc-2014 over its EPCI and the seed's answers.
    pub fn load_seed_wave(&self) {
        self.load_territory();
        self.ok(&["campaign", "create", "npdc-2014", "--targets", "epci"]);
        self.ok(&["responses", "import", "--campaign", "npdc-2014", &fixture("responses.jsonl").display().to_string()]);
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some((base, schema)) = self.schema.take() {
            let _ = admin(&base, format!("DROP SCHEMA {schema} CASCADE"));
        }
    }
}

/// The JSON path of the first place where `actual` does not hold `expected`: every key of
/// `expected` must be there with an equal value (numbers within 1e-9); extra keys are fine.
pub fn first_difference(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e.iter().find_map(|(key, value)| match a.get(key) {
            Some(other) => first_difference(value, other, &format!("{path}.{key}")),
            None => Some(format!("{path}.{key} : absent")),
        }),
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            e.iter().zip(a).enumerate().find_map(|(i, (x, y))| first_difference(x, y, &format!("{path}[{i}]")))
        }
        (Value::Array(e), Value::Array(a)) => {
            Some(format!("{path} : {} éléments attendus, {} obtenus", e.len(), a.len()))
        }
        (Value::Number(e), Value::Number(a)) => {
            let (x, y) = (e.as_f64().unwrap_or(f64::NAN), a.as_f64().unwrap_or(f64::NAN));
            ((x - y).abs() > 1e-9).then(|| format!("{path} : attendu {e}, obtenu {a}"))
        }
        (e, a) => (e != a).then(|| format!("{path} : attendu {e}, obtenu {a}")),
    }
}
