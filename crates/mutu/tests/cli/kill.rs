//! Durability under crashes: `mutu serve` is killed with SIGKILL, round after round, while
//! clients autosave and submit concurrently through the respondent's API. After each restart
//! every acknowledged write (a `200` received) must be there, at its version or at most the
//! one write that was in flight when the server died; no acknowledged submit may fall back to
//! a draft; SQLite's `PRAGMA integrity_check` must answer `ok` after every kill.
//!
//! The kill moments and the writes come from a seeded generator: the seed is printed, and
//! `MUTU_KILL_SEED=N` replays a run.

use crate::harness::Db;
use crate::http::{exchange, free_port, invitation_paths, open_link, request, wait_until_up};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Rounds per backend, and the wall time they may take (the suite runs both backends).
const ROUNDS: usize = 30;
const BUDGET: Duration = Duration::from_secs(60);
/// Respondents written to, and the concurrent clients sharing them (each owns its own, so
/// every acknowledged version is known exactly).
const RESPONDENTS: usize = 24;
const CLIENTS: usize = 4;
const WAVE: &str = "epreuve";

/// splitmix64: a small, well-mixed, reproducible generator (no dependency for a test).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What a client sent last without receiving the answer (the server died meanwhile).
#[derive(Debug, Clone)]
enum InFlight {
    Save(String),
    Submit,
}

/// One respondent as the clients know it: the last acknowledged state.
#[derive(Debug, Clone)]
struct Respondent {
    code: String,
    cookie: String,
    version: i64,
    needs: String,
    complete: bool,
    in_flight: Option<InFlight>,
}

/// What one round's clients did.
#[derive(Debug, Default)]
struct Tally {
    saves: u64,
    submits: u64,
    anomalies: Vec<String>,
}

/// A complete-able draft whose free text names the writer, so a read-back says which write
/// it holds.
fn draft(rng: &mut Rng, needs: &str) -> String {
    let themes = ["administration", "education", "tourisme", "solidarite_inclusion"];
    let picked: Vec<String> =
        themes.iter().filter(|_| rng.below(2) == 0).map(|t| format!("\"{t}\"")).chain(["\"culture\"".into()]).collect();
    format!(
        r#"{{"answers": {{"themes": [{}], "obstacles": ["cout"], "expected_support": ["assistance_technique"], "needs": "{needs}"}}}}"#,
        picked.join(", ")
    )
}

/// A client: saves (and now and then submits) its respondents until the server dies or the
/// round stops. A `200` is recorded as acknowledged; a failed exchange leaves the write in
/// flight, to be judged after the restart.
fn client(
    port: u16,
    seed: u64,
    round: usize,
    mut own: Vec<Respondent>,
    stop: Arc<AtomicBool>,
) -> (Vec<Respondent>, Tally) {
    let mut rng = Rng(seed);
    let mut tally = Tally::default();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        let open: Vec<usize> = (0..own.len()).filter(|&i| !own[i].complete).collect();
        let Some(&i) = open.get(rng.below(open.len().max(1) as u64) as usize) else { break };
        let r = &mut own[i];
        let path = format!("/api/v1/campaigns/{WAVE}/answers/{}", r.code);
        n += 1;
        // Only a respondent holding a full draft can submit (the questionnaire requires it).
        let submit = r.version > 0 && rng.below(400) == 0;
        let (sent, req) = if submit {
            (InFlight::Submit, request("POST", &format!("{path}/submit"), &r.cookie, "", ""))
        } else {
            let needs = format!("tour {round} écriture {n} client {seed:x}");
            let body = draft(&mut rng, &needs);
            (
                InFlight::Save(needs),
                request("PUT", &path, &r.cookie, &format!("If-Match: \"{}\"\r\n", r.version), &body),
            )
        };
        r.in_flight = Some(sent.clone());
        let Ok((status, body)) = exchange(port, &req) else { break };
        let Ok(reply) = serde_json::from_str::<serde_json::Value>(&body) else { break };
        if status != 200 {
            tally.anomalies.push(format!("{} : {status} {body}", r.code));
            r.in_flight = None;
            break;
        }
        let version = reply["version"].as_i64().unwrap_or(-1);
        if version != r.version + 1 {
            tally.anomalies.push(format!("{} : version {version} après {}", r.code, r.version));
        }
        r.version = version;
        r.in_flight = None;
        match sent {
            InFlight::Save(needs) => {
                r.needs = needs;
                tally.saves += 1;
            }
            InFlight::Submit => {
                r.complete = reply["status"] == "complete";
                tally.submits += 1;
            }
        }
    }
    (own, tally)
}

