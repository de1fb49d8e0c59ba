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
    let (status, _, body) = exchange_whole(port, request)?;
    Ok((status, body))
}

/// One HTTP/1.1 exchange: status, head (with its headers) and body.
pub fn exchange_whole(port: u16, request: &str) -> std::io::Result<(u16, String, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok((status, head.to_owned(), body.to_owned()))
}

/// The value of cookie `name` a response's head sets.
fn set_cookie(head: &str, name: &str) -> Option<String> {
    head.lines()
        .filter_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .find(|c| c.starts_with(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
}

/// Logs in on the login page as a person would; returns the session cookie.
pub fn login(port: u16, email: &str, password: &str) -> String {
    let (_, head, body) =
        exchange_whole(port, "GET /connexion HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").expect("login page");
    let cookie = set_cookie(&head, "mutu_login").expect("the login form's cookie");
    let token = cookie.trim_start_matches("mutu_login=");
    assert!(body.contains(token), "the form carries the cookie's token");
    let form = format!(
        "email={}&password={}&csrf={token}",
        email.replace('@', "%40"),
        password.replace('+', "%2B").replace(' ', "+")
    );
    let request = format!(
        "POST /connexion HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    let (status, head, _) = exchange_whole(port, &request).expect("log in");
    assert_eq!(status, 303, "{head}");
    set_cookie(&head, "mutu_session").expect("a session")
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
    set_cookie(&raw, "mutu_session").expect("session cookie")
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
