//! Mail to respondents through a durable outbox: the lead's « send » queues one row per
//! recipient and returns at once ([`queue`]); workers send them at a steady pace, retry what
//! failed for now, and record every delivery and failure per recipient ([`worker`]). The
//! templates and their placeholders ([`template`]), who is written to ([`recipients`]) and
//! the contacts a lead imports ([`contacts`]) are the same for the web and the command line.
//! A working group's members are invited through the same outbox ([`groups`]): those mails
//! are written when queued and carry no personal link, as is the receipt of a submitted
//! answer ([`receipt`]).

pub mod contacts;
pub mod groups;
mod lane;
pub mod queue;
pub mod receipt;
pub mod recipients;
mod smtp;
pub mod template;
pub mod worker;

pub use groups::{GroupInvitations, queue_group_invitations};
pub use queue::{Queued, ScheduledReminders, queue_due_reminders, queue_invitations, queue_reminders};
pub use receipt::queue_receipt;
pub use recipients::{Recipient, ReminderFilter};
pub use smtp::SmtpSettings;
pub use worker::{MailWorker, Round, WorkerSettings};
