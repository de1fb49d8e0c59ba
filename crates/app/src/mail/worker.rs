//! The mail worker: what `mutu worker` runs, and `mutu serve` beside the web when it has a
//! relay. Round after round it queues the reminders of the day, claims a batch of due mail
//! from the outbox, and sends it at the configured pace over a few connections at once (one
//! lane each, [`super::lane`]): each mail rendered (template of the wave, a fresh personal
//! link), recorded as being handed over, handed to SMTP with its `Message-ID`, then marked
//! sent (the link becomes the target's) or failed (a 5xx for good, anything else again
//! later, with a backoff that doubles, until a maximum of attempts).
//!
//! Any number of workers may run on one database: each claims its own mail. A worker killed
//! at any moment loses nothing: what it claimed goes back to the others when its lease runs
//! out, and the mails it was handing over (one per lane at most) are sent again, unchanged.

use super::queue::queue_due_reminders;
use super::smtp::{Relay, SmtpSettings};
use crate::error::Result;
use futures_util::future::join_all;
use mutu_storage::{ClaimedMail, Store};
use rand::RngCore;
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use time::OffsetDateTime;
use tokio::sync::watch;
use tokio::time::Instant;

/// How a worker paces and retries; the defaults suit a relay of a local authority.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerSettings {
    /// At most this many mails a second.
    pub rate: u32,
    /// Mails claimed at a time.
    pub batch: usize,
    /// Mails handed to the relay at the same time, each on its own connection (at most this
    /// many are in flight when the worker is killed).
    pub connections: usize,
    /// How long a claim holds; renewed while the batch lasts. A worker that dies frees its
    /// mail when the lease runs out.
    pub lease: Duration,
    /// Wait before the first retry of a mail; each later one waits twice as long.
    pub first_retry: Duration,
    /// The longest wait between two attempts.
    pub max_retry: Duration,
    /// Attempts after which a mail that keeps failing is given up.
    pub max_attempts: u32,
    /// Wait between two looks at the outbox when nothing was due.
    pub idle: Duration,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        WorkerSettings {
            rate: 10,
            batch: 100,
            connections: 4,
            lease: Duration::from_secs(60),
            first_retry: Duration::from_secs(60),
            max_retry: Duration::from_secs(3600),
            max_attempts: 8,
            idle: Duration::from_secs(1),
        }
    }
}

impl WorkerSettings {
    /// The wait before the attempt after `attempts` failed ones.
    pub fn backoff(&self, attempts: u64) -> Duration {
        let doubled = self.first_retry.saturating_mul(1 << attempts.saturating_sub(1).min(20));
        doubled.min(self.max_retry)
    }
}

/// What a worker did, in a round or since it started.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    /// Mails claimed.
    pub claimed: u64,
    /// Accepted by the relay.
    pub sent: u64,
    /// Of those, second copies of mails caught in flight by a crash.
    pub resent: u64,
    /// Failed for good.
    pub failed: u64,
    /// Failed for now, queued again for later.
    pub retried: u64,
    /// Reminders queued because their day came.
    pub reminders: u64,
    /// Whether the relay was down (the rest of the batch waits for the next attempt).
    pub relay_down: bool,
}

impl std::ops::AddAssign for Round {
    fn add_assign(&mut self, other: Round) {
        self.claimed += other.claimed;
        self.sent += other.sent;
        self.resent += other.resent;
        self.failed += other.failed;
        self.retried += other.retried;
        self.reminders += other.reminders;
        self.relay_down |= other.relay_down;
    }
}

/// A worker sending the outbox's mail.
pub struct MailWorker {
    pub(super) store: Store,
    pub(super) relay: Relay,
    pub(super) public_url: String,
    pub(super) id: String,
    pub(super) settings: WorkerSettings,
    /// When the next mail may be handed over.
    pub(super) next_slot: Mutex<Option<Instant>>,
    /// When the leases of the current batch were last renewed.
    pub(super) renewed: Mutex<Instant>,
}

impl MailWorker {
    /// A worker sending through `smtp`, with links on `public_url`, at most `rate` mails a
    /// second and otherwise the default settings, claiming about five seconds of mail at a
    /// time (so a slow worker does not hold mail another could send).
    ///
    /// # Errors
    ///
    /// [`crate::AppError::Invalid`] for a sender that is not an address.
    pub fn new(store: Store, smtp: &SmtpSettings, public_url: &str, rate: u32) -> Result<Self> {
        let batch = (rate as usize).saturating_mul(5).clamp(1, WorkerSettings::default().batch);
        let settings = WorkerSettings { rate, batch, ..WorkerSettings::default() };
        let mut bytes = [0u8; 4];
        rand::rng().fill_bytes(&mut bytes);
        let suffix: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(MailWorker {
            store,
            relay: Relay::new(smtp)?,
            public_url: public_url.trim_end_matches('/').to_owned(),
            id: format!("{}-{suffix}", std::process::id()),
            settings,
            next_slot: Mutex::new(None),
            renewed: Mutex::new(Instant::now()),
        })
    }

