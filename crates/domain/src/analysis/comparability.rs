//! Comparable waves: what two waves share, and every break of method between them.
//!
//! A figure that moves between two waves has changed only if it was measured the same way
//! both times. A service added, a wording changed, other size classes or another territory
//! are breaks: the figures they touch are not a change, and a series must say so rather than
//! draw a trend through them. Services are matched by code, or through the `previous` codes
//! a catalogue keeps for a renamed service (as [`super::compare`] does); questions by id.

use super::Filters;
use crate::campaign::{Campaign, TargetLevel};
use crate::catalogue::{Catalogue, OptionList, Service};
use crate::questionnaire::{Options, Question, QuestionType, Questionnaire};
use crate::size_class::SizeClass;
use serde::Serialize;
use std::collections::BTreeSet;

/// What two waves share and where their methods differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparability {
    /// Code of the earlier wave.
    pub earlier: String,
    /// Code of the later wave.
    pub later: String,
    /// Whether there is no break at all: every figure of one wave compares with the other's.
    pub comparable: bool,
    /// What both waves hold.
    pub shared: Shared,
    /// Every break of method, catalogue first, then questionnaire, then size classes and
    /// territory.
    pub breaks: Vec<Break>,
}

/// What two waves hold in common.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shared {
    /// Services of the later catalogue found in the earlier one, in the later order.
    pub services: Vec<ServiceLink>,
    /// Theme codes of both catalogues, in the later order.
    pub themes: Vec<String>,
    /// Question ids of both questionnaires, in the later order.
    pub questions: Vec<String>,
    /// Targets of both waves (same code).
    pub targets: u64,
}

/// A service of the later wave and the code it had in the earlier one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceLink {
    /// Code in the later wave.
    pub service: String,
    /// Code in the earlier wave (differs when the service was renamed).
    pub earlier_service: String,
}

/// One break of method between two waves; `kind` in JSON names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Break {
    /// A service of the later catalogue that the earlier one lacks.
    ServiceAdded {
        /// Its code.
        service: String,
    },
    /// A service of the earlier catalogue that the later one lacks.
    ServiceRemoved {
        /// Its code in the earlier wave.
        service: String,
    },
    /// A service's wording changed.
    ServiceLabelChanged {
        /// Its code in the later wave.
        service: String,
        /// Earlier label.
        before: String,
        /// Later label.
        after: String,
    },
    /// A service moved to another theme.
    ServiceThemeChanged {
        /// Its code in the later wave.
        service: String,
        /// Earlier theme.
        before: String,
        /// Later theme.
        after: String,
    },
    /// A theme the earlier catalogue lacks.
    ThemeAdded {
        /// Its code.
        theme: String,
    },
    /// A theme the later catalogue lacks.
    ThemeRemoved {
        /// Its code.
        theme: String,
    },
    /// A theme's wording changed.
    ThemeLabelChanged {
        /// Its code.
        theme: String,
        /// Earlier label.
        before: String,
        /// Later label.
        after: String,
    },
    /// A question the earlier questionnaire lacks.
    QuestionAdded {
        /// Its id.
        question: String,
    },
    /// A question the later questionnaire lacks.
    QuestionRemoved {
        /// Its id.
        question: String,
    },
    /// A question's wording changed.
    QuestionLabelChanged {
        /// Its id.
        question: String,
        /// Earlier wording.
        before: String,
        /// Later wording.
        after: String,
    },
    /// A question's kind changed (a multiple choice became a single one…).
    QuestionTypeChanged {
        /// Its id.
        question: String,
        /// Earlier kind.
        before: QuestionType,
        /// Later kind.
        after: QuestionType,
    },
    /// Options were added to or removed from a question (services and themes are reported
    /// one by one above, not here).
    QuestionOptionsChanged {
        /// Its id.
        question: String,
        /// Option codes added, in the later order.
        added: Vec<String>,
        /// Option codes removed, in the earlier order.
        removed: Vec<String>,
    },
    /// An option's wording changed.
    OptionLabelChanged {
        /// Id of the question offering it.
        question: String,
        /// Option code.
        option: String,
        /// Earlier label.
        before: String,
        /// Later label.
        after: String,
    },
    /// The size classes differ (codes, labels or bounds).
    SizeClassesChanged {
        /// Earlier classes.
        before: Vec<SizeClass>,
        /// Later classes.
        after: Vec<SizeClass>,
    },
    /// The populations are of another year, so bodies may change size class.
    PopulationYearChanged {
        /// Earlier year.
        before: Option<i32>,
        /// Later year.
        after: Option<i32>,
    },
    /// The waves were sent to units of another level (EPCI, communes).
    LevelChanged {
        /// Earlier level.
        before: TargetLevel,
        /// Later level.
        after: TargetLevel,
    },
    /// The set of targets differs.
    TargetsChanged {
        /// Targets of the later wave the earlier one lacks.
        added: u64,
        /// Targets of the earlier wave the later one lacks.
        removed: u64,
    },
    /// The analyses compared were not filtered alike (found by [`super::series`], which
    /// reads the analyses; two waves alone have no filters).
    FiltersChanged {
        /// Earlier filters.
        before: Filters,
        /// Later filters.
        after: Filters,
    },
}

