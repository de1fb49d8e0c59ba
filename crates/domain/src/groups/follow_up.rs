//! The follow-up of working groups in a later wave: did the members come to pool?
//!
//! A group is drawn in one wave; whether it led anywhere shows in the next one. For each
//! group, every member falls in exactly one list, read from its complete answer in the next
//! wave (the last one, as in the analysis) on the group's service:
//!
//! - `pooling`: mutualisation `implemented` or `planned`;
//! - `alone`: status `deployed` or `studied`, without pooling;
//! - `not_needed`: a complete answer that neither deploys nor studies the service (status
//!   `none`, or the row left out, or a service the next catalogue no longer holds). Kept
//!   apart from `alone` (they do not deploy it) and from `silent` (they did answer), so the
//!   four lists always add up to the members;
//! - `silent`: no complete answer in the next wave, or not one of its targets.
//!
//! The service is looked up in the next wave's catalogue under its code, else under the
//! code it replaced (`previous`). A group on a theme reads every service of the theme: a
//! member pools when it pools one of them, is alone when it deploys or studies one without
//! pooling any.

use super::{Subject, WorkingGroup};
use crate::answers::{Answer, Answers, Response, ServiceAnswer, ServiceStatus};
use crate::campaign::Campaign;
use crate::catalogue::OptionList;
use serde::Serialize;
use std::collections::BTreeMap;

/// The follow-up of groups in a wave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    /// Code of the wave the members' answers come from.
    pub campaign: String,
    /// One entry per group, in the order given.
    pub groups: Vec<GroupFollowUp>,
}

/// Where the members of one group stand in the wave. JSON keys: `id`, `name`, `service` (or
/// `theme`), `pooling`, `alone`, `silent`, `not_needed`; lists of codes, ascending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupFollowUp {
    /// Id of the group.
    pub id: i64,
    /// Name of the group.
    pub name: String,
    /// Its service (or theme), as the group states it.
    #[serde(flatten)]
    pub subject: Subject,
    /// Members pooling the service (implemented or planned).
    pub pooling: Vec<String>,
    /// Members deploying or studying it without pooling.
    pub alone: Vec<String>,
    /// Members without a complete answer in the wave.
    pub silent: Vec<String>,
    /// Members who answered but neither deploy nor study it.
    pub not_needed: Vec<String>,
}

/// Where each group's members stand in `next`, from its responses (see the module's rules).
pub fn follow_up(groups: &[WorkingGroup], next: &Campaign, responses: &[Response]) -> FollowUp {
    let answers: BTreeMap<&str, &Answers> =
        next.respondents(responses).into_iter().map(|(t, a)| (t.code.as_str(), a)).collect();
    let matrix_id = next.questionnaire.question_for(OptionList::Services).map(|q| q.id.as_str());
    let groups = groups
        .iter()
        .map(|working| {
            let group = &working.group;
            let services: Vec<&str> = group.subject.services(&next.catalogue).iter().map(|s| s.code.as_str()).collect();
            let mut entry = GroupFollowUp {
                id: working.id,
                name: group.name.clone(),
                subject: group.subject.clone(),
                pooling: vec![],
                alone: vec![],
                silent: vec![],
                not_needed: vec![],
            };
            for member in &group.members {
                let code = member.to_string();
                let Some(answers) = answers.get(code.as_str()) else {
                    entry.silent.push(code);
                    continue;
                };
                let rows: Vec<&ServiceAnswer> = match matrix_id.and_then(|id| answers.get(id)) {
                    Some(Answer::Matrix(matrix)) => services.iter().filter_map(|s| matrix.get(*s)).collect(),
                    _ => vec![],
                };
                let list = if rows.iter().any(|r| r.is_pooled()) {
                    &mut entry.pooling
                } else if rows.iter().any(|r| matches!(r.status, ServiceStatus::Deployed | ServiceStatus::Studied)) {
                    &mut entry.alone
                } else {
                    &mut entry.not_needed
                };
                list.push(code);
            }
            for list in [&mut entry.pooling, &mut entry.alone, &mut entry.silent, &mut entry.not_needed] {
                list.sort();
            }
            entry
        })
        .collect();
    FollowUp { campaign: next.code.to_string(), groups }
}
