//! Writes the database refuses: a read-only database and a full disk give a clear error —
//! one line and a non-zero status on the command line, `503` / `507` with `{"error": …}` on
//! the API — and never a success for data that was not saved.
//!
//! Mechanisms, all real: SQLite opened with `mode=ro`; PostgreSQL with
//! `default_transaction_read_only=on` in the connection options; a SQLite database on a
//! small tmpfs filled to the last byte (`ENOSPC`, hence `SQLITE_FULL`), which needs root.

use crate::harness::{Db, fixture_text};
use crate::kill::{exchange, free_port, invitation_paths, open_link, request, sqlite_integrity, wait_until_up};
use std::process::{Child, Command, Stdio};

/// `mutu --db URL ARGS…`, output kept.
fn mutu(url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mutu")).arg("--db").arg(url).args(args).output().expect("run mutu")
}

/// `mutu --db URL serve …` in the background.
fn serve(url: &str, port: u16) -> Child {
    let base = format!("http://127.0.0.1:{port}");
    Command::new(env!("CARGO_BIN_EXE_mutu"))
        .args(["--db", url, "serve", "--bind", &format!("127.0.0.1:{port}"), "--public-url", &base])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mutu serve")
}

/// The one line a failing command printed.
fn one_line_failure(out: &std::process::Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{what} succeeded");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{what}: one line expected:\n{stderr}");
    lines[0].to_owned()
}

/// The seed wave, open, with the session of a silent target: (respondent, cookie, port).
fn wave_with_a_session(db: &Db, url: &str) -> (String, String, u16) {
    db.load_seed_wave();
    db.ok(&["campaign", "open", "npdc-2014"]);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let links = db.ok(&["campaign", "invitations", "--campaign", "npdc-2014", "--public-url", &base]);
    let answered = fixture_text("responses.jsonl");
    let (respondent, path) = invitation_paths(&links, &base)
        .into_iter()
        .find(|(code, _)| !answered.contains(&format!("\"{code}\"")))
        .expect("a silent target");
    let mut server = serve(url, port);
    wait_until_up(port);
    let cookie = open_link(port, &path);
    server.kill().expect("stop");
    server.wait().expect("reaped");
    (respondent, cookie, port)
}

