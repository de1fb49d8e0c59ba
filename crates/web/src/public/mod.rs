//! What anyone may read of a published wave, at stable URLs and without logging in: its
//! figures under statistical secrecy, the wave's report for the public, and each chart ready
//! to embed in a local authority's own site ([`embed`]): the seed's « services prêts à
//! l'emploi pouvant être intégrés dans les sites web des collectivités ».
//!
//! All of it is the wave's one report model ([`mutu_render::Report`]) built for the public
//! audience by [`mutu_app::report::assemble`]: small counts masked by the domain's
//! [`Secrecy`] (as values, before anything is written), no map nor group that names a body,
//! the verbatims attributed to a kind of body and a size class. An unpublished or unknown
//! wave is the uniform 404.

mod embed;

use crate::analysis::{estimates, figure_views, verbatim_views};
use crate::extract::{Lang, format_in, wave_code};
use crate::page::ser;
use crate::routes::{Access, RouteTable};
use crate::{AppState, WebError};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use minijinja::Value;
use mutu_app::report::{self, Assembled};
use mutu_domain::analysis::{Filters, Secrecy, Weighted};
use mutu_render::{Audience, Figure};
use mutu_storage::CampaignMeta;

/// Templates of the public pages.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("public/page.html", include_str!("../../templates/public/page.html")),
    ("public/embed.html", include_str!("../../templates/public/embed.html")),
];

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

/// A published wave with its public report.
pub(crate) struct Published {
    /// Its name, state and dates.
    pub meta: CampaignMeta,
    /// Its report for the public.
    pub assembled: Assembled,
    /// The figures, small counts masked.
    pub figures: Vec<Figure>,
    /// When it was published.
    pub published_at: time::OffsetDateTime,
}

impl Published {
    /// The published wave `raw`, or the uniform 404.
    pub async fn load(state: &AppState, raw: &str) -> Result<Published, WebError> {
        let code = wave_code(raw)?;
        let published_at = state.store.published_at(&code).await?.ok_or(WebError::NotFound)?;
        let meta = state.store.campaign_meta(&code).await?;
        let assembled = report::assemble(&state.store, &code, Audience::Public).await?;
        let figures = assembled.report.figures();
        Ok(Published { meta, assembled, figures, published_at })
    }

    /// The URL of the public page, from the configured base URL (never the Host header).
    pub fn url(&self, state: &AppState) -> String {
        format!("{}/public/{}", state.config.public_url, self.meta.code)
    }

    /// What the page shows, with the wave's weighted estimates under secrecy.
    fn context(&self, state: &AppState, lang: &'static str, weighted: &Weighted) -> Value {
        let fmt = format_in(lang).with_secrecy(Secrecy::PUBLIC);
        let total = &self.assembled.analysis().participation.total;
        let base = self.url(state);
        let figures: Vec<Value> = figure_views(&self.figures)
            .into_iter()
            .zip(&self.figures)
            .map(|(view, f)| minijinja::context! { snippets => embed::snippets(&base, f), ..view })
            .collect();
        let campaign = self.assembled.report.campaign();
        let estimates = estimates::view(self.assembled.analysis(), weighted, campaign, &fmt);
        let analysis = Secrecy::PUBLIC.mask_rates(self.assembled.analysis());
        minijinja::context! {
            wave => minijinja::context! { code => self.meta.code.to_string(), name => self.meta.name.clone() },
            published_on => fmt.short_date(self.published_at.date()),
            respondents => fmt.count(total.respondents),
            targets => fmt.thousands(total.targets),
            min_count => Secrecy::PUBLIC.min_count(),
            figures => figures,
            estimates => ser(&estimates),
            verbatims => verbatim_views(&analysis, campaign),
            public_url => base,
        }
    }
}

/// `GET /public/{code}`: the published figures, then the weighted estimates of the whole
/// wave (strata under the threshold merged, as on the study's page).
async fn page(State(state): State<AppState>, Path(code): Path<String>, Lang(lang): Lang) -> Result<Response, WebError> {
    let published = Published::load(&state, &code).await?;
    let snapshot = state.waves.wave(&state.store, &published.meta.code).await?;
    let weighted = estimates::weighted(&snapshot, &Filters::default()).await;
    Ok(state.templates.render("public/page.html", lang, published.context(&state, lang, &weighted))?.into_response())
}

/// `GET /public/{code}/rapport.html`: the wave's report for the public, one self-contained
/// file (the study's report under statistical secrecy, without maps nor named groups).
async fn report(State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, WebError> {
    let published = Published::load(&state, &code).await?;
    let html = report::render(move || published.assembled.report.html(None)).await?;
    Ok(([(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(REPORT_POLICY))], axum::response::Html(html))
        .into_response())
}
