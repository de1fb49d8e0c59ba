//! Invitations: one personal link per target, made of a 256-bit random token of which only
//! the hash is stored. The link is built from the configured public URL, never from a
//! request's `Host` header, so a forged header cannot send respondents elsewhere.
//!
//! Because only hashes are stored, a link can never be shown again: issuing one for a target
//! that had one *renews* it, and the old link stops working. The web page, its CSV export,
//! the mail and `mutu campaign invitations` all issue links here.

use crate::error::{AppError, Result};
use crate::secrets::{hash_token, random_token};
use mutu_domain::codes::CampaignCode;
use mutu_domain::lifecycle::CampaignState;
use mutu_render::neutralise;
use mutu_storage::Store;
use serde::Serialize;
use std::collections::BTreeMap;

/// Which targets get a new link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvitationScope {
    /// Every target (every existing link is renewed).
    All,
    /// Targets without a working link (never invited, or revoked).
    Missing,
    /// One target, by code.
    One(String),
}

/// A link just issued: shown or sent once, never again (only its hash is kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuedInvitation {
    /// The target's code.
    pub respondent: String,
    /// The target's name.
    pub name: String,
    /// The contact's email, when one was imported.
    pub email: Option<String>,
    /// The personal link, `{public_url}/i/{token}`.
    pub url: String,
}

/// Links just issued, and whether they work yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    /// The links.
    pub links: Vec<IssuedInvitation>,
    /// The wave's state: links of a wave in preparation answer only once it is opened, and
    /// those of a closed wave only if it is reopened; the caller says so.
    pub state: CampaignState,
}

/// A fresh personal link, not stored yet: its URL (to show or send once) and the hash to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLink {
    /// `{public_url}/i/{token}`.
    pub url: String,
    /// What the database keeps.
    pub token_hash: String,
}

impl NewLink {
    /// A 256-bit random token, its link on `public_url`, and its hash.
    pub fn make(public_url: &str) -> Self {
        let token = random_token();
        NewLink { url: format!("{}/i/{token}", public_url.trim_end_matches('/')), token_hash: hash_token(&token) }
    }
}

/// Issues a fresh link to each target of `scope`, storing the tokens' hashes in one write,
/// and records who did it.
///
/// # Errors
///
/// [`AppError::NotFound`] for a target of `One` the wave does not hold; the store's errors.
pub async fn issue(
    store: &Store,
    public_url: &str,
    code: &CampaignCode,
    scope: InvitationScope,
    actor: &str,
) -> Result<Issued> {
    let state = store.campaign_meta(code).await?.state;
    let statuses = store.target_statuses(code).await?;
    let (chosen, action): (Vec<_>, String) = match &scope {
        InvitationScope::All => (statuses, "invitation.export.all".into()),
        InvitationScope::Missing => {
            (statuses.into_iter().filter(|s| !s.invited).collect(), "invitation.export.missing".into())
        }
        InvitationScope::One(respondent) => {
            let one: Vec<_> = statuses.into_iter().filter(|s| &s.target.code == respondent).collect();
            if one.is_empty() {
                return Err(AppError::NotFound(format!("la cible {respondent} de la vague {code}")));
            }
            (one, "invitation.renew".into())
        }
    };
    let emails: BTreeMap<String, String> =
        store.contacts(code).await?.into_iter().map(|c| (c.respondent, c.email)).collect();
    let mut hashes = Vec::with_capacity(chosen.len());
    let mut links = Vec::with_capacity(chosen.len());
    for status in chosen {
        let link = NewLink::make(public_url);
        hashes.push((status.target.code.clone(), link.token_hash));
        links.push(IssuedInvitation {
            email: emails.get(&status.target.code).cloned(),
            url: link.url,
            respondent: status.target.code,
            name: status.target.name,
        });
    }
    if !hashes.is_empty() {
        store.set_invitations(code, &hashes).await?;
    }
    let subject = match &scope {
        InvitationScope::One(respondent) => format!("{code}/{respondent}"),
        _ => code.to_string(),
    };
    store.audit(actor, &action, &subject).await?;
    Ok(Issued { links, state })
}

/// The CSV of `mutu campaign invitations` and of the web export: UTF-8 with a BOM (for
/// spreadsheets), comma separated, header `respondent,name,email,url`.
///
/// # Errors
///
/// [`AppError::Internal`] when the CSV cannot be written (it is written in memory).
pub fn invitations_csv(invitations: &[IssuedInvitation]) -> Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let fail = |e: csv::Error| AppError::Internal(format!("CSV des invitations : {e}"));
    out.write_record(["respondent", "name", "email", "url"]).map_err(fail)?;
    for i in invitations {
        // Names and emails come from imported files: neutralised so a spreadsheet never runs them.
        let (name, email) = (neutralise(&i.name), neutralise(i.email.as_deref().unwrap_or_default()));
        out.write_record([i.respondent.as_str(), &name, &email, &i.url]).map_err(fail)?;
    }
    out.into_inner().map_err(|e| AppError::Internal(format!("CSV des invitations : {e}")))
}

/// What a lead is told about links issued for a wave in `state`, when they do not work yet.
pub fn not_yet_working(state: CampaignState) -> Option<&'static str> {
    match state {
        CampaignState::Draft => {
            Some("la vague est en préparation : ces liens fonctionneront dès son ouverture (mutu campaign open CODE)")
        }
        CampaignState::Closed => Some("la vague est close : ces liens ne fonctionneront que si elle est rouverte"),
        CampaignState::Open => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_has_a_bom_a_header_and_quotes_when_needed() {
        let rows = [IssuedInvitation {
            respondent: "245900410".into(),
            name: "CU de Lille, Métropole".into(),
            email: None,
            url: "http://mutu.test/i/abc".into(),
        }];
        let text = String::from_utf8(invitations_csv(&rows).unwrap()).unwrap();
        assert_eq!(
            text,
            "\u{feff}respondent,name,email,url\n245900410,\"CU de Lille, Métropole\",,http://mutu.test/i/abc\n"
        );
    }

    #[test]
    fn links_live_on_the_public_url_and_only_their_hash_is_kept() {
        let link = NewLink::make("https://mutu.example.fr/");
        let token = link.url.strip_prefix("https://mutu.example.fr/i/").expect("on the public URL");
        assert_eq!(hash_token(token), link.token_hash);
        assert!(not_yet_working(CampaignState::Draft).is_some() && not_yet_working(CampaignState::Open).is_none());
    }
}
