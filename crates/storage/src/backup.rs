//! Backup and restore of the whole database, online and consistent.
//!
//! - SQLite: `VACUUM INTO` writes a compact copy from one read snapshot, so it is consistent
//!   while `mutu serve` keeps writing (WAL readers never block the writer). The backup is a
//!   plain SQLite file that `sqlite3` opens too.
//! - PostgreSQL: a logical dump written by mutu itself, one JSON document a line, read inside
//!   one `REPEATABLE READ` snapshot. Not `pg_dump`: a dump of schema `a` cannot be restored
//!   into schema `b` (pg_dump qualifies every name), it needs a client of the server's major
//!   version on the PATH, and mutu's own migrations already know how to create the schema.
//!
//! A restore is one transaction into the opened (hence migrated) store: it refuses a store
//! that already holds data unless asked to replace it, and a backup whose migrations differ
//! from the store's (a SQLite backup is first migrated on a temporary copy, so an older one
//! is brought up to date).

use crate::{Backend, Result, Store, StoreError};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Connection, Row};
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

/// First line of a PostgreSQL backup: what it is and which migrations its schema had.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Header {
    format: String,
    version: u32,
    backend: String,
    migrations: Vec<i64>,
}

/// Start of one table's rows in a PostgreSQL backup.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Section {
    table: String,
    rows: u64,
}

const FORMAT: &str = "mutu-backup";
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
/// Rows sent to PostgreSQL per INSERT on restore.
const BATCH: usize = 500;

/// An error about the backup file, named.
fn file_error(path: &Path, reason: impl std::fmt::Display) -> StoreError {
    StoreError::Backup { path: path.display().to_string(), reason: reason.to_string() }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |e| file_error(path, e)
}

/// `FILE.partiel` beside `FILE`: written first, renamed once complete, so a failed backup
/// never leaves a truncated file under the expected name.
fn partial(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".partiel");
    PathBuf::from(name)
}

/// Flushes the finished file to disk and gives it its final name.
fn finish(tmp: &Path, path: &Path) -> Result<u64> {
    let file = std::fs::File::open(tmp).map_err(io(tmp))?;
    file.sync_all().map_err(io(tmp))?;
    std::fs::rename(tmp, path).map_err(io(path))?;
    Ok(file.metadata().map_err(io(path))?.len())
}

/// Quotes a table name that the store itself listed (letters, digits, `_` only).
fn quoted(table: &str) -> Result<String> {
    if !table.is_empty() && table.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(format!("\"{table}\""))
    } else {
        Err(StoreError::Corrupt(format!("nom de table inattendu « {table} »")))
    }
}

/// The data tables of the connection's database (or current schema), migrations' own left out.
async fn tables(conn: &mut AnyConnection, backend: Backend) -> Result<Vec<String>> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> '_sqlx_migrations' ORDER BY name"
        }
        Backend::Postgres => {
            // pg_catalog, not information_schema: the latter evaluates expressions that lock
            // every table of every schema, which deadlocked against restores elsewhere.
            "SELECT CAST(relname AS TEXT) FROM pg_class WHERE relkind IN ('r', 'p') \
             AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) \
             AND relname <> '_sqlx_migrations' ORDER BY relname"
        }
    };
    let rows = sqlx::query(sql).fetch_all(&mut *conn).await?;
    rows.iter().map(|r| Ok(r.try_get::<String, _>(0)?)).collect()
}

/// The first table holding a row, if any.
async fn first_filled(conn: &mut AnyConnection, names: &[String]) -> Result<Option<String>> {
    for name in names {
        let sql = format!("SELECT COUNT(*) FROM (SELECT 1 FROM {} LIMIT 1) AS probe", quoted(name)?);
        let count: i64 = sqlx::query(AssertSqlSafe(sql)).fetch_one(&mut *conn).await?.try_get(0)?;
        if count > 0 {
            return Ok(Some(name.clone()));
        }
    }
    Ok(None)
}

/// The versions of the migrations applied, in order.
async fn migrations(conn: &mut AnyConnection, prefix: &str) -> Result<Vec<i64>> {
    let sql = format!("SELECT version FROM {prefix}_sqlx_migrations WHERE success ORDER BY version");
    let rows = sqlx::query(AssertSqlSafe(sql)).fetch_all(&mut *conn).await?;
    rows.iter().map(|r| Ok(r.try_get::<i64, _>(0)?)).collect()
}

