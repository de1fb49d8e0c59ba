//! Storage of the register of offers ("services prêts à l'emploi"): what pooling structures
//! offer, per service. The register is replaced whole by each import, in one transaction, so
//! it never holds half of a file; offers come back in import order.

use crate::Store;
use crate::error::{Result, corrupt};
use mutu_domain::codes::CatalogueCode;
use mutu_domain::offers::{Area, Offer};
use sqlx::Row;

impl Store {
    /// Replaces the register with `offers` (checked by the caller against the catalogue), all
    /// or nothing; returns how many it now holds.
    pub async fn replace_offers(&self, offers: &[Offer]) -> Result<u64> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM offer").execute(&mut *tx).await?;
        for offer in offers {
            sqlx::query(
                "INSERT INTO offer (structure, service, vehicle, price_model, departements) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(offer.structure.clone())
            .bind(offer.service.to_string())
            .bind(offer.vehicle.to_string())
            .bind(offer.price_model.clone())
            .bind(offer.area.to_string())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(offers.len() as u64)
    }

    /// The register, in import order (empty until a first import).
    pub async fn offers(&self) -> Result<Vec<Offer>> {
        sqlx::query("SELECT structure, service, vehicle, price_model, departements FROM offer ORDER BY id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                let code = |i: usize| -> Result<CatalogueCode> {
                    CatalogueCode::parse(&r.try_get::<String, _>(i)?).map_err(corrupt)
                };
                Ok(Offer {
                    structure: r.try_get(0)?,
                    service: code(1)?,
                    vehicle: code(2)?,
                    price_model: r.try_get(3)?,
                    area: Area::parse(&r.try_get::<String, _>(4)?).map_err(corrupt)?,
                })
            })
            .collect()
    }
}
