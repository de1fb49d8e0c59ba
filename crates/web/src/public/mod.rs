//! What anyone may read of a published wave, at stable URLs and without logging in: its
//! figures with small counts suppressed ([`suppress`]), a self-contained public report, and
//! each chart ready to embed in a local authority's own site ([`embed`]): the seed's
//! « services prêts à l'emploi pouvant être intégrés dans les sites web des collectivités ».
//!
//! Nothing personal is shown: figures only, and the verbatims attributed to a kind of body
//! and a size class. An unpublished or unknown wave is the uniform 404.

mod embed;
pub(crate) mod suppress;

use crate::analysis::{CSS, Wave, figure_views, verbatim_views};
use crate::lead::page::{day, wave_code};
use crate::routes::{Access, RouteTable};
use crate::{AppState, WebError, i18n};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use minijinja::Value;
use mutu_domain::analysis::{Analysis, Filters, analyse};
use mutu_domain::size_class::thousands;
use mutu_render::Figure;

/// Templates of the public pages.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("public/page.html", include_str!("../../templates/public/page.html")),
    ("public/report.html", include_str!("../../templates/public/report.html")),
    ("public/embed.html", include_str!("../../templates/public/embed.html")),
];

/// The site's stylesheet, inlined with the analysis one in the public report.
const SITE_CSS: &str = include_str!("../../assets/mutu.css");

/// The public report carries its styles inline (it is one file people save and pass on):
/// inline styles only, nothing else loads, no script.
const REPORT_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Routes of the public pages.
pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/public/{code}", Access::Published, page)
        .get("/public/{code}/rapport.html", Access::Published, report)
        .get("/public/{code}/graphiques/{file}", Access::Published, embed::svg)
        .get("/public/{code}/integrer/{id}", Access::Published, embed::frame)
}

/// A published wave with its public figures.
pub(crate) struct Published {
    /// The wave.
    pub wave: Wave,
    /// Its analysis, unfiltered (the figures and counts below come from it).
    pub analysis: Analysis,
    /// The figures, small counts suppressed.
    pub figures: Vec<Figure>,
    /// When it was published (RFC 3339).
    pub published_at: String,
}

impl Published {
    /// The published wave `raw`, or the uniform 404.
    pub async fn load(state: &AppState, raw: &str) -> Result<Published, WebError> {
        let code = wave_code(raw)?;
        let published_at = state.store.published_at(&code).await?.ok_or(WebError::NotFound)?;
        let wave = Wave::load(state, &code).await?;
        let analysis = analyse(&wave.campaign, &wave.responses, &Filters::default());
        let figures = suppress::figures(&analysis, &wave.campaign);
        Ok(Published { wave, analysis: suppress::mask_rates(&analysis), figures, published_at })
    }

    /// The URL of the public page, from the configured base URL (never the Host header).
    pub fn url(&self, state: &AppState) -> String {
        format!("{}/public/{}", state.config.public_url, self.wave.meta.code)
    }

    /// What the page and the report share.
    fn context(&self, state: &AppState, lang: &str) -> Value {
        let total = &self.analysis.participation.total;
        let base = self.url(state);
        let figures: Vec<Value> = figure_views(&self.figures)
            .into_iter()
            .zip(&self.figures)
            .map(|(view, f)| minijinja::context! { snippets => embed::snippets(&base, f), ..view })
            .collect();
        minijinja::context! {
            wave => minijinja::context! { code => self.wave.meta.code.to_string(), name => self.wave.meta.name.clone() },
            published_on => day(self.published_at.get(..10).unwrap_or_default(), lang),
            respondents => suppress::mask_cell(&thousands(total.respondents)),
            targets => thousands(total.targets),
            min_count => suppress::MIN_COUNT,
            figures => figures,
            verbatims => verbatim_views(&self.analysis, self.wave.campaign.level),
            public_url => base,
        }
    }
}

/// `GET /public/{code}`.
async fn page(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let lang = i18n::negotiate(&headers);
    let published = Published::load(&state, &code).await?;
    Ok(state.templates.render("public/page.html", lang, published.context(&state, lang))?.into_response())
}

/// `GET /public/{code}/rapport.html`: the public figures as one self-contained file.
async fn report(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let lang = i18n::negotiate(&headers);
    let published = Published::load(&state, &code).await?;
    let css = format!("{SITE_CSS}\n{CSS}");
    let context = minijinja::context! { css => Value::from_safe_string(css), ..published.context(&state, lang) };
    let html = state.templates.render("public/report.html", lang, context)?;
    Ok(([(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(REPORT_POLICY))], html).into_response())
}
