//! Fuzz target: the answers reader that `mutu responses import --campaign CODE FILE` runs.
//!
//! The CLI refuses a file that is not UTF-8 before reading it (`String::from_utf8`), so
//! such inputs stop here too; the rest goes to [`read_responses`] against a real wave (the
//! 53 EPCI of the fixture territory, default catalogue and questionnaire). No input may
//! panic; a refusal must name `responses.jsonl` and a line of the input; what is accepted
//! holds one response per target met, each of them a target of the wave.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mutu_domain::answers::Required;
use mutu_fuzz::{CAMPAIGN, assert_clear_import_error};
use mutu_import::read_responses;
use std::collections::HashSet;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let campaign = &*CAMPAIGN;
    match read_responses("responses.jsonl", text, campaign, Required::Reported) {
        Ok(read) => {
            let responses = read.responses;
            let targets: HashSet<&str> = campaign.targets.iter().map(|t| t.code.as_str()).collect();
            let mut seen = HashSet::new();
            for response in &responses {
                assert!(targets.contains(response.respondent.as_str()), "{} is no target", response.respondent);
                assert!(seen.insert(&response.respondent), "{} returned twice", response.respondent);
            }
            assert!(responses.len() <= text.lines().count(), "more responses than lines");
        }
        Err(error) => assert_clear_import_error(&error, "responses.jsonl", data),
    }
});
