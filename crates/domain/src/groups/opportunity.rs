//! Working groups drawn from the opportunities: `SERVICE:N` names the N-th group of a
//! service in the opportunities JSON, and its members become the group's.

use super::GroupError;
use crate::codes::CatalogueCode;
use crate::opportunities::Opportunities;
use std::str::FromStr;

/// A reference to an opportunity group, `SERVICE:N`: the N-th group (from 1) of the
/// service in the opportunities JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpportunityRef {
    /// The service code.
    pub service: String,
    /// The group's number, from 1.
    pub n: usize,
}

impl FromStr for OpportunityRef {
    type Err = GroupError;
    fn from_str(value: &str) -> Result<OpportunityRef, GroupError> {
        let refused = || GroupError::OpportunityRef(value.to_owned());
        let (service, n) = value.trim().rsplit_once(':').ok_or_else(refused)?;
        let n = n.trim().parse::<usize>().map_err(|_| refused())?;
        let service = CatalogueCode::parse(service).map_err(|_| refused())?;
        Ok(OpportunityRef { service: service.to_string(), n })
    }
}

/// The members of the `n`-th group (counted from 1, in the order of the opportunities JSON)
/// of `service`: codes ascending, as the opportunity lists them.
pub fn from_opportunity(opportunities: &Opportunities, service: &str, n: usize) -> Result<Vec<String>, GroupError> {
    let found = opportunities
        .services
        .iter()
        .find(|s| s.service == service)
        .ok_or_else(|| GroupError::UnknownService(service.to_owned()))?;
    let count = found.groups.len();
    n.checked_sub(1).and_then(|i| found.groups.get(i)).map(|g| g.members.clone()).ok_or(GroupError::NoSuchGroup {
        service: service.to_owned(),
        n,
        count,
    })
}
