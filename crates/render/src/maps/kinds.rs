//! The kinds of map of a wave, as [`MapSpec`]s: who answered, where one service is
//! deployed and pooled, the opportunity groups of one service, and where the members of one
//! working group stand on its subject.
//!
//! Categories are read from the answers as the analysis reads them: the last response of a
//! respondent wins and only complete answers count as answers (a draft is "partial" on the
//! participation map and "no complete answer" elsewhere).

use super::{Category, Fill, MapSpec, MapTarget};
use mutu_domain::answers::{Answer, Response, ResponseStatus, ServiceStatus};
use mutu_domain::campaign::{Campaign, TargetLevel};
use mutu_domain::catalogue::OptionList;
use mutu_domain::geography::geo::MultiPolygon;
use mutu_domain::groups::GroupFollowUp;
use mutu_domain::opportunities::ServiceOpportunity;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Outlines of targets, WGS84, by target code (as `TargetParts::outlines` gives them).
pub type Outlines = BTreeMap<String, MultiPolygon>;

/// The outlines of `codes` only: a page that draws a few hundred targets of a national wave
/// builds its map from these, not from the 35 000 outlines it would then throw away.
pub fn outlines_of<'a>(outlines: &Outlines, codes: impl IntoIterator<Item = &'a str>) -> Outlines {
    codes.into_iter().filter_map(|code| outlines.get_key_value(code)).map(|(c, o)| (c.clone(), o.clone())).collect()
}

/// Fills of the groups, in turn; the group number drawn on each member tells them apart
/// when they repeat.
const GROUP_FILLS: [Fill; 6] =
    [Fill::Light, Fill::Hatched, Fill::Dotted, Fill::CrossHatched, Fill::Striped, Fill::Medium];

fn category(key: &str, label: &str, fill: Fill) -> Category {
    Category { key: key.to_owned(), label: label.to_owned(), fill }
}

/// The status of the last response of each respondent.
fn latest(responses: &[Response]) -> HashMap<&str, &Response> {
    responses.iter().map(|r| (r.respondent.as_str(), r)).collect()
}

fn complete<'a>(latest: &HashMap<&str, &'a Response>, code: &str) -> Option<&'a Response> {
    latest.get(code).copied().filter(|r| r.status == ResponseStatus::Complete)
}

/// What the map's targets are, for the title and the table.
fn nouns(level: TargetLevel) -> (&'static str, &'static str) {
    match level {
        TargetLevel::Epci => ("EPCI", "par EPCI"),
        TargetLevel::Commune => ("Commune", "par commune"),
    }
}

/// A spec with every target of the wave in `category_of`'s category.
fn spec(
    campaign: &Campaign,
    outlines: &Outlines,
    id: &str,
    title: String,
    value_header: &str,
    categories: Vec<Category>,
    category_of: impl Fn(&str) -> (usize, Option<String>),
) -> MapSpec {
    let targets = campaign
        .targets
        .iter()
        .map(|t| {
            let (category, mark) = category_of(&t.code);
            MapTarget {
                code: t.code.clone(),
                name: t.name.clone(),
                shape: outlines.get(&t.code).cloned(),
                category,
                mark,
            }
        })
        .collect();
    MapSpec {
        id: id.to_owned(),
        title,
        source: format!("Source : enquête mutu, vague {} ; contours IGN ADMIN EXPRESS", campaign.code),
        target_header: nouns(campaign.level).0.to_owned(),
        value_header: value_header.to_owned(),
        categories,
        targets,
        link_prefix: None,
    }
}

impl MapSpec {
    /// Who answered: complete answer, draft, nothing.
    pub fn participation(campaign: &Campaign, responses: &[Response], outlines: &Outlines) -> MapSpec {
        let statuses: HashMap<&str, ResponseStatus> =
            latest(responses).into_iter().map(|(c, r)| (c, r.status)).collect();
        MapSpec::participation_of(campaign, &statuses, outlines)
    }

    /// Who answered, from the status of each target's answer (a page that reads the
    /// statuses without the answers); a target missing from `statuses` has none.
    pub fn participation_of(
        campaign: &Campaign,
        statuses: &HashMap<&str, ResponseStatus>,
        outlines: &Outlines,
    ) -> MapSpec {
        let categories = vec![
            category("repondu", "A répondu", Fill::Dark),
            category("partiel", "Réponse partielle", Fill::Hatched),
            category("silencieux", "Sans réponse", Fill::Silent),
        ];
        let title = format!("Participation {}", nouns(campaign.level).1);
        spec(campaign, outlines, "carte-participation", title, "Participation", categories, |code| {
            match statuses.get(code) {
                Some(ResponseStatus::Complete) => (0, None),
                Some(ResponseStatus::Partial) => (1, None),
                None => (2, None),
            }
        })
    }

