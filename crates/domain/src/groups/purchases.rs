//! Needs for group purchases, as the answers declare them: the starting list of a
//! groupement de commandes.
//!
//! Two answers say that a body wants to buy together with others:
//!
//! - citing the pooling type [`GROUP_PURCHASE_TYPE`] (`groupement_commandes`) for a service:
//!   the types are asked when its mutualisation is `implemented` or `planned`, and which of
//!   the two is kept on each buyer, since a body already in a group purchase may join a new
//!   one or only show the way;
//! - ticking, among the expected supports, [`GROUP_PURCHASE_SUPPORT`] (`montage_dossiers`,
//!   « Aide au montage de dossiers (FEDER, groupements de commandes) »). That question is not
//!   asked per service, so those bodies are listed once, apart (`support_requested`).
//!
//! Only complete answers count, the last one of a body winning, as in the analysis. Every
//! service of the catalogue appears, in catalogue order, with an empty list where nobody
//! cited a group purchase, so that a service's absence never looks like an omission. A
//! catalogue without those codes gives empty lists.

use crate::answers::{Answer, Mutualisation, Response};
use crate::campaign::{Campaign, Target};
use crate::catalogue::OptionList;
use serde::Serialize;

/// The pooling type code of a groupement de commandes in the default catalogue.
pub const GROUP_PURCHASE_TYPE: &str = "groupement_commandes";
/// The expected-support code covering help to set up a groupement de commandes.
pub const GROUP_PURCHASE_SUPPORT: &str = "montage_dossiers";

/// Who wants to buy together, per service and overall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurchaseNeeds {
    /// Code of the wave.
    pub campaign: String,
    /// Per service of the catalogue, in catalogue order.
    pub services: Vec<ServiceNeeds>,
    /// Respondents asking for help to set up a groupement de commandes, by code.
    pub support_requested: Vec<Body>,
}

/// The respondents citing a group purchase for one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceNeeds {
    /// Service code.
    pub service: String,
    /// Their population together.
    pub population: u64,
    /// The respondents, by code.
    pub buyers: Vec<Buyer>,
}

/// A respondent citing a group purchase for a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Buyer {
    /// Code of the target.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its population.
    pub population: u64,
    /// Whether the pooling is already `implemented` or `planned`.
    pub mutualisation: Mutualisation,
}

/// A respondent, with what a group purchase needs to know of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Body {
    /// Code of the target.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its population.
    pub population: u64,
}

impl From<&Target> for Body {
    fn from(target: &Target) -> Body {
        Body { code: target.code.clone(), name: target.name.clone(), population: target.population }
    }
}

/// The needs for group purchases of a wave (see the module's rules).
pub fn purchase_needs(campaign: &Campaign, responses: &[Response]) -> PurchaseNeeds {
    let respondents = campaign.respondents(responses);
    let id_of = |list| campaign.questionnaire.question_for(list).map(|q| q.id.as_str());
    let (matrix_id, support_id) = (id_of(OptionList::Services), id_of(OptionList::Support));
    let services = campaign
        .catalogue
        .services
        .iter()
        .map(|service| {
            let buyers: Vec<Buyer> = respondents
                .iter()
                .filter_map(|(target, answers)| {
                    let Some(Answer::Matrix(matrix)) = matrix_id.and_then(|id| answers.get(id)) else { return None };
                    let row = matrix.get(&service.code)?;
                    (row.is_pooled() && row.types.iter().any(|t| t == GROUP_PURCHASE_TYPE)).then(|| Buyer {
                        code: target.code.clone(),
                        name: target.name.clone(),
                        population: target.population,
                        mutualisation: row.mutualisation,
                    })
                })
                .collect();
            ServiceNeeds {
                service: service.code.clone(),
                population: buyers.iter().map(|b| b.population).sum(),
                buyers,
            }
        })
        .collect();
    let support_requested = respondents
        .iter()
        .filter(|(_, answers)| match support_id.and_then(|id| answers.get(id)) {
            Some(Answer::Choices(codes)) => codes.iter().any(|c| c == GROUP_PURCHASE_SUPPORT),
            _ => false,
        })
        .map(|(target, _)| Body::from(*target))
        .collect();
    PurchaseNeeds { campaign: campaign.code.to_string(), services, support_requested }
}
