//! The respondent side: the invitation link, the questionnaire form, the JSON API of
//! interfaces.md, the receipt, and the study lead's entry of a paper questionnaire.
//!
//! One set of pages serves both the respondent (through their invitation session, under
//! `/reponse`) and the lead typing on their behalf (under `/vagues/{code}/saisie/{respondent}`):
//! a [`Sheet`] holds what those pages need and who is typing. Every way in validates with the
//! domain's one `answers::validate`; the form is forgiving about fields its conditions hide,
//! the API is strict.

mod api;
mod form;
mod invitation;
mod matrix;
mod on_behalf;
mod own;
mod posted;
mod prefill;
pub(crate) mod proconnect;
mod receipt;
mod views;

use crate::routes::{Access, RouteTable};
use crate::{AppState, WebError};
use mutu_domain::answers::ResponseStatus;
use mutu_domain::campaign::{Campaign, Target};
use mutu_domain::codes::CampaignCode;
use mutu_domain::lifecycle::CampaignState;
use mutu_storage::{CampaignMeta, StoredResponse};
use serde_json::{Map, Value as Json};

/// Templates of the respondent side.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("respondent/_header.html", include_str!("../../templates/respondent/_header.html")),
    ("respondent/_nav.html", include_str!("../../templates/respondent/_nav.html")),
    ("respondent/_autosave.html", include_str!("../../templates/respondent/_autosave.html")),
    ("respondent/_errors.html", include_str!("../../templates/respondent/_errors.html")),
    ("respondent/_question.html", include_str!("../../templates/respondent/_question.html")),
    ("respondent/_matrix.html", include_str!("../../templates/respondent/_matrix.html")),
    ("respondent/_answers.html", include_str!("../../templates/respondent/_answers.html")),
    ("respondent/overview.html", include_str!("../../templates/respondent/overview.html")),
    ("respondent/section.html", include_str!("../../templates/respondent/section.html")),
    ("respondent/summary.html", include_str!("../../templates/respondent/summary.html")),
    ("respondent/proconnect.html", include_str!("../../templates/respondent/proconnect.html")),
];

/// Routes of the respondent side (and of the lead's entry on a respondent's behalf).
pub fn routes() -> RouteTable {
    const ANSWERS: &str = "/api/v1/campaigns/{code}/answers/{respondent}";
    const ON_BEHALF_SECTION: &str = "/vagues/{code}/saisie/{respondent}/section/{section}";
    RouteTable::new()
        .get("/i/{token}", Access::Invitation, invitation::open)
        .get("/reponse", Access::Respondent, own::overview)
        .get("/reponse/section/{section}", Access::Respondent, own::section)
        .post("/reponse/section/{section}", Access::Respondent, own::save_section)
        .get("/reponse/recapitulatif", Access::Respondent, own::summary)
        .get("/reponse/accuse.pdf", Access::Respondent, receipt::download)
        .post("/reponse/transmettre", Access::Respondent, own::submit)
        .post("/reponse/reprise", Access::Respondent, own::prefill)
        .post("/reponse/reouvrir", Access::Respondent, own::reopen)
        .get(ANSWERS, Access::OwnAnswers, api::get_answers)
        .put(ANSWERS, Access::OwnAnswers, api::put_answers)
        .post("/api/v1/campaigns/{code}/answers/{respondent}/submit", Access::OwnAnswers, api::submit)
        .get("/vagues/{code}/saisie/{respondent}", Access::Lead, on_behalf::overview)
        .get(ON_BEHALF_SECTION, Access::Lead, on_behalf::section)
        .post(ON_BEHALF_SECTION, Access::Lead, on_behalf::save_section)
        .get("/vagues/{code}/saisie/{respondent}/recapitulatif", Access::Lead, on_behalf::summary)
        .post("/vagues/{code}/saisie/{respondent}/transmettre", Access::Lead, on_behalf::submit)
        .post("/vagues/{code}/saisie/{respondent}/reprise", Access::Lead, on_behalf::prefill)
        .post("/vagues/{code}/saisie/{respondent}/reouvrir", Access::Lead, on_behalf::reopen)
}

/// Who types the answers of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Author {
    /// The respondent, through their invitation link.
    Respondent,
    /// A study lead entering a paper questionnaire, by email.
    Lead(String),
}

