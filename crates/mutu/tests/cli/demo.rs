//! `mutu demo` as a newcomer runs it: it prints how to log in, serves, and its pages show
//! what no other tool has — groups of neighbours on the opportunities pages, maps on the
//! analysis — because it joins the bundled contours.

use crate::http::{exchange_whole, free_port, login, wait_until_up};
use mutu_app::demo::{DEMO_CAMPAIGN, DEMO_LEAD};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A page of the running demo, read with the session cookie.
fn page(port: u16, cookie: &str, path: &str) -> String {
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n");
    let (status, head, body) = exchange_whole(port, &request).expect("page");
    assert_eq!(status, 200, "{path}: {head}");
    body
}

#[test]
fn the_demo_shows_groups_of_neighbours_and_maps() {
    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mutu"))
        .args(["demo", "--bind", &format!("127.0.0.1:{port}"), "--dir"])
        .arg(dir.path())
        .env_remove("MUTU_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mutu demo");
    // Read to the end on a thread of its own: a closed pipe would kill the demo's next print.
    let stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            if let Some(password) = line.trim().strip_prefix("mot de passe : ") {
                let _ = tx.send(password.to_owned());
            }
        }
    });
    let password = rx.recv_timeout(Duration::from_secs(120)).expect("the demo prints the lead's password");
    wait_until_up(port);
    // Measured, not asserted (timings belong to the benchmarks): see docs/performance.md.
    eprintln!("mutu demo prêt en {:.1} s", started.elapsed().as_secs_f64());

    let cookie = login(port, DEMO_LEAD, &password);
    let ranking = page(port, &cookie, &format!("/vagues/{DEMO_CAMPAIGN}/opportunites"));
    assert!(!ranking.contains("Aucun contour"), "the demo has its contours");
    let prefix = format!("href=\"/vagues/{DEMO_CAMPAIGN}/opportunites/");
    let services: Vec<&str> = ranking
        .match_indices(&prefix)
        .map(|(i, _)| &ranking[i + prefix.len()..])
        .filter_map(|r| r.split('"').next())
        .collect();
    assert!(!services.is_empty(), "the services are ranked");
    let best = page(port, &cookie, &format!("/vagues/{DEMO_CAMPAIGN}/opportunites/{}", services[0]));
    assert!(best.contains("Groupe 1"), "the best-ranked service has groups of neighbours");
    assert!(best.matches("<path class=\"cible").count() > 0, "on a map");

    let analysis = page(port, &cookie, &format!("/vagues/{DEMO_CAMPAIGN}/analyse"));
    assert!(analysis.contains("id=\"cartes\"") && analysis.contains("carte-participation"), "the analysis has maps");
    assert!(analysis.matches("<path class=\"cible").count() > 0);

    // The working group drawn from the first opportunity, on its wave's page and its own.
    let groups = page(port, &cookie, &format!("/vagues/{DEMO_CAMPAIGN}/groupes"));
    let start = groups.find("<a href=\"/groupes/").expect("the demo's working group") + "<a href=\"/groupes/".len();
    let id: String = groups[start..].chars().take_while(char::is_ascii_digit).collect();
    let group = page(port, &cookie, &format!("/groupes/{id}"));
    assert!(group.contains("Démonstration — ") && group.contains("Région Hauts-de-France"), "{group}");
    assert!(group.matches("<path class=\"cible").count() > 0, "its members on a map");
    child.kill().expect("stop");
    child.wait().expect("reaped");
}
