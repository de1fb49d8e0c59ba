//! Queuing mail: the lead's « send » (page or command line) writes one outbox row per
//! recipient in one transaction and returns at once; a worker sends them. The answer says
//! how many were queued and the wave's state, so the caller can say when the links will
//! work. The scheduled reminder days are queued here too, by the worker, on their day.

use super::recipients::{Recipient, ReminderFilter, invitation_recipients, reminder_recipients};
use crate::error::{AppError, Result};
use mutu_domain::codes::CampaignCode;
use mutu_domain::lifecycle::CampaignState;
use mutu_storage::{MailKind, NewMail, Store};
use rand::RngCore;

/// What a queuing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Queued {
    /// Mails written to the outbox.
    pub queued: u64,
    /// Recipients that already had one of these mails waiting (not queued twice).
    pub already_waiting: u64,
    /// The wave's state: links sent for a wave in preparation work once it is opened.
    pub state: CampaignState,
}

/// A fresh `Message-ID`, made once when the mail is queued and carried by every copy handed
/// to SMTP (`.invalid` is reserved: the id can never clash with a real domain's).
pub fn message_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("<{hex}@mutu.invalid>")
}

fn new_mail(recipients: Vec<Recipient>) -> Vec<NewMail> {
    recipients
        .into_iter()
        .map(|r| NewMail {
            respondent: r.respondent,
            email: r.contact.email,
            name: r.contact.name,
            message_id: message_id(),
        })
        .collect()
}

/// Refuses a closed wave: nobody can answer it, a link in a mail would lead nowhere.
pub(super) async fn writable_state(store: &Store, code: &CampaignCode) -> Result<CampaignState> {
    let state = store.campaign_meta(code).await?.state;
    if state == CampaignState::Closed {
        return Err(AppError::State(format!("la vague {code} est close : rouvrez-la avant d'écrire aux répondants")));
    }
    Ok(state)
}

/// Queues an invitation to every target with a contact email (only those without a working
/// link when `only_missing`), each of which will carry a fresh link, and records who did it.
///
/// # Errors
///
/// [`AppError::State`] for a closed wave; the store's errors.
pub async fn queue_invitations(store: &Store, code: &CampaignCode, only_missing: bool, actor: &str) -> Result<Queued> {
    let state = writable_state(store, code).await?;
    let recipients =
        invitation_recipients(store.target_statuses(code).await?, &store.contacts(code).await?, only_missing);
    let total = recipients.len() as u64;
    let queued = store.queue_mail(code, MailKind::Invitation, &new_mail(recipients)).await?;
    let action = if only_missing { "mail.invitations.missing" } else { "mail.invitations" };
    store.audit(actor, action, code.as_str()).await?;
    Ok(Queued { queued, already_waiting: total - queued, state })
}

/// Queues a reminder, with a fresh link, to every target with a contact and without a
/// complete answer that `filter` keeps, and records who did it.
///
/// # Errors
///
/// [`AppError::State`] for a closed wave, [`AppError::NotFound`] for a size class the wave
/// does not have; the store's errors.
pub async fn queue_reminders(
    store: &Store,
    code: &CampaignCode,
    filter: &ReminderFilter,
    actor: &str,
) -> Result<Queued> {
    let state = writable_state(store, code).await?;
    let campaign = store.campaign(code).await?;
    if let Some(class) = &filter.size_class
        && campaign.size_classes.get(class).is_none()
    {
        return Err(AppError::NotFound(format!("la classe de taille {class} de la vague {code}")));
    }
    let statuses = store.target_statuses(code).await?;
    let recipients = reminder_recipients(statuses, &store.contacts(code).await?, &campaign.size_classes, filter);
    let total = recipients.len() as u64;
    let queued = store.queue_mail(code, MailKind::Reminder, &new_mail(recipients)).await?;
    let mut subject = code.to_string();
    for (name, value) in
        [("taille", filter.size_class.as_deref()), ("departement", filter.departement.as_ref().map(|d| d.as_str()))]
    {
        if let Some(value) = value {
            subject.push_str(&format!(" {name}={value}"));
        }
    }
    store.audit(actor, "mail.reminders", &subject).await?;
    Ok(Queued { queued, already_waiting: total - queued, state })
}

/// A scheduled reminder day just handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledReminders {
    /// The wave.
    pub campaign: CampaignCode,
    /// The day.
    pub day: time::Date,
    /// Reminders queued (none when the wave was not open that day).
    pub queued: u64,
}

/// Queues the reminders of every reminder day due by `today` and not done yet, each day
/// once whatever the number of workers (the day is marked done in the same transaction). A
/// wave that is not open on the day gets none: the day is marked done with nothing queued.
///
/// # Errors
///
/// The store's errors.
pub async fn queue_due_reminders(store: &Store, today: time::Date) -> Result<Vec<ScheduledReminders>> {
    let mut done = vec![];
    for (code, day) in store.due_reminder_days(today).await? {
        let mails = if store.campaign_meta(&code).await?.state == CampaignState::Open {
            let campaign = store.campaign(&code).await?;
            let statuses = store.target_statuses(&code).await?;
            let all = ReminderFilter::default();
            new_mail(reminder_recipients(statuses, &store.contacts(&code).await?, &campaign.size_classes, &all))
        } else {
            vec![]
        };
        if let Some(queued) = store.queue_reminder_day(&code, day, &mails).await? {
            store.audit("worker", "mail.reminders.scheduled", &format!("{code} {day}")).await?;
            done.push(ScheduledReminders { campaign: code, day, queued });
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_unique_and_well_formed() {
        let (a, b) = (message_id(), message_id());
        assert_ne!(a, b);
        assert!(a.starts_with('<') && a.ends_with("@mutu.invalid>") && a.len() == 47, "{a}");
    }
}
