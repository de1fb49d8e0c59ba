//! Pooling opportunities of a wave: the domain's computation over the neighbourhood of its
//! targets, which the store computes once from the commune contours and keeps.

use crate::error::Result;
use mutu_domain::answers::Response;
use mutu_domain::campaign::Campaign;
use mutu_domain::opportunities::{CostModel, Opportunities, opportunities};
use mutu_storage::Store;

/// The opportunities of a wave under a cost model; `None` when the territory has no
/// contours (no neighbourhood, so no group of neighbours).
///
/// # Errors
///
/// Any database error.
pub async fn compute(
    store: &Store,
    campaign: &Campaign,
    responses: &[Response],
    costs: &CostModel,
) -> Result<Option<Opportunities>> {
    let Some(adjacency) = store.adjacency_for(campaign).await? else { return Ok(None) };
    Ok(Some(opportunities(campaign, responses, &adjacency, costs)))
}
