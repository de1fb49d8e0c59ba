//! Conformance of backup and restore: a backup gives back every table as it was, a restore
//! over data is refused unless asked, is all or nothing, keys continue after the restored
//! ones, and a backup taken while answers are written is one consistent snapshot.

use super::{answers, campaign, response, territory};
use anyhow::Result;
use mutu_domain::answers::{Answer, ResponseStatus};
use mutu_domain::lifecycle::Role;
use mutu_storage::{Store, StoreError};

pub(super) async fn a_backup_gives_back_every_table(store: &Store) -> Result<()> {
    let t = territory(236_710);
    store.import_territory(&t).await?;
    let c = campaign(&t, "hdf-2026");
    store.create_campaign(&c).await?;
    store.import_responses(&c.code, &[response("200093201", ResponseStatus::Complete, &["culture"])]).await?;
    let v = store.save_draft(&c.code, "200033579", &answers(&["tourisme"]), 0).await?;
    let lead = store.create_user("lead@example.fr", Role::Lead, "hash").await?;
    store.publish(&c.code).await?;
    let (responses, users, summary) =
        (store.stored_responses(&c.code).await?, store.users().await?, store.territory_summary().await?);
    let wave = store.campaign(&c.code).await?;

    let dir = tempfile::tempdir()?;
    let file = dir.path().join("sauvegarde.mutu");
    assert!(store.backup(&file).await? > 0);
    assert!(!dir.path().join("sauvegarde.mutu.partiel").exists(), "the partial file is renamed");

    // Later changes; a restore without `replace` is refused and changes nothing.
    store.save_draft(&c.code, "200033579", &answers(&["culture"]), v).await?;
    let refused = store.restore(&file, false).await;
    assert!(matches!(refused, Err(StoreError::NotEmpty(_))), "{refused:?}");
    assert_eq!(store.response(&c.code, "200033579").await?.map(|s| s.version), Some(v + 1));

    // Replacing gives back the backup's state, table by table.
    let rows = store.restore(&file, true).await?;
    // At least the territory (9 rows), the wave, its 2 targets, 2 answers and the user.
    assert!(rows >= 15, "{rows} rows restored");
    assert_eq!(store.stored_responses(&c.code).await?, responses);
    assert_eq!(store.users().await?, users);
    assert_eq!(store.territory_summary().await?, summary);
    assert!(store.published_at(&c.code).await?.is_some());
    assert_eq!(store.campaign(&c.code).await?, wave);
    // Keys continue after the restored ones.
    assert!(store.create_user("autre@example.fr", Role::Viewer, "hash").await? > lead);

    // A file that is not a backup is refused, and the store is left as it was.
    let junk = dir.path().join("pas-une-sauvegarde");
    std::fs::write(&junk, "{\"format\": \"autre chose\"}\n")?;
    let refused = store.restore(&junk, true).await;
    assert!(matches!(refused, Err(StoreError::Backup { .. })), "{refused:?}");
    assert_eq!(store.stored_responses(&c.code).await?, responses);
    Ok(())
}

/// Pairs of answers written in one transaction each, while a backup is taken: the restored
/// pair must come from the same transaction.
pub(super) async fn a_backup_during_writes_is_one_snapshot(store: &Store) -> Result<()> {
    let t = territory(236_710);
    store.import_territory(&t).await?;
    let c = campaign(&t, "hdf-2026");
    store.create_campaign(&c).await?;
    let pair = |n: usize| {
        let mut both = vec![
            response("200093201", ResponseStatus::Partial, &["culture"]),
            response("200033579", ResponseStatus::Partial, &["culture"]),
        ];
        for r in &mut both {
            r.answers.insert("needs".into(), Answer::Text(format!("écriture {n}")));
        }
        both
    };
    store.import_responses(&c.code, &pair(0)).await?;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (store, code, stop) = (store.clone(), c.code.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                store.import_responses(&code, &pair(n)).await?;
            }
            Ok::<_, StoreError>(n)
        })
    };
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("pendant.mutu");
    tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    store.backup(&file).await?;
    tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let last = writer.await??;
    store.restore(&file, true).await?;
    let back = store.responses(&c.code).await?;
    assert_eq!(back.len(), 2);
    assert_eq!(back[0].answers.get("needs"), back[1].answers.get("needs"), "a torn snapshot");
    assert_ne!(back[0].answers.get("needs"), pair(last)[0].answers.get("needs"), "the backup came after the writes");
    Ok(())
}
