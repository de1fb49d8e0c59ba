//! Population size classes: the seed groups its EPCI in four, and every figure is split by them.

use serde::{Deserialize, Serialize};

/// One class of population, bounds inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizeClass {
    /// Stable code (`lt10k`…), used in files and filters.
    pub code: String,
    /// Label shown to people.
    pub label: String,
    /// Smallest population of the class.
    pub min: u64,
    /// Largest population of the class; `None` for the open top class.
    pub max: Option<u64>,
}

/// The classes of a wave, in ascending order, covering every population without gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<SizeClass>", into = "Vec<SizeClass>")]
pub struct SizeClasses(Vec<SizeClass>);

/// Why a set of size classes cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("classes de taille invalides : {0}")]
pub struct SizeClassError(pub String);

impl SizeClasses {
    /// Builds classes from bounds, checking they start at 0, follow each other without gap
    /// or overlap, and end open.
    pub fn new(classes: Vec<SizeClass>) -> Result<Self, SizeClassError> {
        let Some(first) = classes.first() else {
            return Err(SizeClassError("aucune classe".into()));
        };
        if first.min != 0 {
            return Err(SizeClassError(format!("la première classe ({}) doit commencer à 0", first.code)));
        }
        for pair in classes.windows(2) {
            match pair[0].max {
                Some(max) if max + 1 == pair[1].min => {}
                _ => {
                    return Err(SizeClassError(format!("{} et {} ne se suivent pas", pair[0].code, pair[1].code)));
                }
            }
        }
        if classes.last().is_some_and(|c| c.max.is_some()) {
            return Err(SizeClassError("la dernière classe doit être ouverte".into()));
        }
        let mut codes: Vec<&str> = classes.iter().map(|c| c.code.as_str()).collect();
        codes.sort_unstable();
        if codes.windows(2).any(|w| w[0] == w[1]) {
            return Err(SizeClassError("codes en double".into()));
        }
        Ok(Self(classes))
    }

    /// Builds classes from their lower bounds above zero (`10000,25000,90000` gives the seed's).
    pub fn from_bounds(bounds: &[u64]) -> Result<Self, SizeClassError> {
        let mut classes = Vec::new();
        let mut min = 0;
        for (i, &bound) in bounds.iter().chain(std::iter::once(&u64::MAX)).enumerate() {
            let max = (bound != u64::MAX).then(|| bound.saturating_sub(1));
            let label = match max {
                Some(max) if min == 0 => format!("< {}", thousands(max + 1)),
                Some(max) => format!("{} – {}", thousands(min), thousands(max)),
                None => format!("≥ {}", thousands(min)),
            };
            classes.push(SizeClass { code: format!("c{}", i + 1), label, min, max });
            min = bound;
        }
        Self::new(classes)
    }

    /// The classes, ascending.
    pub fn classes(&self) -> &[SizeClass] {
        &self.0
    }

    /// Index of the class a population falls in.
    pub fn index_of(&self, population: u64) -> usize {
        self.0.iter().position(|c| c.max.is_none_or(|max| population <= max)).unwrap_or(self.0.len() - 1)
    }

    /// The class a population falls in.
    pub fn class_of(&self, population: u64) -> &SizeClass {
        &self.0[self.index_of(population)]
    }

    /// Finds a class by code.
    pub fn get(&self, code: &str) -> Option<usize> {
        self.0.iter().position(|c| c.code == code)
    }
}

impl Default for SizeClasses {
    /// The seed's classes: < 10 000, 10 000 – 24 999, 25 000 – 89 999, ≥ 90 000.
    fn default() -> Self {
        let class = |code: &str, label: &str, min, max| SizeClass { code: code.into(), label: label.into(), min, max };
        Self(vec![
            class("lt10k", "< 10 000", 0, Some(9_999)),
            class("10k_25k", "10 000 – 24 999", 10_000, Some(24_999)),
            class("25k_90k", "25 000 – 89 999", 25_000, Some(89_999)),
            class("ge90k", "≥ 90 000", 90_000, None),
        ])
    }
}

impl TryFrom<Vec<SizeClass>> for SizeClasses {
    type Error = SizeClassError;
    fn try_from(classes: Vec<SizeClass>) -> Result<Self, SizeClassError> {
        Self::new(classes)
    }
}

impl From<SizeClasses> for Vec<SizeClass> {
    fn from(classes: SizeClasses) -> Self {
        classes.0
    }
}

/// Formats an integer with a space every three digits, as French readers expect.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_bounds_fall_where_the_seed_put_them() {
        let c = SizeClasses::default();
        assert_eq!(c.class_of(9_999).code, "lt10k");
        assert_eq!(c.class_of(10_000).code, "10k_25k");
        assert_eq!(c.class_of(89_999).code, "25k_90k");
        assert_eq!(c.class_of(1_113_833).code, "ge90k");
    }

    #[test]
    fn bounds_make_classes_and_gaps_are_refused() {
        let c = SizeClasses::from_bounds(&[10_000, 25_000, 90_000]).unwrap();
        let labels: Vec<_> = c.classes().iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["< 10 000", "10 000 – 24 999", "25 000 – 89 999", "≥ 90 000"]);
        let mut classes = SizeClasses::default().classes().to_vec();
        classes[1].min = 12_000;
        assert!(SizeClasses::new(classes).is_err());
    }

    #[test]
    fn thousands_are_spaced() {
        assert_eq!(thousands(1546), "1 546");
        assert_eq!(thousands(4_042_131), "4 042 131");
        assert_eq!(thousands(999), "999");
    }
}