impl Break {
    /// The name of the break, as `kind` in JSON and in the `breaks` of a series' points.
    pub fn kind(&self) -> &'static str {
        match self {
            Break::ServiceAdded { .. } => "service_added",
            Break::ServiceRemoved { .. } => "service_removed",
            Break::ServiceLabelChanged { .. } => "service_label_changed",
            Break::ServiceThemeChanged { .. } => "service_theme_changed",
            Break::ThemeAdded { .. } => "theme_added",
            Break::ThemeRemoved { .. } => "theme_removed",
            Break::ThemeLabelChanged { .. } => "theme_label_changed",
            Break::QuestionAdded { .. } => "question_added",
            Break::QuestionRemoved { .. } => "question_removed",
            Break::QuestionLabelChanged { .. } => "question_label_changed",
            Break::QuestionTypeChanged { .. } => "question_type_changed",
            Break::QuestionOptionsChanged { .. } => "question_options_changed",
            Break::OptionLabelChanged { .. } => "option_label_changed",
            Break::SizeClassesChanged { .. } => "size_classes_changed",
            Break::PopulationYearChanged { .. } => "population_year_changed",
            Break::LevelChanged { .. } => "level_changed",
            Break::TargetsChanged { .. } => "targets_changed",
            Break::FiltersChanged { .. } => "filters_changed",
        }
    }
}

/// The service of `earlier` that `service` continues: same code, else one of its previous
/// codes.
pub(super) fn earlier_service<'a>(service: &Service, earlier: &'a Catalogue) -> Option<&'a Service> {
    earlier
        .services
        .iter()
        .find(|s| s.code == service.code)
        .or_else(|| earlier.services.iter().find(|s| service.previous.contains(&s.code)))
}

/// What `earlier` and `later` share and every break of method between them.
pub fn comparability(earlier: &Campaign, later: &Campaign) -> Comparability {
    let mut breaks = Vec::new();
    let services = services(&earlier.catalogue, &later.catalogue, &mut breaks);
    let themes = themes(&earlier.catalogue, &later.catalogue, &mut breaks);
    let questions = questions(earlier, later, &mut breaks);
    if earlier.size_classes != later.size_classes {
        breaks.push(Break::SizeClassesChanged {
            before: earlier.size_classes.classes().to_vec(),
            after: later.size_classes.classes().to_vec(),
        });
    }
    if earlier.population_year != later.population_year {
        breaks.push(Break::PopulationYearChanged { before: earlier.population_year, after: later.population_year });
    }
    if earlier.level != later.level {
        breaks.push(Break::LevelChanged { before: earlier.level, after: later.level });
    }
    let before: BTreeSet<&str> = earlier.targets.iter().map(|t| t.code.as_str()).collect();
    let after: BTreeSet<&str> = later.targets.iter().map(|t| t.code.as_str()).collect();
    let shared_targets = before.intersection(&after).count() as u64;
    let (added, removed) = (after.len() as u64 - shared_targets, before.len() as u64 - shared_targets);
    if added > 0 || removed > 0 {
        breaks.push(Break::TargetsChanged { added, removed });
    }
    Comparability {
        earlier: earlier.code.to_string(),
        later: later.code.to_string(),
        comparable: breaks.is_empty(),
        shared: Shared { services, themes, questions, targets: shared_targets },
        breaks,
    }
}

