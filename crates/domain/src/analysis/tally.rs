//! Tallies shared by several figures: respondents citing a code (themes, obstacles, support)
//! and mentions by pooled pairs (pooling types, actors), each split by size class.

use super::{Respondent, rate};
use crate::size_class::SizeClass;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// A count within one size class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassCount {
    /// Size class code.
    pub size_class: String,
    /// Respondents of the class citing the code.
    pub count: u64,
    /// count / respondents of the class.
    pub rate: Option<f64>,
}

/// Respondents citing one code (a theme, an obstacle, a kind of support).
#[derive(Debug, Clone, PartialEq)]
pub struct CountItem {
    /// Name of the code's key in JSON (`theme`, `obstacle`, `support`).
    pub key: &'static str,
    /// The code.
    pub code: String,
    /// Respondents citing it.
    pub count: u64,
    /// count / respondents.
    pub rate: Option<f64>,
    /// The same within each size class.
    pub by_size_class: Vec<ClassCount>,
}

impl Serialize for CountItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry(self.key, &self.code)?;
        map.serialize_entry("count", &self.count)?;
        map.serialize_entry("rate", &self.rate)?;
        map.serialize_entry("by_size_class", &self.by_size_class)?;
        map.end()
    }
}

/// Mentions of one code by pooled pairs, and its share of all mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Name of the code's key in JSON (`type`, `actor`).
    pub key: &'static str,
    /// The code.
    pub code: String,
    /// Pooled pairs citing it.
    pub mentions: u64,
    /// mentions / all mentions of the list.
    pub share: Option<f64>,
}

impl Serialize for Mention {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry(self.key, &self.code)?;
        map.serialize_entry("mentions", &self.mentions)?;
        map.serialize_entry("share", &self.share)?;
        map.end()
    }
}

/// Mentions within one size class.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassMentions {
    /// Name of the list's key in JSON (`types`, `actors`).
    pub key: &'static str,
    /// Size class code.
    pub size_class: String,
    /// The mentions, sorted.
    pub items: Vec<Mention>,
}

impl Serialize for ClassMentions {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("size_class", &self.size_class)?;
        map.serialize_entry(self.key, &self.items)?;
        map.end()
    }
}

/// Mentions over the services of one theme.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeMentions {
    /// Name of the list's key in JSON.
    pub key: &'static str,
    /// Theme code.
    pub theme: String,
    /// The mentions, sorted.
    pub items: Vec<Mention>,
}

impl Serialize for ThemeMentions {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("theme", &self.theme)?;
        map.serialize_entry(self.key, &self.items)?;
        map.end()
    }
}

/// `mutualisation_types` or `actors` of `analysis.md`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mentions {
    /// Over all pooled pairs.
    pub total: Vec<Mention>,
    /// By size class, ascending.
    pub by_size_class: Vec<ClassMentions>,
    /// By theme, in catalogue order (pooling types only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_theme: Option<Vec<ThemeMentions>>,
}

/// Complete respondents in each size class.
pub(super) fn respondents_per_class(respondents: &[Respondent], classes: usize) -> Vec<u64> {
    let mut counts = vec![0; classes];
    for r in respondents {
        counts[r.class] += 1;
    }
    counts
}

/// Counts respondents citing each code, overall and by class; sorted by count descending,
/// ties by code; every code listed.
pub(super) fn count_choices<'a>(
    key: &'static str,
    codes: &[&str],
    cited: impl Iterator<Item = (usize, &'a [String])>,
    classes: &[SizeClass],
    per_class: &[u64],
) -> Vec<CountItem> {
    let mut counts = vec![vec![0u64; per_class.len()]; codes.len()];
    for (class, chosen) in cited {
        for code in chosen {
            if let Some(i) = codes.iter().position(|c| c == code) {
                counts[i][class] += 1;
            }
        }
    }
    let respondents: u64 = per_class.iter().sum();
    let mut items: Vec<CountItem> = codes
        .iter()
        .zip(counts)
        .map(|(code, by_class)| {
            let count = by_class.iter().sum();
            CountItem {
                key,
                code: (*code).to_owned(),
                count,
                rate: rate(count, respondents),
                by_size_class: by_class
                    .iter()
                    .zip(per_class)
                    .zip(classes)
                    .map(|((&count, &total), class)| ClassCount {
                        size_class: class.code.clone(),
                        count,
                        rate: rate(count, total),
                    })
                    .collect(),
            }
        })
        .collect();
    items.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    items
}

/// Turns mention counts (aligned with `codes`) into a sorted list with shares.
pub(super) fn mentions(key: &'static str, codes: &[&str], counts: &[u64]) -> Vec<Mention> {
    let total: u64 = counts.iter().sum();
    let mut items: Vec<Mention> = codes
        .iter()
        .zip(counts)
        .map(|(code, &mentions)| Mention { key, code: (*code).to_owned(), mentions, share: rate(mentions, total) })
        .collect();
    items.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.code.cmp(&b.code)));
    items
}
