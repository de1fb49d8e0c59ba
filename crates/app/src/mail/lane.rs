//! One lane of a worker's round: its share of the batch, handed to the relay one mail after
//! the other on one connection, at the worker's pace. Each mail is rendered (unless it was
//! handed over before a crash: then it goes again unchanged; a working group's invitation
//! was written when queued and goes as it is, without link), recorded as being handed over,
//! handed over, and marked sent or failed. A relay that is down stops every lane.

use super::smtp::Failure;
use super::template::{default_template, fill, values};
use super::worker::{MailWorker, Round};
use crate::error::Result;
use crate::invitations::NewLink;
use mutu_domain::codes::CampaignCode;
use mutu_domain::lifecycle::CampaignState;
use mutu_storage::{CampaignMeta, ClaimedMail, MailKind, MailTemplate, RenderedMail};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::PoisonError;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use time::OffsetDateTime;
use tokio::sync::watch;
use tokio::time::Instant;

/// What became of one claimed mail.
enum Outcome {
    Sent {
        resent: bool,
    },
    Failed,
    Retried,
    RelayDown,
    /// Another worker took it over (this one's lease ran out): not sent here.
    TakenOver,
}

/// The name, dates and templates of the waves of a batch, read once per round.
pub(super) type Waves = HashMap<CampaignCode, (CampaignMeta, HashMap<MailKind, MailTemplate>)>;

impl MailWorker {
    /// Reads the waves and templates the batch needs.
    pub(super) async fn waves(&self, batch: &[ClaimedMail]) -> Result<Waves> {
        let mut waves = Waves::new();
        for mail in batch {
            if !waves.contains_key(&mail.campaign) {
                waves.insert(mail.campaign.clone(), (self.store.campaign_meta(&mail.campaign).await?, HashMap::new()));
            }
            if !mail.kind.carries_link() {
                // Written when queued: no template to fill.
                continue;
            }
            let templates = &mut waves.get_mut(&mail.campaign).expect("just inserted").1;
            if let Entry::Vacant(slot) = templates.entry(mail.kind) {
                let stored = self.store.mail_template(&mail.campaign, mail.kind).await?;
                slot.insert(stored.unwrap_or_else(|| default_template(mail.kind)));
            }
        }
        Ok(waves)
    }

    /// Hands over `mails` one after the other until done, stopped, or the relay is down.
    pub(super) async fn lane(
        &self,
        mails: Vec<ClaimedMail>,
        waves: &Waves,
        stopping: &watch::Receiver<bool>,
        halt: &AtomicBool,
    ) -> Result<Round> {
        let mut round = Round::default();
        for mail in mails {
            if *stopping.borrow() || halt.load(Ordering::Relaxed) {
                break;
            }
            self.renew_if_due().await?;
            match self.send(mail, waves).await? {
                Outcome::Sent { resent } => {
                    round.sent += 1;
                    round.resent += u64::from(resent);
                }
                Outcome::Failed => round.failed += 1,
                Outcome::Retried => round.retried += 1,
                Outcome::RelayDown => {
                    round.retried += 1;
                    round.relay_down = true;
                    halt.store(true, Ordering::Relaxed);
                }
                Outcome::TakenOver => {}
            }
        }
        Ok(round)
    }

    /// Extends the batch's leases once a third of the lease has passed.
    async fn renew_if_due(&self) -> Result<()> {
        let due = {
            let mut renewed = self.renewed.lock().unwrap_or_else(PoisonError::into_inner);
            let due = renewed.elapsed() > self.settings.lease / 3;
            if due {
                *renewed = Instant::now();
            }
            due
        };
        if due {
            self.store.renew_mail_lease(&self.id, self.settings.lease).await?;
        }
        Ok(())
    }

    /// Waits for the next slot of the pace (at most `rate` mails a second, all lanes together).
    async fn pace(&self) {
        let interval = Duration::from_secs(1) / self.settings.rate.max(1);
        let slot = {
            let mut next = self.next_slot.lock().unwrap_or_else(PoisonError::into_inner);
            let slot = next.map_or_else(Instant::now, |n| n.max(Instant::now()));
            *next = Some(slot + interval);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }

    /// Renders (unless it was handed over before), records and hands over one mail.
    async fn send(&self, mail: ClaimedMail, waves: &Waves) -> Result<Outcome> {
        let (meta, templates) = &waves[&mail.campaign];
        if meta.state == CampaignState::Closed {
            let why = "vague close : courriel non envoyé (rouvrez la vague puis relancez les échecs)";
            self.store.mark_mail_failed(mail.id, why, None).await?;
            return Ok(Outcome::Failed);
        }
        let rendered = match mail.rendered.clone() {
            Some(rendered) => rendered,
            None if !mail.kind.carries_link() => {
                // A working group's invitation is written when queued; without its text
                // there is nothing to send (and no link to make for it).
                self.store
                    .mark_mail_failed(mail.id, "courriel sans texte : mettez-le de nouveau en file", None)
                    .await?;
                return Ok(Outcome::Failed);
            }
            None => {
                let template = &templates[&mail.kind];
                let link = NewLink::make(&self.public_url);
                let values = values(&mail.target_name, &link.url, &meta.name, meta.closes_on);
                RenderedMail {
                    subject: fill(&template.subject, &values),
                    body: fill(&template.body, &values),
                    token_hash: Some(link.token_hash),
                }
            }
        };
        let message = match self.relay.message(&mail, &rendered) {
            Ok(message) => message,
            Err(failure) => return self.failed(&mail, failure).await,
        };
        self.pace().await;
        if !self.store.hand_mail(mail.id, &self.id, &rendered).await? {
            return Ok(Outcome::TakenOver);
        }
        match self.relay.send(message).await {
            Ok(()) => {
                self.store.mark_mail_sent(mail.id).await?;
                Ok(Outcome::Sent { resent: mail.caught_in_flight })
            }
            Err(failure) => {
                // This attempt counts: the mail was handed over.
                let mail = ClaimedMail { attempts: mail.attempts + 1, ..mail };
                self.failed(&mail, failure).await
            }
        }
    }

    /// Records a failure: for good, or again later unless the attempts are spent.
    async fn failed(&self, mail: &ClaimedMail, failure: Failure) -> Result<Outcome> {
        let (reason, outcome) = match failure {
            Failure::Permanent(reason) => {
                self.store.mark_mail_failed(mail.id, &reason, None).await?;
                return Ok(Outcome::Failed);
            }
            Failure::Transient(reason) => (reason, Outcome::Retried),
            Failure::RelayDown(reason) => (reason, Outcome::RelayDown),
        };
        if mail.attempts >= u64::from(self.settings.max_attempts) {
            let why = format!("abandonné après {} tentatives : {reason}", mail.attempts);
            self.store.mark_mail_failed(mail.id, &why, None).await?;
            return Ok(Outcome::Failed);
        }
        let at = OffsetDateTime::now_utc() + self.settings.backoff(mail.attempts.max(1));
        self.store.mark_mail_failed(mail.id, &reason, Some(at)).await?;
        Ok(outcome)
    }
}
