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

/// Pool settings.
pub(crate) fn pool_options() -> AnyPoolOptions {
    AnyPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(30))
}