fn services(earlier: &Catalogue, later: &Catalogue, breaks: &mut Vec<Break>) -> Vec<ServiceLink> {
    let mut shared = Vec::new();
    for service in &later.services {
        let Some(before) = earlier_service(service, earlier) else {
            breaks.push(Break::ServiceAdded { service: service.code.clone() });
            continue;
        };
        let code = || service.code.clone();
        if before.label != service.label {
            breaks.push(Break::ServiceLabelChanged {
                service: code(),
                before: before.label.clone(),
                after: service.label.clone(),
            });
        }
        if before.theme != service.theme {
            breaks.push(Break::ServiceThemeChanged {
                service: code(),
                before: before.theme.clone(),
                after: service.theme.clone(),
            });
        }
        shared.push(ServiceLink { service: code(), earlier_service: before.code.clone() });
    }
    for service in &earlier.services {
        if !shared.iter().any(|link| link.earlier_service == service.code) {
            breaks.push(Break::ServiceRemoved { service: service.code.clone() });
        }
    }
    shared
}

fn themes(earlier: &Catalogue, later: &Catalogue, breaks: &mut Vec<Break>) -> Vec<String> {
    let mut shared = Vec::new();
    for theme in &later.themes {
        match earlier.themes.iter().find(|t| t.code == theme.code) {
            None => breaks.push(Break::ThemeAdded { theme: theme.code.clone() }),
            Some(before) => {
                if before.label != theme.label {
                    breaks.push(Break::ThemeLabelChanged {
                        theme: theme.code.clone(),
                        before: before.label.clone(),
                        after: theme.label.clone(),
                    });
                }
                shared.push(theme.code.clone());
            }
        }
    }
    for theme in &earlier.themes {
        if !later.themes.iter().any(|t| t.code == theme.code) {
            breaks.push(Break::ThemeRemoved { theme: theme.code.clone() });
        }
    }
    shared
}

/// The options of a question with their labels, from the catalogue or the questionnaire.
fn options<'a>(
    question: &'a Question,
    questionnaire: &'a Questionnaire,
    catalogue: &'a Catalogue,
) -> Vec<(&'a str, &'a str)> {
    let label = |code: &'a str| match &question.options {
        Some(Options::Inline(inline)) => inline.iter().find(|o| o.code == code).map_or(code, |o| o.label.as_str()),
        Some(Options::Catalogue(list)) => catalogue.label(*list, code),
        None => code,
    };
    questionnaire.option_codes(question, catalogue).into_iter().map(|code| (code, label(code))).collect()
}

/// The breaks between the options (code, label) a question offered and those it offers.
fn option_breaks(question: &str, old: &[(&str, &str)], new: &[(&str, &str)], breaks: &mut Vec<Break>) {
    let missing = |from: &[(&str, &str)], to: &[(&str, &str)]| -> Vec<String> {
        from.iter().filter(|(c, _)| !to.iter().any(|(o, _)| o == c)).map(|(c, _)| (*c).to_owned()).collect()
    };
    let (added, removed) = (missing(new, old), missing(old, new));
    if !added.is_empty() || !removed.is_empty() {
        breaks.push(Break::QuestionOptionsChanged { question: question.to_owned(), added, removed });
    }
    for (code, label) in new {
        if let Some((_, old_label)) = old.iter().find(|(o, _)| o == code)
            && old_label != label
        {
            breaks.push(Break::OptionLabelChanged {
                question: question.to_owned(),
                option: (*code).to_owned(),
                before: (*old_label).to_owned(),
                after: (*label).to_owned(),
            });
        }
    }
}

/// Whether a question's options are the services or the themes, whose changes are reported
/// one by one from the catalogue.
fn options_reported_elsewhere(question: &Question) -> bool {
    matches!(question.options, Some(Options::Catalogue(OptionList::Services | OptionList::Themes)))
}

fn questions(earlier: &Campaign, later: &Campaign, breaks: &mut Vec<Break>) -> Vec<String> {
    let (qa, qb) = (&earlier.questionnaire, &later.questionnaire);
    let mut shared = Vec::new();
    for question in qb.questions() {
        let id = || question.id.clone();
        let Some(before) = qa.question(&question.id) else {
            breaks.push(Break::QuestionAdded { question: id() });
            continue;
        };
        if before.label != question.label {
            breaks.push(Break::QuestionLabelChanged {
                question: id(),
                before: before.label.clone(),
                after: question.label.clone(),
            });
        }
        if before.kind != question.kind {
            breaks.push(Break::QuestionTypeChanged { question: id(), before: before.kind, after: question.kind });
        }
        if !(before.options == question.options && options_reported_elsewhere(question)) {
            let old = options(before, qa, &earlier.catalogue);
            option_breaks(&question.id, &old, &options(question, qb, &later.catalogue), breaks);
        }
        shared.push(id());
    }
    for question in qa.questions() {
        if qb.question(&question.id).is_none() {
            breaks.push(Break::QuestionRemoved { question: question.id.clone() });
        }
    }
    shared
}
