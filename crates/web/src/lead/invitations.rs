//! The invitations page of a wave: one personal link per target (issued by
//! [`mutu_app::invitations`], only hashes stored, so issuing renews), their state fifty
//! targets at a time, the CSV export for a mail merge, renewing or revoking one link,
//! importing contacts. A wave not open yet says its links will work once it is.

use super::contacts;
use super::targets::TargetFilter;
use crate::extract::{Posted, Query, Study, TargetPath, WavePath, format_in};
use crate::page::{Invalid, departement_choices, render, see_other, ser, translate};
use crate::paging::Pager;
use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mutu_app::invitations::{self, InvitationScope, IssuedInvitation, invitations_csv, not_yet_working};
use mutu_domain::codes::CampaignCode;
use serde::Serialize;
use std::collections::BTreeSet;

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

/// Renders the invitations page of a wave: its counts, then one page of its targets as
/// `filter` asks (fifty rows, filtered by the database).
pub(super) async fn invitations_page(
    state: &AppState,
    lang: &str,
    user: &UserSession,
    status: StatusCode,
    code: &CampaignCode,
    filter: &TargetFilter,
    extra: Extra<'_>,
) -> Result<Response, WebError> {
    let fmt = format_in(lang);
    let meta = state.store.campaign_meta(code).await?;
    let snapshot = state.waves.wave(&state.store, code).await?;
    let campaign = &snapshot.campaign;
    let query = filter.query(&campaign.size_classes);
    let (counts, page, names) = tokio::try_join!(
        state.store.wave_counts(code),
        state.store.target_page(code, &query),
        state.store.departement_names()
    )?;
    let lines: Vec<InvitationView> = page
        .rows
        .into_iter()
        .map(|row| {
            let (state, since) = match (row.invited_at, row.revoked_at) {
                (None, _) => ("none", None),
                (Some(_), Some(at)) => ("revoked", Some(fmt.moment(at))),
                (Some(at), None) => ("active", Some(fmt.moment(at))),
            };
            InvitationView {
                email: row.email,
                state,
                since,
                code: row.status.target.code,
                name: row.status.target.name,
            }
        })
        .collect();
    let departements = departement_choices(campaign, &names);
    let pager = Pager::new(&format!("/vagues/{code}/invitations"), &filter.kept(), filter.page, page.total, "#cibles");
    let context = minijinja::context! {
        wave => ser(&meta),
        not_yet_working => not_yet_working(meta.state).is_some(),
        lines => ser(&lines),
        pager => ser(&pager),
        selection => ser(filter),
        size_classes => ser(campaign.size_classes.classes()),
        departements => ser(&departements),
        targets => counts.targets,
        missing => counts.targets - counts.invited.min(counts.targets),
        with_email => counts.with_email,
        contacts_text => extra.contacts_text,
        errors => ser(&translate(state, lang, extra.errors)),
        imported => extra.imported,
        renewed => ser(&extra.renewed),
    };
    render(state, lang, status, "lead/invitations.html", Some(user), context)
}

/// `GET /vagues/{code}/invitations`.
pub(super) async fn page(s: Study, wave: WavePath, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let imported = query.get("importes").and_then(|n| n.parse().ok());
    let extra = Extra { imported, ..Extra::default() };
    let snapshot = state.waves.wave(&state.store, &wave.code).await?;
    let filter = TargetFilter::read(&query, &snapshot.campaign.size_classes);
    invitations_page(&state, lang, &user, StatusCode::OK, &wave.code, &filter, extra).await
}

/// `POST /vagues/{code}/invitations/{respondent}/renouveler`: a new link, shown once.
pub(super) async fn renew(s: Study, wave: WavePath, TargetPath(respondent): TargetPath) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let scope = InvitationScope::One(respondent);
    let issued =
        invitations::issue(&state.store, &state.config.public_url, &wave.code, scope, &user.user.email).await?;
    let extra = Extra { renewed: issued.links.first(), ..Extra::default() };
    let filter = TargetFilter { page: 1, ..TargetFilter::default() };
    invitations_page(&state, lang, &user, StatusCode::OK, &wave.code, &filter, extra).await
}

/// `POST /vagues/{code}/invitations/{respondent}/revoquer`: the link stops working at once.
pub(super) async fn revoke(s: Study, wave: WavePath, TargetPath(respondent): TargetPath) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    let code = wave.code;
    state.store.revoke_invitation(&code, &respondent).await?;
    state.store.audit(&user.user.email, "invitation.revoke", &format!("{code}/{respondent}")).await?;
    Ok(see_other(&format!("/vagues/{code}/invitations")))
}

/// `POST /vagues/{code}/invitations/export`: new links for `scope` (`all` or `missing`) as a
/// CSV download for a mail merge.
pub(super) async fn export(s: Study, wave: WavePath, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    let code = wave.code;
    let scope = match form.get("scope") {
        Some("all") => InvitationScope::All,
        Some("missing") => InvitationScope::Missing,
        _ => return Err(WebError::BadRequest("Portée d'export inconnue (all ou missing).".into())),
    };
    let issued = invitations::issue(&state.store, &state.config.public_url, &code, scope, &user.user.email).await?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"invitations-{code}.csv\""))
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        invitations_csv(&issued.links)?,
    )
        .into_response())
}

/// `POST /vagues/{code}/contacts`: imports the pasted contacts, all or nothing.
pub(super) async fn import_contacts(s: Study, wave: WavePath, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let code = wave.code;
    let text = form.raw("contacts");
    let targets: BTreeSet<String> =
        state.waves.wave(&state.store, &code).await?.campaign.targets.iter().map(|t| t.code.clone()).collect();
    match contacts::parse(text, &targets) {
        Ok(list) => {
            let count = state.store.import_contacts(&code, &list).await?;
            state.store.audit(&user.user.email, "contacts.import", code.as_str()).await?;
            Ok(see_other(&format!("/vagues/{code}/invitations?importes={count}")))
        }
        Err(error) => {
            let extra = Extra { contacts_text: text, errors: &[error], ..Extra::default() };
            let filter = TargetFilter { page: 1, ..TargetFilter::default() };
            invitations_page(&state, lang, &user, StatusCode::UNPROCESSABLE_ENTITY, &code, &filter, extra).await
        }
    }
}