    /// Where `service` is deployed, pooled or studied, among the complete answers.
    pub fn service(campaign: &Campaign, responses: &[Response], service: &str, outlines: &Outlines) -> MapSpec {
        let latest = latest(responses);
        let matrix = campaign.questionnaire.question_for(OptionList::Services).map(|q| q.id.as_str());
        let categories = vec![
            category("mutualise", "Déployé et mutualisé (ou mutualisation prévue)", Fill::Dark),
            category("seul", "Déployé seul", Fill::Medium),
            category("etudie", "À l'étude", Fill::Dotted),
            category("aucun", "Ni déployé ni étudié", Fill::Blank),
            category("silencieux", "Sans réponse complète", Fill::Silent),
        ];
        let label = campaign.catalogue.label(OptionList::Services, service);
        let title = format!("{label} : déploiement et mutualisation");
        spec(campaign, outlines, &format!("carte-service-{service}"), title, "Situation", categories, |code| {
            let Some(response) = complete(&latest, code) else { return (4, None) };
            let answer = match matrix.and_then(|id| response.answers.get(id)) {
                Some(Answer::Matrix(m)) => m.get(service),
                _ => None,
            };
            let category = match answer {
                Some(a) if a.status == ServiceStatus::Deployed && a.is_pooled() => 0,
                Some(a) if a.status == ServiceStatus::Deployed => 1,
                Some(a) if a.status == ServiceStatus::Studied => 2,
                _ => 3,
            };
            (category, None)
        })
    }

    /// The opportunity groups of one service, numbered as listed; those who pool it already
    /// are marked apart.
    pub fn groups(
        campaign: &Campaign,
        responses: &[Response],
        opportunity: &ServiceOpportunity,
        outlines: &Outlines,
    ) -> MapSpec {
        let latest = latest(responses);
        let pooled: HashSet<&str> = opportunity.pooled.iter().map(String::as_str).collect();
        let mut group_of: HashMap<&str, usize> = HashMap::new();
        let mut categories = Vec::with_capacity(opportunity.groups.len() + 3);
        for (i, group) in opportunity.groups.iter().enumerate() {
            let (key, label) = (format!("groupe-{}", i + 1), format!("Groupe {}", i + 1));
            categories.push(category(&key, &label, GROUP_FILLS[i % GROUP_FILLS.len()]));
            group_of.extend(group.members.iter().map(|m| (m.as_str(), i)));
        }
        let n = categories.len();
        categories.push(category("mutualise", "Mutualise déjà", Fill::Dark));
        categories.push(category("hors-groupe", "Répondant hors groupe", Fill::Blank));
        categories.push(category("silencieux", "Sans réponse complète", Fill::Silent));
        let service = opportunity.service.as_str();
        let label = campaign.catalogue.label(OptionList::Services, service);
        let title = format!("{label} : groupes de mutualisation possibles");
        spec(campaign, outlines, &format!("carte-groupes-{service}"), title, "Groupe", categories, |code| {
            if let Some(&i) = group_of.get(code) {
                (i, Some((i + 1).to_string()))
            } else if pooled.contains(code) {
                (n, None)
            } else if complete(&latest, code).is_some() {
                (n + 1, None)
            } else {
                (n + 2, None)
            }
        })
    }

    /// A working group's members by where they stand on its subject, read from the wave's
    /// answers as the follow-up reads them ([`GroupFollowUp`]): the map of the group's page.
    /// The other targets drawn are "outside the group", for context.
    pub fn working_group(campaign: &Campaign, name: &str, stand: &GroupFollowUp, outlines: &Outlines) -> MapSpec {
        let mut of: HashMap<&str, usize> = HashMap::new();
        for (i, list) in [&stand.pooling, &stand.alone, &stand.not_needed, &stand.silent].into_iter().enumerate() {
            of.extend(list.iter().map(|code| (code.as_str(), i)));
        }
        let categories = vec![
            category("mutualise", "Membre qui mutualise (ou le prévoit)", Fill::Dark),
            category("seul", "Membre qui déploie ou étudie seul", Fill::Medium),
            category("sans-besoin", "Membre sans besoin déclaré", Fill::Dotted),
            category("silencieux", "Membre sans réponse complète", Fill::Silent),
            category("hors-groupe", "Hors du groupe", Fill::Blank),
        ];
        let title = format!("{name} : les membres");
        spec(campaign, outlines, &format!("carte-groupe-{}", stand.id), title, "Situation", categories, |code| {
            (of.get(code).copied().unwrap_or(4), None)
        })
    }
}
