//! Fuzz target: the territory CSV reader that `mutu territory import FILE.csv` runs.
//!
//! The CLI hands the file's raw bytes to [`read_territory_csv`] (which itself refuses text
//! that is not UTF-8, naming the line), so the fuzzer's bytes go in unchanged. No input may
//! panic; a refusal must name `territory.csv` and a line of the input; an accepted file
//! must hold at least one unit.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mutu_fuzz::assert_clear_import_error;
use mutu_import::read_territory_csv;

fuzz_target!(|data: &[u8]| {
    match read_territory_csv("territory.csv", data) {
        Ok(territory) => {
            let summary = territory.summary();
            let units = summary.regions + summary.departements + summary.epci + summary.communes;
            assert!(units > 0, "a territory accepted with no unit");
            assert!(territory.check().is_ok(), "an accepted territory fails the domain's own checks");
        }
        Err(error) => assert_clear_import_error(&error, "territory.csv", data),
    }
});
