//! The one error type of the storage layer, phrased for the person at the terminal or page.

/// What went wrong with the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL names no backend mutu knows.
    #[error("URL de base de données non reconnue « {0} » (attendu : sqlite://CHEMIN ou postgres://…)")]
    UnknownUrl(String),
    /// The database could not be opened or migrated.
    #[error("impossible d'ouvrir la base {url} : {reason}")]
    Open {
        /// The URL, password hidden.
        url: String,
        /// Why.
        reason: String,
    },
    /// Something asked for does not exist.
    #[error("{0} introuvable")]
    NotFound(String),
    /// A write would break a uniqueness rule.
    #[error("{0} existe déjà")]
    Conflict(String),
    /// An optimistic write came from a stale version.
    #[error("version périmée : la réponse est à la version {current}")]
    StaleVersion {
        /// The version now stored.
        current: i64,
    },
    /// A value given to the store is malformed (a date that is not `AAAA-MM-JJ`…).
    #[error("valeur refusée : {0}")]
    Invalid(String),
    /// Stored data could not be read back (a bug or a hand-edited database).
    #[error("donnée illisible dans la base : {0}")]
    Corrupt(String),
    /// Any other database error.
    #[error("erreur de la base de données : {0}")]
    Database(#[from] sqlx::Error),
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

/// Names the cause of a refused write: a missing referenced row becomes `NotFound(missing)`,
/// a broken uniqueness rule `Conflict(duplicate)`; anything else stays a database error.
pub(crate) fn refused(
    e: sqlx::Error,
    missing: impl FnOnce() -> String,
    duplicate: impl FnOnce() -> String,
) -> StoreError {
    match e {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::NotFound(missing()),
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(duplicate()),
        other => other.into(),
    }
}

/// Stored data that does not read back as expected.
pub(crate) fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// Result of the storage layer.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
