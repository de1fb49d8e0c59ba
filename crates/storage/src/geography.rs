//! Storage of geography: commune contours, and the adjacency graph of each wave.
//!
//! Contours are kept as compact text (see `0004_geography.sql`), read back into `geo`
//! shapes. A wave's adjacency graph is stored with the wave once computed, so its pooling
//! groups stay the same whatever contours are imported later.

use crate::{Result, Store, StoreError, now, placeholders};
use mutu_domain::campaign::Campaign;
use mutu_domain::codes::CampaignCode;
use mutu_domain::geography::geo::{Coord, LineString, MultiPolygon, Polygon};
use mutu_domain::geography::{Adjacency, Contours, TargetParts, wave_adjacency};
use sqlx::{AssertSqlSafe, Row};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Rows per INSERT.
const CHUNK: usize = 500;

/// Writes a shape as `x y,x y;…|…` with 6 decimals (about 0.1 m).
pub fn encode_shape(shape: &MultiPolygon) -> String {
    let mut out = String::new();
    for (p, polygon) in shape.iter().enumerate() {
        if p > 0 {
            out.push('|');
        }
        for (r, ring) in std::iter::once(polygon.exterior()).chain(polygon.interiors()).enumerate() {
            if r > 0 {
                out.push(';');
            }
            for (i, c) in ring.coords().enumerate() {
                let sep = if i > 0 { "," } else { "" };
                let _ = write!(out, "{sep}{:.6} {:.6}", c.x, c.y);
            }
        }
    }
    out
}

/// Reads a shape written by [`encode_shape`].
pub fn decode_shape(text: &str) -> Option<MultiPolygon> {
    let ring = |r: &str| -> Option<LineString> {
        r.split(',')
            .map(|pair| {
                let (x, y) = pair.split_once(' ')?;
                Some(Coord { x: x.parse().ok()?, y: y.parse().ok()? })
            })
            .collect::<Option<Vec<_>>>()
            .map(LineString::new)
    };
    text.split('|')
        .map(|p| {
            let mut rings = p.split(';').map(ring).collect::<Option<Vec<_>>>()?.into_iter();
            Some(Polygon::new(rings.next()?, rings.collect()))
        })
        .collect::<Option<Vec<_>>>()
        .map(MultiPolygon::new)
}

impl Store {
    /// Stores the contours of communes of the territory, replacing theirs, all or nothing;
    /// a commune the territory does not hold is `NotFound`, named, and nothing is written.
    pub async fn import_contours(&self, contours: &Contours) -> Result<u64> {
        let mut tx = self.write().await?;
        let known: std::collections::BTreeSet<String> =
            sqlx::query_scalar("SELECT code FROM commune").fetch_all(&mut *tx).await?.into_iter().collect();
        if let Some(code) = contours.keys().find(|c| !known.contains(*c)) {
            return Err(StoreError::NotFound(format!("la commune {code} (absente du territoire)")));
        }
        let rows: Vec<(&String, &MultiPolygon)> = contours.iter().collect();
        for chunk in rows.chunks(CHUNK) {
            let sql = format!(
                "INSERT INTO commune_contour (commune_code, geometry) VALUES {} \
                 ON CONFLICT (commune_code) DO UPDATE SET geometry = excluded.geometry",
                placeholders(chunk.len(), 2)
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for (code, shape) in chunk {
                q = q.bind((*code).clone()).bind(encode_shape(shape));
            }
            q.execute(&mut *tx).await?;
        }
        // Outlines and neighbourhoods come from the contours: what servers hold is stale.
        crate::versions::raise_all(&mut tx).await?;
        tx.commit().await?;
        Ok(rows.len() as u64)
    }

    /// Every stored contour, by commune code.
    pub async fn contours(&self) -> Result<Contours> {
        let rows = sqlx::query("SELECT commune_code, geometry FROM commune_contour").fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                let code: String = row.try_get(0)?;
                let text: String = row.try_get(1)?;
                let shape = decode_shape(&text).ok_or_else(|| StoreError::Corrupt(format!("contour de {code}")))?;
                Ok((code, shape))
            })
            .collect()
    }

    /// Communes of the territory without a contour, by code.
    pub async fn communes_without_contour(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT code FROM commune WHERE code NOT IN (SELECT commune_code FROM commune_contour) ORDER BY code",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Stores the adjacency graph of a wave's targets, replacing any earlier one.
    pub async fn set_wave_adjacency(&self, code: &CampaignCode, adjacency: &Adjacency) -> Result<()> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM campaign_adjacency WHERE campaign_id = $1").bind(id).execute(&mut *tx).await?;
        let pairs: Vec<(&str, &str)> = adjacency.pairs().collect();
        for chunk in pairs.chunks(CHUNK) {
            let sql =
                format!("INSERT INTO campaign_adjacency (campaign_id, a, b) VALUES {}", placeholders(chunk.len(), 3));
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for (a, b) in chunk {
                q = q.bind(id).bind((*a).to_owned()).bind((*b).to_owned());
            }
            q.execute(&mut *tx).await?;
        }
        sqlx::query(
            "INSERT INTO campaign_adjacency_state (campaign_id, computed_at) VALUES ($1, $2) \
             ON CONFLICT (campaign_id) DO UPDATE SET computed_at = excluded.computed_at",
        )
        .bind(id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The adjacency graph of a wave: the stored one, or, on first use, the one computed
    /// from the stored contours (then stored with the wave, so later contour imports never
    /// change its groups). `None` when it was never computed and no contour is stored.
    pub async fn adjacency_for(&self, campaign: &Campaign) -> Result<Option<Adjacency>> {
        if let Some(stored) = self.wave_adjacency(&campaign.code).await? {
            return Ok(Some(stored));
        }
        let contours = self.contours().await?;
        if contours.is_empty() {
            return Ok(None);
        }
        // Seconds of geometry for a national wave: off the async workers, so a server keeps
        // answering other requests meanwhile.
        let (wave, territory) = (campaign.clone(), self.territory().await?);
        let adjacency = tokio::task::spawn_blocking(move || wave_adjacency(&wave, &territory, &contours))
            .await
            .map_err(|e| StoreError::Corrupt(format!("calcul des voisinages interrompu : {e}")))?;
        self.set_wave_adjacency(&campaign.code, &adjacency).await?;
        Ok(Some(adjacency))
    }

    /// The outline of every target of a wave with contours, by target code: its communes'
    /// contours dissolved (empty when no contour is stored). For maps.
    pub async fn wave_outlines(&self, campaign: &Campaign) -> Result<BTreeMap<String, MultiPolygon>> {
        let contours = self.contours().await?;
        if contours.is_empty() {
            return Ok(BTreeMap::new());
        }
        let territory = self.territory().await?;
        Ok(TargetParts::collect(campaign, &territory, &contours).outlines())
    }

    /// The stored adjacency graph of a wave, or `None` when it was never computed.
    pub async fn wave_adjacency(&self, code: &CampaignCode) -> Result<Option<Adjacency>> {
        let id = self.campaign_id(code).await?;
        let computed: Option<String> =
            sqlx::query_scalar("SELECT computed_at FROM campaign_adjacency_state WHERE campaign_id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        if computed.is_none() {
            return Ok(None);
        }
        let rows = sqlx::query("SELECT a, b FROM campaign_adjacency WHERE campaign_id = $1")
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        let pairs = rows.iter().map(|r| Ok((r.try_get::<String, _>(0)?, r.try_get::<String, _>(1)?)));
        Ok(Some(Adjacency::from_pairs(pairs.collect::<Result<Vec<_>>>()?)))
    }
}
