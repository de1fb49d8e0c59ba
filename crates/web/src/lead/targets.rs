//! The filters of the lists of targets (follow-up and invitations), read from the query
//! string: a search on the name or code, the département, the size class, where the answer
//! stands, whether a link works. The database applies them
//! ([`mutu_storage::Store::target_page`]); values a wave does not know are ignored, and the
//! form shows what was kept.

use crate::extract::Form;
use crate::paging;
use mutu_domain::analysis::Filters;
use mutu_domain::answers::ResponseStatus;
use mutu_domain::codes::DepartementCode;
use mutu_domain::size_class::SizeClasses;
use mutu_storage::{Standing, TargetQuery};
use serde::Serialize;

/// The longest search kept: a name or a code, not a text.
const MAX_SEARCH_CHARS: usize = 100;

/// The code of a standing in URLs and templates.
pub(super) fn standing_code(standing: Standing) -> &'static str {
    match standing {
        Standing::NotOpened => "non_ouvert",
        Standing::Draft => "brouillon",
        Standing::Complete => "complet",
    }
}

/// Where a stored status stands.
pub(super) fn standing_of(status: Option<ResponseStatus>) -> Standing {
    match status {
        None => Standing::NotOpened,
        Some(ResponseStatus::Partial) => Standing::Draft,
        Some(ResponseStatus::Complete) => Standing::Complete,
    }
}

const STANDINGS: [Standing; 3] = [Standing::NotOpened, Standing::Draft, Standing::Complete];

/// The filters of a list of targets.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub(super) struct TargetFilter {
    /// Searched in names and codes.
    pub q: String,
    /// Main département kept.
    pub departement: Option<String>,
    /// Size class kept.
    pub taille: Option<String>,
    /// Where the answer stands (`non_ouvert`, `brouillon`, `complet`).
    pub statut: Option<&'static str>,
    /// Link: `avec` (working) or `sans`.
    pub lien: Option<&'static str>,
    /// The page asked for.
    pub page: u64,
}

impl TargetFilter {
    /// Reads the query string against the wave's size classes.
    pub fn read(form: &Form, classes: &SizeClasses) -> TargetFilter {
        TargetFilter {
            q: form.get("q").map(|q| q.chars().take(MAX_SEARCH_CHARS).collect()).unwrap_or_default(),
            departement: form.get("departement").and_then(|d| DepartementCode::parse(d).ok()).map(|d| d.to_string()),
            taille: form.get("taille").filter(|t| classes.get(t).is_some()).map(str::to_owned),
            statut: form.get("statut").and_then(|s| STANDINGS.into_iter().map(standing_code).find(|c| *c == s)),
            lien: form.get("lien").and_then(|l| ["avec", "sans"].into_iter().find(|c| *c == l)),
            page: paging::requested(form),
        }
    }

    /// What the database is asked: this page of the matching targets.
    pub fn query(&self, classes: &SizeClasses) -> TargetQuery {
        let class = self.taille.as_deref().and_then(|t| classes.get(t)).map(|i| &classes.classes()[i]);
        TargetQuery {
            search: (!self.q.is_empty()).then(|| self.q.clone()),
            departement: self.departement.as_deref().and_then(|d| DepartementCode::parse(d).ok()),
            population: class.map(|c| (c.min, c.max)),
            standing: self.statut.and_then(|s| STANDINGS.into_iter().find(|x| standing_code(*x) == s)),
            without_link: self.lien.map(|l| l == "sans"),
            offset: paging::offset(self.page),
            limit: paging::PER_PAGE,
        }
    }

    /// The analysis filters of the summary above the list: département and size class.
    pub fn filters(&self) -> Filters {
        Filters {
            departements: self.departement.iter().filter_map(|d| DepartementCode::parse(d).ok()).collect(),
            size_classes: self.taille.iter().cloned().collect(),
            natures: vec![],
        }
    }

    /// The filters as query pairs, for the pages' links (the page itself is the pager's).
    pub fn kept(&self) -> Vec<(&'static str, String)> {
        vec![
            ("q", self.q.clone()),
            ("departement", self.departement.clone().unwrap_or_default()),
            ("taille", self.taille.clone().unwrap_or_default()),
            ("statut", self.statut.unwrap_or_default().to_owned()),
            ("lien", self.lien.unwrap_or_default().to_owned()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_are_kept_and_become_the_database_query() {
        let classes = SizeClasses::default();
        let class = classes.classes()[1].clone();
        let raw = format!("q=+Lille+&departement=59&taille={}&statut=brouillon&lien=sans&page=3", class.code);
        let f = TargetFilter::read(&Form::parse(raw.as_bytes()), &classes);
        let q = f.query(&classes);
        assert_eq!((q.search.as_deref(), q.population), (Some("Lille"), Some((class.min, class.max))));
        assert_eq!((q.standing, q.without_link, q.offset, q.limit), (Some(Standing::Draft), Some(true), 100, 50));
        assert_eq!(f.filters().departements, vec![DepartementCode::parse("59").unwrap()]);
        assert_eq!(f.kept()[0], ("q", "Lille".to_owned()));
    }

    #[test]
    fn unknown_values_are_ignored() {
        let classes = SizeClasses::default();
        let f =
            TargetFilter::read(&Form::parse(b"departement=%3Cx%3E&taille=xxl&statut=perdu&lien=peut-etre"), &classes);
        assert_eq!(f, TargetFilter { page: 1, ..TargetFilter::default() });
        assert_eq!(f.query(&classes), TargetQuery { limit: 50, ..TargetQuery::default() });
        let long = format!("q={}", "a".repeat(500));
        assert_eq!(TargetFilter::read(&Form::parse(long.as_bytes()), &classes).q.len(), MAX_SEARCH_CHARS);
    }

    #[test]
    fn standings_follow_the_stored_status() {
        assert_eq!(standing_code(standing_of(None)), "non_ouvert");
        assert_eq!(standing_of(Some(ResponseStatus::Partial)), Standing::Draft);
        assert_eq!(standing_code(standing_of(Some(ResponseStatus::Complete))), "complet");
    }
}
