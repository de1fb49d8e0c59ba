//! Front-end assets, embedded in the binary: nothing is ever loaded from the network.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

const CSS: &str = include_str!("../assets/mutu.css");
const JS: &str = include_str!("../assets/mutu.js");

/// Routes of the static files.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/static/mutu.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response() }),
        )
        .route(
            "/static/mutu.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], JS).into_response() }),
        )
}