fn put(port: u16, respondent: &str, cookie: &str, version: i64, needs: &str) -> (u16, serde_json::Value) {
    let path = format!("/api/v1/campaigns/npdc-2014/answers/{respondent}");
    let body = format!(r#"{{"answers": {{"themes": ["culture"], "needs": "{needs}"}}}}"#);
    let (status, reply) =
        exchange(port, &request("PUT", &path, cookie, &format!("If-Match: \"{version}\"\r\n"), &body)).expect("PUT");
    (status, serde_json::from_str(&reply).unwrap_or_else(|e| panic!("{status} not JSON ({e}): {reply}")))
}

fn version(port: u16, respondent: &str, cookie: &str) -> i64 {
    let path = format!("/api/v1/campaigns/npdc-2014/answers/{respondent}");
    let (status, reply) = exchange(port, &request("GET", &path, cookie, "", "")).expect("GET");
    assert_eq!(status, 200, "{reply}");
    serde_json::from_str::<serde_json::Value>(&reply).expect("JSON")["version"].as_i64().expect("version")
}

/// Read-only: the import fails on one line and changes nothing; on SQLite the API answers
/// `503` and the answer stays as it was.
pub fn a_read_only_database_refuses_writes_cleanly(db: &Db) {
    let sqlite = db.url().starts_with("sqlite:");
    let read_only = if sqlite {
        format!("{}?mode=ro", db.url())
    } else {
        format!("{}&options=-cdefault_transaction_read_only%3Don", db.url())
    };
    let (respondent, cookie, port) = wave_with_a_session(db, db.url());
    let analyse = ["analyse", "--campaign", "npdc-2014", "--format", "json"];
    let figures = db.json(&analyse);
    let line =
        format!(r#"{{"respondent": "{respondent}", "status": "partial", "answers": {{"themes": ["culture"]}}}}"#);
    let file = db.write("une-reponse.jsonl", &line);
    let said =
        one_line_failure(&mutu(&read_only, &["responses", "import", "--campaign", "npdc-2014", &file]), "import");
    assert!(said.contains("lecture seule") || said.contains("read-only transaction"), "{said}");
    assert_eq!(db.json(&analyse), figures, "a refused import changed the figures");
    if !sqlite {
        // PostgreSQL: mutu checks its migrations on open, which a read-only session refuses,
        // so `mutu serve` does not start: one line, non-zero.
        let out = Command::new(env!("CARGO_BIN_EXE_mutu"))
            .args(["--db", &read_only, "serve", "--bind", &format!("127.0.0.1:{port}")])
            .output()
            .expect("run mutu serve");
        let said = one_line_failure(&out, "serve on a read-only database");
        assert!(said.contains("read-only transaction"), "{said}");
        return;
    }
    let mut server = serve(&read_only, port);
    wait_until_up(port);
    let (status, reply) = put(port, &respondent, &cookie, 0, "jamais enregistré");
    server.kill().expect("stop");
    server.wait().expect("reaped");
    assert_eq!(status, 503, "{reply}");
    assert!(reply["error"].as_str().is_some_and(|e| e.contains("lecture seule")), "{reply}");
    let mut server = serve(db.url(), port);
    wait_until_up(port);
    let after = version(port, &respondent, &cookie);
    let (status, reply) = put(port, &respondent, &cookie, 0, "enregistré");
    server.kill().expect("stop");
    server.wait().expect("reaped");
    assert_eq!(after, 0, "the refused save was stored");
    assert_eq!(status, 200, "writable again: {reply}");
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs(std::path::PathBuf);

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Disk full (SQLite): the database on a tmpfs with no byte left. Every `200` survives a
/// restart, the first refused save is a `507` JSON error, the CLI says so on one line, and
/// once space is back the same server saves again.
#[test]
fn a_full_disk_refuses_writes_cleanly() {
    let db = Db::sqlite();
    let source = db.path("mutu.db");
    db.load_seed_wave();
    let mount = db.path("petit-disque");
    std::fs::create_dir(&mount).expect("mount point");
    let size = std::fs::metadata(&source).expect("database").len() + 2 * 1024 * 1024;
    let mounted =
        Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size}")]).arg("tmpfs").arg(&mount).status();
    if !mounted.is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED a_full_disk_refuses_writes_cleanly: mount -t tmpfs refused (needs root, CAP_SYS_ADMIN)");
        return;
    }
    let _unmount = Tmpfs(mount.clone());
    let file = mount.join("mutu.db");
    std::fs::copy(&source, &file).expect("copy to tmpfs");
    let url = format!("sqlite://{}", file.display());
    let (respondent, cookie, port) = {
        // The session is opened on the tmpfs copy (wave_with_a_session loads the seed into
        // `db`; here it is loaded already, so open the wave and the link by hand).
        let out = mutu(&url, &["campaign", "open", "npdc-2014"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let links = mutu(&url, &["campaign", "invitations", "--campaign", "npdc-2014", "--public-url", &base]);
        let answered = fixture_text("responses.jsonl");
        let (respondent, path) = invitation_paths(&String::from_utf8_lossy(&links.stdout), &base)
            .into_iter()
            .find(|(code, _)| !answered.contains(&format!("\"{code}\"")))
            .expect("a silent target");
        let mut server = serve(&url, port);
        wait_until_up(port);
        let cookie = open_link(port, &path);
        server.kill().expect("stop");
        server.wait().expect("reaped");
        (respondent, cookie, port)
    };
    let mut server = serve(&url, port);
    wait_until_up(port);
    let (status, reply) = put(port, &respondent, &cookie, 0, "avant");
    assert_eq!(status, 200, "{reply}");
    // Fill the disk to the last byte.
    let filler = mount.join("remplissage");
    let mut out = std::fs::File::create(&filler).expect("filler");
    for chunk in [1 << 16, 4096, 512, 1] {
        while std::io::Write::write_all(&mut out, &vec![0_u8; chunk]).is_ok() {}
    }
    let mut acknowledged = 1;
    let big = "x".repeat(6000);
    let refused = loop {
        let (status, reply) = put(port, &respondent, &cookie, acknowledged, &format!("{acknowledged} {big}"));
        match status {
            200 => acknowledged += 1,
            _ => break (status, reply),
        }
        assert!(acknowledged < 50, "50 saves of 6 kB acknowledged on a full disk");
    };
    assert_eq!(refused.0, 507, "{}", refused.1);
    assert!(refused.1["error"].as_str().is_some_and(|e| e.contains("Disque du serveur plein")), "{}", refused.1);
    let line = format!(r#"{{"respondent": "{respondent}", "status": "partial", "answers": {{"needs": "{big}"}}}}"#);
    let jsonl = db.write("une-reponse.jsonl", &line);
    let said = one_line_failure(&mutu(&url, &["responses", "import", "--campaign", "npdc-2014", &jsonl]), "import");
    assert!(said.contains("espace disque plein"), "{said}");
    // Space back: the same server saves again; then a kill, and every 200 is there.
    drop(out);
    std::fs::remove_file(&filler).expect("free the disk");
    let (status, reply) = put(port, &respondent, &cookie, acknowledged, "après");
    assert_eq!(status, 200, "writable again: {reply}");
    server.kill().expect("SIGKILL");
    server.wait().expect("reaped");
    assert_eq!(sqlite_integrity(&file), "ok");
    let mut server = serve(&url, port);
    wait_until_up(port);
    let stored = version(port, &respondent, &cookie);
    server.kill().expect("stop");
    server.wait().expect("reaped");
    println!(
        "disk full: first refused save answered 507 after {} saves on the full disk; every 200 found after SIGKILL",
        acknowledged - 1
    );
    assert_eq!(stored, acknowledged + 1);
}
