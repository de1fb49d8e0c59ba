//! A real SMTP server on loopback (mailin-embedded) that keeps every message it accepts,
//! refuses the addresses it is told to (550), and counts copies by `Message-ID`: one sink
//! for the mail tests of the use cases (`crates/app`), the web pages and the command line,
//! so that none of them mocks the relay and all read mail the same way.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

/// One message accepted.
#[derive(Debug, Clone, Default)]
pub struct Received {
    /// Recipients of the envelope.
    pub to: Vec<String>,
    /// The raw message.
    pub data: Vec<u8>,
}

impl Received {
    /// The `Message-ID` header.
    pub fn message_id(&self) -> String {
        let text = String::from_utf8_lossy(&self.data);
        let header = text.lines().find(|l| l.to_ascii_lowercase().starts_with("message-id:"));
        header.map(|l| l["message-id:".len()..].trim().to_owned()).unwrap_or_default()
    }

    /// The body, decoded from quoted-printable.
    pub fn body(&self) -> String {
        let text = String::from_utf8_lossy(&self.data);
        let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b).replace("=\r\n", "");
        let (mut bytes, mut rest) = (vec![], body.as_bytes());
        while let Some((&first, tail)) = rest.split_first() {
            let hex = |a: u8, b: u8| u8::from_str_radix(std::str::from_utf8(&[a, b]).ok()?, 16).ok();
            match (first, tail) {
                (b'=', [a, b, more @ ..]) if hex(*a, *b).is_some() => {
                    bytes.extend(hex(*a, *b));
                    rest = more;
                }
                _ => {
                    bytes.push(first);
                    rest = tail;
                }
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

#[derive(Default)]
struct Shared {
    received: Vec<Received>,
    refused: BTreeSet<String>,
}

/// The server's handler: one per connection, sharing what was received.
#[derive(Clone, Default)]
pub struct Sink {
    shared: Arc<Mutex<Shared>>,
    current: Received,
}

impl mailin_embedded::Handler for Sink {
    fn rcpt(&mut self, to: &str) -> mailin_embedded::Response {
        if self.shared.lock().expect("sink").refused.contains(to) {
            mailin_embedded::response::NO_MAILBOX
        } else {
            mailin_embedded::response::OK
        }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> mailin_embedded::Response {
        self.current = Received { to: to.to_vec(), data: vec![] };
        mailin_embedded::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        self.shared.lock().expect("sink").received.push(std::mem::take(&mut self.current));
        mailin_embedded::response::OK
    }
}

impl Sink {
    /// Starts a server on a free loopback port; returns it and the port.
    pub fn start() -> (Sink, u16) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        (Sink::on(listener), port)
    }

    /// Starts a server on `listener`.
    pub fn on(listener: std::net::TcpListener) -> Sink {
        let sink = Sink::default();
        let mut server = mailin_embedded::Server::new(sink.clone());
        server.with_name("smtp.test").with_num_threads(16).with_tcp_listener(listener);
        std::thread::spawn(move || server.serve().expect("SMTP server"));
        sink
    }

    /// Refuses `address` for good from now on (550 at RCPT).
    pub fn refuse(&self, address: &str) {
        self.shared.lock().expect("sink").refused.insert(address.to_owned());
    }

    /// Accepts every address again.
    pub fn accept_all(&self) {
        self.shared.lock().expect("sink").refused.clear();
    }

    /// Every message accepted so far.
    pub fn received(&self) -> Vec<Received> {
        self.shared.lock().expect("sink").received.clone()
    }

    /// The messages accepted since the last call, taken out of the sink: what one step of a
    /// test sent.
    pub fn take(&self) -> Vec<Received> {
        std::mem::take(&mut self.shared.lock().expect("sink").received)
    }

    /// How many messages were accepted so far.
    pub fn count(&self) -> usize {
        self.shared.lock().expect("sink").received.len()
    }

    /// Copies received of each `Message-ID`.
    pub fn copies(&self) -> BTreeMap<String, usize> {
        let mut copies = BTreeMap::new();
        for m in self.shared.lock().expect("sink").received.iter() {
            *copies.entry(m.message_id()).or_default() += 1;
        }
        copies
    }
}