/// One respondent's answers as the form pages see them: the wave, the target, what is
/// stored, who is typing, and where the pages live.
pub(crate) struct Sheet {
    /// The wave with its questionnaire and catalogue.
    pub campaign: Campaign,
    /// Its state and dates.
    pub meta: CampaignMeta,
    /// The body answering.
    pub target: Target,
    /// What is stored, if anything.
    pub stored: Option<StoredResponse>,
    /// Who is typing.
    pub author: Author,
    /// URL prefix of the pages (`/reponse`, or the lead's entry pages).
    pub base: String,
    /// Anti-forgery token of the session.
    pub csrf: String,
    /// Language of the pages.
    pub lang: &'static str,
    /// The agent signed in through ProConnect who is typing, recorded with each save.
    pub agent: Option<String>,
}

impl Sheet {
    /// Loads a target's sheet; a wave or target that does not exist is the uniform 404.
    pub async fn load(
        state: &AppState,
        code: &CampaignCode,
        respondent: &str,
        author: Author,
        base: String,
        csrf: String,
        lang: &'static str,
    ) -> Result<Sheet, WebError> {
        let campaign = state.store.campaign_for(code, respondent).await?.ok_or(WebError::NotFound)?;
        let target = campaign.targets.first().cloned().ok_or(WebError::NotFound)?;
        let meta = state.store.campaign_meta(code).await?;
        let stored = state.store.response(code, respondent).await?;
        Ok(Sheet { campaign, meta, target, stored, author, base, csrf, lang, agent: None })
    }

    /// The stored version (0 when nothing is stored yet).
    pub fn version(&self) -> i64 {
        self.stored.as_ref().map_or(0, |s| s.version)
    }

    /// Whether the answers were submitted.
    pub fn submitted(&self) -> bool {
        self.stored.as_ref().is_some_and(|s| s.response.status == ResponseStatus::Complete)
    }

    /// The stored answers as the JSON object the API and the validation read.
    pub fn raw(&self) -> Map<String, Json> {
        self.stored.as_ref().map_or_else(Map::new, |s| answers_json(&s.response.answers))
    }

    /// The lead's email when a lead is typing (recorded with each save).
    pub fn entered_by(&self) -> Option<&str> {
        match &self.author {
            Author::Respondent => None,
            Author::Lead(email) => Some(email),
        }
    }

    /// The sheet of a respondent's session: its agent, if one signed in through ProConnect.
    pub fn by_agent(self, agent: Option<&str>) -> Sheet {
        Sheet { agent: agent.map(str::to_owned), ..self }
    }

    /// Records who made the write that brought the answer to `version`: the agent, or
    /// nobody (a link's holder, whose answer records no name, or a lead, in `entered_by`).
    pub async fn record_agent(&self, state: &AppState, version: i64) -> Result<(), WebError> {
        record_agent(state, &self.campaign.code, &self.target.code, version, self.agent.as_deref()).await
    }

    /// Why writes are refused, as a message in the page's language; `None` when allowed.
    pub fn refusal(&self, state: &AppState) -> Option<String> {
        refusal(state, self.lang, self.meta.state, self.submitted())
    }
}

/// Records that the write which brought the answer to `version` was the agent's (or no
/// agent's): every save and submit through a session records who made it (issue 15).
pub(crate) async fn record_agent(
    state: &AppState,
    code: &CampaignCode,
    respondent: &str,
    version: i64,
    agent: Option<&str>,
) -> Result<(), WebError> {
    state.store.record_agent(code, respondent, version, agent).await?;
    Ok(())
}

/// Why a write is refused: the wave is not open, or the answers were submitted.
pub(crate) fn refusal(state: &AppState, lang: &str, wave: CampaignState, submitted: bool) -> Option<String> {
    let key = match (wave, submitted) {
        (_, true) => "resp-refused-submitted",
        (CampaignState::Draft, false) => "resp-refused-not-open",
        (CampaignState::Closed, false) => "resp-refused-closed",
        (CampaignState::Open, false) => return None,
    };
    Some(state.templates.message(lang, key, &[]))
}

/// Validated answers as a JSON object keyed by question id.
pub(crate) fn answers_json(answers: &mutu_domain::answers::Answers) -> Map<String, Json> {
    match serde_json::to_value(answers) {
        Ok(Json::Object(map)) => map,
        _ => Map::new(),
    }
}
