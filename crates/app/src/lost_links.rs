//! « J'ai perdu mon lien / mon collègue est parti » (issue 15), for bodies without
//! ProConnect: an agent names their body and gives their professional e-mail on a public
//! form ([`request_link`]); the request waits for a lead, who sends that agent a fresh
//! personal link in one click ([`send_fresh_link`]) or dismisses it ([`dismiss`]). When the
//! e-mail's domain is one the lead registered for that body, the link goes at once.
//!
//! Sending a fresh link: the body's old link is revoked at once (with the sessions it
//! opened: the colleague who left loses access), the requester's e-mail becomes the body's
//! contact (later reminders go to them), and an invitation is queued to that e-mail in the
//! outbox; the worker renders it with a new link, which becomes the body's when the relay
//! accepts the mail, as for every invitation.

use crate::error::{AppError, Result};
use mutu_domain::codes::CampaignCode;
use mutu_domain::lifecycle::CampaignState;
use mutu_storage::{Contact, LinkRequestState, MailKind, NewMail, Store, StoreError};

/// How many bodies one request may name (a name shared by several communes, a body in
/// several open waves); the rest is ignored.
pub const MAX_MATCHES: u32 = 10;

/// The professional e-mail of a request, trimmed and lowercase, when its syntax is that of
/// an address (`local@domain.tld`, no space nor quote nor bracket, at most 254 characters).
pub fn checked_email(raw: &str) -> Option<String> {
    let email = raw.trim().to_lowercase();
    if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control() || "<>\"'(),;:\\[]".contains(c)) {
        return None;
    }
    let (local, domain) = email.split_once('@')?;
    let labels_ok = domain.split('.').count() >= 2
        && domain.split('.').all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
    (!local.is_empty() && !domain.contains('@') && labels_ok).then_some(email)
}

/// The domain of a checked e-mail.
pub fn domain_of(email: &str) -> &str {
    email.rsplit_once('@').map_or("", |(_, d)| d)
}

/// A domain as a lead registers it (`mairie-exemple.fr`, an optional leading `@` dropped),
/// when its syntax is that of a domain.
pub fn checked_domain(raw: &str) -> Option<String> {
    let domain = raw.trim().trim_start_matches('@').to_lowercase();
    checked_email(&format!("x@{domain}")).map(|_| domain)
}

/// What a request came to; the public page says only whether a link went at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Requested {
    /// Requests recorded for a lead.
    pub pending: u64,
    /// Links queued at once (a registered domain).
    pub sent: u64,
}

/// Records the request of `email` (already checked) for the body named by `body` — its
/// code or SIREN (spaces ignored) or its exact name — among the targets of the open waves:
/// one request per body and wave found. A body whose registered domains hold the e-mail's
/// gets its fresh link at once. Nothing is recorded when no body matches.
///
/// # Errors
///
/// The store's errors.
pub async fn request_link(store: &Store, body: &str, email: &str) -> Result<Requested> {
    let code: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let mut done = Requested::default();
    if code.is_empty() {
        return Ok(done);
    }
    for target in store.open_targets_matching(&code, body, MAX_MATCHES).await? {
        let (wave, respondent) = (&target.campaign, target.respondent.as_str());
        if store.link_domain_registered(wave, respondent, domain_of(email)).await? {
            store.add_link_request(wave, respondent, email, LinkRequestState::Auto).await?;
            fresh_link(store, wave, respondent, email).await?;
            store.audit("lien-perdu", "link_request.auto", &format!("{wave}/{respondent}")).await?;
            done.sent += 1;
        } else {
            store.add_link_request(wave, respondent, email, LinkRequestState::Pending).await?;
            store.audit("lien-perdu", "link_request.new", &format!("{wave}/{respondent}")).await?;
            done.pending += 1;
        }
    }
    Ok(done)
}

