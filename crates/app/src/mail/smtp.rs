//! Handing a mail to the SMTP relay with lettre, and what a failure means for it: a 5xx
//! refuses this mail for good, a 4xx asks to try it again later, and anything else (the
//! relay unreachable, a timeout) means the relay is down for every mail.
//!
//! The relay is reached in plain SMTP: mutu expects a relay on the same host or network
//! (Postfix, the département's relay…) that does TLS onward. The worker keeps one
//! connection open from mail to mail, with `TCP_NODELAY`: lettre writes a message and its
//! final `.` in two writes, and without it the second waited for the relay's delayed
//! acknowledgement, 40 ms a mail (25 mails a second at most; 2 000 a second with it, on
//! loopback). lettre's own transport gives no way to set it, so the connection is made
//! here and handed to lettre's SMTP client.

use crate::error::{AppError, Result};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox, SinglePart};
use lettre::transport::smtp::client::AsyncSmtpConnection;
use lettre::transport::smtp::extension::ClientId;
use lettre::{Address, Message};
use mutu_storage::{ClaimedMail, RenderedMail};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// The longest wait for the relay, to connect or to take one mail.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Where and as whom mail is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    /// Relay host.
    pub host: String,
    /// Relay port.
    pub port: u16,
    /// Sender shown to respondents (`Observatoire <mutu@region.fr>`).
    pub from: String,
}

/// Why a mail was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Failure {
    /// Refused for good (a 5xx, an address that is not one).
    Permanent(String),
    /// Refused for now (a 4xx): try this one again later.
    Transient(String),
    /// The relay did not answer: every mail would fail the same way.
    RelayDown(String),
}

/// The relay, the connections kept open to it (one per lane of the worker), and the sender.
pub(super) struct Relay {
    host: String,
    port: u16,
    from: Mailbox,
    idle: Mutex<Vec<AsyncSmtpConnection>>,
}

/// What a failure of lettre means for the mail.
fn classify(e: &lettre::transport::smtp::Error) -> Failure {
    if e.is_permanent() {
        Failure::Permanent(e.to_string())
    } else if e.is_transient() {
        Failure::Transient(e.to_string())
    } else {
        Failure::RelayDown(e.to_string())
    }
}

impl Relay {
    /// The relay of `settings`.
    pub(super) fn new(settings: &SmtpSettings) -> Result<Self> {
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|e| AppError::Invalid(format!("expéditeur des courriels « {} » : {e}", settings.from)))?;
        Ok(Relay { host: settings.host.clone(), port: settings.port, from, idle: Mutex::new(vec![]) })
    }

    /// A new connection to the relay, greeted.
    async fn connect(&self) -> std::result::Result<AsyncSmtpConnection, Failure> {
        let down = |e: &dyn std::fmt::Display| Failure::RelayDown(format!("relais {}:{} : {e}", self.host, self.port));
        let tcp = tokio::time::timeout(TIMEOUT, tokio::net::TcpStream::connect((self.host.as_str(), self.port)))
            .await
            .map_err(|e| down(&e))?
            .map_err(|e| down(&e))?;
        tcp.set_nodelay(true).map_err(|e| down(&e))?;
        let client = ClientId::default();
        let greeting = AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &client);
        match tokio::time::timeout(TIMEOUT, greeting).await {
            Ok(Ok(connection)) => Ok(connection),
            Ok(Err(e)) => Err(classify(&e)),
            Err(e) => Err(down(&e)),
        }
    }

    /// The message of `mail`, with its `Message-ID`.
    pub(super) fn message(&self, mail: &ClaimedMail, rendered: &RenderedMail) -> std::result::Result<Message, Failure> {
        let address: Address =
            mail.email.parse().map_err(|e| Failure::Permanent(format!("adresse « {} » : {e}", mail.email)))?;
        let name = (!mail.name.trim().is_empty()).then(|| mail.name.trim().to_owned());
        let body = Body::new_with_encoding(rendered.body.clone(), ContentTransferEncoding::QuotedPrintable)
            .map_err(|_| Failure::Permanent("corps du message impossible à encoder".into()))?;
        Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(name, address))
            .subject(rendered.subject.as_str())
            .message_id(Some(mail.message_id.clone()))
            .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(body))
            .map_err(|e| Failure::Permanent(e.to_string()))
    }

    /// Hands `message` to the relay on an idle open connection, or a new one; a connection
    /// that failed is dropped.
    pub(super) async fn send(&self, message: Message) -> std::result::Result<(), Failure> {
        let idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let mut connection = match idle {
            Some(connection) if !connection.has_broken() => connection,
            _ => self.connect().await?,
        };
        match tokio::time::timeout(TIMEOUT, connection.send(message.envelope(), &message.formatted())).await {
            Ok(Ok(_)) => {
                self.idle.lock().unwrap_or_else(PoisonError::into_inner).push(connection);
                Ok(())
            }
            Ok(Err(e)) => Err(classify(&e)),
            Err(_) => Err(Failure::RelayDown(format!(
                "relais {}:{} : pas de réponse en {} s",
                self.host,
                self.port,
                TIMEOUT.as_secs()
            ))),
        }
    }
}
