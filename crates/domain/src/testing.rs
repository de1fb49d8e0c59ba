//! Waves made in one line, for tests, benchmarks and demos: the default catalogue and
//! questionnaire, the seed's size classes, targets drawn from a territory or given, so no
//! test repeats a whole `Campaign` literal and a new field of a wave is filled in one place.
//!
//! ```
//! use mutu_domain::testing::WaveBuilder;
//! let wave = WaveBuilder::new("essai-2025").name("Essai").build();
//! assert_eq!(wave.questionnaire.id, "mutu-defaut");
//! ```

use crate::campaign::{Campaign, Target, TargetLevel, build_targets};
use crate::catalogue::Catalogue;
use crate::codes::{CampaignCode, DepartementCode, RegionCode};
use crate::questionnaire::Questionnaire;
use crate::size_class::SizeClasses;
use crate::territory::Territory;

/// A wave being described; [`WaveBuilder::build`] makes it.
#[derive(Debug, Clone)]
pub struct WaveBuilder {
    campaign: Campaign,
}

impl WaveBuilder {
    /// A wave `code` over EPCI, with the default catalogue and questionnaire, the seed's size
    /// classes, no target yet.
    ///
    /// # Panics
    ///
    /// When `code` is not a wave code: builders are for code that writes its own codes.
    pub fn new(code: &str) -> Self {
        let catalogue = Catalogue::default_catalogue();
        let questionnaire = Questionnaire::default_questionnaire(&catalogue).expect("the default questionnaire reads");
        WaveBuilder {
            campaign: Campaign {
                code: CampaignCode::parse(code).expect("a wave code"),
                name: format!("Vague {code}"),
                level: TargetLevel::Epci,
                size_classes: SizeClasses::default(),
                catalogue,
                questionnaire,
                targets: Vec::new(),
                population_year: None,
            },
        }
    }

    /// Its name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.campaign.name = name.into();
        self
    }

    /// The level of its targets.
    pub fn level(mut self, level: TargetLevel) -> Self {
        self.campaign.level = level;
        self
    }

    /// Its targets, as given.
    pub fn targets(mut self, targets: Vec<Target>) -> Self {
        self.campaign.targets = targets;
        self
    }

    /// Its targets drawn from `territory` at its level (every unit of the level), with the
    /// territory's population year.
    ///
    /// # Panics
    ///
    /// When the territory holds no unit of the level.
    pub fn targets_from(mut self, territory: &Territory) -> Self {
        self.campaign.targets =
            build_targets(territory, self.campaign.level, &[], &[]).expect("the territory has targets");
        self.campaign.population_year = territory.population_year;
        self
    }

    /// Its catalogue (the questionnaire is made again from it).
    pub fn catalogue(mut self, catalogue: Catalogue) -> Self {
        self.campaign.questionnaire =
            Questionnaire::default_questionnaire(&catalogue).expect("the default questionnaire reads");
        self.campaign.catalogue = catalogue;
        self
    }

    /// Its questionnaire.
    pub fn questionnaire(mut self, questionnaire: Questionnaire) -> Self {
        self.campaign.questionnaire = questionnaire;
        self
    }

    /// Its size classes.
    pub fn size_classes(mut self, size_classes: SizeClasses) -> Self {
        self.campaign.size_classes = size_classes;
        self
    }

    /// The year of its targets' populations.
    pub fn population_year(mut self, year: i32) -> Self {
        self.campaign.population_year = Some(year);
        self
    }

    /// The wave.
    pub fn build(self) -> Campaign {
        self.campaign
    }
}

/// An EPCI target of département `departement` (région 32) with `population` inhabitants
/// and one commune.
///
/// # Panics
///
/// When `departement` is not a département code.
pub fn target(code: &str, name: &str, departement: &str, population: u64) -> Target {
    Target {
        code: code.to_owned(),
        name: name.to_owned(),
        nature: None,
        departement: DepartementCode::parse(departement).expect("a département code"),
        region: RegionCode::parse("32").expect("a région code"),
        population,
        communes: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wave_is_described_in_one_line() {
        let wave = WaveBuilder::new("x-2025")
            .targets(vec![target("200000001", "CC Un", "59", 5_000)])
            .population_year(2022)
            .build();
        assert_eq!((wave.name.as_str(), wave.targets.len(), wave.population_year), ("Vague x-2025", 1, Some(2022)));
        assert_eq!(wave.level, TargetLevel::Epci);
    }
}
