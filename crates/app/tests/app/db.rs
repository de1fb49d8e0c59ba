//! A fresh database per test: SQLite in a temporary folder, or a PostgreSQL schema of its
//! own, dropped afterwards (PostgreSQL at `MUTU_TEST_POSTGRES_URL`, else
//! `postgres://postgres@127.0.0.1:5432/test`).

use anyhow::Result;
use mutu_storage::Store;

/// A store on a database of its own.
pub struct TestDb {
    /// The store.
    pub store: Store,
    /// The URL it was opened with (for a second store on the same database).
    pub url: String,
    schema: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

async fn admin(base: &str, statement: String) -> Result<()> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(base).await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(statement)).execute(&mut conn).await?;
    conn.close().await?;
    Ok(())
}

impl TestDb {
    /// A SQLite file in a temporary folder.
    pub async fn sqlite() -> Result<Self> {
        let dir = tempfile::tempdir()?;
        let url = format!("sqlite://{}", dir.path().join("mutu.db").display());
        Ok(TestDb { store: Store::open(&url).await?, url, schema: None, _dir: Some(dir) })
    }

    /// A new PostgreSQL schema.
    pub async fn postgres() -> Result<Self> {
        let base = std::env::var("MUTU_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let schema = format!("mutu_app_{}", uuid::Uuid::new_v4().simple());
        admin(&base, format!("CREATE SCHEMA {schema}")).await?;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-csearch_path%3D{schema}");
        Ok(TestDb { store: Store::open(&url).await?, url, schema: Some((base, schema)), _dir: None })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, schema)) = self.schema.take() {
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                rt.block_on(admin(&base, format!("DROP SCHEMA {schema} CASCADE")))
            })
            .join();
        }
    }
}
