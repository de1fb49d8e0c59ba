//! Invitations: one personal link per target, made of a 256-bit random token of which only
//! the hash is stored. The link is built from the configured public URL, never from the
//! request's `Host` header, so a forged header cannot send respondents elsewhere.
//!
//! Because only hashes are stored, a link can never be shown again: issuing one for a target
//! that had one *renews* it, and the old link stops working. [`issue_invitations`] is shared
//! with the CLI's `mutu campaign invitations`.

use super::contacts;
use super::page::{Form, Invalid, moment, render, see_other, ser, translate, wave_code};
use crate::security::{hash_token, random_token};
use crate::session::UserSession;
use crate::{AppConfig, AppState, WebError, i18n};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mutu_domain::codes::CampaignCode;
use mutu_render::neutralise;
use mutu_storage::Role;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

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

/// A fresh personal link, not stored yet: its URL (to show or send once) and the hash to store.
pub(super) struct NewLink {
    /// `{public_url}/i/{token}`.
    pub url: String,
    /// What the database keeps.
    pub token_hash: String,
}

impl NewLink {
    /// A 256-bit random token, its link on the configured public URL, and its hash.
    pub fn make(config: &AppConfig) -> Self {
        let token = random_token();
        NewLink {
            url: format!("{}/i/{token}", config.public_url.trim_end_matches('/')),
            token_hash: hash_token(&token),
        }
    }
}

/// Issues a fresh link to each target of `scope`, storing the tokens' hashes in one write.
/// Targets of `One` that the wave does not hold are `NotFound`.
pub async fn issue_invitations(
    state: &AppState,
    code: &CampaignCode,
    scope: InvitationScope,
) -> Result<Vec<IssuedInvitation>, WebError> {
    let statuses = state.store.target_statuses(code).await?;
    let chosen: Vec<_> = match &scope {
        InvitationScope::All => statuses,
        InvitationScope::Missing => statuses.into_iter().filter(|s| !s.invited).collect(),
        InvitationScope::One(respondent) => {
            let one: Vec<_> = statuses.into_iter().filter(|s| &s.target.code == respondent).collect();
            if one.is_empty() {
                return Err(WebError::NotFound);
            }
            one
        }
    };
    let emails: BTreeMap<String, String> =
        state.store.contacts(code).await?.into_iter().map(|c| (c.respondent, c.email)).collect();
    let mut hashes = Vec::with_capacity(chosen.len());
    let mut issued = Vec::with_capacity(chosen.len());
    for status in chosen {
        let link = NewLink::make(&state.config);
        hashes.push((status.target.code.clone(), link.token_hash));
        issued.push(IssuedInvitation {
            email: emails.get(&status.target.code).cloned(),
            url: link.url,
            respondent: status.target.code,
            name: status.target.name,
        });
    }
    if !hashes.is_empty() {
        state.store.set_invitations(code, &hashes).await?;
    }
    Ok(issued)
}

/// The CSV of `mutu campaign invitations`: UTF-8 with a BOM (for spreadsheets), comma
/// separated, header `respondent,name,email,url`.
pub fn invitations_csv(invitations: &[IssuedInvitation]) -> Result<Vec<u8>, WebError> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let fail = |e: csv::Error| WebError::Internal(format!("CSV des invitations : {e}"));
    out.write_record(["respondent", "name", "email", "url"]).map_err(fail)?;
    for i in invitations {
        // Names and emails come from imported files: neutralised so a spreadsheet never runs them.
        let (name, email) = (neutralise(&i.name), neutralise(i.email.as_deref().unwrap_or_default()));
        out.write_record([i.respondent.as_str(), &name, &email, &i.url]).map_err(fail)?;
    }
    out.into_inner().map_err(|e| WebError::Internal(format!("CSV des invitations : {e}")))
}

/// A line of the invitations page.
#[derive(Debug, Serialize)]
struct InvitationView {
    code: String,
    name: String,
    email: Option<String>,
    state: &'static str,
    since: Option<String>,
}

/// What the invitations page shows besides the table.
#[derive(Default)]
pub(super) struct Extra<'a> {
    /// The contacts text typed, refused.
    pub contacts_text: &'a str,
    /// Why it was refused.
    pub errors: &'a [Invalid],
    /// How many contacts were just imported.
    pub imported: Option<u64>,
    /// A link just renewed, to show once.
    pub renewed: Option<&'a IssuedInvitation>,
}

