//! Prefill from an earlier wave: a respondent with nothing saved in this wave who answered an
//! earlier one (the newest first) may start from those answers instead of a blank form.
//!
//! The earlier answers are read against this wave's questionnaire and catalogue: services
//! renamed since are carried over through the catalogue's `previous` codes, codes that no
//! longer exist are dropped, and whatever still fails the validation is dropped too, so
//! the draft saved is one this wave accepts. Personal questions (who answered) are left
//! blank: the person answering this time may be someone else.

use super::posted::salvage;
use super::{Sheet, answers_json};
use crate::{AppState, WebError};
use axum::response::{IntoResponse, Redirect, Response};
use mutu_domain::answers::Answers;
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::OptionList;
use mutu_domain::questionnaire::QuestionType;
use mutu_storage::{CampaignInfo, StoreError, StoredResponse};
use serde_json::{Map, Value as Json};
use std::collections::HashMap;

/// The newest wave created before this one in which the respondent has answers.
pub(crate) async fn earlier(
    state: &AppState,
    sheet: &Sheet,
) -> Result<Option<(CampaignInfo, StoredResponse)>, WebError> {
    for info in state.store.campaigns().await? {
        if info.code == sheet.campaign.code || info.created_at >= sheet.meta.created_at {
            continue;
        }
        if let Some(stored) = state.store.response(&info.code, &sheet.target.code).await? {
            return Ok(Some((info, stored)));
        }
    }
    Ok(None)
}

/// Earlier answers as this wave reads them (see the module's doc).
pub(crate) fn adapt(earlier: &Answers, campaign: &Campaign) -> Answers {
    let (questionnaire, catalogue) = (&campaign.questionnaire, &campaign.catalogue);
    let renamed: HashMap<&str, &str> =
        catalogue.services.iter().flat_map(|s| s.previous.iter().map(move |p| (p.as_str(), s.code.as_str()))).collect();
    let keep = |value: &Json, allowed: &[&str]| -> Json {
        let codes = value.as_array().map_or(&[][..], Vec::as_slice);
        Json::Array(codes.iter().filter(|c| c.as_str().is_some_and(|c| allowed.contains(&c))).cloned().collect())
    };
    let mut raw = Map::new();
    for (id, value) in answers_json(earlier) {
        let Some(question) = questionnaire.question(&id) else { continue };
        let value = match question.kind {
            _ if question.personal => continue,
            QuestionType::MultipleChoice => keep(&value, &questionnaire.option_codes(question, catalogue)),
            QuestionType::ServiceMatrix => {
                let (types, actors) = (catalogue.codes(OptionList::Types), catalogue.codes(OptionList::Actors));
                let mut rows = Map::new();
                for (service, row) in value.as_object().cloned().unwrap_or_default() {
                    let service = renamed.get(service.as_str()).map_or(service.clone(), |s| (*s).to_owned());
                    let mut row = row.as_object().cloned().unwrap_or_default();
                    for (field, allowed) in [("types", &types), ("actors", &actors)] {
                        if let Some(codes) = row.get(field).map(|v| keep(v, allowed)) {
                            row.insert(field.to_owned(), codes);
                        }
                    }
                    rows.insert(service, Json::Object(row));
                }
                Json::Object(rows)
            }
            _ => value,
        };
        raw.insert(id, value);
    }
    salvage(&raw, questionnaire, catalogue)
}

/// `POST …/reprise`: saves the earlier answers as this wave's first draft.
pub(crate) async fn prefill(state: &AppState, sheet: &Sheet) -> Result<Response, WebError> {
    if let Some(refusal) = sheet.refusal(state) {
        return Err(WebError::Conflict(refusal));
    }
    if sheet.stored.is_some() {
        // Something was saved meanwhile (a colleague, another tab): never overwrite it.
        return Ok(Redirect::to(&sheet.base).into_response());
    }
    let Some((_, stored)) = earlier(state, sheet).await? else { return Ok(Redirect::to(&sheet.base).into_response()) };
    let answers = adapt(&stored.response.answers, &sheet.campaign);
    let (code, respondent) = (&sheet.campaign.code, &sheet.target.code);
    match state.store.save_draft_as(code, respondent, &answers, 0, sheet.entered_by()).await {
        Ok(version) => sheet.record_agent(state, version).await?,
        Err(StoreError::StaleVersion { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to(&format!("{}?repris=1", sheet.base)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mutu_domain::answers::{ResponseStatus, validate};

    use mutu_domain::catalogue::Catalogue;

    use mutu_domain::questionnaire::Questionnaire;

    use mutu_domain::testing::WaveBuilder;
    use serde_json::json;

    #[test]
    fn earlier_answers_are_carried_over_what_this_wave_accepts() {
        let mut catalogue = Catalogue::default_catalogue();
        let questionnaire = Questionnaire::default_questionnaire(&catalogue).expect("default");
        let earlier_raw = json!({
            "themes": ["culture"],
            "services": {
                "sig": {"status": "deployed", "mutualisation": "implemented", "types": ["syndicat"], "actors": ["epci"]},
                "ads": {"status": "studied"}
            },
            "obstacles": ["cout"],
            "contact_name": "Mme Martin"
        });
        let earlier =
            validate(earlier_raw.as_object().expect("object"), ResponseStatus::Partial, &questionnaire, &catalogue)
                .expect("valid");
        // This wave renamed `sig` to `sig_cadastre` and dropped the type `syndicat`.
        let sig = catalogue.services.iter_mut().find(|s| s.code == "sig").expect("sig");
        sig.code = "sig_cadastre".into();
        sig.previous = vec!["sig".into()];
        catalogue.types.retain(|t| t.code != "syndicat");
        let campaign = WaveBuilder::new("npdc-2016").name("2016").catalogue(catalogue).build();
        let adapted = Json::Object(answers_json(&adapt(&earlier, &campaign)));
        assert_eq!(
            adapted,
            json!({
                "themes": ["culture"],
                "services": {
                    "ads": {"status": "studied"},
                    "sig_cadastre": {"status": "deployed", "mutualisation": "implemented", "actors": ["epci"]}
                },
                "obstacles": ["cout"]
            })
        );
    }
}