/// Which engine wrote the backup at `path`: a SQLite file, or a mutu dump (PostgreSQL).
fn backup_kind(path: &Path) -> Result<Option<Backend>> {
    let mut start = Vec::new();
    let file = std::fs::File::open(path).map_err(io(path))?;
    std::io::Read::read_to_end(&mut std::io::Read::take(file, 64 * 1024), &mut start).map_err(io(path))?;
    if start.starts_with(SQLITE_MAGIC) {
        return Ok(Some(Backend::Sqlite));
    }
    let first = start.split(|b| *b == b'\n').next().unwrap_or_default();
    let header: Option<Header> = serde_json::from_slice(first).ok();
    Ok(header.filter(|h| h.format == FORMAT).map(|_| Backend::Postgres))
}

/// PostgreSQL tables ordered so that every table comes after those it references.
async fn postgres_order(conn: &mut AnyConnection) -> Result<Vec<String>> {
    let mut left = tables(conn, Backend::Postgres).await?;
    let edges: Vec<(String, String)> = sqlx::query(
        "SELECT CAST(a.relname AS TEXT), CAST(b.relname AS TEXT) FROM pg_constraint c \
         JOIN pg_class a ON a.oid = c.conrelid JOIN pg_class b ON b.oid = c.confrelid \
         WHERE c.contype = 'f' AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())",
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r: &AnyRow| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?)))
    .collect::<Result<_, _>>()?;
    let mut ordered = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let ready = |t: &String| !edges.iter().any(|(from, to)| from == t && to != t && left.contains(to));
        let Some(i) = left.iter().position(ready) else {
            return Err(StoreError::Corrupt(format!("références circulaires entre {}", left.join(", "))));
        };
        ordered.push(left.remove(i));
    }
    Ok(ordered)
}

impl Store {
    /// Writes a consistent copy of the whole database to `path` (replacing it once the copy
    /// is complete); returns its size in bytes. Safe while other connections write.
    pub async fn backup(&self, path: &Path) -> Result<u64> {
        let tmp = partial(path);
        let _ = std::fs::remove_file(&tmp);
        let written = match self.backend {
            Backend::Sqlite => match tmp.to_str() {
                Some(target) => {
                    sqlx::query("VACUUM INTO $1").bind(target.to_owned()).execute(&self.pool).await.map(|_| ())
                }
                None => return Err(file_error(path, "nom de fichier illisible")),
            }
            .map_err(StoreError::from),
            Backend::Postgres => self.dump_postgres(&tmp).await,
        };
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        finish(&tmp, path)
    }

