//! Publishing a wave: a lead makes its figures readable by anyone under `/public/{code}`
//! (small counts suppressed, see `crate::public`), or takes them back. Both are `POST`s
//! with the session's anti-forgery token, recorded in the audit trail.

use crate::lead::page::{Form, see_other, wave_code};
use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use mutu_storage::Role;

/// `POST /vagues/{code}/publier`.
pub(super) async fn publish(
    State(state): State<AppState>,
    Path(code): Path<String>,
    user: UserSession,
    body: Bytes,
) -> Result<Response, WebError> {
    Form::parse(&body).authorize(&user, Role::Lead)?;
    let code = wave_code(&code)?;
    state.store.publish(&code).await?;
    state.store.audit(&user.user.email, "wave.publish", code.as_str()).await?;
    Ok(see_other(&format!("/vagues/{code}/analyse#publication")))
}

/// `POST /vagues/{code}/depublier`.
pub(super) async fn unpublish(
    State(state): State<AppState>,
    Path(code): Path<String>,
    user: UserSession,
    body: Bytes,
) -> Result<Response, WebError> {
    Form::parse(&body).authorize(&user, Role::Lead)?;
    let code = wave_code(&code)?;
    state.store.unpublish(&code).await?;
    state.store.audit(&user.user.email, "wave.unpublish", code.as_str()).await?;
    Ok(see_other(&format!("/vagues/{code}/analyse#publication")))
}
