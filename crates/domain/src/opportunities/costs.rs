//! The cost model of pooling: what a service costs a year alone and pooled.
//!
//! Editable on purpose: the defaults (`data/costs.toml`, documented there) are orders of
//! magnitude, and a region replaces them with its own figures through `--costs FILE`.

use crate::catalogue::Catalogue;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The default cost model, documented in its comments.
pub const DEFAULT_COSTS_TOML: &str = include_str!("../../data/costs.toml");

/// Yearly costs of one service, euros.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceCost {
    /// Per deployment, whatever the population.
    pub fixed: f64,
    /// Per inhabitant served.
    pub per_inhabitant: f64,
    /// Per member of a pooled deployment.
    pub overhead: f64,
}

impl ServiceCost {
    /// Cost of one deployment alone for `population` inhabitants.
    pub fn alone(&self, population: u64) -> f64 {
        self.fixed + self.per_inhabitant * population as f64
    }

    /// Cost of one pooled deployment for `members` members of `population` inhabitants.
    pub fn pooled(&self, members: usize, population: u64) -> f64 {
        self.fixed + self.per_inhabitant * population as f64 + self.overhead * members as f64
    }

    /// Σ costs alone − cost pooled, for members of the given populations.
    pub fn savings(&self, populations: &[u64]) -> f64 {
        let alone: f64 = populations.iter().map(|&p| self.alone(p)).sum();
        alone - self.pooled(populations.len(), populations.iter().sum())
    }
}

/// The cost model: a default and per-service overrides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostModel {
    /// Costs of a service not listed.
    pub default: ServiceCost,
    /// Costs by service code.
    #[serde(default)]
    pub services: BTreeMap<String, ServiceCost>,
}

/// A cost file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CostError {
    /// Not valid TOML, or not the expected shape.
    #[error("modèle de coûts illisible : {0}")]
    Syntax(String),
    /// A service the catalogue does not hold.
    #[error("modèle de coûts : service « {0} » absent du catalogue")]
    UnknownService(String),
    /// A negative or non-finite figure.
    #[error("modèle de coûts : {0} doit être un nombre positif ou nul")]
    Invalid(String),
}

impl CostModel {
    /// Reads a cost file and checks it against the wave's catalogue.
    pub fn from_toml(text: &str, catalogue: &Catalogue) -> Result<CostModel, CostError> {
        let model: CostModel = toml::from_str(text).map_err(|e| CostError::Syntax(e.to_string()))?;
        let entries = std::iter::once(("default", &model.default))
            .chain(model.services.iter().map(|(code, cost)| (code.as_str(), cost)));
        for (code, cost) in entries {
            if code != "default" && !catalogue.services.iter().any(|s| s.code == code) {
                return Err(CostError::UnknownService(code.to_owned()));
            }
            for (field, value) in
                [("fixed", cost.fixed), ("per_inhabitant", cost.per_inhabitant), ("overhead", cost.overhead)]
            {
                if !value.is_finite() || value < 0.0 {
                    return Err(CostError::Invalid(format!("{code}.{field}")));
                }
            }
        }
        Ok(model)
    }

    /// The embedded defaults, checked against `catalogue`.
    pub fn default_model(catalogue: &Catalogue) -> Result<CostModel, CostError> {
        CostModel::from_toml(DEFAULT_COSTS_TOML, catalogue)
    }

    /// The costs of a service.
    pub fn cost(&self, service: &str) -> &ServiceCost {
        self.services.get(service).unwrap_or(&self.default)
    }
}