    /// The PostgreSQL dump: a header, then each table's section and rows, parents first.
    async fn dump_postgres(&self, tmp: &Path) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?;
        let order = postgres_order(&mut tx).await?;
        let applied = migrations(&mut tx, "").await?;
        let mut out = BufWriter::new(std::fs::File::create(tmp).map_err(io(tmp))?);
        let header = Header { format: FORMAT.into(), version: 1, backend: "postgres".into(), migrations: applied };
        writeln!(out, "{}", serde_json::to_string(&header)?).map_err(io(tmp))?;
        for table in order {
            let sql = format!("SELECT CAST(row_to_json(t) AS TEXT) FROM {} AS t", quoted(&table)?);
            let rows = sqlx::query(AssertSqlSafe(sql)).fetch_all(&mut *tx).await?;
            let section = Section { table, rows: rows.len() as u64 };
            writeln!(out, "{}", serde_json::to_string(&section)?).map_err(io(tmp))?;
            for row in rows {
                writeln!(out, "{}", row.try_get::<String, _>(0)?).map_err(io(tmp))?;
            }
        }
        out.flush().map_err(io(tmp))?;
        tx.commit().await?;
        Ok(())
    }

    /// Restores the backup at `path` into this store in one transaction; returns the rows
    /// written. A store that already holds data is refused unless `replace` is set, in which
    /// case its data is replaced (all or nothing).
    pub async fn restore(&self, path: &Path, replace: bool) -> Result<u64> {
        let made = backup_kind(path)?.ok_or_else(|| file_error(path, "ce n'est pas une sauvegarde de mutu"))?;
        let name = |backend| if backend == Backend::Sqlite { "SQLite" } else { "PostgreSQL" };
        let rows = match (self.backend, made) {
            (Backend::Sqlite, Backend::Sqlite) => self.restore_sqlite(path, replace).await?,
            (Backend::Postgres, Backend::Postgres) => self.restore_postgres(path, replace).await?,
            (_, made) => {
                return Err(file_error(
                    path,
                    format!("sauvegarde {0} : elle ne se restaure que dans une base {0}", name(made)),
                ));
            }
        };
        // A server still running keeps analyses cached by version: the restored waves get
        // versions none of them ever had.
        let mut tx = self.write().await?;
        crate::versions::after_restore(&mut tx).await?;
        tx.commit().await?;
        Ok(rows)
    }

    /// Refuses a store holding data unless replacing; otherwise empties it.
    async fn clear(&self, conn: &mut AnyConnection, names: &[String], replace: bool) -> Result<()> {
        if !replace {
            return match first_filled(conn, names).await? {
                Some(table) => Err(StoreError::NotEmpty(table)),
                None => Ok(()),
            };
        }
        let all: Vec<String> = names.iter().map(|n| quoted(n)).collect::<Result<_>>()?;
        let sql = match self.backend {
            Backend::Sqlite => all.iter().map(|t| format!("DELETE FROM main.{t};")).collect::<String>(),
            Backend::Postgres => format!("TRUNCATE {} RESTART IDENTITY CASCADE", all.join(", ")),
        };
        sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut *conn).await?;
        Ok(())
    }

    /// SQLite: the backup is copied aside, checked, migrated to this version of mutu, then
    /// attached to the store's writer connection and copied table by table.
    async fn restore_sqlite(&self, path: &Path, replace: bool) -> Result<u64> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let copy = std::env::temp_dir().join(format!("mutu-restauration-{}-{nanos}.db", std::process::id()));
        std::fs::copy(path, &copy).map_err(io(path))?;
        let result = self.restore_sqlite_copy(path, &copy, replace).await;
        for suffix in ["", "-wal", "-shm"] {
            let mut name = copy.as_os_str().to_owned();
            name.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
        result
    }

    async fn restore_sqlite_copy(&self, path: &Path, copy: &Path, replace: bool) -> Result<u64> {
        let url = format!("sqlite://{}", copy.display());
        let mut check = AnyConnection::connect(&url).await?;
        let known: i64 = sqlx::query("SELECT COUNT(*) FROM sqlite_master WHERE name = '_sqlx_migrations'")
            .fetch_one(&mut check)
            .await?
            .try_get(0)?;
        let verdict: String = sqlx::query("PRAGMA integrity_check").fetch_one(&mut check).await?.try_get(0)?;
        check.close().await?;
        if known == 0 {
            return Err(file_error(path, "ce n'est pas une sauvegarde de mutu"));
        }
        if verdict != "ok" {
            return Err(file_error(path, format!("fichier endommagé ({verdict})")));
        }
        Store::open(&url).await?.close().await;
        let target = copy.to_str().ok_or_else(|| file_error(copy, "nom de fichier illisible"))?;
        let mut conn = self.writer.acquire().await?;
        sqlx::query("ATTACH DATABASE $1 AS backup").bind(target.to_owned()).execute(&mut *conn).await?;
        let copied = copy_attached(&mut conn, path, replace, self).await;
        let detached = sqlx::query("DETACH DATABASE backup").execute(&mut *conn).await;
        let rows = copied?;
        detached?;
        Ok(rows)
    }

    /// PostgreSQL: the dump's sections are inserted in file order (parents first), then the
    /// sequences are moved past the restored keys.
    async fn restore_postgres(&self, path: &Path, replace: bool) -> Result<u64> {
        let file = std::fs::File::open(path).map_err(io(path))?;
        let mut lines = std::io::BufReader::new(file).lines();
        let first = lines.next().transpose().map_err(io(path))?.unwrap_or_default();
        let header: Header = serde_json::from_str(&first)
            .ok()
            .filter(|h: &Header| h.format == FORMAT && h.backend == "postgres")
            .ok_or_else(|| file_error(path, "ce n'est pas une sauvegarde PostgreSQL de mutu"))?;
        let mut tx = self.write().await?;
        let ours = migrations(&mut tx, "").await?;
        if header.migrations != ours {
            return Err(file_error(
                path,
                format!(
                    "faite avec les migrations {:?}, la base a les migrations {ours:?} : restaurez-la avec la \
                     version de mutu qui l'a faite",
                    header.migrations
                ),
            ));
        }
        let names = tables(&mut tx, Backend::Postgres).await?;
        self.clear(&mut tx, &names, replace).await?;
        let mut written = 0;
        while let Some(line) = lines.next().transpose().map_err(io(path))? {
            let section: Section =
                serde_json::from_str(&line).map_err(|e| file_error(path, format!("section illisible : {e}")))?;
            if !names.contains(&section.table) {
                return Err(file_error(path, format!("table inconnue « {} »", section.table)));
            }
            let table = quoted(&section.table)?;
            let sql = format!(
                "INSERT INTO {table} OVERRIDING SYSTEM VALUE \
                 SELECT * FROM json_populate_recordset(NULL::{table}, CAST($1 AS json))"
            );
            let mut left = section.rows;
            while left > 0 {
                let mut batch = Vec::with_capacity(BATCH);
                while left > 0 && batch.len() < BATCH {
                    let row = lines.next().transpose().map_err(io(path))?;
                    batch.push(row.ok_or_else(|| file_error(path, "fichier tronqué"))?);
                    left -= 1;
                }
                let array = format!("[{}]", batch.join(","));
                let done = sqlx::query(AssertSqlSafe(sql.clone())).bind(array).execute(&mut *tx).await?;
                written += done.rows_affected();
            }
        }
        let serials: Vec<(String, String)> = sqlx::query(
            // The columns owning a sequence (serial keys), read from pg_catalog without locks.
            "SELECT CAST(t.relname AS TEXT), CAST(a.attname AS TEXT) FROM pg_class s \
             JOIN pg_depend d ON d.objid = s.oid AND d.classid = CAST('pg_class' AS regclass) \
             AND d.refclassid = CAST('pg_class' AS regclass) \
             JOIN pg_class t ON t.oid = d.refobjid \
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid \
             WHERE s.relkind = 'S' AND s.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())",
        )
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<_, _>>()?;
        for (table, column) in serials {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX({}) FROM {}), 0) + 1, false)",
                quoted(&column)?,
                quoted(&table)?
            );
            sqlx::query(AssertSqlSafe(sql)).bind(table).bind(column).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(written)
    }
}

