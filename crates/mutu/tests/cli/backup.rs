//! `mutu backup` and `mutu restore` as an operator runs them: a backup taken while `mutu
//! serve` takes autosaves restores into an empty database with the same figures; a restore
//! over data is refused on one line unless `--force`; a backup of the other engine is refused.

use crate::harness::Db;
use crate::http::{exchange, free_port, open_link, request, silent_link, wait_until_up};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// A new, empty database of the same engine as `db`.
fn same_engine(db: &Db) -> Db {
    if db.url().starts_with("sqlite:") { Db::sqlite() } else { Db::postgres() }
}

/// Saves drafts of one respondent back to back until told to stop; returns the versions
/// acknowledged.
fn autosave(port: u16, respondent: String, cookie: String, stop: Arc<AtomicBool>) -> Vec<i64> {
    let path = format!("/api/v1/campaigns/npdc-2014/answers/{respondent}");
    let mut acknowledged = Vec::new();
    let mut version = 0;
    while !stop.load(Ordering::Relaxed) {
        let body = format!(r#"{{"answers": {{"themes": ["culture"], "needs": "écriture {}"}}}}"#, version + 1);
        let put = request("PUT", &path, &cookie, &format!("If-Match: \"{version}\"\r\n"), &body);
        let (status, reply) = exchange(port, &put).expect("PUT");
        assert_eq!(status, 200, "{reply}");
        version = serde_json::from_str::<serde_json::Value>(&reply).expect("JSON")["version"].as_i64().expect("v");
        acknowledged.push(version);
    }
    acknowledged
}

/// Backup under load, restore into an empty database, same figures; refusals on one line.
pub fn a_backup_taken_while_serving_restores_the_same_figures(db: &Db) {
    db.load_seed_wave();
    db.ok(&["campaign", "open", "npdc-2014"]);
    let analyse = ["analyse", "--campaign", "npdc-2014", "--format", "json"];
    let figures = db.json(&analyse);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let links = db.ok(&["campaign", "invitations", "--campaign", "npdc-2014", "--public-url", &base]);
    let (respondent, path) = silent_link(&links, &base);
    let mut server = db.spawn(&["serve", "--bind", &format!("127.0.0.1:{port}"), "--public-url", &base]);
    wait_until_up(port);
    let cookie = open_link(port, &path);
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (respondent, stop) = (respondent.clone(), stop.clone());
        std::thread::spawn(move || autosave(port, respondent, cookie, stop))
    };
    std::thread::sleep(Duration::from_millis(300));
    let file = db.path("sauvegarde.mutu").display().to_string();
    let said = db.ok(&["backup", "-o", &file]);
    assert!(said.starts_with("Sauvegarde écrite"), "{said}");
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, Ordering::Relaxed);
    let acknowledged = writer.join().expect("autosave thread");
    server.kill().expect("stop");
    server.wait().expect("reaped");
    println!("backup under load: {} autosaves acknowledged around the backup", acknowledged.len());
    assert!(acknowledged.len() >= 2, "the backup did not run under load");

    let fresh = same_engine(db);
    let said = fresh.ok(&["restore", &file]);
    assert!(said.starts_with("Sauvegarde") && said.contains("restaurée"), "{said}");
    assert_eq!(fresh.json(&analyse), figures, "figures after restore");
    // The draft being written is there, at a version acknowledged before the backup ended.
    let export = fresh.ok(&["responses", "export", "--campaign", "npdc-2014", "--format", "jsonl"]);
    let line = export.lines().find(|l| l.contains(&format!("\"{respondent}\""))).expect("the draft restored");
    let draft: serde_json::Value = serde_json::from_str(line).expect("JSON line");
    let written: i64 =
        draft["answers"]["needs"].as_str().and_then(|n| n.strip_prefix("écriture ")?.parse().ok()).unwrap_or(0);
    assert!(acknowledged.contains(&written), "restored draft {written} not among {acknowledged:?}");

    // Over data: one line naming --force, nothing changed; --force replaces.
    let refused = fresh.fails(&["restore", &file]);
    assert!(refused.contains("--force") && refused.contains("déjà des données"), "{refused}");
    fresh.ok(&["restore", "--force", &file]);
    assert_eq!(fresh.json(&analyse), figures, "figures after a forced restore");
    // A missing file or a file that is no backup: one line, non-zero.
    let missing = fresh.fails(&["restore", "--force", &db.path("absent.mutu").display().to_string()]);
    assert!(missing.contains("absent.mutu"), "{missing}");
    let junk = db.write("pas-une-sauvegarde.txt", "bonjour\n");
    let refused = fresh.fails(&["restore", "--force", &junk]);
    assert!(refused.contains("pas-une-sauvegarde.txt"), "{refused}");
    assert_eq!(fresh.json(&analyse), figures, "figures after refused restores");
}

/// A SQLite backup does not go into PostgreSQL, nor the reverse: one clear line.
#[test]
fn a_backup_of_the_other_engine_is_refused() {
    let (sqlite, postgres) = (Db::sqlite(), Db::postgres());
    sqlite.load_territory();
    postgres.load_territory();
    let (from_sqlite, from_postgres) = (sqlite.path("s.mutu"), postgres.path("p.mutu"));
    sqlite.ok(&["backup", "-o", &from_sqlite.display().to_string()]);
    postgres.ok(&["backup", "-o", &from_postgres.display().to_string()]);
    let line = postgres.fails(&["restore", "--force", &from_sqlite.display().to_string()]);
    assert!(line.contains("sauvegarde SQLite"), "{line}");
    let line = sqlite.fails(&["restore", "--force", &from_postgres.display().to_string()]);
    assert!(line.contains("sauvegarde PostgreSQL"), "{line}");
}
