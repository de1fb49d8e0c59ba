//! Fuzz target: the questionnaire reader that `mutu campaign create --questionnaire FILE`
//! and the web's wave form run, with the default catalogue.
//!
//! Like the CLI, text that is not UTF-8 is refused before [`Questionnaire::from_toml`]. No
//! input may panic; a refusal must name a line of the input and give its reason on one line.
//! An accepted questionnaire must survive the trip the web's definition editor makes: written
//! back as TOML (`toml::to_string_pretty`, as the web does), it reads again to the same definition.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mutu_domain::questionnaire::Questionnaire;
use mutu_fuzz::{CATALOGUE, assert_one_line_with_message, line_count};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Questionnaire::from_toml(text, &CATALOGUE) {
        Ok(questionnaire) => {
            let written = toml::to_string_pretty(&questionnaire).expect("an accepted questionnaire writes as TOML");
            let again = Questionnaire::from_toml(&written, &CATALOGUE)
                .unwrap_or_else(|e| panic!("written back, the questionnaire is refused: {e}\n{written}"));
            let rewritten = toml::to_string_pretty(&again).expect("writes as TOML");
            assert_eq!(written, rewritten, "the questionnaire changes when read back");
        }
        Err(error) => {
            let shown = error.to_string();
            assert!(
                (1..=line_count(data)).contains(&error.line),
                "line {} is not a line of the input: {shown:?}",
                error.line
            );
            assert!(shown.starts_with(&format!("questionnaire, ligne {}", error.line)), "{shown:?}");
            assert_one_line_with_message(&shown, &error.message);
        }
    }
});
