//! A server's memory of the waves it reads: a wave's definition, its complete answers, the
//! analyses already computed for some filters, its pooling opportunities and outlines, kept
//! for as long as the wave's answers do not change.
//!
//! A national wave's pages would otherwise each decode 25 000 answers and recount them. The
//! key is the wave and the version of its complete answers
//! ([`Store::complete_version`]), which every write that changes what the analysis counts
//! raises in its own transaction: one indexed read tells a server — any of several on one
//! database — whether what it holds is still the truth. Drafts are not cached: they count
//! nowhere, and an autosave does not invalidate anything.
//!
//! A wave is loaded once however many requests ask for it at the same moment (the first
//! loads, the others wait for it), and the least recently used wave leaves when more than
//! [`WaveCache::new`]'s capacity are held.

use crate::error::Result;
use mutu_domain::analysis::{Analysis, Filters, analyse};
use mutu_domain::answers::Response;
use mutu_domain::campaign::Campaign;
use mutu_domain::codes::CampaignCode;
use mutu_domain::opportunities::{CostModel, Opportunities, opportunities};
use mutu_render::maps::Outlines;
use mutu_storage::Store;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::OnceCell;

/// Filtered analyses a wave keeps before starting afresh: each filter of the pages
/// (département × size class × nature) is one, and a national wave has a hundred
/// départements.
const ANALYSES_KEPT: usize = 512;

/// The waves a server keeps in memory, each at one version of its answers.
pub struct WaveCache {
    capacity: usize,
    /// Most recently used first.
    slots: Mutex<Vec<Arc<Slot>>>,
}

/// One wave at one version, loaded once.
struct Slot {
    code: CampaignCode,
    version: i64,
    snapshot: OnceCell<Arc<Snapshot>>,
}

/// A wave as its complete answers stood at one version, and what was computed from it.
pub struct Snapshot {
    /// The version of the complete answers this was read at.
    pub version: i64,
    /// Definition and targets.
    pub campaign: Campaign,
    /// The complete answers, by respondent.
    pub responses: Vec<Response>,
    analyses: Mutex<HashMap<Filters, Arc<OnceCell<Arc<Analysis>>>>>,
    opportunities: OnceCell<Option<Arc<Opportunities>>>,
    outlines: OnceCell<Arc<Outlines>>,
}

impl WaveCache {
    /// A cache holding at most `capacity` waves (at least one).
    pub fn new(capacity: usize) -> WaveCache {
        WaveCache { capacity: capacity.max(1), slots: Mutex::new(Vec::new()) }
    }

    /// The wave `code` as its complete answers stand now: from memory when nothing changed
    /// since it was read, else read afresh (once, whoever else asks meanwhile).
    ///
    /// # Errors
    ///
    /// The store's `NotFound` for an unknown wave; any database error.
    pub async fn wave(&self, store: &Store, code: &CampaignCode) -> Result<Arc<Snapshot>> {
        let version = store.complete_version(code).await?;
        let slot = self.slot(code, version);
        let snapshot = slot
            .snapshot
            .get_or_try_init(|| async {
                let (campaign, responses) = tokio::try_join!(store.campaign(code), store.complete_responses(code))?;
                tracing::debug!(wave = %code, version, answers = responses.len(), "vague chargée en mémoire");
                Ok::<_, crate::AppError>(Arc::new(Snapshot {
                    version,
                    campaign,
                    responses,
                    analyses: Mutex::new(HashMap::new()),
                    opportunities: OnceCell::new(),
                    outlines: OnceCell::new(),
                }))
            })
            .await?;
        Ok(Arc::clone(snapshot))
    }

    /// The slot of `code` at `version`, made the most recent; older versions of the wave go.
    fn slot(&self, code: &CampaignCode, version: i64) -> Arc<Slot> {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(i) = slots.iter().position(|s| &s.code == code && s.version == version) {
            let slot = slots.remove(i);
            slots.insert(0, Arc::clone(&slot));
            return slot;
        }
        slots.retain(|s| &s.code != code);
        let slot = Arc::new(Slot { code: code.clone(), version, snapshot: OnceCell::new() });
        slots.insert(0, Arc::clone(&slot));
        slots.truncate(self.capacity);
        slot
    }
}

impl Snapshot {
    /// The analysis of the complete answers under `filters`, computed once per filter on a
    /// blocking thread (a national wave's takes a fraction of a second of one core).
    pub async fn analysis(self: &Arc<Self>, filters: &Filters) -> Arc<Analysis> {
        let cell = {
            let mut analyses = self.analyses.lock().unwrap_or_else(PoisonError::into_inner);
            if analyses.len() >= ANALYSES_KEPT && !analyses.contains_key(filters) {
                analyses.clear();
            }
            Arc::clone(analyses.entry(filters.clone()).or_default())
        };
        let computed = cell
            .get_or_init(|| async {
                let (me, filters) = (Arc::clone(self), filters.clone());
                let computed =
                    tokio::task::spawn_blocking(move || analyse(&me.campaign, &me.responses, &filters)).await;
                // A panic in the core is a bug: let it reach the request like any other.
                Arc::new(computed.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic())))
            })
            .await;
        Arc::clone(computed)
    }

    /// The pooling opportunities under the default cost model; `None` when the territory
    /// has no contours.
    ///
    /// # Errors
    ///
    /// An invalid default cost model for this catalogue; any database error.
    pub async fn opportunities(self: &Arc<Self>, store: &Store) -> Result<Option<Arc<Opportunities>>> {
        let found = self
            .opportunities
            .get_or_try_init(|| async {
                let Some(adjacency) = store.adjacency_for(&self.campaign).await? else { return Ok(None) };
                let costs = CostModel::default_model(&self.campaign.catalogue)?;
                let me = Arc::clone(self);
                let computed =
                    tokio::task::spawn_blocking(move || opportunities(&me.campaign, &me.responses, &adjacency, &costs))
                        .await
                        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
                Ok::<_, crate::AppError>(Some(Arc::new(computed)))
            })
            .await?;
        Ok(found.clone())
    }

    /// The outline of each target (empty when the territory has no contours).
    ///
    /// # Errors
    ///
    /// Any database error.
    pub async fn outlines(&self, store: &Store) -> Result<Arc<Outlines>> {
        let outlines = self
            .outlines
            .get_or_try_init(|| async {
                Ok::<_, crate::AppError>(Arc::new(store.wave_outlines(&self.campaign).await?))
            })
            .await?;
        Ok(Arc::clone(outlines))
    }
}