/// Renders the invitations page of a wave.
pub(super) async fn invitations_page(
    state: &AppState,
    lang: &str,
    user: &UserSession,
    status: StatusCode,
    code: &CampaignCode,
    extra: Extra<'_>,
) -> Result<Response, WebError> {
    let meta = state.store.campaign_meta(code).await?;
    let invitations: BTreeMap<String, _> =
        state.store.invitations(code).await?.into_iter().map(|i| (i.respondent.clone(), i)).collect();
    let emails: BTreeMap<String, String> =
        state.store.contacts(code).await?.into_iter().map(|c| (c.respondent, c.email)).collect();
    let lines: Vec<InvitationView> = state
        .store
        .target_statuses(code)
        .await?
        .into_iter()
        .map(|s| {
            let invitation = invitations.get(&s.target.code);
            let (state, since) = match invitation {
                None => ("none", None),
                Some(i) => match &i.revoked_at {
                    Some(at) => ("revoked", Some(moment(at, lang))),
                    None => ("active", Some(moment(&i.created_at, lang))),
                },
            };
            InvitationView {
                email: emails.get(&s.target.code).cloned(),
                state,
                since,
                code: s.target.code,
                name: s.target.name,
            }
        })
        .collect();
    let context = minijinja::context! {
        wave => ser(&meta),
        lines => ser(&lines),
        missing => lines.iter().filter(|l| l.state != "active").count(),
        with_email => lines.iter().filter(|l| l.email.is_some()).count(),
        contacts_text => extra.contacts_text,
        errors => ser(&translate(state, lang, extra.errors)),
        imported => extra.imported,
        renewed => ser(&extra.renewed),
    };
    render(state, lang, status, "lead/invitations.html", Some(user), context)
}

/// `GET /vagues/{code}/invitations`.
pub(super) async fn page(
    State(state): State<AppState>,
    Path(code): Path<String>,
    RawQuery(query): RawQuery,
    user: UserSession,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    user.require(Role::Lead)?;
    let code = wave_code(&code)?;
    let imported = Form::parse(query.unwrap_or_default().as_bytes()).get("importes").and_then(|n| n.parse().ok());
    let extra = Extra { imported, ..Extra::default() };
    invitations_page(&state, i18n::negotiate(&headers), &user, StatusCode::OK, &code, extra).await
}

/// `POST /vagues/{code}/invitations/{respondent}/renouveler`: a new link, shown once.
pub(super) async fn renew(
    State(state): State<AppState>,
    Path((code, respondent)): Path<(String, String)>,
    user: UserSession,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    Form::parse(&body).authorize(&user, Role::Lead)?;
    let code = wave_code(&code)?;
    let issued = issue_invitations(&state, &code, InvitationScope::One(respondent.clone())).await?;
    state.store.audit(&user.user.email, "invitation.renew", &format!("{code}/{respondent}")).await?;
    let extra = Extra { renewed: issued.first(), ..Extra::default() };
    invitations_page(&state, i18n::negotiate(&headers), &user, StatusCode::OK, &code, extra).await
}

/// `POST /vagues/{code}/invitations/{respondent}/revoquer`: the link stops working at once.
pub(super) async fn revoke(
    State(state): State<AppState>,
    Path((code, respondent)): Path<(String, String)>,
    user: UserSession,
    body: Bytes,
) -> Result<Response, WebError> {
    Form::parse(&body).authorize(&user, Role::Lead)?;
    let code = wave_code(&code)?;
    state.store.revoke_invitation(&code, &respondent).await?;
    state.store.audit(&user.user.email, "invitation.revoke", &format!("{code}/{respondent}")).await?;
    Ok(see_other(&format!("/vagues/{code}/invitations")))
}

/// `POST /vagues/{code}/invitations/export`: new links for `scope` (`all` or `missing`) as a
/// CSV download for a mail merge.
pub(super) async fn export(
    State(state): State<AppState>,
    Path(code): Path<String>,
    user: UserSession,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Form::parse(&body);
    form.authorize(&user, Role::Lead)?;
    let code = wave_code(&code)?;
    let scope = match form.get("scope") {
        Some("all") => InvitationScope::All,
        Some("missing") => InvitationScope::Missing,
        _ => return Err(WebError::BadRequest("Portée d'export inconnue (all ou missing).".into())),
    };
    let action = if scope == InvitationScope::All { "invitation.export.all" } else { "invitation.export.missing" };
    let issued = issue_invitations(&state, &code, scope).await?;
    state.store.audit(&user.user.email, action, code.as_str()).await?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"invitations-{code}.csv\""))
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        invitations_csv(&issued)?,
    )
        .into_response())
}

/// `POST /vagues/{code}/contacts`: imports the pasted contacts, all or nothing.
pub(super) async fn import_contacts(
    State(state): State<AppState>,
    Path(code): Path<String>,
    user: UserSession,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Form::parse(&body);
    form.authorize(&user, Role::Lead)?;
    let code = wave_code(&code)?;
    let text = form.raw("contacts");
    let targets: BTreeSet<String> =
        state.store.target_statuses(&code).await?.into_iter().map(|s| s.target.code).collect();
    match contacts::parse(text, &targets) {
        Ok(list) => {
            let count = state.store.import_contacts(&code, &list).await?;
            state.store.audit(&user.user.email, "contacts.import", code.as_str()).await?;
            Ok(see_other(&format!("/vagues/{code}/invitations?importes={count}")))
        }
        Err(error) => {
            let extra = Extra { contacts_text: text, errors: &[error], ..Extra::default() };
            let lang = i18n::negotiate(&headers);
            invitations_page(&state, lang, &user, StatusCode::UNPROCESSABLE_ENTITY, &code, extra).await
        }
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
}
