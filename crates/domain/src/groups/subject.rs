//! What a working group is about, and which services of a catalogue that means.
//!
//! A group works on one service or on a whole theme; a later wave may have renamed the
//! service (its catalogue lists the earlier code in `previous`), and the follow-up must
//! still find it there.

use super::{GroupError, invalid};
use crate::catalogue::{Catalogue, OptionList, Service};
use crate::codes::CatalogueCode;
use serde::{Deserialize, Serialize};

/// What a group works on: one service of the catalogue, or a whole theme.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// A service code (JSON key `service`).
    Service(CatalogueCode),
    /// A theme code: all of its services (JSON key `theme`).
    Theme(CatalogueCode),
}

impl Subject {
    /// The service or theme code.
    pub fn code(&self) -> &str {
        match self {
            Subject::Service(code) | Subject::Theme(code) => code.as_str(),
        }
    }

    /// Checks that the catalogue holds the service or theme.
    pub fn check(&self, catalogue: &Catalogue) -> Result<(), GroupError> {
        match self {
            Subject::Service(code) if !catalogue.services.iter().any(|s| s.code == code.as_str()) => {
                Err(invalid("service", format!("service « {code} » absent du catalogue de la vague")))
            }
            Subject::Theme(code) if !catalogue.codes(OptionList::Themes).contains(&code.as_str()) => {
                Err(invalid("theme", format!("thème « {code} » absent du catalogue de la vague")))
            }
            _ => Ok(()),
        }
    }

    /// The services of a catalogue the subject stands for: the service under its code or a
    /// code it had before (`previous`, so a group follows a renamed service into a later
    /// wave), or every service of the theme. Empty when the catalogue holds none of them.
    pub fn services<'a>(&self, catalogue: &'a Catalogue) -> Vec<&'a Service> {
        match self {
            Subject::Service(code) => {
                let code = code.as_str();
                let found = catalogue.services.iter().find(|s| s.code == code);
                found
                    .or_else(|| catalogue.services.iter().find(|s| s.previous.iter().any(|p| p == code)))
                    .into_iter()
                    .collect()
            }
            Subject::Theme(code) => catalogue.services.iter().filter(|s| s.theme == code.as_str()).collect(),
        }
    }
}
