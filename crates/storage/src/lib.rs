//! mutu's storage: one interface, [`Store`], over SQLite (the embedded default) and
//! PostgreSQL (shared deployments), chosen by the database URL.
//!
//! The SQL is written once, in the dialect both engines share, and run through sqlx's `Any`
//! driver; what differs (connection settings, migrations, how a write transaction begins)
//! lives in the [`sqlite`] and [`postgres`] modules. Every write is one transaction, so a
//! command that fails leaves the database as it found it. The conformance suite in
//! `tests/conformance.rs` runs every test against both backends.
//!
//! Beside the survey data, the store holds what the web layer needs to run a wave online:
//! the wave's lifecycle, accounts and sessions, invitations, contacts, mail and an audit trail;
//! and the study's qualitative material and the handling of personal data (export, erasure, purge);
//! and the geography of pooling: commune contours and each wave's adjacency graph;
//! and whether a wave's figures are published;
//! and the outbox of mail waiting to be sent, with each wave's scheduled reminder days;
//! and, from the study to action, working groups and the register of offers;
//! and the sign-ins through an OpenID Connect provider (ProConnect) under way.

mod agents;
mod audit;
mod backup;
mod campaigns;
mod contacts;
mod error;
mod followup;
mod gdpr;
mod geography;
mod groups;
mod invitations;
mod lifecycle;
mod link_requests;
mod mail;
mod moments;
mod offers;
mod oidc;
mod outbox;
mod postgres;
mod publication;
mod qualitative;
mod qualitative_edit;
mod responses;
mod sessions;
mod sqlite;
mod territory;
mod throttle;
mod users;
mod versions;

pub use agents::{AgentSave, ViewerDomain, normalize_domain};
pub use audit::{AuditEntry, AuditFilter, AuditPage};
pub use campaigns::CampaignInfo;
pub use contacts::Contact;
pub use error::{Result, StoreError};
pub use followup::{Standing, TargetPage, TargetQuery, TargetRow, TargetStatus, WaveCounts};
pub use gdpr::{Erasure, HeldContact, HeldMail, Occurrence, PersonMet, PersonalAnswers, PersonalData, Purge};
pub use geography::{decode_shape, encode_shape};
pub use invitations::{Invitation, InvitationLookup};
pub use lifecycle::CampaignMeta;
pub use link_requests::{HeldLinkRequest, LinkDomain, LinkRequest, LinkRequestState, OpenTarget};
pub use mail::{MailKind, MailLogEntry, MailTemplate};
pub use outbox::{
    ClaimedMail, FailedMail, MailStatus, NewMail, OutboxMail, Page, PreparedMail, ReminderDay, RenderedMail,
};
pub use responses::StoredResponse;
pub use sessions::{Session, SessionSubject};
pub use users::User;

use sqlx::any::install_default_drivers;
use sqlx::{Any, Transaction};
use sqlx::{AnyConnection, AnyPool, Connection};

/// Which engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// The database of mutu, migrated and ready.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    /// Where write transactions run: on SQLite a pool of one connection, so concurrent
    /// writers queue on the runtime instead of polling SQLite's file lock (which burned CPU
    /// and added latency under 200 concurrent autosaves); on PostgreSQL the same pool.
    writer: AnyPool,
    backend: Backend,
}

/// The URL with any password hidden, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

impl Store {
    /// Opens (creating a SQLite file if needed) and migrates the database at `url`:
    /// `sqlite://PATH` or `postgres://…`.
    pub async fn open(url: &str) -> Result<Store> {
        install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnknownUrl(redact(url)));
        };
        let fail = |e: &dyn std::fmt::Display| StoreError::Open { url: redact(url), reason: e.to_string() };
        let connect_url = match backend {
            Backend::Sqlite => sqlite::connect_url(url),
            Backend::Postgres => url.to_owned(),
        };
        // One plain connection first: it fails at once on a bad URL (a pool would retry until
        // its timeout) and runs the migrations before any other connection exists.
        let mut conn = AnyConnection::connect(&connect_url).await.map_err(|e| fail(&e))?;
        match backend {
            Backend::Sqlite => {
                sqlite::prepare(&mut conn).await.map_err(|e| fail(&e))?;
                sqlite::MIGRATOR.run(&mut conn).await.map_err(|e| fail(&e))?;
            }
            Backend::Postgres => postgres::MIGRATOR.run(&mut conn).await.map_err(|e| fail(&e))?,
        }
        conn.close().await.map_err(|e| fail(&e))?;
        let pool = match backend {
            Backend::Sqlite => sqlite::pool_options(),
            Backend::Postgres => postgres::pool_options(),
        }
        .connect(&connect_url)
        .await
        .map_err(|e| fail(&e))?;
        let writer = match backend {
            Backend::Sqlite => {
                sqlite::pool_options().max_connections(1).connect(&connect_url).await.map_err(|e| fail(&e))?
            }
            Backend::Postgres => pool.clone(),
        };
        Ok(Store { pool, writer, backend })
    }

    /// The engine behind this store.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the database answers (a probe's question: one round trip, nothing read).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Closes the pool, waiting for connections to finish (checkpointing SQLite's WAL).
    pub async fn close(&self) {
        self.writer.close().await;
        self.pool.close().await;
    }

    /// Starts a write transaction, taking SQLite's write lock at once.
    async fn write(&self) -> Result<Transaction<'static, Any>> {
        let begin = match self.backend {
            Backend::Sqlite => sqlite::BEGIN_WRITE,
            Backend::Postgres => postgres::BEGIN_WRITE,
        };
        match self.writer.begin_with(begin).await {
            // After a write that failed for want of disk space, SQLite has already ended the
            // transaction; sqlx's rollback then fails and leaves the connection counting one
            // open transaction, so every later BEGIN is refused and no save would ever succeed
            // again. Close that connection and begin on a fresh one.
            Err(sqlx::Error::InvalidSavePointStatement) => {
                self.writer.acquire().await?.close().await?;
                Ok(self.writer.begin_with(begin).await?)
            }
            other => Ok(other?),
        }
    }
}

/// `($1, $2), ($3, $4)` for `rows` rows of `cols` columns: numbered placeholders, which both
/// engines read (sqlx's query builder would write `?`, which PostgreSQL refuses).
fn placeholders(rows: usize, cols: usize) -> String {
    let mut out = String::with_capacity(rows * cols * 6);
    for row in 0..rows {
        if row > 0 {
            out.push_str(", ");
        }
        out.push('(');
        for col in 0..cols {
            if col > 0 {
                out.push_str(", ");
            }
            out.push('$');
            out.push_str(&(row * cols + col + 1).to_string());
        }
        out.push(')');
    }
    out
}

/// The current moment as stored (RFC 3339 UTC, to the second).
fn now() -> String {
    moments::stamp(moments::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_across_rows() {
        assert_eq!(placeholders(2, 2), "($1, $2), ($3, $4)");
    }

    /// The two engines' migrations are kept in step: the same files, in the same order, so a
    /// migration added for one and forgotten for the other fails here rather than in the field.
    #[test]
    fn both_engines_have_the_same_migrations() {
        let names = |engine: &str| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(engine);
            let mut names: Vec<String> = std::fs::read_dir(&dir)
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        let (sqlite, postgres) = (names("sqlite"), names("postgres"));
        assert!(!sqlite.is_empty());
        assert_eq!(sqlite, postgres);
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(redact("postgres://me:secret@db/x"), "postgres://me:***@db/x");
        assert_eq!(redact("postgres://me@db/x"), "postgres://me@db/x");
        assert_eq!(redact("sqlite://mutu.db"), "sqlite://mutu.db");
    }
}
