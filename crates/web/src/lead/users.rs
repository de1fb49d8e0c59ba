//! Accounts of the study side, for administrators: the list, adding an account (the web
//! twin of `mutu user add`) and removing one; and the e-mail domains whose agents signing in
//! through ProConnect get a viewer account on their first sign-in (issue 15).

use crate::extract::{Form, Posted, Query, Study, format_in};
use crate::page::{Invalid, render, see_other, ser, translate};
use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use lettre::Address;
use mutu_app::passwords::{MIN_PASSWORD_CHARS, hash_password};
use mutu_domain::lifecycle::Role;
use mutu_storage::StoreError;
use serde::Serialize;

/// What the add form holds, kept after an error (never the password).
#[derive(Debug, Default, Serialize)]
struct NewUser {
    email: String,
    role: String,
}

/// Reads the add form: a valid email, a known role, a password of [`MIN_PASSWORD_CHARS`] or more.
fn read_new_user(form: &Form) -> Result<(String, Role, String), Vec<Invalid>> {
    let mut errors = vec![];
    let email = form.get("email").unwrap_or_default();
    if email.parse::<Address>().is_err() {
        errors.push(Invalid::new("email", "lead-error-email").arg("email", email));
    }
    let role = form.get("role").and_then(Role::parse);
    if role.is_none() {
        errors.push(Invalid::new("role", "lead-error-role"));
    }
    let password = form.raw("password");
    if password.chars().count() < MIN_PASSWORD_CHARS {
        errors.push(Invalid::new("password", "lead-error-password-short").arg("min", MIN_PASSWORD_CHARS.to_string()));
    }
    match role {
        Some(role) if errors.is_empty() => Ok((email.to_owned(), role, password.to_owned())),
        _ => Err(errors),
    }
}

async fn users_page(
    state: &AppState,
    lang: &str,
    user: &UserSession,
    status: StatusCode,
    input: &NewUser,
    errors: &[Invalid],
    added: bool,
) -> Result<Response, WebError> {
    let domains: Vec<_> = state
        .store
        .viewer_domains()
        .await?
        .into_iter()
        .map(|d| {
            let added = format_in(lang).moment(d.added_at);
            minijinja::context! { domain => d.domain, added_by => d.added_by, added => added }
        })
        .collect();
    let users: Vec<_> = state
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| {
            let created = format_in(lang).moment(u.created_at);
            minijinja::context! { id => u.id, email => u.email, role => u.role.code(), created => created }
        })
        .collect();
    let context = minijinja::context! {
        users => users,
        domains => domains,
        oidc => state.oidc.is_some(),
        input => ser(input),
        errors => ser(&translate(state, lang, errors)),
        added => added,
        min_password => MIN_PASSWORD_CHARS,
    };
    render(state, lang, status, "lead/users.html", Some(user), context)
}

/// `GET /utilisateurs`.
pub(super) async fn page(s: Study, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let added = query.get("ajoute").is_some();
    let input = NewUser { role: Role::Lead.code().into(), ..NewUser::default() };
    users_page(&state, lang, &user, StatusCode::OK, &input, &[], added).await
}

/// `POST /utilisateurs`: adds an account.
pub(super) async fn add(s: Study, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let input = NewUser {
        email: form.get("email").unwrap_or_default().to_owned(),
        role: form.get("role").unwrap_or_default().to_owned(),
    };
    let (email, role, password) = match read_new_user(&form) {
        Ok(valid) => valid,
        Err(errors) => {
            return users_page(&state, lang, &user, StatusCode::UNPROCESSABLE_ENTITY, &input, &errors, false).await;
        }
    };
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))??;
    match state.store.create_user(&email, role, &hash).await {
        Ok(_) => {}
        Err(StoreError::Conflict(_)) => {
            let errors = [Invalid::new("email", "lead-error-email-taken").arg("email", email.as_str())];
            return users_page(&state, lang, &user, StatusCode::UNPROCESSABLE_ENTITY, &input, &errors, false).await;
        }
        Err(e) => return Err(e.into()),
    }
    state.store.audit(&user.user.email, &format!("user.add.{}", role.code()), &email).await?;
    Ok(see_other("/utilisateurs?ajoute=1"))
}

/// `POST /utilisateurs/{id}/supprimer`: removes an account and its sessions (never one's own).
pub(super) async fn delete(s: Study, Path(id): Path<i64>) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    if id == user.user.id {
        return Err(WebError::Conflict("Vous ne pouvez pas supprimer votre propre compte.".into()));
    }
    let target = state.store.user(id).await?.ok_or(WebError::NotFound)?;
    state.store.delete_user(id).await?;
    state.store.audit(&user.user.email, "user.delete", &target.email).await?;
    Ok(see_other("/utilisateurs"))
}

/// `POST /utilisateurs/domaines`: lets the agents of an e-mail domain in as viewers.
pub(super) async fn add_domain(s: Study, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let typed = form.get("domain").unwrap_or_default();
    let refused = |key: &'static str| Invalid::new("domain", key).arg("domain", typed);
    let error = match state.store.add_viewer_domain(typed, &user.user.email).await {
        Ok(domain) => {
            state.store.audit(&user.user.email, "user.domain.add", &domain).await?;
            return Ok(see_other("/utilisateurs#domaines"));
        }
        Err(StoreError::Invalid(_)) => refused("lead-error-domain"),
        Err(StoreError::Conflict(_)) => refused("lead-error-domain-taken"),
        Err(e) => return Err(e.into()),
    };
    let input = NewUser { role: Role::Lead.code().into(), ..NewUser::default() };
    users_page(&state, lang, &user, StatusCode::UNPROCESSABLE_ENTITY, &input, &[error], false).await
}

/// `POST /utilisateurs/domaines/supprimer`: stops letting a domain's agents in (the
/// accounts already made stay, each removable above).
pub(super) async fn remove_domain(s: Study, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    let domain = form.get("domain").unwrap_or_default();
    // Removing a domain twice (two tabs) is not an error.
    if state.store.remove_viewer_domain(domain).await? {
        state.store.audit(&user.user.email, "user.domain.remove", &domain.trim().to_lowercase()).await?;
    }
    Ok(see_other("/utilisateurs#domaines"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_accounts_need_an_email_a_role_and_a_long_password() {
        let ok = Form::parse(b"email=anne%40region.fr&role=lead&password=une+longue+phrase");
        assert_eq!(read_new_user(&ok).unwrap().1, Role::Lead);
        let bad = Form::parse(b"email=anne&role=chef&password=court");
        let fields: Vec<_> = read_new_user(&bad).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["email", "role", "password"]);
    }
}
