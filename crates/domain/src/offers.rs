//! The register of offers: pooled services ready to use ("services prêts à l'emploi").
//!
//! A pooling structure (a syndicat mixte, a GIP, an OPSN…) declares, per service of the
//! catalogue, how a body joins it (the legal vehicle, a pooling type of the catalogue), what
//! it costs in words, and the départements it serves. Set beside the opportunities, the
//! register turns "these neighbours could pool" into "this structure already offers it to
//! all of them": see [`covering`] and `Opportunities::with_offers`.

use crate::catalogue::{Catalogue, OptionList};
use crate::codes::{CatalogueCode, DepartementCode};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// Longest structure name or price model accepted, in characters.
pub const MAX_TEXT: usize = 500;

/// An offer of a pooling structure for one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    /// Name of the structure making the offer.
    pub structure: String,
    /// Service code of the catalogue.
    pub service: CatalogueCode,
    /// How a body joins: a pooling type code of the catalogue (`syndicat`, `groupement_commandes`…).
    pub vehicle: CatalogueCode,
    /// The price model, in words.
    pub price_model: String,
    /// The départements served: `"*"` for all, else the list of codes.
    #[serde(rename = "departements")]
    pub area: Area,
}

/// Where an offer is available.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AreaJson", into = "AreaJson")]
pub enum Area {
    /// Every département (`*` in files).
    All,
    /// These départements only (never empty).
    Departements(BTreeSet<DepartementCode>),
}

/// An offer refused, naming the field (`service`, `departements`…) as the CSV column does.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} : {message}")]
pub struct OfferError {
    /// The field at fault.
    pub field: &'static str,
    /// What is wrong, for a person.
    pub message: String,
}

fn fault(field: &'static str, message: impl Into<String>) -> OfferError {
    OfferError { field, message: message.into() }
}

impl Area {
    /// Reads the file form: `*`, or département codes separated by `|` (spaces allowed).
    pub fn parse(value: &str) -> Result<Area, OfferError> {
        let value = value.trim();
        if value == "*" {
            return Ok(Area::All);
        }
        let mut codes = BTreeSet::new();
        for part in value.split('|').map(str::trim).filter(|p| !p.is_empty()) {
            codes.insert(DepartementCode::parse(part).map_err(|e| fault("departements", e.to_string()))?);
        }
        if codes.is_empty() {
            return Err(fault(
                "departements",
                "vide : codes de départements séparés par | (ex. 22|29), ou * pour tous",
            ));
        }
        Ok(Area::Departements(codes))
    }

    /// Whether the offer is available in a département.
    pub fn covers(&self, departement: &str) -> bool {
        match self {
            Area::All => true,
            Area::Departements(codes) => codes.iter().any(|c| c.as_str() == departement),
        }
    }
}

/// The file form: `*`, or codes joined by `|` in ascending order.
impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Area::All => f.write_str("*"),
            Area::Departements(codes) => {
                let codes: Vec<&str> = codes.iter().map(DepartementCode::as_str).collect();
                f.write_str(&codes.join("|"))
            }
        }
    }
}

/// An area in JSON: the string `"*"`, or a list of département codes.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum AreaJson {
    All(String),
    Departements(Vec<DepartementCode>),
}

impl TryFrom<AreaJson> for Area {
    type Error = OfferError;
    fn try_from(json: AreaJson) -> Result<Area, OfferError> {
        match json {
            AreaJson::All(star) if star == "*" => Ok(Area::All),
            AreaJson::All(other) => {
                Err(fault("departements", format!("« {other} » : * ou une liste de codes attendu")))
            }
            AreaJson::Departements(codes) if codes.is_empty() => Area::parse(""),
            AreaJson::Departements(codes) => Ok(Area::Departements(codes.into_iter().collect())),
        }
    }
}

impl From<Area> for AreaJson {
    fn from(area: Area) -> AreaJson {
        match area {
            Area::All => AreaJson::All("*".to_owned()),
            Area::Departements(codes) => AreaJson::Departements(codes.into_iter().collect()),
        }
    }
}

impl Offer {
    /// Builds an offer from the fields of a register line, trimmed, checked against the
    /// catalogue: the service must be one of its services, the vehicle one of its pooling
    /// types; structure and price model must be given.
    pub fn new(
        structure: &str,
        service: &str,
        vehicle: &str,
        price_model: &str,
        area: Area,
        catalogue: &Catalogue,
    ) -> Result<Offer, OfferError> {
        let offer = Offer {
            structure: structure.trim().to_owned(),
            service: CatalogueCode::parse(service).map_err(|e| fault("service", e.to_string()))?,
            vehicle: CatalogueCode::parse(vehicle).map_err(|e| fault("vehicle", e.to_string()))?,
            price_model: price_model.trim().to_owned(),
            area,
        };
        offer.check(catalogue)?;
        Ok(offer)
    }

    /// Checks an offer (built in code, or read back from storage) against a catalogue.
    pub fn check(&self, catalogue: &Catalogue) -> Result<(), OfferError> {
        for (field, text) in [("structure", &self.structure), ("price_model", &self.price_model)] {
            if text.trim().is_empty() {
                return Err(fault(field, "obligatoire"));
            }
            if text.chars().count() > MAX_TEXT {
                return Err(fault(field, format!("trop long ({MAX_TEXT} caractères au plus)")));
            }
        }
        if !catalogue.services.iter().any(|s| s.code == self.service.as_str()) {
            return Err(fault("service", format!("service « {} » absent du catalogue", self.service)));
        }
        let types = catalogue.codes(OptionList::Types);
        if !types.contains(&self.vehicle.as_str()) {
            return Err(fault(
                "vehicle",
                format!(
                    "type de mutualisation « {} » absent du catalogue (attendu : {})",
                    self.vehicle,
                    types.join(", ")
                ),
            ));
        }
        if let Area::Departements(codes) = &self.area
            && codes.is_empty()
        {
            return Err(fault("departements", "aucun département : * pour tous"));
        }
        Ok(())
    }

    /// Whether the offer is available in every one of these départements.
    pub fn covers_all<S: AsRef<str>>(&self, departements: &[S]) -> bool {
        departements.iter().all(|d| self.area.covers(d.as_ref()))
    }
}

/// The offers of `service` available in every one of `departements` (a group's members'
/// main départements), ordered by structure, then vehicle, then price model. With no
/// département at all, every offer of the service qualifies.
pub fn covering<'a, S: AsRef<str>>(offers: &'a [Offer], service: &str, departements: &[S]) -> Vec<&'a Offer> {
    let mut found: Vec<&Offer> =
        offers.iter().filter(|o| o.service.as_str() == service && o.covers_all(departements)).collect();
    found.sort_by(|a, b| (&a.structure, &a.vehicle, &a.price_model).cmp(&(&b.structure, &b.vehicle, &b.price_model)));
    found
}

#[cfg(test)]
mod tests;
