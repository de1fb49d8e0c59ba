//! Readers of the outside world's files into mutu's domain.
//!
//! Everything mutu learns from a file comes through here: the territory CSV people prepare,
//! the national referential of `@etalab/decoupage-administratif` (a folder of its JSON files,
//! or the copy bundled in the binary), the answers of a wave as JSON lines, the study's
//! qualitative files (actors met, interviews, coded verbatims), commune contours (the
//! bundled national TopoJSON, or GeoJSON), and the register of offers of pooling
//! structures. Each reader either returns domain values that the domain's own checks
//! accept, or one [`ImportError`] naming the file, line and field at fault: nothing is ever
//! half-read.

mod contours;
mod csv_text;
mod error;
pub mod national;
mod offers;
pub mod qualitative;
mod responses;
mod territory_csv;

pub use contours::{BUNDLED_CONTOURS, bundled_contours, read_geojson_contours, read_topojson};
pub use error::ImportError;
pub use national::{
    BUNDLED_REFERENTIAL, BundleSource, NationalOptions, POPULATION_YEAR, bundled_source, main_departement,
    read_bundle_source, read_national_bundle, read_national_dir,
};
pub use offers::{OFFER_COLUMNS, read_offers};
pub use responses::{ImportedResponses, read_responses};
pub use territory_csv::{COLUMNS, NATURE_COLUMN, read_territory_csv};
