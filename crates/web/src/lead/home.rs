//! The home page: a short welcome for visitors, the list of waves for logged-in users, and
//! for leads the ProConnect sign-ins of agents whose body no open wave holds.

use crate::extract::{Lang, format_in};
use crate::page::{render, ser};
use crate::session;
use crate::{AppState, WebError};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use mutu_domain::lifecycle::Role;
use serde::Serialize;

/// A line of the list of waves.
#[derive(Debug, Serialize)]
struct WaveLine {
    code: String,
    name: String,
    state: &'static str,
    level: &'static str,
    targets: u64,
    complete: u64,
    opens_on: Option<String>,
    closes_on: Option<String>,
}

/// `GET /`.
pub(super) async fn home(
    State(state): State<AppState>,
    headers: HeaderMap,
    Lang(lang): Lang,
) -> Result<Response, WebError> {
    let fmt = format_in(lang);
    let Some(user) = session::user(&state, &headers).await? else {
        let context = minijinja::context! { oidc => state.oidc.is_some() };
        return render(&state, lang, StatusCode::OK, "lead/welcome.html", None, context);
    };
    let mut waves = Vec::new();
    for info in state.store.campaigns().await? {
        // Two indexed reads a wave: the list stays quick whatever the waves' size.
        let (meta, counts) =
            tokio::try_join!(state.store.campaign_meta(&info.code), state.store.wave_counts(&info.code))?;
        waves.push(WaveLine {
            code: info.code.to_string(),
            name: info.name,
            state: meta.state.code(),
            level: info.level.code(),
            targets: info.targets,
            complete: counts.complete,
            opens_on: meta.opens_on.map(|d| fmt.short_date(d)),
            closes_on: meta.closes_on.map(|d| fmt.short_date(d)),
        });
    }
    // The sign-ins of agents whose body no open wave holds: for the leads, who may add it.
    let unmatched: Vec<_> = if user.user.role.includes(Role::Lead) {
        crate::respondent::proconnect::unmatched(&state)
            .await?
            .into_iter()
            .map(|e| minijinja::context! { at => fmt.moment(e.at), agent => e.actor, organisation => e.subject })
            .collect()
    } else {
        vec![]
    };
    let context = minijinja::context! { waves => ser(&waves), unmatched => unmatched };
    render(&state, lang, StatusCode::OK, "lead/home.html", Some(&user), context)
}
