//! The domain's integration tests, one binary: the seed's wave against figures computed
//! outside mutu (`npdc_2014`).

mod npdc_2014;