/// Reads every respondent back after a restart, checks it against what was acknowledged,
/// and takes the stored state as the new starting point. Returns how many in-flight writes
/// had committed.
fn check_after_restart(port: u16, known: &mut [Respondent], round: usize, seed: u64) -> u64 {
    let mut landed = 0;
    for r in known.iter_mut() {
        let path = format!("/api/v1/campaigns/{WAVE}/answers/{}", r.code);
        let (status, body) = exchange(port, &request("GET", &path, &r.cookie, "", "")).expect("GET after restart");
        assert_eq!(status, 200, "seed {seed}, tour {round}, {} : {body}", r.code);
        let stored: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        let version = stored["version"].as_i64().expect("version");
        let complete = stored["status"] == "complete";
        let needs = stored["answers"]["needs"].as_str().unwrap_or_default().to_owned();
        let context =
            format!("seed {seed}, tour {round}, {} : connu v{} {:?}, lu {stored}", r.code, r.version, r.needs);
        if version == r.version {
            assert_eq!(needs, r.needs, "acknowledged save lost: {context}");
            assert!(complete || !r.complete, "acknowledged submit reverted to draft: {context}");
        } else {
            assert_eq!(version, r.version + 1, "version out of range: {context}");
            match r.in_flight.as_ref() {
                Some(InFlight::Save(sent)) => assert!(needs == *sent && !complete, "unknown write: {context}"),
                Some(InFlight::Submit) => assert!(complete && needs == r.needs, "unknown write: {context}"),
                None => panic!("a version nobody wrote: {context}"),
            }
            landed += 1;
        }
        (r.version, r.needs, r.complete, r.in_flight) = (version, needs, complete, None);
    }
    landed
}

/// `PRAGMA integrity_check` and `foreign_key_check` of the SQLite file, server stopped.
pub(crate) fn sqlite_integrity(file: &std::path::Path) -> String {
    use sqlx::{Connection, Row};
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", file.display())).await.expect("open");
        let rows = sqlx::query("PRAGMA integrity_check").fetch_all(&mut conn).await.expect("integrity_check");
        let mut verdict: Vec<String> = rows.iter().map(|r| r.get::<String, _>(0)).collect();
        let orphans = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut conn).await.expect("fk check");
        if !orphans.is_empty() {
            verdict.push(format!("{} lignes orphelines", orphans.len()));
        }
        conn.close().await.expect("close");
        verdict.join("; ")
    })
}

/// Rounds of concurrent saves and submits, each ended by SIGKILL at a random moment.
pub fn sigkill_under_load_loses_no_acknowledged_write(db: &Db) {
    let seed = std::env::var("MUTU_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
    });
    println!("kill test: seed {seed} (MUTU_KILL_SEED={seed} to replay)");
    let mut rng = Rng(seed);
    db.load_territory();
    db.ok(&["campaign", "create", WAVE, "--targets", "commune", "--departement", "59"]);
    db.ok(&["campaign", "open", WAVE]);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let links = db.ok(&["campaign", "invitations", "--campaign", WAVE, "--public-url", &base]);
    let picked: Vec<(String, String)> = invitation_paths(&links, &base).into_iter().take(RESPONDENTS).collect();
    assert_eq!(picked.len(), RESPONDENTS, "not enough targets:\n{links}");
    let bind = format!("127.0.0.1:{port}");
    let serve = || db.spawn(&["serve", "--bind", &bind, "--public-url", &base]);
    let mut server = serve();
    wait_until_up(port);
    let mut known: Vec<Respondent> = picked
        .iter()
        .map(|(code, path)| Respondent {
            code: code.clone(),
            cookie: open_link(port, path),
            version: 0,
            needs: String::new(),
            complete: false,
            in_flight: None,
        })
        .collect();
    let sqlite_file = db.path("mutu.db");
    let (start, mut rounds, mut saves, mut submits, mut landed) = (Instant::now(), 0, 0, 0, 0);
    while rounds < ROUNDS && start.elapsed() < BUDGET {
        rounds += 1;
        let stop = Arc::new(AtomicBool::new(false));
        let chunk = known.len().div_ceil(CLIENTS);
        let owned: Vec<Vec<Respondent>> = known.chunks(chunk).map(<[Respondent]>::to_vec).collect();
        let workers: Vec<_> = owned
            .into_iter()
            .map(|own| {
                let (stop, client_seed) = (stop.clone(), rng.next());
                std::thread::spawn(move || client(port, client_seed, rounds, own, stop))
            })
            .collect();
        std::thread::sleep(Duration::from_millis(100 + rng.below(900)));
        server.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix.
        server.wait().expect("reaped");
        stop.store(true, Ordering::Relaxed);
        known.clear();
        for worker in workers {
            let (own, tally) = worker.join().expect("client thread");
            assert!(tally.anomalies.is_empty(), "seed {seed}, tour {rounds} : {:#?}", tally.anomalies);
            (saves, submits) = (saves + tally.saves, submits + tally.submits);
            known.extend(own);
        }
        if sqlite_file.exists() {
            assert_eq!(sqlite_integrity(&sqlite_file), "ok", "seed {seed}, tour {rounds}");
        }
        server = serve();
        wait_until_up(port);
        landed += check_after_restart(port, &mut known, rounds, seed);
    }
    server.kill().expect("stop");
    server.wait().expect("reaped");
    let complete = known.iter().filter(|r| r.complete).count();
    println!(
        "kill test: {rounds} SIGKILL rounds in {:.1} s, {saves} acknowledged saves and {submits} acknowledged \
         submits checked, 0 lost; {landed} unacknowledged writes had committed; {complete}/{RESPONDENTS} submitted",
        start.elapsed().as_secs_f64()
    );
    assert!(rounds >= 5, "only {rounds} rounds within {BUDGET:?}");
    assert!(saves > rounds as u64, "too few acknowledged saves ({saves}) to prove anything");
    // Every figure still computes from what survived.
    let analysis = db.json(&["analyse", "--campaign", WAVE, "--format", "json"]);
    assert!(analysis.is_object(), "{analysis}");
}
