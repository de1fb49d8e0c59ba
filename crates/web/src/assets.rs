//! Front-end assets, embedded in the binary: nothing is ever loaded from the network.

use axum::http::header;
use axum::response::IntoResponse;

use crate::routes::{Access, RouteTable};

const CSS: &str = include_str!("../assets/mutu.css");
const JS: &str = include_str!("../assets/mutu.js");

/// Routes of the static files.
pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/static/mutu.css", Access::Public, || async {
            ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response()
        })
        .get("/static/mutu.js", Access::Public, || async {
            ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], JS).into_response()
        })
}
