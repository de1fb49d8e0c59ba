//! Filters of the analysis: which targets are counted (département, size class, nature).

use crate::campaign::Target;
use crate::codes::DepartementCode;
use crate::territory::Nature;
use serde::{Deserialize, Serialize};

/// Restricts the analysis to some targets; an empty list means no restriction.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Filters {
    /// Main départements kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub departements: Vec<DepartementCode>,
    /// Size class codes kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub size_classes: Vec<String>,
    /// Natures kept (targets without a nature never pass a nature filter).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub natures: Vec<Nature>,
}

impl Filters {
    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        self.departements.is_empty() && self.size_classes.is_empty() && self.natures.is_empty()
    }

    /// Whether a target, of the given size class, is counted.
    pub fn admits(&self, target: &Target, size_class: &str) -> bool {
        (self.departements.is_empty() || self.departements.contains(&target.departement))
            && (self.size_classes.is_empty() || self.size_classes.iter().any(|c| c == size_class))
            && (self.natures.is_empty() || target.nature.is_some_and(|n| self.natures.contains(&n)))
    }
}
