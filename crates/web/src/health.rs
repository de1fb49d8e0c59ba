//! `GET /sante`: the probe of a load balancer or an orchestrator. `200 ok` once the
//! database answers and the newest waves are in memory, `503` otherwise, so a server whose
//! database is gone leaves the pool and a server that has just started joins it only when
//! its first pages of a national wave are fast; nothing is read, nothing is said about the
//! wave or the users.

use crate::AppState;
use crate::routes::{Access, RouteTable};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The probe's route.
pub fn routes() -> RouteTable {
    RouteTable::new().get("/sante", Access::Public, probe)
}

async fn probe(State(state): State<AppState>) -> Response {
    let text = [(header::CONTENT_TYPE, "text/plain; charset=utf-8")];
    match state.store.ping().await {
        Ok(()) if state.waves.is_warming() => {
            (StatusCode::SERVICE_UNAVAILABLE, text, "démarrage : vagues en préparation\n").into_response()
        }
        Ok(()) => (StatusCode::OK, text, "ok\n").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "sonde : la base ne répond pas");
            (StatusCode::SERVICE_UNAVAILABLE, text, "base de données injoignable\n").into_response()
        }
    }
}
