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
    /// The disk holding the database is full (SQLite `SQLITE_FULL`, PostgreSQL `53100`): the
    /// write was rolled back, nothing was saved.
    #[error("espace disque plein : rien n'a été enregistré ({0})")]
    DiskFull(String),
    /// The database refuses writes (SQLite opened read-only or on a read-only file, PostgreSQL
    /// read-only transaction or standby, `25006`): nothing was saved.
    #[error("base de données en lecture seule : rien n'a été enregistré ({0})")]
    ReadOnly(String),
    /// A restore was asked into a database that already holds data (the table named).
    #[error("la base contient déjà des données (table {0}) : la restauration les remplacerait")]
    NotEmpty(String),
    /// A backup file could not be read or written, or is not a backup of this kind of database.
    #[error("sauvegarde {path} : {reason}")]
    Backup {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// Any other database error.
    #[error("erreur de la base de données : {0}")]
    Database(#[source] sqlx::Error),
}

/// Every database error goes through here, so a full disk or a read-only database is named
/// as such wherever it happens (a statement or the commit), and callers can answer it apart.
impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        let code = match &e {
            sqlx::Error::Database(db) => db.code().map(|c| c.into_owned()).unwrap_or_default(),
            _ => String::new(),
        };
        // PostgreSQL gives a five-character SQLSTATE; SQLite its extended result code (at
        // most four digits), whose primary code is the low byte.
        let sqlite_primary = (code.len() < 5).then(|| code.parse::<i32>().ok()).flatten().map(|c| c & 0xff);
        match (code.as_str(), sqlite_primary) {
            ("53100", _) | (_, Some(13)) => StoreError::DiskFull(e.to_string()),
            ("25006", _) | (_, Some(8)) => StoreError::ReadOnly(e.to_string()),
            _ => StoreError::Database(e),
        }
    }
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
