//! The home page: a short welcome for visitors, the list of waves for logged-in users.

use super::auth::optional_user;
use super::page::{day, render, ser};
use crate::{AppState, WebError, i18n};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use mutu_domain::answers::ResponseStatus;
use serde::Serialize;

/// A line of the list of waves.
#[derive(Debug, Serialize)]
struct WaveLine {
    code: String,
    name: String,
    state: &'static str,
    level: &'static str,
    targets: u64,
    complete: usize,
    opens_on: Option<String>,
    closes_on: Option<String>,
}

/// `GET /`.
pub(super) async fn home(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, WebError> {
    let lang = i18n::negotiate(&headers);
    let Some(user) = optional_user(&state, &headers).await? else {
        return render(&state, lang, StatusCode::OK, "lead/welcome.html", None, minijinja::context! {});
    };
    let mut waves = Vec::new();
    for info in state.store.campaigns().await? {
        let meta = state.store.campaign_meta(&info.code).await?;
        let complete = state
            .store
            .target_statuses(&info.code)
            .await?
            .iter()
            .filter(|t| t.status == Some(ResponseStatus::Complete))
            .count();
        waves.push(WaveLine {
            code: info.code.to_string(),
            name: info.name,
            state: meta.state.code(),
            level: info.level.code(),
            targets: info.targets,
            complete,
            opens_on: meta.opens_on.as_deref().map(|d| day(d, lang)),
            closes_on: meta.closes_on.as_deref().map(|d| day(d, lang)),
        });
    }
    render(&state, lang, StatusCode::OK, "lead/home.html", Some(&user), minijinja::context! { waves => ser(&waves) })
}
