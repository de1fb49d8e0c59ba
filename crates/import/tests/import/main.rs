//! The importers' integration tests, one binary: the seed's wave read from its fixture files
//! end to end (`npdc_2014`), and the bundled contours against the bundled referential
//! (`geography`).

mod geography;
mod npdc_2014;
