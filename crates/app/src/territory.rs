//! The territory a study runs on: the commune contours mutu ships, joined to the communes of
//! every territory imported, so maps and groups of neighbours work from the start (the
//! command line's imports and the demo alike).

use crate::error::Result;
use mutu_domain::geography::Contours;
use mutu_domain::territory::Territory;
use mutu_import::bundled_contours;
use mutu_storage::Store;

/// What the join found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinedContours {
    /// Communes given an outline.
    pub joined: usize,
    /// Communes the bundled contours do not know (merged or created since), by code.
    pub missing: Vec<String>,
}

/// Joins the bundled contours to the communes of `territory` and stores them (all or nothing).
///
/// # Errors
///
/// The importer's error if the bundled file cannot be read; any database error.
pub async fn join_bundled_contours(store: &Store, territory: &Territory) -> Result<JoinedContours> {
    let codes: Vec<String> = territory.communes.iter().map(|c| c.code.to_string()).collect();
    // Decoding the national contours takes a second of CPU.
    let (joined, missing) = tokio::task::spawn_blocking(move || -> Result<(Contours, Vec<String>)> {
        let mut national = bundled_contours()?;
        let mut joined = Contours::new();
        let mut missing = Vec::new();
        for code in codes {
            match national.remove_entry(code.as_str()) {
                Some((code, shape)) => {
                    joined.insert(code, shape);
                }
                None => missing.push(code),
            }
        }
        Ok((joined, missing))
    })
    .await
    .map_err(|e| crate::AppError::Internal(e.to_string()))??;
    store.import_contours(&joined).await?;
    Ok(JoinedContours { joined: joined.len(), missing })
}
