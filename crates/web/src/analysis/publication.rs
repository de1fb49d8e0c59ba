//! Publishing a wave: a lead makes its figures readable by anyone under `/public/{code}`
//! (small counts suppressed, see `crate::public`), or takes them back. Both are `POST`s
//! with the session's anti-forgery token, recorded in the audit trail.

use crate::WebError;
use crate::extract::{Study, WavePath};
use crate::page::see_other;
use axum::response::Response;

/// `POST /vagues/{code}/publier`.
pub(super) async fn publish(s: Study, wave: WavePath) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    let code = wave.code;
    state.store.publish(&code).await?;
    state.store.audit(&user.user.email, "wave.publish", code.as_str()).await?;
    Ok(see_other(&format!("/vagues/{code}/analyse#publication")))
}

/// `POST /vagues/{code}/depublier`.
pub(super) async fn unpublish(s: Study, wave: WavePath) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    let code = wave.code;
    state.store.unpublish(&code).await?;
    state.store.audit(&user.user.email, "wave.unpublish", code.as_str()).await?;
    Ok(see_other(&format!("/vagues/{code}/analyse#publication")))
}
