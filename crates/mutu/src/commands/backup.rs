//! `mutu backup` and `mutu restore`: a consistent copy of the whole database, taken while
//! `mutu serve` keeps running, and its restoration into the database of `--db`.
//!
//! The work is in `mutu_storage` (`Store::backup`, `Store::restore`); here the arguments,
//! the refusal of a restore over existing data without `--force`, and the final check that
//! the restored database opens with its migrations up to date.

use clap::Args;
use mutu_storage::{Store, StoreError};
use std::path::PathBuf;

/// Arguments of `mutu backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Fichier de sauvegarde à écrire (remplacé une fois la copie complète). SQLite : une base
    /// SQLite (VACUUM INTO) ; PostgreSQL : un export logique de mutu (JSON, une ligne par ligne
    /// de table).
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
}

/// Arguments of `mutu restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// Fichier écrit par `mutu backup` (du même moteur de base que --db).
    pub file: PathBuf,
    /// Remplace les données que la base contient déjà (sinon la restauration est refusée).
    #[arg(long)]
    pub force: bool,
}

/// Runs `mutu backup -o FILE`.
pub async fn backup(store: &Store, args: BackupArgs) -> anyhow::Result<()> {
    let bytes = store.backup(&args.output).await?;
    println!("Sauvegarde écrite : {} ({bytes} octets).", args.output.display());
    Ok(())
}

/// Runs `mutu restore FILE [--force]`, then reopens the database at `url` to check that it
/// opens and that its migrations are those of this version of mutu.
pub async fn restore(store: &Store, url: &str, args: RestoreArgs) -> anyhow::Result<()> {
    let rows = match store.restore(&args.file, args.force).await {
        Ok(rows) => rows,
        Err(e @ StoreError::NotEmpty(_)) => anyhow::bail!("{e} ; ajoutez --force pour les remplacer"),
        Err(e) => return Err(e.into()),
    };
    store.close().await;
    Store::open(url).await?.close().await;
    println!("Sauvegarde {} restaurée : {rows} lignes.", args.file.display());
    Ok(())
}
