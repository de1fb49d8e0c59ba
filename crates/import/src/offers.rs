//! Reader of the register of offers: what pooling structures offer, per service.
//!
//! A structure, or the lead on its behalf, fills one line per offer in a spreadsheet and
//! imports it with `mutu offers import`. The file is taken whole or not at all: the first
//! line at fault stops the import, naming its line and column, so the register never holds
//! half of a file.

use crate::csv_text::{CsvText, Header};
use crate::error::ImportError;
use mutu_domain::catalogue::Catalogue;
use mutu_domain::offers::{Area, Offer};
use std::collections::HashMap;

/// The columns of an offers file, in the documented order (any order is read).
pub const OFFER_COLUMNS: [&str; 5] = ["structure", "service", "vehicle", "price_model", "departements"];

/// Reads an offers file: UTF-8 (a BOM is accepted), comma or semicolon separated, header
/// `structure,service,vehicle,price_model,departements`. `service` is a service code of
/// `catalogue`, `vehicle` one of its pooling type codes, `departements` département codes
/// separated by `|`, or `*` for all. The same structure may not offer the same service by
/// the same vehicle twice (names compared without regard to case).
///
/// `source_name` is the file name used in error messages.
pub fn read_offers(source_name: &str, bytes: &[u8], catalogue: &Catalogue) -> Result<Vec<Offer>, ImportError> {
    let file = source_name;
    let csv = CsvText::decode(file, bytes, &OFFER_COLUMNS)?;
    let mut header: Option<(Header, [usize; 5])> = None;
    let mut offers = Vec::new();
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    csv.for_each_record(|line, record| {
        let Some((header, index)) = &header else {
            let read = Header::read(file, line, record, &OFFER_COLUMNS, &[])?;
            let index = OFFER_COLUMNS.map(|name| read.position(name).expect("required columns are checked"));
            header = Some((read, index));
            return Ok(());
        };
        header.check_width(file, line, record, csv.delimiter)?;
        let [structure, service, vehicle, price_model, departements] = index.map(|i| record.get(i).unwrap_or(""));
        let fault = |e: mutu_domain::offers::OfferError| ImportError::at(file, line, e.field, e.message);
        let area = Area::parse(departements).map_err(fault)?;
        let offer = Offer::new(structure, service, vehicle, price_model, area, catalogue).map_err(fault)?;
        let key = (offer.structure.to_lowercase(), offer.service.to_string(), offer.vehicle.to_string());
        if let Some(first) = seen.insert(key, line) {
            return Err(ImportError::at(
                file,
                line,
                "structure",
                format!(
                    "« {} » offre déjà « {} » par « {} » ligne {first}",
                    offer.structure, offer.service, offer.vehicle
                ),
            ));
        }
        offers.push(offer);
        Ok(())
    })?;
    if offers.is_empty() {
        return Err(ImportError::line(file, 1, "aucune ligne après l'en-tête : le fichier ne décrit aucune offre"));
    }
    Ok(offers)
}

#[cfg(test)]
mod tests;
