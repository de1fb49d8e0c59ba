//! A body's profile on its own page (`analysis.md`, "A body's profile"): per theme, what it
//! deploys beside the median of the bodies of its size class, as a chart with its table.
//!
//! The profiles are the domain's [`mutu_domain::analysis::profiles`] over the wave's complete
//! answers, computed once per version of the answers in the server's cache of the wave; the
//! drawing is
//! [`mutu_render::profile_figure`]. Only the body's own profile leaves this module: the page
//! shows no other body's, and no ranking.

use crate::WebError;
use minijinja::Value;
use mutu_app::cache::Snapshot;
use mutu_domain::analysis::Secrecy;
use std::sync::Arc;

/// The profile of `respondent` for a template (`title`, and `svg` and `table` as safe
/// markup), or `None` when it has no complete answer. Under `secrecy` (the respondent's own
/// page), a median over too few peers is not shown.
pub(super) async fn profile_view(
    snapshot: &Arc<Snapshot>,
    respondent: &str,
    secrecy: Secrecy,
) -> Result<Option<Value>, WebError> {
    let all = snapshot.profiles().await;
    let (snapshot, respondent) = (Arc::clone(snapshot), respondent.to_owned());
    tokio::task::spawn_blocking(move || {
        let own = all.iter().find(|p| p.respondent == respondent)?;
        let peers = all.iter().filter(|p| p.size_class == own.size_class).count() as u64;
        let figure = mutu_render::profile_figure(own, &snapshot.campaign, peers, secrecy);
        Some(minijinja::context! {
            title => figure.title,
            svg => Value::from_safe_string(figure.svg),
            table => Value::from_safe_string(figure.table.html()),
        })
    })
    .await
    .map_err(|e| WebError::Internal(format!("profil : {e}")))
}
