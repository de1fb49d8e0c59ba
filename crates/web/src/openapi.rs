//! The OpenAPI 3 description of the respondent's JSON API, served at `/api/v1/openapi.json`.
//!
//! Written by hand (`crates/web/openapi/openapi.json`) rather than derived: the API is three
//! operations whose contract is interfaces.md, and the handlers read raw JSON on purpose
//! (strict validation against each wave's own questionnaire), so there are no request types to
//! derive from. It is kept true by two checks: the web tests send every operation of the
//! document through the router and hold every `/api/` route to it
//! (`crates/web/tests/web/openapi.rs`), and `scripts/schemathesis.sh` fuzzes a live server
//! against it. It is public: it describes the API, not anyone's answers.

use crate::routes::{Access, RouteTable};
use axum::http::header;
use axum::response::IntoResponse;

/// Where the description is served.
pub const PATH: &str = "/api/v1/openapi.json";

/// The description, as served (compiled into mutu, so it is the one of this build).
pub const DOCUMENT: &str = include_str!("../openapi/openapi.json");

/// The route of the description.
pub fn routes() -> RouteTable {
    RouteTable::new().get(PATH, Access::Public, document)
}

/// `GET /api/v1/openapi.json`.
pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_is_openapi_3_json_describing_its_own_path() {
        let doc: serde_json::Value = serde_json::from_str(DOCUMENT).expect("valid JSON");
        assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
        assert!(doc["paths"][PATH]["get"].is_object(), "the document describes where it is served");
        assert_eq!(doc["paths"][PATH]["get"]["security"], serde_json::json!([]), "public");
    }
}