/// What the lead's click did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSent {
    /// The body.
    pub respondent: String,
    /// Where the link goes.
    pub email: String,
    /// `false` when an invitation to the body was already waiting in the outbox (it goes
    /// to the address it was queued for; the old link is revoked all the same).
    pub queued: bool,
}

/// Revokes the body's link, makes `email` its contact and queues an invitation with a fresh
/// link to it; `queued` is `false` when one was already waiting.
async fn fresh_link(store: &Store, code: &CampaignCode, respondent: &str, email: &str) -> Result<bool> {
    match store.revoke_invitation(code, respondent).await {
        Ok(()) | Err(StoreError::NotFound(_)) => {}
        Err(e) => return Err(e.into()),
    }
    let contact = Contact { respondent: respondent.to_owned(), email: email.to_owned(), name: String::new() };
    store.import_contacts(code, &[contact]).await?;
    let mail = NewMail {
        respondent: respondent.to_owned(),
        email: email.to_owned(),
        name: String::new(),
        message_id: crate::mail::queue::message_id(),
    };
    Ok(store.queue_mail(code, MailKind::Invitation, &[mail]).await? == 1)
}

/// Refuses a wave that is not open: no link of it works.
async fn open_wave(store: &Store, code: &CampaignCode) -> Result<()> {
    if store.campaign_meta(code).await?.state != CampaignState::Open {
        return Err(AppError::State(format!("la vague {code} n'est pas ouverte : aucun lien n'y mène")));
    }
    Ok(())
}

/// The lead's one click: the request `id` of the wave is closed as sent, the body's old link
/// revoked, the requester's e-mail made the body's contact and an invitation with a fresh
/// link queued to it; recorded in the audit log.
///
/// # Errors
///
/// [`AppError::NotFound`] for a request the wave does not hold; [`AppError::State`] for a
/// wave that is not open or a request already handled; the store's errors.
pub async fn send_fresh_link(store: &Store, code: &CampaignCode, id: i64, actor: &str) -> Result<LinkSent> {
    open_wave(store, code).await?;
    let request = store.link_request(code, id).await?;
    if !store.close_link_request(code, id, LinkRequestState::Sent, actor).await? {
        return Err(AppError::State(format!("la demande {id} a déjà été traitée")));
    }
    let queued = fresh_link(store, code, &request.respondent, &request.email).await?;
    store.audit(actor, "link_request.send", &format!("{code}/{}", request.respondent)).await?;
    Ok(LinkSent { respondent: request.respondent, email: request.email, queued })
}

/// Dismisses the request `id` of the wave (nothing is sent); recorded in the audit log.
///
/// # Errors
///
/// [`AppError::NotFound`] for a request the wave does not hold; [`AppError::State`] for a
/// request already handled; the store's errors.
pub async fn dismiss(store: &Store, code: &CampaignCode, id: i64, actor: &str) -> Result<()> {
    let request = store.link_request(code, id).await?;
    if !store.close_link_request(code, id, LinkRequestState::Dismissed, actor).await? {
        return Err(AppError::State(format!("la demande {id} a déjà été traitée")));
    }
    store.audit(actor, "link_request.dismiss", &format!("{code}/{}", request.respondent)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_domains_are_checked_and_lowercased() {
        assert_eq!(checked_email(" DGS@Mairie-Exemple.fr ").as_deref(), Some("dgs@mairie-exemple.fr"));
        for bad in ["", "dgs", "dgs@", "@x.fr", "a@b", "a b@x.fr", "a@x..fr", "<a@x.fr>", "a@b@x.fr", "a@-x.fr"] {
            assert_eq!(checked_email(bad), None, "{bad}");
        }
        assert_eq!(domain_of("dgs@mairie-exemple.fr"), "mairie-exemple.fr");
        assert_eq!(checked_domain("@Mairie-Exemple.FR").as_deref(), Some("mairie-exemple.fr"));
        assert_eq!(checked_domain("pas un domaine"), None);
    }
}
