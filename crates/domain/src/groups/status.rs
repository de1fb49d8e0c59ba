//! The life of a working group, from a proposal to a pooled service, and the moves allowed.
//!
//! The rules live here once, so the CLI and the pages offer the same moves:
//!
//! | from | to |
//! | --- | --- |
//! | `proposed` (proposée) | `formed`, `abandoned` |
//! | `formed` (constituée) | `in_progress`, `abandoned` |
//! | `in_progress` (en cours) | `achieved`, `abandoned` |
//! | `achieved` (aboutie) | — (final) |
//! | `abandoned` (abandonnée) | `proposed` (reopened) |
//!
//! A group moves one step at a time: members commit (`formed`) before the work starts
//! (`in_progress`), and the work comes before a pooled service (`achieved`). Any open group
//! may be abandoned. An abandoned group may be reopened, as a proposal again, keeping its
//! notes: the need often comes back at the next wave. An achieved group is final: the pooled
//! service exists, the follow-up across waves measures it, and a new project on the same
//! service is a new group. Setting the status a group already has is refused, as there is
//! nothing to record.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a working group stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupStatus {
    /// Proposée: drawn from an opportunity or by a lead, members not committed yet.
    #[default]
    Proposed,
    /// Constituée: the members have agreed to work together.
    Formed,
    /// En cours: the work (study, purchase, convention) is under way.
    InProgress,
    /// Aboutie: the pooled service exists.
    Achieved,
    /// Abandonnée.
    Abandoned,
}

/// Every status, in the order of a group's life.
pub const GROUP_STATUSES: [GroupStatus; 5] = [
    GroupStatus::Proposed,
    GroupStatus::Formed,
    GroupStatus::InProgress,
    GroupStatus::Achieved,
    GroupStatus::Abandoned,
];

impl GroupStatus {
    /// The code used in files, URLs, the CLI and storage.
    pub fn code(self) -> &'static str {
        match self {
            GroupStatus::Proposed => "proposed",
            GroupStatus::Formed => "formed",
            GroupStatus::InProgress => "in_progress",
            GroupStatus::Achieved => "achieved",
            GroupStatus::Abandoned => "abandoned",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Option<GroupStatus> {
        GROUP_STATUSES.into_iter().find(|s| s.code() == code.trim())
    }

    /// French label, as shown to people.
    pub fn label(self) -> &'static str {
        match self {
            GroupStatus::Proposed => "proposée",
            GroupStatus::Formed => "constituée",
            GroupStatus::InProgress => "en cours",
            GroupStatus::Achieved => "aboutie",
            GroupStatus::Abandoned => "abandonnée",
        }
    }

    /// The statuses a group in this one may move to (see the module's table).
    pub fn next(self) -> &'static [GroupStatus] {
        match self {
            GroupStatus::Proposed => &[GroupStatus::Formed, GroupStatus::Abandoned],
            GroupStatus::Formed => &[GroupStatus::InProgress, GroupStatus::Abandoned],
            GroupStatus::InProgress => &[GroupStatus::Achieved, GroupStatus::Abandoned],
            GroupStatus::Achieved => &[],
            GroupStatus::Abandoned => &[GroupStatus::Proposed],
        }
    }

    /// Whether a group in this status may move to `to`.
    pub fn can_become(self, to: GroupStatus) -> bool {
        self.next().contains(&to)
    }

    /// Whether no move leads out of this status.
    pub fn is_final(self) -> bool {
        self.next().is_empty()
    }

    /// The allowed moves in words, for error messages: « constituée, abandonnée ».
    pub(super) fn next_labels(self) -> String {
        if self.is_final() {
            return "aucun, le statut est définitif".to_owned();
        }
        let labels: Vec<String> = self.next().iter().map(|s| format!("« {} »", s.label())).collect();
        labels.join(" ou ")
    }
}

impl fmt::Display for GroupStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
