//! Charts a local authority can embed in its own site: the self-contained SVG of a figure
//! (`<img src=…svg>`) and a minimal page holding the chart and its data table
//! (`<iframe src=…>`). Only these two routes may be framed by any site; every other page
//! keeps `frame-ancestors 'none'`.

use super::Published;
use crate::error::html_escape;
use crate::extract::Lang;
use crate::{AppState, WebError};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use mutu_render::Figure;

/// The SVG uses presentation attributes only (no `style`): nothing at all needs to load.
const SVG_POLICY: &str = "default-src 'none'; frame-ancestors *";

/// The embed page loads mutu's stylesheet and nothing else, and may be framed anywhere.
const FRAME_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors *";

/// The `<iframe>` and `<img>` snippets of a figure, built from the public URL `base`
/// (`https://…/public/CODE`); the title is escaped for its attribute.
pub(super) fn snippets(base: &str, figure: &Figure) -> minijinja::Value {
    let title = html_escape(&format!("Figure {} : {}", figure.number, figure.title));
    let id = figure.id;
    minijinja::context! {
        iframe => format!(
            "<iframe src=\"{base}/integrer/{id}\" title=\"{title}\" width=\"800\" height=\"640\" loading=\"lazy\"></iframe>"
        ),
        img => format!(
            "<img src=\"{base}/graphiques/{id}.svg\" alt=\"{title}\" width=\"760\">\n\
             <a href=\"{base}#figure-{id}\">Données de la figure (tableau)</a>"
        ),
    }
}

fn figure<'a>(published: &'a Published, id: &str) -> Result<&'a Figure, WebError> {
    published.figures.iter().find(|f| f.id == id).ok_or(WebError::NotFound)
}

/// `GET /public/{code}/graphiques/{id}.svg`.
pub(super) async fn svg(
    State(state): State<AppState>,
    Path((code, file)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let id = file.strip_suffix(".svg").ok_or(WebError::NotFound)?;
    let published = Published::load(&state, &code).await?;
    let svg = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}", figure(&published, id)?.svg);
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml; charset=utf-8")),
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(SVG_POLICY)),
    ];
    Ok((headers, svg).into_response())
}

/// `GET /public/{code}/integrer/{id}`.
pub(super) async fn frame(
    State(state): State<AppState>,
    Path((code, id)): Path<(String, String)>,
    Lang(lang): Lang,
) -> Result<Response, WebError> {
    let published = Published::load(&state, &code).await?;
    let f = figure(&published, &id)?;
    let context = minijinja::context! {
        wave => minijinja::context! { code => published.meta.code.to_string(), name => published.meta.name.clone() },
        figure => minijinja::context! {
            id => f.id,
            number => f.number,
            title => f.title.clone(),
            svg => minijinja::Value::from_safe_string(f.svg.clone()),
            table => minijinja::Value::from_safe_string(f.table.html()),
        },
        public_url => published.url(&state),
        min_count => mutu_domain::analysis::Secrecy::PUBLIC.min_count(),
    };
    let html = state.templates.render("public/embed.html", lang, context)?;
    Ok(([(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(FRAME_POLICY))], html).into_response())
}
