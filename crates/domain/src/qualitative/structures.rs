//! The benchmark of pooling structures outside the study's territory: for each, its legal
//! form, creation, territory, members, services (as catalogue codes), governance, economic
//! model and MOOF (menaces, opportunités, forces, faiblesses), every statement citing its
//! sources. The six structures of the 2014 study ship in `data/qualitative/structures.toml`.

use super::QualitativeError;
use serde::{Deserialize, Serialize};

/// The six structures of the seed's benchmark, with facts from their public records.
pub const DEFAULT_STRUCTURES_TOML: &str = include_str!("../../../../data/qualitative/structures.toml");

/// A source, by the tag statements cite (`S20`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    /// Tag cited by statements.
    pub tag: String,
    /// Title and address.
    pub reference: String,
}

/// One item of a MOOF analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoofItem {
    /// The statement.
    pub text: String,
    /// Tags of the sources it rests on.
    pub sources: Vec<String>,
    /// Whether it is the study team's judgement rather than a sourced fact.
    #[serde(default)]
    pub judgement: bool,
}

/// A pooling structure of the benchmark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolingStructure {
    /// Stable key (`e-bourgogne`).
    pub key: String,
    /// Name.
    pub name: String,
    /// Legal form, in words.
    pub legal_form: String,
    /// Code of the closest pooling type of the catalogue (`gip`, `syndicat`, `autre`).
    pub pooling_type: String,
    /// Year of creation of the structure as benchmarked.
    pub creation_year: u16,
    /// Creation and history, in words.
    pub history: String,
    /// Territory served.
    pub territory: String,
    /// Members and adherents.
    pub members: String,
    /// Services offered, as service codes of the catalogue.
    pub services: Vec<String>,
    /// Services offered, in words (including what the catalogue has no code for).
    pub services_detail: String,
    /// Governance.
    pub governance: String,
    /// Economic model.
    pub economic_model: String,
    /// Forces.
    pub strengths: Vec<MoofItem>,
    /// Faiblesses.
    pub weaknesses: Vec<MoofItem>,
    /// Opportunités.
    pub opportunities: Vec<MoofItem>,
    /// Menaces.
    pub threats: Vec<MoofItem>,
    /// Sources cited.
    pub sources: Vec<SourceRef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    structure: Vec<PoolingStructure>,
}

impl PoolingStructure {
    /// Every MOOF item, with its quadrant's French name.
    pub fn moof(&self) -> impl Iterator<Item = (&'static str, &MoofItem)> {
        let parts: [(&'static str, &[MoofItem]); 4] = [
            ("Menaces", &self.threats),
            ("Opportunités", &self.opportunities),
            ("Forces", &self.strengths),
            ("Faiblesses", &self.weaknesses),
        ];
        parts.into_iter().flat_map(|(name, items)| items.iter().map(move |i| (name, i)))
    }

    /// Checks that every cited tag is listed in `sources` and that every MOOF item cites one.
    fn check(&self) -> Result<(), QualitativeError> {
        let fail = |m: String| Err(QualitativeError(format!("structure {} : {m}", self.key)));
        for (quadrant, item) in self.moof() {
            if item.sources.is_empty() {
                return fail(format!("« {} » ({quadrant}) ne cite aucune source", item.text));
            }
            if let Some(tag) = item.sources.iter().find(|t| !self.sources.iter().any(|s| &s.tag == *t)) {
                return fail(format!("la source {tag} citée n'est pas listée"));
            }
        }
        Ok(())
    }
}

/// Reads a benchmark file (TOML, `[[structure]]` tables) and checks its citations.
pub fn read_structures(text: &str) -> Result<Vec<PoolingStructure>, QualitativeError> {
    let file: File = toml::from_str(text).map_err(|e| QualitativeError(format!("structures : {e}")))?;
    for s in &file.structure {
        s.check()?;
    }
    Ok(file.structure)
}

/// The six structures of the seed.
pub fn default_structures() -> Vec<PoolingStructure> {
    read_structures(DEFAULT_STRUCTURES_TOML).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;

    #[test]
    fn the_six_structures_of_the_seed_read_and_cite_their_sources() {
        let structures = read_structures(DEFAULT_STRUCTURES_TOML).expect("structures.toml");
        let keys: Vec<&str> = structures.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["e-bourgogne", "e-megalis", "manche-numerique", "sictiam", "csi-piemonte", "wallonie"]);
        for s in &structures {
            assert!(s.moof().count() >= 4, "{} has a thin MOOF", s.key);
            for quadrant in [&s.strengths, &s.weaknesses, &s.opportunities, &s.threats] {
                assert!(!quadrant.is_empty(), "{} has an empty MOOF quadrant", s.key);
            }
        }
    }

    #[test]
    fn services_and_pooling_types_exist_in_the_default_catalogue() {
        let catalogue = Catalogue::default_catalogue();
        for s in default_structures() {
            assert!(!s.services.is_empty(), "{}", s.key);
            for code in &s.services {
                assert!(catalogue.services.iter().any(|c| &c.code == code), "{} : service {code} inconnu", s.key);
            }
            assert!(catalogue.types.iter().any(|t| t.code == s.pooling_type), "{} : type {}", s.key, s.pooling_type);
        }
    }

    #[test]
    fn an_uncited_tag_is_refused() {
        let mut text = DEFAULT_STRUCTURES_TOML.replacen("sources = [\"S20\"", "sources = [\"S999\"", 1);
        assert!(read_structures(&text).unwrap_err().0.contains("S999"));
        text = "structure = []".into();
        assert_eq!(read_structures(&text).map(|s| s.len()), Ok(0));
    }
}
