//! The PostgreSQL backend, for shared deployments and several app servers behind a load
//! balancer. Each connection may pin a schema (`?options=-csearch_path%3DNAME`), which the
//! conformance suite uses to give every test its own.

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use std::time::Duration;

/// Migrations of the PostgreSQL schema, embedded in the binary.
pub(crate) static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// Statement that opens every write transaction (row locks do the rest).
pub(crate) const BEGIN_WRITE: &str = "BEGIN";

/// How a claim of the outbox locks the rows it picks: rows another claim holds are skipped,
/// not waited for, so concurrent workers take different mail and never the same.
pub(crate) const SKIP_LOCKED: &str = " FOR UPDATE SKIP LOCKED";

/// Rows per multi-row INSERT of the outbox (10 values a row, far under the 65 535
/// parameters a statement may have): long statements save round trips (35 000 mails in
/// 1.4 s at 1 000 rows, 1.9 s at 20).
pub(crate) const INSERT_ROWS: usize = 1000;

/// Pool settings.
pub(crate) fn pool_options() -> AnyPoolOptions {
    AnyPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(30))
}
