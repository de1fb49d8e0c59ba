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
//!
//! A server that starts cold would make its first visitors wait seconds for what a national
//! wave's pages need; [`WaveCache::warm`] reads the newest waves and computes their
//! analysis, estimates, profiles, opportunities and outlines as the server starts, and says meanwhile that it is
//! warming ([`WaveCache::is_warming`]) so that the readiness probe keeps a load balancer
//! away from it until then.

use crate::error::Result;
use mutu_domain::analysis::{
    Analysis, Filters, PUBLIC_MIN_COUNT, Profile, Weighted, analyse, profiles, weighted_with_secrecy,
};
use mutu_domain::answers::Response;
use mutu_domain::campaign::Campaign;
use mutu_domain::codes::CampaignCode;
use mutu_domain::geography::Adjacency;
use mutu_domain::opportunities::{CostModel, Opportunities, PoolingNeighbours, opportunities, pooling_neighbours};
use mutu_render::maps::Outlines;
use mutu_storage::Store;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, Ordering};
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
    /// Set while [`WaveCache::warm`] runs.
    warming: AtomicBool,
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
    analyses: Memo<Filters, Analysis>,
    weighted: Memo<(Filters, u64), Weighted>,
    profiles: OnceCell<Arc<Vec<Profile>>>,
    adjacency: OnceCell<Option<Arc<Adjacency>>>,
    opportunities: OnceCell<Option<Arc<Opportunities>>>,
    outlines: OnceCell<Arc<Outlines>>,
}

impl WaveCache {
    /// A cache holding at most `capacity` waves (at least one).
    pub fn new(capacity: usize) -> WaveCache {
        WaveCache { capacity: capacity.max(1), slots: Mutex::new(Vec::new()), warming: AtomicBool::new(false) }
    }

    /// Whether [`WaveCache::warm`] is still preparing the waves: the server answers, but its
    /// first pages of a large wave would be slow.
    pub fn is_warming(&self) -> bool {
        self.warming.load(Ordering::Acquire)
    }

    /// Marks the cache as warming before [`WaveCache::warm`] is spawned, so that no probe
    /// between the spawn and the task's first step finds the server ready too early.
    pub fn start_warming(&self) {
        self.warming.store(true, Ordering::Release);
    }

    /// Reads the newest waves (as many as the cache holds) and computes what their pages ask
    /// first: the analysis and the published estimates without filters, the profiles, the
    /// opportunities, the outlines. A wave that fails is logged and skipped (its pages will
    /// say why when asked); the cache is ready when this returns, whatever happened. Returns
    /// the number of waves prepared.
    pub async fn warm(&self, store: &Store) -> usize {
        let started = std::time::Instant::now();
        let mut prepared = 0;
        match store.campaigns().await {
            Err(e) => tracing::warn!(error = %e, "préchauffage : la liste des vagues est illisible"),
            Ok(waves) => {
                // Oldest of the kept first, so that the newest ends most recently used.
                for info in waves.iter().take(self.capacity).rev() {
                    match self.prepare(store, &info.code).await {
                        Ok(()) => prepared += 1,
                        Err(e) => tracing::warn!(wave = %info.code, error = %e, "préchauffage de la vague impossible"),
                    }
                }
            }
        }
        self.warming.store(false, Ordering::Release);
        tracing::info!(waves = prepared, seconds = started.elapsed().as_secs_f64(), "vagues prêtes en mémoire");
        prepared
    }

    /// One wave's snapshot and what its pages need first.
    async fn prepare(&self, store: &Store, code: &CampaignCode) -> Result<()> {
        let snapshot = self.wave(store, code).await?;
        snapshot.analysis(&Filters::default()).await;
        snapshot.weighted(&Filters::default(), PUBLIC_MIN_COUNT).await;
        snapshot.profiles().await;
        snapshot.opportunities(store).await?;
        snapshot.outlines(store).await?;
        Ok(())
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
                    analyses: Memo::default(),
                    weighted: Memo::default(),
                    profiles: OnceCell::new(),
                    adjacency: OnceCell::new(),
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
        let me = Arc::clone(self);
        self.analyses.get(filters.clone(), move |filters| analyse(&me.campaign, &me.responses, filters)).await
    }

