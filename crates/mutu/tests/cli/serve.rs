//! `mutu serve` as a process: an acknowledged save is on disk, so a server killed with
//! SIGKILL right after its `200` gives the answer back after a restart.

use crate::harness::Db;
use crate::http::{free_port, open_link, silent_link, wait_until_up};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// One HTTP/1.1 exchange on a fresh connection: status, headers, body.
fn http(port: u16, request: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    stream.write_all(request.as_bytes()).expect("send");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("read");
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

fn answers(port: u16, cookie: &str, respondent: &str) -> serde_json::Value {
    let path = format!("/api/v1/campaigns/npdc-2014/answers/{respondent}");
    let (status, head, body) =
        http(port, &format!("GET {path} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"));
    assert_eq!(status, 200, "{head}\n{body}");
    serde_json::from_str(&body).expect("JSON answers")
}

/// Save, SIGKILL, restart: the acknowledged version is there.
pub fn an_acknowledged_save_survives_sigkill(db: &Db) {
    db.load_seed_wave();
    db.ok(&["campaign", "open", "npdc-2014"]);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let links = db.ok(&["campaign", "invitations", "--campaign", "npdc-2014", "--public-url", &base]);
    // A body that has not answered yet: its link, and the path part of it.
    let (respondent, path) = silent_link(&links, &base);
    let bind = format!("127.0.0.1:{port}");
    let mut server = db.spawn(&["serve", "--bind", &bind, "--public-url", &base]);
    wait_until_up(port);
    let cookie = open_link(port, &path);
    let before = answers(port, &cookie, &respondent);
    let version = before["version"].as_i64().expect("version");
    let body = r#"{"answers": {"themes": ["culture", "tourisme"]}}"#;
    let put = format!(
        "PUT /api/v1/campaigns/npdc-2014/answers/{respondent} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n\
         If-Match: \"{version}\"\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (status, head, reply) = http(port, &put);
    assert_eq!(status, 200, "{head}\n{reply}");
    server.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix.
    server.wait().expect("reaped");

    let mut server = db.spawn(&["serve", "--bind", &bind, "--public-url", &base]);
    wait_until_up(port);
    let after = answers(port, &open_link(port, &path), &respondent);
    server.kill().expect("stop");
    server.wait().expect("reaped");
    assert_eq!(after["version"].as_i64(), Some(version + 1), "{after:#}");
    assert_eq!(after["answers"]["themes"], serde_json::json!(["culture", "tourisme"]));
}
