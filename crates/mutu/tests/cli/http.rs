//! Talking to a `mutu serve` child process over loopback, for the tests that start one
//! (kill rounds, faults, backup under load, SIGKILL after a save): plain HTTP/1.1 on a fresh
//! connection, no client library between the test and what the server really sends.

use crate::harness::fixture_text;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// A free loopback port (bound then released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

/// One HTTP/1.1 exchange: status and body, or the I/O error of a dead server.
pub fn exchange(port: u16, request: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.write_all(request.as_bytes())?;
    let mut raw = String::new();
    stream.read_to_string(&mut raw)?;
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok((status, body.to_owned()))
}

/// A request with the session cookie and a JSON body (possibly empty).
pub fn request(method: &str, path: &str, cookie: &str, extra: &str, body: &str) -> String {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n{extra}Content-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// Waits until `mutu serve` accepts connections.
pub fn wait_until_up(port: u16) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(30), "mutu serve did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `(respondent, path of the invitation link)` of each line of `mutu campaign invitations`.
pub fn invitation_paths(csv: &str, base: &str) -> Vec<(String, String)> {
    csv.lines()
        .skip(1)
        .filter_map(|l| {
            let fields: Vec<&str> = l.trim_start_matches('\u{feff}').split(',').collect();
            Some((fields.first()?.to_string(), fields.last()?.strip_prefix(base)?.to_owned()))
        })
        .collect()
}

/// Opens the invitation link; returns the session cookie.
pub fn open_link(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").expect("send");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("read");
    assert!(raw.starts_with("HTTP/1.1 303"), "{raw}");
    raw.lines()
        .filter_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .find(|c| c.starts_with("mutu_session="))
        .and_then(|c| c.split(';').next())
        .expect("session cookie")
        .to_owned()
}

/// `(respondent, path of the invitation link)` of a target of the seed wave that has no
/// answer in the seed's answers file: its autosaves start from nothing.
pub fn silent_link(csv: &str, base: &str) -> (String, String) {
    let answered = fixture_text("responses.jsonl");
    invitation_paths(csv, base)
        .into_iter()
        .find(|(code, _)| !answered.contains(&format!("\"{code}\"")))
        .expect("a silent target")
}
