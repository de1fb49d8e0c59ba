//! Storage of the territory referential: bulk upsert in one transaction, read back whole;
//! a commune found by its SIREN.

use crate::placeholders;
use crate::{Result, Store, StoreError};
use mutu_domain::codes::{CommuneCode, DepartementCode, EpciCode, RegionCode, Siren};
use mutu_domain::territory::{Commune, Departement, Epci, Region, Territory, TerritorySummary};
use sqlx::{AssertSqlSafe, Row};

/// Rows per INSERT statement: well under both engines' limits on bound parameters.
const CHUNK: usize = 1_000;

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// `INSERT INTO table (cols) VALUES … ON CONFLICT (code) DO UPDATE SET …` for one chunk.
fn upsert(table: &str, rows: usize, cols: usize, update: &str) -> String {
    format!("INSERT INTO {table} VALUES {} ON CONFLICT (code) DO UPDATE SET {update}", placeholders(rows, cols))
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Store {
    /// Inserts or updates every unit of a checked territory, all or nothing. Units already
    /// held and absent from `territory` are kept: importing a second région adds to the first.
    /// A commune without a SIREN in `territory` keeps the one held (a territory CSV rarely
    /// gives it, the national referential does); a SIREN given to a commune is taken from
    /// any other commune held with it, so that one SIREN leads to one commune.
    pub async fn import_territory(&self, territory: &Territory) -> Result<()> {
        territory.check().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = self.write().await?;
        for chunk in territory.regions.chunks(CHUNK) {
            let sql = upsert("region (code, name)", chunk.len(), 2, "name = excluded.name");
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for r in chunk {
                q = q.bind(r.code.to_string()).bind(r.name.clone());
            }
            q.execute(&mut *tx).await?;
        }
        for chunk in territory.departements.chunks(CHUNK) {
            let sql = upsert(
                "departement (code, name, region_code)",
                chunk.len(),
                3,
                "name = excluded.name, region_code = excluded.region_code",
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for d in chunk {
                q = q.bind(d.code.to_string()).bind(d.name.clone()).bind(d.region.to_string());
            }
            q.execute(&mut *tx).await?;
        }
        for chunk in territory.epci.chunks(CHUNK) {
            let sql = upsert(
                "epci (code, name, nature, departement_code, population)",
                chunk.len(),
                5,
                "name = excluded.name, nature = excluded.nature, departement_code = excluded.departement_code, \
                 population = excluded.population",
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for e in chunk {
                q = q
                    .bind(e.code.to_string())
                    .bind(e.name.clone())
                    .bind(e.nature.map(|n| n.code().to_owned()))
                    .bind(e.departement.to_string())
                    .bind(e.population.map(|p| p as i64));
            }
            q.execute(&mut *tx).await?;
        }
        for chunk in territory.communes.chunks(CHUNK) {
            let sirens: Vec<&str> = chunk.iter().filter_map(|c| c.siren.as_ref().map(Siren::as_str)).collect();
            if !sirens.is_empty() {
                let sql = format!("UPDATE commune SET siren = NULL WHERE siren IN {}", placeholders(1, sirens.len()));
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for siren in sirens {
                    q = q.bind(siren);
                }
                q.execute(&mut *tx).await?;
            }
            let sql = upsert(
                "commune (code, name, departement_code, epci_code, population, siren)",
                chunk.len(),
                6,
                "name = excluded.name, departement_code = excluded.departement_code, \
                 epci_code = excluded.epci_code, population = excluded.population, \
                 siren = COALESCE(excluded.siren, commune.siren)",
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for c in chunk {
                q = q
                    .bind(c.code.to_string())
                    .bind(c.name.clone())
                    .bind(c.departement.to_string())
                    .bind(c.epci.as_ref().map(|e| e.to_string()))
                    .bind(c.population as i64)
                    .bind(c.siren.as_ref().map(|s| s.to_string()));
            }
            q.execute(&mut *tx).await?;
        }
        if let Some(year) = territory.population_year {
            sqlx::query(
                "INSERT INTO territory_meta (key, value) VALUES ('population_year', $1) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(year.to_string())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The whole referential held, each list by code.
    pub async fn territory(&self) -> Result<Territory> {
        let regions = sqlx::query("SELECT code, name FROM region ORDER BY code")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(Region {
                    code: RegionCode::parse(&r.try_get::<String, _>(0)?).map_err(corrupt)?,
                    name: r.try_get(1)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let departements = sqlx::query("SELECT code, name, region_code FROM departement ORDER BY code")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(Departement {
                    code: DepartementCode::parse(&r.try_get::<String, _>(0)?).map_err(corrupt)?,
                    name: r.try_get(1)?,
                    region: RegionCode::parse(&r.try_get::<String, _>(2)?).map_err(corrupt)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let epci = sqlx::query("SELECT code, name, nature, departement_code, population FROM epci ORDER BY code")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(Epci {
                    code: EpciCode::parse(&r.try_get::<String, _>(0)?).map_err(corrupt)?,
                    name: r.try_get(1)?,
                    nature: r.try_get::<Option<String>, _>(2)?.map(|n| n.parse()).transpose().map_err(corrupt)?,
                    departement: DepartementCode::parse(&r.try_get::<String, _>(3)?).map_err(corrupt)?,
                    population: r.try_get::<Option<i64>, _>(4)?.map(count),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let communes =
            sqlx::query("SELECT code, name, departement_code, epci_code, population, siren FROM commune ORDER BY code")
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| {
                    Ok(Commune {
                        code: CommuneCode::parse(&r.try_get::<String, _>(0)?).map_err(corrupt)?,
                        name: r.try_get(1)?,
                        departement: DepartementCode::parse(&r.try_get::<String, _>(2)?).map_err(corrupt)?,
                        epci: r
                            .try_get::<Option<String>, _>(3)?
                            .map(|e: String| EpciCode::parse(&e))
                            .transpose()
                            .map_err(corrupt)?,
                        population: count(r.try_get(4)?),
                        siren: r
                            .try_get::<Option<String>, _>(5)?
                            .map(|s| Siren::parse(&s))
                            .transpose()
                            .map_err(corrupt)?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
        Ok(Territory { regions, departements, epci, communes, population_year: self.population_year().await? })
    }

    /// The commune whose SIREN is `siren` (nine digits; anything else finds none), when the
    /// referential held gives it: how an agent signing in through ProConnect, whose SIRET
    /// begins with their body's SIREN, is led to a commune's answer.
    pub async fn commune_by_siren(&self, siren: &str) -> Result<Option<CommuneCode>> {
        let Ok(siren) = Siren::parse(siren) else {
            return Ok(None);
        };
        let code: Option<String> = sqlx::query_scalar("SELECT code FROM commune WHERE siren = $1")
            .bind(siren.as_str())
            .fetch_optional(&self.pool)
            .await?;
        code.map(|c| CommuneCode::parse(&c).map_err(corrupt)).transpose()
    }

    async fn population_year(&self) -> Result<Option<i32>> {
        let year: Option<String> = sqlx::query_scalar("SELECT value FROM territory_meta WHERE key = 'population_year'")
            .fetch_optional(&self.pool)
            .await?;
        year.map(|y| y.parse().map_err(corrupt)).transpose()
    }

    /// Names of the départements by code, for labels.
    pub async fn departement_names(&self) -> Result<std::collections::BTreeMap<String, String>> {
        sqlx::query("SELECT code, name FROM departement")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    /// Counts of the referential, without loading it.
    pub async fn territory_summary(&self) -> Result<TerritorySummary> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM region), (SELECT COUNT(*) FROM departement), \
             (SELECT COUNT(*) FROM epci), (SELECT COUNT(*) FROM commune), \
             (SELECT CAST(COALESCE(SUM(population), 0) AS BIGINT) FROM commune), \
             (SELECT COUNT(*) FROM commune WHERE epci_code IS NULL)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(TerritorySummary {
            regions: count(row.try_get(0)?),
            departements: count(row.try_get(1)?),
            epci: count(row.try_get(2)?),
            communes: count(row.try_get(3)?),
            population: count(row.try_get(4)?),
            communes_without_epci: count(row.try_get(5)?),
            population_year: self.population_year().await?,
        })
    }
}
