//! Who counts in a figure: the targets that pass the filters, each with its size class, and
//! those of them whose last response is complete.
//!
//! The rule of [`super::analyse`] (only complete answers count; where a respondent answered
//! twice, the last response in the slice wins), written once for the figures that live
//! beside it (weighted estimates, profiles).

use super::{Filters, Respondent};
use crate::answers::{Answer, Response, ResponseStatus, ServiceAnswer};
use crate::campaign::{Campaign, Target};
use crate::catalogue::OptionList;
use std::collections::{BTreeMap, HashMap};

/// The targets and respondents of a wave under some filters.
pub(super) struct Selection<'a> {
    /// Targets that pass the filters, with the index of their size class, by code.
    pub targets: Vec<(&'a Target, usize)>,
    /// Of those, the ones whose last response is complete, by code.
    pub respondents: Vec<Respondent<'a>>,
    /// Id of the service matrix question, when the questionnaire has one.
    pub matrix_id: Option<&'a str>,
}

impl<'a> Selection<'a> {
    /// Selects the targets and respondents of `campaign` that pass `filters`.
    pub fn new(campaign: &'a Campaign, responses: &'a [Response], filters: &Filters) -> Self {
        let classes = &campaign.size_classes;
        let targets: Vec<(&Target, usize)> = campaign
            .targets
            .iter()
            .map(|t| (t, classes.index_of(t.population)))
            .filter(|(t, class)| filters.admits(t, &classes.classes()[*class].code))
            .collect();
        let mut latest: HashMap<&str, &Response> = HashMap::with_capacity(responses.len());
        for response in responses {
            latest.insert(response.respondent.as_str(), response);
        }
        let respondents = targets
            .iter()
            .filter_map(|&(target, class)| {
                let response = latest.get(target.code.as_str())?;
                (response.status == ResponseStatus::Complete).then_some(Respondent {
                    target,
                    class,
                    answers: &response.answers,
                })
            })
            .collect();
        let matrix_id = campaign.questionnaire.question_for(OptionList::Services).map(|q| q.id.as_str());
        Selection { targets, respondents, matrix_id }
    }

    /// The service rows of a respondent, empty when it left the matrix out.
    pub fn rows(&self, respondent: &Respondent<'a>) -> &'a BTreeMap<String, ServiceAnswer> {
        static EMPTY: BTreeMap<String, ServiceAnswer> = BTreeMap::new();
        match self.matrix_id.and_then(|id| respondent.answers.get(id)) {
            Some(Answer::Matrix(rows)) => rows,
            _ => &EMPTY,
        }
    }
}
