//! Writes the database refuses: a read-only database and a full disk give a clear error —
//! one line and a non-zero status on the command line, `503` / `507` with `{"error": …}` on
//! the API — and never a success for data that was not saved.
//!
//! Mechanisms, all real: SQLite opened with `mode=ro`; PostgreSQL with
//! `default_transaction_read_only=on` in the connection options; a SQLite database on a
//! small tmpfs filled to the last byte (`ENOSPC`, hence `SQLITE_FULL`), which needs root.

use crate::harness::Db;
use crate::http::{exchange, free_port, open_link, request, silent_link, wait_until_up};
use crate::kill::sqlite_integrity;
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
fn wave_with_a_session(db: &Db) -> (String, String, u16) {
    db.load_seed_wave();
    session_on(db.url())
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
    let (respondent, cookie, port) = wave_with_a_session(db);
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

impl Tmpfs {
    /// Mounts a tmpfs of `size` bytes at `path`; `None` where mounting is not permitted.
    fn mount(path: std::path::PathBuf, size: u64) -> Option<Tmpfs> {
        std::fs::create_dir_all(&path).expect("mount point");
        let options = format!("size={size}");
        let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", &options, "tmpfs"]).arg(&path).status();
        if mounted.is_ok_and(|s| s.success()) {
            Some(Tmpfs(path))
        } else {
            eprintln!("SKIPPED: mount -t tmpfs refused (needs root and CAP_SYS_ADMIN)");
            None
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// Text that compresses badly (PostgreSQL compresses long values), from a fixed seed.
fn noise(len: usize, seed: u64) -> String {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(b'a' + (x % 26) as u8)
        })
        .collect()
}

/// Opens the wave at `url` and a silent target's session: (respondent, cookie, port).
fn session_on(url: &str) -> (String, String, u16) {
    let out = mutu(url, &["campaign", "open", "npdc-2014"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let links = mutu(url, &["campaign", "invitations", "--campaign", "npdc-2014", "--public-url", &base]);
    let (respondent, path) = silent_link(&String::from_utf8_lossy(&links.stdout), &base);
    let mut server = serve(url, port);
    wait_until_up(port);
    let cookie = open_link(port, &path);
    server.kill().expect("stop");
    server.wait().expect("reaped");
    (respondent, cookie, port)
}

/// The disk-full round on the seed wave at `url`: one save, `fill` the disk, saves until the
/// first refusal (a `507` JSON error), the CLI refused on one line, `free` the disk, the same
/// server saves again, SIGKILL, `check` the stopped database, restart: every `200` is there.
fn full_disk_round(db: &Db, url: &str, fill: impl FnOnce(), free: impl FnOnce(), check: impl FnOnce()) {
    let (respondent, cookie, port) = session_on(url);
    let mut server = serve(url, port);
    wait_until_up(port);
    let (status, reply) = put(port, &respondent, &cookie, 0, "avant");
    assert_eq!(status, 200, "{reply}");
    fill();
    let mut acknowledged = 1;
    let refused = loop {
        let needs = format!("{acknowledged} {}", noise(8000, acknowledged as u64));
        let (status, reply) = put(port, &respondent, &cookie, acknowledged, &needs);
        match status {
            200 => acknowledged += 1,
            _ => break (status, reply),
        }
        assert!(acknowledged < 50, "50 saves of 8 kB acknowledged on a full disk");
    };
    assert_eq!(refused.0, 507, "{}", refused.1);
    assert!(refused.1["error"].as_str().is_some_and(|e| e.contains("Disque du serveur plein")), "{}", refused.1);
    let line = format!(
        r#"{{"respondent": "{respondent}", "status": "partial", "answers": {{"needs": "{}"}}}}"#,
        noise(19_000, 7)
    );
    let jsonl = db.write("une-reponse.jsonl", &line);
    let said = one_line_failure(&mutu(url, &["responses", "import", "--campaign", "npdc-2014", &jsonl]), "import");
    assert!(said.contains("espace disque plein"), "{said}");
    free();
    let (status, reply) = put(port, &respondent, &cookie, acknowledged, "après");
    assert_eq!(status, 200, "writable again: {reply}");
    server.kill().expect("SIGKILL");
    server.wait().expect("reaped");
    check();
    let mut server = serve(url, port);
    wait_until_up(port);
    let stored = version(port, &respondent, &cookie);
    server.kill().expect("stop");
    server.wait().expect("reaped");
    println!(
        "disk full: {} saves acknowledged on the full disk, then 507; every 200 found after SIGKILL",
        acknowledged - 1
    );
    assert_eq!(stored, acknowledged + 1);
}

/// Disk full, SQLite: the database on a tmpfs filled to the last byte (`ENOSPC`).
#[test]
fn a_full_disk_refuses_writes_cleanly_sqlite() {
    let db = Db::sqlite();
    db.load_seed_wave();
    let size = std::fs::metadata(db.path("mutu.db")).expect("database").len() + 2 * 1024 * 1024;
    let Some(disk) = Tmpfs::mount(db.path("petit-disque"), size) else { return };
    let file = disk.0.join("mutu.db");
    std::fs::copy(db.path("mutu.db"), &file).expect("copy to tmpfs");
    let filler = disk.0.join("remplissage");
    let fill = || {
        let mut out = std::fs::File::create(&filler).expect("filler");
        for chunk in [1 << 16, 4096, 512, 1] {
            while std::io::Write::write_all(&mut out, &vec![0_u8; chunk]).is_ok() {}
        }
    };
    let free = || std::fs::remove_file(&filler).expect("free the disk");
    let check = || assert_eq!(sqlite_integrity(&file), "ok");
    full_disk_round(&db, &format!("sqlite://{}", file.display()), fill, free, check);
}

/// `psql` on the test server (`base`: the URL without its options), one statement.
fn psql(base: &str, sql: &str) -> Result<String, String> {
    let out = Command::new("psql").args([base, "-v", "ON_ERROR_STOP=1", "-qAtc", sql]).output().expect("run psql");
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// A tablespace for one test: dropped with the schema using it when this guard is (before
/// the tmpfs under it is unmounted).
struct Tablespace {
    base: String,
    name: String,
    schema: String,
}

impl Drop for Tablespace {
    fn drop(&mut self) {
        let _ = psql(&self.base, &format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
        let _ = psql(&self.base, &format!("DROP TABLESPACE IF EXISTS {}", self.name));
    }
}

/// Disk full, PostgreSQL: the schema's tables in a tablespace on a small tmpfs, filled by
/// another table until PostgreSQL cannot extend a file (`53100`). Its WAL stays on the main
/// disk, as on a server whose data volume fills up.
#[test]
fn a_full_disk_refuses_writes_cleanly_postgres() {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    // Outside the private scratch folders, which the postgres user cannot enter.
    let mount = std::env::temp_dir().join(format!("mutu-plein-{}-{nanos}", std::process::id()));
    let Some(disk) = Tmpfs::mount(mount, 24 * 1024 * 1024) else { return };
    let chown = Command::new("chown").args(["postgres:postgres"]).arg(&disk.0).status();
    assert!(chown.is_ok_and(|s| s.success()), "chown postgres");
    let db = Db::postgres();
    let base = db.url().split('?').next().unwrap_or_default().to_owned();
    let schema = db.url().rsplit("search_path%3D").next().unwrap_or_default().to_owned();
    let name = format!("mutu_plein_{}", uuid::Uuid::new_v4().simple());
    psql(&base, &format!("CREATE TABLESPACE {name} LOCATION '{}'", disk.0.display())).expect("tablespace");
    let _tablespace = Tablespace { base: base.clone(), name: name.clone(), schema: schema.clone() };
    let url = format!("{}&options=-cdefault_tablespace%3D{name}", db.url());
    let territory = crate::harness::fixture("territory.csv").display().to_string();
    for args in [&["territory", "import", &territory][..], &["campaign", "create", "npdc-2014", "--targets", "epci"]] {
        let out = mutu(&url, args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let filler = format!("{schema}.remplissage");
    let fill = || {
        let create =
            format!("CREATE TABLE {filler} (x TEXT) TABLESPACE {name}; ALTER TABLE {filler} ALTER x SET STORAGE PLAIN");
        psql(&base, &create).expect("filler");
        for rows in [2000, 100, 1] {
            let insert =
                format!("INSERT INTO {filler} SELECT repeat(md5(random()::text), 30) FROM generate_series(1, {rows})");
            for _ in 0..200 {
                if let Err(e) = psql(&base, &insert) {
                    assert!(e.contains("No space left") || e.contains("could not extend"), "{e}");
                    break;
                }
            }
        }
    };
    let free = || {
        psql(&base, &format!("DROP TABLE {filler}")).expect("free the disk");
    };
    full_disk_round(&db, &url, fill, free, || {});
}

/// A login role for one test, dropped with what it was granted when this guard is.
struct Role(String, String);

impl Drop for Role {
    fn drop(&mut self) {
        let _ = psql(&self.0, &format!("DROP OWNED BY {0}; DROP ROLE {0}", self.1));
    }
}

/// PostgreSQL turned read-only under a running server (the role's sessions become read-only,
/// as on a standby): saves answer `503` and store nothing; once writable again, saves succeed.
#[test]
fn a_database_turned_read_only_under_the_server_answers_503_postgres() {
    let db = Db::postgres();
    db.load_seed_wave();
    let base = db.url().split('?').next().unwrap_or_default().to_owned();
    let schema = db.url().rsplit("search_path%3D").next().unwrap_or_default().to_owned();
    let role = Role(base.clone(), format!("mutu_lecture_{}", uuid::Uuid::new_v4().simple()));
    let r = &role.1;
    let grants = format!(
        "CREATE ROLE {r} LOGIN; GRANT USAGE, CREATE ON SCHEMA {schema} TO {r}; \
         GRANT ALL ON ALL TABLES IN SCHEMA {schema} TO {r}; GRANT ALL ON ALL SEQUENCES IN SCHEMA {schema} TO {r}"
    );
    psql(&base, &grants).expect("role");
    let (scheme, rest) = db.url().split_once("://").expect("URL");
    let url = format!("{scheme}://{r}@{}", rest.split_once('@').map_or(rest, |(_, host)| host));
    let (respondent, cookie, port) = session_on(&url);
    let mut server = serve(&url, port);
    wait_until_up(port);
    let (status, reply) = put(port, &respondent, &cookie, 0, "avant");
    assert_eq!(status, 200, "{reply}");
    let switch = |on: &str| {
        let sql = format!(
            "ALTER ROLE {r} SET default_transaction_read_only = {on}; \
             SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '{r}'"
        );
        psql(&base, &sql).expect("switch");
    };
    switch("on");
    let replies: Vec<(u16, serde_json::Value)> =
        (0..3).map(|i| put(port, &respondent, &cookie, 1, &format!("refusée {i}"))).collect();
    switch("off");
    let (status, reply) = put(port, &respondent, &cookie, 1, "après");
    let stored = version(port, &respondent, &cookie);
    server.kill().expect("stop");
    server.wait().expect("reaped");
    println!("read-only under the server: saves answered {:?}", replies.iter().map(|r| r.0).collect::<Vec<_>>());
    assert!(
        replies.iter().all(|(status, _)| *status != 200),
        "a save acknowledged on a read-only database: {replies:?}"
    );
    let (last, body) = &replies[2];
    assert_eq!(*last, 503, "{replies:?}");
    assert!(body["error"].as_str().is_some_and(|e| e.contains("lecture seule")), "{body}");
    assert_eq!(status, 200, "writable again: {reply}");
    assert_eq!(stored, 2, "only the two acknowledged saves are stored");
}