    /// The same worker with other settings (a rate of 0 counts as 1).
    pub fn with_settings(mut self, settings: WorkerSettings) -> Self {
        self.settings =
            WorkerSettings { rate: settings.rate.max(1), connections: settings.connections.max(1), ..settings };
        self
    }

    /// How this worker paces and retries.
    pub fn settings(&self) -> &WorkerSettings {
        &self.settings
    }

    /// Who this worker is in the outbox's claims (process id and a random suffix).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// One round: the reminders due today, then one batch of due mail. For tests and for
    /// `run_until`.
    ///
    /// # Errors
    ///
    /// The store's errors (a mail's own failure is recorded, not returned).
    pub async fn run_once(&self) -> Result<Round> {
        let (_keep, running) = watch::channel(false);
        self.round(&running).await
    }

    /// Runs rounds until `shutdown` completes, then finishes the mail being handed over,
    /// gives back the rest of its batch and returns what it did. `report` hears of every
    /// round that did something. A database error is logged and tried again after a pause.
    ///
    /// # Errors
    ///
    /// None so far: errors of a round are logged and the worker goes on.
    pub async fn run_until(&self, shutdown: impl Future<Output = ()>, mut report: impl FnMut(&Round)) -> Result<Round> {
        let (stop, stopping) = watch::channel(false);
        let work = async {
            let mut total = Round::default();
            while !*stopping.borrow() {
                let pause = match self.round(&stopping).await {
                    Ok(round) => {
                        if round != Round::default() {
                            report(&round);
                        }
                        total += round;
                        round.claimed == 0 || round.relay_down
                    }
                    Err(e) => {
                        tracing::warn!(worker = %self.id, "tour du courrier : {e}");
                        true
                    }
                };
                if pause {
                    let mut stopping = stopping.clone();
                    tokio::select! {
                        () = tokio::time::sleep(self.settings.idle) => {}
                        _ = stopping.changed() => {}
                    }
                }
            }
            Ok(total)
        };
        let mut work = std::pin::pin!(work);
        tokio::select! {
            result = &mut work => result,
            () = shutdown => {
                let _ = stop.send(true);
                work.await
            }
        }
    }

    async fn round(&self, stopping: &watch::Receiver<bool>) -> Result<Round> {
        let mut round = Round::default();
        for day in queue_due_reminders(&self.store, OffsetDateTime::now_utc().date()).await? {
            tracing::info!(wave = %day.campaign, day = %day.day, queued = day.queued, "relances programmées");
            round.reminders += day.queued;
        }
        let claimed = self.store.claim_mail(&self.id, self.settings.batch, self.settings.lease).await?;
        round.claimed = claimed.len() as u64;
        *self.renewed.lock().unwrap_or_else(PoisonError::into_inner) = Instant::now();
        let waves = self.waves(&claimed).await?;
        // One lane per connection, each handing its mails over one after the other.
        let lanes = self.settings.connections.min(claimed.len()).max(1);
        let mut split: Vec<Vec<ClaimedMail>> = (0..lanes).map(|_| vec![]).collect();
        for (i, mail) in claimed.into_iter().enumerate() {
            split[i % lanes].push(mail);
        }
        let halt = AtomicBool::new(false);
        let done = join_all(split.into_iter().map(|mails| self.lane(mails, &waves, stopping, &halt))).await;
        for lane in done {
            round += lane?;
        }
        // What was claimed and not handed over goes back: at once when stopping, after the
        // first retry's wait when the relay is down.
        let again = if round.relay_down { self.settings.first_retry } else { Duration::ZERO };
        self.store.release_mail(&self.id, OffsetDateTime::now_utc() + again).await?;
        Ok(round)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backoff_doubles_up_to_its_ceiling() {
        let s = WorkerSettings::default();
        let waits: Vec<u64> = (1..=8).map(|n| s.backoff(n).as_secs()).collect();
        assert_eq!(waits, [60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(s.backoff(u64::MAX), Duration::from_secs(3600));
    }
}