    /// The weighted estimates under `filters` as they may be published with the secrecy
    /// threshold `min_respondents`, computed once per filter and threshold.
    pub async fn weighted(self: &Arc<Self>, filters: &Filters, min_respondents: u64) -> Arc<Weighted> {
        let me = Arc::clone(self);
        self.weighted
            .get((filters.clone(), min_respondents), move |(filters, min)| {
                weighted_with_secrecy(&me.campaign, &me.responses, filters, *min)
            })
            .await
    }

    /// Every complete respondent's profile, computed once (each body's page shows one, beside
    /// the median of its size class, which needs them all).
    pub async fn profiles(self: &Arc<Self>) -> Arc<Vec<Profile>> {
        let computed = self
            .profiles
            .get_or_init(|| async {
                let me = Arc::clone(self);
                Arc::new(blocking(move || profiles(&me.campaign, &me.responses)).await)
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
                let Some(adjacency) = self.adjacency(store).await? else { return Ok(None) };
                let costs = CostModel::default_model(&self.campaign.catalogue)?;
                let me = Arc::clone(self);
                let computed = blocking(move || opportunities(&me.campaign, &me.responses, &adjacency, &costs)).await;
                Ok::<_, crate::AppError>(Some(Arc::new(computed)))
            })
            .await?;
        Ok(found.clone())
    }

    /// Who borders whom among the targets; `None` when the territory has no contours.
    ///
    /// # Errors
    ///
    /// Any database error.
    pub async fn adjacency(&self, store: &Store) -> Result<Option<Arc<Adjacency>>> {
        let found = self
            .adjacency
            .get_or_try_init(|| async {
                Ok::<_, crate::AppError>(store.adjacency_for(&self.campaign).await?.map(Arc::new))
            })
            .await?;
        Ok(found.clone())
    }

    /// For the body `code`, each service it needs that neighbours already pool, with them
    /// (empty without contours): what its page gives back for its answer.
    ///
    /// # Errors
    ///
    /// As [`Snapshot::opportunities`].
    pub async fn pooling_neighbours(self: &Arc<Self>, store: &Store, code: &str) -> Result<Vec<PoolingNeighbours>> {
        let (Some(found), Some(adjacency)) = (self.opportunities(store).await?, self.adjacency(store).await?) else {
            return Ok(Vec::new());
        };
        Ok(pooling_neighbours(&found, &adjacency, code))
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

/// Runs `f` on a blocking thread (the figures of a national wave take a core for a while); a
/// panic in the core is a bug and reaches the request like any other.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
}

/// Values computed once per key (a filter of the pages), each on a blocking thread, however
/// many requests ask at once; past [`ANALYSES_KEPT`] keys it starts afresh.
struct Memo<K, V> {
    cells: Mutex<HashMap<K, Arc<OnceCell<Arc<V>>>>>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo { cells: Mutex::new(HashMap::new()) }
    }
}

impl<K: Hash + Eq + Clone + Send + 'static, V: Send + Sync + 'static> Memo<K, V> {
    /// The value of `key`, computed by `compute` the first time.
    async fn get(&self, key: K, compute: impl FnOnce(&K) -> V + Send + 'static) -> Arc<V> {
        let cell = {
            let mut cells = self.cells.lock().unwrap_or_else(PoisonError::into_inner);
            if cells.len() >= ANALYSES_KEPT && !cells.contains_key(&key) {
                cells.clear();
            }
            Arc::clone(cells.entry(key.clone()).or_default())
        };
        let value = cell.get_or_init(|| async move { Arc::new(blocking(move || compute(&key)).await) }).await;
        Arc::clone(value)
    }
}
