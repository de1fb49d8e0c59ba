//! The lifecycle of a survey wave: prepared (its catalogue and questionnaire may still be
//! edited), open (respondents answer), closed. A domain rule, not a storage detail: the
//! definition is frozen once the wave has opened, so every answer of a wave was given to the
//! same questionnaire, and only an open wave takes answers.

use serde::Serialize;

/// Where a wave stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignState {
    /// Being prepared: its definition may change, respondents cannot answer yet.
    Draft,
    /// Respondents answer.
    Open,
    /// Answers are closed.
    Closed,
}

impl CampaignState {
    /// The code stored and exchanged.
    pub fn code(self) -> &'static str {
        match self {
            CampaignState::Draft => "draft",
            CampaignState::Open => "open",
            CampaignState::Closed => "closed",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "draft" => Some(CampaignState::Draft),
            "open" => Some(CampaignState::Open),
            "closed" => Some(CampaignState::Closed),
            _ => None,
        }
    }

    /// The word shown to people, in French (« la vague est … »).
    pub fn label(self) -> &'static str {
        match self {
            CampaignState::Draft => "en préparation",
            CampaignState::Open => "ouverte",
            CampaignState::Closed => "close",
        }
    }

    /// Whether the catalogue and questionnaire may still change: only before the wave first
    /// opens, so no answer was ever given to another definition.
    pub fn definition_editable(self) -> bool {
        self == CampaignState::Draft
    }

    /// Whether respondents may open their link, save and submit.
    pub fn accepts_answers(self) -> bool {
        self == CampaignState::Open
    }
}

/// What a study-side account may do; each role includes the ones below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, accounts included.
    Admin,
    /// Runs waves: invitations, mail, follow-up, typing paper answers.
    Lead,
    /// Reads results.
    Viewer,
}

impl Role {
    /// The code stored and exchanged.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Lead => "lead",
            Role::Viewer => "viewer",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "admin" => Some(Role::Admin),
            "lead" => Some(Role::Lead),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }

    fn rank(self) -> u8 {
        match self {
            Role::Viewer => 0,
            Role::Lead => 1,
            Role::Admin => 2,
        }
    }

    /// Whether this role may do what `needed` may (viewer < lead < admin).
    pub fn includes(self, needed: Role) -> bool {
        self.rank() >= needed.rank()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_draft_changes_its_definition_and_only_an_open_wave_takes_answers() {
        assert!(CampaignState::Draft.definition_editable());
        assert!(!CampaignState::Open.definition_editable() && !CampaignState::Closed.definition_editable());
        assert!(CampaignState::Open.accepts_answers());
        assert!(!CampaignState::Draft.accepts_answers() && !CampaignState::Closed.accepts_answers());
        for s in [CampaignState::Draft, CampaignState::Open, CampaignState::Closed] {
            assert_eq!(CampaignState::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn roles_include_the_ones_below() {
        assert!(Role::Admin.includes(Role::Lead) && Role::Lead.includes(Role::Viewer));
        assert!(!Role::Viewer.includes(Role::Lead) && !Role::Lead.includes(Role::Admin));
        assert_eq!(Role::parse("lead"), Some(Role::Lead));
        assert_eq!(Role::parse("root"), None);
    }
}