/// Copies every table of the attached `backup` into `main`, in one write transaction whose
/// foreign keys are checked at commit (so table order does not matter).
async fn copy_attached(conn: &mut AnyConnection, path: &Path, replace: bool, store: &Store) -> Result<u64> {
    let ours = migrations(conn, "main.").await?;
    let theirs = migrations(conn, "backup.").await?;
    if theirs != ours {
        return Err(file_error(
            path,
            format!("faite par une version plus récente de mutu (migrations {theirs:?}, la base : {ours:?})"),
        ));
    }
    let names = tables(conn, Backend::Sqlite).await?;
    let mut tx = conn.begin_with(crate::sqlite::BEGIN_WRITE).await?;
    sqlx::query("PRAGMA defer_foreign_keys = ON").execute(&mut *tx).await?;
    store.clear(&mut tx, &names, replace).await?;
    let mut written = 0;
    for name in &names {
        let columns: Vec<String> = sqlx::query("SELECT name FROM pragma_table_info($1)")
            .bind(name.clone())
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| r.try_get::<String, _>(0).map_err(StoreError::from).and_then(|c| quoted(&c)))
            .collect::<Result<_>>()?;
        let (table, list) = (quoted(name)?, columns.join(", "));
        let sql = format!("INSERT INTO main.{table} ({list}) SELECT {list} FROM backup.{table}");
        written += sqlx::query(AssertSqlSafe(sql)).execute(&mut *tx).await?.rows_affected();
    }
    tx.commit().await?;
    Ok(written)
}
