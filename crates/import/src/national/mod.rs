//! Reader of the national referential published by Etalab in the npm package
//! `@etalab/decoupage-administratif` (régions, départements, EPCI, communes, populations).
//!
//! mutu ships a trimmed copy of it ([`BUNDLED_REFERENTIAL`]) so that a study can start from
//! the real territory without any download, and reads the package's own JSON files when a
//! newer edition is wanted. Both go through one conversion, so they agree.

mod convert;

pub use convert::main_departement;

use crate::error::ImportError;
use flate2::read::GzDecoder;
use mutu_domain::codes::RegionCode;
use mutu_domain::territory::Territory;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;

/// Year of the populations of the referential: INSEE's populations légales 2022, in force
/// from 1 January 2025, as carried by `@etalab/decoupage-administratif` 6.
pub const POPULATION_YEAR: i32 = 2022;

/// The bundled referential: a gzip of one JSON object `{"source", "regions",
/// "departements", "epci", "communes"}` holding the package's records, trimmed to the fields
/// mutu reads.
pub const BUNDLED_REFERENTIAL: &[u8] = include_bytes!("../../../../data/referential/france.json.gz");

/// Name given to the bundled referential in error messages.
pub const BUNDLE_NAME: &str = "france.json.gz";

/// The four files of the package that mutu reads, in the order they are needed.
pub const NATIONAL_FILES: [&str; 4] = ["regions.json", "departements.json", "epci.json", "communes.json"];

/// What to keep of the national referential.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NationalOptions {
    /// Keep one région only (see [`read_national_dir`] for what comes with it).
    pub region: Option<RegionCode>,
    /// Keep the collectivités d'outre-mer (zone `com`) too; metropolitan France and the
    /// départements et régions d'outre-mer (zones `metro` and `drom`) are always kept.
    pub include_com: bool,
}

/// Where the bundled referential comes from, to be shown wherever its figures are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleSource {
    /// npm package and version (`@etalab/decoupage-administratif@6.0.0`).
    #[serde(default)]
    pub package: String,
    /// Producers of the data (INSEE, DGCL).
    #[serde(default)]
    pub producers: String,
    /// Licence of the data.
    #[serde(default)]
    pub licence: String,
    /// Address of the licence.
    #[serde(default)]
    pub licence_url: String,
}

impl BundleSource {
    /// One line of attribution, in French, for pages and reports.
    pub fn attribution(&self) -> String {
        let mut text = format!(
            "Référentiel : {} ({}) ; populations légales {POPULATION_YEAR} ; licence : {}",
            self.producers, self.package, self.licence
        );
        if !self.licence_url.is_empty() {
            text.push_str(&format!(" <{}>", self.licence_url));
        }
        text
    }
}

/// Reads the four files `regions.json`, `departements.json`, `epci.json` and
/// `communes.json` of `@etalab/decoupage-administratif` from a folder (its `data` folder).
///
/// Only current communes (`type: commune-actuelle`) are kept; fields mutu does not use are
/// ignored. By default the zones `metro` and `drom` are kept; see [`NationalOptions`]. Each
/// EPCI is placed in its main département (see [`main_departement`]: the one holding most
/// of its inhabitants, the smallest code on a tie) and its population is
/// left to be the sum of its communes. With a région, the result holds that région, its
/// départements and communes, the EPCI of those communes and those whose main département
/// lies in the région, with all their member communes even outside it, and the départements
/// and régions those need, so that the territory is whole.
pub fn read_national_dir(dir: &Path, options: &NationalOptions) -> Result<Territory, ImportError> {
    let read = |name: &str| -> Result<(String, Vec<u8>), ImportError> {
        let path = dir.join(name);
        let shown = path.display().to_string();
        match std::fs::read(&path) {
            Ok(bytes) => Ok((shown, bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ImportError::file(
                &shown,
                format!("fichier introuvable : le dossier doit contenir {}", NATIONAL_FILES.join(", ")),
            )),
            Err(e) => Err(ImportError::file(&shown, format!("lecture impossible : {e}"))),
        }
    };
    let [regions, departements, epci, communes] = NATIONAL_FILES;
    let (regions_file, bytes) = read(regions)?;
    let regions = parse_json(&regions_file, &bytes)?;
    let (departements_file, bytes) = read(departements)?;
    let departements = parse_json(&departements_file, &bytes)?;
    let (epci_file, bytes) = read(epci)?;
    let epci = parse_json(&epci_file, &bytes)?;
    let (communes_file, bytes) = read(communes)?;
    let communes = parse_json(&communes_file, &bytes)?;
    let raw = convert::Raw { regions, departements, epci, communes };
    let names = convert::Names {
        regions: (&regions_file, ""),
        departements: (&departements_file, ""),
        epci: (&epci_file, ""),
        communes: (&communes_file, ""),
    };
    convert::convert(raw, &names, options)
}

/// Reads a referential bundled as [`BUNDLED_REFERENTIAL`] is (pass that constant for the
/// copy shipped with mutu), with the same rules as [`read_national_dir`].
pub fn read_national_bundle(gz_bytes: &[u8], options: &NationalOptions) -> Result<Territory, ImportError> {
    #[derive(Deserialize)]
    struct Bundle {
        regions: Vec<convert::RawRegion>,
        departements: Vec<convert::RawDepartement>,
        epci: Vec<convert::RawEpci>,
        communes: Vec<convert::RawCommune>,
    }
    let bundle: Bundle = parse_json(BUNDLE_NAME, &gunzip(gz_bytes)?)?;
    let raw = convert::Raw {
        regions: bundle.regions,
        departements: bundle.departements,
        epci: bundle.epci,
        communes: bundle.communes,
    };
    let names = convert::Names {
        regions: (BUNDLE_NAME, "regions"),
        departements: (BUNDLE_NAME, "departements"),
        epci: (BUNDLE_NAME, "epci"),
        communes: (BUNDLE_NAME, "communes"),
    };
    convert::convert(raw, &names, options)
}

/// The `source` object of a bundled referential: package, producers and licence.
pub fn read_bundle_source(gz_bytes: &[u8]) -> Result<BundleSource, ImportError> {
    #[derive(Deserialize)]
    struct SourceOnly {
        source: BundleSource,
    }
    let only: SourceOnly = parse_json(BUNDLE_NAME, &gunzip(gz_bytes)?)?;
    Ok(only.source)
}

/// The attribution of the referential shipped with mutu.
pub fn bundled_source() -> Result<BundleSource, ImportError> {
    read_bundle_source(BUNDLED_REFERENTIAL)
}

fn gunzip(gz_bytes: &[u8]) -> Result<Vec<u8>, ImportError> {
    let mut json = Vec::with_capacity(gz_bytes.len().saturating_mul(8));
    GzDecoder::new(gz_bytes)
        .read_to_end(&mut json)
        .map_err(|e| ImportError::file(BUNDLE_NAME, format!("archive gzip illisible : {e}")))?;
    Ok(json)
}

/// Parses a JSON file, naming its line (and column: the package's files are minified) when
/// it is malformed or not shaped as expected.
fn parse_json<T: for<'de> Deserialize<'de>>(file: &str, bytes: &[u8]) -> Result<T, ImportError> {
    serde_json::from_slice(bytes).map_err(|e| {
        let detail = e.to_string();
        let detail = detail.split(" at line ").next().unwrap_or(&detail).to_owned();
        let what = if e.is_data() { "contenu inattendu" } else { "JSON invalide" };
        ImportError::line(file, e.line(), format!("{what} (colonne {}) : {detail}", e.column()))
    })
}

#[cfg(test)]
mod tests;
